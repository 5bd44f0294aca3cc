/*
 * Copyright (C) 2026 imsaka developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * @defgroup ladder_tshark ladder_tshark
 * @{ @ingroup imsakactl
 *
 * Runs tshark on a capture and hands over the lines of its -T fields
 * output (ladder_fields.h). tshark is started with an argument vector, no
 * shell. The keys never go on its command line (where ps shows them): the
 * ESP SAs (esp_sa UAT), the TLS key log and PSK go into a private
 * configuration folder (mode 0700, WIRESHARK_CONFIG_DIR) that lives only
 * while tshark runs and whose key files are overwritten before removal.
 */

#ifndef LADDER_TSHARK_H_
#define LADDER_TSHARK_H_

#include <stdbool.h>
#include <stddef.h>

/** most ESP SAs */
#define LADDER_TSHARK_SA_MAX 256
/** most PSKs */
#define LADDER_TSHARK_PSK_MAX 8

typedef struct ladder_tshark_t ladder_tshark_t;

/**
 * Called for each line tshark prints.
 *
 * @param ctx		context given to run()
 * @param line		line without its newline, may be changed; cut to
 *					LADDER_FIELDS_LINE_MAX - 1 if longer
 * @param cut		TRUE if the line was longer and got cut
 * @return			FALSE to stop reading (tshark is stopped)
 */
typedef bool (*ladder_tshark_line_t)(void *ctx, char *line, bool cut);

/**
 * tshark with the keys of a ladder.
 */
struct ladder_tshark_t {

	/**
	 * Load the ESP SAs of an esp_sa file. SAs tshark cannot decrypt
	 * (aes-gmac) are skipped with a warning on stderr.
	 *
	 * @param path		file of esp_sa UAT lines
	 * @param err		reason on failure (never key material)
	 * @param err_len	size of err
	 * @return			TRUE if every line was valid
	 */
	bool (*add_esp_sa_file)(ladder_tshark_t *this, const char *path,
							char *err, size_t err_len);

	/**
	 * Use a TLS key log file (NSS key log format, tls.keylog_file).
	 *
	 * @param path		readable file
	 * @param err		reason on failure
	 * @param err_len	size of err
	 * @return			TRUE if usable
	 */
	bool (*set_tls_keylog)(ladder_tshark_t *this, const char *path,
						   char *err, size_t err_len);

	/**
	 * Add a TLS PSK (tls.psk). tshark takes one PSK per run: with
	 * several, each capture is decoded once per PSK.
	 *
	 * @param hex		PSK in hex
	 * @param err		reason on failure (never the PSK)
	 * @param err_len	size of err
	 * @return			TRUE if valid
	 */
	bool (*add_psk)(ladder_tshark_t *this, const char *hex, char *err,
					size_t err_len);

	/**
	 * Add a TLS PSK read from a file (the key in hex, surrounding white
	 * space ignored), so it never shows on a command line.
	 *
	 * @param path		file holding the PSK in hex
	 * @param err		reason on failure (never the PSK)
	 * @param err_len	size of err
	 * @return			TRUE if the file held a valid PSK
	 */
	bool (*add_psk_file)(ladder_tshark_t *this, const char *path, char *err,
						 size_t err_len);

	/**
	 * Decode a capture and hand over each line.
	 *
	 * @param capture	pcap or pcapng file
	 * @param line		called per line
	 * @param ctx		context for line
	 * @param err		reason on failure (tshark's own message)
	 * @param err_len	size of err
	 * @return			TRUE if tshark ran and exited with status 0 (or
	 *					was stopped by line)
	 */
	bool (*run)(ladder_tshark_t *this, const char *capture,
				ladder_tshark_line_t line, void *ctx, char *err,
				size_t err_len);

	/**
	 * Destroy, wiping the keys.
	 */
	void (*destroy)(ladder_tshark_t *this);
};

/**
 * Create a runner.
 *
 * @param program	tshark program, looked up in PATH if it has no '/'
 * @return			runner
 */
ladder_tshark_t *ladder_tshark_create(const char *program);

#endif /** LADDER_TSHARK_H_ @}*/

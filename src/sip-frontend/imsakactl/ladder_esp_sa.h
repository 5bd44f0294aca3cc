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
 * @defgroup ladder_esp_sa ladder_esp_sa
 * @{ @ingroup imsakactl
 *
 * ESP keys for tshark: one line of an esp_sa file (Wireshark's esp_sa UAT,
 * as charon.plugins.imsaka.esp_keys_file writes it) checked and rewritten
 * the way tshark needs it: the addresses become wildcards (so the keys
 * apply on both sides of a NAT), "TripleDes-CBC" becomes this tshark's
 * "TripleDES-CBC", AES-GCM gets the 16 octet ICV of TS 33.203's aes-gcm.
 */

#ifndef LADDER_ESP_SA_H_
#define LADDER_ESP_SA_H_

#include <stdbool.h>
#include <stddef.h>

/** longest esp_sa line accepted */
#define LADDER_ESP_SA_LINE_MAX 1024

/**
 * Result of a rewrite.
 */
typedef enum {
	/** rewritten */
	LADDER_ESP_SA_OK,
	/** valid, but tshark cannot decrypt it (aes-gmac): skip it */
	LADDER_ESP_SA_UNSUPPORTED,
	/** not a valid esp_sa line */
	LADDER_ESP_SA_INVALID,
} ladder_esp_sa_result_t;

/**
 * Check and rewrite one esp_sa line. The reason never holds key
 * material; out does, the caller wipes it.
 *
 * @param line		line without its newline
 * @param out		rewritten line
 * @param out_len	size of out, at least LADDER_ESP_SA_LINE_MAX
 * @param err		reason if not LADDER_ESP_SA_OK
 * @param err_len	size of err
 * @return			result
 */
ladder_esp_sa_result_t ladder_esp_sa_rewrite(const char *line, char *out,
						size_t out_len, char *err, size_t err_len);

#endif /** LADDER_ESP_SA_H_ @}*/

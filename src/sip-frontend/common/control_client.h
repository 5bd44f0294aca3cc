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
 * @defgroup control_client control_client
 * @{ @ingroup sip_frontend
 * Client side of the plugin's control socket, protocol v1 (docs/CONTROL.md).
 */

#ifndef CONTROL_CLIENT_H_
#define CONTROL_CLIENT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sip_error.h"

/** default path of the control socket */
#define CONTROL_SOCKET_DEFAULT "/var/run/charon.imsaka"

/** longest request line the plugin accepts */
#define CONTROL_LINE_MAX 4096

/** longest reply line read */
#define CONTROL_REPLY_LINE_MAX 16384

/** most reply lines read for one request */
#define CONTROL_REPLY_LINES_MAX 100000

/** seconds to wait for each part of a reply */
#define CONTROL_TIMEOUT 30

/** what control_call() puts into reply when charon did not answer in time:
 * the request may still be carried out, so it must not be sent again */
#define CONTROL_ERROR_TIMEOUT "timeout waiting for the reply"

/**
 * Set how long to wait for each part of a reply (tests).
 *
 * @param ms		milliseconds, 0 for CONTROL_TIMEOUT seconds
 */
void control_set_timeout(int ms);

/**
 * Called for each reply line.
 *
 * @param data		data given to control_request()
 * @param line		line without line end
 * @return			false to stop reading (the reply is then incomplete)
 */
typedef bool (*control_line_cb_t)(void *data, const char *line);

/**
 * Connect to the control socket.
 *
 * @param path		socket path
 * @return			file descriptor, -1 on error (errno set)
 */
int control_connect(const char *path);

/**
 * Send one request and read its reply: one line starting with OK or ERR,
 * or lines ended by END.
 *
 * @param fd		connected socket
 * @param request	request line, without line end
 * @param cb		called for each reply line
 * @param data		data for cb
 * @param is_err	receives whether the reply is an ERR line
 * @param err		receives why sending or reading failed (status 0)
 * @return			false if sending or reading failed
 */
bool control_request(int fd, const char *request, control_line_cb_t cb,
					 void *data, bool *is_err, sip_error_t *err);

/**
 * Send one request built printf-style and read its one-line reply (not for
 * list). Blocking, with CONTROL_TIMEOUT per part.
 *
 * @param fd		connected socket
 * @param reply		receives the reply line ("OK ..." or "ERR <code> ...")
 *					or a message about the failure
 * @param size		size of reply
 * @param fmt		request format, without line end
 * @return			TRUE if the reply is OK; FALSE on ERR or failure
 */
bool control_call(int fd, char *reply, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * Get the value of key=value from a reply line (the first token with
 * exactly that key; tokens are separated by spaces or tabs).
 *
 * @param reply		reply line
 * @param key		key
 * @param value		receives the value, NUL-terminated
 * @param size		size of value
 * @return			FALSE if absent or longer than size - 1
 */
bool control_reply_get(const char *reply, const char *key, char *value,
					   size_t size);

/**
 * Get a hex secret of key=value from a reply line, decoded; the text copy
 * is wiped.
 *
 * @param reply		reply line
 * @param key		key
 * @param out		receives the bytes
 * @param max		size of out
 * @param len		receives the number of bytes
 * @return			FALSE if absent, not hex or longer than max bytes
 */
bool control_reply_secret(const char *reply, const char *key, uint8_t *out,
						  size_t max, size_t *len);

/**
 * Get the two traffic secrets of a tls-aka-keys reply (ue=, pcscf=): both
 * of the suite's hash length, 32 or 48 bytes. Both are wiped on failure.
 *
 * @param reply		reply line
 * @param ue		receives ue_ap_traffic_secret_0
 * @param pcscf		receives pcscf_ap_traffic_secret_0
 * @param len		receives their length
 * @return			FALSE if one is absent, not hex, or of another length
 */
bool control_reply_traffic_secrets(const char *reply, uint8_t ue[48],
								   uint8_t pcscf[48], size_t *len);

/**
 * Get the error code of an ERR reply line ("sync", "auth", ...); a bare
 * "ERR" gives an empty code.
 *
 * @param reply		reply line
 * @param code		receives the code, NUL-terminated
 * @param size		size of code
 * @return			FALSE if reply is not an ERR line or the code does not
 *					fit
 */
bool control_reply_error(const char *reply, char *code, size_t size);

#endif /** CONTROL_CLIENT_H_ @}*/

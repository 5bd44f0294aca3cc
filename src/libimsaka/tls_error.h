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
 * @defgroup imsaka_tls_error tls_error
 * @{ @ingroup libimsaka
 *
 * Status codes of the tls-aka key schedule, record layer and record
 * reader, each with its text and the TLS alert (RFC 8446 6) a peer gets
 * for it.
 */

#ifndef IMSAKA_TLS_ERROR_H_
#define IMSAKA_TLS_ERROR_H_

#include <stdint.h>

typedef enum imsaka_tls_err_t imsaka_tls_err_t;

/**
 * Result of a record layer operation; 0 is success.
 */
enum imsaka_tls_err_t {
	IMSAKA_TLS_OK = 0,
	/** the reader needs more bytes for a whole record (not an error) */
	IMSAKA_TLS_AGAIN,
	/** the peer closed its direction with close_notify (not an error) */
	IMSAKA_TLS_CLOSED,
	/* the 5-byte record header */
	IMSAKA_TLS_ERR_RECORD_TYPE,
	IMSAKA_TLS_ERR_VERSION,
	IMSAKA_TLS_ERR_LENGTH,
	IMSAKA_TLS_ERR_RECORD_OVERFLOW,
	/* protection */
	IMSAKA_TLS_ERR_BAD_RECORD_MAC,
	IMSAKA_TLS_ERR_KEY_EXHAUSTED,
	/* the decrypted content */
	IMSAKA_TLS_ERR_NO_CONTENT_TYPE,
	IMSAKA_TLS_ERR_CONTENT_TYPE,
	IMSAKA_TLS_ERR_EMPTY,
	IMSAKA_TLS_ERR_HANDSHAKE,
	IMSAKA_TLS_ERR_KEY_UPDATE,
	IMSAKA_TLS_ERR_ALERT_FORMAT,
	IMSAKA_TLS_ERR_PEER_ALERT,
	IMSAKA_TLS_ERR_AFTER_CLOSE,
	/* local use */
	IMSAKA_TLS_ERR_TOO_LONG,
	IMSAKA_TLS_ERR_BUFFER,
	IMSAKA_TLS_ERR_CLOSED,
	IMSAKA_TLS_ERR_BROKEN,
	IMSAKA_TLS_ERR_SUITE,
	IMSAKA_TLS_ERR_CRYPTO,
	/** number of codes, not a code */
	IMSAKA_TLS_ERR_COUNT,
};

/**
 * Describe a status.
 *
 * @param err		status
 * @return			static text, e.g. "record authentication failed"
 */
const char *imsaka_tls_strerror(imsaka_tls_err_t err);

/**
 * The alert description to send to the peer for a status (RFC 8446 6.2),
 * e.g. bad_record_mac (20) for IMSAKA_TLS_ERR_BAD_RECORD_MAC.
 *
 * @param err		status
 * @return			alert description; close_notify (0) for OK, AGAIN,
 *					CLOSED and the local errors that need no alert
 */
uint8_t imsaka_tls_err_alert(imsaka_tls_err_t err);

#endif /** IMSAKA_TLS_ERROR_H_ @}*/

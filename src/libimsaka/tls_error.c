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

#include "tls_error.h"

/* alert descriptions, RFC 8446 6 */
#define CLOSE_NOTIFY			0
#define UNEXPECTED_MESSAGE		10
#define BAD_RECORD_MAC			20
#define RECORD_OVERFLOW			22
#define DECODE_ERROR			50
#define PROTOCOL_VERSION		70
#define INTERNAL_ERROR			80

/**
 * Text and alert of each status, indexed by code.
 */
static const struct {
	const char *text;
	uint8_t alert;
} errors[] = {
	[IMSAKA_TLS_OK] = { "success", CLOSE_NOTIFY },
	[IMSAKA_TLS_AGAIN] = { "record incomplete, more bytes needed",
						   CLOSE_NOTIFY },
	[IMSAKA_TLS_CLOSED] = { "peer sent close_notify", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_RECORD_TYPE] =
		{ "record type is not application_data (23)", UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_VERSION] =
		{ "record legacy version is not 0x0303", PROTOCOL_VERSION },
	[IMSAKA_TLS_ERR_LENGTH] =
		{ "record length does not fit the record or an AEAD tag",
		  DECODE_ERROR },
	[IMSAKA_TLS_ERR_RECORD_OVERFLOW] =
		{ "record longer than 2^14+256 bytes or plaintext over 2^14+1",
		  RECORD_OVERFLOW },
	[IMSAKA_TLS_ERR_BAD_RECORD_MAC] =
		{ "record authentication failed (tampered, replayed, reordered "
		  "or wrong key)", BAD_RECORD_MAC },
	[IMSAKA_TLS_ERR_KEY_EXHAUSTED] =
		{ "AEAD limit of the key reached without a key update",
		  UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_NO_CONTENT_TYPE] =
		{ "decrypted record has no content type (all zeros)",
		  UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_CONTENT_TYPE] =
		{ "content type not allowed after the switch to protection",
		  UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_EMPTY] =
		{ "empty handshake or alert record", UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_HANDSHAKE] =
		{ "handshake message other than one whole KeyUpdate",
		  UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_KEY_UPDATE] =
		{ "KeyUpdate malformed or request_update not 0 or 1",
		  DECODE_ERROR },
	[IMSAKA_TLS_ERR_ALERT_FORMAT] =
		{ "alert record is not one two-byte alert", DECODE_ERROR },
	[IMSAKA_TLS_ERR_PEER_ALERT] = { "peer sent a fatal alert", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_AFTER_CLOSE] =
		{ "record received after close_notify", UNEXPECTED_MESSAGE },
	[IMSAKA_TLS_ERR_TOO_LONG] =
		{ "plaintext and padding longer than 2^14 bytes", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_BUFFER] = { "output buffer too small", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_CLOSED] =
		{ "this side already sent close_notify or an alert", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_BROKEN] =
		{ "connection failed earlier and is unusable", CLOSE_NOTIFY },
	[IMSAKA_TLS_ERR_SUITE] =
		{ "cipher suite not supported by tls-aka", INTERNAL_ERROR },
	[IMSAKA_TLS_ERR_CRYPTO] = { "OpenSSL failed", INTERNAL_ERROR },
};

/*
 * Described in header
 */
const char *imsaka_tls_strerror(imsaka_tls_err_t err)
{
	if ((unsigned int)err >= IMSAKA_TLS_ERR_COUNT)
	{
		return "unknown tls-aka status";
	}
	return errors[err].text;
}

/*
 * Described in header
 */
uint8_t imsaka_tls_err_alert(imsaka_tls_err_t err)
{
	if ((unsigned int)err >= IMSAKA_TLS_ERR_COUNT)
	{
		return INTERNAL_ERROR;
	}
	return errors[err].alert;
}

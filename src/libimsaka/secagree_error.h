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
 * @defgroup secagree_error secagree_error
 * @{ @ingroup libimsaka
 *
 * Status codes shared by the security agreement grammar, the NAT-T
 * extension, the negotiation checks and the Digest AKA header grammar.
 */

#ifndef IMSAKA_SECAGREE_ERROR_H_
#define IMSAKA_SECAGREE_ERROR_H_

typedef enum imsaka_secagree_err_t imsaka_secagree_err_t;

/**
 * Result of a parser, builder, negotiation or check; 0 is success.
 */
enum imsaka_secagree_err_t {
	IMSAKA_SECAGREE_OK = 0,
	/* shape of the input */
	IMSAKA_SECAGREE_ERR_EMPTY,
	IMSAKA_SECAGREE_ERR_TOO_LONG,
	IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES,
	IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS,
	IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN,
	IMSAKA_SECAGREE_ERR_NAME_TOO_LONG,
	IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG,
	IMSAKA_SECAGREE_ERR_BAD_MECHANISM,
	IMSAKA_SECAGREE_ERR_BAD_PARAM,
	IMSAKA_SECAGREE_ERR_BAD_VALUE,
	IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE,
	IMSAKA_SECAGREE_ERR_GARBAGE,
	IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM,
	IMSAKA_SECAGREE_ERR_MISSING_VALUE,
	IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE,
	/* typed values */
	IMSAKA_SECAGREE_ERR_BAD_SPI,
	IMSAKA_SECAGREE_ERR_BAD_PORT,
	IMSAKA_SECAGREE_ERR_BAD_Q,
	IMSAKA_SECAGREE_ERR_BAD_D_VER,
	IMSAKA_SECAGREE_ERR_BAD_HASH,
	IMSAKA_SECAGREE_ERR_BAD_ADDRESS,
	IMSAKA_SECAGREE_ERR_BAD_SUITES,
	IMSAKA_SECAGREE_ERR_TOO_MANY_SUITES,
	IMSAKA_SECAGREE_ERR_BAD_SID,
	/* Digest AKA headers */
	IMSAKA_SECAGREE_ERR_BAD_SCHEME,
	IMSAKA_SECAGREE_ERR_BAD_KEY,
	IMSAKA_SECAGREE_ERR_BAD_NC,
	IMSAKA_SECAGREE_ERR_MISSING_PARAM,
	/* building */
	IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL,
	/* the SIP stack failed to take a value (out of memory) */
	IMSAKA_SECAGREE_ERR_INTERNAL,
	/* negotiation */
	IMSAKA_SECAGREE_ERR_NO_OFFER,
	IMSAKA_SECAGREE_ERR_NO_COMMON,
	/* SM7 and SM12 checks */
	IMSAKA_SECAGREE_ERR_CLIENT_CHANGED,
	IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH,
	IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE,
	IMSAKA_SECAGREE_ERR_NATT_HASH,
	IMSAKA_SECAGREE_ERR_NATT_OA,
	IMSAKA_SECAGREE_ERR_NATT_MISSING_OA,
	IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT,
	/** number of codes, not a code */
	IMSAKA_SECAGREE_ERR_COUNT,
};

/**
 * Describe a status code, like strerror().
 *
 * @param err		status code
 * @return			static text, never NULL
 */
const char *imsaka_secagree_strerror(imsaka_secagree_err_t err);

/**
 * SIP status code a server answers a request with when handling it failed
 * with err: 494 when no security agreement could be made (RFC 3329 2.3.1),
 * 403 when a check of SM7 found tampering or a downgrade, 400 for a
 * malformed header, 500 for local errors.
 *
 * @param err		status code of the failed step, not IMSAKA_SECAGREE_OK
 * @return			SIP response status code
 */
int imsaka_secagree_response_code(imsaka_secagree_err_t err);

#endif /** IMSAKA_SECAGREE_ERROR_H_ @}*/

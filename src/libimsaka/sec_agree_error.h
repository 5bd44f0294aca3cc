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
 * @defgroup sec_agree_error sec_agree_error
 * @{ @ingroup libimsaka
 *
 * Status codes shared by the security agreement grammar, the NAT-T
 * extension, the negotiation checks and the Digest AKA header grammar.
 */

#ifndef IMSAKA_SEC_AGREE_ERROR_H_
#define IMSAKA_SEC_AGREE_ERROR_H_

typedef enum imsaka_sa_err_t imsaka_sa_err_t;

/**
 * Result of a parser, builder, negotiation or check; 0 is success.
 */
enum imsaka_sa_err_t {
	IMSAKA_SA_OK = 0,
	/* shape of the input */
	IMSAKA_SA_ERR_EMPTY,
	IMSAKA_SA_ERR_TOO_LONG,
	IMSAKA_SA_ERR_TOO_MANY_ENTRIES,
	IMSAKA_SA_ERR_TOO_MANY_PARAMS,
	IMSAKA_SA_ERR_TOO_MANY_UNKNOWN,
	IMSAKA_SA_ERR_NAME_TOO_LONG,
	IMSAKA_SA_ERR_VALUE_TOO_LONG,
	IMSAKA_SA_ERR_BAD_MECHANISM,
	IMSAKA_SA_ERR_BAD_PARAM,
	IMSAKA_SA_ERR_BAD_VALUE,
	IMSAKA_SA_ERR_UNTERMINATED_QUOTE,
	IMSAKA_SA_ERR_GARBAGE,
	IMSAKA_SA_ERR_DUPLICATE_PARAM,
	IMSAKA_SA_ERR_MISSING_VALUE,
	IMSAKA_SA_ERR_UNEXPECTED_VALUE,
	/* typed values */
	IMSAKA_SA_ERR_BAD_SPI,
	IMSAKA_SA_ERR_BAD_PORT,
	IMSAKA_SA_ERR_BAD_Q,
	IMSAKA_SA_ERR_BAD_D_VER,
	IMSAKA_SA_ERR_BAD_HASH,
	IMSAKA_SA_ERR_BAD_ADDRESS,
	IMSAKA_SA_ERR_BAD_SUITES,
	IMSAKA_SA_ERR_TOO_MANY_SUITES,
	IMSAKA_SA_ERR_BAD_SID,
	/* Digest AKA headers */
	IMSAKA_SA_ERR_BAD_SCHEME,
	IMSAKA_SA_ERR_BAD_KEY,
	IMSAKA_SA_ERR_BAD_NC,
	IMSAKA_SA_ERR_MISSING_PARAM,
	/* building */
	IMSAKA_SA_ERR_BUFFER_TOO_SMALL,
	/* the SIP stack failed to take a value (out of memory) */
	IMSAKA_SA_ERR_INTERNAL,
	/* negotiation */
	IMSAKA_SA_ERR_NO_OFFER,
	IMSAKA_SA_ERR_NO_COMMON,
	/* SM7 and SM12 checks */
	IMSAKA_SA_ERR_CLIENT_CHANGED,
	IMSAKA_SA_ERR_VERIFY_MISMATCH,
	IMSAKA_SA_ERR_NATT_DOWNGRADE,
	IMSAKA_SA_ERR_NATT_HASH,
	IMSAKA_SA_ERR_NATT_OA,
	IMSAKA_SA_ERR_NATT_MISSING_OA,
	IMSAKA_SA_ERR_NATT_INCONSISTENT,
	/** number of codes, not a code */
	IMSAKA_SA_ERR_COUNT,
};

/**
 * Describe a status code, like strerror().
 *
 * @param err		status code
 * @return			static text, never NULL
 */
const char *imsaka_sa_strerror(imsaka_sa_err_t err);

/**
 * SIP status code a server answers a request with when handling it failed
 * with err: 494 when no security agreement could be made (RFC 3329 2.3.1),
 * 403 when a check of SM7 found tampering or a downgrade, 400 for a
 * malformed header, 500 for local errors.
 *
 * @param err		status code of the failed step, not IMSAKA_SA_OK
 * @return			SIP response status code
 */
int imsaka_sa_response_code(imsaka_sa_err_t err);

#endif /** IMSAKA_SEC_AGREE_ERROR_H_ @}*/

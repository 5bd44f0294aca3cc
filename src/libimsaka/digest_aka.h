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
 * @defgroup imsaka_digest_aka digest_aka
 * @{ @ingroup libimsaka
 *
 * HTTP Digest AKA: AKAv1-MD5 (RFC 3310) and AKAv2-MD5 (RFC 4169), with
 * the RFC 2617 response computation (algorithm MD5, qop auth or none).
 */

#ifndef IMSAKA_DIGEST_AKA_H_
#define IMSAKA_DIGEST_AKA_H_

#include "milenage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** longest nonce accepted or built, in characters (without NUL) */
#define IMSAKA_DIGEST_AKA_NONCE_MAX 256
/** longest server data in a nonce (what fits in the nonce limit) */
#define IMSAKA_DIGEST_AKA_SERVER_DATA_MAX \
	(IMSAKA_DIGEST_AKA_NONCE_MAX / 4 * 3 - IMSAKA_RAND_LEN - IMSAKA_AUTN_LEN)
/** longest password: v2 base64 of an HMAC-MD5 (24), v1 RES (max 16) */
#define IMSAKA_DIGEST_AKA_PASSWORD_MAX 24
/** auts parameter length, base64 of 14 bytes, without NUL */
#define IMSAKA_DIGEST_AKA_AUTS_B64_LEN 20
/** response length in hex, without NUL */
#define IMSAKA_DIGEST_RESPONSE_LEN 32

/**
 * Digest AKA versions.
 */
typedef enum {
	/** AKAv1-MD5, RFC 3310 */
	IMSAKA_DIGEST_AKAV1_MD5 = 1,
	/** AKAv2-MD5, RFC 4169 */
	IMSAKA_DIGEST_AKAV2_MD5 = 2,
} imsaka_digest_aka_version_t;

/**
 * Errors.
 */
typedef enum {
	IMSAKA_DIGEST_AKA_OK = 0,
	/** nonce or auts is not valid base64 */
	IMSAKA_DIGEST_AKA_ERR_BASE64,
	/** decoded nonce shorter than RAND || AUTN */
	IMSAKA_DIGEST_AKA_ERR_TOO_SHORT,
	/** nonce or server data longer than the limits above */
	IMSAKA_DIGEST_AKA_ERR_TOO_LONG,
	/** auts does not decode to 14 bytes */
	IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH,
	/** output buffer too small */
	IMSAKA_DIGEST_AKA_ERR_BUFFER,
	/** unknown Digest AKA version or algorithm */
	IMSAKA_DIGEST_AKA_ERR_VERSION,
	/** qop other than "auth" (auth-int is not supported) */
	IMSAKA_DIGEST_AKA_ERR_QOP,
	/** missing parameter or RES length out of range */
	IMSAKA_DIGEST_AKA_ERR_PARAM,
	/** OpenSSL failed */
	IMSAKA_DIGEST_AKA_ERR_CRYPTO,
} imsaka_digest_aka_error_t;

/**
 * Inputs of an RFC 2617 digest response.
 */
typedef struct {
	/** username (the IMPI) */
	const char *username;
	/** realm */
	const char *realm;
	/** SIP method, e.g. "REGISTER" */
	const char *method;
	/** digest-uri, e.g. "sip:ims.example.net" */
	const char *uri;
	/** nonce as received */
	const char *nonce;
	/** "auth", or NULL for no qop (RFC 2069 compatible response) */
	const char *qop;
	/** nonce count, 8 hex digits (with qop) */
	const char *nc;
	/** client nonce (with qop) */
	const char *cnonce;
} imsaka_digest_params_t;

/**
 * Text of an error.
 *
 * @param error		error code
 * @return			static description
 */
const char *imsaka_digest_aka_strerror(imsaka_digest_aka_error_t error);

/**
 * Digest algorithm name of a version, "AKAv1-MD5" or "AKAv2-MD5".
 *
 * @param version	version
 * @return			name, NULL if out of range
 */
const char *imsaka_digest_aka_algorithm_name(imsaka_digest_aka_version_t version);

/**
 * Version of a Digest algorithm name (exact, case-insensitive).
 *
 * @param name		e.g. "AKAv1-MD5"
 * @param version	receives the version
 * @return			FALSE if not a Digest AKA algorithm we support
 */
bool imsaka_digest_aka_algorithm_from_name(const char *name,
									imsaka_digest_aka_version_t *version);

/**
 * Build a nonce: base64(RAND || AUTN [|| server data]).
 *
 * @param rand		RAND
 * @param autn		AUTN
 * @param server_data	optional server data, NULL if none
 * @param server_len	length of server data
 * @param nonce		output buffer
 * @param size		size of nonce (base64 length + 1 needed)
 * @return			IMSAKA_DIGEST_AKA_OK or an error
 */
imsaka_digest_aka_error_t imsaka_digest_aka_nonce_build(
							const uint8_t rand[static 16],
							const uint8_t autn[static 16],
							const uint8_t *server_data, size_t server_len,
							char *nonce, size_t size);

/**
 * Parse a nonce into RAND, AUTN and server data.
 *
 * @param nonce		nonce text (without quotes)
 * @param len		length of nonce
 * @param rand		receives RAND
 * @param autn		receives AUTN
 * @param server_data	receives server data, NULL to ignore it
 * @param server_size	size of server_data
 * @param server_len	receives the server data length, may be NULL
 * @return			IMSAKA_DIGEST_AKA_OK or an error
 */
imsaka_digest_aka_error_t imsaka_digest_aka_nonce_parse(const char *nonce,
							size_t len, uint8_t rand[static 16],
							uint8_t autn[static 16], uint8_t *server_data,
							size_t server_size, size_t *server_len);

/**
 * Digest password: v1 the RES bytes (binary), v2
 * base64(HMAC-MD5(RES || IK || CK, "http-digest-akav2-password")).
 *
 * @param version	Digest AKA version
 * @param res		RES
 * @param res_len	RES length, 4..16
 * @param ck		CK
 * @param ik		IK
 * @param password	receives the password (not NUL-terminated); wipe it
 * @param password_len	receives its length
 * @return			IMSAKA_DIGEST_AKA_OK or an error
 */
imsaka_digest_aka_error_t imsaka_digest_aka_password(
							imsaka_digest_aka_version_t version,
							const uint8_t *res, size_t res_len,
							const uint8_t ck[static 16],
							const uint8_t ik[static 16],
							uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX],
							size_t *password_len);

/**
 * RFC 2617 digest response with algorithm MD5:
 * HA1 = MD5(username:realm:password), HA2 = MD5(method:uri),
 * response = MD5(HA1:nonce:nc:cnonce:qop:HA2) or, without qop,
 * MD5(HA1:nonce:HA2), all hashes as lowercase hex.
 *
 * @param params	inputs
 * @param password	password bytes (binary for AKAv1; empty for a sync
 *					failure, RFC 3310 3.4)
 * @param password_len	password length
 * @param response	receives 32 hex digits and a NUL
 * @return			IMSAKA_DIGEST_AKA_OK or an error
 */
imsaka_digest_aka_error_t imsaka_digest_response(
							const imsaka_digest_params_t *params,
							const uint8_t *password, size_t password_len,
							char response[IMSAKA_DIGEST_RESPONSE_LEN + 1]);

/**
 * Encode AUTS for the auts parameter (base64).
 *
 * @param auts		AUTS
 * @param out		receives 20 characters and a NUL
 */
void imsaka_digest_aka_auts_encode(const uint8_t auts[static 14],
								   char out[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1]);

/**
 * Decode the auts parameter.
 *
 * @param text		base64 text (without quotes)
 * @param len		length of text
 * @param auts		receives AUTS
 * @return			IMSAKA_DIGEST_AKA_OK or an error
 */
imsaka_digest_aka_error_t imsaka_digest_aka_auts_decode(const char *text,
							size_t len, uint8_t auts[static 14]);

#endif /** IMSAKA_DIGEST_AKA_H_ @}*/

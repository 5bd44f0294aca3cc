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
 * @defgroup digest_header digest_header
 * @{ @ingroup libimsaka
 *
 * Grammar of the Digest headers of IMS AKA (RFC 3261 25.1, RFC 3310,
 * RFC 4169, TS 24.229): WWW-Authenticate / Proxy-Authenticate challenges
 * with the ck and ik the S-CSCF adds, and Authorization / Proxy-
 * Authorization credentials with auts. Values are kept as received
 * (quotes included) and re-emitted so; unknown parameters too. Nothing is
 * allocated; the crypto is elsewhere.
 */

#ifndef IMSAKA_DIGEST_HEADER_H_
#define IMSAKA_DIGEST_HEADER_H_

#include "secagree.h"

/** bytes of header text held */
#define IMSAKA_DIGEST_MAX_TEXT		4096
/** parameters of one header */
#define IMSAKA_DIGEST_MAX_PARAMS	32
/** unknown parameters of one header */
#define IMSAKA_DIGEST_MAX_UNKNOWN	8
/** length of a value as received */
#define IMSAKA_DIGEST_MAX_VALUE		1024
/** bytes of CK and IK */
#define IMSAKA_DIGEST_KEY_LEN		16

typedef enum imsaka_digest_kind_t imsaka_digest_kind_t;
typedef enum imsaka_digest_param_t imsaka_digest_param_t;
typedef enum imsaka_digest_alg_t imsaka_digest_alg_t;
typedef struct imsaka_digest_t imsaka_digest_t;

/**
 * Which header a value belongs to; decides the parameters required.
 */
enum imsaka_digest_kind_t {
	/** WWW-Authenticate, Proxy-Authenticate: realm and nonce required */
	IMSAKA_DIGEST_CHALLENGE,
	/** Authorization, Proxy-Authorization: username, realm, nonce, uri and
	 * response required */
	IMSAKA_DIGEST_CREDENTIALS,
};

/**
 * Known parameters; bit (1 << id) in imsaka_digest_t.present.
 */
enum imsaka_digest_param_t {
	IMSAKA_DIGEST_REALM = 0,
	IMSAKA_DIGEST_NONCE,
	IMSAKA_DIGEST_ALGORITHM,
	IMSAKA_DIGEST_QOP,
	IMSAKA_DIGEST_OPAQUE,
	IMSAKA_DIGEST_DOMAIN,
	IMSAKA_DIGEST_STALE,
	IMSAKA_DIGEST_USERNAME,
	IMSAKA_DIGEST_URI,
	IMSAKA_DIGEST_RESPONSE,
	IMSAKA_DIGEST_CNONCE,
	IMSAKA_DIGEST_NC,
	IMSAKA_DIGEST_AUTS,
	IMSAKA_DIGEST_CK,
	IMSAKA_DIGEST_IK,
	IMSAKA_DIGEST_INTEGRITY_PROTECTED,
	IMSAKA_DIGEST_PARAM_COUNT,
};

/**
 * Values of algorithm.
 */
enum imsaka_digest_alg_t {
	/** absent (RFC 2617: MD5) */
	IMSAKA_DIGEST_ALG_NONE = 0,
	IMSAKA_DIGEST_ALG_MD5,
	IMSAKA_DIGEST_ALG_AKAV1_MD5,
	IMSAKA_DIGEST_ALG_AKAV2_MD5,
	/** any other, kept as text */
	IMSAKA_DIGEST_ALG_OTHER,
};

/**
 * A parsed Digest header value.
 */
struct imsaka_digest_t {
	/** challenge or credentials */
	imsaka_digest_kind_t kind;
	/** IMSAKA_DIGEST_* bits present */
	uint32_t present;
	/** algorithm */
	imsaka_digest_alg_t alg;
	/** nc */
	uint32_t nc;
	/** CK and IK if present */
	uint8_t ck[IMSAKA_DIGEST_KEY_LEN], ik[IMSAKA_DIGEST_KEY_LEN];
	/** values of known parameters as received */
	imsaka_secagree_text_t values[IMSAKA_DIGEST_PARAM_COUNT];
	/** unknown parameters */
	imsaka_secagree_unknown_t unknown[IMSAKA_DIGEST_MAX_UNKNOWN];
	/** number of unknown parameters */
	uint8_t unknown_count;
	/** order received: imsaka_digest_param_t, or PARAM_COUNT + unknown */
	uint8_t order[IMSAKA_DIGEST_MAX_PARAMS];
	/** number of order items */
	uint8_t order_count;
	/** offset of the last error */
	size_t error_offset;
	/** bytes used in text */
	size_t text_len;
	/** copy of the value parsed, referenced by the texts */
	char text[IMSAKA_DIGEST_MAX_TEXT];
};

/**
 * Start an empty header to fill with imsaka_digest_set().
 *
 * @param hdr		header
 * @param kind		challenge or credentials (decides how qop is quoted)
 */
void imsaka_digest_init(imsaka_digest_t *hdr, imsaka_digest_kind_t kind);

/**
 * Parse a header field value "Digest param=value, ...".
 *
 * @param hdr		header, overwritten
 * @param kind		challenge or credentials (decides what is required)
 * @param value		header field value
 * @param len		length of value
 * @return			IMSAKA_SECAGREE_OK or the error; hdr->error_offset says where
 */
imsaka_secagree_err_t imsaka_digest_parse(imsaka_digest_t *hdr,
									imsaka_digest_kind_t kind,
									const char *value, size_t len);

/**
 * Print a header field value, parameters in the order received.
 *
 * @param hdr		header
 * @param buf		output, NUL-terminated on success
 * @param size		size of buf
 * @param len		out: length printed
 * @return			IMSAKA_SECAGREE_OK or IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL
 */
imsaka_secagree_err_t imsaka_digest_build(const imsaka_digest_t *hdr, char *buf,
									size_t size, size_t *len);

/**
 * Set (or replace) a known parameter; quoted if the grammar quotes it.
 *
 * @param hdr		header
 * @param param		parameter
 * @param value		value without quotes, NUL-terminated, no '"' or '\'
 * @return			IMSAKA_SECAGREE_OK or the error of the value
 */
imsaka_secagree_err_t imsaka_digest_set(imsaka_digest_t *hdr,
								  imsaka_digest_param_t param,
								  const char *value);

/**
 * Value of a known parameter without its quotes.
 *
 * @param hdr		header
 * @param param		parameter
 * @param value		out: start of the value (in hdr)
 * @param len		out: length
 * @return			FALSE if absent
 */
bool imsaka_digest_get(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
					   const char **value, size_t *len);

/**
 * Remove ck and ik, as the P-CSCF does before forwarding the 401 to the
 * UE, and wipe them from hdr.
 *
 * @param hdr		header
 */
void imsaka_digest_strip_keys(imsaka_digest_t *hdr);

/**
 * Wipe a header that may hold keys.
 *
 * @param hdr		header
 */
void imsaka_digest_wipe(imsaka_digest_t *hdr);

/**
 * Compare two headers' known and unknown parameters, order ignored.
 *
 * @param a			first header
 * @param b			second header
 * @return			TRUE if equal
 */
bool imsaka_digest_equals(const imsaka_digest_t *a, const imsaka_digest_t *b);

/**
 * Name of a known parameter.
 *
 * @param param		parameter
 * @return			name, e.g. "nonce"
 */
const char *imsaka_digest_param_name(imsaka_digest_param_t param);

#endif /** IMSAKA_DIGEST_HEADER_H_ @}*/

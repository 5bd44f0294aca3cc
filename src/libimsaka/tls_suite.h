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
 * @defgroup imsaka_tls_suite tls_suite
 * @{ @ingroup libimsaka
 *
 * The TLS 1.3 AEAD cipher suites tls-aka protects records with (RFC 8446
 * B.4), with what the key schedule and the record layer need to know of
 * each: AEAD, hash, key length and the AEAD usage limits of RFC 8446 5.5.
 */

#ifndef IMSAKA_TLS_SUITE_H_
#define IMSAKA_TLS_SUITE_H_

#include <stdint.h>

/** TLS_AES_128_GCM_SHA256 */
#define IMSAKA_TLS_AES_128_GCM_SHA256		0x1301
/** TLS_AES_256_GCM_SHA384 */
#define IMSAKA_TLS_AES_256_GCM_SHA384		0x1302
/** TLS_CHACHA20_POLY1305_SHA256 */
#define IMSAKA_TLS_CHACHA20_POLY1305_SHA256	0x1303

/** longest hash (SHA-384), and so longest traffic secret */
#define IMSAKA_TLS_MAX_HASH_LEN	48
/** longest AEAD key */
#define IMSAKA_TLS_MAX_KEY_LEN	32
/** AEAD nonce / per-record IV length, all suites */
#define IMSAKA_TLS_IV_LEN		12
/** AEAD tag length, all suites */
#define IMSAKA_TLS_TAG_LEN		16

typedef struct imsaka_tls_suite_t imsaka_tls_suite_t;

/**
 * What one cipher suite is made of.
 */
struct imsaka_tls_suite_t {
	/** IANA code point, e.g. 0x1301 */
	uint16_t id;
	/** IANA name, e.g. "TLS_AES_128_GCM_SHA256" */
	const char *name;
	/** OpenSSL name of the AEAD, e.g. "AES-128-GCM" */
	const char *cipher;
	/** OpenSSL name of the hash, e.g. "SHA256" */
	const char *digest;
	/** AEAD key length in bytes */
	uint8_t key_len;
	/** hash length in bytes (= traffic secret length) */
	uint8_t hash_len;
	/**
	 * Records one key may protect, RFC 8446 5.5: 2^24.5 full-size records
	 * for AES-GCM; for ChaCha20-Poly1305 only the 64-bit sequence number
	 * limits it. A sender must update its key before reaching it.
	 */
	uint64_t max_records;
	/**
	 * Records after which the sender updates its key on its own, well
	 * below max_records (2^24 for AES-GCM, 2^62 for ChaCha20-Poly1305).
	 */
	uint64_t update_records;
};

/**
 * Look up a cipher suite by its IANA code point.
 *
 * @param id		code point, e.g. 0x1301
 * @return			suite, NULL if tls-aka does not support it
 */
const imsaka_tls_suite_t *imsaka_tls_suite_get(uint16_t id);

/**
 * The supported suites in imsaka's order of preference (the order it
 * offers and answers in): AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
 *
 * @param index		0..count-1
 * @return			suite, NULL past the end
 */
const imsaka_tls_suite_t *imsaka_tls_suite_at(unsigned int index);

#endif /** IMSAKA_TLS_SUITE_H_ @}*/

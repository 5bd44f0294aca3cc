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
 * @defgroup imsaka_key_expansion key_expansion
 * @{ @ingroup libimsaka
 *
 * ESP keys from CK and IK, TS 33.203 Annex I:
 *  - hmac-md5-96: IK; hmac-sha-1-96: IK || 32 zero bits;
 *  - des-ede3-cbc: CK || CK[0..7]; aes-cbc: CK;
 *  - aes-gcm: CK || salt, salt = last 4 bytes of
 *    KDF(CK || IK, FC 0x59, "AES_GCM_SALT");
 *  - aes-gmac: IK || salt, salt = last 4 bytes of
 *    KDF(CK || IK, FC 0x58, "AES_GMAC_SALT").
 * Valid combinations (TS 33.203 Annex H): hmac-md5-96 or hmac-sha-1-96
 * with des-ede3-cbc, aes-cbc or null; alg null only with ealg aes-gcm;
 * alg aes-gmac only with ealg null.
 */

#ifndef IMSAKA_KEY_EXPANSION_H_
#define IMSAKA_KEY_EXPANSION_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Integrity algorithm (sec-agree alg, TS 33.203 Annex H).
 */
typedef enum {
	IMSAKA_ESP_ALG_HMAC_MD5_96,
	IMSAKA_ESP_ALG_HMAC_SHA1_96,
	IMSAKA_ESP_ALG_AES_GMAC,
	IMSAKA_ESP_ALG_NULL,
	/** number of algorithms, not one itself */
	IMSAKA_ESP_ALG_COUNT,
} imsaka_esp_alg_t;

/**
 * Encryption algorithm (sec-agree ealg, TS 33.203 Annex H; absent means
 * null). Note that null is not 0: a zeroed field is des-ede3-cbc.
 */
typedef enum {
	IMSAKA_ESP_EALG_DES_EDE3_CBC,
	IMSAKA_ESP_EALG_AES_CBC,
	IMSAKA_ESP_EALG_AES_GCM,
	IMSAKA_ESP_EALG_NULL,
	/** number of algorithms, not one itself */
	IMSAKA_ESP_EALG_COUNT,
} imsaka_esp_ealg_t;

/**
 * The sec-agree name of every integrity algorithm, the one place they are
 * spelled: X(value, "name") per algorithm, to build tables indexed by
 * imsaka_esp_alg_t (here and in the sec-agree parser).
 */
#define IMSAKA_ESP_ALG_NAMES(X) \
	X(IMSAKA_ESP_ALG_HMAC_MD5_96, "hmac-md5-96") \
	X(IMSAKA_ESP_ALG_HMAC_SHA1_96, "hmac-sha-1-96") \
	X(IMSAKA_ESP_ALG_AES_GMAC, "aes-gmac") \
	X(IMSAKA_ESP_ALG_NULL, "null")

/**
 * The sec-agree name of every encryption algorithm, X(value, "name") per
 * algorithm, to build tables indexed by imsaka_esp_ealg_t.
 */
#define IMSAKA_ESP_EALG_NAMES(X) \
	X(IMSAKA_ESP_EALG_DES_EDE3_CBC, "des-ede3-cbc") \
	X(IMSAKA_ESP_EALG_AES_CBC, "aes-cbc") \
	X(IMSAKA_ESP_EALG_AES_GCM, "aes-gcm") \
	X(IMSAKA_ESP_EALG_NULL, "null")

/** longest integrity key: hmac-sha-1-96 and aes-gmac (IK || salt) */
#define IMSAKA_ESP_INTEG_MAX 20
/** longest encryption key: des-ede3-cbc */
#define IMSAKA_ESP_ENCR_MAX 24

/**
 * ESP keys of one direction pair.
 */
typedef struct {
	/** integrity algorithm */
	imsaka_esp_alg_t alg;
	/** encryption algorithm */
	imsaka_esp_ealg_t ealg;
	/** integrity key (for aes-gmac: key || 4 byte salt) */
	uint8_t integ[IMSAKA_ESP_INTEG_MAX];
	/** length of integ, 0 for null */
	size_t integ_len;
	/** encryption key (for aes-gcm: key || 4 byte salt) */
	uint8_t encr[IMSAKA_ESP_ENCR_MAX];
	/** length of encr, 0 for null */
	size_t encr_len;
} imsaka_esp_keys_t;

/**
 * Look up an integrity algorithm by its exact sec-agree name.
 *
 * @param name		e.g. "hmac-sha-1-96"
 * @param alg		receives the algorithm
 * @return			FALSE if unknown
 */
bool imsaka_esp_alg_from_name(const char *name, imsaka_esp_alg_t *alg);

/**
 * Sec-agree name of an integrity algorithm.
 *
 * @param alg		algorithm
 * @return			name, NULL if out of range
 */
const char *imsaka_esp_alg_name(imsaka_esp_alg_t alg);

/**
 * Look up an encryption algorithm by its exact sec-agree name.
 *
 * @param name		e.g. "aes-cbc"
 * @param ealg		receives the algorithm
 * @return			FALSE if unknown
 */
bool imsaka_esp_ealg_from_name(const char *name, imsaka_esp_ealg_t *ealg);

/**
 * Sec-agree name of an encryption algorithm.
 *
 * @param ealg		algorithm
 * @return			name, NULL if out of range
 */
const char *imsaka_esp_ealg_name(imsaka_esp_ealg_t ealg);

/**
 * Check that alg and ealg may be combined.
 *
 * @param alg		integrity algorithm
 * @param ealg		encryption algorithm
 * @return			TRUE if valid
 */
bool imsaka_esp_combination_valid(imsaka_esp_alg_t alg,
								  imsaka_esp_ealg_t ealg);

/**
 * Derive the ESP keys of TS 33.203 Annex I.
 *
 * @param alg		integrity algorithm
 * @param ealg		encryption algorithm
 * @param ck		CK
 * @param ik		IK
 * @param out		receives the keys; wipe with imsaka_esp_keys_wipe()
 * @return			FALSE for an invalid combination or a KDF failure
 */
bool imsaka_esp_keys(imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg,
					 const uint8_t ck[static 16], const uint8_t ik[static 16],
					 imsaka_esp_keys_t *out);

/**
 * Wipe ESP keys.
 *
 * @param keys		keys to wipe
 */
void imsaka_esp_keys_wipe(imsaka_esp_keys_t *keys);

#endif /** IMSAKA_KEY_EXPANSION_H_ @}*/

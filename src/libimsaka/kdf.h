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
 * @defgroup imsaka_kdf kdf
 * @{ @ingroup libimsaka
 *
 * The generic 3GPP key derivation function of TS 33.220 Annex B:
 * HMAC-SHA-256(Key, FC || P0 || L0 || P1 || L1 || ...), Li the length of
 * Pi in two bytes, big-endian.
 */

#ifndef IMSAKA_KDF_H_
#define IMSAKA_KDF_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** KDF output length */
#define IMSAKA_KDF_LEN 32

/**
 * One input parameter Pi.
 */
typedef struct {
	/** bytes of Pi (may be NULL if len is 0) */
	const uint8_t *ptr;
	/** length of Pi, at most 65535 */
	size_t len;
} imsaka_kdf_param_t;

/**
 * Derive a key.
 *
 * @param key		key
 * @param key_len	key length
 * @param fc		function code FC
 * @param params	parameters P0..Pn-1
 * @param count		number of parameters
 * @param out		receives the 32 byte output (zeroed on failure)
 * @return			FALSE if a parameter is longer than 65535 bytes or
 *					OpenSSL failed
 */
bool imsaka_kdf(const uint8_t *key, size_t key_len, uint8_t fc,
				const imsaka_kdf_param_t *params, size_t count,
				uint8_t out[static 32]);

#endif /** IMSAKA_KDF_H_ @}*/

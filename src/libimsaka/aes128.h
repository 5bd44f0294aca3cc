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
 * @defgroup imsaka_aes128 aes128
 * @{ @ingroup libimsaka
 *
 * AES-128 block encryption for Milenage: AES-NI where the CPU has it,
 * OpenSSL EVP (AES-128-ECB) otherwise.
 *
 * Milenage encrypts single blocks under a key that changes per subscriber;
 * EVP's per-call cost (context, key schedule, provider dispatch) dominates
 * there, so the AES-NI path keeps the expanded key in this struct and
 * encrypts independent blocks interleaved. The OpenSSL path stays as the
 * portable fallback and can be forced, so tests run both against the same
 * vectors.
 */

#ifndef IMSAKA_AES128_H_
#define IMSAKA_AES128_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** AES block and key length */
#define IMSAKA_AES_BLOCK_LEN 16

/**
 * AES implementation.
 */
typedef enum {
	/** AES-NI if the CPU has it, unless IMSAKA_AES_IMPL=openssl is set */
	IMSAKA_AES_AUTO,
	/** AES-NI intrinsics (x86 only) */
	IMSAKA_AES_NI,
	/** OpenSSL EVP AES-128-ECB */
	IMSAKA_AES_OPENSSL,
} imsaka_aes_impl_t;

typedef struct imsaka_aes128_t imsaka_aes128_t;

/**
 * An AES-128 encryption key, ready to use; may live on the stack.
 */
struct imsaka_aes128_t {
	/** expanded round keys (AES-NI path) */
	uint8_t rk[11][16] __attribute__((aligned(16)));
	/** raw key (OpenSSL path, which expands it per call) */
	uint8_t key[16];
	/** implementation in use, never IMSAKA_AES_AUTO */
	imsaka_aes_impl_t impl;
};

/**
 * Check whether an implementation can be used on this machine.
 *
 * @param impl		implementation
 * @return			TRUE if available (IMSAKA_AES_AUTO always is)
 */
bool imsaka_aes128_available(imsaka_aes_impl_t impl);

/**
 * Implementation IMSAKA_AES_AUTO resolves to.
 *
 * @return			IMSAKA_AES_NI or IMSAKA_AES_OPENSSL
 */
imsaka_aes_impl_t imsaka_aes128_auto(void);

/**
 * Name of an implementation, for logs and benchmarks.
 *
 * @param impl		implementation
 * @return			"aes-ni", "openssl" or "auto"
 */
const char *imsaka_aes128_impl_name(imsaka_aes_impl_t impl);

/**
 * Set up a key.
 *
 * @param aes		key to set up
 * @param key		16 byte AES key
 * @param impl		implementation to use
 * @return			FALSE if impl is not available here
 */
bool imsaka_aes128_init(imsaka_aes128_t *aes, const uint8_t key[static 16],
						imsaka_aes_impl_t impl);

/**
 * Encrypt independent blocks (ECB). in and out may be the same buffer.
 *
 * @param aes		key
 * @param in		blocks * 16 bytes of plaintext
 * @param out		blocks * 16 bytes of ciphertext
 * @param blocks	number of blocks
 * @return			FALSE only if OpenSSL failed (out of memory); out
 *					is zeroed then
 */
bool imsaka_aes128_encrypt(const imsaka_aes128_t *aes, const uint8_t *in,
						   uint8_t *out, size_t blocks);

/**
 * Wipe a key.
 *
 * @param aes		key to wipe
 */
void imsaka_aes128_wipe(imsaka_aes128_t *aes);

#endif /** IMSAKA_AES128_H_ @}*/

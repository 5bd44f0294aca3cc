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

#include "aes128.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_AESNI 1
#include <wmmintrin.h>
#include <emmintrin.h>
#endif

#ifdef HAVE_AESNI

#define AESNI __attribute__((target("aes,sse4.1")))

/** blocks interleaved per round so the AES unit's latency is hidden */
#define AESNI_LANES 6

/**
 * One step of the AES-128 key schedule.
 */
static inline AESNI __m128i expand_step(__m128i key, __m128i assist)
{
	assist = _mm_shuffle_epi32(assist, 0xff);
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
	return _mm_xor_si128(key, assist);
}

#define EXPAND(i, rcon) \
	k = expand_step(k, _mm_aeskeygenassist_si128(k, rcon)); \
	_mm_store_si128((__m128i*)aes->rk[i], k)

static AESNI void aesni_expand(imsaka_aes128_t *aes, const uint8_t key[16])
{
	__m128i k;

	k = _mm_loadu_si128((const __m128i*)key);
	_mm_store_si128((__m128i*)aes->rk[0], k);
	EXPAND(1, 0x01);
	EXPAND(2, 0x02);
	EXPAND(3, 0x04);
	EXPAND(4, 0x08);
	EXPAND(5, 0x10);
	EXPAND(6, 0x20);
	EXPAND(7, 0x40);
	EXPAND(8, 0x80);
	EXPAND(9, 0x1b);
	EXPAND(10, 0x36);
	k = _mm_setzero_si128();
}

/**
 * Encrypt n blocks interleaved, n a constant after inlining so the blocks
 * stay in registers and each round key is loaded once for all of them.
 */
static inline __attribute__((always_inline)) AESNI void aesni_lanes(
					const __m128i *rk, const uint8_t *in, uint8_t *out, int n)
{
	__m128i b[AESNI_LANES], k;
	int i, r;

	k = _mm_load_si128(&rk[0]);
	for (i = 0; i < n; i++)
	{
		b[i] = _mm_xor_si128(_mm_loadu_si128((const __m128i*)in + i), k);
	}
	for (r = 1; r < 10; r++)
	{
		k = _mm_load_si128(&rk[r]);
		for (i = 0; i < n; i++)
		{
			b[i] = _mm_aesenc_si128(b[i], k);
		}
	}
	k = _mm_load_si128(&rk[10]);
	for (i = 0; i < n; i++)
	{
		_mm_storeu_si128((__m128i*)out + i, _mm_aesenclast_si128(b[i], k));
	}
}

static AESNI void aesni_encrypt(const imsaka_aes128_t *aes, const uint8_t *in,
								uint8_t *out, size_t blocks)
{
	/* round keys are used from the struct, not copied to the stack */
	const __m128i *rk = (const __m128i*)aes->rk;
	size_t n;

	while (blocks)
	{
		n = blocks < AESNI_LANES ? blocks : AESNI_LANES;
		switch (n)
		{
			case 1:
				aesni_lanes(rk, in, out, 1);
				break;
			case 2:
				aesni_lanes(rk, in, out, 2);
				break;
			case 3:
				aesni_lanes(rk, in, out, 3);
				break;
			case 4:
				aesni_lanes(rk, in, out, 4);
				break;
			case 5:
				aesni_lanes(rk, in, out, 5);
				break;
			default:
				aesni_lanes(rk, in, out, AESNI_LANES);
				break;
		}
		in += n * 16;
		out += n * 16;
		blocks -= n;
	}
}

#endif /* HAVE_AESNI */

/*
 * Described in header
 */
bool imsaka_aes128_available(imsaka_aes_impl_t impl)
{
	switch (impl)
	{
		case IMSAKA_AES_AUTO:
		case IMSAKA_AES_OPENSSL:
			return true;
		case IMSAKA_AES_NI:
#ifdef HAVE_AESNI
			return __builtin_cpu_supports("aes") &&
				   __builtin_cpu_supports("sse4.1");
#else
			return false;
#endif
	}
	return false;
}

/*
 * Described in header
 */
imsaka_aes_impl_t imsaka_aes128_auto(void)
{
	/* resolved once; the race on first use writes the same value */
	static volatile int resolved = -1;
	const char *env;

	if (resolved < 0)
	{
		env = getenv("IMSAKA_AES_IMPL");
		if ((env && !strcmp(env, "openssl")) ||
			!imsaka_aes128_available(IMSAKA_AES_NI))
		{
			resolved = IMSAKA_AES_OPENSSL;
		}
		else
		{
			resolved = IMSAKA_AES_NI;
		}
	}
	return resolved;
}

/*
 * Described in header
 */
const char *imsaka_aes128_impl_name(imsaka_aes_impl_t impl)
{
	switch (impl)
	{
		case IMSAKA_AES_NI:
			return "aes-ni";
		case IMSAKA_AES_OPENSSL:
			return "openssl";
		case IMSAKA_AES_AUTO:
			break;
	}
	return "auto";
}

/*
 * Described in header
 */
bool imsaka_aes128_init(imsaka_aes128_t *aes, const uint8_t key[static 16],
						imsaka_aes_impl_t impl)
{
	if (impl == IMSAKA_AES_AUTO)
	{
		impl = imsaka_aes128_auto();
	}
	if (!imsaka_aes128_available(impl))
	{
		return false;
	}
	aes->impl = impl;
	memcpy(aes->key, key, 16);
#ifdef HAVE_AESNI
	if (impl == IMSAKA_AES_NI)
	{
		aesni_expand(aes, key);
		return true;
	}
#endif
	memset(aes->rk, 0, sizeof(aes->rk));
	return true;
}

/**
 * Encrypt with OpenSSL: one context per call, all blocks in one update.
 */
static bool openssl_encrypt(const imsaka_aes128_t *aes, const uint8_t *in,
							uint8_t *out, size_t blocks)
{
	EVP_CIPHER_CTX *ctx;
	int len, total = 0;
	bool ok = false;

	ctx = EVP_CIPHER_CTX_new();
	if (ctx &&
		EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, aes->key, NULL) &&
		EVP_CIPHER_CTX_set_padding(ctx, 0) &&
		EVP_EncryptUpdate(ctx, out, &len, in, blocks * 16))
	{
		total = len;
		ok = EVP_EncryptFinal_ex(ctx, out + total, &len) &&
			 total + len == (int)(blocks * 16);
	}
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
	{
		OPENSSL_cleanse(out, blocks * 16);
	}
	return ok;
}

/*
 * Described in header
 */
bool imsaka_aes128_encrypt(const imsaka_aes128_t *aes, const uint8_t *in,
						   uint8_t *out, size_t blocks)
{
#ifdef HAVE_AESNI
	if (aes->impl == IMSAKA_AES_NI)
	{
		aesni_encrypt(aes, in, out, blocks);
		return true;
	}
#endif
	return openssl_encrypt(aes, in, out, blocks);
}

/*
 * Described in header
 */
void imsaka_aes128_wipe(imsaka_aes128_t *aes)
{
	OPENSSL_cleanse(aes, sizeof(*aes));
}

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

#include "tls_suite.h"

#include <stddef.h>

/**
 * 2^24.5 rounded down: the AES-GCM confidentiality limit of RFC 8446 5.5
 * ("up to 2^24.5 full-size records (about 24 million)").
 */
#define AES_GCM_MAX_RECORDS		23726566ULL

/**
 * The suites, in order of preference. ChaCha20-Poly1305 has no usage limit
 * but its sequence number, which must not wrap: the last usable is 2^64-2.
 */
static const imsaka_tls_suite_t suites[] = {
	/* id, name, AEAD, hash, key_len, hash_len, max_records, update_records */
	{ IMSAKA_TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", "AES-128-GCM",
	  "SHA256", 16, 32, AES_GCM_MAX_RECORDS, 1ULL << 24 },
	{ IMSAKA_TLS_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384", "AES-256-GCM",
	  "SHA384", 32, 48, AES_GCM_MAX_RECORDS, 1ULL << 24 },
	{ IMSAKA_TLS_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256",
	  "ChaCha20-Poly1305", "SHA256", 32, 32, UINT64_MAX, 1ULL << 62 },
};

/*
 * Described in header
 */
const imsaka_tls_suite_t *imsaka_tls_suite_get(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
	{
		if (suites[i].id == id)
		{
			return &suites[i];
		}
	}
	return NULL;
}

/*
 * Described in header
 */
const imsaka_tls_suite_t *imsaka_tls_suite_at(unsigned int index)
{
	if (index >= sizeof(suites) / sizeof(suites[0]))
	{
		return NULL;
	}
	return &suites[index];
}

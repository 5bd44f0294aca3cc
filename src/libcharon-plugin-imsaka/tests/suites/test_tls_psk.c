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

/*
 * The tls-psk PSK derivation against the vectors of docs/TLS-PSK.md,
 * computed with Python's hmac/hashlib (no imsaka code): CK, IK and RAND
 * of TS 35.207 Milenage test set 1.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <hex.h>

#include "imsaka_tls_psk.h"
#include "test_library.h"

static const char *ck_hex = "b40ba9a3c58b2a05bbf0d987b21bf8cb";
static const char *ik_hex = "f769bcd751044604127672711c6d3441";
static const char *rand_hex = "23553cbe9637a89d218ae64dae47bf35";
static const char *sid_hex = "9f0e1d2c3b4a59687766554433221100";

/** one vector: what differs from the base inputs, and the PSK */
static const struct {
	const char *impi;
	int rand_flip;
	const char *psk;
} vectors[] = {
	{ "alice@ims.example.net", 0,
	  "c8732a80c5ab88b64b5333c06a989107ac06cf5a712779b26b1ba11c802894af" },
	{ "bob@ims.example.net", 0,
	  "5b90628d2a8634ce48b399c86ea6adce4a90ec9b12f66060d491b8dcd541e4bb" },
	{ "alice@ims.example.net", 1,
	  "e4513b704220b8e72cbb2461ead8587648fe50285ad2a9401daa938fdf1915d5" },
};

START_TEST(test_vector)
{
	uint8_t ck[16], ik[16], rand[16], sid[16], psk[IMSAKA_TLS_PSK_LEN];
	char hex[2 * IMSAKA_TLS_PSK_LEN + 1];

	ck_assert(imsaka_hex_decode(ck_hex, ck, sizeof(ck)));
	ck_assert(imsaka_hex_decode(ik_hex, ik, sizeof(ik)));
	ck_assert(imsaka_hex_decode(rand_hex, rand, sizeof(rand)));
	ck_assert(imsaka_hex_decode(sid_hex, sid, sizeof(sid)));
	rand[0] ^= vectors[_i].rand_flip;
	ck_assert(imsaka_tls_psk_derive(ck, ik, rand, vectors[_i].impi,
						strlen(vectors[_i].impi), sid, sizeof(sid), psk));
	imsaka_hex_encode(psk, sizeof(psk), hex);
	ck_assert_str_eq(hex, vectors[_i].psk);
}
END_TEST

START_TEST(test_bad_lengths)
{
	uint8_t key[16] = { 1 }, id[33] = { 2 }, psk[IMSAKA_TLS_PSK_LEN];
	char impi[300];

	memset(impi, 'a', sizeof(impi));
	ck_assert(!imsaka_tls_psk_derive(key, key, key, "a", 1, id, 0, psk));
	ck_assert(!imsaka_tls_psk_derive(key, key, key, "a", 1, id, 33, psk));
	ck_assert(!imsaka_tls_psk_derive(key, key, key, "a", 0, id, 1, psk));
	ck_assert(!imsaka_tls_psk_derive(key, key, key, impi, 256, id, 1, psk));
	ck_assert(imsaka_tls_psk_derive(key, key, key, impi, 255, id, 32, psk));
	/* the identity is an input: another sid, another key */
	{
		uint8_t other[IMSAKA_TLS_PSK_LEN];

		id[0] ^= 1;
		ck_assert(imsaka_tls_psk_derive(key, key, key, impi, 255, id, 32,
										other));
		ck_assert(memcmp(psk, other, sizeof(psk)) != 0);
	}
}
END_TEST

Suite *tls_psk_suite_create(void)
{
	test_entry_t tests[] = {
		{ "derive", test_vector, countof(vectors) },
		{ "derive", test_bad_lengths },
	};

	return test_suite_create("tls-psk key", NULL, NULL, tests, countof(tests));
}

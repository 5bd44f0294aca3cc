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
 * TS 33.220 Annex B KDF: the two KDF lines of vectors/key-expansion.txt
 * (TS 33.203 Annex I salts from CK || IK of TS 35.207 set 1) and an
 * independently computed multi-parameter vector.
 */

#include "tests.h"
#include "test_vectors.h"

#include <hex.h>
#include <kdf.h>

#include <stdlib.h>
#include <string.h>

START_TEST(test_kdf_vectors)
{
	uint8_t key[32], fc, out[32], exp[32];
	imsaka_kdf_param_t p0;
	test_line_t *lines;
	int count, i, kdfs = 0;

	count = test_vectors_read("key-expansion.txt", &lines);
	for (i = 0; i < count; i++)
	{
		if (test_field(&lines[i], "ck"))
		{	/* KDF key = CK || IK */
			test_field_hex(&lines[i], "ck", key, 16);
			test_field_hex(&lines[i], "ik", key + 16, 16);
		}
		if (!test_field(&lines[i], "kdf"))
		{
			continue;
		}
		test_field_hex(&lines[i], "fc", &fc, 1);
		p0.ptr = (const uint8_t*)test_field(&lines[i], "p0");
		ck_assert(p0.ptr);
		p0.len = strlen((const char*)p0.ptr);
		test_field_hex(&lines[i], "out", exp, 32);
		ck_assert(imsaka_kdf(key, sizeof(key), fc, &p0, 1, out));
		ck_assert_bytes(out, exp, 32, "KDF");
		kdfs++;
	}
	ck_assert_int_eq(kdfs, 2);
	free(lines);
}
END_TEST

START_TEST(test_kdf_multi_param)
{
	/*
	 * Key 000102..1f, FC 0x10, P0 "abc", P1 0102, P2 empty. Independent
	 * value from Python:
	 *   hmac.new(bytes(range(32)), b"\x10abc\x00\x03\x01\x02\x00\x02\x00\x00",
	 *            hashlib.sha256).hexdigest()
	 */
	static const uint8_t p1[] = { 0x01, 0x02 };
	imsaka_kdf_param_t params[] = {
		{ (const uint8_t*)"abc", 3 },
		{ p1, sizeof(p1) },
		{ NULL, 0 },
	};
	uint8_t key[32], out[32], exp[32];
	int i;

	for (i = 0; i < 32; i++)
	{
		key[i] = i;
	}
	test_hex("99928cb691338eb5d15d1c25d114782b5a0eb87f87837a4e6755dac2be9caec4",
			 exp, 32);
	ck_assert(imsaka_kdf(key, sizeof(key), 0x10, params, 3, out));
	ck_assert_bytes(out, exp, 32, "KDF 3 params");
	/* a different FC changes the output */
	ck_assert(imsaka_kdf(key, sizeof(key), 0x11, params, 3, out));
	ck_assert(memcmp(out, exp, 32) != 0);
}
END_TEST

START_TEST(test_kdf_param_too_long)
{
	static uint8_t big[0x10000];
	imsaka_kdf_param_t p0 = { big, sizeof(big) };
	uint8_t key[16] = { 0 }, out[32];

	memset(out, 0x55, sizeof(out));
	ck_assert(!imsaka_kdf(key, sizeof(key), 0x59, &p0, 1, out));
	ck_assert_uint_eq(out[0] | out[31], 0);
	p0.len = 0xffff;
	ck_assert(imsaka_kdf(key, sizeof(key), 0x59, &p0, 1, out));
}
END_TEST

Suite *kdf_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("kdf"),
		TEST_ONCE(test_kdf_vectors),
		TEST_ONCE(test_kdf_multi_param),
		TEST_ONCE(test_kdf_param_too_long),
	};

	return test_suite_build("kdf", tests, TEST_COUNT(tests));
}

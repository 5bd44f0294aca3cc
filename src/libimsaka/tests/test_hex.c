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

#include "tests.h"

#include <hex.h>

#include <string.h>

START_TEST(test_hex_decode_valid)
{
	uint8_t out[4];
	const struct {
		const char *hex;
		uint8_t bytes[4];
	} tests[] = {
		{ "0123abcd", { 0x01, 0x23, 0xab, 0xcd } },
		{ "0123ABCD", { 0x01, 0x23, 0xab, 0xcd } },
		{ "0x0123aBcD", { 0x01, 0x23, 0xab, 0xcd } },
		{ "0XfFfF0000", { 0xff, 0xff, 0x00, 0x00 } },
	};
	int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		ck_assert_msg(imsaka_hex_decode(tests[i].hex, out, 4), "%s",
					  tests[i].hex);
		ck_assert_msg(memcmp(out, tests[i].bytes, 4) == 0, "%s", tests[i].hex);
	}
}
END_TEST

START_TEST(test_hex_decode_invalid)
{
	const char *tests[] = {
		"", "0123abc", "0123abcd00", "0123abcg", " 0123abcd", "0123abcd ",
		"0x", "0x0123abc", "00x123abcd", "0123-bcd", "+123abcd", "0123\nabc",
		"x0123abcd", "0x0x0123ab",
	};
	uint8_t out[4];
	int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		memset(out, 0x55, sizeof(out));
		ck_assert_msg(!imsaka_hex_decode(tests[i], out, 4), "'%s' accepted",
					  tests[i]);
		ck_assert_msg(out[0] == 0 && out[3] == 0, "'%s' not zeroed", tests[i]);
	}
	ck_assert(!imsaka_hex_decode(NULL, out, 4));
}
END_TEST

START_TEST(test_hex_decode_var)
{
	uint8_t out[8];
	size_t len;

	ck_assert(imsaka_hex_decode_var("", out, sizeof(out), &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(imsaka_hex_decode_var("0xabcdef", out, sizeof(out), &len));
	ck_assert_uint_eq(len, 3);
	ck_assert_uint_eq(out[2], 0xef);
	ck_assert(!imsaka_hex_decode_var("001122334455667788", out, sizeof(out),
									 &len));
	ck_assert(!imsaka_hex_decode_var("abc", out, sizeof(out), &len));
	ck_assert_uint_eq(imsaka_hex_len("0x00112233445566778899aabbccddee"), 15);
}
END_TEST

START_TEST(test_hex_encode)
{
	uint8_t in[] = { 0x00, 0x9f, 0xa0, 0xff };
	char out[9];

	memset(out, 'X', sizeof(out));
	imsaka_hex_encode(in, sizeof(in), out);
	ck_assert_str_eq(out, "009fa0ff");
	imsaka_hex_encode(in, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_hex_decode_exact)
{
	/* not NUL-terminated: the value sits inside a header field */
	const char field[] = "hash-ul=a1B2c3;x";
	uint8_t out[3];

	ck_assert(imsaka_hex_decode_exact(field + 8, 6, out, sizeof(out)));
	ck_assert_int_eq(out[0], 0xa1);
	ck_assert_int_eq(out[1], 0xb2);
	ck_assert_int_eq(out[2], 0xc3);
	/* one digit short or long, a non-digit, a prefix: refused and zeroed */
	ck_assert(!imsaka_hex_decode_exact(field + 8, 5, out, sizeof(out)));
	ck_assert(!imsaka_hex_decode_exact(field + 8, 7, out, sizeof(out)));
	ck_assert(!imsaka_hex_decode_exact(field + 10, 6, out, sizeof(out)));
	ck_assert_int_eq(out[0] | out[1] | out[2], 0);
	ck_assert(!imsaka_hex_decode_exact("0xa1b2", 6, out, 3));
}
END_TEST

Suite *hex_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("hex"),
		TEST_ONCE(test_hex_decode_valid),
		TEST_ONCE(test_hex_decode_invalid),
		TEST_ONCE(test_hex_decode_var),
		TEST_ONCE(test_hex_encode),
		TEST_ONCE(test_hex_decode_exact),
	};

	return test_suite_build("hex", tests, TEST_COUNT(tests));
}

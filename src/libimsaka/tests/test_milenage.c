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
 * Milenage against the conformance test sets of 3GPP TS 35.207 (sets 1-6,
 * vectors/milenage-ts35207.txt, one set per line), run once per AES
 * implementation (AES-NI where the CPU has it, and the OpenSSL fallback).
 */

#include "tests.h"
#include "test_vectors.h"

#include <hex.h>
#include <milenage.h>

#include <stdlib.h>
#include <string.h>

/** implementations the loop tests run over */
static const imsaka_aes_impl_t impls[] = { IMSAKA_AES_NI, IMSAKA_AES_OPENSSL };

/** number of test sets in TS 35.207 */
#define TS35207_SETS 6

START_TEST(test_aes_fips197)
{
	/* FIPS-197 Appendix C.1, AES-128 */
	uint8_t key[16], pt[16], ct[16], expect[16];
	imsaka_aes128_t aes;

	if (!imsaka_aes128_available(impls[_i]))
	{
		ck_assert_int_eq(impls[_i], IMSAKA_AES_NI);
		ck_assert(!imsaka_aes128_init(&aes, key, impls[_i]));
		return;
	}
	test_hex("000102030405060708090a0b0c0d0e0f", key, 16);
	test_hex("00112233445566778899aabbccddeeff", pt, 16);
	test_hex("69c4e0d86a7b0430d8cdb78070b4c55a", expect, 16);
	ck_assert(imsaka_aes128_init(&aes, key, impls[_i]));
	ck_assert_int_eq(aes.impl, impls[_i]);
	ck_assert(imsaka_aes128_encrypt(&aes, pt, ct, 1));
	ck_assert_bytes(ct, expect, 16, "FIPS-197 C.1");
	imsaka_aes128_wipe(&aes);
}
END_TEST

START_TEST(test_aes_multi_block)
{
	/* 1..13 interleaved blocks (more than the AES-NI lanes) and in-place
	 * encryption equal one block at a time */
	uint8_t key[16], in[13][16], out[13][16], one[16];
	imsaka_aes128_t aes;
	size_t n, i;

	if (!imsaka_aes128_available(impls[_i]))
	{
		return;
	}
	for (i = 0; i < sizeof(in); i++)
	{
		((uint8_t*)in)[i] = i * 7 + 3;
	}
	memset(key, 0x42, sizeof(key));
	ck_assert(imsaka_aes128_init(&aes, key, impls[_i]));
	for (n = 1; n <= 13; n++)
	{
		ck_assert(imsaka_aes128_encrypt(&aes, in[0], out[0], n));
		for (i = 0; i < n; i++)
		{
			ck_assert(imsaka_aes128_encrypt(&aes, in[i], one, 1));
			ck_assert_bytes(out[i], one, 16, "multi block");
		}
	}
	memcpy(out, in, sizeof(in));
	ck_assert(imsaka_aes128_encrypt(&aes, out[0], out[0], 13));
	ck_assert(imsaka_aes128_encrypt(&aes, in[12], one, 1));
	ck_assert_bytes(out[12], one, 16, "in place");
}
END_TEST

START_TEST(test_milenage_ts35207)
{
	uint8_t k[16], opc[16], rand[16], sqn[6], amf[2], out[16];
	uint8_t res[8], ck[16], ik[16], ak[6];
	imsaka_milenage_out_t all;
	imsaka_milenage_t m;
	test_line_t *lines;
	int count, i;

	if (!imsaka_aes128_available(impls[_i]))
	{
		return;
	}
	count = test_vectors_read("milenage-ts35207.txt", &lines);
	ck_assert_int_eq(count, TS35207_SETS);
	for (i = 0; i < count; i++)
	{
		ck_assert_int_eq(atoi(test_field(&lines[i], "set")), i + 1);
		test_field_hex(&lines[i], "k", k, 16);
		test_field_hex(&lines[i], "opc", opc, 16);
		test_field_hex(&lines[i], "rand", rand, 16);
		test_field_hex(&lines[i], "sqn", sqn, 6);
		test_field_hex(&lines[i], "amf", amf, 2);
		ck_assert(imsaka_milenage_init_impl(&m, k, opc, impls[_i]));

		/* each function alone, all outputs requested */
		imsaka_milenage_f1(&m, rand, sqn, amf, out, out + 8);
		test_field_check(&lines[i], "f1", out, 8, "f1");
		test_field_check(&lines[i], "f1star", out + 8, 8, "f1*");
		imsaka_milenage_f2345(&m, rand, res, ck, ik, ak);
		test_field_check(&lines[i], "f2", res, 8, "f2");
		test_field_check(&lines[i], "f3", ck, 16, "f3");
		test_field_check(&lines[i], "f4", ik, 16, "f4");
		test_field_check(&lines[i], "f5", ak, 6, "f5");
		imsaka_milenage_f5star(&m, rand, out);
		test_field_check(&lines[i], "f5star", out, 6, "f5*");

		/* one output at a time (NULL for the others) */
		memset(out, 0, sizeof(out));
		imsaka_milenage_f1(&m, rand, sqn, amf, NULL, out);
		test_field_check(&lines[i], "f1star", out, 8, "f1* alone");
		imsaka_milenage_f2345(&m, rand, NULL, NULL, out, NULL);
		test_field_check(&lines[i], "f4", out, 16, "f4 alone");
		imsaka_milenage_f2345(&m, rand, NULL, NULL, NULL, out);
		test_field_check(&lines[i], "f5", out, 6, "f5 alone");

		/* all in one pass */
		ck_assert(imsaka_milenage_all(&m, rand, sqn, amf, &all));
		test_field_check(&lines[i], "f1", all.mac_a, 8, "all f1");
		test_field_check(&lines[i], "f1star", all.mac_s, 8, "all f1*");
		test_field_check(&lines[i], "f2", all.res, 8, "all f2");
		test_field_check(&lines[i], "f3", all.ck, 16, "all f3");
		test_field_check(&lines[i], "f4", all.ik, 16, "all f4");
		test_field_check(&lines[i], "f5", all.ak, 6, "all f5");
		test_field_check(&lines[i], "f5star", all.ak_s, 6, "all f5*");
		imsaka_milenage_wipe(&m);
		ck_assert_uint_eq(m.opc[0] | m.aes.key[0] | m.aes.rk[10][15], 0);
	}
	free(lines);
}
END_TEST

START_TEST(test_milenage_opc)
{
	/* TS 35.207 gives OP only for set 1; OPc = OP xor E_K(OP) must match */
	uint8_t k[16], op[16], opc[16];
	test_line_t *lines;
	int count, i, with_op = 0;

	count = test_vectors_read("milenage-ts35207.txt", &lines);
	for (i = 0; i < count; i++)
	{
		if (!test_field(&lines[i], "op"))
		{
			continue;
		}
		with_op++;
		test_field_hex(&lines[i], "k", k, 16);
		test_field_hex(&lines[i], "op", op, 16);
		imsaka_milenage_opc(k, op, opc);
		test_field_check(&lines[i], "opc", opc, 16, "OPc");
	}
	ck_assert_int_ge(with_op, 1);
	free(lines);
}
END_TEST

START_TEST(test_milenage_impl_choice)
{
	imsaka_milenage_t m;
	uint8_t k[16] = { 1 }, opc[16] = { 2 };

	imsaka_milenage_init(&m, k, opc);
	ck_assert_int_eq(m.aes.impl, imsaka_aes128_auto());
	ck_assert(m.aes.impl == IMSAKA_AES_NI || m.aes.impl == IMSAKA_AES_OPENSSL);
	ck_assert(imsaka_aes128_available(IMSAKA_AES_OPENSSL));
	ck_assert_str_eq(imsaka_aes128_impl_name(IMSAKA_AES_OPENSSL), "openssl");
	ck_assert_str_eq(imsaka_aes128_impl_name(IMSAKA_AES_NI), "aes-ni");
	imsaka_milenage_wipe(&m);
}
END_TEST

Suite *milenage_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("aes128"),
		TEST_LOOP(test_aes_fips197, TEST_COUNT(impls)),
		TEST_LOOP(test_aes_multi_block, TEST_COUNT(impls)),
		TEST_CASE("ts35207"),
		TEST_LOOP(test_milenage_ts35207, TEST_COUNT(impls)),
		TEST_ONCE(test_milenage_opc),
		TEST_ONCE(test_milenage_impl_choice),
	};

	return test_suite_build("milenage", tests, TEST_COUNT(tests));
}

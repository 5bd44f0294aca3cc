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
 * TS 33.203 Annex I key expansion over every line of
 * vectors/key-expansion.txt (keys from CK/IK of TS 35.207 set 1), the
 * valid alg/ealg combinations of TS 33.203 Annex H and exact name lookup.
 */

#include "tests.h"
#include "test_vectors.h"

#include <digest_aka.h>
#include <hex.h>
#include <kdf.h>
#include <key_expansion.h>

#include <stdlib.h>
#include <string.h>

/**
 * RES of TS 35.207 set 1 (f2), for the AKAv2 password line.
 */
static void set1_res(uint8_t res[8])
{
	test_line_t *lines;
	int count;

	count = test_vectors_read("milenage-ts35207.txt", &lines);
	ck_assert_int_ge(count, 1);
	ck_assert_str_eq(test_field(&lines[0], "set"), "1");
	test_field_hex(&lines[0], "f2", res, 8);
	free(lines);
}

/**
 * Expected key of an alg or ealg line: its key, then its salt if it has
 * one (AES-GCM).
 *
 * @return			length of both
 */
static size_t expected_key(const test_line_t *line, uint8_t exp[32])
{
	size_t len = imsaka_hex_len(test_field(line, "key"));

	ck_assert_uint_le(len, 28);
	test_field_hex(line, "key", exp, len);
	if (test_field(line, "salt"))
	{
		test_field_hex(line, "salt", exp + len, 4);
		len += 4;
	}
	return len;
}

START_TEST(test_key_expansion_vectors)
{
	uint8_t ck[16], ik[16], exp[32], res[8], out[32], fc;
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	const char *name, *value;
	imsaka_esp_keys_t keys;
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	imsaka_kdf_param_t p0;
	test_line_t *lines;
	int count, i, checked = 0;
	size_t len;
	bool have_keys = false;

	count = test_vectors_read("key-expansion.txt", &lines);
	for (i = 0; i < count; i++)
	{
		if (test_field(&lines[i], "ck"))
		{
			test_field_hex(&lines[i], "ck", ck, 16);
			test_field_hex(&lines[i], "ik", ik, 16);
			have_keys = true;
			checked++;
			continue;
		}
		ck_assert_msg(have_keys, "line %d before ck/ik", lines[i].lineno);
		if ((name = test_field(&lines[i], "alg")))
		{
			/* integrity alone: with ealg null (valid for all but null) */
			ck_assert(imsaka_esp_alg_from_name(name, &alg));
			ck_assert_str_eq(imsaka_esp_alg_name(alg), name);
			ck_assert(imsaka_esp_keys(alg, IMSAKA_ESP_EALG_NULL, ck, ik,
									  &keys));
			len = expected_key(&lines[i], exp);
			ck_assert_uint_eq(keys.integ_len, len);
			ck_assert_bytes(keys.integ, exp, len, name);
			ck_assert_uint_eq(keys.encr_len, 0);
			imsaka_esp_keys_wipe(&keys);
			checked++;
		}
		else if ((name = test_field(&lines[i], "ealg")))
		{
			ck_assert(imsaka_esp_ealg_from_name(name, &ealg));
			ck_assert_str_eq(imsaka_esp_ealg_name(ealg), name);
			alg = ealg == IMSAKA_ESP_EALG_AES_GCM ? IMSAKA_ESP_ALG_NULL
												   : IMSAKA_ESP_ALG_HMAC_SHA1_96;
			ck_assert(imsaka_esp_keys(alg, ealg, ck, ik, &keys));
			len = expected_key(&lines[i], exp);
			ck_assert_uint_eq(keys.encr_len, len);
			ck_assert_bytes(keys.encr, exp, len, name);
			imsaka_esp_keys_wipe(&keys);
			checked++;
		}
		else if (test_field(&lines[i], "kdf"))
		{
			uint8_t key[32];

			memcpy(key, ck, 16);
			memcpy(key + 16, ik, 16);
			test_field_hex(&lines[i], "fc", &fc, 1);
			p0.ptr = (const uint8_t*)test_field(&lines[i], "p0");
			ck_assert(p0.ptr);
			p0.len = strlen((const char*)p0.ptr);
			test_field_hex(&lines[i], "out", exp, 32);
			ck_assert(imsaka_kdf(key, 32, fc, &p0, 1, out));
			ck_assert_bytes(out, exp, 32, "KDF");
			checked++;
		}
		else if ((value = test_field(&lines[i], "akav2-password")))
		{
			set1_res(res);
			ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV2_MD5,
								res, 8, ck, ik, password, &len),
							 IMSAKA_DIGEST_AKA_OK);
			ck_assert_uint_eq(len, strlen(value));
			ck_assert(memcmp(password, value, len) == 0);
			checked++;
		}
		else
		{
			ck_abort_msg("key-expansion.txt:%d: unknown line", lines[i].lineno);
		}
	}
	/* every line checked: ck/ik, 2 alg, 2 ealg, 2 kdf, gcm, gmac, akav2 */
	ck_assert_int_eq(checked, count);
	ck_assert_int_eq(count, 10);
	free(lines);
}
END_TEST

START_TEST(test_key_expansion_combinations)
{
	uint8_t ck[16] = { 1 }, ik[16] = { 2 };
	imsaka_esp_keys_t keys;
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	int valid = 0;

	for (alg = IMSAKA_ESP_ALG_HMAC_MD5_96; alg <= IMSAKA_ESP_ALG_NULL; alg++)
	{
		for (ealg = IMSAKA_ESP_EALG_DES_EDE3_CBC; ealg <= IMSAKA_ESP_EALG_NULL;
			 ealg++)
		{
			bool expect = ((alg == IMSAKA_ESP_ALG_HMAC_MD5_96 ||
							alg == IMSAKA_ESP_ALG_HMAC_SHA1_96) &&
						   ealg != IMSAKA_ESP_EALG_AES_GCM) ||
						  (alg == IMSAKA_ESP_ALG_NULL &&
						   ealg == IMSAKA_ESP_EALG_AES_GCM) ||
						  (alg == IMSAKA_ESP_ALG_AES_GMAC &&
						   ealg == IMSAKA_ESP_EALG_NULL);

			ck_assert_msg(imsaka_esp_combination_valid(alg, ealg) == expect,
						  "%s/%s", imsaka_esp_alg_name(alg),
						  imsaka_esp_ealg_name(ealg));
			ck_assert(imsaka_esp_keys(alg, ealg, ck, ik, &keys) == expect);
			if (!expect)
			{
				ck_assert_uint_eq(keys.integ_len + keys.encr_len, 0);
			}
			valid += expect;
		}
	}
	ck_assert_int_eq(valid, 8);
	/* the DES key is CK || first 8 bytes of CK, SHA-1 key IK || 0^32 */
	ck_assert(imsaka_esp_keys(IMSAKA_ESP_ALG_HMAC_SHA1_96,
							  IMSAKA_ESP_EALG_DES_EDE3_CBC, ck, ik, &keys));
	ck_assert_uint_eq(keys.encr[16], 1);
	ck_assert_uint_eq(keys.integ[16] | keys.integ[19], 0);
	imsaka_esp_keys_wipe(&keys);
	ck_assert_uint_eq(keys.encr_len | keys.encr[0], 0);
}
END_TEST

START_TEST(test_key_expansion_names)
{
	const char *bad[] = {
		"hmac-sha-1", "hmac-sha-1-96 ", "HMAC-SHA-1-96", "hmac-md5", "aes",
		"aes-gmac-96", "", "nul", "null ", "aes-cbc", "des-ede3-cbc",
	};
	const char *bad_ealg[] = {
		"aes", "aes-cbc-128", "AES-CBC", "des", "des-ede3", "aes-gcm-16", "",
		"hmac-md5-96", "aes-gmac",
	};
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		ck_assert_msg(!imsaka_esp_alg_from_name(bad[i], &alg), "alg '%s'",
					  bad[i]);
	}
	for (i = 0; i < sizeof(bad_ealg) / sizeof(bad_ealg[0]); i++)
	{
		ck_assert_msg(!imsaka_esp_ealg_from_name(bad_ealg[i], &ealg),
					  "ealg '%s'", bad_ealg[i]);
	}
	ck_assert(!imsaka_esp_alg_from_name(NULL, &alg));
	ck_assert(imsaka_esp_alg_from_name("null", &alg));
	ck_assert_int_eq(alg, IMSAKA_ESP_ALG_NULL);
	ck_assert(imsaka_esp_ealg_from_name("null", &ealg));
	ck_assert_int_eq(ealg, IMSAKA_ESP_EALG_NULL);
	ck_assert(imsaka_esp_alg_name(99) == NULL);
	ck_assert(imsaka_esp_ealg_name(99) == NULL);
}
END_TEST

Suite *key_expansion_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("annex_i"),
		TEST_ONCE(test_key_expansion_vectors),
		TEST_ONCE(test_key_expansion_combinations),
		TEST_ONCE(test_key_expansion_names),
	};

	return test_suite_build("key_expansion", tests, TEST_COUNT(tests));
}

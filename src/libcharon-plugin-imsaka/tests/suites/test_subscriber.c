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
 * Unit tests of the subscriber secret forms.
 */

#include <check.h>

#include <library.h>

#include "imsaka_subscriber.h"
#include "test_library.h"

#include <aka.h>
#include <hex.h>

/* TS 35.207 test set 1 (src/libimsaka/tests/vectors/milenage-ts35207.txt) */
#define SET1_K		"465b5ce8b199b49faa5f0a2ee238a6bc"
#define SET1_OP		"cdc202d5123e20f62b6d676ac72cb318"
#define SET1_OPC	"cd63cb71954a9f4e48a5994e37a02baf"
#define SET1_RAND	"23553cbe9637a89d218ae64dae47bf35"
#define SET1_SQN	"ff9bb4d0b607"
#define SET1_AMF	"b9b9"
#define SET1_RES	"a54211d5e3ba50bf"
#define SET1_CK		"b40ba9a3c58b2a05bbf0d987b21bf8cb"

static void hex(const char *in, uint8_t *out, size_t len)
{
	ck_assert_msg(imsaka_hex_decode(in, out, len), "bad test hex %s", in);
}

/**
 * Assert that sub computes set 1's RES and CK
 */
static void assert_set1(imsaka_subscriber_t *sub)
{
	uint8_t rand[16], sqn[6], amf[2], res[8], ck[16];
	imsaka_aka_vector_t v;

	hex(SET1_RAND, rand, sizeof(rand));
	hex(SET1_SQN, sqn, sizeof(sqn));
	hex(SET1_AMF, amf, sizeof(amf));
	hex(SET1_RES, res, sizeof(res));
	hex(SET1_CK, ck, sizeof(ck));
	imsaka_aka_vector(&sub->milenage, rand, sqn, amf, &v);
	ck_assert(memeq(v.xres, res, sizeof(res)));
	ck_assert(memeq(v.ck, ck, sizeof(ck)));
}

START_TEST(test_binary_k_opc)
{
	imsaka_subscriber_t sub;
	uint8_t key[32], zero[sizeof(sub)] = {};
	const char *err = NULL;

	hex(SET1_K SET1_OPC, key, sizeof(key));
	ck_assert(imsaka_subscriber_parse(chunk_from_thing(key), &sub, &err));
	ck_assert(!sub.has_amf);
	assert_set1(&sub);
	imsaka_subscriber_wipe(&sub);
	ck_assert(memeq(&sub, zero, sizeof(sub)));
}
END_TEST

START_TEST(test_binary_k_only)
{
	imsaka_subscriber_t sub;
	imsaka_milenage_t ref;
	imsaka_aka_vector_t v1, v2;
	uint8_t key[16], zero[16] = {}, rand[16] = { 1 }, sqn[6] = { 2 };
	const char *err = NULL;

	hex(SET1_K, key, sizeof(key));
	ck_assert(imsaka_subscriber_parse(chunk_from_thing(key), &sub, &err));
	/* K alone means an all-zero OPc, as strongSwan's eap-aka-3gpp does */
	imsaka_milenage_init(&ref, key, zero);
	imsaka_aka_vector(&sub.milenage, rand, sqn, zero, &v1);
	imsaka_aka_vector(&ref, rand, sqn, zero, &v2);
	ck_assert(memeq(&v1, &v2, sizeof(v1)));
}
END_TEST

START_TEST(test_text_op)
{
	imsaka_subscriber_t sub;
	chunk_t text = chunk_from_str("k=" SET1_K ",op=" SET1_OP ",amf=8001");
	const char *err = NULL;

	ck_assert(imsaka_subscriber_parse(text, &sub, &err));
	/* OPc derived from OP must give set 1's outputs */
	assert_set1(&sub);
	ck_assert(sub.has_amf);
	ck_assert_int_eq(sub.amf[0], 0x80);
	ck_assert_int_eq(sub.amf[1], 0x01);
}
END_TEST

START_TEST(test_text_opc)
{
	imsaka_subscriber_t sub;
	chunk_t text = chunk_from_str("k=" SET1_K ", opc=0x" SET1_OPC);
	const char *err = NULL;

	ck_assert(imsaka_subscriber_parse(text, &sub, &err));
	assert_set1(&sub);
	ck_assert(!sub.has_amf);
}
END_TEST

static struct {
	const char *secret;
	const char *error;
} bad_secrets[] = {
	{ "k=" SET1_K, "needs k= and one of op= or opc=" },
	{ "k=" SET1_K ",op=" SET1_OP ",opc=" SET1_OPC, "op or opc given twice" },
	{ "k=" SET1_K ",k=" SET1_K ",op=" SET1_OP, "k given twice" },
	{ "k=465b,op=" SET1_OP, "k is not 16 bytes of hex" },
	{ "k=" SET1_K ",op=zz" SET1_OP, "op is not 16 bytes of hex" },
	{ "k=" SET1_K ",opc=" SET1_OPC "00", "opc is not 16 bytes of hex" },
	{ "k=" SET1_K ",op=" SET1_OP ",amf=123", "amf is not 2 bytes of hex" },
	{ "k=" SET1_K ",op=" SET1_OP ",sqn=000000000001", "unknown field" },
	{ "K=" SET1_K ",op=" SET1_OP, "secret must be" },
	{ "0123456789abcdef0123456789abcdef0", "secret must be" },
	{ "", "secret must be" },
};

START_TEST(test_bad_text)
{
	imsaka_subscriber_t sub;
	const char *err = NULL;

	ck_assert(!imsaka_subscriber_parse(chunk_from_str(
							(char*)bad_secrets[_i].secret), &sub, &err));
	ck_assert_msg(err && strstr(err, bad_secrets[_i].error),
				  "'%s': expected '%s', got '%s'", bad_secrets[_i].secret,
				  bad_secrets[_i].error, err);
	/* an error never shows the key */
	ck_assert(!strstr(err, SET1_K));
}
END_TEST

START_TEST(test_too_long)
{
	imsaka_subscriber_t sub;
	char text[IMSAKA_SUBSCRIBER_TEXT_MAX + 2];
	const char *err = NULL;

	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "k=", 2);
	ck_assert(!imsaka_subscriber_parse(chunk_from_str(text), &sub, &err));
	ck_assert(strstr(err, "too long"));
}
END_TEST

START_TEST(test_embedded_nul)
{
	imsaka_subscriber_t sub;
	char text[] = "k=" SET1_K ",op=" SET1_OP "\0,opc=00";
	const char *err = NULL;

	ck_assert(!imsaka_subscriber_parse(chunk_create((u_char*)text,
								sizeof(text) - 1), &sub, &err));
	/* not printable, so neither text nor a binary length */
	ck_assert(strstr(err, "secret must be"));
}
END_TEST

Suite *subscriber_suite_create(void)
{
	test_entry_t tests[] = {
		{ "binary", test_binary_k_opc },
		{ "binary", test_binary_k_only },
		{ "text", test_text_op },
		{ "text", test_text_opc },
		{ "text", test_bad_text, countof(bad_secrets) },
		{ "text", test_too_long },
		{ "text", test_embedded_nul },
	};

	return test_suite_create("imsaka subscriber", test_library_setup,
							 test_library_teardown, tests, countof(tests));
}

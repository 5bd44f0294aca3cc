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
 * Digest AKA: nonce (RFC 3310 3.2), passwords (RFC 3310 3.4 and RFC 4169
 * 3), auts (RFC 3310 3.4) and the RFC 2617 response, checked against
 * RFC 2617's own example and independently computed values.
 */

#include "tests.h"
#include "test_vectors.h"

#include <base64.h>
#include <digest_aka.h>
#include <hex.h>

#include <stdlib.h>
#include <string.h>

/** TS 35.207 set 1 RAND, AUTN (SQN xor AK || AMF || MAC-A), RES, CK, IK */
#define SET1_RAND "23553cbe9637a89d218ae64dae47bf35"
#define SET1_AUTN "55f328b43577b9b94a9ffac354dfafb3"
#define SET1_RES "a54211d5e3ba50bf"
#define SET1_CK "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define SET1_IK "f769bcd751044604127672711c6d3441"
/** base64(RAND || AUTN) of set 1 (python: base64.b64encode) */
#define SET1_NONCE "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M="

START_TEST(test_digest_nonce_round_trip)
{
	uint8_t rand[16], autn[16], r[16], a[16], server[64], got[64];
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1];
	size_t len;
	int i;

	test_hex(SET1_RAND, rand, 16);
	test_hex(SET1_AUTN, autn, 16);
	ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, NULL, 0, nonce,
							sizeof(nonce)), IMSAKA_DIGEST_AKA_OK);
	ck_assert_str_eq(nonce, SET1_NONCE);
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), r, a,
							got, sizeof(got), &len), IMSAKA_DIGEST_AKA_OK);
	ck_assert_bytes(r, rand, 16, "RAND");
	ck_assert_bytes(a, autn, 16, "AUTN");
	ck_assert_uint_eq(len, 0);

	/* with 0..64 bytes of server data */
	for (i = 0; i <= 64; i++)
	{
		memset(server, i, sizeof(server));
		ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, server, i,
							nonce, sizeof(nonce)), IMSAKA_DIGEST_AKA_OK);
		ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce),
							r, a, got, sizeof(got), &len), IMSAKA_DIGEST_AKA_OK);
		ck_assert_uint_eq(len, i);
		ck_assert(memcmp(got, server, i) == 0);
		ck_assert_bytes(a, autn, 16, "AUTN");
	}
	/* server data ignored */
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), r, a,
							NULL, 0, NULL), IMSAKA_DIGEST_AKA_OK);
}
END_TEST

START_TEST(test_digest_nonce_errors)
{
	uint8_t rand[16] = { 0 }, autn[16] = { 0 }, big[200] = { 0 }, sd[8];
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 8], b64[64];
	size_t len;
	const struct {
		const char *nonce;
		imsaka_digest_aka_error_t err;
	} tests[] = {
		/* 31 bytes: base64(RAND || AUTN[0..14]) */
		{ "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfrw==",
		  IMSAKA_DIGEST_AKA_ERR_TOO_SHORT },
		{ "", IMSAKA_DIGEST_AKA_ERR_TOO_SHORT },
		/* truncated inside a quad */
		{ "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M",
		  IMSAKA_DIGEST_AKA_ERR_BASE64 },
		{ "!!!!I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=",
		  IMSAKA_DIGEST_AKA_ERR_BASE64 },
		{ "I1U8vpY3qJ0hiuZN rke/NVXzKLQ1d7m5Sp/6w1Tfr7M=",
		  IMSAKA_DIGEST_AKA_ERR_BASE64 },
		{ "I1U8vpY3qJ0hiuZNrke/NVXz=LQ1d7m5Sp/6w1Tfr7M=",
		  IMSAKA_DIGEST_AKA_ERR_BASE64 },
		/* non-canonical: unused bits set in the last quad */
		{ "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7N=",
		  IMSAKA_DIGEST_AKA_ERR_BASE64 },
		{ "====", IMSAKA_DIGEST_AKA_ERR_BASE64 },
	};
	int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		ck_assert_msg(imsaka_digest_aka_nonce_parse(tests[i].nonce,
							strlen(tests[i].nonce), rand, autn, NULL, 0, NULL)
					  == tests[i].err, "nonce '%s'", tests[i].nonce);
		ck_assert(imsaka_digest_aka_strerror(tests[i].err)[0]);
	}
	/* longer than the bound: rejected before decoding */
	memset(nonce, 'A', sizeof(nonce));
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce,
							IMSAKA_DIGEST_AKA_NONCE_MAX + 4, rand, autn, NULL,
							0, NULL), IMSAKA_DIGEST_AKA_ERR_TOO_LONG);
	ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, big,
							IMSAKA_DIGEST_AKA_SERVER_DATA_MAX + 1, nonce,
							sizeof(nonce)), IMSAKA_DIGEST_AKA_ERR_TOO_LONG);
	ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, big,
							IMSAKA_DIGEST_AKA_SERVER_DATA_MAX, nonce,
							sizeof(nonce)), IMSAKA_DIGEST_AKA_OK);
	ck_assert_uint_le(strlen(nonce), IMSAKA_DIGEST_AKA_NONCE_MAX);
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), rand,
							autn, NULL, 0, &len), IMSAKA_DIGEST_AKA_OK);
	ck_assert_uint_eq(len, IMSAKA_DIGEST_AKA_SERVER_DATA_MAX);
	/* output buffers too small */
	ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, NULL, 0, b64,
							44), IMSAKA_DIGEST_AKA_ERR_BUFFER);
	ck_assert_int_eq(imsaka_digest_aka_nonce_build(rand, autn, big, 8, b64,
							sizeof(b64)), IMSAKA_DIGEST_AKA_OK);
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(b64, strlen(b64), rand,
							autn, sd, 7, &len), IMSAKA_DIGEST_AKA_ERR_BUFFER);
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(NULL, 0, rand, autn, NULL,
							0, NULL), IMSAKA_DIGEST_AKA_ERR_PARAM);
}
END_TEST

START_TEST(test_digest_password)
{
	uint8_t res[8], ck[16], ik[16], pw[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	test_line_t *lines;
	const char *v2 = NULL;
	size_t len;
	int count, i;

	test_hex(SET1_RES, res, 8);
	test_hex(SET1_CK, ck, 16);
	test_hex(SET1_IK, ik, 16);

	/* AKAv1: the RES bytes themselves */
	ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV1_MD5, res, 8,
							ck, ik, pw, &len), IMSAKA_DIGEST_AKA_OK);
	ck_assert_uint_eq(len, 8);
	ck_assert_bytes(pw, res, 8, "v1 password");

	/* AKAv2: from vectors/key-expansion.txt */
	count = test_vectors_read("key-expansion.txt", &lines);
	for (i = 0; i < count; i++)
	{
		v2 = test_field(&lines[i], "akav2-password") ?: v2;
		if (v2)
		{
			break;
		}
	}
	ck_assert(v2);
	ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV2_MD5, res, 8,
							ck, ik, pw, &len), IMSAKA_DIGEST_AKA_OK);
	ck_assert_uint_eq(len, strlen(v2));
	ck_assert(memcmp(pw, v2, len) == 0);
	free(lines);

	ck_assert_int_eq(imsaka_digest_aka_password(3, res, 8, ck, ik, pw, &len),
					 IMSAKA_DIGEST_AKA_ERR_VERSION);
	ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV1_MD5, res, 3,
							ck, ik, pw, &len), IMSAKA_DIGEST_AKA_ERR_PARAM);
}
END_TEST

/**
 * Compute a response and check the result, and on success the response.
 */
static void check_response(const imsaka_digest_params_t *p,
						   const uint8_t *password, size_t len,
						   imsaka_digest_aka_error_t err, const char *expect)
{
	char response[33];

	ck_assert_int_eq(imsaka_digest_response(p, password, len, response), err);
	if (err == IMSAKA_DIGEST_AKA_OK)
	{
		ck_assert_str_eq(response, expect);
	}
}

START_TEST(test_digest_response_rfc2617)
{
	/* RFC 2617 3.5 */
	imsaka_digest_params_t p = {
		.username = "Mufasa",
		.realm = "testrealm@host.com",
		.method = "GET",
		.uri = "/dir/index.html",
		.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "0a4f113b",
	};
	const char *password = "Circle Of Life";
	const uint8_t *pw = (const uint8_t*)password;
	size_t len = strlen(password);

	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_OK,
				   "6629fae49393a05397450978507c4ef1");

	p.qop = "auth-int";
	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_ERR_QOP, NULL);
	p.qop = "auth";
	p.cnonce = NULL;
	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_ERR_PARAM, NULL);
}
END_TEST

START_TEST(test_digest_response_aka)
{
	/*
	 * REGISTER sip:ims.example.net by user@ims.example.net in realm
	 * ims.example.net, nonce SET1_NONCE, cnonce 0a4f113b, nc 00000001.
	 * Independent values (Python hashlib/hmac; HA1 of v1 also with
	 *   printf 'user@ims.example.net:ims.example.net:' > f;
	 *   printf a54211d5e3ba50bf | xxd -r -p >> f; openssl dgst -md5 f
	 * = d259bc4c80d18b325e020bb4e079a914):
	 *   v1 qop=auth 19e0447acb4e853e08f9f4c35a035b14
	 *   v1 no qop   291d0f2d122614eb8eefbab3f5598d6b
	 *   v2 qop=auth 9a89dae9bdca1ff0744f0c30eafb2dc9
	 *   empty password (sync failure) qop=auth 7cb02fdd56571c3c81f1bd4500ef2c1d
	 */
	imsaka_digest_params_t p = {
		.username = "user@ims.example.net",
		.realm = "ims.example.net",
		.method = "REGISTER",
		.uri = "sip:ims.example.net",
		.nonce = SET1_NONCE,
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "0a4f113b",
	};
	uint8_t res[8], ck[16], ik[16], pw[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	size_t len;

	test_hex(SET1_RES, res, 8);
	test_hex(SET1_CK, ck, 16);
	test_hex(SET1_IK, ik, 16);

	ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV1_MD5, res, 8,
							ck, ik, pw, &len), IMSAKA_DIGEST_AKA_OK);
	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_OK,
				   "19e0447acb4e853e08f9f4c35a035b14");
	p.qop = NULL;
	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_OK,
				   "291d0f2d122614eb8eefbab3f5598d6b");
	p.qop = "auth";

	ck_assert_int_eq(imsaka_digest_aka_password(IMSAKA_DIGEST_AKAV2_MD5, res, 8,
							ck, ik, pw, &len), IMSAKA_DIGEST_AKA_OK);
	check_response(&p, pw, len, IMSAKA_DIGEST_AKA_OK,
				   "9a89dae9bdca1ff0744f0c30eafb2dc9");

	check_response(&p, NULL, 0, IMSAKA_DIGEST_AKA_OK,
				   "7cb02fdd56571c3c81f1bd4500ef2c1d");
}
END_TEST

START_TEST(test_digest_auts)
{
	uint8_t auts[14], got[14];
	char b64[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1];
	int i;

	for (i = 0; i < 14; i++)
	{
		auts[i] = 0xf0 + i;
	}
	imsaka_digest_aka_auts_encode(auts, b64);
	ck_assert_uint_eq(strlen(b64), 20);
	/* python: base64.b64encode(bytes(range(0xf0, 0xfe))) */
	ck_assert_str_eq(b64, "8PHy8/T19vf4+fr7/P0=");
	ck_assert_int_eq(imsaka_digest_aka_auts_decode(b64, strlen(b64), got),
					 IMSAKA_DIGEST_AKA_OK);
	ck_assert_bytes(got, auts, 14, "auts");

	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/A==", 20,
							got), IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH);
	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/P0", 19,
							got), IMSAKA_DIGEST_AKA_ERR_BASE64);
	/* padding in the middle */
	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/P0=AAAA",
							24, got), IMSAKA_DIGEST_AKA_ERR_BASE64);
	/* 18 bytes */
	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/P0AAAAA",
							24, got), IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH);
	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/P0=AAAAAAAA",
							28, got), IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH);
	ck_assert_int_eq(imsaka_digest_aka_auts_decode("8PHy8/T19vf4+fr7/P*=", 20,
							got), IMSAKA_DIGEST_AKA_ERR_BASE64);
}
END_TEST

START_TEST(test_digest_names)
{
	imsaka_digest_aka_version_t v;

	ck_assert(imsaka_digest_aka_algorithm_from_name("AKAv1-MD5", &v));
	ck_assert_int_eq(v, IMSAKA_DIGEST_AKAV1_MD5);
	ck_assert(imsaka_digest_aka_algorithm_from_name("akav2-md5", &v));
	ck_assert_int_eq(v, IMSAKA_DIGEST_AKAV2_MD5);
	ck_assert(!imsaka_digest_aka_algorithm_from_name("AKAv1-MD5-sess", &v));
	ck_assert(!imsaka_digest_aka_algorithm_from_name("MD5", &v));
	ck_assert_str_eq(imsaka_digest_aka_algorithm_name(IMSAKA_DIGEST_AKAV2_MD5),
					 "AKAv2-MD5");
	ck_assert_str_eq(imsaka_digest_aka_strerror(IMSAKA_DIGEST_AKA_ERR_TOO_SHORT),
					 "nonce shorter than RAND and AUTN (32 bytes)");
}
END_TEST

START_TEST(test_base64_strict)
{
	uint8_t out[8];
	size_t len;

	ck_assert(imsaka_base64_decode("", 0, out, sizeof(out), &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(imsaka_base64_decode("Zm9vYg==", 8, out, sizeof(out), &len));
	ck_assert_uint_eq(len, 4);
	ck_assert(memcmp(out, "foob", 4) == 0);
	ck_assert(imsaka_base64_decode("Zm9vYmE=", 8, out, sizeof(out), &len));
	ck_assert_uint_eq(len, 5);
	ck_assert(!imsaka_base64_decode("Zm9vYmE=", 8, out, 4, &len));
	ck_assert(!imsaka_base64_decode("Zg=a", 4, out, sizeof(out), &len));
	ck_assert(!imsaka_base64_decode("Z===", 4, out, sizeof(out), &len));
	ck_assert(!imsaka_base64_decode("Zh==", 4, out, sizeof(out), &len));
	ck_assert(!imsaka_base64_decode("Zg==Zg==", 8, out, sizeof(out), &len));
}
END_TEST

Suite *digest_aka_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("nonce"),
		TEST_ONCE(test_digest_nonce_round_trip),
		TEST_ONCE(test_digest_nonce_errors),
		TEST_ONCE(test_base64_strict),
		TEST_CASE("response"),
		TEST_ONCE(test_digest_password),
		TEST_ONCE(test_digest_response_rfc2617),
		TEST_ONCE(test_digest_response_aka),
		TEST_ONCE(test_digest_auts),
		TEST_ONCE(test_digest_names),
	};

	return test_suite_build("digest_aka", tests, TEST_COUNT(tests));
}

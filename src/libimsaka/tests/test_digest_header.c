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

#include <digest_header.h>

#include <stdlib.h>
#include <string.h>

/**
 * Real headers of IMS AKA registrations (TS 24.229 / TS 24.228 flows,
 * RFC 3310 and RFC 4169 examples), parsed, built and parsed again.
 */
static const struct {
	imsaka_digest_kind_t kind;
	const char *value;
	imsaka_digest_alg_t alg;
	bool keys;
} headers[] = {
	/* the S-CSCF's challenge to the P-CSCF, with ck and ik */
	{ IMSAKA_DIGEST_CHALLENGE,
	  "Digest realm=\"registrar.home1.net\", "
	  "nonce=\"A34Cm+Fva37UYWpGNB34JP\", algorithm=AKAv1-MD5, "
	  "ik=\"0123456789abcdeedcba98765432101\", "
	  "ck=\"9876543210abcdeedcba0123456789a\"", IMSAKA_DIGEST_ALG_AKAV1_MD5,
	  false },
	{ IMSAKA_DIGEST_CHALLENGE,
	  "Digest realm=\"ims.example.net\", "
	  "nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\", "
	  "qop=\"auth,auth-int\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
	  "algorithm=AKAv2-MD5, ck=\"000102030405060708090a0b0c0d0e0f\", "
	  "ik=\"F0E1D2C3B4A5968778695A4B3C2D1E0F\"", IMSAKA_DIGEST_ALG_AKAV2_MD5,
	  true },
	/* SM1: the UE's first, empty credentials */
	{ IMSAKA_DIGEST_CREDENTIALS,
	  "Digest username=\"user1_private@home1.net\", realm=\"home1.net\", "
	  "nonce=\"\", uri=\"sip:registrar.home1.net\", response=\"\"",
	  IMSAKA_DIGEST_ALG_NONE, false },
	/* SM7 */
	{ IMSAKA_DIGEST_CREDENTIALS,
	  "Digest username=\"user1_private@home1.net\", realm=\"home1.net\", "
	  "nonce=\"A34Cm+Fva37UYWpGNB34JP\", algorithm=AKAv1-MD5, "
	  "uri=\"sip:registrar.home1.net\", "
	  "response=\"6629fae49393a05397450978507c4ef1\", qop=auth-int, "
	  "cnonce=\"0a4f113b\", nc=00000001, opaque=\"5ccc069c\", "
	  "integrity-protected=\"yes\"", IMSAKA_DIGEST_ALG_AKAV1_MD5, false },
	/* synchronisation failure: auts, empty password */
	{ IMSAKA_DIGEST_CREDENTIALS,
	  "Digest username=\"jon.dough@domain.com\",realm=\"domain.com\","
	  "nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\","
	  "uri=\"sip:domain.com\",response=\"4429ffe49393c02397450934607c4ef1\","
	  "algorithm=AKAv1-MD5,auts=\"5PYxMuX2NOT2NeO=\"",
	  IMSAKA_DIGEST_ALG_AKAV1_MD5, false },
	/* unknown parameters and algorithms are kept */
	{ IMSAKA_DIGEST_CHALLENGE,
	  "digest realm=x, nonce=\"n\", algorithm=SHA-256, x-ext=\"a, b\", y=z",
	  IMSAKA_DIGEST_ALG_OTHER, false },
};

START_TEST(test_round_trip)
{
	imsaka_digest_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	char buf[IMSAKA_DIGEST_MAX_TEXT];
	imsaka_secagree_err_t err;
	size_t len;

	err = imsaka_digest_parse(a, headers[_i].kind, headers[_i].value,
							  strlen(headers[_i].value));
	ck_assert_msg(err == IMSAKA_SECAGREE_OK, "%s at %zu", imsaka_secagree_strerror(err),
				  a->error_offset);
	ck_assert_int_eq(a->alg, headers[_i].alg);
	ck_assert_int_eq(imsaka_digest_build(a, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_parse(b, headers[_i].kind, buf, len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_msg(imsaka_digest_equals(a, b), "%s", buf);
	if (headers[_i].keys)
	{
		ck_assert(a->present & (1u << IMSAKA_DIGEST_CK));
		ck_assert_uint_eq(a->ck[15], 0x0f);
		ck_assert_uint_eq(a->ik[0], 0xf0);
	}
	imsaka_digest_wipe(a);
	free(a);
	free(b);
}
END_TEST

/**
 * The first header above has 31 hex digits in ck/ik: not keys.
 */
START_TEST(test_bad_keys)
{
	imsaka_digest_t *h = malloc(sizeof(*h));

	ck_assert_int_eq(imsaka_digest_parse(h, headers[0].kind, headers[0].value,
										 strlen(headers[0].value)),
					 IMSAKA_SECAGREE_ERR_BAD_KEY);
	free(h);
}
END_TEST

START_TEST(test_strip_keys)
{
	imsaka_digest_t *h = malloc(sizeof(*h));
	char buf[IMSAKA_DIGEST_MAX_TEXT];
	const char *v;
	size_t len;

	ck_assert_int_eq(imsaka_digest_parse(h, headers[1].kind, headers[1].value,
										 strlen(headers[1].value)),
					 IMSAKA_SECAGREE_OK);
	imsaka_digest_strip_keys(h);
	ck_assert_int_eq(imsaka_digest_build(h, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_str_eq(buf, "Digest realm=\"ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\", "
		"qop=\"auth,auth-int\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
		"algorithm=AKAv2-MD5");
	ck_assert(!strstr(h->text, "000102030405060708090a0b0c0d0e0f"));
	ck_assert(!imsaka_digest_get(h, IMSAKA_DIGEST_CK, &v, &len));
	ck_assert(imsaka_digest_get(h, IMSAKA_DIGEST_NONCE, &v, &len));
	ck_assert_uint_eq(len, 46);
	ck_assert(imsaka_digest_get(h, IMSAKA_DIGEST_ALGORITHM, &v, &len));
	ck_assert_uint_eq(len, 9);
	ck_assert_int_eq(imsaka_digest_build(h, buf, 20, &len),
					 IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL);
	free(h);
}
END_TEST

START_TEST(test_set)
{
	imsaka_digest_t *h = malloc(sizeof(*h)), *p = malloc(sizeof(*p));
	char buf[IMSAKA_DIGEST_MAX_TEXT];
	const char *v;
	size_t len;

	/* the S-CSCF's challenge built from values */
	imsaka_digest_init(h, IMSAKA_DIGEST_CHALLENGE);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_REALM, "ims.test"),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_NONCE, "bm9uY2U="),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_ALGORITHM,
									   "AKAv1-MD5"), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_QOP, "auth"),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_CK,
						"000102030405060708090a0b0c0d0e0f"), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_CK, "00"),
					 IMSAKA_SECAGREE_ERR_BAD_KEY);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_REALM, "a\"b"),
					 IMSAKA_SECAGREE_ERR_BAD_VALUE);
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_ALGORITHM, "a b"),
					 IMSAKA_SECAGREE_ERR_BAD_VALUE);
	/* replacing keeps the place */
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_REALM, "ims.example"),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_digest_build(h, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_str_eq(buf, "Digest realm=\"ims.example\", nonce=\"bm9uY2U=\", "
					 "algorithm=AKAv1-MD5, qop=\"auth\", "
					 "ck=\"000102030405060708090a0b0c0d0e0f\"");
	ck_assert_int_eq(imsaka_digest_parse(p, IMSAKA_DIGEST_CHALLENGE, buf, len),
					 IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_digest_equals(h, p));
	ck_assert_uint_eq(p->ck[1], 0x01);

	/* credentials: qop and nc unquoted */
	imsaka_digest_init(h, IMSAKA_DIGEST_CREDENTIALS);
	imsaka_digest_set(h, IMSAKA_DIGEST_USERNAME, "u@ims.test");
	imsaka_digest_set(h, IMSAKA_DIGEST_QOP, "auth");
	ck_assert_int_eq(imsaka_digest_set(h, IMSAKA_DIGEST_NC, "0000000a"),
					 IMSAKA_SECAGREE_OK);
	ck_assert_uint_eq(h->nc, 10);
	ck_assert(imsaka_digest_get(h, IMSAKA_DIGEST_USERNAME, &v, &len));
	ck_assert_uint_eq(len, 10);
	imsaka_digest_build(h, buf, sizeof(buf), &len);
	ck_assert_str_eq(buf, "Digest username=\"u@ims.test\", qop=auth, "
					 "nc=0000000a");
	ck_assert_str_eq(imsaka_digest_param_name(IMSAKA_DIGEST_AUTS), "auts");
	free(h);
	free(p);
}
END_TEST

Suite *digest_header_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("round trip"),
		TEST_RANGE(test_round_trip, 1, TEST_COUNT(headers)),
		TEST_ONCE(test_bad_keys),
		TEST_CASE("edit"),
		TEST_ONCE(test_strip_keys),
		TEST_ONCE(test_set),
	};

	return test_suite_build("digest_header", tests, TEST_COUNT(tests));
}

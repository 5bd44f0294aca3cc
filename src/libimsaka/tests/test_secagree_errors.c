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

#include "test_secagree.h"

#include <digest_header.h>

#include <stdio.h>
#include <stdlib.h>

/** a long run of one character, for the limits */
static char *repeat(const char *prefix, char c, size_t n, const char *suffix)
{
	size_t plen = strlen(prefix), slen = strlen(suffix);
	char *s = malloc(plen + n + slen + 1);

	memcpy(s, prefix, plen);
	memset(s + plen, c, n);
	memcpy(s + plen + n, suffix, slen + 1);
	return s;
}

/** a list of n copies of item joined by sep, after prefix */
static char *join(const char *prefix, const char *item, const char *sep,
				  unsigned int n)
{
	char *s = malloc(strlen(prefix) + n * (strlen(item) + strlen(sep) + 4) + 1);
	unsigned int i;

	strcpy(s, prefix);
	for (i = 0; i < n; i++)
	{
		sprintf(s + strlen(s), "%s%s%u", i ? sep : "", item, i);
	}
	return s;
}

/**
 * Security agreement inputs and the error each must give; NULL value: built
 * by the test (index in the switch below).
 */
static const struct {
	const char *value;
	imsaka_secagree_err_t err;
} sa_errors[] = {
	{ "", IMSAKA_SECAGREE_ERR_EMPTY },
	{ " \t ", IMSAKA_SECAGREE_ERR_EMPTY },
	{ "tls, ", IMSAKA_SECAGREE_ERR_EMPTY },
	{ "tls,,digest", IMSAKA_SECAGREE_ERR_EMPTY },
	{ NULL, IMSAKA_SECAGREE_ERR_TOO_LONG },
	{ NULL, IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES },
	{ NULL, IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS },
	{ NULL, IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN },
	{ NULL, IMSAKA_SECAGREE_ERR_NAME_TOO_LONG },
	{ NULL, IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG },
	{ "\"tls\"", IMSAKA_SECAGREE_ERR_BAD_MECHANISM },
	{ ";q=1", IMSAKA_SECAGREE_ERR_BAD_MECHANISM },
	{ "tls;=1", IMSAKA_SECAGREE_ERR_BAD_PARAM },
	{ "tls;;q=1", IMSAKA_SECAGREE_ERR_BAD_PARAM },
	{ "tls;q=", IMSAKA_SECAGREE_ERR_BAD_VALUE },
	{ "tls;x=[zz]", IMSAKA_SECAGREE_ERR_BAD_VALUE },
	{ "tls;x=\"abc", IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE },
	{ "tls;x=\"abc\\\"", IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE },
	{ "ipsec-3gpp;alg=null x", IMSAKA_SECAGREE_ERR_GARBAGE },
	{ "tls/1.2", IMSAKA_SECAGREE_ERR_GARBAGE },
	{ "tls;q=0.1;Q=0.2", IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM },
	{ "ipsec-3gpp;spi-c=1;spi-c=1", IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM },
	{ "ipsec-3gpp;spi-c", IMSAKA_SECAGREE_ERR_MISSING_VALUE },
	{ "ipsec-3gpp;nat-u=1", IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE },
	{ "ipsec-3gpp;spi-c=4294967296", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;spi-c=-1", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;spi-s=+1", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;spi-s=0x10", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;spi-s=12345678901", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;spi-s=\"1\"", IMSAKA_SECAGREE_ERR_BAD_SPI },
	{ "ipsec-3gpp;port-c=0", IMSAKA_SECAGREE_ERR_BAD_PORT },
	{ "ipsec-3gpp;port-s=65536", IMSAKA_SECAGREE_ERR_BAD_PORT },
	{ "ipsec-3gpp;port-s=5o60", IMSAKA_SECAGREE_ERR_BAD_PORT },
	{ "tls;q=1.5", IMSAKA_SECAGREE_ERR_BAD_Q },
	{ "tls;q=1.001", IMSAKA_SECAGREE_ERR_BAD_Q },
	{ "tls;q=0.1234", IMSAKA_SECAGREE_ERR_BAD_Q },
	{ "tls;q=.5", IMSAKA_SECAGREE_ERR_BAD_Q },
	{ "tls;q=2", IMSAKA_SECAGREE_ERR_BAD_Q },
	{ "digest;d-ver=0123456789abcdef0123456789abcdef", IMSAKA_SECAGREE_ERR_BAD_D_VER },
	{ "digest;d-ver=\"0123\"", IMSAKA_SECAGREE_ERR_BAD_D_VER },
	{ "ipsec-3gpp;hash-ul=796b5eed", IMSAKA_SECAGREE_ERR_BAD_HASH },
	{ "ipsec-3gpp;hash-pl=\"796b5eed70c49b49cdee41f7eb6272be691a2b0c\"",
	  IMSAKA_SECAGREE_ERR_BAD_HASH },
	{ "ipsec-3gpp;oa-ul=\"192.0.2:5060\"", IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
	{ "ipsec-3gpp;oa-ul=[2001:db8::1]", IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
	{ "ipsec-3gpp;oa-pp=\"192.0.2.1\"", IMSAKA_SECAGREE_ERR_BAD_PORT },
	{ "tls-aka;cs=13g1", IMSAKA_SECAGREE_ERR_BAD_SUITES },
	{ "tls-aka;cs=1301.", IMSAKA_SECAGREE_ERR_BAD_SUITES },
	{ "tls-aka;cs=1301..1302", IMSAKA_SECAGREE_ERR_BAD_SUITES },
	{ NULL, IMSAKA_SECAGREE_ERR_TOO_MANY_SUITES },
	{ "tls-aka;sid=abc", IMSAKA_SECAGREE_ERR_BAD_SID },
	{ "tls-aka;sid=zz", IMSAKA_SECAGREE_ERR_BAD_SID },
};

/** build the inputs of the limits */
static char *sa_error_input(unsigned int i)
{
	switch (sa_errors[i].err)
	{
		case IMSAKA_SECAGREE_ERR_TOO_LONG:
			return repeat("tls;x=", 'a', IMSAKA_SECAGREE_MAX_TEXT, "");
		case IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES:
			return join("", "tls;n=", ",", IMSAKA_SECAGREE_MAX_ENTRIES + 1);
		case IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS:
			return join("ipsec-3gpp;alg=null;ealg=null;prot=esp;mod=tun;"
						"spi-c=1;spi-s=1;port-c=1;port-s=1;q=1;nat-u;nat-p;"
						"cs=1301;sid=00;", "u", ";", 12);
		case IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN:
			return join("tls;", "u", ";", IMSAKA_SECAGREE_MAX_UNKNOWN + 1);
		case IMSAKA_SECAGREE_ERR_NAME_TOO_LONG:
			return repeat("", 'm', IMSAKA_SECAGREE_MAX_NAME + 1, "");
		case IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG:
			return repeat("tls;x=", 'v', IMSAKA_SECAGREE_MAX_VALUE + 1, "");
		case IMSAKA_SECAGREE_ERR_TOO_MANY_SUITES:
			return strdup("tls-aka;cs=1301.1302.1303.1304.1305.00a8.00a9."
						  "00aa.00ab.00ac.00ad.00ae.00af.c02b.c02c.c02f.c030");
		default:
			return strdup(sa_errors[i].value);
	}
}

START_TEST(test_sa_errors)
{
	imsaka_secagree_list_t *l = malloc(sizeof(*l));
	char *value = sa_error_input(_i);
	imsaka_secagree_err_t err;

	imsaka_secagree_list_init(l);
	err = imsaka_secagree_list_parse(l, value, strlen(value));
	ck_assert_msg(err == sa_errors[_i].err, "'%.80s': got '%s', want '%s'",
				  value, imsaka_secagree_strerror(err),
				  imsaka_secagree_strerror(sa_errors[_i].err));
	ck_assert_uint_eq(l->count, 0);
	ck_assert(l->error_offset <= strlen(value));
	free(value);
	free(l);
}
END_TEST

/**
 * Digest header inputs and their errors.
 */
static const struct {
	imsaka_digest_kind_t kind;
	const char *value;
	imsaka_secagree_err_t err;
} digest_errors[] = {
	{ IMSAKA_DIGEST_CHALLENGE, "", IMSAKA_SECAGREE_ERR_EMPTY },
	{ IMSAKA_DIGEST_CHALLENGE, "Basic realm=\"x\"", IMSAKA_SECAGREE_ERR_BAD_SCHEME },
	{ IMSAKA_DIGEST_CHALLENGE, "Digestrealm=\"x\"", IMSAKA_SECAGREE_ERR_BAD_SCHEME },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest", IMSAKA_SECAGREE_ERR_MISSING_PARAM },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x\"",
	  IMSAKA_SECAGREE_ERR_MISSING_PARAM },
	{ IMSAKA_DIGEST_CREDENTIALS, "Digest realm=\"x\", nonce=\"\", uri=\"sip:x\","
	  " response=\"\"", IMSAKA_SECAGREE_ERR_MISSING_PARAM },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm", IMSAKA_SECAGREE_ERR_MISSING_VALUE },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x\", realm=\"y\"",
	  IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x\" nonce=\"y\"",
	  IMSAKA_SECAGREE_ERR_GARBAGE },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x", IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x\", nonce=\"y\", ck=\"00\"",
	  IMSAKA_SECAGREE_ERR_BAD_KEY },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest realm=\"x\", nonce=\"y\", "
	  "ik=000102030405060708090a0b0c0d0e0f", IMSAKA_SECAGREE_ERR_BAD_KEY },
	{ IMSAKA_DIGEST_CREDENTIALS, "Digest username=\"u\", nc=1",
	  IMSAKA_SECAGREE_ERR_BAD_NC },
	{ IMSAKA_DIGEST_CHALLENGE, "Digest , realm=\"x\"", IMSAKA_SECAGREE_ERR_BAD_PARAM },
};

START_TEST(test_digest_errors)
{
	imsaka_digest_t *h = malloc(sizeof(*h));
	imsaka_secagree_err_t err;

	err = imsaka_digest_parse(h, digest_errors[_i].kind,
							  digest_errors[_i].value,
							  strlen(digest_errors[_i].value));
	ck_assert_msg(err == digest_errors[_i].err, "'%s': got '%s', want '%s'",
				  digest_errors[_i].value, imsaka_secagree_strerror(err),
				  imsaka_secagree_strerror(digest_errors[_i].err));
	free(h);
}
END_TEST

START_TEST(test_digest_limits)
{
	imsaka_digest_t *h = malloc(sizeof(*h));
	char *value;

	value = repeat("Digest realm=\"", 'r', IMSAKA_DIGEST_MAX_TEXT, "\"");
	ck_assert_int_eq(imsaka_digest_parse(h, IMSAKA_DIGEST_CHALLENGE, value,
										 strlen(value)), IMSAKA_SECAGREE_ERR_TOO_LONG);
	free(value);
	value = repeat("Digest realm=\"", 'r', IMSAKA_DIGEST_MAX_VALUE, "\"");
	ck_assert_int_eq(imsaka_digest_parse(h, IMSAKA_DIGEST_CHALLENGE, value,
										 strlen(value)),
					 IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG);
	free(value);
	value = join("Digest ", "x=", ", ", IMSAKA_DIGEST_MAX_UNKNOWN + 1);
	ck_assert_int_eq(imsaka_digest_parse(h, IMSAKA_DIGEST_CHALLENGE, value,
										 strlen(value)),
					 IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN);
	free(value);
	value = repeat("Digest ", 'n', IMSAKA_SECAGREE_MAX_NAME + 1, "=1");
	ck_assert_int_eq(imsaka_digest_parse(h, IMSAKA_DIGEST_CHALLENGE, value,
										 strlen(value)),
					 IMSAKA_SECAGREE_ERR_NAME_TOO_LONG);
	free(value);
	free(h);
}
END_TEST

/**
 * Every parser error code is reached by an input of the tables above (the
 * others come from building, negotiation and checks, tested elsewhere).
 */
START_TEST(test_coverage)
{
	bool seen[IMSAKA_SECAGREE_ERR_COUNT] = { false };
	unsigned int i;

	for (i = 0; i < sizeof(sa_errors) / sizeof(sa_errors[0]); i++)
	{
		seen[sa_errors[i].err] = true;
	}
	for (i = 0; i < sizeof(digest_errors) / sizeof(digest_errors[0]); i++)
	{
		seen[digest_errors[i].err] = true;
	}
	seen[IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG] = true;	/* also test_digest_limits */
	for (i = IMSAKA_SECAGREE_ERR_EMPTY; i <= IMSAKA_SECAGREE_ERR_MISSING_PARAM; i++)
	{
		ck_assert_msg(seen[i], "no input gives '%s'", imsaka_secagree_strerror(i));
	}
	for (i = 0; i <= IMSAKA_SECAGREE_ERR_COUNT; i++)
	{
		ck_assert(imsaka_secagree_strerror(i) != NULL);
		ck_assert(imsaka_secagree_response_code(i) >= 200);
	}
	ck_assert_int_eq(imsaka_secagree_response_code(IMSAKA_SECAGREE_ERR_NO_COMMON), 494);
	ck_assert_int_eq(imsaka_secagree_response_code(IMSAKA_SECAGREE_ERR_NO_OFFER), 494);
	ck_assert_int_eq(imsaka_secagree_response_code(IMSAKA_SECAGREE_ERR_CLIENT_CHANGED), 403);
	ck_assert_int_eq(imsaka_secagree_response_code(IMSAKA_SECAGREE_ERR_BAD_SPI), 400);
	ck_assert_str_eq(imsaka_secagree_strerror(IMSAKA_SECAGREE_ERR_COUNT), "unknown error");
}
END_TEST

Suite *secagree_errors_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("sec-agree"),
		TEST_LOOP(test_sa_errors, TEST_COUNT(sa_errors)),
		TEST_CASE("digest"),
		TEST_LOOP(test_digest_errors, TEST_COUNT(digest_errors)),
		TEST_ONCE(test_digest_limits),
		TEST_CASE("coverage"),
		TEST_ONCE(test_coverage),
	};

	return test_suite_build("secagree_errors", tests, TEST_COUNT(tests));
}

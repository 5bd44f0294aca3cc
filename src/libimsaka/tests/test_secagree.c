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

#include <stdlib.h>

/**
 * Real headers: parse, build, parse again gives the same model; the
 * canonical ones also print exactly as received.
 */
static const struct {
	const char *value;
	unsigned int count;
	bool exact;
} round_trips[] = {
	/* Security-Server as Kamailio's ims_ipsec_pcscf emits it */
	{ "ipsec-3gpp;prot=esp;mod=trans;spi-c=100;spi-s=101;port-c=5100;"
	  "port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc", 1, true },
	/* TS 24.228 / TS 24.229 style SM1, spaces after ';' */
	{ "ipsec-3gpp; alg=hmac-sha-1-96; spi-c=23456789; spi-s=12345678; "
	  "port-c=2468; port-s=1357", 1, false },
	/* a real UE: alg x ealg, same SPIs and ports */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347, "
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347, "
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=null;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347, "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347, "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347, "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;mod=trans;port-c=65316;"
	  "port-s=65317;prot=esp;spi-c=1801893447;spi-s=3482487347", 6, true },
	/* RFC 3329 section 3 examples */
	{ "digest, tls", 2, true },
	{ "ipsec-ike;q=0.1, tls;q=0.2", 2, true },
	{ "digest;d-alg=md5;d-qop=auth-int;q=0.5;"
	  "d-ver=\"0123456789abcdef0123456789abcdef\"", 1, true },
	/* TS 33.203 Annex M: NAT traversal mode, AES-GCM with null alg */
	{ "ipsec-3gpp;alg=null;ealg=aes-gcm;mod=UDP-enc-tun;spi-c=1;spi-s=2;"
	  "port-c=5062;port-s=5064, ipsec-3gpp;alg=aes-gmac;ealg=null;"
	  "mod=UDP-enc-tun;spi-c=1;spi-s=2;port-c=5062;port-s=5064", 2, true },
	/* the project's TLS mechanisms */
	{ "tls-psk;q=0.4;cs=1301.00a8, tls-aka;cs=1301.1302.c02b;port-s=5061",
	  2, true },
	{ "tls-aka;cs=1301;sid=00112233445566778899aabbccddeeff;port-s=5061", 1,
	  true },
	/* the NAT-T extension, SM1 and SM7 (IPv4 and IPv6) */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;spi-c=100;spi-s=101;"
	  "port-c=5100;port-s=5200;nat-u;"
	  "hash-ul=796b5eed70c49b49cdee41f7eb6272be691a2b0c;"
	  "hash-pp=bc6e6b93e63127957694e2054828c7ca5ea64cbe;"
	  "oa-ul=\"192.0.2.1:5060\";oa-up=\"[2001:db8::1]:5060\"", 1, true },
	/* the NAT-T extension, SM6 and SM12 */
	{ "ipsec-3gpp;prot=esp;mod=UDP-enc-tun;spi-c=3333;spi-s=4444;"
	  "port-c=5100;port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc;nat-p;"
	  "hash-pl=796b5eed70c49b49cdee41f7eb6272be691a2b0c;"
	  "hash-up=bc6e6b93e63127957694e2054828c7ca5ea64cbe;"
	  "oa-pl=\"198.51.100.1:5060\";oa-pp=\"[2001:db8::ffff]:5060\"", 1, true },
	/* unknown parameters, mechanisms and values kept as received */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;port-s=4;"
	  "foo=bar;x=\"quoted, with comma; and semicolon\";flag;v6=[2001:db8::2]",
	  1, true },
	{ "future-mech;a=b;q=0.7, ipsec-3gpp;alg=hmac-sha-256-128;spi-c=1;"
	  "spi-s=2;port-c=3;port-s=4", 2, true },
	/* case and white space of the wire */
	{ "IPSEC-3GPP ; ALG = HMAC-SHA-1-96 ;\tMod=udp-enc-tun;q=1.000 ,\r\n TLS",
	  2, false },
};

START_TEST(test_round_trip)
{
	imsaka_secagree_list_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	char buf[IMSAKA_SECAGREE_MAX_TEXT];
	size_t len;

	sa_parse(a, round_trips[_i].value);
	ck_assert_uint_eq(a->count, round_trips[_i].count);
	ck_assert_int_eq(imsaka_secagree_list_build(a, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_uint_eq(len, strlen(buf));
	if (round_trips[_i].exact)
	{
		ck_assert_str_eq(buf, round_trips[_i].value);
	}
	sa_parse(b, buf);
	ck_assert_msg(imsaka_secagree_list_equals(a, b, 0), "'%s' -> '%s'",
				  round_trips[_i].value, buf);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_model)
{
	imsaka_secagree_list_t *l = malloc(sizeof(*l));
	const imsaka_secagree_entry_t *e;
	const char *v;
	size_t vl;

	sa_parse(l, round_trips[0].value);
	e = &l->entries[0];
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(e->alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(e->ealg, IMSAKA_ESP_EALG_AES_CBC);
	ck_assert_int_eq(e->mod, IMSAKA_SECAGREE_MOD_TRANS);
	ck_assert_uint_eq(e->spi_c, 100);
	ck_assert_uint_eq(e->spi_s, 101);
	ck_assert_uint_eq(e->port_c, 5100);
	ck_assert_uint_eq(e->port_s, 5200);
	ck_assert_uint_eq(imsaka_secagree_entry_q(e), 1000);

	sa_parse(l, "ipsec-3gpp;alg=hmac-md5-96;spi-s=4294967295;q=0.05");
	e = &l->entries[0];
	ck_assert_uint_eq(e->spi_s, 4294967295u);
	ck_assert_uint_eq(e->q, 50);
	ck_assert_int_eq(imsaka_secagree_entry_ealg(e), IMSAKA_ESP_EALG_NULL);
	ck_assert_int_eq(imsaka_secagree_entry_mod(e), IMSAKA_SECAGREE_MOD_TRANS);
	ck_assert_int_eq(imsaka_secagree_entry_prot(e), IMSAKA_SECAGREE_PROT_ESP);
	ck_assert(!e->unsupported);

	/* a future alg is kept but never chosen */
	sa_parse(l, round_trips[12].value);
	ck_assert_int_eq(l->entries[0].mech, IMSAKA_SECAGREE_MECH_OTHER);
	ck_assert(l->entries[1].unsupported);
	ck_assert(!(l->entries[1].present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG)));

	sa_parse(l, round_trips[9].value);
	e = &l->entries[0];
	ck_assert_uint_eq(e->oa_up.family, 6);
	ck_assert_uint_eq(e->oa_up.port, 5060);
	ck_assert_uint_eq(e->oa_ul.family, 4);
	ck_assert_uint_eq(e->hash_ul[0], 0x79);

	sa_parse(l, round_trips[7].value);
	ck_assert_uint_eq(l->entries[1].suite_count, 3);
	ck_assert_uint_eq(l->entries[1].suites[2], 0xc02b);
	(void)v;
	(void)vl;
	free(l);
}
END_TEST

START_TEST(test_several_headers)
{
	imsaka_secagree_list_t *l = malloc(sizeof(*l)), *one = malloc(sizeof(*one));
	const char *h1 = "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;"
					 "port-s=4", *h2 = "tls-aka;cs=1301", *bad = "tls;q=7";

	imsaka_secagree_list_init(l);
	ck_assert_int_eq(imsaka_secagree_list_parse(l, h1, strlen(h1)), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_secagree_list_parse(l, bad, strlen(bad)),
					 IMSAKA_SECAGREE_ERR_BAD_Q);
	ck_assert_int_eq(imsaka_secagree_list_parse(l, h2, strlen(h2)), IMSAKA_SECAGREE_OK);
	ck_assert_uint_eq(l->count, 2);
	sa_parse(one, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;"
			 "port-s=4, tls-aka;cs=1301");
	ck_assert(imsaka_secagree_list_equals(l, one, 0));
	free(l);
	free(one);
}
END_TEST

START_TEST(test_build_entry)
{
	imsaka_secagree_list_t *l = malloc(sizeof(*l)), *copy = malloc(sizeof(*copy));
	imsaka_secagree_entry_t e;
	char buf[256];
	size_t len;

	/* the P-CSCF's Security-Server, built from nothing */
	imsaka_secagree_entry_init(&e, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	e.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_Q);
	e.alg = IMSAKA_ESP_ALG_HMAC_SHA1_96;
	e.spi_c = 7;
	e.mod = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN;
	e.q = 100;
	imsaka_secagree_list_init(l);
	ck_assert_int_eq(imsaka_secagree_entry_build(l, &e, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_str_eq(buf, "ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;mod=UDP-enc-tun;"
					 "spi-c=7");
	ck_assert_int_eq(imsaka_secagree_entry_build(l, &e, buf, 10, &len),
					 IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL);
	ck_assert_str_eq(buf, "");

	/* copying an entry with unknown texts into another list */
	sa_parse(l, "x-mech;foo=\"bar\", tls");
	imsaka_secagree_list_init(copy);
	ck_assert_int_eq(imsaka_secagree_list_add(copy, l, &l->entries[0]),
					 IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_secagree_entry_equals(l, &l->entries[0], copy,
									 &copy->entries[0], 0));
	ck_assert(!imsaka_secagree_entry_equals(l, &l->entries[1], copy,
									  &copy->entries[0], 0));
	ck_assert_int_eq(imsaka_secagree_list_build(copy, buf, sizeof(buf), &len),
					 IMSAKA_SECAGREE_OK);
	ck_assert_str_eq(buf, "x-mech;foo=\"bar\"");
	free(l);
	free(copy);
}
END_TEST

START_TEST(test_equals)
{
	imsaka_secagree_list_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	/* parameter order and case do not matter, values do */
	sa_parse(a, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;x=\"A\"");
	sa_parse(b, "ipsec-3gpp;SPI-C=01;Alg=HMAC-SHA-1-96;x=\"A\"");
	ck_assert(imsaka_secagree_list_equals(a, b, 0));
	sa_parse(b, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;x=\"a\"");
	ck_assert(!imsaka_secagree_list_equals(a, b, 0));
	sa_parse(b, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=2;x=\"A\"");
	ck_assert(!imsaka_secagree_list_equals(a, b, 0));
	ck_assert(imsaka_secagree_list_equals(a, b, IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C)));
	sa_parse(b, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;x=\"A\", tls");
	ck_assert(!imsaka_secagree_list_equals(a, b, 0));
	free(a);
	free(b);
}
END_TEST

START_TEST(test_addr)
{
	static const struct {
		const char *text;
		bool need_port;
		imsaka_secagree_err_t err;
		uint8_t family;
		uint16_t port;
		const char *printed;
	} tests[] = {
		{ "192.0.2.1:5060", true, IMSAKA_SECAGREE_OK, 4, 5060, "192.0.2.1:5060" },
		{ "192.0.2.1", false, IMSAKA_SECAGREE_OK, 4, 0, "192.0.2.1" },
		{ "192.0.2.1", true, IMSAKA_SECAGREE_ERR_BAD_PORT, 0, 0, NULL },
		{ "[2001:DB8::1]:4500", true, IMSAKA_SECAGREE_OK, 6, 4500,
		  "[2001:db8::1]:4500" },
		{ "2001:db8::1", false, IMSAKA_SECAGREE_OK, 6, 0, "2001:db8::1" },
		{ "[2001:db8::1]", false, IMSAKA_SECAGREE_OK, 6, 0, "2001:db8::1" },
		{ "[2001:db8::1]x", false, IMSAKA_SECAGREE_ERR_BAD_ADDRESS, 0, 0, NULL },
		{ "[2001:db8::1", false, IMSAKA_SECAGREE_ERR_BAD_ADDRESS, 0, 0, NULL },
		{ "192.0.2:5060", true, IMSAKA_SECAGREE_ERR_BAD_ADDRESS, 0, 0, NULL },
		{ "192.0.2.1:0", true, IMSAKA_SECAGREE_ERR_BAD_PORT, 0, 0, NULL },
		{ "192.0.2.1:65536", true, IMSAKA_SECAGREE_ERR_BAD_PORT, 0, 0, NULL },
		{ "192.0.2.1:+80", true, IMSAKA_SECAGREE_ERR_BAD_PORT, 0, 0, NULL },
		{ "pcscf.example.com:5060", true, IMSAKA_SECAGREE_ERR_BAD_ADDRESS, 0, 0,
		  NULL },
		{ "", false, IMSAKA_SECAGREE_ERR_BAD_ADDRESS, 0, 0, NULL },
	};
	char buf[IMSAKA_ADDR_STRLEN];
	imsaka_addr_t addr;
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		ck_assert_msg(imsaka_addr_parse(tests[i].text, strlen(tests[i].text),
										tests[i].need_port, &addr) ==
					  tests[i].err, "%s", tests[i].text);
		if (tests[i].err == IMSAKA_SECAGREE_OK)
		{
			ck_assert_uint_eq(addr.family, tests[i].family);
			ck_assert_uint_eq(addr.port, tests[i].port);
			ck_assert(imsaka_addr_format(&addr, buf, sizeof(buf)));
			ck_assert_str_eq(buf, tests[i].printed);
		}
	}
}
END_TEST

START_TEST(test_addr_same_ip)
{
	static const struct {
		const char *a, *b;
		bool same;
	} tests[] = {
		{ "192.0.2.1:5060", "192.0.2.1:5070", true },
		{ "192.0.2.1", "192.0.2.1:4500", true },
		{ "192.0.2.1", "192.0.2.2", false },
		{ "[2001:db8::1]:5060", "2001:db8::1", true },
		{ "2001:db8::1", "2001:db8::2", false },
		/* ::ffff:192.0.2.1 is another family */
		{ "192.0.2.1", "::ffff:192.0.2.1", false },
	};
	imsaka_addr_t a, b, unset = {};
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		ck_assert_int_eq(imsaka_addr_parse(tests[i].a, strlen(tests[i].a),
										   false, &a), IMSAKA_SECAGREE_OK);
		ck_assert_int_eq(imsaka_addr_parse(tests[i].b, strlen(tests[i].b),
										   false, &b), IMSAKA_SECAGREE_OK);
		ck_assert_msg(imsaka_addr_same_ip(&a, &b) == tests[i].same, "%s %s",
					  tests[i].a, tests[i].b);
		ck_assert(imsaka_addr_same_ip(&b, &a) == tests[i].same);
	}
	/* unset addresses are nobody's */
	ck_assert(!imsaka_addr_same_ip(&unset, &unset));
	ck_assert(!imsaka_addr_same_ip(&unset, &a));
}
END_TEST

Suite *secagree_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("round trip"),
		TEST_LOOP(test_round_trip, TEST_COUNT(round_trips)),
		TEST_CASE("model"),
		TEST_ONCE(test_model),
		TEST_ONCE(test_several_headers),
		TEST_ONCE(test_build_entry),
		TEST_ONCE(test_equals),
		TEST_ONCE(test_addr),
		TEST_ONCE(test_addr_same_ip),
	};

	return test_suite_build("secagree", tests, TEST_COUNT(tests));
}

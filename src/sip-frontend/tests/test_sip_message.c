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
 * Tests of the libosip2 adapter: sec-agree headers, Via NAT detection and
 * the ck/ik of the 401 on real libosip2 messages.
 */

#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sip_tests.h"
#include "../sip/sip_message.h"

/* TS 24.229 / TS 33.203 style SM1 from a UE behind a NAT */
static const char sm1[] =
	"REGISTER sip:ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bKnashds7;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:ue@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:ue@ims.example.net>\r\n"
	"Call-ID: apb03a0s09dkjdfglkj49111\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Contact: <sip:ue@10.1.0.10:5060>;expires=600000\r\n"
	"Require: sec-agree\r\n"
	"Proxy-Require: sec-agree\r\n"
	"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
		"spi-c=23456789;spi-s=12345678;port-c=2468;port-s=1357, "
		"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;spi-c=23456789;"
		"spi-s=12345678;port-c=2468;port-s=1357\r\n"
	"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;"
		"spi-c=23456789;spi-s=12345678;port-c=2468;port-s=1357;x-vendor=1\r\n"
	"Content-Length: 0\r\n\r\n";

/* the S-CSCF's 401 with CK and IK for the P-CSCF (TS 24.229 5.4.1.2.1) */
static const char sm4[] =
	"SIP/2.0 401 Unauthorized\r\n"
	"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKpcscf1\r\n"
	"Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bKnashds7;"
		"received=192.0.2.1;rport=20001\r\n"
	"From: <sip:ue@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:ue@ims.example.net>;tag=5ef4\r\n"
	"Call-ID: apb03a0s09dkjdfglkj49111\r\n"
	"CSeq: 1 REGISTER\r\n"
	"WWW-Authenticate: Digest realm=\"ims.example.net\",\r\n"
	" nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\",\r\n"
	" algorithm=AKAv1-MD5, qop=\"auth\",\r\n"
	" ck=\"b40ba9a3c58b2a05bbf0d987b21bf8cb\",\r\n"
	" ik=\"f769bcd751044604127672711c6d3441\"\r\n"
	"Content-Length: 0\r\n\r\n";

static osip_message_t *parse(const char *text)
{
	osip_message_t *msg;

	ck_assert_int_eq(osip_message_init(&msg), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(msg, text, strlen(text)),
					 OSIP_SUCCESS);
	return msg;
}

static char *print(osip_message_t *msg)
{
	char *text;
	size_t len;

	ck_assert_int_eq(osip_message_to_str(msg, &text, &len), OSIP_SUCCESS);
	return text;
}

/*
 * Described in header
 */
imsaka_addr_t sip_tests_addr(const char *text)
{
	imsaka_addr_t a;

	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), true, &a),
					 IMSAKA_SECAGREE_OK);
	return a;
}

START_TEST(test_sec_get)
{
	osip_message_t *msg = parse(sm1);
	imsaka_secagree_list_t list;

	ck_assert_int_eq(imsaka_sip_sec_get(msg, IMSAKA_SIP_SECURITY_CLIENT,
										&list), IMSAKA_SECAGREE_OK);
	/* two fields, the first a comma list of two */
	ck_assert_int_eq(list.count, 3);
	ck_assert_int_eq(list.entries[0].spi_c, 23456789);
	ck_assert_int_eq(list.entries[1].port_s, 1357);
	ck_assert_int_eq(list.entries[2].unknown_count, 1);
	ck_assert_int_eq(imsaka_sip_sec_get(msg, IMSAKA_SIP_SECURITY_VERIFY,
										&list), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(list.count, 0);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_sec_set_round_trip)
{
	osip_message_t *msg = parse(sm1), *again;
	imsaka_secagree_list_t list, back;
	char *text;

	ck_assert_int_eq(imsaka_sip_sec_get(msg, IMSAKA_SIP_SECURITY_CLIENT,
										&list), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_sip_sec_set(msg, IMSAKA_SIP_SECURITY_CLIENT,
										&list), IMSAKA_SECAGREE_OK);
	text = print(msg);
	again = parse(text);
	ck_assert_int_eq(imsaka_sip_sec_get(again, IMSAKA_SIP_SECURITY_CLIENT,
										&back), IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_secagree_list_equals(&list, &back, false));
	/* the unknown parameter travels as received */
	ck_assert(strstr(text, "x-vendor=1"));
	osip_free(text);
	osip_message_free(again);

	/* an empty list removes the field */
	imsaka_secagree_list_init(&list);
	ck_assert_int_eq(imsaka_sip_sec_set(msg, IMSAKA_SIP_SECURITY_CLIENT,
										&list), IMSAKA_SECAGREE_OK);
	text = print(msg);
	ck_assert(!strcasestr(text, "Security-Client"));
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_sec_get_error)
{
	osip_message_t *msg;
	imsaka_secagree_list_t list;
	char bad[sizeof(sm1) + 64];

	snprintf(bad, sizeof(bad), "%.*sSecurity-Client: ipsec-3gpp;spi-c=x\r\n%s",
			 (int)(strstr(sm1, "Content-Length") - sm1), sm1,
			 strstr(sm1, "Content-Length"));
	msg = parse(bad);
	ck_assert_int_eq(imsaka_sip_sec_get(msg, IMSAKA_SIP_SECURITY_CLIENT,
										&list), IMSAKA_SECAGREE_ERR_BAD_SPI);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_tags)
{
	osip_message_t *msg = parse(sm1);
	bool require, proxy_require;

	imsaka_sip_secagree_tags(msg, &require, &proxy_require);
	ck_assert(require && proxy_require);
	osip_message_free(msg);

	msg = parse(sm4);
	imsaka_sip_secagree_tags(msg, &require, &proxy_require);
	ck_assert(!require && !proxy_require);
	osip_message_free(msg);
}
END_TEST

/**
 * The top Via of SM1 after imsaka_sip_via_received() from a source: the
 * NAT found and what the Via carries then
 */
static const struct {
	const char *src;
	imsaka_nat_t nat;
	/** what the printed message contains, NULL-terminated */
	const char *printed[3];
} received[] = {
	{ "192.0.2.1:20001", IMSAKA_NAT_UE,
	  { "received=192.0.2.1", "rport=20001" } },
	/* rport asked for: filled, received added as RFC 3581 says */
	{ "10.1.0.10:5060", IMSAKA_NAT_NONE, { "rport=5060", NULL } },
};

START_TEST(test_via_received)
{
	osip_message_t *msg = parse(sm1);
	imsaka_addr_t src = sip_tests_addr(received[_i].src);
	imsaka_nat_t nat = IMSAKA_NAT_BOTH;
	char *text;
	int i;

	ck_assert(imsaka_sip_via_received(msg, &src, &nat));
	ck_assert_int_eq(nat, received[_i].nat);
	text = print(msg);
	for (i = 0; received[_i].printed[i]; i++)
	{
		ck_assert_msg(strstr(text, received[_i].printed[i]), "%s", text);
	}
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_via_received_v6)
{
	static const char v6[] =
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP [fd00:1::10]:5060;branch=z9hG4bK6;rport\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\n"
		"To: <sip:ue@ims.example.net>\r\n"
		"Call-ID: v6\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
	osip_message_t *msg = parse(v6);
	imsaka_addr_t same = sip_tests_addr("[fd00:1::10]:5060");
	imsaka_addr_t other = sip_tests_addr("[2001:db8:2::1]:20002");
	imsaka_nat_t nat;
	char *text;

	ck_assert(imsaka_sip_via_received(msg, &same, &nat));
	ck_assert_int_eq(nat, IMSAKA_NAT_NONE);
	osip_message_free(msg);

	msg = parse(v6);
	ck_assert(imsaka_sip_via_received(msg, &other, &nat));
	ck_assert_int_eq(nat, IMSAKA_NAT_UE);
	text = print(msg);
	ck_assert_msg(strstr(text, "received=2001:db8:2::1") &&
				  strstr(text, "rport=20002"), "%s", text);
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_via_nat_at_ue)
{
	osip_message_t *msg = parse(sm4);
	imsaka_nat_t nat = IMSAKA_NAT_NONE;

	/* the UE looks at its own Via, which is the second one here: drop the
	 * P-CSCF's as the P-CSCF does before forwarding */
	osip_via_t *top = osip_list_get(&msg->vias, 0);
	osip_list_remove(&msg->vias, 0);
	osip_via_free(top);
	ck_assert(imsaka_sip_via_nat(msg, &nat));
	ck_assert_int_eq(nat, IMSAKA_NAT_UE);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_challenge_keys_stripped)
{
	imsaka_digest_t challenges[IMSAKA_SIP_MAX_CHALLENGES];
	osip_message_t *msg;
	uint8_t ck[16] = { 0xb4, 0x0b, 0xa9, 0xa3 };
	char *text;
	int count, i;

	ck_assert_int_eq(imsaka_sip_raw_challenges(sm4, strlen(sm4), challenges,
											   &count), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(count, 1);
	/* the folded field still gives CK and IK (TS 35.207 set 1) */
	ck_assert(memcmp(challenges[0].ck, ck, 4) == 0);
	ck_assert_int_eq(challenges[0].ik[15], 0x41);

	msg = parse(sm4);
	for (i = 0; i < count; i++)
	{
		imsaka_digest_strip_keys(&challenges[i]);
	}
	ck_assert_int_eq(imsaka_sip_set_challenges(msg, challenges, count),
					 IMSAKA_SECAGREE_OK);
	text = print(msg);
	ck_assert_msg(!strstr(text, "ck=") && !strstr(text, "ik=") &&
				  !strstr(text, "b40ba9a3"), "%s", text);
	ck_assert_msg(strstr(text, "AKAv1-MD5") && strstr(text,
				  "CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz=="), "%s", text);
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_challenge_bad)
{
	imsaka_digest_t challenges[IMSAKA_SIP_MAX_CHALLENGES];
	char bad[sizeof(sm4)];
	int count;

	/* a CK of the wrong length is refused, not truncated */
	memcpy(bad, sm4, sizeof(sm4));
	memcpy(strstr(bad, "ck=\"b4"), "ck=\"zz", 6);
	ck_assert_int_ne(imsaka_sip_raw_challenges(bad, strlen(bad), challenges,
											   &count), IMSAKA_SECAGREE_OK);
	/* no header section end: still bounded */
	ck_assert_int_eq(imsaka_sip_raw_challenges("SIP/2.0 401 x", 13,
								challenges, &count), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(count, 0);
}
END_TEST

START_TEST(test_response_494)
{
	osip_message_t *req = parse(sm1), *resp;
	char *text;

	resp = imsaka_sip_response(req, 494, "t0");
	ck_assert(resp);
	text = print(resp);
	ck_assert_msg(strncmp(text, "SIP/2.0 494 Security Agreement Required", 39)
				  == 0, "%s", text);
	ck_assert(strstr(text, "tag=t0") && strstr(text, "z9hG4bKnashds7") &&
			  strstr(text, "CSeq: 1 REGISTER"));
	osip_free(text);
	osip_message_free(resp);
	osip_message_free(req);
}
END_TEST

static Suite *sip_message_suite_create()
{
	Suite *s = suite_create("sip message");
	TCase *tc;

	tc = tcase_create("sec-agree");
	tcase_add_test(tc, test_sec_get);
	tcase_add_test(tc, test_sec_set_round_trip);
	tcase_add_test(tc, test_sec_get_error);
	tcase_add_test(tc, test_tags);
	suite_add_tcase(s, tc);

	tc = tcase_create("via");
	tcase_add_loop_test(tc, test_via_received, 0,
						sizeof(received) / sizeof(received[0]));
	tcase_add_test(tc, test_via_received_v6);
	tcase_add_test(tc, test_via_nat_at_ue);
	suite_add_tcase(s, tc);

	tc = tcase_create("auth");
	tcase_add_test(tc, test_challenge_keys_stripped);
	tcase_add_test(tc, test_challenge_bad);
	tcase_add_test(tc, test_response_494);
	suite_add_tcase(s, tc);
	return s;
}

int main()
{
	SRunner *runner;
	int failed;

	parser_init();
	runner = srunner_create(sip_message_suite_create());
	srunner_add_suite(runner, sip_fields_suite_create());
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

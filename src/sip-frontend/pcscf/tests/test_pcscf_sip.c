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
 * The SIP edits of the P-CSCF on libosip2 messages.
 */

#define _GNU_SOURCE
#include <string.h>

#include <library.h>
#include <osipparser2/osip_port.h>

#include "pcscf_tests.h"
#include "../pcscf_sip.h"

static const char reg[] =
	"REGISTER sip:ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bKue1;rport\r\n"
	"Max-Forwards: 70\r\n"
	"Route: <sip:192.0.2.20:5060;lr>, <sip:192.0.2.99;lr>\r\n"
	"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:alice@ims.example.net>\r\n"
	"Call-ID: call1\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n"
	"Require: sec-agree, path\r\n"
	"Proxy-Require: sec-agree\r\n"
	"Supported: path\r\n"
	"Authorization: Digest username=\"alice@ims.example.net\",\r\n"
	" realm=\"ims.example.net\", uri=\"sip:ims.example.net\", nonce=\"\",\r\n"
	" response=\"\", x-vendor=7\r\n"
	"Content-Length: 0\r\n\r\n";

static osip_message_t *parse(const char *text)
{
	osip_message_t *msg = pcscf_sip_parse(text, strlen(text));

	ck_assert(msg);
	return msg;
}

START_TEST(test_raw_auth)
{
	osip_message_t *msg = parse(reg);
	char impi[64], *text;
	size_t len;

	ck_assert(imsaka_sip_keep_raw_auth(msg, reg, strlen(reg)));
	ck_assert(pcscf_sip_impi(msg, impi, sizeof(impi)));
	ck_assert_str_eq(impi, "alice@ims.example.net");
	ck_assert(!pcscf_sip_impi(msg, impi, 8));
	ck_assert(pcscf_sip_set_integrity(msg, "no"));
	text = imsaka_sip_print(msg, &len);
	/* what libosip2 alone would drop is still there */
	ck_assert(strstr(text, "nonce=\"\""));
	ck_assert(strstr(text, "response=\"\""));
	ck_assert(strstr(text, "x-vendor=7"));
	ck_assert(strstr(text, "integrity-protected=\"no\""));
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_impi_refused)
{
	static const char *bad[] = {
		"Authorization: Digest username=\"al ice\", realm=\"r\", uri=\"u\", "
			"nonce=\"\", response=\"\"\r\n",
		"Authorization: Digest username=\"\", realm=\"r\", uri=\"u\", "
			"nonce=\"\", response=\"\"\r\n",
		"Authorization: Basic YWxpY2U6c2VjcmV0\r\n",
		"",
	};
	char text[1024], impi[64];
	osip_message_t *msg;

	snprintf(text, sizeof(text), "OPTIONS sip:x SIP/2.0\r\n"
			 "Via: SIP/2.0/UDP 10.1.0.10;branch=z9hG4bK1\r\n"
			 "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\n"
			 "CSeq: 1 OPTIONS\r\n%sContent-Length: 0\r\n\r\n", bad[_i]);
	msg = parse(text);
	ck_assert(imsaka_sip_keep_raw_auth(msg, text, strlen(text)));
	ck_assert(!pcscf_sip_impi(msg, impi, sizeof(impi)));
	osip_message_free(msg);
}
END_TEST

START_TEST(test_tags)
{
	osip_message_t *msg = parse(reg);
	char *text;
	size_t len;

	ck_assert(imsaka_sip_has_tag(msg, "Require", "SEC-AGREE"));
	ck_assert(imsaka_sip_remove_tag(msg, "Require", "sec-agree"));
	ck_assert(imsaka_sip_remove_tag(msg, "Proxy-Require", "sec-agree"));
	ck_assert(!imsaka_sip_has_tag(msg, "Require", "sec-agree"));
	ck_assert(imsaka_sip_has_tag(msg, "Require", "path"));
	text = imsaka_sip_print(msg, &len);
	ck_assert(!strstr(text, "sec-agree"));
	ck_assert(!strstr(text, "Proxy-Require"));
	ck_assert(strstr(text, "Require: path\r\n"));
	osip_free(text);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_via_path_route)
{
	osip_message_t *msg = parse(reg);
	imsaka_addr_t own[2], core, addr;
	char branch[PCSCF_SIP_BRANCH_MAX], *text;
	size_t len;

	ck_assert_int_eq(imsaka_addr_parse("192.0.2.20:5060", 15, true, &core),
					 IMSAKA_SECAGREE_OK);
	own[0] = core;
	own[1] = core;
	own[1].port = 0;
	imsaka_sip_route_pop_own(msg, own, 2);
	ck_assert(pcscf_sip_max_forwards(msg));
	ck_assert(pcscf_sip_push_via(msg, false, &core, "z9hG4bK-imsaka-1"));
	ck_assert(pcscf_sip_add_path(msg, &core));
	text = imsaka_sip_print(msg, &len);
	ck_assert(strstr(text, "Via: SIP/2.0/UDP 192.0.2.20:5060;"
					 "branch=z9hG4bK-imsaka-1;rport\r\n"
					 "Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bKue1"));
	ck_assert(strstr(text, "Path: <sip:term@192.0.2.20:5060;lr>\r\n"));
	ck_assert(strcasestr(text, "Max-Forwards: 69\r\n"));
	ck_assert(!strstr(text, "192.0.2.20:5060;lr>,"));
	ck_assert(strstr(text, "Route: <sip:192.0.2.99;lr>"));
	osip_free(text);
	ck_assert(pcscf_sip_top_branch(msg, branch, sizeof(branch)));
	ck_assert_str_eq(branch, "z9hG4bK-imsaka-1");
	ck_assert(pcscf_sip_pop_via(msg));
	ck_assert(pcscf_sip_top_branch(msg, branch, sizeof(branch)));
	ck_assert_str_eq(branch, "z9hG4bKue1");
	ck_assert(imsaka_sip_via_address(msg, &addr));
	ck_assert_int_eq(addr.port, 5060);
	ck_assert(!pcscf_sip_pop_via(msg));
	osip_message_free(msg);
}
END_TEST

static struct {
	const char *headers;
	bool ok;
	uint32_t expires;
} expires_tests[] = {
	{ "Contact: <sip:a@10.1.0.10>;expires=600\r\nExpires: 7\r\n", true, 600 },
	{ "Contact: <sip:a@10.1.0.10>\r\nExpires: 7\r\n", true, 7 },
	{ "Contact: *\r\nExpires: 0\r\n", true, 0 },
	{ "Contact: <sip:a@10.1.0.10>;expires=-1\r\n", false, 0 },
	{ "Expires: 99999999999\r\n", false, 0 },
	{ "Expires: 0x10\r\n", false, 0 },
	{ "", false, 0 },
};

START_TEST(test_expires)
{
	char text[1024];
	osip_message_t *msg;
	uint32_t expires = 12345;

	snprintf(text, sizeof(text), "SIP/2.0 200 OK\r\n"
			 "Via: SIP/2.0/UDP 10.1.0.10;branch=z9hG4bK1\r\n"
			 "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\n"
			 "CSeq: 1 REGISTER\r\n%sContent-Length: 0\r\n\r\n",
			 expires_tests[_i].headers);
	msg = parse(text);
	ck_assert(imsaka_sip_expires(msg, &expires) == expires_tests[_i].ok);
	if (expires_tests[_i].ok)
	{
		ck_assert_int_eq(expires, expires_tests[_i].expires);
	}
	osip_message_free(msg);
}
END_TEST

START_TEST(test_max_forwards_zero)
{
	static const char text[] = "OPTIONS sip:x SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10;branch=z9hG4bK1\r\nMax-Forwards: 0\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\n"
		"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
	osip_message_t *msg = parse(text);

	ck_assert(!pcscf_sip_max_forwards(msg));
	osip_message_free(msg);
}
END_TEST

START_TEST(test_garbage)
{
	static const char *garbage[] = {
		"", "\r\n\r\n", "REGISTER\r\n\r\n", "SIP/2.0 200\r\n\r\n",
		"REGISTER sip:x SIP/2.0\r\nCall-ID: c\r\n\r\n",
		"\x01\x02\x03\xff\xfe garbage \x00 more",
	};
	ck_assert(!pcscf_sip_parse(garbage[_i], strlen(garbage[_i])));
}
END_TEST

Suite *pcscf_sip_suite_create(void)
{
	Suite *s = suite_create("pcscf sip");
	TCase *tc = tcase_create("edits");

	tcase_add_test(tc, test_raw_auth);
	tcase_add_loop_test(tc, test_impi_refused, 0, 4);
	tcase_add_test(tc, test_tags);
	tcase_add_test(tc, test_via_path_route);
	tcase_add_loop_test(tc, test_expires, 0, countof(expires_tests));
	tcase_add_test(tc, test_max_forwards_zero);
	tcase_add_loop_test(tc, test_garbage, 0, 6);
	suite_add_tcase(s, tc);
	return s;
}

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
 * Tests of the adapter's message, header, Via, URI and Digest functions.
 * What went on the wire is read back with libosip2 directly, not through
 * the adapter.
 */

#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

#include "sip_tests.h"
#include "../sip/sip_message.h"

/* a REGISTER after the P-CSCF: Supported, Path, credentials */
static const char reg[] =
	"REGISTER sip:ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.10:5064;branch=z9hG4bKue1;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:ue@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:ue@ims.example.net>\r\n"
	"Call-ID: apb03a0s09@ue.example.net\r\n"
	"CSeq: 2 REGISTER\r\n"
	"Contact: <sip:ue@192.0.2.10:5064>;expires=600000\r\n"
	"Contact: <sip:ue@192.0.2.10:5066>\r\n"
	"Supported: path, sec-agree, 100rel\r\n"
	"Require: sec-agree\r\n"
	"Authorization: Digest username=\"ue@ims.example.net\",\r\n"
	" realm=\"ims.example.net\", nonce=\"\", uri=\"sip:ims.example.net\",\r\n"
	" response=\"\", integrity-protected=\"no\"\r\n"
	"Content-Length: 0\r\n\r\n";

/* a 200 OK at the UE, the P-CSCF's received and rport on top */
static const char ok[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/TCP 10.1.0.10:5064;branch=z9hG4bKue1;"
		"received=198.51.100.7;rport=40123\r\n"
	"From: <sip:ue@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:ue@ims.example.net>;tag=99\r\n"
	"Call-ID: apb03a0s09@ue.example.net\r\n"
	"CSeq: 2 REGISTER\r\n"
	"Contact: *\r\n"
	"Expires: 300\r\n"
	"X-Secret: k\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Length: 6\r\n\r\n"
	"secret";

static sip_msg_t *parse(const char *text)
{
	sip_msg_t *msg = imsaka_sip_parse(text, strlen(text));

	ck_assert(msg);
	return msg;
}

/* the printed text, read back by libosip2 itself */
static osip_message_t *wire(sip_msg_t *msg, char **text)
{
	osip_message_t *back;
	size_t len;

	*text = imsaka_sip_print(msg, &len);
	ck_assert(*text);
	ck_assert_int_eq(osip_message_init(&back), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(back, *text, len), OSIP_SUCCESS);
	return back;
}

START_TEST(test_start_line)
{
	sip_msg_t *msg = parse(reg), *resp = parse(ok);

	ck_assert(imsaka_sip_is_request(msg) && !imsaka_sip_is_response(msg));
	ck_assert(imsaka_sip_is_method(msg, "REGISTER"));
	ck_assert(!imsaka_sip_is_method(msg, "register"));
	ck_assert(!imsaka_sip_is_method(resp, "REGISTER"));
	ck_assert_str_eq(imsaka_sip_method(msg), "REGISTER");
	ck_assert_str_eq(imsaka_sip_method(resp), "");
	ck_assert_int_eq(imsaka_sip_status(msg), 0);
	ck_assert_int_eq(imsaka_sip_status(resp), 200);
	ck_assert_str_eq(imsaka_sip_reason(resp), "OK");
	ck_assert_str_eq(imsaka_sip_call_id(msg), "apb03a0s09");
	ck_assert_str_eq(imsaka_sip_call_id_host(msg), "ue.example.net");
	ck_assert_str_eq(imsaka_sip_cseq_number(msg), "2");
	ck_assert_str_eq(imsaka_sip_cseq_method(msg), "REGISTER");
	ck_assert(imsaka_sip_complete(msg) && imsaka_sip_complete(resp));
	imsaka_sip_free(resp);
	imsaka_sip_free(msg);

	ck_assert(!imsaka_sip_parse("not SIP\r\n\r\n", 11));
	msg = parse("OPTIONS sip:a@example.net SIP/2.0\r\n"
				"Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
				"From: <sip:b@example.net>;tag=1\r\n"
				"To: <sip:a@example.net>\r\n"
				"CSeq: 1 OPTIONS\r\n\r\n");
	ck_assert(!imsaka_sip_complete(msg));
	ck_assert(!imsaka_sip_call_id(msg));
	ck_assert(!imsaka_sip_response(msg, 400, NULL));
	imsaka_sip_free(msg);
	imsaka_sip_free(NULL);
}
END_TEST

START_TEST(test_header_fields)
{
	sip_msg_t *msg = parse(reg);
	osip_message_t *back;
	osip_header_t *header = NULL;
	char *text;

	ck_assert_str_eq(imsaka_sip_header_get(msg, "require", 0), "sec-agree");
	ck_assert(!imsaka_sip_header_get(msg, "Require", 1));
	ck_assert(imsaka_sip_header_add(msg, "X-Count", "1"));
	ck_assert(imsaka_sip_header_add(msg, "X-Count", "2"));
	ck_assert(imsaka_sip_header_add_top(msg, "Path", "<sip:term@192.0.2.20;lr>"));
	ck_assert(imsaka_sip_header_set(msg, "X-Count", 1, "3"));
	ck_assert(!imsaka_sip_header_set(msg, "X-Count", 2, "4"));
	ck_assert_str_eq(imsaka_sip_header_get(msg, "X-Count", 1), "3");

	back = wire(msg, &text);
	ck_assert(osip_message_header_get_byname(back, "x-count", 0,
											 &header) >= 0);
	ck_assert_str_eq(header->hvalue, "1");
	ck_assert(osip_message_header_get_byname(back, "x-count",
						osip_message_header_get_byname(back, "x-count", 0,
													   &header) + 1,
						&header) >= 0);
	ck_assert_str_eq(header->hvalue, "3");
	/* the proxy's Path comes first of the fields kept as text */
	header = osip_list_get(&back->headers, 0);
	ck_assert_str_eq(header->hvalue, "<sip:term@192.0.2.20;lr>");
	osip_message_free(back);
	osip_free(text);

	imsaka_sip_header_remove(msg, "x-count");
	ck_assert(!imsaka_sip_header_get(msg, "X-Count", 0));
	back = wire(msg, &text);
	ck_assert(!strstr(text, "X-Count"));
	osip_message_free(back);
	osip_free(text);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_option_tags)
{
	sip_msg_t *msg = parse(reg);
	osip_message_t *back;
	char *text;

	ck_assert(imsaka_sip_has_tag(msg, "Supported", "SEC-AGREE"));
	ck_assert(!imsaka_sip_has_tag(msg, "Supported", "sec"));
	ck_assert(imsaka_sip_remove_tag(msg, "Supported", "sec-agree"));
	ck_assert(imsaka_sip_remove_tag(msg, "Require", "sec-agree"));
	ck_assert(!imsaka_sip_has_tag(msg, "Supported", "sec-agree"));
	back = wire(msg, &text);
	/* libosip2 keeps each entry of a comma list as a field of its own */
	ck_assert_msg(strstr(text, "Supported: path\r\n") &&
				  strstr(text, "Supported: 100rel\r\n") &&
				  !strstr(text, "sec-agree"), "%s", text);
	ck_assert_msg(!strstr(text, "Require"), "%s", text);
	osip_message_free(back);
	osip_free(text);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_max_forwards_expires)
{
	sip_msg_t *msg = parse(reg), *resp = parse(ok);
	uint32_t value = 0;
	bool present;

	ck_assert(imsaka_sip_max_forwards(msg, &present, &value));
	ck_assert(present && value == 70);
	ck_assert(imsaka_sip_set_max_forwards(msg, 69));
	ck_assert_str_eq(imsaka_sip_header_get(msg, "Max-Forwards", 0), "69");
	ck_assert(imsaka_sip_max_forwards(resp, &present, &value) && !present);
	ck_assert(imsaka_sip_set_max_forwards(resp, 5));
	ck_assert_str_eq(imsaka_sip_header_get(resp, "Max-Forwards", 0), "5");
	ck_assert(imsaka_sip_header_set(resp, "Max-Forwards", 0, "x1"));
	ck_assert(!imsaka_sip_max_forwards(resp, &present, &value));

	/* the first Contact with expires wins over Expires */
	ck_assert(imsaka_sip_expires(msg, &value));
	ck_assert_int_eq(value, 600000);
	ck_assert(imsaka_sip_expires(resp, &value));
	ck_assert_int_eq(value, 300);
	ck_assert(imsaka_sip_parse_uint(" 12 ", 12, &value) && value == 12);
	ck_assert(!imsaka_sip_parse_uint("13", 12, &value));
	ck_assert(!imsaka_sip_parse_uint("-1", 12, &value));
	ck_assert(!imsaka_sip_parse_uint("12345678901", UINT32_MAX, &value));
	imsaka_sip_free(resp);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_via)
{
	sip_msg_t *msg = parse(reg), *resp = parse(ok);
	imsaka_addr_t a, expected;
	const char *value = "x";
	osip_message_t *back;
	osip_via_t *via;
	char *text;

	ck_assert_str_eq(imsaka_sip_via_branch(msg), "z9hG4bKue1");
	ck_assert_str_eq(imsaka_sip_via_port(msg), "5064");
	ck_assert(imsaka_sip_via_param(msg, "rport", &value) && !value);
	ck_assert(!imsaka_sip_via_param(msg, "received", NULL));
	ck_assert(imsaka_sip_via_address(msg, &a));
	expected = sip_tests_addr("192.0.2.10:5064");
	ck_assert(imsaka_addr_equals(&a, &expected));

	ck_assert(imsaka_sip_via_push(msg,
					"SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKp1;rport"));
	ck_assert(!imsaka_sip_via_push(msg, "no via"));
	ck_assert_int_eq(imsaka_sip_via_count(msg), 2);
	back = wire(msg, &text);
	via = osip_list_get(&back->vias, 0);
	ck_assert_str_eq(via->host, "192.0.2.20");
	ck_assert_int_eq(osip_list_size(&back->vias), 2);
	osip_message_free(back);
	osip_free(text);
	ck_assert(imsaka_sip_via_pop(msg));
	ck_assert_str_eq(imsaka_sip_via_branch(msg), "z9hG4bKue1");
	ck_assert(imsaka_sip_via_pop(msg));
	ck_assert(!imsaka_sip_via_pop(msg));
	ck_assert(!imsaka_sip_via_branch(msg) && !imsaka_sip_via_port(msg));

	/* at the UE: where the P-CSCF saw it, and the verdict over TCP */
	ck_assert(imsaka_sip_via_public(resp, &a));
	expected = sip_tests_addr("198.51.100.7:40123");
	ck_assert(imsaka_addr_equals(&a, &expected));
	ck_assert_int_eq(imsaka_sip_via_nat_tcp(resp), IMSAKA_NAT_UE);
	imsaka_sip_free(resp);
	resp = parse("SIP/2.0 200 OK\r\n"
				 "Via: SIP/2.0/TCP 10.1.0.10:5064;branch=z9hG4bKue1;"
				 "received=10.1.0.10;rport=40123\r\n"
				 "From: <sip:ue@ims.example.net>;tag=4fa3\r\n"
				 "To: <sip:ue@ims.example.net>;tag=99\r\n"
				 "Call-ID: c\r\nCSeq: 2 REGISTER\r\n\r\n");
	/* only the host counts over TCP */
	ck_assert_int_eq(imsaka_sip_via_nat_tcp(resp), IMSAKA_NAT_NONE);
	imsaka_sip_free(resp);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_uri)
{
	imsaka_sip_uri_t uri;

	ck_assert(imsaka_sip_uri_parse("SIP:ue@IMS.example.net:5070;transport=tcp",
								   &uri));
	ck_assert_str_eq(uri.scheme, "SIP");
	ck_assert(uri.has_user);
	ck_assert_str_eq(uri.user, "ue");
	ck_assert_str_eq(uri.host, "IMS.example.net");
	ck_assert_str_eq(uri.port, "5070");
	ck_assert(imsaka_sip_uri_parse("sips:ims.example.net", &uri));
	ck_assert(!uri.has_user && !*uri.port);
	ck_assert(imsaka_sip_uri_parse("tel:+15551234;phone-context=x", &uri));
	ck_assert_str_eq(uri.scheme, "tel");
	ck_assert_str_eq(uri.opaque, "+15551234;phone-context=x");
	ck_assert(!imsaka_sip_uri_parse("ue@ims.example.net", &uri));
}
END_TEST

START_TEST(test_name_contact)
{
	sip_msg_t *msg = parse(reg), *resp = parse(ok);
	imsaka_sip_uri_t uri;
	const char *value;
	char text[128];

	ck_assert(imsaka_sip_name_uri(msg, "To", &uri));
	ck_assert_str_eq(uri.user, "ue");
	ck_assert(imsaka_sip_aor(msg, "From", text, sizeof(text)));
	ck_assert_str_eq(text, "ue@ims.example.net");
	ck_assert(!imsaka_sip_aor(msg, "From", text, 8));

	ck_assert_int_eq(imsaka_sip_contact_count(msg), 2);
	ck_assert(imsaka_sip_contact_uri(msg, 1, &uri));
	ck_assert_str_eq(uri.port, "5066");
	ck_assert(!imsaka_sip_contact_uri(msg, 2, &uri));
	ck_assert(imsaka_sip_contact_param(msg, 0, "EXPIRES", &value));
	ck_assert_str_eq(value, "600000");
	ck_assert(!imsaka_sip_contact_param(msg, 1, "expires", &value));
	ck_assert(!imsaka_sip_contact_is_star(msg, 0));
	ck_assert(imsaka_sip_contact_print(msg, 0, "expires", text, sizeof(text)));
	ck_assert_str_eq(text, "<sip:ue@192.0.2.10:5064>");
	/* the message keeps its parameter */
	ck_assert(imsaka_sip_contact_param(msg, 0, "expires", NULL));
	ck_assert(!imsaka_sip_contact_print(msg, 0, NULL, text, 8));

	ck_assert(imsaka_sip_contact_is_star(resp, 0));
	ck_assert(!imsaka_sip_contact_uri(resp, 0, &uri));
	imsaka_sip_free(resp);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_route)
{
	sip_msg_t *msg = parse(reg);
	imsaka_addr_t own[] = {
		sip_tests_addr("192.0.2.20:5060"), sip_tests_addr("192.0.2.21:1")
	};
	osip_message_t *back;
	osip_route_t *route;
	char *text;

	own[1].port = 0;
	ck_assert(imsaka_sip_route_push(msg, "<sip:192.0.2.99;lr>"));
	ck_assert(imsaka_sip_route_push(msg, "<sip:192.0.2.21:5070;lr>"));
	ck_assert(imsaka_sip_route_push(msg, "<sip:192.0.2.20;lr>"));
	ck_assert(!imsaka_sip_route_push(msg, "<"));
	imsaka_sip_route_pop_own(msg, own, sizeof(own) / sizeof(own[0]));
	back = wire(msg, &text);
	ck_assert_int_eq(osip_list_size(&back->routes), 1);
	route = osip_list_get(&back->routes, 0);
	ck_assert_str_eq(route->url->host, "192.0.2.99");
	osip_message_free(back);
	osip_free(text);
	imsaka_sip_free(msg);
}
END_TEST

START_TEST(test_response_reset)
{
	sip_msg_t *resp = parse(ok);
	osip_message_t *back;
	char *text;

	ck_assert(imsaka_sip_response_reset(resp, 500, "Server Internal Error"));
	back = wire(resp, &text);
	ck_assert_msg(strncmp(text, "SIP/2.0 500 Server Internal Error\r\n",
						  35) == 0, "%s", text);
	ck_assert_msg(!strstr(text, "Secret") && !strstr(text, "secret") &&
				  !strstr(text, "Expires"), "%s", text);
	ck_assert_int_eq(osip_list_size(&back->vias), 1);
	ck_assert_str_eq(back->cseq->number, "2");
	osip_message_free(back);
	osip_free(text);
	ck_assert(imsaka_sip_response_reset(resp, 503, NULL));
	ck_assert_str_eq(imsaka_sip_reason(resp), "Service Unavailable");
	imsaka_sip_free(resp);
}
END_TEST

START_TEST(test_credentials)
{
	sip_msg_t *msg = parse(reg);
	imsaka_digest_t digest;
	osip_message_t *back;
	const char *value;
	char *text;
	size_t len;

	ck_assert(imsaka_sip_keep_raw_auth(msg, reg, strlen(reg)));
	ck_assert(imsaka_sip_credentials(msg, &digest));
	ck_assert(imsaka_digest_get(&digest, IMSAKA_DIGEST_USERNAME, &value, &len));
	ck_assert_int_eq(len, strlen("ue@ims.example.net"));
	ck_assert_int_eq(imsaka_digest_set(&digest,
					IMSAKA_DIGEST_INTEGRITY_PROTECTED, "yes"), IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_sip_set_credentials(msg, &digest));
	back = wire(msg, &text);
	/* libosip2 would drop it from a parsed Authorization: read the text */
	ck_assert_msg(strstr(text, "integrity-protected=\"yes\""), "%s", text);
	ck_assert_msg(strstr(text, "nonce=\"\""), "%s", text);
	/* one field, as received */
	ck_assert_int_eq(osip_list_size(&back->authorizations), 1);
	osip_message_free(back);
	osip_free(text);
	imsaka_sip_free(msg);
}
END_TEST

Suite *sip_fields_suite_create(void)
{
	Suite *s = suite_create("sip fields");
	TCase *tc;

	tc = tcase_create("message");
	tcase_add_test(tc, test_start_line);
	tcase_add_test(tc, test_response_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("header");
	tcase_add_test(tc, test_header_fields);
	tcase_add_test(tc, test_option_tags);
	tcase_add_test(tc, test_max_forwards_expires);
	suite_add_tcase(s, tc);

	tc = tcase_create("via");
	tcase_add_test(tc, test_via);
	suite_add_tcase(s, tc);

	tc = tcase_create("uri");
	tcase_add_test(tc, test_uri);
	tcase_add_test(tc, test_name_contact);
	tcase_add_test(tc, test_route);
	suite_add_tcase(s, tc);

	tc = tcase_create("auth");
	tcase_add_test(tc, test_credentials);
	suite_add_tcase(s, tc);
	return s;
}

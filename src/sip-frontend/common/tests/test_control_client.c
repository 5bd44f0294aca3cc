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

#include "frontend_tests.h"
#include "control_restart_tests.h"

#include <control_caps.h>
#include <control_client.h>

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

START_TEST(test_reply_get)
{
	const char *reply = "OK ctx=12 spi-c=1000\tspi-s=1001 ctxx=9 x=";
	char value[8];

	ck_assert(control_reply_get(reply, "ctx", value, sizeof(value)));
	ck_assert_str_eq(value, "12");
	ck_assert(control_reply_get(reply, "spi-s", value, sizeof(value)));
	ck_assert_str_eq(value, "1001");
	ck_assert(control_reply_get(reply, "ctxx", value, sizeof(value)));
	ck_assert_str_eq(value, "9");
	ck_assert(control_reply_get(reply, "x", value, sizeof(value)));
	ck_assert_str_eq(value, "");
	ck_assert(!control_reply_get(reply, "spi", value, sizeof(value)));
	ck_assert(!control_reply_get(reply, "OK", value, sizeof(value)));
	ck_assert(!control_reply_get(reply, "", value, sizeof(value)));
	/* too long for the buffer */
	ck_assert(!control_reply_get("OK a=12345678", "a", value, sizeof(value)));
	ck_assert(control_reply_get("OK a=1234567", "a", value, sizeof(value)));
	ck_assert(control_reply_get("ERR sync auts=AAAA response=ab", "auts",
								value, sizeof(value)));
	ck_assert_str_eq(value, "AAAA");
}
END_TEST

START_TEST(test_caps)
{
	control_caps_t caps;

	ck_assert(control_caps_parse("OK backend=kernel-libipsec mod=UDP-enc-tun "
			"pairs=hmac-md5-96/aes-cbc,hmac-sha-1-96/aes-cbc", &caps));
	ck_assert_str_eq(caps.backend, "kernel-libipsec");
	ck_assert(control_caps_can(&caps, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
							   IMSAKA_ESP_ALG_HMAC_SHA1_96,
							   IMSAKA_ESP_EALG_AES_CBC));
	ck_assert(!control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
								IMSAKA_ESP_ALG_HMAC_SHA1_96,
								IMSAKA_ESP_EALG_AES_CBC));
	ck_assert(!control_caps_can(&caps, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
								IMSAKA_ESP_ALG_HMAC_MD5_96,
								IMSAKA_ESP_EALG_NULL));
	ck_assert(!control_caps_can(&caps, IMSAKA_SECAGREE_MOD_COUNT,
								IMSAKA_ESP_ALG_HMAC_MD5_96,
								IMSAKA_ESP_EALG_AES_CBC));

	/* names of a newer plugin are skipped, the known ones kept */
	ck_assert(control_caps_parse("OK backend=kernel-netlink "
			"mod=trans,beet,tun,UDP-enc-tun pairs=x/y,hmac-md5-96/null,"
			"aes-gmac,null/aes-gcm,hmac-md5-96/", &caps));
	ck_assert(control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
							   IMSAKA_ESP_ALG_HMAC_MD5_96,
							   IMSAKA_ESP_EALG_NULL));
	ck_assert(control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TUN,
							   IMSAKA_ESP_ALG_NULL, IMSAKA_ESP_EALG_AES_GCM));
	ck_assert(!control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
								IMSAKA_ESP_ALG_AES_GMAC,
								IMSAKA_ESP_EALG_NULL));

	/* an error, or a reply without one of the three */
	ck_assert(!control_caps_parse("ERR command unknown command 'caps'",
								  &caps));
	ck_assert_str_eq(caps.backend, "");
	ck_assert(!control_caps_parse("OK backend=kernel-netlink mod=trans",
								  &caps));
	ck_assert(!control_caps_parse("OK mod=trans pairs=hmac-md5-96/null",
								  &caps));
	ck_assert_uint_eq(caps.mods, 0);
}
END_TEST

START_TEST(test_reply_secret)
{
	uint8_t out[4];
	size_t len = 0;

	ck_assert(control_reply_secret("OK ctx=1 psk=0011aaff", "psk", out,
								   sizeof(out), &len));
	ck_assert_uint_eq(len, 4);
	ck_assert_uint_eq(out[0], 0x00);
	ck_assert_uint_eq(out[3], 0xff);
	/* longer than out, not hex, odd, empty, absent */
	ck_assert(!control_reply_secret("OK psk=0011aaff00", "psk", out,
									sizeof(out), &len));
	ck_assert(!control_reply_secret("OK psk=0011zz", "psk", out,
									sizeof(out), &len));
	ck_assert(!control_reply_secret("OK psk=001", "psk", out,
									sizeof(out), &len));
	ck_assert(!control_reply_secret("OK psk=", "psk", out,
									sizeof(out), &len));
	ck_assert(!control_reply_secret("OK ctx=1", "psk", out,
									sizeof(out), &len));
}
END_TEST

/**
 * A reply line "OK ctx=1 ue=<n bytes of u> pcscf=<m bytes of p>"
 */
static void traffic_reply(char *buf, size_t n, size_t m)
{
	size_t i, pos;

	pos = sprintf(buf, "OK ctx=1 ue=");
	for (i = 0; i < n; i++)
	{
		pos += sprintf(buf + pos, "%02x", 0xa0 + (int)(i % 16));
	}
	pos += sprintf(buf + pos, " pcscf=");
	for (i = 0; i < m; i++)
	{
		pos += sprintf(buf + pos, "%02x", 0x10 + (int)(i % 16));
	}
}

START_TEST(test_reply_traffic_secrets)
{
	uint8_t ue[48], pcscf[48];
	char reply[512];
	size_t len = 0;

	traffic_reply(reply, 32, 32);
	ck_assert(control_reply_traffic_secrets(reply, ue, pcscf, &len));
	ck_assert_uint_eq(len, 32);
	ck_assert_uint_eq(ue[0], 0xa0);
	ck_assert_uint_eq(pcscf[31], 0x1f);
	traffic_reply(reply, 48, 48);
	ck_assert(control_reply_traffic_secrets(reply, ue, pcscf, &len));
	ck_assert_uint_eq(len, 48);
	ck_assert_uint_eq(ue[47], 0xaf);
	/* lengths that differ or fit no suite: refused, both wiped */
	traffic_reply(reply, 32, 48);
	ck_assert(!control_reply_traffic_secrets(reply, ue, pcscf, &len));
	ck_assert_uint_eq(ue[0], 0);
	ck_assert_uint_eq(pcscf[0], 0);
	traffic_reply(reply, 16, 16);
	ck_assert(!control_reply_traffic_secrets(reply, ue, pcscf, &len));
	ck_assert(!control_reply_traffic_secrets("OK ctx=1 ue=00", ue, pcscf,
											 &len));
}
END_TEST

START_TEST(test_reply_error)
{
	char code[8];

	ck_assert(control_reply_error("ERR sync auts=x", code, sizeof(code)));
	ck_assert_str_eq(code, "sync");
	ck_assert(control_reply_error("ERR\tauth no key", code, sizeof(code)));
	ck_assert_str_eq(code, "auth");
	ck_assert(control_reply_error("ERR", code, sizeof(code)));
	ck_assert_str_eq(code, "");
	ck_assert(!control_reply_error("OK ctx=1", code, sizeof(code)));
	ck_assert(!control_reply_error("ERRx y", code, sizeof(code)));
	ck_assert(!control_reply_error("ERR unsupported", code, sizeof(code)));
}
END_TEST

/**
 * Answer a control_call() through a socket pair: the reply is written
 * before the call, the request read after it
 */
static bool call_with_reply(const char *reply_line, char *request, size_t size,
							char *reply, size_t reply_size, const char *arg)
{
	int fds[2];
	ssize_t n;
	bool ok;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert_int_eq(write(fds[1], reply_line, strlen(reply_line)),
					 strlen(reply_line));
	ok = control_call(fds[0], reply, reply_size, "ctx-create role=ue impi=%s",
					  arg);
	n = read(fds[1], request, size - 1);
	request[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	close(fds[1]);
	return ok;
}

START_TEST(test_call)
{
	char request[64], reply[64], code[16];

	ck_assert(call_with_reply("OK ctx=3\n", request, sizeof(request), reply,
							  sizeof(reply), "ue@ims.example.net"));
	ck_assert_str_eq(request, "ctx-create role=ue impi=ue@ims.example.net\n");
	ck_assert_str_eq(reply, "OK ctx=3");

	ck_assert(!call_with_reply("ERR sync auts=AbC= response=00\r\n", request,
							   sizeof(request), reply, sizeof(reply), "a"));
	ck_assert_str_eq(reply, "ERR sync auts=AbC= response=00");
	ck_assert(control_reply_error(reply, code, sizeof(code)));
	ck_assert_str_eq(code, "sync");

	/* OKAY is not OK */
	ck_assert(!call_with_reply("OKAY\n", request, sizeof(request), reply,
							   sizeof(reply), "a"));
	/* reply too long for the buffer */
	ck_assert(!call_with_reply("OK ctx=1234567890\n", request,
							   sizeof(request), reply, 8, "a"));
}
END_TEST

START_TEST(test_call_request_too_long)
{
	char reply[128], arg[CONTROL_LINE_MAX + 10];
	int fds[2];

	memset(arg, 'a', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert(!control_call(fds[0], reply, sizeof(reply), "x %s", arg));
	ck_assert(strstr(reply, "longer"));
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_call_peer_closed)
{
	char reply[128];
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert_int_eq(write(fds[1], "OK ct", 5), 5);
	shutdown(fds[1], SHUT_WR);
	ck_assert(!control_call(fds[0], reply, sizeof(reply), "hello version=1"));
	ck_assert(strstr(reply, "closed"));
	close(fds[0]);
	close(fds[1]);
}
END_TEST

Suite *control_client_suite_create(void)
{
	Suite *s = suite_create("control_client");
	TCase *tc = tcase_create("reply");

	tcase_add_test(tc, test_reply_get);
	tcase_add_test(tc, test_reply_secret);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_reply_traffic_secrets);
	tcase_add_test(tc, test_reply_error);
	tcase_add_test(tc, test_call);
	tcase_add_test(tc, test_call_request_too_long);
	tcase_add_test(tc, test_call_peer_closed);
	suite_add_tcase(s, tc);
	control_restart_tcases_add(s);
	return s;
}

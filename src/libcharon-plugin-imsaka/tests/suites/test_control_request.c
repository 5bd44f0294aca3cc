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
 * Unit tests of the control protocol's request parser, strict numbers,
 * addresses and reply building: everything that needs no running charon.
 */

#include <check.h>

#include <library.h>

#include "imsaka_control_request.h"
#include "test_library.h"

static imsaka_control_request_t req;

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
}

static void teardown()
{
	library_deinit();
}

static bool parse(const char *line)
{
	return imsaka_control_request_parse(&req, line, strlen(line));
}

START_TEST(test_parse_ok)
{
	ck_assert(parse("sa-install ctx=1 local=10.0.0.1\tport-c=5060  \r"));
	ck_assert_str_eq(req.command, "sa-install");
	ck_assert_int_eq(req.count, 3);
	ck_assert_str_eq(req.params[0].key, "ctx");
	ck_assert_str_eq(req.params[0].value, "1");
	ck_assert_str_eq(req.params[2].key, "port-c");
	ck_assert_str_eq(req.params[2].value, "5060");
	ck_assert_str_eq(imsaka_control_request_str(&req, "local", TRUE),
					 "10.0.0.1");
	ck_assert(!imsaka_control_request_str(&req, "remote", FALSE));
	ck_assert(!imsaka_control_request_str(&req, "remote", TRUE));
	ck_assert_str_eq(req.err, "param missing parameter 'remote'");
}
END_TEST

START_TEST(test_parse_value_with_equals)
{
	ck_assert(parse("aka-digest nonce=abc= uri=sip:a@b;x=y"));
	ck_assert_str_eq(imsaka_control_request_str(&req, "nonce", TRUE), "abc=");
	ck_assert_str_eq(imsaka_control_request_str(&req, "uri", TRUE),
					 "sip:a@b;x=y");
}
END_TEST

/**
 * Lines the parser refuses, with the start of the error
 */
static struct {
	const char *line;
	const char *err;
} bad_lines[] = {
	{ "", "" },
	{ "   \t ", "" },
	{ "ctx=1", "syntax request must start with a command" },
	{ "hello version", "syntax parameter 'version' is not key=value" },
	{ "hello version=", "syntax parameter 'version=' is not key=value" },
	{ "hello =1", "syntax parameter '=1' is not key=value" },
	{ "hello version=1 version=2", "syntax parameter 'version' given twice" },
	{ "hello v=\x01", "syntax invalid character 0x01 at offset 8" },
	{ "hello v=\xc3\xa4", "syntax invalid character 0xc3 at offset 8" },
	{ "hello\r\r", "syntax invalid character 0x0d at offset 5" },
};

START_TEST(test_parse_bad)
{
	ck_assert(!parse(bad_lines[_i].line));
	ck_assert_msg(strpfx(req.err, bad_lines[_i].err), "'%s' gave '%s'",
				  bad_lines[_i].line, req.err);
}
END_TEST

START_TEST(test_parse_limits)
{
	char line[IMSAKA_CONTROL_LINE_MAX + 2];
	int i, len;

	memset(line, 'a', sizeof(line));
	ck_assert(imsaka_control_request_parse(&req, line,
										   IMSAKA_CONTROL_LINE_MAX));
	ck_assert(!imsaka_control_request_parse(&req, line,
											IMSAKA_CONTROL_LINE_MAX + 1));
	ck_assert_str_eq(req.err, "syntax request longer than 4096 bytes");

	len = snprintf(line, sizeof(line), "cmd");
	for (i = 0; i < IMSAKA_CONTROL_PARAMS_MAX; i++)
	{
		len += snprintf(line + len, sizeof(line) - len, " k%d=v", i);
	}
	ck_assert(parse(line));
	ck_assert_int_eq(req.count, IMSAKA_CONTROL_PARAMS_MAX);
	snprintf(line + len, sizeof(line) - len, " one=more");
	ck_assert(!parse(line));
	ck_assert_str_eq(req.err, "syntax more than 32 parameters");
}
END_TEST

START_TEST(test_check_allowed)
{
	const char *const allowed[] = { "ctx", "set", NULL };

	ck_assert(parse("sa-remove ctx=1 set=old"));
	ck_assert(imsaka_control_request_check(&req, allowed));
	ck_assert(parse("sa-remove ctx=1 which=old"));
	ck_assert(!imsaka_control_request_check(&req, allowed));
	ck_assert_str_eq(req.err, "param unknown parameter 'which' for sa-remove");
}
END_TEST

/**
 * Strict number parsing: text, range, result
 */
static struct {
	const char *str;
	uint32_t min;
	uint32_t max;
	bool ok;
	uint32_t value;
} numbers[] = {
	{ "0", 0, 10, TRUE, 0 },
	{ "10", 0, 10, TRUE, 10 },
	{ "007", 0, 10, TRUE, 7 },
	{ "4294967295", 0, UINT32_MAX, TRUE, UINT32_MAX },
	{ "4294967296", 0, UINT32_MAX, FALSE, 0 },
	{ "18446744073709551616", 0, UINT32_MAX, FALSE, 0 },
	{ "11", 0, 10, FALSE, 0 },
	{ "0", 1, 10, FALSE, 0 },
	{ "", 0, 10, FALSE, 0 },
	{ "-1", 0, UINT32_MAX, FALSE, 0 },
	{ "+1", 0, 10, FALSE, 0 },
	{ " 1", 0, 10, FALSE, 0 },
	{ "1 ", 0, 10, FALSE, 0 },
	{ "1x", 0, 10, FALSE, 0 },
	{ "0x10", 0, 100, FALSE, 0 },
	{ "1.5", 0, 10, FALSE, 0 },
};

START_TEST(test_numbers)
{
	uint32_t value = 12345;

	ck_assert_msg(imsaka_control_parse_u32(numbers[_i].str, numbers[_i].min,
										   numbers[_i].max, &value) ==
				  numbers[_i].ok, "'%s'", numbers[_i].str);
	if (numbers[_i].ok)
	{
		ck_assert_int_eq(value, numbers[_i].value);
	}
	else
	{
		ck_assert_int_eq(value, 12345);
	}
}
END_TEST

START_TEST(test_request_u32)
{
	uint32_t value = 7;

	ck_assert(parse("spi-alloc ctx=12x"));
	ck_assert(!imsaka_control_request_u32(&req, "ctx", 1, 100, &value, TRUE));
	ck_assert_str_eq(req.err, "param ctx=12x is not a decimal number in "
					 "1..100");
	ck_assert(imsaka_control_request_u32(&req, "lifetime", 1, 100, &value,
										 FALSE));
	ck_assert_int_eq(value, 7);
	ck_assert(!imsaka_control_request_u32(&req, "lifetime", 1, 100, &value,
										  TRUE));
	ck_assert_str_eq(req.err, "param missing parameter 'lifetime'");
}
END_TEST

/**
 * Addresses: text, port mode, expected result ("%#H" style) or NULL
 */
static struct {
	const char *str;
	int port;
	const char *expect;
	uint16_t expect_port;
} hosts[] = {
	{ "10.0.0.1", 0, "10.0.0.1", 0 },
	{ "10.0.0.1", 1, "10.0.0.1", 0 },
	{ "10.0.0.1", 2, NULL, 0 },
	{ "10.0.0.1:4500", 2, "10.0.0.1", 4500 },
	{ "10.0.0.1:4500", 0, NULL, 0 },
	{ "10.0.0.1:0", 2, NULL, 0 },
	{ "10.0.0.1:65536", 2, NULL, 0 },
	{ "10.0.0.1:45x", 2, NULL, 0 },
	{ "fd00::1", 0, "fd00::1", 0 },
	{ "fd00::1", 2, NULL, 0 },
	{ "[fd00::1]", 1, "fd00::1", 0 },
	{ "[fd00::1]:4500", 2, "fd00::1", 4500 },
	{ "[fd00::1]x", 1, NULL, 0 },
	{ "[10.0.0.1]:4500", 2, NULL, 0 },
	{ "[fd00::1", 1, NULL, 0 },
	{ "0.0.0.0", 0, NULL, 0 },
	{ "::", 0, NULL, 0 },
	{ "%any", 0, NULL, 0 },
	{ "localhost", 0, NULL, 0 },
	{ "10.0.0", 0, NULL, 0 },
	{ "", 0, NULL, 0 },
};

START_TEST(test_hosts)
{
	host_t *host, *expect;

	host = imsaka_control_parse_host(hosts[_i].str, hosts[_i].port);
	if (!hosts[_i].expect)
	{
		ck_assert_msg(!host, "'%s' accepted", hosts[_i].str);
		return;
	}
	ck_assert_msg(host, "'%s' refused", hosts[_i].str);
	expect = host_create_from_string((char*)hosts[_i].expect,
									 hosts[_i].expect_port);
	ck_assert(host->equals(host, expect));
	expect->destroy(expect);
	host->destroy(host);
}
END_TEST

START_TEST(test_hex)
{
	uint8_t key[16];

	ck_assert(parse("ctx-keys ck=00112233445566778899aabbccddeeff ik=0011"));
	ck_assert(imsaka_control_request_hex(&req, "ck", key, sizeof(key)));
	ck_assert_int_eq(key[15], 0xff);
	ck_assert(!imsaka_control_request_hex(&req, "ik", key, sizeof(key)));
	/* the value is never echoed: it may be a key */
	ck_assert_str_eq(req.err, "param ik is not 16 bytes of hex (got 4 "
					 "characters)");
}
END_TEST

START_TEST(test_reply)
{
	imsaka_control_reply_t reply = {};
	host_t *host;
	int i;

	host = host_create_from_string("fd00::1", 0);
	imsaka_control_reply_add(&reply, "OK addr=%H", host);
	ck_assert_str_eq(reply.buf, "OK addr=fd00::1\n");
	for (i = 0; i < 1000; i++)
	{
		imsaka_control_reply_add(&reply, "sa line=%d with some text to grow "
								 "the buffer past its first allocation", i);
	}
	ck_assert(strstr(reply.buf, "line=999 with"));
	ck_assert_int_eq(reply.len, strlen(reply.buf));
	imsaka_control_reply_err(&reply, "ctx no context 5");
	ck_assert_str_eq(reply.buf, "ERR ctx no context 5\n");
	imsaka_control_reply_free(&reply);
	host->destroy(host);
}
END_TEST

Suite *control_request_suite_create(void)
{
	test_entry_t tests[] = {
		{ "parse", test_parse_ok },
		{ "parse", test_parse_value_with_equals },
		{ "parse", test_parse_bad, countof(bad_lines) },
		{ "parse", test_parse_limits },
		{ "parse", test_check_allowed },
		{ "values", test_numbers, countof(numbers) },
		{ "values", test_request_u32 },
		{ "values", test_hosts, countof(hosts) },
		{ "values", test_hex },
		{ "reply", test_reply },
	};

	return test_suite_create("control request", setup, teardown, tests,
							 countof(tests));
}

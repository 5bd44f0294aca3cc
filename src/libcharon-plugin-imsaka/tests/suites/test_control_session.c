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
 * Unit tests of a control connection's protocol state: hello choosing v1 or
 * v2, the tags of v2 requests and their replies (every line of them), syntax
 * errors answered with the tag where one can be read, and tag= refused on
 * v1. Requests run against a context manager without charon's kernel (only
 * commands that install nothing).
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include "test_control_fixture.h"
#include "test_library.h"

static test_control_fixture_t ctl;

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	test_control_fixture_create(&ctl, 768, 10, NULL, NULL);
}

static void teardown()
{
	test_control_fixture_destroy(&ctl);
	libcharon_deinit();
	library_deinit();
}

/**
 * Run a request line, return the reply text ("" for none)
 */
static const char *request(const char *line)
{
	return test_control_fixture_request(&ctl, line);
}

/** the reply of hello version=2, up to the imsaka version */
#define HELLO_V2 "OK version=2 imsaka="

START_TEST(test_v1_until_hello)
{
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 1);
	ck_assert_str_eq(request("ctx-create role=pcscf impi=a@b"), "OK ctx=1\n");
	/* tag= is an unknown parameter of v1 */
	ck_assert_str_eq(request("list tag=5"),
					 "ERR param unknown parameter 'tag' for list\n");
	ck_assert_str_eq(request("hello version=2 tag=5"),
					 "ERR param unknown parameter 'tag' for hello\n");
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 1);
	ck_assert(strpfx(request("hello version=1"), "OK version=1 imsaka="));
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 1);
}
END_TEST

START_TEST(test_hello_versions)
{
	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 2);
	ck_assert_str_eq(request("hello version=3"), "ERR version protocol "
					 "version 3 is not supported, versions 1 and 2 are\n");
	ck_assert_str_eq(request("hello version=3 tag=4"), "4 ERR version "
					 "protocol version 3 is not supported, versions 1 and 2 "
					 "are\n");
	/* a refused hello keeps the version */
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 2);
	ck_assert_str_eq(request("hello version=0"), "ERR param version=0 is "
					 "not a decimal number in 1..4294967295\n");
	ck_assert_str_eq(request("hello"), "ERR param missing parameter "
					 "'version'\n");
	/* back to v1, answered as the tagged v2 request it was */
	ck_assert(strpfx(request("hello version=1 tag=9"), "9 OK version=1 "
					 "imsaka="));
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 1);
	ck_assert_str_eq(request("list tag=10"),
					 "ERR param unknown parameter 'tag' for list\n");
}
END_TEST

START_TEST(test_tagged_replies)
{
	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ck_assert_str_eq(request("ctx-create role=pcscf impi=a@b tag=7"),
					 "7 OK ctx=1\n");
	/* the tag may stand anywhere */
	ck_assert_str_eq(request("ctx-create tag=4294967295 role=ue impi=c@d"),
					 "4294967295 OK ctx=2\n");
	ck_assert_str_eq(request("ctx-delete ctx=99 tag=8"),
					 "8 ERR ctx no context 99\n");
	ck_assert_str_eq(request("frobnicate tag=1"),
					 "1 ERR command unknown command 'frobnicate'\n");
	/* a line may end in CR LF */
	ck_assert(strpfx(request("list tag=2\r"), "2 ctx id=1 "));
	/* untagged requests on v2 get untagged replies */
	ck_assert_str_eq(request("ctx-delete ctx=2"), "OK ctx=2\n");
	ck_assert_str_eq(request("ctx-delete ctx=2"), "ERR ctx no context 2\n");
}
END_TEST

START_TEST(test_tagged_list)
{
	const char *text;

	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ck_assert_str_eq(request("ctx-create role=pcscf impi=a@b"), "OK ctx=1\n");
	ck_assert_str_eq(request("ctx-create role=ue impi=c@d"), "OK ctx=2\n");
	text = request("list tag=12");
	ck_assert_msg(strpfx(text, "12 ctx id=1 role=pcscf impi=a@b state=new "),
				  "%s", text);
	ck_assert_msg(strstr(text, "\n12 ctx id=2 role=ue impi=c@d state=new "),
				  "%s", text);
	/* every line tagged, the last one END */
	ck_assert_msg(strlen(text) > 8 && streq(text + strlen(text) - 8,
				  "\n12 END\n"), "%s", text);
	text = request("list ctx=2 tag=13");
	ck_assert_msg(strpfx(text, "13 ctx id=2 "), "%s", text);
	ck_assert(strstr(text, "\n13 END\n"));
	ck_assert(!strstr(text, "ctx id=1"));
	ck_assert_str_eq(request("list ctx=3 tag=14"), "14 ERR ctx no context 3\n");
	/* untagged on v2: lines as in v1 */
	text = request("list ctx=1");
	ck_assert(strpfx(text, "ctx id=1 "));
	ck_assert(streq(text + strlen(text) - 5, "\nEND\n"));
}
END_TEST

/**
 * v2 lines the parser or the tag check refuses, and their replies
 */
static struct {
	const char *line;
	const char *reply;
} bad_v2[] = {
	/* syntax errors with a readable tag */
	{ "hello version=1 version=2 tag=5",
	  "5 ERR syntax parameter 'version' given twice\n" },
	{ "list tag=6 ctx", "6 ERR syntax parameter 'ctx' is not key=value\n" },
	{ "list\ttag=7 x=\x01", "7 ERR syntax invalid character 0x01 at offset "
	  "13 (printable ASCII only)\n" },
	{ "list tag=8 \x7f", "8 ERR syntax invalid character 0x7f at offset 11 "
	  "(printable ASCII only)\n" },
	/* syntax errors without one */
	{ "tag=5 list", "ERR syntax request must start with a command, not "
	  "'tag=5'\n" },
	{ "list tag=5 tag=6", "ERR syntax parameter 'tag' given twice\n" },
	{ "list tag=x ctx", "ERR syntax parameter 'ctx' is not key=value\n" },
	{ "list tag=8\r\r", "ERR syntax invalid character 0x0d at offset 10 "
	  "(printable ASCII only)\n" },
	/* tags that are no number in 1..2^32-1: nothing to match by */
	{ "list tag=0", "ERR param tag=0 is not a decimal number in "
	  "1..4294967295\n" },
	{ "list tag=4294967296", "ERR param tag=4294967296 is not a decimal "
	  "number in 1..4294967295\n" },
	{ "list tag=-1", "ERR param tag=-1 is not a decimal number in "
	  "1..4294967295\n" },
	{ "list tag=0x10", "ERR param tag=0x10 is not a decimal number in "
	  "1..4294967295\n" },
	{ "list tag=1x", "ERR param tag=1x is not a decimal number in "
	  "1..4294967295\n" },
	/* empty lines are not answered */
	{ "", "" },
	{ " \t", "" },
};

START_TEST(test_bad_v2)
{
	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ck_assert_str_eq(request(bad_v2[_i].line), bad_v2[_i].reply);
	/* the connection goes on in v2 */
	ck_assert_int_eq(ctl.session->get_version(ctl.session), 2);
	ck_assert_str_eq(request("list tag=99"), "99 END\n");
}
END_TEST

/**
 * Build a request with n parameters besides a tag
 */
static char *many_params(char *buf, size_t len, int n)
{
	int i, pos;

	pos = snprintf(buf, len, "list tag=3");
	for (i = 0; i < n; i++)
	{
		pos += snprintf(buf + pos, len - pos, " p%d=1", i);
	}
	return buf;
}

START_TEST(test_tag_counts_as_parameter)
{
	char buf[512];

	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	/* 31 others and the tag: parsed, the unknown one refused by list */
	ck_assert_str_eq(request(many_params(buf, sizeof(buf),
					 IMSAKA_CONTROL_PARAMS_MAX - 1)),
					 "3 ERR param unknown parameter 'p0' for list\n");
	ck_assert_str_eq(request(many_params(buf, sizeof(buf),
					 IMSAKA_CONTROL_PARAMS_MAX)),
					 "3 ERR syntax more than 32 parameters\n");
}
END_TEST

START_TEST(test_long_line)
{
	char start[] = "list ctx=1 tag=21 x=aaaa";

	/* v1: never tagged */
	ctl.session->refuse_long(ctl.session, start, strlen(start), &ctl.reply);
	ck_assert_str_eq(ctl.reply.buf, "ERR syntax request longer than 4096 bytes\n");
	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ctl.session->refuse_long(ctl.session, start, strlen(start), &ctl.reply);
	ck_assert_str_eq(ctl.reply.buf,
					 "21 ERR syntax request longer than 4096 bytes\n");
	/* a tag cut off at the end of what arrived may be longer */
	ctl.session->refuse_long(ctl.session, start, strlen("list ctx=1 tag=21"), &ctl.reply);
	ck_assert_str_eq(ctl.reply.buf, "ERR syntax request longer than 4096 bytes\n");
}
END_TEST

/**
 * Lines and the tag imsaka_control_find_tag() reads in them
 */
static struct {
	const char *line;
	bool complete;
	uint32_t tag;
} find_tags[] = {
	{ "list tag=1", TRUE, 1 },
	{ "list tag=1", FALSE, 0 },
	{ "list tag=1 ", FALSE, 1 },
	{ "list\ttag=4294967295\tctx=1", TRUE, 4294967295u },
	{ "list tag=4294967296", TRUE, 0 },
	{ "list tag=01", TRUE, 1 },
	{ "list tag=", TRUE, 0 },
	{ "list tag=1 tag=1", TRUE, 0 },
	{ "list xtag=1", TRUE, 0 },
	{ "tag=1", TRUE, 0 },
	{ "list tag=12345678901234567890", TRUE, 0 },
	{ "list tag=7\r", TRUE, 7 },
	{ "", TRUE, 0 },
};

START_TEST(test_hello_instance)
{
	/* without an instance (none drawn) hello names none */
	ck_assert(strpfx(request("hello version=1"), "OK version=1 imsaka="));
	ck_assert(!strstr(ctl.reply.buf, "instance="));
	/* the plugin's instance, in v1 and v2, tagged too */
	strcpy(ctl.env.instance, "0f3a5b7c9d1e2f40");
	ck_assert(strpfx(request("hello version=1"), "OK version=1 imsaka="));
	ck_assert_msg(strstr(ctl.reply.buf, " instance=0f3a5b7c9d1e2f40\n"), "%s",
				  ctl.reply.buf);
	ck_assert(strpfx(request("hello version=2"), HELLO_V2));
	ck_assert_msg(strstr(ctl.reply.buf, " instance=0f3a5b7c9d1e2f40\n"), "%s",
				  ctl.reply.buf);
	ck_assert(strpfx(request("hello version=2 tag=9"), "9 OK version=2 "
					 "imsaka="));
	ck_assert_msg(strstr(ctl.reply.buf, " instance=0f3a5b7c9d1e2f40\n"), "%s",
				  ctl.reply.buf);
}
END_TEST

START_TEST(test_find_tag)
{
	ck_assert_int_eq(imsaka_control_find_tag(find_tags[_i].line,
				strlen(find_tags[_i].line), find_tags[_i].complete),
				find_tags[_i].tag);
}
END_TEST

Suite *control_session_suite_create(void)
{
	test_entry_t tests[] = {
		{ "version", test_v1_until_hello },
		{ "version", test_hello_versions },
		{ "version", test_hello_instance },
		{ "tags", test_tagged_replies },
		{ "tags", test_tagged_list },
		{ "tags", test_bad_v2, countof(bad_v2) },
		{ "tags", test_tag_counts_as_parameter },
		{ "tags", test_long_line },
		{ "tags", test_find_tag, countof(find_tags) },
	};

	return test_suite_create("imsaka control session (v1, v2 tags)", setup,
							 teardown, tests, countof(tests));
}

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

#include <frontend_conf.h>
#include <sip_tls_aka_filter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** temporary configuration file */
static char path[64];

static void write_conf(const char *text)
{
	FILE *file;
	int fd;

	snprintf(path, sizeof(path), "/tmp/imsaka-conf-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	file = fdopen(fd, "w");
	ck_assert(file);
	fputs(text, file);
	fclose(file);
}

static void remove_conf(void)
{
	if (*path)
	{
		unlink(path);
		*path = '\0';
	}
}

static const char *conf_text =
	"imsaka-test {\n"
	"  port = 5060\n"
	"  zero = 0\n"
	"  big = 70000\n"
	"  junk = 12x\n"
	"  signed = -1\n"
	"  plus = +5\n"
	"  hex = 0x10\n"
	"  empty = \"\"\n"
	"  huge = 99999999999999999999\n"
	"  yes = yes\n"
	"  no = false\n"
	"  maybe = maybe\n"
	"  one = 1\n"
	"  v4 = 192.0.2.1\n"
	"  v4port = 192.0.2.1:5060\n"
	"  v6port = [2001:db8::1]:5062\n"
	"  badaddr = 300.1.1.1\n"
	"  badport = 192.0.2.1:70000\n"
	"  name = ims.example.net\n"
	"}\n";

static void setup(void)
{
	write_conf(conf_text);
	ck_assert(frontend_conf_init("imsaka-test", path, 0));
}

static void teardown(void)
{
	frontend_conf_deinit();
	remove_conf();
}

START_TEST(test_conf_uint)
{
	uint32_t v;

	ck_assert(frontend_conf_uint("port", 1, 65535, 7, &v));
	ck_assert_uint_eq(v, 5060);
	ck_assert(frontend_conf_uint("absent", 1, 65535, 7, &v));
	ck_assert_uint_eq(v, 7);
	ck_assert(frontend_conf_uint("zero", 0, 1, 7, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(!frontend_conf_uint("zero", 1, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("big", 1, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("junk", 0, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("signed", 0, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("plus", 0, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("hex", 0, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("empty", 0, 65535, 7, &v));
	ck_assert(!frontend_conf_uint("huge", 0, UINT32_MAX, 7, &v));
	ck_assert(!frontend_conf_uint("name", 0, 65535, 7, &v));
}
END_TEST

START_TEST(test_conf_bool)
{
	bool v;

	ck_assert(frontend_conf_bool("yes", false, &v));
	ck_assert(v);
	ck_assert(frontend_conf_bool("no", true, &v));
	ck_assert(!v);
	ck_assert(frontend_conf_bool("one", false, &v));
	ck_assert(v);
	ck_assert(frontend_conf_bool("absent", true, &v));
	ck_assert(v);
	ck_assert(!frontend_conf_bool("maybe", false, &v));
	ck_assert(!frontend_conf_bool("port", false, &v));
}
END_TEST

START_TEST(test_conf_addr)
{
	imsaka_addr_t a;

	ck_assert(frontend_conf_addr("v4", false, NULL, &a));
	ck_assert_int_eq(a.family, 4);
	ck_assert_uint_eq(a.port, 0);
	ck_assert(!frontend_conf_addr("v4", true, NULL, &a));
	ck_assert(frontend_conf_addr("v4port", true, NULL, &a));
	ck_assert_uint_eq(a.port, 5060);
	ck_assert(frontend_conf_addr("v6port", true, NULL, &a));
	ck_assert_int_eq(a.family, 6);
	ck_assert_uint_eq(a.port, 5062);
	ck_assert(!frontend_conf_addr("badaddr", false, NULL, &a));
	ck_assert(!frontend_conf_addr("badport", true, NULL, &a));
	ck_assert(!frontend_conf_addr("name", false, NULL, &a));
	ck_assert(!frontend_conf_addr("absent", false, NULL, &a));
	ck_assert(frontend_conf_addr("absent", false, "::1", &a));
	ck_assert_int_eq(a.family, 6);
}
END_TEST

START_TEST(test_conf_str)
{
	ck_assert_str_eq(frontend_conf_str("name", NULL), "ims.example.net");
	ck_assert_str_eq(frontend_conf_str("absent", "dflt"), "dflt");
	ck_assert(frontend_conf_str("absent", NULL) == NULL);
}
END_TEST

/**
 * Load a section of its own
 */
static void reload(const char *text)
{
	frontend_conf_deinit();
	remove_conf();
	write_conf(text);
	ck_assert(frontend_conf_init("imsaka-test", path, 0));
}

/* the programs' ktls option: default yes, a bad value refused */
START_TEST(test_conf_ktls)
{
	bool ktls = FALSE;

	reload("imsaka-test {\n}\n");
	ck_assert(sip_tls_aka_filter_ktls_option(&ktls));
	ck_assert(ktls);
	reload("imsaka-test {\n  ktls = no\n}\n");
	ck_assert(sip_tls_aka_filter_ktls_option(&ktls));
	ck_assert(!ktls);
	reload("imsaka-test {\n  ktls = perhaps\n}\n");
	ck_assert(!sip_tls_aka_filter_ktls_option(&ktls));
	/* back to the default for the filters made after */
	reload("imsaka-test {\n}\n");
	ck_assert(sip_tls_aka_filter_ktls_option(&ktls));
}
END_TEST

START_TEST(test_conf_missing_file)
{
	ck_assert(!frontend_conf_init("imsaka-test",
								  "/nonexistent/imsaka-test.conf", 0));
	ck_assert(!frontend_conf_init("imsaka-test", "/tmp", 0));
}
END_TEST

START_TEST(test_conf_parse_error)
{
	write_conf("imsaka-test {\n  port = 5060\n");
	ck_assert(!frontend_conf_init("imsaka-test", path, 0));
	remove_conf();
	write_conf("imsaka-test { port = 5060 } }\n");
	ck_assert(!frontend_conf_init("imsaka-test", path, 0));
	remove_conf();
}
END_TEST

START_TEST(test_conf_loglevel)
{
	write_conf("imsaka-test {\n  loglevel = 9\n}\n");
	ck_assert(!frontend_conf_init("imsaka-test", path, -1));
	/* the command line wins */
	ck_assert(frontend_conf_init("imsaka-test", path, 2));
	frontend_conf_deinit();
	ck_assert(!frontend_conf_init("imsaka-test", path, 5));
	remove_conf();
}
END_TEST

Suite *frontend_conf_suite_create(void)
{
	Suite *s = suite_create("frontend_conf");
	TCase *tc;

	tc = tcase_create("getters");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_conf_uint);
	tcase_add_test(tc, test_conf_bool);
	tcase_add_test(tc, test_conf_addr);
	tcase_add_test(tc, test_conf_str);
	tcase_add_test(tc, test_conf_ktls);
	suite_add_tcase(s, tc);

	tc = tcase_create("init");
	tcase_add_test(tc, test_conf_missing_file);
	tcase_add_test(tc, test_conf_parse_error);
	tcase_add_test(tc, test_conf_loglevel);
	suite_add_tcase(s, tc);
	return s;
}

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
 * The check of the loaded libipsec against what the plugin was built for,
 * run on the installed libipsec (initialised here as kernel-libipsec does):
 * it passes as built, fails with the reason when a build ID or layout is
 * made not to match (the test hook), and the link to libipsec is then
 * refused with one line at level 1.
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include <dlfcn.h>
#include <stdio.h>

#include "imsaka_libipsec.h"
#include "imsaka_libipsec_check.h"
#include "test_library.h"

/** the installed libipsec */
#define LIBIPSEC IMSAKA_IPSECDIR "/libipsec.so.0"

/** handle of libipsec, and its init/deinit */
static void *handle;
static bool (*init)();
static void (*deinit)();

/** level 1 lines of the kernel group, newline separated */
static char logged[4096];

/**
 * logger_t.log: keep level 1 lines of the kernel group
 */
static void log_line(logger_t *this, debug_t group, level_t level,
					 int thread, ike_sa_t *ike_sa, const char *message)
{
	size_t used = strlen(logged);

	if (group == DBG_KNL && level <= 1)
	{
		snprintf(logged + used, sizeof(logged) - used, "%s\n", message);
	}
}

/**
 * logger_t.get_level: kernel messages up to level 1
 */
static level_t log_level(logger_t *this, debug_t group)
{
	return group == DBG_KNL ? 1 : LEVEL_SILENT;
}

/** the plugin logs through charon's bus, where this logger listens */
static logger_t logger = {
	.log = log_line,
	.get_level = log_level,
};

static void setup()
{
	test_library_setup();
	ck_assert(libcharon_init());
	ck_assert(lib->plugins->load(lib->plugins, "aes sha1 hmac"));
	handle = dlopen(LIBIPSEC, RTLD_NOW);
	ck_assert_msg(handle, "%s is not installed: %s", LIBIPSEC, dlerror());
	init = dlsym(handle, "libipsec_init");
	deinit = dlsym(handle, "libipsec_deinit");
	ck_assert(init && deinit);
	ck_assert(init());
	logged[0] = '\0';
	charon->bus->add_logger(charon->bus, &logger);
	unsetenv(IMSAKA_LIBIPSEC_MISMATCH_ENV);
}

static void teardown()
{
	unsetenv(IMSAKA_LIBIPSEC_MISMATCH_ENV);
	charon->bus->remove_logger(charon->bus, &logger);
	deinit();
	dlclose(handle);
	libcharon_deinit();
	test_library_teardown();
}

START_TEST(test_as_built)
{
	imsaka_libipsec_expect_t expect;
	char why[512] = "";

	imsaka_libipsec_expect_built(&expect);
	ck_assert_msg(expect.build_id[0], "built without a libipsec build ID");
	ck_assert_msg(imsaka_libipsec_check(handle, &expect, why, sizeof(why)),
				  "installed libipsec refused: %s", why);
}
END_TEST

/**
 * A mismatch the test hook makes, and what the reason must name
 */
static struct {
	const char *mismatch;
	const char *reason;
} mismatches[] = {
	{ "build-id", ", imsaka was built for build " },
	{ "layout", " methods of ipsec_sa_t is not code of libipsec" },
};

START_TEST(test_mismatch)
{
	imsaka_libipsec_expect_t expect, built;
	char why[512] = "";

	imsaka_libipsec_expect_built(&built);
	expect = built;
	ck_assert(imsaka_libipsec_expect_mismatch(&expect,
											  mismatches[_i].mismatch));
	ck_assert(!imsaka_libipsec_check(handle, &expect, why, sizeof(why)));
	ck_assert_msg(strstr(why, mismatches[_i].reason), "reason: %s", why);
	if (streq(mismatches[_i].mismatch, "build-id"))
	{	/* both builds named: the one found and the one expected */
		ck_assert(!streq(expect.build_id, built.build_id));
		ck_assert_msg(strstr(why, expect.build_id) &&
					  strstr(why, built.build_id), "reason: %s", why);
	}
	/* refusing left libipsec usable: the real expectations still pass */
	ck_assert_msg(imsaka_libipsec_check(handle, &built, why, sizeof(why)),
				  "after a mismatch: %s", why);
}
END_TEST

START_TEST(test_unknown_mismatch)
{
	imsaka_libipsec_expect_t expect, built;

	imsaka_libipsec_expect_built(&built);
	expect = built;
	ck_assert(!imsaka_libipsec_expect_mismatch(&expect, "frobnicate"));
	ck_assert(streq(expect.build_id, built.build_id));
	ck_assert_int_eq(expect.sa_methods, built.sa_methods);
}
END_TEST

START_TEST(test_not_initialised)
{
	imsaka_libipsec_expect_t expect;
	char why[512] = "";
	bool ok;

	imsaka_libipsec_expect_built(&expect);
	deinit();
	ok = imsaka_libipsec_check(handle, &expect, why, sizeof(why));
	ck_assert(init());
	ck_assert(!ok);
	ck_assert_msg(streq(why, "it is not initialised"), "reason: %s", why);
}
END_TEST

START_TEST(test_link_refused)
{
	imsaka_libipsec_t *link;

	setenv(IMSAKA_LIBIPSEC_MISMATCH_ENV, mismatches[_i].mismatch, 1);
	link = imsaka_libipsec_create_checked(dlopen(LIBIPSEC, RTLD_NOW));
	ck_assert(!link);
	ck_assert_msg(strstr(logged, "libipsec.so.0 is not the one imsaka was "
						 "built for: ") &&
				  strstr(logged, mismatches[_i].reason) &&
				  strstr(logged, "; peers are not followed from ESP, the "
						 "mapping command replaces SA sets\n"),
				  "logged: %s", logged);
	/* one line */
	ck_assert(strchr(logged, '\n') == logged + strlen(logged) - 1);
}
END_TEST

START_TEST(test_link_created)
{
	imsaka_libipsec_t *link;
	esp_context_t *esp;
	uint8_t key[20] = {};
	host_t *dst;
	uint32_t seqno = 0;

	link = imsaka_libipsec_create_checked(dlopen(LIBIPSEC, RTLD_NOW));
	ck_assert_msg(link, "logged: %s", logged);
	ck_assert_str_eq(logged, "");
	/* the link works: a private ESP context, no SA of that SPI in use */
	esp = link->create_esp_context(link, ENCR_AES_CBC,
							chunk_create(key, 16), AUTH_HMAC_SHA1_96,
							chunk_create(key, 20));
	ck_assert(esp);
	ck_assert(esp->verify_seqno(esp, 1));
	esp->destroy(esp);
	dst = host_create_from_string("192.0.2.2", 4500);
	ck_assert(!link->get_seqno(link, 0xc0ffee02, dst, &seqno));
	dst->destroy(dst);
	link->destroy(link);
}
END_TEST

Suite *libipsec_check_suite_create(void)
{
	test_entry_t tests[] = {
		{ "check", test_as_built },
		{ "check", test_mismatch, countof(mismatches) },
		{ "check", test_unknown_mismatch },
		{ "check", test_not_initialised },
		{ "link", test_link_refused, countof(mismatches) },
		{ "link", test_link_created },
	};

	return test_suite_create("libipsec check", setup, teardown, tests,
							 countof(tests));
}

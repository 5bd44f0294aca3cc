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
 * Unit tests of the context manager's passes applying lifetimes against a
 * backend slow to remove SAs: a pass stops after its time budget, leaving
 * the rest to the next, which goes on where it stopped. The backend's
 * delay only lengthens a pass (a slower machine makes it longer still), so
 * no check depends on how fast the machine is.
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include "test_control_fixture.h"
#include "test_library.h"
#include "fake_kernel_ipsec.h"

#define CK1 "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK1 "f769bcd751044604127672711c6d3441"

/** a temporary set of 10 s for a new context of IMPI, port base PORT */
#define PREPARE(impi, port) "sa-prepare impi=" impi " ck=" CK1 " ik=" IK1 \
	" local=10.2.0.1 port-c=5062 port-s=5060 remote=10.1.0.10 rport-c=" \
	port "4 rport-s=" port "6 rspi-c=" port "1 rspi-s=" port "2 " \
	"alg=hmac-sha-1-96 ealg=aes-cbc remote-outer=192.0.2.1:4500 " \
	"mod=UDP-enc-tun lifetime=10"

static test_control_fixture_t ctl;

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	fake_kernel_ipsec_register();
	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE,
							lib->ns);
	test_now = 1000;
	imsaka_context_set_clock(test_clock);
	test_control_fixture_create(&ctl, 1024, 10, NULL, NULL);
}

static void teardown()
{
	fake_kernel.del_sa_delay_ms = 0;
	test_control_fixture_destroy(&ctl);
	ck_assert_int_eq(fake_kernel.sas, 0);
	imsaka_context_set_clock(NULL);
	libcharon_deinit();
	library_deinit();
}

static const char *request(const char *line)
{
	return test_control_fixture_request(&ctl, line);
}

START_TEST(test_pass_budget)
{
	ck_assert(strpfx(request(PREPARE("a@ims.example.net", "600")), "OK ctx=1 "));
	ck_assert(strpfx(request(PREPARE("b@ims.example.net", "610")), "OK ctx=2 "));
	ck_assert(strpfx(request(PREPARE("c@ims.example.net", "620")), "OK ctx=3 "));
	ck_assert_int_eq(fake_kernel.sas, 12);
	test_now += 10;
	/* each set's four SAs take 4 x 60 ms to remove, past the pass's 200 ms:
	 * one set per pass, in the order of the contexts */
	fake_kernel.del_sa_delay_ms = 60;
	fake_kernel.calls[0] = '\0';
	ctl.contexts->expire(ctl.contexts);
	ck_assert_int_eq(fake_kernel.sas, 8);
	ck_assert(strstr(fake_kernel.calls, "del-sa 6001 "));
	ctl.contexts->expire(ctl.contexts);
	ck_assert_int_eq(fake_kernel.sas, 4);
	ck_assert(strstr(fake_kernel.calls, "del-sa 6101 "));
	/* a fast backend: the rest in one pass */
	fake_kernel.del_sa_delay_ms = 0;
	ctl.contexts->expire(ctl.contexts);
	ck_assert_int_eq(fake_kernel.sas, 0);
	ck_assert(strstr(fake_kernel.calls, "del-sa 6201 "));
}
END_TEST

START_TEST(test_pass_whole)
{
	/* without a slow backend one pass applies every lifetime */
	ck_assert(strpfx(request(PREPARE("a@ims.example.net", "600")), "OK ctx=1 "));
	ck_assert(strpfx(request(PREPARE("b@ims.example.net", "610")), "OK ctx=2 "));
	ck_assert(strpfx(request(PREPARE("c@ims.example.net", "620")), "OK ctx=3 "));
	test_now += 10;
	ctl.contexts->expire(ctl.contexts);
	ck_assert_int_eq(fake_kernel.sas, 0);
}
END_TEST

Suite *expire_pass_suite_create(void)
{
	test_entry_t tests[] = {
		{ "budget", test_pass_budget },
		{ "budget", test_pass_whole },
	};

	return test_suite_create("imsaka expire pass", setup, teardown, tests,
							 countof(tests));
}

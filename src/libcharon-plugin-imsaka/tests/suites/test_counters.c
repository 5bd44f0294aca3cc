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
 * Unit tests of the event counters and the keys of stats: sets installed,
 * promoted and removed (for every reason), installs that failed,
 * keep-alives sent, peers followed and error replies by code, each counted
 * exactly once per event. Requests run through a control session against a
 * fake IPsec backend that counts its SAs and refuses the n-th when told to;
 * keep-alives go through the plugin's charon sender callback to a fake
 * sender that counts packets; the contexts' clock is moved by the tests.
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include "imsaka_counters.h"
#include "test_control_fixture.h"
#include "test_library.h"
#include "fake_kernel_ipsec.h"

/** TS 35.207 test set 1 CK and IK */
#define CK1 "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK1 "f769bcd751044604127672711c6d3441"

/** everything of sa-prepare but the context and the keys */
#define SET " local=10.2.0.1 port-c=5062 port-s=5060 remote=10.1.0.10 " \
	"rport-c=5064 rport-s=5066 rspi-c=2000 rspi-s=2001 alg=hmac-sha-1-96 " \
	"ealg=aes-cbc mod=UDP-enc-tun remote-outer=192.0.2.1:4500"

/** sa-prepare of a new context for an IMPI */
#define PREPARE_NEW(impi) "sa-prepare impi=" impi " ck=" CK1 " ik=" IK1 SET

/** sa-prepare of a re-registration of context 1 */
#define PREPARE_CTX1 "sa-prepare ctx=1 ck=" CK1 " ik=" IK1 SET

/** the keys stats had before the counters, in their order */
static const char *const plain_keys[] = {
	"contexts", "ue", "pcscf", "sets-temp", "sets-current", "sets-old",
};

/** SAs the fake holds, add_sa() calls so far and the one to refuse */

/** packets the fake sender got, and how many were not one 0xFF byte */
static int packets, not_keepalives;

static imsaka_counters_t *counters;
static imsaka_keepalive_t *keepalive;
static test_control_fixture_t ctl;

static void fake_send(sender_t *this, packet_t *packet)
{
	chunk_t data = packet->get_data(packet);

	packets++;
	if (data.len != 1 || data.ptr[0] != 0xFF)
	{
		not_keepalives++;
	}
	packet->destroy(packet);
}

static void fake_flush(sender_t *this)
{
}

/** stands in for charon's sender, which the daemon only has once started */
static sender_t fake_sender = {
	.send = fake_send,
	.send_no_marker = fake_send,
	.flush = fake_flush,
};

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	fake_kernel_ipsec_register();
	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE,
							lib->ns);
	charon->sender = &fake_sender;
	packets = not_keepalives = 0;
	test_now = 1000;
	imsaka_context_set_clock(test_clock);
	counters = imsaka_counters_create();
	/* one tick per interval: each tick sends every binding once */
	keepalive = imsaka_keepalive_create(imsaka_keepalive_send_charon,
										counters, 1000, 1000);
	test_control_fixture_create(&ctl, 1024, 10, keepalive, counters);
}

static void teardown()
{
	test_control_fixture_destroy(&ctl);
	keepalive->destroy(keepalive);
	counters->destroy(counters);
	/* every set removed with its contexts */
	ck_assert_int_eq(fake_kernel.sas, 0);
	imsaka_context_set_clock(NULL);
	charon->sender = NULL;
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

/**
 * A value of the stats reply, which must hold the key once
 */
static uint64_t stat(const char *key)
{
	char pattern[64], *pos, *end;
	unsigned long long value;

	ck_assert(strpfx(request("stats"), "OK "));
	snprintf(pattern, sizeof(pattern), " %s=", key);
	pos = strstr(ctl.reply.buf, pattern);
	ck_assert_msg(pos, "no %s in %s", key, ctl.reply.buf);
	ck_assert_msg(!strstr(pos + 1, pattern), "%s twice in %s", key,
				  ctl.reply.buf);
	value = strtoull(pos + strlen(pattern), &end, 10);
	ck_assert(*end == ' ' || *end == '\n');
	return value;
}

/**
 * Check the set counters, in the counters and in stats
 */
static void assert_sets(uint64_t installed, uint64_t promoted,
						uint64_t removed, uint64_t failed)
{
	ck_assert_int_eq(counters->get(counters, IMSAKA_COUNTER_SETS_INSTALLED),
					 installed);
	ck_assert_int_eq(counters->get(counters, IMSAKA_COUNTER_SETS_PROMOTED),
					 promoted);
	ck_assert_int_eq(counters->get(counters, IMSAKA_COUNTER_SETS_REMOVED),
					 removed);
	ck_assert_int_eq(counters->get(counters,
					 IMSAKA_COUNTER_SETS_INSTALL_FAILED), failed);
	ck_assert_int_eq(stat("sets-installed"), installed);
	ck_assert_int_eq(stat("sets-promoted"), promoted);
	ck_assert_int_eq(stat("sets-removed"), removed);
	ck_assert_int_eq(stat("sets-install-failed"), failed);
}

/**
 * Check that stats lists the keys it had, then every counter, all 0
 */
static void assert_zero_keys()
{
	char *pos, *eq, *save = NULL;
	int i = 0, n = countof(plain_keys);

	ck_assert(strpfx(request("stats"), "OK "));
	for (pos = strtok_r(ctl.reply.buf + 3, " \n", &save); pos;
		 pos = strtok_r(NULL, " \n", &save), i++)
	{
		eq = strchr(pos, '=');
		ck_assert(eq);
		*eq = '\0';
		ck_assert_str_eq(pos, i < n ? plain_keys[i] :
						 enum_to_name(imsaka_counter_names, i - n));
		ck_assert_str_eq(eq + 1, "0");
		ck_assert_int_eq(strspn(pos, "abcdefghijklmnopqrstuvwxyz0123456789-"),
						 strlen(pos));
	}
	ck_assert_int_eq(i, n + IMSAKA_COUNTER_MAX);
}

START_TEST(test_keys)
{
	assert_zero_keys();
}
END_TEST

START_TEST(test_keys_without_counters)
{
	ctl.env.counters = NULL;
	assert_zero_keys();
}
END_TEST

/**
 * Every error code the plugin replies with, and its counter
 * (docs/CONTROL.md, Error codes)
 */
static struct {
	const char *reply;
	imsaka_counter_t counter;
} codes[] = {
	{ "ERR syntax parameter 'ctx' is not key=value\n",
	  IMSAKA_COUNTER_ERRORS_SYNTAX },
	{ "ERR command unknown command 'x'\n", IMSAKA_COUNTER_ERRORS_COMMAND },
	{ "ERR param missing parameter 'impi'\n", IMSAKA_COUNTER_ERRORS_PARAM },
	{ "ERR version protocol version 3 is not supported\n",
	  IMSAKA_COUNTER_ERRORS_VERSION },
	{ "ERR ctx no context 99\n", IMSAKA_COUNTER_ERRORS_CTX },
	{ "ERR state ctx 1 has no CK/IK yet\n", IMSAKA_COUNTER_ERRORS_STATE },
	{ "ERR auth AUTN is not authentic\n", IMSAKA_COUNTER_ERRORS_AUTH },
	{ "ERR sync auts=AAAA response=00\n", IMSAKA_COUNTER_ERRORS_SYNC },
	{ "ERR unsupported the kernel backend cannot do mod=trans\n",
	  IMSAKA_COUNTER_ERRORS_UNSUPPORTED },
	{ "ERR kernel adding SA failed, nothing installed\n",
	  IMSAKA_COUNTER_ERRORS_KERNEL },
	{ "ERR resource too many contexts\n", IMSAKA_COUNTER_ERRORS_RESOURCE },
};

START_TEST(test_error_code)
{
	imsaka_counter_t which;

	ck_assert(counters->count_reply(counters, codes[_i].reply));
	ck_assert(counters->count_reply(counters, codes[_i].reply));
	for (which = 0; which < IMSAKA_COUNTER_MAX; which++)
	{
		ck_assert_int_eq(counters->get(counters, which),
						 which == codes[_i].counter ? 2 : 0);
	}
}
END_TEST

/**
 * Replies that count nothing; FALSE for an ERR whose code has no counter
 */
static struct {
	const char *reply;
	bool known;
} uncounted[] = {
	{ "OK ctx=1\n", TRUE },
	{ "END\n", TRUE },
	{ "ctx id=1 role=pcscf\n", TRUE },
	{ "", TRUE },
	{ "ERRsyntax x\n", TRUE },
	{ "ERR bogus something\n", FALSE },
	{ "ERR \n", FALSE },
	{ "ERR param-x long\n", FALSE },
	{ "ERR syntaxsyntaxsyntaxsyntaxsyntaxsyntax x\n", FALSE },
};

START_TEST(test_uncounted_reply)
{
	imsaka_counter_t which;

	ck_assert(counters->count_reply(counters, uncounted[_i].reply) ==
			  uncounted[_i].known);
	for (which = 0; which < IMSAKA_COUNTER_MAX; which++)
	{
		ck_assert_int_eq(counters->get(counters, which), 0);
	}
	ck_assert_int_eq(counters->get(counters, IMSAKA_COUNTER_MAX), 0);
}
END_TEST

START_TEST(test_sets)
{
	ck_assert(strpfx(request(PREPARE_NEW("alice@ims.example.net")),
					 "OK ctx=1 "));
	assert_sets(1, 0, 0, 0);
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"), "OK ctx=1 "));
	assert_sets(1, 1, 0, 0);
	/* re-registration: the current set becomes the old one */
	ck_assert(strpfx(request(PREPARE_CTX1), "OK ctx=1 "));
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"), "OK ctx=1 "));
	assert_sets(2, 2, 0, 0);
	/* and again: the old set goes */
	ck_assert(strpfx(request(PREPARE_CTX1), "OK ctx=1 "));
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"), "OK ctx=1 "));
	assert_sets(3, 3, 1, 0);
	ck_assert_str_eq(request("sa-remove ctx=1 set=old"),
					 "OK ctx=1 removed=1\n");
	assert_sets(3, 3, 2, 0);
	/* nothing to remove counts nothing */
	ck_assert_str_eq(request("sa-remove ctx=1 set=old"),
					 "OK ctx=1 removed=0\n");
	assert_sets(3, 3, 2, 0);
	ck_assert(strpfx(request(PREPARE_CTX1), "OK ctx=1 "));
	ck_assert_str_eq(request("sa-remove ctx=1 set=all"),
					 "OK ctx=1 removed=2\n");
	assert_sets(4, 3, 4, 0);
	ck_assert_int_eq(fake_kernel.sas, 0);
	/* with the context */
	ck_assert(strpfx(request(PREPARE_NEW("bob@ims.example.net")),
					 "OK ctx=2 "));
	ck_assert_str_eq(request("ctx-delete ctx=2"), "OK ctx=2\n");
	assert_sets(5, 3, 5, 0);
	/* at the end of its lifetime */
	ck_assert(strpfx(request(PREPARE_NEW("carol@ims.example.net")
					 " lifetime=10"), "OK ctx=3 "));
	assert_sets(6, 3, 5, 0);
	test_now += 9;
	ctl.contexts->expire(ctl.contexts);
	assert_sets(6, 3, 5, 0);
	test_now += 1;
	ctl.contexts->expire(ctl.contexts);
	assert_sets(6, 3, 6, 0);
	ck_assert_int_eq(stat("sets-temp"), 0);
	ck_assert_int_eq(fake_kernel.sas, 0);
}
END_TEST

START_TEST(test_install_failed)
{
	char line[512];
	uint32_t spi_c, spi_s;

	/* the kernel refuses the third SA: nothing installed */
	fake_kernel.add_sa_refuse = 3;
	ck_assert(strpfx(request(PREPARE_NEW("alice@ims.example.net")),
					 "ERR kernel "));
	assert_sets(0, 0, 0, 1);
	ck_assert_int_eq(stat("errors-kernel"), 1);
	ck_assert_int_eq(fake_kernel.sas, 0);
	/* no keys yet */
	ck_assert_str_eq(request("ctx-create role=pcscf impi=bob@ims.example.net"),
					 "OK ctx=2\n");
	ck_assert(strpfx(request("spi-alloc ctx=2"), "OK spi-c="));
	ck_assert_int_eq(sscanf(ctl.reply.buf, "OK spi-c=%u spi-s=%u", &spi_c,
							&spi_s), 2);
	snprintf(line, sizeof(line), "sa-install ctx=2 spi-c=%u spi-s=%u%s",
			 spi_c, spi_s, SET);
	ck_assert(strpfx(request(line), "ERR state "));
	assert_sets(0, 0, 0, 2);
	ck_assert(strpfx(request("ctx-keys ctx=2 ck=" CK1 " ik=" IK1),
					 "OK ctx=2"));
	ck_assert(strpfx(request(line), "OK ctx=2 set=temp "));
	assert_sets(1, 0, 0, 2);
	/* a temporary set exists already */
	ck_assert(strpfx(request(line), "ERR state "));
	assert_sets(1, 0, 0, 3);
	/* refused for its parameters before any set was asked for */
	ck_assert(strpfx(request(PREPARE_NEW("carol@ims.example.net")
					 " lifetime=0"), "ERR param "));
	assert_sets(1, 0, 0, 3);
	ck_assert_int_eq(stat("errors-state"), 2);
	ck_assert_int_eq(stat("errors-param"), 1);
}
END_TEST

START_TEST(test_errors)
{
	char long_line[64];
	int i;

	ck_assert_str_eq(request(""), "");
	ck_assert(strpfx(request("frobnicate"), "ERR command "));
	ck_assert(strpfx(request("spi-alloc ctx=abc"), "ERR param "));
	ck_assert(strpfx(request("ctx-create role=ue"), "ERR param "));
	ck_assert(strpfx(request("hello version=3"), "ERR version "));
	ck_assert(strpfx(request("spi-alloc ctx=99"), "ERR ctx "));
	ck_assert(strpfx(request("hello version=1 version=1"), "ERR syntax "));
	memset(long_line, 'a', sizeof(long_line));
	ctl.session->refuse_long(ctl.session, long_line, sizeof(long_line), &ctl.reply);
	ck_assert(strpfx(ctl.reply.buf, "ERR syntax "));
	for (i = 1; i <= 10; i++)
	{
		ck_assert(strpfx(request("ctx-create role=pcscf impi=a@b"), "OK "));
	}
	ck_assert(strpfx(request("ctx-create role=pcscf impi=a@b"),
					 "ERR resource "));
	ck_assert(strpfx(request("keepalive-stop ctx=1"), "ERR state "));
	/* v2: counted once, before the tag goes in front */
	ck_assert(strpfx(request("hello version=2"), "OK version=2 "));
	ck_assert(strpfx(request("frobnicate tag=7"), "7 ERR command "));
	ck_assert(strpfx(request("spi-alloc ctx=1 tag=x"), "ERR param "));

	ck_assert_int_eq(stat("errors-syntax"), 2);
	ck_assert_int_eq(stat("errors-command"), 2);
	ck_assert_int_eq(stat("errors-param"), 3);
	ck_assert_int_eq(stat("errors-version"), 1);
	ck_assert_int_eq(stat("errors-ctx"), 1);
	ck_assert_int_eq(stat("errors-state"), 1);
	ck_assert_int_eq(stat("errors-resource"), 1);
	ck_assert_int_eq(stat("errors-auth"), 0);
	ck_assert_int_eq(stat("errors-sync"), 0);
	ck_assert_int_eq(stat("errors-unsupported"), 0);
	ck_assert_int_eq(stat("errors-kernel"), 0);
}
END_TEST

START_TEST(test_keepalives)
{
	u_int sent;
	int i;

	ck_assert(strpfx(request("ctx-create role=pcscf impi=a@b"), "OK ctx=1"));
	ck_assert(strpfx(request("keepalive-start ctx=1 src=10.2.0.1:4500 "
							 "dst=192.0.2.1:4500"), "OK ctx=1 keepalive="));
	/* the first one at once */
	ck_assert_int_eq(packets, 1);
	ck_assert_int_eq(stat("keepalives-sent"), 1);
	sent = 1;
	for (i = 0; i < 5; i++)
	{
		sent += keepalive->run_tick(keepalive);
	}
	ck_assert_int_eq(sent, 6);
	ck_assert_int_eq(packets, 6);
	ck_assert_int_eq(stat("keepalives-sent"), 6);
	ck_assert_str_eq(request("keepalive-stop ctx=1"), "OK ctx=1\n");
	ck_assert_int_eq(keepalive->run_tick(keepalive), 0);
	ck_assert_int_eq(stat("keepalives-sent"), 6);
	ck_assert_int_eq(packets, 6);
	ck_assert_int_eq(not_keepalives, 0);
}
END_TEST

START_TEST(test_mappings)
{
	ck_assert(strpfx(request(PREPARE_NEW("alice@ims.example.net")),
					 "OK ctx=1 "));
	ck_assert_str_eq(request("mapping ctx=1 remote-outer=192.0.2.9:4501"),
					 "OK ctx=1 sets=1\n");
	ck_assert_int_eq(stat("nat-mappings-followed"), 1);
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"), "OK ctx=1 "));
	ck_assert(strpfx(request(PREPARE_CTX1), "OK ctx=1 "));
	/* one rebinding, whatever the number of sets that follow */
	ck_assert_str_eq(request("mapping ctx=1 remote-outer=192.0.2.9:4502"),
					 "OK ctx=1 sets=2\n");
	ck_assert_int_eq(stat("nat-mappings-followed"), 2);
	/* a context without sets follows nothing */
	ck_assert(strpfx(request("ctx-create role=pcscf impi=b@c"), "OK ctx=2"));
	ck_assert_str_eq(request("mapping ctx=2 remote-outer=192.0.2.9:4503"),
					 "OK ctx=2 sets=0\n");
	ck_assert_int_eq(stat("nat-mappings-followed"), 2);
}
END_TEST

Suite *counters_suite_create(void)
{
	test_entry_t tests[] = {
		{ "keys", test_keys },
		{ "keys", test_keys_without_counters },
		{ "replies", test_error_code, countof(codes) },
		{ "replies", test_uncounted_reply, countof(uncounted) },
		{ "events", test_sets },
		{ "events", test_install_failed },
		{ "events", test_errors },
		{ "events", test_keepalives },
		{ "events", test_mappings },
	};

	return test_suite_create("imsaka counters", setup, teardown, tests,
							 countof(tests));
}

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

#include "control_restart_tests.h"
#include "fake_charon.h"

#include <control_channel.h>
#include <control_flush.h>
#include <control_instance.h>
#include <control_pipeline.h>

#include <stdio.h>
#include <string.h>

#include <library.h>

#define INSTANCE_A "0f3a5c7e9b1d2f40"
#define INSTANCE_B "7d2e4f6a8c0b1e35"

/** longest the loop runs for an event that comes after 1 s, ms: a guard
 * against a hang, not a measure */
#define GUARD_MS 20000

/**
 * Hello replies and what control_instance_parse() makes of them
 */
static struct {
	const char *reply;
	const char *instance;
} parse_tests[] = {
	{ "OK version=2 imsaka=1.2 instance=" INSTANCE_A, INSTANCE_A },
	{ "OK instance=" INSTANCE_B " version=1", INSTANCE_B },
	{ "OK version=1\tinstance=" INSTANCE_A, INSTANCE_A },
	/* an older plugin */
	{ "OK version=2 imsaka=1.2", NULL },
	{ "OK version=2 xinstance=" INSTANCE_A, NULL },
	/* garbage */
	{ "OK instance=", NULL },
	{ "OK instance=0F3A5C7E9B1D2F40", NULL },
	{ "OK instance=0f3a5c7e9b1d2f4g", NULL },
	{ "OK instance=0f3a5c7e9b1d2f4", NULL },
	{ "OK instance=0f3a5c7e 9b1d2f40", NULL },
	{ "OK instance=-f3a5c7e9b1d2f40", NULL },
	/* overlong */
	{ "OK instance=0f3a5c7e9b1d2f400", NULL },
	{ "OK instance=0f3a5c7e9b1d2f400f3a5c7e9b1d2f400f3a5c7e9b1d2f400f3a5c7e"
	  "9b1d2f400f3a5c7e9b1d2f400f3a5c7e9b1d2f40", NULL },
};

START_TEST(test_instance_parse)
{
	char instance[CONTROL_INSTANCE_LEN + 1] = "unchanged";
	bool ok;

	ok = control_instance_parse(parse_tests[_i].reply, instance);
	if (parse_tests[_i].instance)
	{
		ck_assert_msg(ok, "%s", parse_tests[_i].reply);
		ck_assert_str_eq(instance, parse_tests[_i].instance);
	}
	else
	{
		ck_assert_msg(!ok, "%s", parse_tests[_i].reply);
		ck_assert_str_eq(instance, "unchanged");
	}
}
END_TEST

/**
 * What a restart callback recorded
 */
typedef struct {
	int calls;
	char old[CONTROL_INSTANCE_LEN + 1], now[CONTROL_INSTANCE_LEN + 1];
	/** requests the fake charon had received when called */
	int requests_then;
	fake_charon_t *charon;
	sip_transport_t *transport;
} restart_seen_t;

static void on_restart(restart_seen_t *seen, const char *old, const char *now)
{
	seen->calls++;
	snprintf(seen->old, sizeof(seen->old), "%s", old);
	snprintf(seen->now, sizeof(seen->now), "%s", now);
	if (seen->charon)
	{
		seen->requests_then = fake_charon_count(seen->charon, "");
	}
	if (seen->transport)
	{
		seen->transport->stop(seen->transport);
	}
}

START_TEST(test_instance_check)
{
	control_instance_t instance = {
		.cb = (control_restart_cb_t)on_restart,
	};
	restart_seen_t seen = {};

	instance.data = &seen;
	/* the first one seen is no restart */
	ck_assert(!control_instance_check(&instance, "OK instance=" INSTANCE_A));
	ck_assert_int_eq(seen.calls, 0);
	/* the same again: a connection made again to the same charon */
	ck_assert(!control_instance_check(&instance, "OK instance=" INSTANCE_A));
	ck_assert_int_eq(seen.calls, 0);
	/* none, or garbage: the one seen stays */
	ck_assert(!control_instance_check(&instance, "OK version=1"));
	ck_assert(!control_instance_check(&instance, "OK instance=zz"));
	ck_assert_int_eq(seen.calls, 0);
	ck_assert_str_eq(instance.last, INSTANCE_A);
	/* another one */
	ck_assert(control_instance_check(&instance, "OK instance=" INSTANCE_B));
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_str_eq(seen.old, INSTANCE_A);
	ck_assert_str_eq(seen.now, INSTANCE_B);
	ck_assert(!control_instance_check(&instance, "OK instance=" INSTANCE_B));
	ck_assert_int_eq(seen.calls, 1);
}
END_TEST

/** the blocking channel: a restart shows on the connection made again */
START_TEST(test_channel_restart)
{
	fake_charon_t *charon = fake_charon_start(INSTANCE_A);
	restart_seen_t seen = { .charon = charon };
	control_channel_t channel;
	char reply[256];

	control_channel_init(&channel, charon->path);
	control_channel_set_restart(&channel, (control_restart_cb_t)on_restart,
								&seen);
	ck_assert_int_eq(control_channel_connect(&channel, reply, sizeof(reply)),
					 CONTROL_CHANNEL_NEW);
	ck_assert(control_channel_call(&channel, "ctx-create role=ue impi=a",
								   reply, sizeof(reply)));
	ck_assert(control_channel_check(&channel));

	/* connections closed, same charon: no restart */
	fake_charon_restart(charon, INSTANCE_A);
	ck_assert(!control_channel_check(&channel));
	ck_assert_int_eq(control_channel_connect(&channel, reply, sizeof(reply)),
					 CONTROL_CHANNEL_NEW);
	ck_assert_int_eq(seen.calls, 0);

	/* another charon: told before any request went */
	fake_charon_restart(charon, INSTANCE_B);
	ck_assert(!control_channel_check(&channel));
	ck_assert_int_eq(control_channel_connect(&channel, reply, sizeof(reply)),
					 CONTROL_CHANNEL_NEW);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_str_eq(seen.old, INSTANCE_A);
	ck_assert_str_eq(seen.now, INSTANCE_B);
	ck_assert_int_eq(seen.requests_then, 1);
	ck_assert_int_eq(fake_charon_hellos(charon), 3);

	/* an older plugin after it: detection off, nothing called */
	fake_charon_restart(charon, "");
	ck_assert(!control_channel_check(&channel));
	ck_assert_int_eq(control_channel_connect(&channel, reply, sizeof(reply)),
					 CONTROL_CHANNEL_NEW);
	ck_assert_int_eq(seen.calls, 1);
	control_channel_deinit(&channel);
	fake_charon_stop(charon);
}
END_TEST

/**
 * A pipelined request's reply
 */
typedef struct {
	int calls;
	char reply[128];
	sip_transport_t *transport;
} request_seen_t;

static void on_reply(request_seen_t *seen, const char *reply)
{
	seen->calls++;
	snprintf(seen->reply, sizeof(seen->reply), "%s", reply);
	if (seen->transport)
	{
		seen->transport->stop(seen->transport);
	}
}

static void on_guard(sip_transport_t *transport)
{
	transport->stop(transport);
}

static void on_message(void *data, const sip_peer_t *peer, const char *msg,
					   size_t len)
{
}

/**
 * Run the loop until a callback stops it, or the guard fires
 */
static void run_until_stopped(sip_transport_t *transport)
{
	uint32_t guard;

	guard = transport->add_timer(transport, GUARD_MS, (void*)on_guard,
								 transport);
	transport->run(transport);
	transport->cancel_timer(transport, guard);
}

/**
 * The pipeline connects again by its timer after charon closed the
 * connection; a request sent meanwhile waits and goes to the same charon,
 * and never to another one
 */
static void pipeline_restart(bool same)
{
	fake_charon_t *charon = fake_charon_start(INSTANCE_A);
	sip_transport_t *transport = sip_transport_create(on_message, NULL);
	restart_seen_t seen = { .charon = charon };
	request_seen_t first = { .transport = transport }, late = {};
	control_pipeline_t *pipeline;

	pipeline = control_pipeline_create(charon->path, transport, 0);
	pipeline->set_restart(pipeline, (control_restart_cb_t)on_restart, &seen);
	ck_assert(pipeline->send(pipeline, "ctx-create role=pcscf impi=a",
							 (control_pipeline_cb_t)on_reply, &first));
	run_until_stopped(transport);
	ck_assert_int_eq(first.calls, 1);
	ck_assert_str_eq(first.reply, "OK ctx=1");

	fake_charon_restart(charon, same ? INSTANCE_A : INSTANCE_B);
	/* the loop sees the connection end at once: the request waits for the
	 * timer connecting again */
	transport->add_timer(transport, 200, (void*)on_guard, transport);
	transport->run(transport);
	ck_assert_int_eq(fake_charon_hellos(charon), 1);
	late.transport = same ? transport : NULL;
	seen.transport = same ? NULL : transport;
	first.transport = NULL;
	ck_assert(pipeline->send(pipeline, "ctx-delete ctx=1",
							 (control_pipeline_cb_t)on_reply, &late));
	run_until_stopped(transport);
	ck_assert_int_eq(fake_charon_hellos(charon), 2);
	ck_assert_int_eq(late.calls, 1);
	if (same)
	{
		ck_assert_int_eq(seen.calls, 0);
		ck_assert_str_eq(late.reply, "OK");
		ck_assert_int_eq(fake_charon_count(charon, "ctx-delete"), 1);
	}
	else
	{
		ck_assert_int_eq(seen.calls, 1);
		ck_assert_str_eq(seen.old, INSTANCE_A);
		ck_assert_str_eq(seen.now, INSTANCE_B);
		ck_assert_str_eq(late.reply, CONTROL_PIPELINE_LOST);
		ck_assert_int_eq(seen.requests_then, 1);
		ck_assert_int_eq(fake_charon_count(charon, "ctx-delete"), 0);
		/* the new connection serves new requests */
		late.transport = transport;
		ck_assert(pipeline->send(pipeline, "ctx-create role=pcscf impi=b",
								 (control_pipeline_cb_t)on_reply, &late));
		run_until_stopped(transport);
		ck_assert_str_eq(late.reply, "OK ctx=2");
	}
	pipeline->destroy(pipeline);
	transport->destroy(transport);
	fake_charon_stop(charon);
}

START_TEST(test_pipeline_reconnect_same)
{
	pipeline_restart(true);
}
END_TEST

START_TEST(test_pipeline_restart)
{
	pipeline_restart(false);
}
END_TEST

/** charon gone and back while nothing is asked: the timer notices */
START_TEST(test_pipeline_reconnect_idle)
{
	fake_charon_t *charon = fake_charon_start(INSTANCE_A);
	sip_transport_t *transport = sip_transport_create(on_message, NULL);
	restart_seen_t seen = { .charon = charon, .transport = transport };
	request_seen_t first = { .transport = transport };
	control_pipeline_t *pipeline;

	pipeline = control_pipeline_create(charon->path, transport, 0);
	pipeline->set_restart(pipeline, (control_restart_cb_t)on_restart, &seen);
	ck_assert(pipeline->send(pipeline, "caps",
							 (control_pipeline_cb_t)on_reply, &first));
	run_until_stopped(transport);
	first.transport = NULL;
	fake_charon_restart(charon, INSTANCE_B);
	run_until_stopped(transport);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_str_eq(seen.now, INSTANCE_B);
	ck_assert_int_eq(pipeline->get_pending(pipeline), 0);
	pipeline->destroy(pipeline);
	transport->destroy(transport);
	fake_charon_stop(charon);
}
END_TEST

/** ctx-flush at a frontend's start */
START_TEST(test_flush)
{
	fake_charon_t *charon = fake_charon_start(INSTANCE_A);
	control_channel_t channel;

	control_channel_init(&channel, charon->path);
	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "OK flushed=3");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "imsaka-pcscf"),
					 3);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-flush role=pcscf"), 1);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-flush role=pcscf "), 0);

	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "OK flushed=0");
	ck_assert_int_eq(control_flush(&channel, "ue", "alice@ims.example.net",
								   "imsaka-ue"), 0);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-flush role=ue "
									   "impi=alice@ims.example.net"), 1);

	/* an older plugin */
	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "ERR command unknown command 'ctx-flush'");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "imsaka-pcscf"),
					 -1);
	/* the connection stays usable after an ERR */
	ck_assert(control_channel_check(&channel));

	/* replies not understood */
	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "OK flushed=-1");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "x"), -1);
	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "OK flushed=99999999999");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "x"), -1);
	snprintf(charon->flush_reply, sizeof(charon->flush_reply), "OK");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "x"), -1);

	/* an IMPI that would add parameters is not sent */
	ck_assert_int_eq(control_flush(&channel, "ue", "a role=pcscf", "x"), -1);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-flush role=ue impi=a "),
					 0);
	control_channel_deinit(&channel);

	/* no charon */
	fake_charon_stop(charon);
	control_channel_init(&channel, "/tmp/imsaka-no-such-socket");
	ck_assert_int_eq(control_flush(&channel, "pcscf", NULL, "x"), -1);
	control_channel_deinit(&channel);
}
END_TEST

/*
 * Described in header
 */
void control_restart_tcases_add(Suite *s)
{
	TCase *tc;

	tc = tcase_create("instance");
	tcase_add_loop_test(tc, test_instance_parse, 0, countof(parse_tests));
	tcase_add_test(tc, test_instance_check);
	suite_add_tcase(s, tc);

	tc = tcase_create("restart");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_channel_restart);
	tcase_add_test(tc, test_pipeline_reconnect_same);
	tcase_add_test(tc, test_pipeline_restart);
	tcase_add_test(tc, test_pipeline_reconnect_idle);
	tcase_add_test(tc, test_flush);
	suite_add_tcase(s, tc);
}

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

#include <check.h>

#include <daemon.h>
#include <processing/processor.h>
#include <processing/jobs/callback_job.h>
#include <threading/thread.h>

#include <unistd.h>

#include "imsaka_keepalive.h"
#include "test_library.h"


/** bindings are told apart by their destination port, 1..MAX_PORT */
#define MAX_PORT 20000

/**
 * What the send callback saw
 */
typedef struct {
	/** keep-alives per destination port */
	u_int per_port[MAX_PORT + 1];
	/** all keep-alives, read by other threads */
	refcount_t total;
	/** last destination, a clone */
	host_t *last_dst;
	/** last source, a clone */
	host_t *last_src;
} sent_t;

static sent_t *sent;
static imsaka_keepalive_t *ka;

static void record(sent_t *this, host_t *src, host_t *dst)
{
	uint16_t port = dst->get_port(dst);

	ck_assert(port > 0 && port <= MAX_PORT);
	this->per_port[port]++;
	ref_get(&this->total);
	DESTROY_IF(this->last_dst);
	DESTROY_IF(this->last_src);
	this->last_dst = dst->clone(dst);
	this->last_src = src->clone(src);
}

static void setup()
{
	test_library_setup();
	sent = calloc(1, sizeof(*sent));
}

static void teardown()
{
	DESTROY_IF(sent->last_dst);
	DESTROY_IF(sent->last_src);
	free(sent);
	test_library_teardown();
}

/**
 * Wheel size the object uses for interval and tick
 */
static u_int buckets(u_int interval, u_int tick)
{
	return max((interval + tick / 2) / tick, 1);
}

/**
 * Drive n ticks, returning the keep-alives sent
 */
static u_int ticks(u_int n)
{
	u_int i, total = 0;

	for (i = 0; i < n; i++)
	{
		total += ka->run_tick(ka);
	}
	return total;
}

/**
 * Add a binding to port, IPv4 for even ports, IPv6 for odd ones
 */
static uintptr_t add_port(uint16_t port)
{
	host_t *src, *dst;
	uintptr_t id;

	if (port % 2)
	{
		src = host_create_from_string("fec0::1", 4500);
		dst = host_create_from_string("fec0::2", port);
	}
	else
	{
		src = host_create_from_string("192.0.2.1", 4500);
		dst = host_create_from_string("198.51.100.1", port);
	}
	id = ka->add(ka, src, dst);
	src->destroy(src);
	dst->destroy(dst);
	return id;
}

static struct {
	u_int interval;
	u_int tick;
} wheels[] = {
	{ IMSAKA_KEEPALIVE_INTERVAL_DEFAULT, IMSAKA_KEEPALIVE_TICK_DEFAULT },
	{ 100, 10 },
	/* rounded to three ticks */
	{ 1000, 300 },
	/* one bucket, everything fires each tick */
	{ 500, 1000 },
	{ 1, 1 },
};

START_TEST(test_once_per_interval)
{
	u_int n = buckets(wheels[_i].interval, wheels[_i].tick), port, round;

	ka = imsaka_keepalive_create((void*)record, sent, wheels[_i].interval,
								 wheels[_i].tick);
	for (port = 1; port <= 1000; port++)
	{
		ck_assert(add_port(port) > 0);
	}
	ck_assert_int_eq(ka->count(ka), 1000);
	for (round = 1; round <= 3; round++)
	{
		ck_assert_int_eq(ticks(n), 1000);
		for (port = 1; port <= 1000; port++)
		{
			ck_assert_int_eq(sent->per_port[port], round);
		}
	}
	ka->destroy(ka);
}
END_TEST

START_TEST(test_first_within_interval)
{
	u_int n = buckets(IMSAKA_KEEPALIVE_INTERVAL_DEFAULT,
					  IMSAKA_KEEPALIVE_TICK_DEFAULT), port;

	ka = imsaka_keepalive_create((void*)record, sent, 0, 0);
	/* bindings added while the wheel turns still fire once per interval */
	ticks(7);
	for (port = 1; port <= 100; port++)
	{
		add_port(port);
	}
	ck_assert_int_eq(ticks(n), 100);
	for (port = 1; port <= 100; port++)
	{
		ck_assert_int_eq(sent->per_port[port], 1);
	}
	ka->destroy(ka);
}
END_TEST

static struct {
	u_int interval;
	u_int tick;
} spreads[] = {
	{ IMSAKA_KEEPALIVE_INTERVAL_DEFAULT, IMSAKA_KEEPALIVE_TICK_DEFAULT },
	{ IMSAKA_KEEPALIVE_INTERVAL_DEFAULT, 100 },
};

START_TEST(test_phase_spread)
{
	u_int n = buckets(spreads[_i].interval, spreads[_i].tick), i, port, count;
	u_int average = 10000 / n;

	ka = imsaka_keepalive_create((void*)record, sent, spreads[_i].interval,
								 spreads[_i].tick);
	for (port = 1; port <= 10000; port++)
	{
		add_port(port);
	}
	for (i = 0; i < n; i++)
	{
		count = ka->run_tick(ka);
		ck_assert_msg(count <= 2 * average, "tick %u sent %u, average %u",
					  i, count, average);
		ck_assert_msg(count >= average / 2, "tick %u sent %u, average %u",
					  i, count, average);
	}
	ka->destroy(ka);
}
END_TEST

START_TEST(test_ids)
{
	uintptr_t ids[100];
	int i, j;

	ka = imsaka_keepalive_create((void*)record, sent, 0, 0);
	for (i = 0; i < countof(ids); i++)
	{
		ids[i] = add_port(i + 1);
		ck_assert(ids[i] > 0);
		for (j = 0; j < i; j++)
		{
			ck_assert(ids[i] != ids[j]);
		}
	}
	/* a removed id is not handed out again right away */
	ck_assert(ka->remove(ka, ids[50]));
	ck_assert(add_port(200) != ids[50]);
	ka->destroy(ka);
}
END_TEST

START_TEST(test_remove)
{
	uintptr_t ids[5];
	u_int port;

	/* one bucket: removes the head, a middle and the tail of its list */
	ka = imsaka_keepalive_create((void*)record, sent, 1000, 1000);
	for (port = 1; port <= countof(ids); port++)
	{
		ids[port - 1] = add_port(port);
	}
	ck_assert(ka->remove(ka, ids[0]));
	ck_assert(ka->remove(ka, ids[2]));
	ck_assert(ka->remove(ka, ids[4]));
	ck_assert_int_eq(ka->count(ka), 2);
	ck_assert_int_eq(ticks(3), 6);
	ck_assert_int_eq(sent->per_port[1], 0);
	ck_assert_int_eq(sent->per_port[2], 3);
	ck_assert_int_eq(sent->per_port[3], 0);
	ck_assert_int_eq(sent->per_port[4], 3);
	ck_assert_int_eq(sent->per_port[5], 0);

	ck_assert(!ka->remove(ka, ids[0]));
	ck_assert(!ka->remove(ka, 0));
	ck_assert(!ka->remove(ka, 12345));
	ck_assert(ka->remove(ka, ids[1]));
	ck_assert(ka->remove(ka, ids[3]));
	ck_assert_int_eq(ka->count(ka), 0);
	ck_assert_int_eq(ticks(3), 0);
	ka->destroy(ka);
}
END_TEST

START_TEST(test_remove_many)
{
	uintptr_t ids[2000];
	u_int n = buckets(IMSAKA_KEEPALIVE_INTERVAL_DEFAULT,
					  IMSAKA_KEEPALIVE_TICK_DEFAULT), port;

	ka = imsaka_keepalive_create((void*)record, sent, 0, 0);
	for (port = 1; port <= countof(ids); port++)
	{
		ids[port - 1] = add_port(port);
	}
	for (port = 1; port <= countof(ids); port += 2)
	{
		ck_assert(ka->remove(ka, ids[port - 1]));
	}
	ck_assert_int_eq(ticks(n), countof(ids) / 2);
	for (port = 1; port <= countof(ids); port++)
	{
		ck_assert_int_eq(sent->per_port[port], port % 2 ? 0 : 1);
	}
	ka->destroy(ka);
}
END_TEST

START_TEST(test_update)
{
	host_t *v4, *v6, *src;
	uintptr_t id;

	v4 = host_create_from_string("203.0.113.7", 10001);
	v6 = host_create_from_string("2001:db8::7", 10002);
	src = host_create_from_string("192.0.2.1", 4500);
	ka = imsaka_keepalive_create((void*)record, sent, 1000, 1000);
	id = add_port(1000);
	ck_assert_int_eq(ticks(1), 1);
	ck_assert_int_eq(sent->per_port[1000], 1);
	ck_assert(src->equals(src, sent->last_src));

	/* the NAT picked a new port, or the peer moved to IPv6 */
	ck_assert(ka->update(ka, id, v4));
	ck_assert_int_eq(ticks(1), 1);
	ck_assert(v4->equals(v4, sent->last_dst));
	ck_assert(ka->update(ka, id, v6));
	ck_assert_int_eq(ticks(1), 1);
	ck_assert(v6->equals(v6, sent->last_dst));
	ck_assert(src->equals(src, sent->last_src));
	ck_assert_int_eq(sent->per_port[1000], 1);
	ck_assert_int_eq(ka->count(ka), 1);

	ck_assert(!ka->update(ka, id + 1, v4));
	ck_assert(!ka->update(ka, 0, v4));
	ck_assert(ka->remove(ka, id));
	ck_assert(!ka->update(ka, id, v4));
	ka->destroy(ka);
	v4->destroy(v4);
	v6->destroy(v6);
	src->destroy(src);
}
END_TEST

START_TEST(test_kick)
{
	uintptr_t id;

	/* 10 ticks per interval: a kick sends at once and keeps the phase */
	ka = imsaka_keepalive_create((void*)record, sent, 10000, 1000);
	id = add_port(1002);
	ck_assert_int_eq(sent->per_port[1002], 0);
	ck_assert(ka->kick(ka, id));
	ck_assert_int_eq(sent->per_port[1002], 1);
	ck_assert_int_eq(ticks(10), 1);
	ck_assert_int_eq(sent->per_port[1002], 2);
	ck_assert_int_eq(ticks(10), 1);
	ck_assert(!ka->kick(ka, id + 1));
	ck_assert(ka->remove(ka, id));
	ck_assert(!ka->kick(ka, id));
	ck_assert_int_eq(sent->per_port[1002], 3);
	ka->destroy(ka);
}
END_TEST

START_TEST(test_destroy_live)
{
	u_int port;

	/* under valgrind: bindings and hosts are freed with the object */
	ka = imsaka_keepalive_create((void*)record, sent, 0, 0);
	for (port = 1; port <= 5000; port++)
	{
		add_port(port);
	}
	ticks(3);
	ka->destroy(ka);
}
END_TEST

/**
 * Add 1000 bindings, remove every other one, while the test ticks
 */
static void *churn_thread(void *arg)
{
	uintptr_t ids[1000];
	u_int i, base = (uintptr_t)arg;

	for (i = 0; i < countof(ids); i++)
	{
		ids[i] = add_port(base + i);
	}
	for (i = 0; i < countof(ids); i += 2)
	{
		if (!ka->remove(ka, ids[i]))
		{
			return NULL;
		}
	}
	return arg;
}

START_TEST(test_threads)
{
	thread_t *threads[4];
	u_int n = buckets(1000, 100), i, port;

	ka = imsaka_keepalive_create((void*)record, sent, 1000, 100);
	for (i = 0; i < countof(threads); i++)
	{
		threads[i] = thread_create(churn_thread,
								   (void*)(uintptr_t)(1 + i * 1000));
	}
	for (i = 0; i < 200; i++)
	{
		ka->run_tick(ka);
	}
	for (i = 0; i < countof(threads); i++)
	{
		ck_assert(threads[i]->join(threads[i]));
	}
	ck_assert_int_eq(ka->count(ka), 2000);
	memset(sent->per_port, 0, sizeof(sent->per_port));
	ck_assert_int_eq(ticks(n), 2000);
	for (port = 1; port <= 4000; port++)
	{
		ck_assert_int_eq(sent->per_port[port], (port - 1) % 2);
	}
	ka->destroy(ka);
}
END_TEST

/** how many keep-alives the scheduler test waits for */
#define SCHEDULED_SENDS 5

/** set by the scheduler test's marker job */
static refcount_t marked;

static job_requeue_t mark(refcount_t *flag)
{
	ref_get(flag);
	return JOB_REQUEUE_NONE;
}

/**
 * Jobs the processor runs or has queued, but critical ones (the
 * scheduler's own loop is one, always running): the wheel's ticks and the
 * marker are medium
 */
static u_int processor_busy()
{
	job_priority_t prio;
	u_int busy = 0;

	for (prio = JOB_PRIO_HIGH; prio < JOB_PRIO_MAX; prio++)
	{
		busy += lib->processor->get_working_threads(lib->processor, prio) +
				lib->processor->get_job_load(lib->processor, prio);
	}
	return busy;
}

START_TEST(test_scheduler)
{
	u_int i, after;

	/* the scheduler and its jobs only run with processor threads */
	marked = 0;
	lib->processor->set_threads(lib->processor, 2);
	ka = imsaka_keepalive_create((void*)record, sent, 100, 10);
	add_port(4500);

	/* a bound on the wait only, so a slow machine fails no sooner than 30s;
	 * the assertion is on the count */
	for (i = 0; i < 3000 && ref_cur(&sent->total) < SCHEDULED_SENDS; i++)
	{
		usleep(10000);
	}
	ck_assert_int_ge(ref_cur(&sent->total), SCHEDULED_SENDS);

	/* nothing fires once destroyed, though the job is still queued: a
	 * marker job due after the wheel's next tick runs after that tick was
	 * handed to the processor (the scheduler fires in deadline order), and
	 * once no worker is busy any more the tick has run too */
	ka->destroy(ka);
	after = ref_cur(&sent->total);
	ck_assert_int_eq(sent->per_port[4500], after);
	lib->scheduler->schedule_job_ms(lib->scheduler, (job_t*)
		callback_job_create((callback_job_cb_t)mark, &marked, NULL, NULL),
		300);
	for (i = 0; i < 3000 && (!ref_cur(&marked) || processor_busy()); i++)
	{
		usleep(10000);
	}
	ck_assert(ref_cur(&marked));
	ck_assert_int_eq(processor_busy(), 0);
	ck_assert_int_eq(ref_cur(&sent->total), after);
}
END_TEST

/**
 * Sender standing in for charon's, keeping what it gets
 */
typedef struct {
	sender_t public;
	packet_t *packet;
	bool marker;
} fake_sender_t;

static void fake_send(fake_sender_t *this, packet_t *packet)
{
	this->marker = TRUE;
	this->packet = packet;
}

static void fake_send_no_marker(fake_sender_t *this, packet_t *packet)
{
	this->marker = FALSE;
	this->packet = packet;
}

START_TEST(test_send_charon)
{
	fake_sender_t fake = {
		.public = {
			.send = (void*)fake_send,
			.send_no_marker = (void*)fake_send_no_marker,
		},
	};
	host_t *src, *dst;
	chunk_t data;

	ck_assert(libcharon_init());
	charon->sender = &fake.public;
	src = host_create_from_string("2001:db8::1", 4500);
	dst = host_create_from_string("2001:db8::2", 61000);
	imsaka_keepalive_send_charon(NULL, src, dst);
	charon->sender = NULL;
	libcharon_deinit();

	/* RFC 3948 section 2.3: one byte 0xFF, no non-ESP marker */
	ck_assert(fake.packet);
	ck_assert(!fake.marker);
	data = fake.packet->get_data(fake.packet);
	ck_assert(chunk_equals(data, chunk_from_chars(0xFF)));
	ck_assert(src->equals(src, fake.packet->get_source(fake.packet)));
	ck_assert(dst->equals(dst, fake.packet->get_destination(fake.packet)));
	fake.packet->destroy(fake.packet);
	src->destroy(src);
	dst->destroy(dst);
}
END_TEST

Suite *keepalive_suite_create(void)
{
	test_entry_t tests[] = {
		{ "wheel", test_once_per_interval, countof(wheels) },
		{ "wheel", test_first_within_interval },
		{ "wheel", test_phase_spread, countof(spreads) },
		{ "bindings", test_ids },
		{ "bindings", test_remove },
		{ "bindings", test_remove_many },
		{ "bindings", test_update },
		{ "bindings", test_kick },
		{ "bindings", test_destroy_live },
		{ "bindings", test_threads },
		{ "scheduler", test_scheduler, 0, 60 },
		{ "charon", test_send_charon },
	};

	return test_suite_create("imsaka keepalive", setup, teardown, tests,
							 countof(tests));
}

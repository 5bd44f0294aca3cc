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
 * The decision whether an ESP packet from an unexpected source moves an SA
 * set's peer: known source, replays (against the data plane's and the
 * guard's own highest sequence number), rate limits per set and shared,
 * failed authentication.
 */

#include <check.h>

#include <library.h>

#include "imsaka_rebind_guard.h"
#include "test_library.h"


/** the peer's known outer address and two other sources */
static host_t *expected, *moved, *other;

/** what the authentication callback answers, and how often it was asked */
typedef struct {
	bool authentic;
	u_int calls;
} auth_t;

static bool auth_cb(auth_t *auth)
{
	auth->calls++;
	return auth->authentic;
}

/**
 * The guard's verdict on a packet from src on the SA sa of a set whose peer
 * is known at known, authenticated by auth_cb
 */
static imsaka_rebind_verdict_t check(imsaka_rebind_guard_t *guard, u_int sa,
									 host_t *known, host_t *src,
									 uint32_t seq, uint32_t highest,
									 uint64_t now_ms, auth_t *auth)
{
	return guard->check(guard, sa, known, src, seq, highest, now_ms,
						(imsaka_rebind_auth_t)auth_cb, auth);
}

static void setup()
{
	test_library_setup();
	expected = host_create_from_string("192.0.2.1", 4500);
	moved = host_create_from_string("192.0.2.1", 23456);
	other = host_create_from_string("192.0.2.77", 4500);
}

static void teardown()
{
	expected->destroy(expected);
	moved->destroy(moved);
	other->destroy(other);
	test_library_teardown();
}

/**
 * One packet examined by a fresh guard (rate 5)
 */
static struct {
	/** 0: from expected, 1: same address other port, 2: other address */
	int from;
	u_int sa;
	uint32_t seq;
	/** the data plane's highest authenticated sequence number */
	uint32_t highest;
	bool authentic;
	imsaka_rebind_verdict_t verdict;
	/** whether the (costly) authentication ran */
	bool authenticated;
} single[] = {
	/* from where the peer is known: nothing to decide, nothing verified */
	{ 0, 0, 7, 0, TRUE, IMSAKA_REBIND_SAME_SOURCE, FALSE },
	{ 0, 1, 1, 100, FALSE, IMSAKA_REBIND_SAME_SOURCE, FALSE },
	/* a new port or address, authentic and fresh: the peer moved */
	{ 1, 0, 1, 0, TRUE, IMSAKA_REBIND_ACCEPT, TRUE },
	{ 2, 1, 101, 100, TRUE, IMSAKA_REBIND_ACCEPT, TRUE },
	/* forged: the ICV does not verify */
	{ 1, 0, 1, 0, FALSE, IMSAKA_REBIND_UNAUTHENTIC, TRUE },
	{ 2, 1, 0xffffffff, 5, FALSE, IMSAKA_REBIND_UNAUTHENTIC, TRUE },
	/* replayed: not above what the data plane authenticated, even if the
	 * ICV is good (a captured genuine packet), not even verified */
	{ 1, 0, 100, 100, TRUE, IMSAKA_REBIND_REPLAYED, FALSE },
	{ 2, 1, 3, 100, TRUE, IMSAKA_REBIND_REPLAYED, FALSE },
	/* sequence number 0 is never sent (RFC 4303 3.3.3) */
	{ 1, 0, 0, 0, TRUE, IMSAKA_REBIND_REPLAYED, FALSE },
	/* a set has two inbound SAs only */
	{ 1, 2, 5, 0, TRUE, IMSAKA_REBIND_UNAUTHENTIC, FALSE },
};

START_TEST(test_single)
{
	imsaka_rebind_guard_t *guard;
	host_t *src[] = { expected, moved, other };
	auth_t auth = { .authentic = single[_i].authentic };

	guard = imsaka_rebind_guard_create(5, NULL, 1000);
	ck_assert_int_eq(check(guard, single[_i].sa, expected,
						   src[single[_i].from], single[_i].seq,
						   single[_i].highest, 1000, &auth),
					 single[_i].verdict);
	ck_assert_int_eq(auth.calls, single[_i].authenticated ? 1 : 0);
	guard->destroy(guard);
}
END_TEST

/**
 * A packet in a sequence asked about on the guards of one test, and what
 * the guard must answer
 */
typedef struct {
	/** index of the guard asked */
	int guard;
	u_int sa;
	/** where the peer is known and the packet's source, as in single */
	int known, from;
	uint32_t seq;
	/** the data plane's highest authenticated sequence number */
	uint32_t highest;
	uint64_t now_ms;
	/** what the authentication answers */
	bool authentic;
	imsaka_rebind_verdict_t verdict;
	/** authentications run in the test so far, this one's included */
	u_int calls;
} packet_t;

/**
 * Ask the guards about a sequence of packets, in order
 */
static void check_packets(imsaka_rebind_guard_t **guards, packet_t *packets,
						  int count, auth_t *auth)
{
	host_t *hosts[] = { expected, moved, other };
	packet_t *p;
	imsaka_rebind_verdict_t verdict;
	int i;

	for (i = 0; i < count; i++)
	{
		p = &packets[i];
		auth->authentic = p->authentic;
		verdict = check(guards[p->guard], p->sa, hosts[p->known],
						hosts[p->from], p->seq, p->highest, p->now_ms, auth);
		ck_assert_msg(verdict == p->verdict, "packet %d: verdict %d, not %d",
					  i, verdict, p->verdict);
		ck_assert_msg(auth->calls == p->calls, "packet %d: %u calls, not %u",
					  i, auth->calls, p->calls);
	}
}

/**
 * Ask a new guard (rate verifications per s, no shared budget) about a
 * sequence of packets
 */
static void check_new_guard(u_int rate, packet_t *packets, int count)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = {};

	guard = imsaka_rebind_guard_create(rate, NULL, 0);
	check_packets(&guard, packets, count, &auth);
	guard->destroy(guard);
}

START_TEST(test_private_window)
{
	packet_t packets[] = {
		{ 0, 0, 0, 1, 10, 9, 0, TRUE, IMSAKA_REBIND_ACCEPT, 1 },
		/* the data plane forgot (SAs replaced): the guard still knows 10, so
		 * a replay of that packet from elsewhere moves nothing */
		{ 0, 0, 1, 2, 10, 0, 1, TRUE, IMSAKA_REBIND_REPLAYED, 1 },
		{ 0, 0, 1, 2, 4, 0, 1, TRUE, IMSAKA_REBIND_REPLAYED, 1 },
		/* the other SA has its own sequence numbers */
		{ 0, 1, 1, 2, 4, 0, 1, TRUE, IMSAKA_REBIND_ACCEPT, 2 },
		{ 0, 0, 1, 2, 11, 0, 1, TRUE, IMSAKA_REBIND_ACCEPT, 3 },
	};

	check_new_guard(100, packets, countof(packets));
}
END_TEST

START_TEST(test_forged_high_seq)
{
	packet_t packets[] = {
		/* a forged packet with the highest sequence number must not raise
		 * the window, or no genuine packet could move the peer any more */
		{ 0, 0, 0, 2, 0xffffffff, 0, 0, FALSE, IMSAKA_REBIND_UNAUTHENTIC, 1 },
		{ 0, 0, 0, 1, 2, 1, 0, TRUE, IMSAKA_REBIND_ACCEPT, 2 },
	};

	check_new_guard(100, packets, countof(packets));
}
END_TEST

START_TEST(test_rate_per_set)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = { .authentic = FALSE };
	uint32_t seq = 1;
	int i;
	packet_t packets[] = {
		{ 0, 0, 0, 2, 1004, 0, 5334, FALSE, IMSAKA_REBIND_UNAUTHENTIC, 4 },
		{ 0, 0, 0, 2, 1005, 0, 5334, FALSE, IMSAKA_REBIND_RATE_LIMITED, 4 },
		/* a genuine packet gets its turn once the budget refilled */
		{ 0, 0, 0, 1, 1006, 0, 5700, TRUE, IMSAKA_REBIND_ACCEPT, 5 },
		/* replays and known sources cost no budget */
		{ 0, 0, 1, 2, 1, 0, 5700, TRUE, IMSAKA_REBIND_REPLAYED, 5 },
	};

	/* 3 per s: a burst of 3 verified, then one per 333 ms */
	guard = imsaka_rebind_guard_create(3, NULL, 5000);
	for (i = 0; i < 3; i++)
	{
		ck_assert_int_eq(check(guard, 0, expected, other, seq++, 0, 5000,
							   &auth), IMSAKA_REBIND_UNAUTHENTIC);
	}
	for (i = 0; i < 1000; i++)
	{
		ck_assert_int_eq(check(guard, 0, expected, other, seq++, 0,
							   5000 + i / 10, &auth),
						 IMSAKA_REBIND_RATE_LIMITED);
	}
	ck_assert_int_eq(auth.calls, 3);
	check_packets(&guard, packets, countof(packets), &auth);
	guard->destroy(guard);
}
END_TEST

START_TEST(test_rate_shared)
{
	imsaka_rebind_guard_t *guards[2];
	imsaka_rebind_budget_t total;
	auth_t auth = {};
	packet_t packets[] = {
		{ 0, 0, 0, 2, 1, 0, 0, FALSE, IMSAKA_REBIND_UNAUTHENTIC, 1 },
		{ 1, 0, 0, 2, 1, 0, 0, FALSE, IMSAKA_REBIND_UNAUTHENTIC, 2 },
		{ 0, 1, 0, 2, 1, 0, 0, FALSE, IMSAKA_REBIND_RATE_LIMITED, 2 },
		{ 1, 1, 0, 2, 1, 0, 499, FALSE, IMSAKA_REBIND_RATE_LIMITED, 2 },
		{ 1, 1, 0, 2, 2, 0, 1000, FALSE, IMSAKA_REBIND_UNAUTHENTIC, 3 },
	};

	imsaka_rebind_budget_init(&total, 2, 0);
	guards[0] = imsaka_rebind_guard_create(10, &total, 0);
	guards[1] = imsaka_rebind_guard_create(10, &total, 0);
	check_packets(guards, packets, countof(packets), &auth);
	guards[0]->destroy(guards[0]);
	guards[1]->destroy(guards[1]);
}
END_TEST

START_TEST(test_rate_zero)
{
	packet_t packets[] = {
		{ 0, 0, 0, 1, 1, 0, 100000, TRUE, IMSAKA_REBIND_RATE_LIMITED, 0 },
	};

	check_new_guard(0, packets, countof(packets));
}
END_TEST

START_TEST(test_budget_clock)
{
	imsaka_rebind_budget_t budget;

	imsaka_rebind_budget_init(&budget, 1, 10000);
	ck_assert(imsaka_rebind_budget_take(&budget, 10000));
	ck_assert(!imsaka_rebind_budget_take(&budget, 10999));
	/* a clock going back refills nothing */
	ck_assert(!imsaka_rebind_budget_take(&budget, 5000));
	ck_assert(imsaka_rebind_budget_take(&budget, 11000));
	/* the reserve is capped at one second's worth */
	ck_assert(imsaka_rebind_budget_take(&budget, 100000));
	ck_assert(!imsaka_rebind_budget_take(&budget, 100000));
}
END_TEST

Suite *rebind_guard_suite_create(void)
{
	test_entry_t tests[] = {
		{ "decision", test_single, countof(single) },
		{ "decision", test_private_window },
		{ "decision", test_forged_high_seq },
		{ "rate limit", test_rate_per_set },
		{ "rate limit", test_rate_shared },
		{ "rate limit", test_rate_zero },
		{ "rate limit", test_budget_clock },
	};

	return test_suite_create("rebind guard", setup, teardown, tests,
							 countof(tests));
}

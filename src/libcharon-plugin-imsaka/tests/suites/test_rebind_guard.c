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
	ck_assert_int_eq(guard->check(guard, single[_i].sa, expected,
						src[single[_i].from], single[_i].seq,
						single[_i].highest, 1000,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 single[_i].verdict);
	ck_assert_int_eq(auth.calls, single[_i].authenticated ? 1 : 0);
	guard->destroy(guard);
}
END_TEST

START_TEST(test_private_window)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = { .authentic = TRUE };

	guard = imsaka_rebind_guard_create(100, NULL, 0);
	ck_assert_int_eq(guard->check(guard, 0, expected, moved, 10, 9, 0,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_ACCEPT);
	/* the data plane forgot (SAs replaced): the guard still knows 10, so a
	 * replay of that packet from elsewhere moves nothing */
	ck_assert_int_eq(guard->check(guard, 0, moved, other, 10, 0, 1,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_REPLAYED);
	ck_assert_int_eq(guard->check(guard, 0, moved, other, 4, 0, 1,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_REPLAYED);
	ck_assert_int_eq(auth.calls, 1);
	/* the other SA has its own sequence numbers */
	ck_assert_int_eq(guard->check(guard, 1, moved, other, 4, 0, 1,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_ACCEPT);
	ck_assert_int_eq(guard->check(guard, 0, moved, other, 11, 0, 1,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_ACCEPT);
	ck_assert_int_eq(auth.calls, 3);
	guard->destroy(guard);
}
END_TEST

START_TEST(test_forged_high_seq)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = { .authentic = FALSE };

	/* a forged packet with the highest sequence number must not raise the
	 * window, or no genuine packet could move the peer any more */
	guard = imsaka_rebind_guard_create(100, NULL, 0);
	ck_assert_int_eq(guard->check(guard, 0, expected, other, 0xffffffff, 0,
						0, (imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_UNAUTHENTIC);
	auth.authentic = TRUE;
	ck_assert_int_eq(guard->check(guard, 0, expected, moved, 2, 1, 0,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_ACCEPT);
	guard->destroy(guard);
}
END_TEST

START_TEST(test_rate_per_set)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = { .authentic = FALSE };
	uint32_t seq = 1;
	int i;

	/* 3 per s: a burst of 3 verified, then one per 333 ms */
	guard = imsaka_rebind_guard_create(3, NULL, 5000);
	for (i = 0; i < 3; i++)
	{
		ck_assert_int_eq(guard->check(guard, 0, expected, other, seq++, 0,
							5000, (imsaka_rebind_auth_t)auth_cb, &auth),
						 IMSAKA_REBIND_UNAUTHENTIC);
	}
	for (i = 0; i < 1000; i++)
	{
		ck_assert_int_eq(guard->check(guard, 0, expected, other, seq++, 0,
							5000 + i / 10, (imsaka_rebind_auth_t)auth_cb,
							&auth),
						 IMSAKA_REBIND_RATE_LIMITED);
	}
	ck_assert_int_eq(auth.calls, 3);
	ck_assert_int_eq(guard->check(guard, 0, expected, other, seq++, 0, 5334,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_UNAUTHENTIC);
	ck_assert_int_eq(guard->check(guard, 0, expected, other, seq++, 0, 5334,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_RATE_LIMITED);
	/* a genuine packet gets its turn once the budget refilled */
	auth.authentic = TRUE;
	ck_assert_int_eq(guard->check(guard, 0, expected, moved, seq++, 0, 5700,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_ACCEPT);
	ck_assert_int_eq(auth.calls, 5);
	/* replays and known sources cost no budget */
	ck_assert_int_eq(guard->check(guard, 0, moved, other, 1, 0, 5700,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_REPLAYED);
	guard->destroy(guard);
}
END_TEST

START_TEST(test_rate_shared)
{
	imsaka_rebind_guard_t *a, *b;
	imsaka_rebind_budget_t total;
	auth_t auth = { .authentic = FALSE };

	imsaka_rebind_budget_init(&total, 2, 0);
	a = imsaka_rebind_guard_create(10, &total, 0);
	b = imsaka_rebind_guard_create(10, &total, 0);
	ck_assert_int_eq(a->check(a, 0, expected, other, 1, 0, 0,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_UNAUTHENTIC);
	ck_assert_int_eq(b->check(b, 0, expected, other, 1, 0, 0,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_UNAUTHENTIC);
	ck_assert_int_eq(a->check(a, 1, expected, other, 1, 0, 0,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_RATE_LIMITED);
	ck_assert_int_eq(b->check(b, 1, expected, other, 1, 0, 499,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_RATE_LIMITED);
	ck_assert_int_eq(b->check(b, 1, expected, other, 2, 0, 1000,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_UNAUTHENTIC);
	ck_assert_int_eq(auth.calls, 3);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_rate_zero)
{
	imsaka_rebind_guard_t *guard;
	auth_t auth = { .authentic = TRUE };

	guard = imsaka_rebind_guard_create(0, NULL, 0);
	ck_assert_int_eq(guard->check(guard, 0, expected, moved, 1, 0, 100000,
						(imsaka_rebind_auth_t)auth_cb, &auth),
					 IMSAKA_REBIND_RATE_LIMITED);
	ck_assert_int_eq(auth.calls, 0);
	guard->destroy(guard);
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
	Suite *s;
	TCase *tc;

	s = suite_create("rebind guard");

	tc = tcase_create("decision");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_single, 0, countof(single));
	tcase_add_test(tc, test_private_window);
	tcase_add_test(tc, test_forged_high_seq);
	suite_add_tcase(s, tc);

	tc = tcase_create("rate limit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rate_per_set);
	tcase_add_test(tc, test_rate_shared);
	tcase_add_test(tc, test_rate_zero);
	tcase_add_test(tc, test_budget_clock);
	suite_add_tcase(s, tc);

	return s;
}

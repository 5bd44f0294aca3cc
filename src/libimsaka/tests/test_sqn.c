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
 * SQN management of TS 33.102 Annex C: UE side array scheme (C.2) and the
 * time-based network side generator (C.3).
 */

#include "tests.h"

#include <sqn.h>

#include <inttypes.h>
#include <string.h>

/**
 * Build SQN = SEQ || IND.
 */
static void make_sqn(uint64_t seq, unsigned ind, unsigned ind_bits,
					 uint8_t sqn[6])
{
	imsaka_sqn_store((seq << ind_bits) | ind, sqn);
}

/**
 * Split an SQN into SEQ and IND.
 */
static void split_sqn(const uint8_t sqn[6], unsigned ind_bits, uint64_t *seq,
					  unsigned *ind)
{
	uint64_t v = imsaka_sqn_load(sqn);

	*seq = v >> ind_bits;
	*ind = v & ((1u << ind_bits) - 1);
}

/**
 * Offer SEQ || IND (5 IND bits) to the UE and check whether it accepts it.
 */
static void offer(imsaka_sqn_ms_t *ms, uint64_t seq, unsigned ind,
				  bool accepted, const char *why)
{
	uint8_t sqn[6];

	make_sqn(seq, ind, 5, sqn);
	ck_assert_msg(imsaka_sqn_ms_accept(ms, sqn) == accepted,
				  "SEQ %" PRIu64 " IND %u: %s", seq, ind, why);
}

START_TEST(test_sqn_load_store)
{
	uint8_t sqn[6] = { 0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07 }, out[6];

	ck_assert_uint_eq(imsaka_sqn_load(sqn), UINT64_C(0xff9bb4d0b607));
	imsaka_sqn_store(UINT64_C(0xff9bb4d0b607), out);
	ck_assert(memcmp(sqn, out, 6) == 0);
	imsaka_sqn_store(UINT64_C(0x1234000000000001), out);
	ck_assert_uint_eq(imsaka_sqn_load(out), 1);
}
END_TEST

START_TEST(test_sqn_ms_init)
{
	imsaka_sqn_ms_t ms;
	uint8_t sqn[6];

	imsaka_sqn_ms_init(&ms, IMSAKA_SQN_IND_BITS, 0);
	ck_assert_uint_eq(ms.ind_bits, 5);
	ck_assert_uint_eq(ms.delta, UINT64_C(1) << 28);
	imsaka_sqn_ms_highest(&ms, sqn);
	ck_assert_uint_eq(imsaka_sqn_load(sqn), 0);
	imsaka_sqn_ms_init(&ms, 9, 1000);
	ck_assert_uint_eq(ms.ind_bits, IMSAKA_SQN_IND_BITS_MAX);
	ck_assert_uint_eq(ms.delta, 1000);
}
END_TEST

START_TEST(test_sqn_ms_replay_and_order)
{
	imsaka_sqn_ms_t ms;
	uint8_t sqn[6];

	imsaka_sqn_ms_init(&ms, 5, 0);

	offer(&ms, 5, 0, true, "fresh SEQ 5 IND 0");
	offer(&ms, 5, 0, false, "replay of SEQ 5 IND 0");
	offer(&ms, 4, 0, false, "lower SEQ 4 on IND 0");

	/* out of order on another IND: SEQ 3 < SEQ_MS_max 5 but IND 1 unused */
	offer(&ms, 3, 1, true, "SEQ 3 on IND 1");
	offer(&ms, 3, 1, false, "replay of SEQ 3 IND 1");
	offer(&ms, 2, 31, true, "SEQ 2 on IND 31");

	/* the highest stays SEQ 5 IND 0 */
	imsaka_sqn_ms_highest(&ms, sqn);
	ck_assert_uint_eq(imsaka_sqn_load(sqn), 5 << 5);
	offer(&ms, 6, 0, true, "SEQ 6 on IND 0");
	imsaka_sqn_ms_highest(&ms, sqn);
	ck_assert_uint_eq(imsaka_sqn_load(sqn), 6 << 5);
}
END_TEST

START_TEST(test_sqn_ms_delta)
{
	imsaka_sqn_ms_t ms;

	/* nothing accepted yet: SEQ_MS_max = 0 */
	imsaka_sqn_ms_init(&ms, 5, 100);
	offer(&ms, 101, 3, false, "SEQ 101 > 0 + delta");
	ck_assert_uint_eq(ms.seq[3], 0);
	offer(&ms, 100, 3, true, "SEQ 100 = 0 + delta");
	offer(&ms, 201, 4, false, "SEQ 201 > 100 + delta");
	offer(&ms, 200, 4, true, "SEQ 200 = 100 + delta");

	/* default delta 2^28 */
	imsaka_sqn_ms_init(&ms, 5, 0);
	offer(&ms, (UINT64_C(1) << 28) + 1, 0, false, "SEQ 2^28 + 1 > 0 + delta");
	offer(&ms, UINT64_C(1) << 28, 0, true, "SEQ 2^28 = 0 + delta");

	/* no delta check */
	imsaka_sqn_ms_init(&ms, 5, IMSAKA_SQN_DELTA_NONE);
	offer(&ms, (UINT64_C(1) << 43) - 1, 0, true, "highest SEQ");
	offer(&ms, (UINT64_C(1) << 43) - 1, 0, false, "replay of the highest SEQ");
}
END_TEST

START_TEST(test_sqn_ms_set)
{
	imsaka_sqn_ms_t ms;
	uint8_t sqn[6];

	imsaka_sqn_ms_init(&ms, 5, 100);
	make_sqn(1000, 7, 5, sqn);
	imsaka_sqn_ms_set(&ms, sqn);
	offer(&ms, 1000, 8, false, "restored SEQ on all IND");
	offer(&ms, 1001, 8, true, "next SEQ after the restored one");
	offer(&ms, 1102, 8, false, "delta from restored max");
}
END_TEST

START_TEST(test_sqn_ms_no_ind)
{
	imsaka_sqn_ms_t ms;
	uint8_t sqn[6];

	imsaka_sqn_ms_init(&ms, 0, 0);
	imsaka_sqn_store(10, sqn);
	ck_assert(imsaka_sqn_ms_accept(&ms, sqn));
	imsaka_sqn_store(9, sqn);
	ck_assert_msg(!imsaka_sqn_ms_accept(&ms, sqn), "plain counter, lower");
	imsaka_sqn_store(11, sqn);
	ck_assert(imsaka_sqn_ms_accept(&ms, sqn));
}
END_TEST

START_TEST(test_sqn_he_clock_and_ind)
{
	imsaka_sqn_he_t he;
	uint8_t sqn[6];
	uint64_t seq, prev = 0, t = IMSAKA_SQN_EPOCH_MS + 1000;
	unsigned ind, i;

	imsaka_sqn_he_init(&he, 5);
	imsaka_sqn_he_next(&he, t, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, 1000);
	ck_assert_uint_eq(ind, 0);

	/* same millisecond: SEQ counts on, IND round-robin over 32 values */
	for (i = 1; i < 40; i++)
	{
		imsaka_sqn_he_next(&he, t, sqn);
		split_sqn(sqn, 5, &seq, &ind);
		ck_assert_uint_eq(seq, 1000 + i);
		ck_assert_uint_eq(ind, i % 32);
	}
	/* clock jumps ahead: SEQ follows the clock */
	imsaka_sqn_he_next(&he, t + 5000, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, 6000);
	/* clock steps back, or lies before 2020: SEQ still increases */
	for (i = 0; i < 3; i++)
	{
		prev = seq;
		imsaka_sqn_he_next(&he, i ? 0 : t, sqn);
		split_sqn(sqn, 5, &seq, &ind);
		ck_assert_uint_eq(seq, prev + 1);
	}
}
END_TEST

START_TEST(test_sqn_he_restart)
{
	/*
	 * What is guaranteed: a generator restarted with no state starts at the
	 * clock, so it is above everything the old one issued if the old one
	 * never ran ahead of the clock (at most one SEQ per ms on average) and
	 * the clock did not step back. A burst that ran ahead, or a clock
	 * stepped back, is covered by resynchronisation (test_aka).
	 */
	imsaka_sqn_he_t old, new;
	uint8_t sqn[6];
	uint64_t seq, last = 0, t = IMSAKA_SQN_EPOCH_MS + 86400000;
	unsigned ind, i;

	imsaka_sqn_he_init(&old, 5);
	for (i = 0; i < 100; i++)
	{	/* one vector every 10 ms */
		imsaka_sqn_he_next(&old, t + i * 10, sqn);
		split_sqn(sqn, 5, &seq, &ind);
		ck_assert_uint_gt(seq, last);
		last = seq;
	}
	/* restart 1 ms after the last one was issued */
	imsaka_sqn_he_init(&new, 5);
	imsaka_sqn_he_next(&new, t + 99 * 10 + 1, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_gt(seq, last);

	/* a burst of 100 in one ms runs ahead of the clock by 99 ms; a restart
	 * only 50 ms later would go back below it */
	imsaka_sqn_he_init(&old, 5);
	for (i = 0; i < 100; i++)
	{
		imsaka_sqn_he_next(&old, t, sqn);
	}
	split_sqn(sqn, 5, &last, &ind);
	imsaka_sqn_he_init(&new, 5);
	imsaka_sqn_he_next(&new, t + 50, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_lt(seq, last);
	/* ... but not after the clock caught up */
	imsaka_sqn_he_init(&new, 5);
	imsaka_sqn_he_next(&new, t + 100, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_gt(seq, last);
}
END_TEST

START_TEST(test_sqn_he_resync)
{
	imsaka_sqn_he_t he;
	uint8_t sqn[6], sqn_ms[6];
	uint64_t seq, t = IMSAKA_SQN_EPOCH_MS + 1000;
	unsigned ind;

	imsaka_sqn_he_init(&he, 5);
	imsaka_sqn_he_next(&he, t, sqn);
	/* the UE has seen SEQ 50000 (IND 17) */
	make_sqn(50000, 17, 5, sqn_ms);
	imsaka_sqn_he_resync(&he, sqn_ms);
	imsaka_sqn_he_next(&he, t, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, 50001);
	/* a lower SQN_MS never moves the generator back */
	make_sqn(10, 0, 5, sqn_ms);
	imsaka_sqn_he_resync(&he, sqn_ms);
	imsaka_sqn_he_next(&he, t, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, 50002);
}
END_TEST

START_TEST(test_sqn_he_fixed_ind)
{
	imsaka_sqn_he_t he;
	uint8_t sqn[6];
	uint64_t seq, t = IMSAKA_SQN_EPOCH_MS + 1000;
	unsigned ind, i;

	imsaka_sqn_he_init_ind(&he, 5, 3);
	for (i = 0; i < 40; i++)
	{	/* same millisecond: SEQ counts on, IND stays */
		imsaka_sqn_he_next(&he, t, sqn);
		split_sqn(sqn, 5, &seq, &ind);
		ck_assert_uint_eq(seq, 1000 + i);
		ck_assert_uint_eq(ind, 3);
	}
	/* only the low ind_bits bits of the IND count */
	imsaka_sqn_he_init_ind(&he, 5, 33);
	imsaka_sqn_he_next(&he, t, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(ind, 1);
	imsaka_sqn_he_init_ind(&he, 2, 7);
	imsaka_sqn_he_next(&he, t, sqn);
	split_sqn(sqn, 2, &seq, &ind);
	ck_assert_uint_eq(ind, 3);
	ck_assert_uint_eq(seq, 1000);
}
END_TEST

/**
 * SEQ = max(last + 1, clock, floor + 1)
 */
static struct {
	uint64_t last, clock, floor, seq;
} floor_cases[] = {
	/* the clock is ahead of both */
	{ .last = 10, .clock = 1000, .floor = 500, .seq = 1000 },
	/* a floor from a resynchronisation is ahead of the clock */
	{ .last = 10, .clock = 1000, .floor = 5000, .seq = 5001 },
	/* the generator ran ahead of clock and floor */
	{ .last = 9000, .clock = 1000, .floor = 5000, .seq = 9001 },
	/* floor, clock and last equal */
	{ .last = 1000, .clock = 1000, .floor = 1000, .seq = 1001 },
	/* a fresh generator (restart) with a floor */
	{ .last = 0, .clock = 1000, .floor = 1000, .seq = 1001 },
	/* no floor stored */
	{ .last = 0, .clock = 1000, .floor = 0, .seq = 1000 },
};

START_TEST(test_sqn_he_floor)
{
	imsaka_sqn_he_t he;
	uint8_t sqn[6];
	uint64_t seq;
	unsigned ind;

	imsaka_sqn_he_init_ind(&he, 5, 1);
	he.last_seq = floor_cases[_i].last;
	imsaka_sqn_he_floor(&he, floor_cases[_i].floor);
	imsaka_sqn_he_next(&he, IMSAKA_SQN_EPOCH_MS + floor_cases[_i].clock, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, floor_cases[_i].seq);
	ck_assert_uint_eq(ind, 1);
	/* the floor never moves a generator back */
	imsaka_sqn_he_floor(&he, 1);
	imsaka_sqn_he_next(&he, IMSAKA_SQN_EPOCH_MS, sqn);
	split_sqn(sqn, 5, &seq, &ind);
	ck_assert_uint_eq(seq, floor_cases[_i].seq + 1);
}
END_TEST

/**
 * Next SQN of a node that reads the shared floor first, offered to a card
 */
static bool node_offer(imsaka_sqn_he_t *he, uint64_t floor_seq,
					   uint64_t now, imsaka_sqn_ms_t *card)
{
	uint8_t sqn[6];

	imsaka_sqn_he_floor(he, floor_seq);
	imsaka_sqn_he_next(he, now, sqn);
	return imsaka_sqn_ms_accept(card, sqn);
}

START_TEST(test_sqn_he_two_nodes)
{
	/* two nodes with IND 0 and 1 serve one card alternately, one vector
	 * per ms, and one node restarts: the card (delta 2^28, TS 33.102
	 * default) accepts every SQN */
	imsaka_sqn_he_t a, b;
	imsaka_sqn_ms_t card;
	uint8_t sqn[6];
	uint64_t t = IMSAKA_SQN_EPOCH_MS + 86400000, floor_seq, set_at;
	unsigned i;

	imsaka_sqn_ms_init(&card, 5, 0);
	make_sqn(86400000 - 60000, 0, 5, sqn);
	imsaka_sqn_ms_set(&card, sqn);
	imsaka_sqn_he_init_ind(&a, 5, 0);
	imsaka_sqn_he_init_ind(&b, 5, 1);
	for (i = 0; i < 2000; i++)
	{
		ck_assert_msg(node_offer(i % 2 ? &b : &a, 0, t + i, &card),
					  "vector %u refused", i);
		if (i == 1000)
		{	/* node b restarts with nothing kept */
			imsaka_sqn_he_init_ind(&b, 5, 1);
		}
	}
	t += 2000;

	/* a card that saw SQNs an hour ahead (another network, a lost state)
	 * refuses node a's next SQN; a resynchronises, the floor becomes the
	 * card's SQN_MS, and node b reads it before its next vector */
	make_sqn(86400000 + 3600000, 7, 5, sqn);
	imsaka_sqn_ms_set(&card, sqn);
	ck_assert(!node_offer(&a, 0, t, &card));
	imsaka_sqn_ms_highest(&card, sqn);
	floor_seq = imsaka_sqn_load(sqn) >> 5;
	set_at = t;
	imsaka_sqn_he_resync(&a, sqn);
	ck_assert(node_offer(&a, floor_seq, t + 1, &card));
	ck_assert(node_offer(&b, floor_seq, t + 2, &card));
	/* without the floor, node b would have failed: its SEQ is the clock */
	imsaka_sqn_he_init_ind(&b, 5, 1);
	ck_assert(!node_offer(&b, 0, t + 3, &card));

	/* the floor ahead of the clock moves on with it from when it was set
	 * (floor + elapsed ms): a node restarted then is above the SEQs it
	 * issued before, a fixed floor would replay them */
	imsaka_sqn_he_init_ind(&b, 5, 1);
	for (i = 4; i < 100; i++)
	{
		ck_assert(node_offer(i % 2 ? &b : &a, floor_seq + (t + i - set_at),
							 t + i, &card));
	}
	imsaka_sqn_he_init_ind(&b, 5, 1);
	ck_assert(node_offer(&b, floor_seq + (t + 101 - set_at), t + 101, &card));
	imsaka_sqn_he_init_ind(&b, 5, 1);
	ck_assert(!node_offer(&b, floor_seq, t + 102, &card));
}
END_TEST

Suite *sqn_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("ue"),
		TEST_ONCE(test_sqn_load_store),
		TEST_ONCE(test_sqn_ms_init),
		TEST_ONCE(test_sqn_ms_replay_and_order),
		TEST_ONCE(test_sqn_ms_delta),
		TEST_ONCE(test_sqn_ms_set),
		TEST_ONCE(test_sqn_ms_no_ind),
		TEST_CASE("network"),
		TEST_ONCE(test_sqn_he_clock_and_ind),
		TEST_ONCE(test_sqn_he_restart),
		TEST_ONCE(test_sqn_he_resync),
		TEST_ONCE(test_sqn_he_fixed_ind),
		TEST_LOOP(test_sqn_he_floor,
				  sizeof(floor_cases) / sizeof(floor_cases[0])),
		TEST_ONCE(test_sqn_he_two_nodes),
	};

	return test_suite_build("sqn", tests, TEST_COUNT(tests));
}

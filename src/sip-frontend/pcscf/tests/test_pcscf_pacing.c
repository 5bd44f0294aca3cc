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

#include "pcscf_tests.h"
#include "../pcscf_pacing.h"

/** a moment well after the clock's start */
#define T0 1000000

/**
 * No rate measured: the cap a second; each refusal the next moment, so
 * cap refusals share a second
 */
START_TEST(test_no_rate)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(4, 20);
	int i;

	ck_assert(pacing->get_rate(pacing, T0) == 0);
	ck_assert(pacing->get_pace(pacing, T0) == 4);
	for (i = 0; i < 12; i++)
	{
		ck_assert_uint_eq(pacing->retry_after(pacing, T0), i / 4 + 1);
	}
	pacing->destroy(pacing);
}
END_TEST

/**
 * A measured rate paces: 100 ended in a second, 10 ms apart
 */
START_TEST(test_measured_rate)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(4, 20);
	int i;

	pacing->sample(pacing, T0, 50);
	pacing->sample(pacing, T0 + 1000, 150);
	ck_assert(pacing->get_rate(pacing, T0 + 1000) > 99.9);
	ck_assert(pacing->get_rate(pacing, T0 + 1000) < 100.1);
	for (i = 0; i < 250; i++)
	{
		ck_assert_uint_eq(pacing->retry_after(pacing, T0 + 1000),
						  i / 100 + 1);
	}
	pacing->destroy(pacing);
}
END_TEST

/**
 * Less than half a second of samples, or none ended: not a rate
 */
START_TEST(test_too_little)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(2, 20);

	pacing->sample(pacing, T0, 10);
	pacing->sample(pacing, T0 + 400, 60);
	ck_assert(pacing->get_rate(pacing, T0 + 400) == 0);
	pacing->sample(pacing, T0 + 900, 10 + 50);
	/* 50 ended over 0.9 s: known now */
	ck_assert(pacing->get_rate(pacing, T0 + 900) > 55);
	pacing->destroy(pacing);

	pacing = pcscf_pacing_create(2, 20);
	pacing->sample(pacing, T0, 10);
	pacing->sample(pacing, T0 + 2000, 10);
	ck_assert(pacing->get_rate(pacing, T0 + 2000) == 0);
	/* falls back to the cap: two a second */
	ck_assert_uint_eq(pacing->retry_after(pacing, T0 + 2000), 1);
	ck_assert_uint_eq(pacing->retry_after(pacing, T0 + 2000), 1);
	ck_assert_uint_eq(pacing->retry_after(pacing, T0 + 2000), 2);
	pacing->destroy(pacing);
}
END_TEST

/**
 * Samples older than the window count no more
 */
START_TEST(test_window)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(1, 20);
	uint64_t t = T0 + 20000;

	pacing->sample(pacing, T0, 0);
	pacing->sample(pacing, T0 + 1000, 1000);
	ck_assert(pacing->get_rate(pacing, T0 + 1000) > 999);
	/* nothing sampled for longer than the window: unknown */
	ck_assert(pacing->get_rate(pacing, t) == 0);
	/* a burst long after: measured from samples in the window only */
	pacing->sample(pacing, t, 1000);
	pacing->sample(pacing, t + 2000, 1020);
	ck_assert(pacing->get_rate(pacing, t + 2000) > 9.9);
	ck_assert(pacing->get_rate(pacing, t + 2000) < 10.1);
	pacing->destroy(pacing);
}
END_TEST

/**
 * A unit idle since its last measurement keeps it as its capacity: the UEs
 * of a failed unit are paced at it, not at the cap, and not at the low rate
 * of its first moments of work
 */
START_TEST(test_capacity_idle)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(2000, 20);
	uint64_t t = T0 + 600000;
	int i;

	ck_assert(pacing->get_capacity(pacing) == 0);
	pacing->sample(pacing, T0, 0);
	pacing->sample(pacing, T0 + 2000, 100);
	ck_assert(pacing->get_capacity(pacing) > 49.9);
	ck_assert(pacing->get_capacity(pacing) < 50.1);
	/* ten minutes later nothing is measured lately, the capacity stands */
	pacing->sample(pacing, t, 100);
	ck_assert(pacing->get_rate(pacing, t) == 0);
	ck_assert(pacing->get_capacity(pacing) > 49.9);
	ck_assert(pacing->get_pace(pacing, t) > 49.9);
	ck_assert(pacing->get_pace(pacing, t) < 50.1);
	for (i = 0; i < 120; i++)
	{
		ck_assert_uint_eq(pacing->retry_after(pacing, t), i / 50 + 1);
	}
	pacing->destroy(pacing);
}
END_TEST

/**
 * A lower rate lowers the capacity only once the unit has been refusing
 * for a whole window: without refusals it is what the UEs asked for, not
 * what the unit can do, and in the first seconds of refusals what they
 * asked for before
 */
START_TEST(test_capacity_refusing)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(2000, 20);

	pacing->sample(pacing, T0, 0);
	pacing->sample(pacing, T0 + 1000, 100);
	ck_assert(pacing->get_capacity(pacing) > 99.9);
	/* 10 a second asked for: the capacity stays */
	pacing->sample(pacing, T0 + 10000, 100);
	pacing->sample(pacing, T0 + 11000, 110);
	ck_assert(pacing->get_rate(pacing, T0 + 11000) < 10.1);
	ck_assert(pacing->get_capacity(pacing) > 99.9);
	/* refusing for a second only: it stays */
	pacing->retry_after(pacing, T0 + 11000);
	pacing->sample(pacing, T0 + 12000, 120);
	ck_assert(pacing->get_capacity(pacing) > 99.9);
	/* refusing for a whole window at 10 a second: that is the capacity */
	pacing->retry_after(pacing, T0 + 13000);
	pacing->retry_after(pacing, T0 + 15000);
	pacing->sample(pacing, T0 + 15000, 150);
	ck_assert(pacing->get_rate(pacing, T0 + 15000) < 10.1);
	ck_assert(pacing->get_capacity(pacing) < 10.1);
	/* a higher rate raises it again */
	pacing->sample(pacing, T0 + 16000, 350);
	ck_assert(pacing->get_capacity(pacing) > 50);
	pacing->destroy(pacing);
}
END_TEST

/**
 * Never longer than the maximum; once the moments handed out are past,
 * the next refusal starts from now again
 */
START_TEST(test_max_and_reset)
{
	pcscf_pacing_t *pacing = pcscf_pacing_create(1, 3);
	int i;

	ck_assert_uint_eq(pacing->retry_after(pacing, T0), 1);
	ck_assert_uint_eq(pacing->retry_after(pacing, T0), 2);
	ck_assert_uint_eq(pacing->retry_after(pacing, T0), 3);
	for (i = 0; i < 5; i++)
	{
		ck_assert_uint_eq(pacing->retry_after(pacing, T0), 3);
	}
	ck_assert_uint_eq(pacing->retry_after(pacing, T0 + 60000), 1);
	pacing->destroy(pacing);
}
END_TEST

Suite *pcscf_pacing_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("pcscf pacing");
	tc = tcase_create("retry-after");
	tcase_add_test(tc, test_no_rate);
	tcase_add_test(tc, test_measured_rate);
	tcase_add_test(tc, test_too_little);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_capacity_idle);
	tcase_add_test(tc, test_capacity_refusing);
	tcase_add_test(tc, test_max_and_reset);
	suite_add_tcase(s, tc);
	return s;
}

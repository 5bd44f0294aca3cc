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

#include <sip_timers.h>

#include <stdint.h>

/** order in which timers fired */
static int fired[16];
static int fired_count;

static void record(void *data)
{
	fired[fired_count++] = (intptr_t)data;
}

START_TEST(test_timers_order_cancel)
{
	sip_timers_t *timers = sip_timers_create();
	sip_timer_cb_t cb;
	uint64_t due;
	uint32_t ids[8];
	void *data;
	int i;

	fired_count = 0;
	ids[0] = timers->add(timers, 300, record, (void*)1);
	ids[1] = timers->add(timers, 100, record, (void*)2);
	ids[2] = timers->add(timers, 200, record, (void*)3);
	ids[3] = timers->add(timers, 100, record, (void*)4);
	ids[4] = timers->add(timers, 50, record, (void*)5);
	ids[5] = timers->add(timers, 400, record, (void*)6);
	for (i = 0; i < 6; i++)
	{
		ck_assert_uint_ne(ids[i], 0);
	}
	timers->cancel(timers, ids[4]);
	timers->cancel(timers, 12345);
	ck_assert_uint_eq(timers->count(timers), 5);
	ck_assert(timers->next(timers, &due));
	ck_assert_uint_eq(due, 100);
	ck_assert(!timers->pop_due(timers, 99, &cb, &data));
	while (timers->pop_due(timers, 300, &cb, &data))
	{
		cb(data);
	}
	ck_assert_int_eq(fired_count, 4);
	ck_assert_int_eq(fired[0], 2);
	ck_assert_int_eq(fired[1], 4);
	ck_assert_int_eq(fired[2], 3);
	ck_assert_int_eq(fired[3], 1);
	ck_assert_uint_eq(timers->count(timers), 1);
	timers->destroy(timers);
}
END_TEST

START_TEST(test_timers_heap_many)
{
	sip_timers_t *timers = sip_timers_create();
	sip_timer_cb_t cb;
	uint64_t last = 0, due;
	void *data;
	int i;

	/* pseudo-random due times, every third cancelled */
	for (i = 0; i < 500; i++)
	{
		uint32_t id = timers->add(timers, (i * 7919) % 1000, record, NULL);

		if (i % 3 == 0)
		{
			timers->cancel(timers, id);
		}
	}
	ck_assert_uint_eq(timers->count(timers), 333);
	for (i = 0; timers->next(timers, &due); i++)
	{
		ck_assert(due >= last);
		last = due;
		ck_assert(timers->pop_due(timers, due, &cb, &data));
	}
	ck_assert_int_eq(i, 333);
	timers->destroy(timers);
}
END_TEST

START_TEST(test_timers_cancel_inside)
{
	sip_timers_t *timers = sip_timers_create();
	uint32_t ids[1000];
	sip_timer_cb_t cb;
	uint64_t last = 0, due;
	void *data;
	int i;

	for (i = 0; i < 1000; i++)
	{
		ids[i] = timers->add(timers, (i * 7919) % 1000, record,
							 (void*)(uintptr_t)i);
	}
	/* cancelled once all are in: from anywhere in the heap */
	for (i = 999; i >= 0; i--)
	{
		if (i % 3 == 0)
		{
			timers->cancel(timers, ids[i]);
		}
	}
	/* an id cancelled twice, and one never given, change nothing */
	timers->cancel(timers, ids[0]);
	timers->cancel(timers, 0);
	ck_assert_uint_eq(timers->count(timers), 666);
	for (i = 0; timers->next(timers, &due); i++)
	{
		ck_assert(due >= last);
		last = due;
		ck_assert(timers->pop_due(timers, due, &cb, &data));
		ck_assert((uintptr_t)data % 3 != 0);
		ck_assert_uint_eq(due, ((uintptr_t)data * 7919) % 1000);
	}
	ck_assert_int_eq(i, 666);
	timers->destroy(timers);
}
END_TEST

Suite *sip_timers_suite_create(void)
{
	Suite *s = suite_create("sip_timers");
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, test_timers_order_cancel);
	tcase_add_test(tc, test_timers_heap_many);
	tcase_add_test(tc, test_timers_cancel_inside);
	suite_add_tcase(s, tc);
	return s;
}

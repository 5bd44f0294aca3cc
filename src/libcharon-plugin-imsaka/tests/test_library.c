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

#include "test_library.h"

#include <check.h>

#include <library.h>
#include <processing/processor.h>

/*
 * Described in header
 */
void test_library_setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
}

/*
 * Described in header
 */
void test_library_teardown()
{
	lib->processor->cancel(lib->processor);
	library_deinit();
}

/*
 * Described in header
 */
Suite *test_suite_create(const char *name, SFun setup, SFun teardown,
						 const test_entry_t *tests, int count)
{
	Suite *s;
	TCase *tc = NULL;
	const char *tc_name = NULL;
	int i;

	s = suite_create(name);
	for (i = 0; i < count; i++)
	{
		if (!tc_name || !streq(tests[i].tcase, tc_name))
		{
			tc_name = tests[i].tcase;
			tc = tcase_create(tc_name);
			if (setup || teardown)
			{
				tcase_add_checked_fixture(tc, setup, teardown);
			}
			if (tests[i].timeout)
			{
				tcase_set_timeout(tc, tests[i].timeout);
			}
			suite_add_tcase(s, tc);
		}
		if (tests[i].loops)
		{
			tcase_add_loop_test(tc, tests[i].test, 0, tests[i].loops);
		}
		else
		{
			tcase_add_test(tc, tests[i].test);
		}
	}
	return s;
}

time_t test_now;

/*
 * Described in header
 */
time_t test_clock(timeval_t *tv)
{
	if (tv)
	{
		tv->tv_sec = test_now;
		tv->tv_usec = 0;
	}
	return test_now;
}

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

/**
 * @defgroup test_library test_library
 * @{ @ingroup imsaka_plugin_tests
 */

#ifndef TEST_LIBRARY_H_
#define TEST_LIBRARY_H_

#include <check.h>
#include <library.h>

typedef struct test_entry_t test_entry_t;

/**
 * One test of a suite, as listed in the table test_suite_create() builds
 * the suite from.
 */
struct test_entry_t {

	/**
	 * Name of the test case the test belongs to; consecutive entries with
	 * the same name form one test case.
	 */
	const char *tcase;

	/**
	 * The test, as defined with START_TEST.
	 */
	const TTest *test;

	/**
	 * Runs of a loop test, with _i from 0 to loops - 1; 0 for a plain test.
	 */
	int loops;

	/**
	 * Timeout of the test case in seconds, 0 for Check's default; taken
	 * from the first entry of a test case.
	 */
	int timeout;
};

/**
 * Checked fixture: a libstrongswan instance of its own for each test, so
 * that the threads one test starts never reach the next one, also with
 * CK_FORK=no (e.g. under valgrind).
 */
void test_library_setup();

/**
 * Checked fixture: joins the threads of the test before the library (and
 * the scheduler they run) goes, as charon does.
 */
void test_library_teardown();

/**
 * Build a suite from a table of tests, every test case with the same
 * checked fixture.
 *
 * @param name			name of the suite
 * @param setup			checked setup of every test, NULL for none
 * @param teardown		checked teardown of every test, NULL for none
 * @param tests			the tests, grouped by test case
 * @param count			number of entries in tests
 * @return				the suite
 */
Suite *test_suite_create(const char *name, SFun setup, SFun teardown,
						 const test_entry_t *tests, int count);

/**
 * The contexts' clock in tests (seconds), moved by the tests only
 */
extern time_t test_now;

/**
 * A clock for imsaka_context_set_clock() reading test_now.
 *
 * @param tv		set to test_now, if not NULL
 * @return			test_now
 */
time_t test_clock(timeval_t *tv);

#endif /** TEST_LIBRARY_H_ @}*/

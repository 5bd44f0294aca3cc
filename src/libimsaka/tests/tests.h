/*
 * Copyright (C) 2026 imsaka developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup imsaka_tests imsaka_tests
 * @{ @ingroup libimsaka
 */

#ifndef IMSAKA_TESTS_H_
#define IMSAKA_TESTS_H_

#include <check.h>
#include <stdint.h>
#include <stddef.h>

#define TEST_SUITE(name) Suite *name(void);
#include "test_suites.h"
#undef TEST_SUITE

/**
 * Path of a file in the test vector folder (static buffer).
 *
 * @param name		file name, e.g. "milenage-ts35207.txt"
 * @return			absolute path
 */
const char *test_vector_path(const char *name);

/**
 * Decode a hex string of exactly len bytes, failing the running test on
 * any other input.
 *
 * @param hex		hex string, no prefix
 * @param out		output buffer of len bytes
 * @param len		expected number of bytes
 */
void test_hex(const char *hex, uint8_t *out, size_t len);

/** number of elements of a static array */
#define TEST_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/**
 * One entry of a suite's table: the start of a test case, or a test of
 * the test case started last.
 */
typedef struct {
	/** name of the test case this entry starts, NULL for a test */
	const char *tcase;
	/** the test, as defined by START_TEST */
	const TTest *test;
	/** first and end (exclusive) value of _i for a loop test; 0, 0 runs it once */
	int start, end;
} test_entry_t;

/** start a test case: the tests that follow belong to it */
#define TEST_CASE(name) { .tcase = (name) }
/** a test run once */
#define TEST_ONCE(fn) { .test = (fn) }
/** a loop test run for _i from 0 to n - 1 */
#define TEST_LOOP(fn, n) { .test = (fn), .end = (n) }
/** a loop test run for _i from start to end - 1 */
#define TEST_RANGE(fn, s, e) { .test = (fn), .start = (s), .end = (e) }

/**
 * Build a suite from its table, which starts with a TEST_CASE().
 *
 * @param name		name of the suite
 * @param tests		test cases and their tests, in order
 * @param count		number of entries
 * @return			suite
 */
Suite *test_suite_build(const char *name, const test_entry_t *tests,
						size_t count);

#endif /** IMSAKA_TESTS_H_ @}*/

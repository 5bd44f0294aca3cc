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

#endif /** IMSAKA_TESTS_H_ @}*/

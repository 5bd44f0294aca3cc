/*
 * Copyright (C) 2026 imsaka developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "tests.h"

#include <hex.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_SUITE(name) name,
static Suite *(*suites[])(void) = {
#include "test_suites.h"
	NULL,
};
#undef TEST_SUITE

/*
 * Described in header
 */
const char *test_vector_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("IMSAKA_VECTORS_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ?: VECTORS_DIR, name);
	return path;
}

/*
 * Described in header
 */
void test_hex(const char *hex, uint8_t *out, size_t len)
{
	ck_assert_msg(imsaka_hex_decode(hex, out, len),
				  "hex '%s' is not %zu bytes", hex, len);
}

/*
 * Described in header
 */
Suite *test_suite_build(const char *name, const test_entry_t *tests,
						size_t count)
{
	Suite *s = suite_create(name);
	TCase *tc = NULL;
	size_t i;

	for (i = 0; i < count; i++)
	{
		if (tests[i].tcase)
		{
			tc = tcase_create(tests[i].tcase);
			suite_add_tcase(s, tc);
		}
		else if (tests[i].end)
		{
			tcase_add_loop_test(tc, tests[i].test, tests[i].start,
								tests[i].end);
		}
		else
		{
			tcase_add_test(tc, tests[i].test);
		}
	}
	return s;
}

int main(int argc, char *argv[])
{
	SRunner *runner;
	int i, failed;

	runner = srunner_create(NULL);
	for (i = 0; suites[i]; i++)
	{
		srunner_add_suite(runner, suites[i]());
	}
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

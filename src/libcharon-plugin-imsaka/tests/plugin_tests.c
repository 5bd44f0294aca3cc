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
 * Runner of the plugin's unit tests: the suites listed in plugin_tests.h,
 * one file per unit in suites/, none of which needs a running charon.
 *
 * This is Check with strongSwan's pattern (suites declared as data in a
 * header, expanded by one runner), not strongSwan's own test framework
 * (src/libstrongswan/tests/test_suite.c, test_runner.c): that is a
 * check-only library of strongSwan's build that Debian does not ship, so it
 * would be compiled here from the source tree against Debian's binaries;
 * its runner initializes libstrongswan itself around every test, where
 * the suites here create their own library and charon per test in their
 * fixtures, and it runs all tests in one process, where Check forks each
 * one away from the keepalive and scheduler threads of the others; and it
 * prints its own summary, not the "Checks: N, Failures: F, Errors: E" of
 * the other test programs that scripts/test.sh counts. The suites keep
 * Check's assertions; the runner itself initializes nothing.
 */

#include <check.h>
#include <stdlib.h>

#define TEST_SUITE(name) Suite *name(void);
#include "plugin_tests.h"
#undef TEST_SUITE

#define TEST_SUITE(name) name,
static Suite *(*suites[])(void) = {
#include "plugin_tests.h"
	NULL,
};
#undef TEST_SUITE

int main()
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

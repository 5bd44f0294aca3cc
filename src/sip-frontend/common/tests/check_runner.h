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
 * The end of every test program of the frontends: run its Check suites
 * (CK_VERBOSITY chooses the output) and turn the result into the exit
 * status. Header only, so that each program needs no extra source.
 */

#ifndef CHECK_RUNNER_H_
#define CHECK_RUNNER_H_

#include <check.h>
#include <stdlib.h>

#include <library.h>

/**
 * Run test suites in their order.
 *
 * @param name		name for libstrongswan, initialized around the run;
 *					NULL if the program does without or initializes it
 * @param suites	suites, freed by the run
 * @param count		number of suites
 * @return			EXIT_SUCCESS if every test passed, EXIT_FAILURE if not
 */
static inline int check_runner_run(const char *name, Suite *suites[],
								   int count)
{
	SRunner *runner;
	int i, failed;

	if (name)
	{
		library_init(NULL, name);
	}
	runner = srunner_create(suites[0]);
	for (i = 1; i < count; i++)
	{
		srunner_add_suite(runner, suites[i]);
	}
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	if (name)
	{
		library_deinit();
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /** CHECK_RUNNER_H_ */

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
 * Unit tests of the plugin's IPsec engine parts: SPI allocator,
 * NAT-keepalive wheel and the NAT rebinding decision. Each test gets its own libstrongswan instance (see
 * engine_tests_setup()), so the scheduler test's threads never reach the
 * deterministic tests, also with CK_FORK=no (e.g. under valgrind).
 */

#include <check.h>

#include <library.h>
#include <processing/processor.h>

Suite *spi_allocator_suite_create();
Suite *keepalive_suite_create();
Suite *rebind_guard_suite_create();

/**
 * Checked fixture shared by the suites: a fresh library per test
 */
void engine_tests_setup()
{
	ck_assert(library_init(NULL, "engine_tests"));
}

/**
 * Checked fixture shared by the suites
 */
void engine_tests_teardown()
{
	/* as charon does: join the threads before the scheduler they run goes */
	lib->processor->cancel(lib->processor);
	library_deinit();
}

int main()
{
	SRunner *runner;
	int failed;

	runner = srunner_create(spi_allocator_suite_create());
	srunner_add_suite(runner, keepalive_suite_create());
	srunner_add_suite(runner, rebind_guard_suite_create());
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

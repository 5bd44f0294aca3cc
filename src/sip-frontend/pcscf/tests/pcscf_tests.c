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
 * Unit tests of imsaka-pcscf (Check).
 */

#include <stdlib.h>

#include <osipparser2/osip_parser.h>

#include "pcscf_tests.h"

int main(void)
{
	SRunner *runner;
	int failed;

	parser_init();
	runner = srunner_create(pcscf_policy_suite_create());
	srunner_add_suite(runner, pcscf_sip_suite_create());
	srunner_add_suite(runner, pcscf_control_client_suite_create());
	srunner_add_suite(runner, pcscf_register_suite_create());
	srunner_add_suite(runner, pcscf_state_suite_create());
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

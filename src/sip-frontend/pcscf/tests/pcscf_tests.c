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

#include <library.h>
#include <osipparser2/osip_parser.h>

#include "pcscf_tests.h"
#include "../../common/tests/check_runner.h"

int main(void)
{
	Suite *suites[] = {
		pcscf_policy_suite_create(),
		pcscf_sip_suite_create(),
		pcscf_control_client_suite_create(),
		pcscf_register_suite_create(),
		pcscf_state_suite_create(),
		pcscf_restart_suite_create(),
		pcscf_register_races_suite_create(),
		pcscf_counters_suite_create(),
		pcscf_status_socket_suite_create(),
		pcscf_probe_suite_create(),
		pcscf_pacing_suite_create(),
	};

	parser_init();
	return check_runner_run(NULL, suites, countof(suites));
}

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

#include "frontend_tests.h"
#include "check_runner.h"

#include <library.h>

int main(int argc, char *argv[])
{
	Suite *suites[] = {
		sip_framing_suite_create(),
		sip_timers_suite_create(),
		sip_transport_suite_create(),
		sip_transport_filter_suite_create(),
		frontend_conf_suite_create(),
		control_client_suite_create(),
		sip_tls_aka_filter_suite_create(),
		sip_ktls_suite_create(),
	};

	return check_runner_run(NULL, suites, countof(suites));
}

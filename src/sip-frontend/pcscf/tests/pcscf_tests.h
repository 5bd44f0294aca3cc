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
 * Suites of the P-CSCF tests.
 */

#ifndef PCSCF_TESTS_H_
#define PCSCF_TESTS_H_

#include <check.h>

Suite *pcscf_policy_suite_create(void);
Suite *pcscf_sip_suite_create(void);
Suite *pcscf_control_client_suite_create(void);
Suite *pcscf_register_suite_create(void);
Suite *pcscf_state_suite_create(void);
Suite *pcscf_restart_suite_create(void);
Suite *pcscf_register_races_suite_create(void);
Suite *pcscf_counters_suite_create(void);
Suite *pcscf_status_socket_suite_create(void);
Suite *pcscf_probe_suite_create(void);
Suite *pcscf_pacing_suite_create(void);

#endif

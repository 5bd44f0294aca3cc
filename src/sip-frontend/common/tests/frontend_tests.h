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

/**
 * @defgroup frontend_tests frontend_tests
 * @{ @ingroup sip_frontend
 * Check suites of the frontend runtime, one file per unit.
 */

#ifndef FRONTEND_TESTS_H_
#define FRONTEND_TESTS_H_

#include <check.h>

Suite *sip_framing_suite_create(void);
Suite *sip_timers_suite_create(void);
Suite *sip_transport_suite_create(void);
Suite *sip_transport_filter_suite_create(void);
Suite *frontend_conf_suite_create(void);
Suite *control_client_suite_create(void);
Suite *sip_tls_aka_filter_suite_create(void);
Suite *sip_ktls_suite_create(void);

#endif /** FRONTEND_TESTS_H_ @}*/

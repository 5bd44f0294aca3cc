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
 * Suites of imsaka-ue's tests and what they share.
 */

#ifndef UE_TESTS_H_
#define UE_TESTS_H_

#include <check.h>

#include <osipparser2/osip_parser.h>

#include "ue_config.h"

Suite *ue_config_suite_create(void);
Suite *ue_registration_suite_create(void);
Suite *ue_registration_tls_suite_create(void);
Suite *ue_proxy_suite_create(void);
Suite *ue_secagree_suite_create(void);
Suite *ue_restart_suite_create(void);
Suite *ue_failover_suite_create(void);

/** address from text, port required if it has one */
imsaka_addr_t test_addr(const char *text);

/** the test bench configuration: UE 10.1.0.10, P-CSCF 192.0.2.20 */
void test_config(ue_config_t *config);

/** parse a message, fails the test if it does not parse */
osip_message_t *test_parse(const char *text);

#endif

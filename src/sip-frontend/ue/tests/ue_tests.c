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

#include "ue_tests.h"
#include "../../common/tests/check_runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

imsaka_addr_t test_addr(const char *text)
{
	imsaka_addr_t a;

	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), false, &a),
					 IMSAKA_SECAGREE_OK);
	return a;
}

void test_config(ue_config_t *config)
{
	sip_error_t err = {};

	ue_config_defaults(config);
	snprintf(config->impi, sizeof(config->impi), "alice@ims.example.net");
	snprintf(config->impu, sizeof(config->impu), "sip:alice@ims.example.net");
	snprintf(config->realm, sizeof(config->realm), "ims.example.net");
	config->pcscf = test_addr("192.0.2.20:5060");
	config->pcscf_protected = test_addr("10.2.0.1");
	config->local = test_addr("10.1.0.10:5060");
	config->protected = test_addr("10.1.0.10");
	config->proxy = test_addr("127.0.0.1:5070");
	ck_assert_msg(ue_config_check(config, &err), "%s", err.reason);
}

osip_message_t *test_parse(const char *text)
{
	osip_message_t *msg;

	ck_assert_int_eq(osip_message_init(&msg), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(msg, text, strlen(text)),
					 OSIP_SUCCESS);
	return msg;
}

int main(void)
{
	Suite *suites[] = {
		ue_config_suite_create(),
		ue_registration_suite_create(),
		ue_registration_tls_suite_create(),
		ue_proxy_suite_create(),
		ue_secagree_suite_create(),
		ue_restart_suite_create(),
		ue_failover_suite_create(),
	};
	int status;

	library_init(NULL, "ue_tests");
	/* the registration logs every step at level 1; keep test output short */
	dbg_default_set_level(getenv("UE_TESTS_LOG") ? 4 : -1);
	parser_init();
	status = check_runner_run(NULL, suites, countof(suites));
	library_deinit();
	return status;
}

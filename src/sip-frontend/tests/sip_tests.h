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
 * @defgroup sip_tests sip_tests
 * @{ @ingroup sip_frontend
 *
 * The suites of the adapter tests.
 */

#ifndef SIP_TESTS_H_
#define SIP_TESTS_H_

#include <check.h>

#include <secagree_addr.h>

/**
 * An address with its port from text (Check assertions inside).
 *
 * @param text		e.g. "192.0.2.1:5060" or "[2001:db8::1]:5060"
 * @return			the address
 */
imsaka_addr_t sip_tests_addr(const char *text);

/**
 * Start line, header fields, Via, URIs, Contact, Route and Digest
 * credentials of the adapter, each checked against libosip2's own reading
 * of the printed message.
 *
 * @return			suite
 */
Suite *sip_fields_suite_create(void);

#endif /** SIP_TESTS_H_ @}*/

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
 * @defgroup scscf_tests scscf_tests
 * @{ @ingroup scscf
 * Check suites of imsaka-scscf.
 */

#ifndef SCSCF_TESTS_H_
#define SCSCF_TESTS_H_

#include <check.h>

/**
 * Subscribers of the tests: TS 35.207 test sets 1 (K, OP, AMF b9b9),
 * 2 and 3 (K, OPc), each with its IMPI and IMPUs.
 */
extern const char *scscf_test_subscribers;

Suite *scscf_subscribers_suite_create(void);
Suite *scscf_registrar_suite_create(void);
Suite *scscf_tables_suite_create(void);

#endif /** SCSCF_TESTS_H_ @}*/

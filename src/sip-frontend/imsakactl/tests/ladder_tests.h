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
 * @defgroup ladder_tests ladder_tests
 * @{ @ingroup imsakactl
 *
 * The suites of the ladder's unit tests. The fixture reg-nat-ue.fields
 * holds the tshark lines (ladder_fields.h) of reg-nat-ue.pcap, a capture
 * of the P-CSCF and of both sides of the NAT during one registration of
 * the scenario imsaka/reg-nat-ue, decrypted with reg-nat-ue.esp_sa.
 */

#ifndef LADDER_TESTS_H_
#define LADDER_TESTS_H_

#include <check.h>

#include "../ladder_model.h"

/** lines of the fixture reg-nat-ue.fields */
#define LADDER_TESTS_FIXTURE_LINES 28

/**
 * Read the lines of a fixture file (Check assertions inside).
 *
 * @param name		file name in the fixtures folder
 * @param lines		filled with malloc()ed lines without newline
 * @param max		room in lines
 * @return			number of lines
 */
int ladder_tests_read(const char *name, char *lines[], int max);

/**
 * A model of the fixture reg-nat-ue.fields, built with the scenario's
 * hosts (Check assertions inside).
 *
 * @return			built model
 */
ladder_model_t *ladder_tests_model(void);

/**
 * Parser of tshark's lines.
 *
 * @return			suite
 */
Suite *ladder_fields_suite_create(void);

/**
 * esp_sa line rewrite and host table.
 *
 * @return			suite
 */
Suite *ladder_input_suite_create(void);

/**
 * Message model: copies, NAT legs, SM numbering, columns.
 *
 * @return			suite
 */
Suite *ladder_model_suite_create(void);

/**
 * SVG and HTML writers: layout, order, escaping.
 *
 * @return			suite
 */
Suite *ladder_output_suite_create(void);

#endif /** LADDER_TESTS_H_ @}*/

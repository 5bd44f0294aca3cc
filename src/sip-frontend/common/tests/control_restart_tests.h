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
 * Test cases of charon's restarts as the control connections see them
 * (control_instance, control_channel, control_pipeline, control_flush),
 * added to the control_client suite.
 */

#ifndef CONTROL_RESTART_TESTS_H_
#define CONTROL_RESTART_TESTS_H_

#include <check.h>

/**
 * Add the restart test cases to a suite.
 *
 * @param s			suite
 */
void control_restart_tcases_add(Suite *s);

#endif /** CONTROL_RESTART_TESTS_H_ */

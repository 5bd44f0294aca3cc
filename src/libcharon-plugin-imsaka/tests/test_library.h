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
 * @defgroup test_library test_library
 * @{ @ingroup imsaka_plugin_tests
 */

#ifndef TEST_LIBRARY_H_
#define TEST_LIBRARY_H_

/**
 * Checked fixture: a libstrongswan instance of its own for each test, so
 * that the threads one test starts never reach the next one, also with
 * CK_FORK=no (e.g. under valgrind).
 */
void test_library_setup();

/**
 * Checked fixture: joins the threads of the test before the library (and
 * the scheduler they run) goes, as charon does.
 */
void test_library_teardown();

#endif /** TEST_LIBRARY_H_ @}*/

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

#include "test_library.h"

#include <check.h>

#include <library.h>
#include <processing/processor.h>

/*
 * Described in header
 */
void test_library_setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
}

/*
 * Described in header
 */
void test_library_teardown()
{
	lib->processor->cancel(lib->processor);
	library_deinit();
}

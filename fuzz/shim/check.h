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
 * Stands in for Check's <check.h> when fuzz/run.sh compiles the fakes of
 * the programs' unit tests into a fuzz target: there is no Check runner
 * there, so a failed assertion of a fake aborts (and libFuzzer reports it).
 */

#ifndef FUZZ_SHIM_CHECK_H_
#define FUZZ_SHIM_CHECK_H_

#include <stdio.h>
#include <stdlib.h>

#define ck_assert(expr) do { \
	if (!(expr)) \
	{ \
		fprintf(stderr, "fake's assertion failed: %s (%s:%d)\n", #expr, \
				__FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

#define ck_assert_msg(expr, ...) ck_assert(expr)
#define ck_assert_int_eq(a, b) ck_assert((a) == (b))

#endif

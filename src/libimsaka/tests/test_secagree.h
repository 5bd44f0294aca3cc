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
 * Helpers shared by the security agreement suites.
 */

#ifndef TEST_SEC_AGREE_H_
#define TEST_SEC_AGREE_H_

#include "tests.h"

#include <secagree.h>

#include <string.h>

/**
 * Parse a header value into list, failing the test on error.
 */
static inline void sa_parse(imsaka_secagree_list_t *list, const char *value)
{
	imsaka_secagree_err_t err;

	imsaka_secagree_list_init(list);
	err = imsaka_secagree_list_parse(list, value, strlen(value));
	ck_assert_msg(err == IMSAKA_SECAGREE_OK, "'%s': %s at %zu", value,
				  imsaka_secagree_strerror(err), list->error_offset);
}

#endif

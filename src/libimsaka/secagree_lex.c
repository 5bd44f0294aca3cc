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

#include "secagree_lex.h"
#include "secagree.h"

#include <string.h>
#include <strings.h>

/*
 * Described in header
 */
bool imsaka_lex_ieq(const char *s, size_t len, const char *lit)
{
	unsigned char a, b;
	size_t i;

	for (i = 0; i < len; i++)
	{
		a = s[i];
		b = lit[i];
		/* equal, or the same ASCII letter in another case */
		if (!b || (a != b && ((a | 0x20) != (b | 0x20) ||
							  (unsigned)((b | 0x20) - 'a') > 'z' - 'a')))
		{
			return false;
		}
	}
	return lit[len] == '\0';
}

/*
 * Described in header
 */
bool imsaka_lex_unquote(const char *s, size_t len, const char **inner,
						size_t *inner_len)
{
	if (len < 2 || s[0] != '"' || s[len - 1] != '"' ||
		memchr(s + 1, '\\', len - 2))
	{
		return false;
	}
	*inner = s + 1;
	*inner_len = len - 2;
	return true;
}

/*
 * Described in header
 */
bool imsaka_lex_equal(const char *a, size_t a_len, const char *b, size_t b_len,
					  bool icase)
{
	if (a_len != b_len)
	{
		return false;
	}
	return icase ? !strncasecmp(a, b, a_len) : !memcmp(a, b, a_len);
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_lex_keep(const imsaka_lex_param_t *param,
									  struct imsaka_secagree_unknown_t *unknown,
									  uint8_t *count, uint8_t max)
{
	if (*count >= max)
	{
		return IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN;
	}
	unknown += (*count)++;
	unknown->name.off = param->name;
	unknown->name.len = param->name_len;
	unknown->value.off = param->value;
	unknown->value.len = param->value_len;
	unknown->has_value = param->has_value;
	return IMSAKA_SECAGREE_OK;
}

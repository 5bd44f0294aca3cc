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

#include "sec_agree_lex.h"

#include <string.h>

/**
 * Value of a hex digit, -1 if none.
 */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
	{
		return c - '0';
	}
	if (c >= 'a' && c <= 'f')
	{
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F')
	{
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Described in header
 */
bool imsaka_lex_hex(const char *s, size_t len, uint8_t *out, size_t out_len)
{
	size_t i;
	int hi, lo;

	if (len != 2 * out_len)
	{
		return false;
	}
	for (i = 0; i < out_len; i++)
	{
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
		{
			return false;
		}
		out[i] = (hi << 4) | lo;
	}
	return true;
}

/*
 * Described in header
 */
void imsaka_lex_tohex(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++)
	{
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

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

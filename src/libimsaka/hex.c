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

#include "hex.h"

#include <string.h>

/**
 * Value of one hex digit, -1 if c is not one.
 */
static int hex_digit(char c)
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

/**
 * Skip an optional 0x prefix.
 */
static const char *skip_prefix(const char *hex)
{
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
	{
		return hex + 2;
	}
	return hex;
}

/**
 * Decode exactly n digit pairs, zeroing out on a bad digit
 */
static bool decode_digits(const char *hex, size_t n, uint8_t *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++)
	{
		hi = hex_digit(hex[2 * i]);
		lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
		{
			memset(out, 0, n);
			return false;
		}
		out[i] = (hi << 4) | lo;
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_hex_decode_exact(const char *hex, size_t hex_len, uint8_t *out,
							 size_t len)
{
	return hex_len == 2 * len && decode_digits(hex, len, out);
}

/*
 * Described in header
 */
size_t imsaka_hex_len(const char *hex)
{
	return hex ? strlen(skip_prefix(hex)) / 2 : 0;
}

/*
 * Described in header
 */
bool imsaka_hex_decode_var(const char *hex, uint8_t *out, size_t max,
						   size_t *len)
{
	size_t n;

	*len = 0;
	if (!hex)
	{
		return false;
	}
	hex = skip_prefix(hex);
	n = strlen(hex);
	if (n % 2 || n / 2 > max || !decode_digits(hex, n / 2, out))
	{
		return false;
	}
	*len = n / 2;
	return true;
}

/*
 * Described in header
 */
bool imsaka_hex_decode(const char *hex, uint8_t *out, size_t len)
{
	size_t got;

	if (!imsaka_hex_decode_var(hex, out, len, &got) || got != len)
	{
		memset(out, 0, len);
		return false;
	}
	return true;
}

/*
 * Described in header
 */
void imsaka_hex_encode(const uint8_t *in, size_t len, char *out)
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

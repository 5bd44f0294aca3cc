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

#include "base64.h"

#include <openssl/evp.h>

/*
 * Described in header
 */
size_t imsaka_base64_encode(const uint8_t *in, size_t len, char *out,
							size_t size)
{
	if (size < IMSAKA_BASE64_LEN(len) + 1 || len > INT32_MAX / 2)
	{
		if (size)
		{
			out[0] = '\0';
		}
		return 0;
	}
	return EVP_EncodeBlock((unsigned char*)out, in, len);
}

/**
 * Value of a base64 character, -1 if not in the alphabet.
 */
static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
	{
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z')
	{
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9')
	{
		return c - '0' + 52;
	}
	if (c == '+')
	{
		return 62;
	}
	if (c == '/')
	{
		return 63;
	}
	return -1;
}

/*
 * Described in header
 */
bool imsaka_base64_decode(const char *in, size_t in_len, uint8_t *out,
						  size_t size, size_t *out_len)
{
	size_t i, j, pad = 0, n = 0;
	uint32_t quad;
	int v;

	*out_len = 0;
	if (in_len % 4)
	{
		return false;
	}
	if (in_len && in[in_len - 1] == '=')
	{
		pad = (in[in_len - 2] == '=') ? 2 : 1;
	}
	if (in_len / 4 * 3 - pad > size)
	{
		return false;
	}
	for (i = 0; i < in_len; i += 4)
	{
		quad = 0;
		for (j = 0; j < 4; j++)
		{
			if (i + j >= in_len - pad)
			{	/* padding: only in the last quad, after data */
				quad <<= 6;
				continue;
			}
			v = b64_value(in[i + j]);
			if (v < 0)
			{
				return false;
			}
			quad = (quad << 6) | v;
		}
		if ((pad == 1 && i + 4 == in_len && (quad & 0xff)) ||
			(pad == 2 && i + 4 == in_len && (quad & 0xffff)))
		{	/* non-canonical: bits beyond the data are not zero */
			return false;
		}
		out[n++] = quad >> 16;
		if (i + 4 < in_len || pad < 2)
		{
			out[n++] = (quad >> 8) & 0xff;
		}
		if (i + 4 < in_len || pad < 1)
		{
			out[n++] = quad & 0xff;
		}
	}
	*out_len = n;
	return true;
}

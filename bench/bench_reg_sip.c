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

#include "bench_reg_sip.h"

#include <strings.h>
#include <string.h>

/*
 * Described in header
 */
int bench_reg_sip_status(const char *msg, size_t len)
{
	int code = 0, i;

	if (len < 12 || memcmp(msg, "SIP/2.0 ", 8) != 0)
	{
		return 0;
	}
	for (i = 8; i < 11; i++)
	{
		if (msg[i] < '0' || msg[i] > '9')
		{
			return 0;
		}
		code = code * 10 + msg[i] - '0';
	}
	return code >= 100 && code <= 699 ? code : 0;
}

/*
 * Described in header
 */
bool bench_reg_sip_header(const char *msg, size_t len, const char *name,
						  int nth, const char **value, size_t *vlen)
{
	size_t nlen = strlen(name), pos = 0, end, v;

	while (pos < len)
	{
		end = pos;
		while (end < len && msg[end] != '\n')
		{
			end++;
		}
		if (end == pos || (end == pos + 1 && msg[pos] == '\r'))
		{	/* empty line: end of the header part */
			return false;
		}
		if (end - pos > nlen && strncasecmp(msg + pos, name, nlen) == 0)
		{
			v = pos + nlen;
			while (v < end && (msg[v] == ' ' || msg[v] == '\t'))
			{
				v++;
			}
			if (v < end && msg[v] == ':' && nth-- == 0)
			{
				v++;
				while (v < end && (msg[v] == ' ' || msg[v] == '\t'))
				{
					v++;
				}
				*value = msg + v;
				*vlen = end - v;
				while (*vlen && ((*value)[*vlen - 1] == '\r' ||
								 (*value)[*vlen - 1] == ' '))
				{
					(*vlen)--;
				}
				return true;
			}
		}
		pos = end + 1;
	}
	return false;
}

/*
 * Described in header
 */
bool bench_reg_sip_ue(const char *msg, size_t len, const char *prefix,
					  unsigned *ue)
{
	const char *value;
	size_t vlen, plen = strlen(prefix), i;
	unsigned n = 0;

	if (!bench_reg_sip_header(msg, len, "Call-ID", 0, &value, &vlen) ||
		vlen <= plen || memcmp(value, prefix, plen) != 0)
	{
		return false;
	}
	for (i = plen; i < vlen && value[i] >= '0' && value[i] <= '9'; i++)
	{
		if (n > 100000000)
		{
			return false;
		}
		n = n * 10 + value[i] - '0';
	}
	if (i == plen || i == vlen || value[i] != '-')
	{
		return false;
	}
	*ue = n;
	return true;
}

/*
 * Described in header
 */
bool bench_reg_sip_number(const char *msg, size_t len, const char *name,
						  unsigned max, unsigned *number)
{
	const char *value;
	size_t vlen, i;
	unsigned long n = 0;

	if (!bench_reg_sip_header(msg, len, name, 0, &value, &vlen))
	{
		return false;
	}
	for (i = 0; i < vlen && value[i] >= '0' && value[i] <= '9'; i++)
	{
		n = n * 10 + value[i] - '0';
		if (n > max)
		{
			return false;
		}
	}
	if (!i)
	{
		return false;
	}
	*number = n;
	return true;
}

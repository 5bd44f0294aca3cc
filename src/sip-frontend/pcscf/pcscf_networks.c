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

#include "pcscf_networks.h"

#include <stdlib.h>
#include <string.h>

#include <library.h>

/** longest entry of a list: an IPv6 address and "/128" */
#define ENTRY_MAX 64

/**
 * Whether the first prefix bits of two addresses of len bytes are equal
 */
static bool prefix_equal(const uint8_t *a, const uint8_t *b, u_int prefix)
{
	u_int bytes = prefix / 8, bits = prefix % 8;
	uint8_t mask;

	if (memcmp(a, b, bytes) != 0)
	{
		return false;
	}
	if (!bits)
	{
		return true;
	}
	mask = (uint8_t)(0xff << (8 - bits));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

/**
 * Whether every bit of an address from bit prefix on is zero
 */
static bool host_bits_zero(const uint8_t *ip, size_t len, u_int prefix)
{
	size_t i;

	for (i = prefix / 8; i < len; i++)
	{
		if (ip[i] & (i == prefix / 8 ? 0xff >> (prefix % 8) : 0xff))
		{
			return false;
		}
	}
	return true;
}

/**
 * Parse one entry "address[/len]" of length len
 */
static bool parse_entry(const char *text, size_t len, pcscf_network_t *net)
{
	char entry[ENTRY_MAX], *slash, *end;
	unsigned long prefix, bits;

	if (!len || len >= sizeof(entry))
	{
		return false;
	}
	memcpy(entry, text, len);
	entry[len] = '\0';
	slash = strchr(entry, '/');
	if (imsaka_addr_parse(entry, slash ? (size_t)(slash - entry) : len, false,
						  &net->address) != IMSAKA_SECAGREE_OK ||
		net->address.port)
	{
		return false;
	}
	bits = imsaka_addr_len(&net->address) * 8;
	prefix = bits;
	if (slash)
	{
		if (slash[1] < '0' || slash[1] > '9')
		{
			return false;
		}
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > bits)
		{
			return false;
		}
	}
	net->prefix = prefix;
	return host_bits_zero(net->address.ip, bits / 8, prefix);
}

/*
 * Described in header
 */
bool pcscf_networks_parse(const char *text,
						  pcscf_network_t nets[PCSCF_NETWORKS_MAX],
						  int *count)
{
	const char *pos = text, *start;
	size_t len;

	*count = 0;
	while (*pos)
	{
		pos += strspn(pos, " \t");
		start = pos;
		pos += strcspn(pos, ",");
		len = pos - start;
		while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
		{
			len--;
		}
		if (*count == PCSCF_NETWORKS_MAX ||
			!parse_entry(start, len, &nets[*count]))
		{
			return false;
		}
		(*count)++;
		if (*pos == ',')
		{
			pos++;
			if (!*pos)
			{	/* a trailing comma: an empty entry */
				return false;
			}
		}
	}
	return true;
}

/*
 * Described in header
 */
bool pcscf_networks_contain(const pcscf_network_t *nets, int count,
							const imsaka_addr_t *addr)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (nets[i].address.family == addr->family &&
			prefix_equal(nets[i].address.ip, addr->ip, nets[i].prefix))
		{
			return true;
		}
	}
	return false;
}

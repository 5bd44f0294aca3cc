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

#include "ladder_hosts.h"

#include <library.h>
#include <arpa/inet.h>
#include <ctype.h>

/**
 * An address in binary, family and 16 bytes (IPv4 in the first four)
 */
typedef struct {
	int family;
	unsigned char bytes[16];
} addr_t;

/**
 * One host
 */
typedef struct {
	char name[LADDER_HOSTS_NAME_LEN];
	addr_t addrs[LADDER_HOSTS_ADDRS_MAX];
	int count;
} host_entry_t;

typedef struct private_ladder_hosts_t private_ladder_hosts_t;

/**
 * Private data of a ladder_hosts_t object.
 */
struct private_ladder_hosts_t {

	/**
	 * Public interface.
	 */
	ladder_hosts_t public;

	/**
	 * Hosts in the order added
	 */
	host_entry_t hosts[LADDER_HOSTS_MAX];

	/**
	 * Number of hosts
	 */
	int count;
};

static bool addr_parse(const char *text, addr_t *addr)
{
	*addr = (addr_t){ .family = AF_INET };
	if (inet_pton(AF_INET, text, addr->bytes) == 1)
	{
		return TRUE;
	}
	addr->family = AF_INET6;
	return inet_pton(AF_INET6, text, addr->bytes) == 1;
}

static bool fail(char *err, size_t len, const char *what, const char *spec)
{
	snprintf(err, len, "--hosts '%.64s': %s", spec, what);
	return FALSE;
}

METHOD(ladder_hosts_t, add, bool,
	private_ladder_hosts_t *this, const char *spec, char *err, size_t err_len)
{
	host_entry_t entry = {};
	const char *eq, *pos;
	char text[INET6_ADDRSTRLEN];
	size_t len;

	eq = strchr(spec, '=');
	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(entry.name))
	{
		return fail(err, err_len, "expected NAME=ADDR[,ADDR...] with a "
					"name of 1..31 characters", spec);
	}
	memcpy(entry.name, spec, eq - spec);
	for (pos = entry.name; *pos; pos++)
	{
		if (!isalnum((unsigned char)*pos) && !strchr("._-", *pos))
		{
			return fail(err, err_len, "a name has letters, digits, '.', "
						"'_' and '-' only", spec);
		}
	}
	if (this->count == LADDER_HOSTS_MAX)
	{
		return fail(err, err_len, "too many hosts", spec);
	}
	for (pos = eq + 1; ; pos += len + 1)
	{
		len = strcspn(pos, ",");
		if (len == 0 || len >= sizeof(text))
		{
			return fail(err, err_len, "empty or overlong address", spec);
		}
		if (entry.count == LADDER_HOSTS_ADDRS_MAX)
		{
			return fail(err, err_len, "too many addresses", spec);
		}
		memcpy(text, pos, len);
		text[len] = '\0';
		if (!addr_parse(text, &entry.addrs[entry.count++]))
		{
			return fail(err, err_len, "not an IPv4 or IPv6 address", spec);
		}
		if (!pos[len])
		{
			break;
		}
	}
	this->hosts[this->count++] = entry;
	return TRUE;
}

METHOD(ladder_hosts_t, lookup, int,
	private_ladder_hosts_t *this, const char *text)
{
	addr_t addr;
	int i, j;

	if (!addr_parse(text, &addr))
	{
		return -1;
	}
	for (i = 0; i < this->count; i++)
	{
		for (j = 0; j < this->hosts[i].count; j++)
		{
			if (this->hosts[i].addrs[j].family == addr.family &&
				memeq(this->hosts[i].addrs[j].bytes, addr.bytes,
					  sizeof(addr.bytes)))
			{
				return i;
			}
		}
	}
	return -1;
}

METHOD(ladder_hosts_t, get_name, const char*,
	private_ladder_hosts_t *this, int index)
{
	return index >= 0 && index < this->count ? this->hosts[index].name : NULL;
}

METHOD(ladder_hosts_t, get_count, int,
	private_ladder_hosts_t *this)
{
	return this->count;
}

METHOD(ladder_hosts_t, destroy, void,
	private_ladder_hosts_t *this)
{
	free(this);
}

/*
 * Described in header
 */
ladder_hosts_t *ladder_hosts_create()
{
	private_ladder_hosts_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.lookup = _lookup,
			.get_name = _get_name,
			.get_count = _get_count,
			.destroy = _destroy,
		},
	);
	return &this->public;
}

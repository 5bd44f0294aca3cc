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

/**
 * @defgroup ladder_hosts ladder_hosts
 * @{ @ingroup imsakactl
 */

#ifndef LADDER_HOSTS_H_
#define LADDER_HOSTS_H_

#include <stdbool.h>
#include <stddef.h>

/** most hosts */
#define LADDER_HOSTS_MAX 32
/** most addresses of one host */
#define LADDER_HOSTS_ADDRS_MAX 8
/** longest host name */
#define LADDER_HOSTS_NAME_LEN 32

typedef struct ladder_hosts_t ladder_hosts_t;

/**
 * The hosts a ladder names, each with its addresses (--hosts).
 */
struct ladder_hosts_t {

	/**
	 * Add a host.
	 *
	 * @param spec		"NAME=ADDR[,ADDR...]", IPv4 or IPv6 addresses
	 * @param err		reason on failure
	 * @param err_len	size of err
	 * @return			TRUE if added
	 */
	bool (*add)(ladder_hosts_t *this, const char *spec, char *err,
				size_t err_len);

	/**
	 * The host owning an address.
	 *
	 * @param addr		address as text
	 * @return			index of the host (order of add()), -1 if unknown
	 */
	int (*lookup)(ladder_hosts_t *this, const char *addr);

	/**
	 * Name of a host.
	 *
	 * @param index		index of the host
	 * @return			name, NULL if no such host
	 */
	const char *(*get_name)(ladder_hosts_t *this, int index);

	/**
	 * Number of hosts.
	 *
	 * @return			number of hosts added
	 */
	int (*get_count)(ladder_hosts_t *this);

	/**
	 * Destroy the table.
	 */
	void (*destroy)(ladder_hosts_t *this);
};

/**
 * Create an empty host table.
 *
 * @return			table
 */
ladder_hosts_t *ladder_hosts_create(void);

#endif /** LADDER_HOSTS_H_ @}*/

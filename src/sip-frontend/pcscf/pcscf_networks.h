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
 * @defgroup pcscf_networks pcscf_networks
 * @{ @ingroup pcscf
 *
 * Address prefixes ("192.0.2.0/24", "2001:db8::/32", a single address):
 * a list parsed strictly from an option, and whether an address falls
 * into one of them (who may probe the P-CSCF over its unprotected ports).
 */

#ifndef PCSCF_NETWORKS_H_
#define PCSCF_NETWORKS_H_

#include <stdbool.h>
#include <stdint.h>

#include <secagree_addr.h>

/** most prefixes in a list */
#define PCSCF_NETWORKS_MAX 16

typedef struct pcscf_network_t pcscf_network_t;

/**
 * One prefix: the bits of address beyond prefix are zero.
 */
struct pcscf_network_t {
	/** network address, port 0 */
	imsaka_addr_t address;
	/** prefix length: 0..32 for IPv4, 0..128 for IPv6 */
	uint8_t prefix;
};

/**
 * Parse a comma-separated list of prefixes; an address without "/len" is
 * a host (/32, /128). Host bits set under the prefix are refused, so that
 * a typo does not widen or narrow the list silently.
 *
 * @param text		list, e.g. "192.0.2.30, 127.0.0.0/8, ::1"
 * @param nets		receives the prefixes
 * @param count		receives their number (0 for an empty list)
 * @return			FALSE if an entry does not parse or there are more
 *					than PCSCF_NETWORKS_MAX
 */
bool pcscf_networks_parse(const char *text,
						  pcscf_network_t nets[PCSCF_NETWORKS_MAX],
						  int *count);

/**
 * Whether an address falls into one of the prefixes (the port ignored).
 *
 * @param nets		prefixes
 * @param count		their number
 * @param addr		address
 * @return			TRUE if one of them holds it
 */
bool pcscf_networks_contain(const pcscf_network_t *nets, int count,
							const imsaka_addr_t *addr);

#endif /** PCSCF_NETWORKS_H_ @}*/

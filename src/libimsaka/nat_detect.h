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
 * @defgroup nat_detect nat_detect
 * @{ @ingroup libimsaka
 *
 * NAT detection between UE and P-CSCF, two ways: Via sent-by against the
 * packet source (TS 24.229 Annex F), and NAT-D style hashes of addresses
 * (docs/PROTOCOL.md), which also find a NAT in front of the P-CSCF.
 */

#ifndef IMSAKA_NAT_DETECT_H_
#define IMSAKA_NAT_DETECT_H_

#include "secagree.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum imsaka_nat_t imsaka_nat_t;

/**
 * Where NATs sit, as bits.
 */
enum imsaka_nat_t {
	/** no NAT found */
	IMSAKA_NAT_NONE = 0,
	/** a NAT in front of the UE */
	IMSAKA_NAT_UE = 1,
	/** a NAT in front of the P-CSCF */
	IMSAKA_NAT_PCSCF = 2,
	/** both */
	IMSAKA_NAT_BOTH = 3,
};

/**
 * NAT-D hash: SHA-1 over spi-c and spi-s (4 bytes each), the address
 * (4 or 16 bytes) and the port (2 bytes), all in network byte order.
 *
 * @param spi_c		the UE's spi-c
 * @param spi_s		the UE's spi-s
 * @param addr		address and port hashed
 * @param hash		the hash
 * @return			FALSE if addr is unset or SHA-1 failed
 */
bool imsaka_nat_hash(uint32_t spi_c, uint32_t spi_s, const imsaka_addr_t *addr,
					 uint8_t hash[IMSAKA_SECAGREE_HASH_LEN]);

/**
 * Compare received hashes with the addresses as seen locally. At the
 * P-CSCF (SM1): ue_hash = HASH_ul, ue_seen = packet source, pcscf_hash =
 * HASH_pp, pcscf_seen = its own address the packet arrived at. At the UE
 * (SM6): ue_hash = HASH_up, ue_seen = its own address, pcscf_hash =
 * HASH_pl, pcscf_seen = the address it sent SM1 to.
 *
 * @param spi_c		the UE's spi-c
 * @param spi_s		the UE's spi-s
 * @param ue_hash	hash of the UE's address as the peer has it, or NULL
 * @param ue_seen	UE's address as seen here
 * @param pcscf_hash	hash of the P-CSCF's address as the peer has it,
 *					or NULL
 * @param pcscf_seen	P-CSCF's address as seen here
 * @return			the NATs found
 */
imsaka_nat_t imsaka_nat_detect_hashes(uint32_t spi_c, uint32_t spi_s,
									  const uint8_t *ue_hash,
									  const imsaka_addr_t *ue_seen,
									  const uint8_t *pcscf_hash,
									  const imsaka_addr_t *pcscf_seen);

/**
 * Compare the address of the top Via's sent-by with the address the
 * request came from (P-CSCF), or with received of the response (UE), as
 * TS 24.229 Annex F does. Ports do not count: a UE that sends from another
 * port than its sent-by names is not behind a NAT for ESP. A sent-by that
 * is a host name cannot match and so counts as NAT.
 *
 * @param sent_by	sent-by, "host[:port]", IPv6 in brackets
 * @param len		length of sent_by
 * @param source	packet source, or received and rport
 * @return			IMSAKA_NAT_UE or IMSAKA_NAT_NONE
 */
imsaka_nat_t imsaka_nat_detect_via(const char *sent_by, size_t len,
								   const imsaka_addr_t *source);

/**
 * Mode to use: UDP-enc-tun when any NAT is found, else the negotiated one.
 *
 * @param nat		NATs found
 * @param negotiated	mode negotiated or configured
 * @return			mode
 */
imsaka_secagree_mod_t imsaka_nat_mode(imsaka_nat_t nat, imsaka_secagree_mod_t negotiated);

/**
 * Name of a verdict.
 *
 * @param nat		verdict
 * @return			"none", "ue", "pcscf" or "both"
 */
const char *imsaka_nat_name(imsaka_nat_t nat);

#endif /** IMSAKA_NAT_DETECT_H_ @}*/

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

#include "nat_detect.h"

#include <string.h>

#include <openssl/evp.h>

/*
 * Described in header
 */
bool imsaka_nat_hash(uint32_t spi_c, uint32_t spi_s, const imsaka_addr_t *addr,
					 uint8_t hash[IMSAKA_SECAGREE_HASH_LEN])
{
	uint8_t data[4 + 4 + 16 + 2];
	size_t len = imsaka_addr_len(addr);
	unsigned int hash_len = 0;

	if (!len)
	{
		return false;
	}
	data[0] = spi_c >> 24;
	data[1] = spi_c >> 16;
	data[2] = spi_c >> 8;
	data[3] = spi_c;
	data[4] = spi_s >> 24;
	data[5] = spi_s >> 16;
	data[6] = spi_s >> 8;
	data[7] = spi_s;
	memcpy(data + 8, addr->ip, len);
	data[8 + len] = addr->port >> 8;
	data[9 + len] = addr->port;
	return EVP_Digest(data, 10 + len, hash, &hash_len, EVP_sha1(), NULL) == 1 &&
		   hash_len == IMSAKA_SECAGREE_HASH_LEN;
}

/**
 * TRUE if a received hash differs from the hash of the address seen.
 */
static bool hash_differs(uint32_t spi_c, uint32_t spi_s, const uint8_t *hash,
						 const imsaka_addr_t *seen)
{
	uint8_t mine[IMSAKA_SECAGREE_HASH_LEN];

	if (!imsaka_nat_hash(spi_c, spi_s, seen, mine))
	{
		return true;
	}
	/* hashes of public addresses: no secret, memcmp is fine */
	return memcmp(mine, hash, IMSAKA_SECAGREE_HASH_LEN) != 0;
}

/*
 * Described in header
 */
imsaka_nat_t imsaka_nat_detect_hashes(uint32_t spi_c, uint32_t spi_s,
									  const uint8_t *ue_hash,
									  const imsaka_addr_t *ue_seen,
									  const uint8_t *pcscf_hash,
									  const imsaka_addr_t *pcscf_seen)
{
	imsaka_nat_t nat = IMSAKA_NAT_NONE;

	if (ue_hash && hash_differs(spi_c, spi_s, ue_hash, ue_seen))
	{
		nat |= IMSAKA_NAT_UE;
	}
	if (pcscf_hash && hash_differs(spi_c, spi_s, pcscf_hash, pcscf_seen))
	{
		nat |= IMSAKA_NAT_PCSCF;
	}
	return nat;
}

/*
 * Described in header
 */
imsaka_nat_t imsaka_nat_detect_via(const char *sent_by, size_t len,
								   const imsaka_addr_t *source)
{
	imsaka_addr_t addr, seen;

	if (imsaka_addr_parse(sent_by, len, false, &addr) != IMSAKA_SECAGREE_OK)
	{
		return IMSAKA_NAT_UE;
	}
	/* TS 24.229 Annex F compares the addresses only: a UE that sends from
	 * another port than its sent-by names (RFC 3581 covers the responses)
	 * is not behind a NAT for ESP between its protected ports */
	addr.port = 0;
	seen = *source;
	seen.port = 0;
	return imsaka_addr_equals(&addr, &seen) ? IMSAKA_NAT_NONE : IMSAKA_NAT_UE;
}

/*
 * Described in header
 */
imsaka_secagree_mod_t imsaka_nat_mode(imsaka_nat_t nat, imsaka_secagree_mod_t negotiated)
{
	return nat != IMSAKA_NAT_NONE ? IMSAKA_SECAGREE_MOD_UDP_ENC_TUN : negotiated;
}

/*
 * Described in header
 */
const char *imsaka_nat_name(imsaka_nat_t nat)
{
	static const char *const names[] = { "none", "ue", "pcscf", "both" };

	return names[nat & IMSAKA_NAT_BOTH];
}

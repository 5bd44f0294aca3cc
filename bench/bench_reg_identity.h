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
 * @defgroup bench_reg_identity bench_reg_identity
 * @{ @ingroup bench
 *
 * Who each emulated UE of the registration benchmark is: its keys
 * (generated from its number), its addresses, the P-CSCF unit it
 * registers with, and the subscribers file of imsaka-scscf that holds
 * them all.
 */

#ifndef BENCH_REG_IDENTITY_H_
#define BENCH_REG_IDENTITY_H_

#include "bench_reg_ue.h"

/**
 * K and OP of a UE's subscription (the caller wipes them after use).
 *
 * @param ue		UE number
 * @param k			set to its K
 * @param op		set to its OP
 */
void bench_reg_identity_keys(unsigned ue, uint8_t k[16], uint8_t op[16]);

/**
 * The address of a UE (IPv4, no port). UEs are numbered in /24 blocks of
 * 250 hosts (.1 to .250), so none is a network or broadcast address;
 * BENCH_REG_MAX_UES of them fill a /15 from the base.
 *
 * @param conf		settings
 * @param ue		UE number
 * @param addr		set to its address
 */
void bench_reg_identity_addr(const bench_reg_conf_t *conf, unsigned ue,
							 imsaka_addr_t *addr);

/**
 * The P-CSCF unit a UE registers with.
 *
 * @param conf		settings
 * @param ue		UE number
 * @return			index into conf->target and conf->pcscf_protected
 */
unsigned bench_reg_identity_unit(const bench_reg_conf_t *conf, unsigned ue);

/**
 * The address the first REGISTER of a UE comes from: its own, or the
 * emulated NAT's (outer_base).
 *
 * @param conf		settings
 * @param ue		UE number
 * @param addr		set to the address, no port
 */
void bench_reg_identity_source(const bench_reg_conf_t *conf, unsigned ue,
							   imsaka_addr_t *addr);

/**
 * Write the subscribers file of imsaka-scscf for UEs 0..n-1, in groups of
 * BENCH_REG_GROUP (the S-CSCF loads 100,000 in one section slowly).
 *
 * @param conf		settings
 * @param n			number of UEs
 * @param out		file
 * @return			FALSE on a write error
 */
bool bench_reg_identity_subscribers(const bench_reg_conf_t *conf,
									unsigned n,
									FILE *out);

#endif /** BENCH_REG_IDENTITY_H_ @}*/

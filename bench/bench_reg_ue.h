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
 * @defgroup bench_reg_ue bench_reg_ue
 * @{ @ingroup bench
 *
 * The emulated UEs of the registration benchmark: the settings they
 * share, and the two REGISTERs of a registration, the second one
 * answering the 401 with AKA computed here from K/OP (libimsaka's Milenage
 * and Digest AKA), or with an MD5 Digest password for a plain registrar.
 * Who each UE is (keys, addresses, unit) is bench_reg_identity.
 */

#ifndef BENCH_REG_UE_H_
#define BENCH_REG_UE_H_

#include <secagree_addr.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/** largest REGISTER built */
#define BENCH_REG_MSG_MAX 4096

/** most UEs: 512 blocks of 250 addresses, a /15 (UE i is in block i / 250) */
#define BENCH_REG_MAX_UES (512 * 250)

/** subscribers per group section of the subscribers file */
#define BENCH_REG_GROUP 250

/** most P-CSCF units the UEs are spread over */
#define BENCH_REG_UNITS 8

/** SA sets of a UE in rotation (rotate_sets): the one offered, the one in
 * force, and the old one charon keeps until the new one carries inbound
 * ESP or expires (no ESP here, so it expires) */
#define BENCH_REG_SETS 3

/**
 * What the UEs register to.
 */
typedef enum {
	/** imsaka-pcscf: sec-agree, SM1 unprotected, SM7 to its protected
	 * port_s from the UE's port_c (in plaintext: no ESP here) */
	BENCH_REG_PCSCF,
	/** imsaka-scscf directly: IMS AKA Digest, no sec-agree */
	BENCH_REG_DIRECT,
	/** a plain registrar with MD5 Digest and one password */
	BENCH_REG_DIGEST,
} bench_reg_mode_t;

/**
 * Settings shared by all UEs.
 */
typedef struct {
	/** what the UEs register to */
	bench_reg_mode_t mode;
	/** home domain (Request-URI, IMPI/IMPU domain) */
	const char *domain;
	/** where the first REGISTER goes, address:port, per P-CSCF unit */
	imsaka_addr_t target[BENCH_REG_UNITS];
	/** protected address:port_s of each unit (BENCH_REG_PCSCF) */
	imsaka_addr_t pcscf_protected[BENCH_REG_UNITS];
	/** units in target and pcscf_protected (at least 1) */
	unsigned units;
	/** the unit of each UE, changed when a UE moves; NULL: UE i on unit
	 * i % units */
	uint8_t *unit_of;
	/** address of UE 0, IPv4 host order; UE i is base + its number */
	uint32_t base;
	/** 0, or the emulated NAT's address for UE 0: the first REGISTER then
	 * comes from there (same numbering, same port), not from the UE's
	 * own (protected) address named in its Via */
	uint32_t outer_base;
	/** UE ports: unprotected SIP, protected client and server */
	uint16_t port, port_c, port_s;
	/** Digest password (BENCH_REG_DIGEST) */
	const char *password;
	/** Call-ID prefix, unique per run */
	char callid[32];
	/** SPI generation of the UEs' offers: a UE registering anew while it
	 * still holds an SA set (the P-CSCF lost its own) offers other SPIs */
	unsigned spi_gen;
	/** BENCH_REG_SETS SA sets per UE in rotation (re-registrations, TS
	 * 33.203 7.4): set s has SPIs of generation s and port_c + 4 * s, the
	 * same port_s; else one set, of generation spi_gen */
	bool rotate_sets;
	/** Expires asked for, s (0: 600) */
	unsigned expires;
} bench_reg_conf_t;

/**
 * The UE's protected client port of one of its sets (the protected
 * server port is conf->port_s for both).
 *
 * @param conf		settings
 * @param set		0, or < BENCH_REG_SETS with rotate_sets
 * @return			port_c of that set
 */
uint16_t bench_reg_ue_port_c(const bench_reg_conf_t *conf, unsigned set);

/**
 * Prepare per-UE state for UEs 0..n-1 (BENCH_REG_PCSCF: the SM1
 * Security-Client of each, with its NAT-T hashes and the SPIs of
 * conf->spi_gen, or of every set with rotate_sets), before timing starts.
 * Called again, it replaces them.
 *
 * @param conf		settings
 * @param n			number of UEs
 * @return			FALSE if out of memory or a list did not build
 */
bool bench_reg_ue_prepare(const bench_reg_conf_t *conf, unsigned n);

/**
 * Build the SM1 Security-Client of a UE again after it moved to another
 * unit (its NAT-T hashes name the P-CSCF's address).
 *
 * @param conf		settings
 * @param ue		UE number
 * @return			FALSE if out of memory or the list did not build
 */
bool bench_reg_ue_rebuild(const bench_reg_conf_t *conf, unsigned ue);

/**
 * Build the first REGISTER (SM1) of a UE.
 *
 * @param conf		settings
 * @param ue		UE number
 * @param set		the set offered: 0, or < BENCH_REG_SETS with rotate_sets
 * @param cseq		its CSeq number (new for every attempt)
 * @param buf		receives the message
 * @return			its length, 0 if it did not fit
 */
size_t bench_reg_ue_first(const bench_reg_conf_t *conf, unsigned ue,
						  unsigned set, unsigned cseq,
						  char buf[BENCH_REG_MSG_MAX]);

/**
 * Build the protected re-REGISTER of a registered UE (rotate_sets,
 * BENCH_REG_PCSCF): from its protected address and the port_c of the set
 * in force, offering the next set of the rotation, with the
 * Security-Verify of the set in force (TS 33.203 7.4).
 *
 * @param conf		settings
 * @param ue		UE number
 * @param set		the set offered (the one before it in the rotation is in
 *					force)
 * @param cseq		its CSeq number
 * @param buf		receives the message
 * @return			its length, 0 if it did not fit or no set is in force
 */
size_t bench_reg_ue_again(const bench_reg_conf_t *conf, unsigned ue,
						  unsigned set, unsigned cseq,
						  char buf[BENCH_REG_MSG_MAX]);

/**
 * Answer a 401 with the second REGISTER (SM7): checks the challenge
 * (MAC-A, and for BENCH_REG_PCSCF that no ck/ik reached the UE, the
 * Security-Server and the NAT-T values), computes the response. With
 * rotate_sets the 401's Security-Server is kept for bench_reg_ue_promote().
 *
 * @param conf		settings
 * @param ue		UE number
 * @param set		the set offered in the first REGISTER
 * @param again		TRUE if that was a protected re-REGISTER (the NAT
 *					verdict is that of the first SM1, not checked again)
 * @param cseq		its CSeq number (the first REGISTER's plus one)
 * @param resp		the 401
 * @param rlen		its length
 * @param buf		receives the message
 * @param why		set to what was wrong when 0 is returned
 * @return			length of the message, 0 on failure
 */
size_t bench_reg_ue_answer(const bench_reg_conf_t *conf, unsigned ue,
						   unsigned set, bool again, unsigned cseq,
						   const char *resp, size_t rlen,
						   char buf[BENCH_REG_MSG_MAX], const char **why);

/**
 * A UE's registration succeeded (rotate_sets): the Security-Server of its
 * last 401 is now the one in force, named by its next re-REGISTER's
 * Security-Verify.
 *
 * @param ue		UE number
 */
void bench_reg_ue_promote(unsigned ue);

/**
 * Free what bench_reg_ue_prepare() allocated.
 */
void bench_reg_ue_cleanup(void);

#endif /** BENCH_REG_UE_H_ @}*/

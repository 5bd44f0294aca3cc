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
 * @defgroup ue_secagree ue_secagree
 * @{ @ingroup imsaka_ue
 *
 * The UE's side of the security agreement with imsaka's NAT-T extension
 * (docs/PROTOCOL.md): its Security-Client of SM1, what it takes from
 * SM6 (choice, NAT verdict), the Security-Client of SM7 and the check of
 * SM12. One SA set being agreed is a ue_secagree_t.
 */

#ifndef UE_SECAGREE_H_
#define UE_SECAGREE_H_

#include <sip_error.h>
#include <sip_message.h>

#include <nat_detect.h>
#include <secagree_negotiate.h>

#include "ue_config.h"

#include <control_caps.h>

typedef struct ue_secagree_t ue_secagree_t;

/**
 * One SA set as agreed with the P-CSCF.
 */
struct ue_secagree_t {
	/** the UE's SPIs and ports */
	uint32_t spi_c, spi_s;
	uint16_t port_c, port_s;
	/** address:port the REGISTER carrying client was sent from and to */
	imsaka_addr_t from, to;
	/** Security-Client sent (SM1), without OA values */
	imsaka_secagree_list_t client;
	/** Security-Server received (SM6), Security-Verify from then on */
	imsaka_secagree_list_t server;
	/** choice among the server's entries */
	imsaka_secagree_choice_t choice;
	/** the chosen server entry's SPIs and ports */
	uint32_t rspi_c, rspi_s;
	uint16_t rport_c, rport_s;
	/** NATs found by Via and by hashes */
	imsaka_nat_t via_nat, hash_nat;
	/** SM1 goes over TCP (tls-aka offered, docs/UE.md) from an ephemeral
	 * port: hash-ul/hash-up cannot tell a NAT at the UE */
	bool sm1_stream;
	/** SM6 carried nat-p (and SM1 nat-u) */
	bool natp;
	/** SM1's source as the P-CSCF saw it (SM6 Via received/rport) */
	imsaka_addr_t public;
	/** tls-psk: the PSK identity (SM6's sid in hex) */
	char tls_identity[2 * IMSAKA_SECAGREE_MAX_SID + 1];
	/** tls-psk: the TLS connection SM7 and the rest go on, 0 if none */
	uint32_t conn;
	/** tls-psk: RAND of SM6's nonce (for the PSK again on a reconnect) */
	uint8_t rand[16];
	/** tls-aka: the chosen suite, the first of SM6's cs */
	uint16_t tls_aka_suite;
};

/**
 * Start a set: build the Security-Client of SM1. The offered mechanisms
 * come in the order of their ranks (option mechanisms): ipsec-3gpp as every
 * mode x alg x ealg of the offer, tls-psk and tls-aka as one entry with
 * their suites. With more than one mechanism, each entry carries q = 1,
 * 0.5 or 0.25 for rank 0, 1 or 2. The ipsec-3gpp entries then get nat-u,
 * hash-ul and hash-pp.
 *
 * @param sa		set to start
 * @param offer		what to offer
 * @param caps		what charon's backend can install (its other ipsec-3gpp
 *					entries are left out), NULL if unknown
 * @param spi_c		the UE's spi-c from spi-alloc
 * @param spi_s		the UE's spi-s from spi-alloc
 * @param port_c	protected client port
 * @param port_s	protected server port
 * @param from		address:port the REGISTER is sent from
 * @param to		address:port it is sent to
 * @return			FALSE if the list cannot be built (logged)
 */
bool ue_secagree_start(ue_secagree_t *sa, const ue_offer_t *offer,
					   const control_caps_t *caps,
					   uint32_t spi_c, uint32_t spi_s, uint16_t port_c,
					   uint16_t port_s, const imsaka_addr_t *from,
					   const imsaka_addr_t *to);

/**
 * SM6: parse the Security-Server, choose, find NATs (Via received/rport
 * and the hashes), take the public address. When SM1 went over TCP
 * (sm1_stream), the hashes over the UE's address and port (hash-up) only
 * tell of a NAT at the P-CSCF: the P-CSCF saw the connection's ephemeral
 * source port, never the port hash-ul was made with.
 *
 * @param sa		set started
 * @param resp		the 401
 * @param err		receives why it failed (status 0)
 * @return			FALSE if SM6 is unusable
 */
bool ue_secagree_sm6(ue_secagree_t *sa, sip_msg_t *resp, sip_error_t *err);

/**
 * Print what SM6 chose, for the log: "mode=.. alg=.. ealg=.. spi-pc=..
 * spi-ps=.. port-pc=.. port-ps=.." for ipsec-3gpp, "mech=tls-psk
 * cs=<agreed suites> sid=<sid>" (or mech=tls-aka) for TLS.
 *
 * @param sa		set after a successful ue_secagree_sm6()
 * @param buf		output, NUL-terminated (truncated if too small)
 * @param size		size of buf
 */
void ue_secagree_choice_format(const ue_secagree_t *sa, char *buf,
							   size_t size);

/**
 * The NAT verdict of SM6, Via and hashes together.
 *
 * @param sa		set after ue_secagree_sm6()
 * @return			verdict
 */
imsaka_nat_t ue_secagree_nat(const ue_secagree_t *sa);

/**
 * SM7: the Security-Client to send, SM1's plus oa-ul (from) and oa-up
 * (public) when SM6 carried nat-p.
 *
 * @param sa		set after ue_secagree_sm6()
 * @param client	receives the list
 */
void ue_secagree_sm7_client(const ue_secagree_t *sa, imsaka_secagree_list_t *client);

/**
 * SM12: check oa-pl and oa-pp of the Security-Server of the 200 OK when
 * SM6 carried nat-p.
 *
 * @param sa		set after ue_secagree_sm6()
 * @param resp		the 200 OK
 * @param err		receives why it failed (status 0)
 * @return			FALSE if the check failed
 */
bool ue_secagree_sm12(const ue_secagree_t *sa, sip_msg_t *resp,
					  sip_error_t *err);

/**
 * Log what a 494 says the P-CSCF can do: its Security-Server.
 *
 * @param resp		the 494
 */
void ue_secagree_log_offered(sip_msg_t *resp);

#endif /** UE_SECAGREE_H_ @}*/

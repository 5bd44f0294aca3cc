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
 * @defgroup pcscf_registration pcscf_registration
 * @{ @ingroup pcscf
 *
 * What the P-CSCF keeps per UE (per IMPI): the security agreement in force
 * and the one being made, the NAT verdict, addresses, SPIs, ports, the
 * charon context and the timers. The parsed Security-Client of SM1 and
 * Security-Server of SM6 (11 KB each) exist only while a handshake runs;
 * an agreement in force keeps its Security-Server as text, allocated to
 * size, for the Security-Verify of re-registrations.
 */

#ifndef PCSCF_REGISTRATION_H_
#define PCSCF_REGISTRATION_H_

#include <stdbool.h>
#include <stdint.h>

#include <nat_detect.h>
#include <secagree_negotiate.h>
#include <sip_error.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_sip.h"

/** bytes of a tls-psk sid the P-CSCF draws */
#define PCSCF_SECAGREE_SID_LEN 16

typedef enum pcscf_step_t pcscf_step_t;
typedef struct pcscf_secagree_t pcscf_secagree_t;
typedef struct pcscf_registration_t pcscf_registration_t;

struct pcscf_mechanism_t;

/**
 * Where a registration handshake stands.
 */
enum pcscf_step_t {
	/** none running */
	PCSCF_STEP_NONE = 0,
	/** REGISTER (SM1) forwarded, waiting for the S-CSCF's 401 (SM4) */
	PCSCF_STEP_CHALLENGE,
	/** 401 (SM6) sent, temporary set installed, waiting for SM7 */
	PCSCF_STEP_AUTH,
	/** SM7 forwarded, waiting for the 200 (SM10) */
	PCSCF_STEP_OK,
};

/**
 * One security agreement, SM1 to SM6, and the SA set made from it.
 * Create one for a handshake with pcscf_secagree_create(); embedded in a
 * registration it owns its lists and text (pcscf_secagree_clear()).
 */
struct pcscf_secagree_t {
	/** charon context */
	uint32_t ctx;
	/** NATs found on SM1 */
	imsaka_nat_t nat;
	/** source address and port of SM1 (the UE's public outer address) */
	imsaka_addr_t ue_source;
	/** address and port SM1 arrived at (the P-CSCF's local address) */
	imsaka_addr_t local;
	/** the UE's protected address (Via sent-by host of SM1), no port */
	imsaka_addr_t ue_protected;
	/** Security-Client of SM1 while the handshake runs, else NULL */
	imsaka_secagree_list_t *client;
	/** what was chosen; choice.client indexes client */
	imsaka_secagree_choice_t choice;
	/** Security-Server sent in SM6 while the handshake runs, else NULL */
	imsaka_secagree_list_t *server;
	/** Security-Server of SM6 as text once in force (allocated to size),
	 *  else NULL */
	char *server_text;
	/** the UE's ports and SPIs (from the chosen entry) */
	uint16_t ue_port_c, ue_port_s;
	uint32_t ue_spi_c, ue_spi_s;
	/** the P-CSCF's ports and SPIs */
	uint16_t port_c, port_s;
	uint32_t spi_c, spi_s;
	/** tls-psk: PSK identity of SM6 (the sid in hex), "" otherwise */
	char tls_identity[2 * PCSCF_SECAGREE_SID_LEN + 1];
	/** tls-aka: the TCP connection SM1 came on and the records protect
	 *  from SM6 on, 0 otherwise */
	uint32_t tls_conn;
	/** the mechanism negotiation chose, NULL before (pcscf_mechanisms) */
	struct pcscf_mechanism_t *mechanism;
};

/**
 * A UE's registration.
 */
struct pcscf_registration_t {
	/** IMPI (username of the Authorization), allocated to size */
	char *impi;
	/** public identity registered (To of the REGISTER, user@host),
	 *  allocated to size, NULL if none; set with the table's set_impu() */
	char *impu;
	/** next registration of the same IMPU (the table's IMPU index) */
	pcscf_registration_t *same_impu;
	/** a security agreement is in force (the UE is registered) */
	bool registered;
	/** the agreement in force, if registered */
	pcscf_secagree_t current;
	/** where the handshake stands */
	pcscf_step_t step;
	/** the agreement being made, if step is not NONE */
	pcscf_secagree_t next;
	/** the REGISTER being handled is a de-registration (Expires 0) */
	bool deregister;
	/** de-registered: it goes once its 200 is out, or when a new REGISTER
	 *  of the IMPI comes first */
	bool deregistered;
	/** top Via branch of the UE's REGISTER being handled (retransmissions) */
	char branch[PCSCF_SIP_BRANCH_MAX];
	/** expiry granted, s */
	uint32_t expires;
	/** timer of the registration's expiry, 0 if none */
	uint32_t expiry_timer;
	/** timer of the handshake's step, 0 if none */
	uint32_t step_timer;
	/** SM7 was refused: the handshake goes once the 403 is out */
	bool sm7_refused;
	/** the protected UE address:port pairs this registration answers to
	 *  (port_uc and port_us of current and next) */
	imsaka_addr_t endpoints[4];
	/** number of endpoints bound in the table */
	int endpoint_count;
	/** the object whose timers refer to this registration */
	void *owner;
	/** number of the handshake, counted up when one starts or is given
	 *  up: a reply from charon for an earlier one finds another number */
	uint32_t handshake;
	/** a request of the handshake is with charon: the S-CSCF's
	 *  retransmitted responses are absorbed meanwhile */
	bool waiting;
	/** the S-CSCF's final response to the REGISTER of branch was handled:
	 *  a retransmission of that REGISTER is forwarded again and the answer
	 *  passed on as it is */
	bool answered;
	/** requests in flight that refer to this registration */
	u_int holds;
	/** removed from the table while held: the last release frees it */
	bool removed;
};

/**
 * Create an empty registration.
 *
 * @param impi		IMPI
 * @return			registration (free with pcscf_registration_destroy())
 */
pcscf_registration_t *pcscf_registration_create(const char *impi);

/**
 * Free a registration (timers and table entries are the caller's).
 *
 * @param reg		registration
 */
void pcscf_registration_destroy(pcscf_registration_t *reg);

/**
 * Free a registration removed from the table, or, while requests in
 * flight hold it, mark it removed for the last of them to free.
 *
 * @param reg		registration
 */
void pcscf_registration_release(pcscf_registration_t *reg);

/**
 * Hold a registration for a request in flight.
 *
 * @param reg		registration
 * @return			the handshake's number, for pcscf_registration_is_at()
 */
uint32_t pcscf_registration_hold(pcscf_registration_t *reg);

/**
 * Drop a hold; frees a registration removed meanwhile.
 *
 * @param reg		registration
 */
void pcscf_registration_unhold(pcscf_registration_t *reg);

/**
 * Whether a registration is still in the table and at the handshake a
 * request in flight was sent for.
 *
 * @param reg		held registration
 * @param handshake	number from pcscf_registration_hold()
 * @return			TRUE if the reply still applies
 */
bool pcscf_registration_is_at(const pcscf_registration_t *reg,
							  uint32_t handshake);

/**
 * Make the agreement being made (next) the one in force (current): the
 * earlier one's memory is freed, the Security-Server is kept as text, the
 * parsed lists are freed, and next is empty afterwards.
 *
 * @param reg		registration with a handshake at SM10
 * @return			FALSE if the Security-Server could not be kept (no list,
 *					or memory ran out): a Security-Verify of a
 *					re-registration then never matches
 */
bool pcscf_registration_promote(pcscf_registration_t *reg);

/**
 * Whether the handshake has a charon context of its own (not the one of
 * the agreement in force).
 *
 * @param reg		registration with a handshake running
 * @return			TRUE if reg->next.ctx is the handshake's alone
 */
bool pcscf_registration_owns_next(const pcscf_registration_t *reg);

/**
 * The context promoting the handshake's agreement replaces: the one in
 * force when the handshake has a context of its own (a new initial
 * registration).
 *
 * @param reg		registration with a handshake running
 * @return			context id, 0 if none
 */
uint32_t pcscf_registration_replaces(const pcscf_registration_t *reg);

/**
 * Check the Security-Verify of a re-registration against the
 * Security-Server of the agreement in force.
 *
 * @param reg		registered registration
 * @param verify	Security-Verify received
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH, or another
 *					error
 */
imsaka_secagree_err_t pcscf_registration_check_verify(
										const pcscf_registration_t *reg,
										const imsaka_secagree_list_t *verify);

/**
 * Create an agreement for a handshake, with an empty Security-Client list
 * to parse SM1's into.
 *
 * @return			agreement (free with pcscf_secagree_destroy()), NULL
 *					if memory ran out
 */
pcscf_secagree_t *pcscf_secagree_create(void);

/**
 * Free what an agreement holds (lists, text) and zero it; the agreement
 * itself is not freed (it may be embedded).
 *
 * @param agreement	agreement, or NULL
 */
void pcscf_secagree_clear(pcscf_secagree_t *agreement);

/**
 * Free an agreement from pcscf_secagree_create() with what it holds.
 *
 * @param agreement	agreement, or NULL
 */
void pcscf_secagree_destroy(pcscf_secagree_t *agreement);

/**
 * The Security-Client entry the agreement chose.
 *
 * @param agreement	agreement with its Security-Client (handshake running)
 * @return			entry of agreement->client
 */
const imsaka_secagree_entry_t *pcscf_secagree_chosen(
										const pcscf_secagree_t *agreement);

/**
 * Take the UE's ports and SPIs from the chosen entry.
 *
 * @param agreement	agreement after negotiation
 */
void pcscf_secagree_take_chosen(pcscf_secagree_t *agreement);

/**
 * Build the ipsec-3gpp Security-Server of SM6 into agreement->server: the
 * chosen entry's alg, ealg and mode with the P-CSCF's SPIs and ports, and
 * nat-p, hash-pl and hash-up when the chosen entry carries nat-u. The list
 * is allocated here if the agreement has none.
 *
 * @param agreement	agreement with SPIs and ports
 * @return			IMSAKA_SECAGREE_OK or the error
 */
imsaka_secagree_err_t pcscf_secagree_ipsec_server(pcscf_secagree_t *agreement);

/**
 * Build the tls-psk or tls-aka Security-Server of SM6 into
 * agreement->server: the agreed suites and a new random sid (also kept as
 * tls_identity). The list is allocated here if the agreement has none.
 *
 * @param agreement	agreement after negotiation
 * @return			IMSAKA_SECAGREE_OK or the error
 */
imsaka_secagree_err_t pcscf_secagree_tls_server(pcscf_secagree_t *agreement);

/**
 * The parameters of sa-install for an agreement: protected addresses,
 * ports and SPIs of both sides, and for tunnel modes the outer addresses
 * (the P-CSCF's local address and SM1's source, port 4500 for
 * UDP-enc-tun).
 *
 * @param agreement	agreement
 * @param config	configuration (protected_address)
 * @param sa		receives the parameters
 */
void pcscf_secagree_sa(const pcscf_secagree_t *agreement,
						const pcscf_config_t *config, pcscf_control_client_sa_t *sa);

/**
 * The Security-Server of SM12 when SM6 carried nat-p: SM6's entry with
 * oa-pl and, if known, oa-pp.
 *
 * @param agreement	agreement
 * @param config	configuration (public_address)
 * @param list		receives the list; empty when SM6 had no nat-p
 * @return			IMSAKA_SECAGREE_OK or the error
 */
imsaka_secagree_err_t pcscf_secagree_sm12_server(const pcscf_secagree_t *agreement,
											const pcscf_config_t *config,
											imsaka_secagree_list_t *list);

/**
 * Log one step of a registration at level 1, one line: IMPI, step, NAT
 * verdict, mode, SPIs and ports (never keys).
 *
 * @param reg		registration
 * @param agreement	agreement of the step
 * @param step		step name, e.g. "SM1"
 * @param result	what happened, e.g. "forwarded"
 */
void pcscf_registration_log(const pcscf_registration_t *reg,
							const pcscf_secagree_t *agreement,
							const char *step, const char *result);

#endif /** PCSCF_REGISTRATION_H_ @}*/

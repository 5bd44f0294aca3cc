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
 * @defgroup ue_protection ue_protection
 * @{ @ingroup imsaka_ue
 *
 * What protects one registration: charon's context, the set being agreed,
 * the set in force and the mechanism the first SM6 agreed for them
 * (ue_mechanism_t). The registration's state machine asks it for routes
 * and tells it the steps; it never asks which mechanism it is.
 */

#ifndef UE_PROTECTION_H_
#define UE_PROTECTION_H_

#include <sip_message.h>

#include "ue_mechanism.h"
#include "ue_state.h"

typedef struct ue_protection_t ue_protection_t;

/**
 * The protection of one registration.
 */
struct ue_protection_t {

	/**
	 * ctx-create: a charon context for the IMPI.
	 *
	 * @return			FALSE if charon refused
	 */
	bool (*open)(ue_protection_t *this);

	/**
	 * The charon context.
	 *
	 * @return			context, 0 if none
	 */
	uint32_t (*get_ctx)(ue_protection_t *this);

	/**
	 * Start a new set being agreed with fresh SPIs (spi-alloc).
	 *
	 * @param port_c	the UE's protected client port
	 * @param from		address:port the REGISTER carrying it is sent from
	 * @param to		address:port it is sent to
	 * @return			FALSE on failure
	 */
	bool (*offer)(ue_protection_t *this, uint16_t port_c, imsaka_addr_t from,
				  imsaka_addr_t to);

	/**
	 * Start the set a protected re-registration agrees: fresh SPIs, the
	 * other client port (old and new sets never share selectors), the
	 * NAT-T values of the set in force (those of the outer path of the
	 * first SM1, as the P-CSCF keeps them).
	 *
	 * @return			FALSE on failure
	 */
	bool (*offer_next)(ue_protection_t *this);

	/**
	 * The route of an SM1: over UDP, or on a new TCP connection when the
	 * offer needs SM1's connection (the one an earlier SM1 opened and no
	 * set uses is closed).
	 *
	 * @param route		receives the route
	 * @return			FALSE if no connection could be opened
	 */
	bool (*route_sm1)(ue_protection_t *this, ue_route_t *route);

	/**
	 * SM6: the set being agreed takes the P-CSCF's choice and NAT verdict.
	 * On a re-registration the Via of the 401 shows the tunnel: oa-up stays
	 * the public address of the first SM1.
	 *
	 * @param resp		the 401
	 * @param sm1		it answers an SM1
	 * @param nat		receives the NAT verdict of SM6
	 * @param err		receives why SM6 is unusable
	 * @return			FALSE if SM6 is unusable
	 */
	bool (*agree)(ue_protection_t *this, sip_msg_t *resp, bool sm1,
				  imsaka_nat_t *nat, sip_error_t *err);

	/**
	 * SM6 agreed the set being agreed and AKA answered: the mechanism
	 * makes it usable for SM7.
	 *
	 * @param ch		what the 401 brings (sm1_conn is filled in)
	 * @param err		receives why it failed
	 * @return			FALSE on failure
	 */
	bool (*challenge)(ue_protection_t *this, ue_mechanism_challenge_t ch,
					  sip_error_t *err);

	/**
	 * The route of a protected request.
	 *
	 * @param in_force	TRUE for the set in force, FALSE for the one being
	 *					agreed (SM7)
	 * @param route		receives the route
	 * @param err		receives why there is none, may be NULL
	 * @return			FALSE if there is none now
	 */
	bool (*protect)(ue_protection_t *this, bool in_force, ue_route_t *route,
					sip_error_t *err);

	/**
	 * SM12: the set being agreed goes in force for an expiry.
	 *
	 * @param expires	expiry granted, seconds
	 * @param err		receives why it failed
	 * @return			FALSE on failure
	 */
	bool (*promote)(ue_protection_t *this, uint32_t expires,
					sip_error_t *err);

	/**
	 * A refresh the S-CSCF did not challenge: the set being agreed goes
	 * unused, charon's context and the set in force last as long as the
	 * registration now does (ctx-hold).
	 *
	 * @param expires	expiry granted, seconds
	 * @return			FALSE if charon refused
	 */
	bool (*prolong)(ue_protection_t *this, uint32_t expires);

	/**
	 * How a re-registration goes with the mechanism in force.
	 *
	 * @return			what the re-registration sends
	 */
	ue_refresh_t (*refresh)(ue_protection_t *this);

	/**
	 * The set in force.
	 *
	 * @return			set, NULL if none
	 */
	ue_secagree_t *(*get_current)(ue_protection_t *this);

	/**
	 * The set being agreed.
	 *
	 * @return			set, NULL if none
	 */
	ue_secagree_t *(*get_pending)(ue_protection_t *this);

	/**
	 * Tear everything down: the mechanism undoes what it set up, the
	 * context goes (ctx-delete), the connection of an unfinished SM1 is
	 * closed, the sets are freed.
	 */
	void (*close)(ue_protection_t *this);

	/**
	 * charon restarted: the context and the sets are gone with it. As
	 * close(), without asking anything of charon.
	 */
	void (*forget)(ue_protection_t *this);

	/**
	 * Fill the snapshot's context, keep-alive, set and mechanism values.
	 *
	 * @param state		snapshot to complete
	 */
	void (*describe)(ue_protection_t *this, ue_state_t *state);

	/**
	 * Free without talking to charon (close first).
	 */
	void (*destroy)(ue_protection_t *this);
};

/**
 * Create the protection of a registration.
 *
 * @param config	options, kept by reference
 * @param control	charon's control socket, kept by reference
 * @param transport	transport, kept by reference
 * @return			protection
 */
ue_protection_t *ue_protection_create(const ue_config_t *config,
									  ue_control_client_t *control,
									  sip_transport_t *transport);

#endif /** UE_PROTECTION_H_ @}*/

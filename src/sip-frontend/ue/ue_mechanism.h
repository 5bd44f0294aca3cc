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
 * @defgroup ue_mechanism ue_mechanism
 * @{ @ingroup imsaka_ue
 *
 * What a security mechanism agreed with the P-CSCF does at each step of
 * the registration (docs/UE.md): ipsec-3gpp installs SA sets, tls-psk
 * opens a TLS connection with a PSK from CK/IK, tls-aka switches the
 * records of SM1's connection to keys from AKA. The registration calls
 * only this interface; ue_mechanisms_create() picks the implementation.
 * One object serves one registration (from the first SM6 to the clean-up)
 * and acts on the sets the registration owns and passes in. The functions
 * below the interface are what tls-psk and tls-aka do alike.
 */

#ifndef UE_MECHANISM_H_
#define UE_MECHANISM_H_

#include <sip_error.h>
#include <sip_transport.h>

#include "ue_config.h"
#include "ue_control_client.h"
#include "ue_registration.h"
#include "ue_secagree.h"

typedef struct ue_mechanism_t ue_mechanism_t;
typedef struct ue_mechanism_env_t ue_mechanism_env_t;
typedef struct ue_mechanism_challenge_t ue_mechanism_challenge_t;

/**
 * How a re-registration goes.
 */
typedef enum {
	/** a protected re-REGISTER over the set in force; its 401 agrees the
	 *  next set on a new client port */
	UE_REFRESH_PROTECTED,
	/** an unprotected SM1 on a new connection (keys bound to a connection
	 *  cannot change); the set in force serves until the new SM12 */
	UE_REFRESH_NEW_SM1,
} ue_refresh_t;

/**
 * What a mechanism works with, all owned by the registration.
 */
struct ue_mechanism_env_t {
	/** options */
	const ue_config_t *config;
	/** charon's control socket */
	ue_control_client_t *control;
	/** transport and its connections */
	sip_transport_t *transport;
	/** charon context of the registration */
	uint32_t ctx;
};

/**
 * What the 401 that agreed a set brings to its mechanism.
 */
struct ue_mechanism_challenge_t {
	/** the 401 answers an SM1 (not a protected re-REGISTER) */
	bool sm1;
	/** outer NAT verdict of the registration */
	imsaka_nat_t nat;
	/** nonce of the challenge answered (base64 of RAND || AUTN) */
	const char *nonce;
	/** TCP connection the 401 came on, 0 for UDP */
	uint32_t rx_conn;
	/** TCP connection SM1 went on, 0 if it went over UDP */
	uint32_t sm1_conn;
};

/**
 * A security mechanism at the UE.
 */
struct ue_mechanism_t {

	/**
	 * The 401 agreed a set and AKA answered it: make the set usable for
	 * SM7 (install the temporary SA set, open the PSK connection, switch
	 * the records to the AKA keys).
	 *
	 * @param set		set SM6 agreed
	 * @param ch		what the 401 brings
	 * @param keepalive	set to TRUE if NAT keep-alives were started
	 * @param err		receives why it failed
	 * @return			FALSE if the set cannot protect SM7
	 */
	bool (*challenge)(ue_mechanism_t *this, ue_secagree_t *set,
					  const ue_mechanism_challenge_t *ch, bool *keepalive,
					  sip_error_t *err);

	/**
	 * The route of a request the set protects (SM7 and all after it):
	 * connection, local and remote address:port, Via sent-by.
	 *
	 * @param set		set protecting the request
	 * @param route		receives the route
	 * @param err		receives why there is none
	 * @return			FALSE if the set cannot carry a request now
	 */
	bool (*protect)(ue_mechanism_t *this, ue_secagree_t *set,
					ue_route_t *route, sip_error_t *err);

	/**
	 * The final 200 put the set in force: make it last as long as the
	 * registration, and let the set it replaces go.
	 *
	 * @param set		set now in force
	 * @param replaced	set in force until now, NULL if none
	 * @param expires	registration expiry granted, seconds
	 * @param err		receives why it failed
	 * @return			FALSE if charon refused
	 */
	bool (*promote)(ue_mechanism_t *this, ue_secagree_t *set,
					ue_secagree_t *replaced, uint32_t expires,
					sip_error_t *err);

	/**
	 * How a re-registration goes with this mechanism.
	 *
	 * @return			what the re-registration sends
	 */
	ue_refresh_t (*refresh)(ue_mechanism_t *this);

	/**
	 * The registration ends (failed, de-registered or given up), right
	 * before charon's context goes: reset the TCP connections the sets
	 * protect and remove what charon installed.
	 *
	 * @param current	set in force, NULL if none
	 * @param pending	set being agreed, NULL if none
	 * @param gone		charon restarted: what it installed went with it,
	 *					nothing is asked of it
	 */
	void (*teardown)(ue_mechanism_t *this, ue_secagree_t *current,
					 ue_secagree_t *pending, bool gone);

	/**
	 * Free the mechanism (teardown first).
	 */
	void (*destroy)(ue_mechanism_t *this);
};

/**
 * Constructor of a mechanism.
 *
 * @param env		what it works with, copied
 * @return			mechanism, NULL on failure
 */
typedef ue_mechanism_t *(*ue_mechanism_create_t)(const ue_mechanism_env_t *env);

/**
 * The route of a request a TLS mechanism (tls-psk, tls-aka) protects: a
 * TCP connection from the UE's unprotected address, any port, to a port of
 * the P-CSCF's address; the Via sent-by is the unprotected address.
 *
 * @param config	options
 * @param port		the P-CSCF's port
 * @param conn		the connection, 0 for a new one
 * @return			route
 */
ue_route_t ue_mechanism_tls_route(const ue_config_t *config, uint16_t port,
								  uint32_t conn);

/**
 * Promote of a mechanism without an SA set (tls-psk, tls-aka): charon
 * holds the context (CK/IK for a challenged de-REGISTER) for the
 * registration instead, and the connection of the replaced keys closes
 * (the P-CSCF dropped those keys).
 *
 * @param env		what the mechanism works with
 * @param set		set now in force
 * @param replaced	set in force until now, NULL if none
 * @param expires	registration expiry granted, seconds
 * @param err		receives why it failed
 * @return			FALSE if charon refused
 */
bool ue_mechanism_hold(const ue_mechanism_env_t *env, ue_secagree_t *set,
					   ue_secagree_t *replaced, uint32_t expires,
					   sip_error_t *err);

#endif /** UE_MECHANISM_H_ @}*/

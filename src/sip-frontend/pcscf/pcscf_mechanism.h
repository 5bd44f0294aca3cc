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
 * @defgroup pcscf_mechanism pcscf_mechanism
 * @{ @ingroup pcscf
 *
 * The protection of one security agreement in one sec-agree mechanism
 * (ipsec-3gpp, tls-psk, tls-aka): what it installs when the S-CSCF
 * challenges, how a protected REGISTER must arrive, what promotion keeps,
 * whether a re-registration may rekey in place, and how it all goes again.
 * One object per mechanism (pcscf_mechanisms), shared by the agreements
 * that chose it: what it set up for one agreement is in that agreement
 * (SPIs and ports, the sid, the tls-aka connection), which points to it.
 * teardown() and endpoints() are asked only of agreements whose
 * challenge() succeeded.
 *
 * Every mechanism puts CK/IK into a charon context at challenge(): a new
 * one for an initial registration, the one in force for a re-registration
 * (agreement->ctx set); deleting contexts is the registration handling's,
 * but for the context a promotion replaces, which goes with it.
 * challenge() and promote() never block on charon: their requests are
 * pipelined, each holds the registration (pcscf_registration_hold()) until
 * its reply, and they call done when finished. The registration may have
 * moved on meanwhile (pcscf_registration_is_at()): a reply for a
 * handshake given up changes nothing of it and only undoes what its
 * request made (a context made for the handshake is deleted).
 */

#ifndef PCSCF_MECHANISM_H_
#define PCSCF_MECHANISM_H_

#include <sip_error.h>
#include <sip_transport.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_counters.h"
#include "pcscf_registration.h"
#include "pcscf_tls_psk.h"

typedef struct pcscf_mechanism_t pcscf_mechanism_t;
typedef struct pcscf_mechanism_env_t pcscf_mechanism_env_t;
typedef enum pcscf_mechanism_end_t pcscf_mechanism_end_t;

/**
 * Called when challenge() or promote() is finished.
 *
 * @param data		data given to challenge() or promote()
 * @param err		NULL if done, else the status to answer and why
 */
typedef void (*pcscf_mechanism_done_t)(void *data, const sip_error_t *err);

/**
 * What the mechanisms work with; owned by the registration handling,
 * which may set tls after the mechanisms were created.
 */
struct pcscf_mechanism_env_t {
	/** configuration */
	const pcscf_config_t *config;
	/** charon's control socket */
	pcscf_control_client_t *control;
	/** transport: connections, filters, resets */
	sip_transport_t *transport;
	/** tls-psk PSK table, NULL if tls-psk is not offered */
	pcscf_tls_psk_t *tls;
	/** counters of outcomes */
	pcscf_counters_t *counters;
};

/**
 * Why an agreement's protection goes.
 */
enum pcscf_mechanism_end_t {
	/** its handshake is given up (SM4 failed, SM7 refused, timeout,
	 *  refused by the S-CSCF, replaced by a new REGISTER); charon's
	 *  context may stay for the agreement in force */
	PCSCF_MECHANISM_ABORTED,
	/** a newer agreement of the registration was promoted in its place */
	PCSCF_MECHANISM_REPLACED,
	/** the registration goes (de-registration, expiry); its contexts are
	 *  deleted right after, which removes the SA sets they hold */
	PCSCF_MECHANISM_REMOVED,
};

/**
 * One sec-agree mechanism: the protection it sets up for agreements.
 */
struct pcscf_mechanism_t {

	/**
	 * The S-CSCF challenged (SM4): CK/IK into charon's context (made now
	 * unless agreement->ctx is set), the protection SM7 must arrive in set
	 * up, the Security-Server of SM6 built into agreement->server.
	 *
	 * @param reg		registration
	 * @param agreement	the agreement being made (reg->next)
	 * @param ck		CK of the challenge
	 * @param ik		IK of the challenge
	 * @param rand		RAND of the challenge, NULL if its nonce has none
	 * @param to		where SM6 goes (SM1's peer)
	 * @param done		called when SM6 may go with agreement->server, or
	 *					with why not; possibly before this returns
	 * @param data		data for done
	 * @param err		receives the status to answer and why, if FALSE
	 * @return			FALSE if it failed at once (done is not called)
	 */
	bool (*challenge)(pcscf_mechanism_t *this, pcscf_registration_t *reg,
					  pcscf_secagree_t *agreement, const uint8_t ck[16],
					  const uint8_t ik[16], const uint8_t *rand,
					  const sip_peer_t *to, pcscf_mechanism_done_t done,
					  void *data, sip_error_t *err);

	/**
	 * SM6 was handed to the transport: engage what must follow it (the
	 * record layer of the connection, NAT keep-alives). It, or teardown(),
	 * follows a successful challenge() of the same agreement directly.
	 *
	 * @param reg		registration
	 * @param agreement	the agreement being made (reg->next)
	 * @param sent		whether the transport took SM6
	 * @param to		where SM6 went
	 * @param err		receives the status to answer (0 for none) and
	 *					why, on failure
	 * @return			FALSE if the handshake must be given up
	 */
	bool (*challenge_sent)(pcscf_mechanism_t *this, pcscf_registration_t *reg,
						   pcscf_secagree_t *agreement, bool sent,
						   const sip_peer_t *to, sip_error_t *err);

	/**
	 * Whether a protected REGISTER of the handshake (SM7) arrived in the
	 * protection set up at challenge(): the SA set's address and ports,
	 * the TLS connection of SM6's sid, or the tls-aka connection.
	 *
	 * @param agreement	the agreement being made (reg->next)
	 * @param from		where SM7 came from
	 * @param err		receives 403 and why, on failure
	 * @return			TRUE if it arrived protected by this agreement
	 */
	bool (*protect)(pcscf_mechanism_t *this,
					const pcscf_secagree_t *agreement, const sip_peer_t *from,
					sip_error_t *err);

	/**
	 * The S-CSCF accepted the handshake (SM10): make the protection last
	 * for the registration (promote the SA set, hold the context). A new
	 * initial registration replaces the context of the one in force: it
	 * goes with the promotion, in the same step where charon can (never
	 * two SA sets in force for one UE), else right after it.
	 *
	 * @param reg		registration
	 * @param agreement	the agreement being made (reg->next)
	 * @param granted	expiry granted, s
	 * @param replaces	context of the agreement in force that goes,
	 *					0 for none (pcscf_registration_replaces())
	 * @param done		called when promoted, or with why not; possibly
	 *					before this returns
	 * @param data		data for done
	 * @param err		receives 500 and why, if FALSE
	 * @return			FALSE if it failed at once (done is not called)
	 */
	bool (*promote)(pcscf_mechanism_t *this, pcscf_registration_t *reg,
					pcscf_secagree_t *agreement, uint32_t granted,
					uint32_t replaces, pcscf_mechanism_done_t done,
					void *data, sip_error_t *err);

	/**
	 * A protected re-REGISTER offers a new Security-Client: whether a new
	 * agreement may replace this one in place (a refresh without one keeps
	 * the protection as it is, only charon's context is held longer).
	 *
	 * @param reg		registration
	 * @param agreement	the agreement in force (reg->current)
	 * @param err		receives the status to answer and why, if not
	 * @return			TRUE if a new agreement may follow in place
	 */
	bool (*rekey)(pcscf_mechanism_t *this, pcscf_registration_t *reg,
				  const pcscf_secagree_t *agreement, sip_error_t *err);

	/**
	 * The protected UE address:ports this agreement answers to, for the
	 * registrations table (none for TLS: connections tell).
	 *
	 * @param agreement	agreement
	 * @param endpoints	receives up to two endpoints
	 * @return			number of endpoints
	 */
	int (*endpoints)(pcscf_mechanism_t *this,
					 const pcscf_secagree_t *agreement,
					 imsaka_addr_t endpoints[2]);

	/**
	 * Undo what the agreement set up outside charon's context, and reset
	 * what must not outlive it.
	 *
	 * @param reg		registration
	 * @param agreement	agreement whose protection goes
	 * @param end		why it goes
	 * @param other		the registration's agreement that stays (whose
	 *					shared parts stay too), NULL if none
	 */
	void (*teardown)(pcscf_mechanism_t *this, pcscf_registration_t *reg,
					 pcscf_secagree_t *agreement, pcscf_mechanism_end_t end,
					 const pcscf_secagree_t *other);

	/**
	 * What challenge() set up, for the operator's SM4 log line.
	 *
	 * @return			static text, e.g. "temporary set installed"
	 */
	const char *(*get_setup)(pcscf_mechanism_t *this);

	/**
	 * Destroy; what was installed for agreements stays (see teardown()).
	 */
	void (*destroy)(pcscf_mechanism_t *this);
};

#endif /** PCSCF_MECHANISM_H_ @}*/

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
 * @defgroup pcscf_register pcscf_register
 * @{ @ingroup pcscf
 *
 * REGISTER at the P-CSCF (TS 24.229 5.2.2, TS 33.203 and imsaka's NAT-T
 * extension, docs/PROTOCOL.md): the requests of UEs
 * (pcscf_register_request), the S-CSCF's answers (challenge, promotion,
 * refresh, refusal, de-registration), and the ends of registrations
 * (pcscf_lifecycle). What differs between ipsec-3gpp, tls-psk and tls-aka
 * is behind pcscf_mechanism_t.
 */

#ifndef PCSCF_REGISTER_H_
#define PCSCF_REGISTER_H_

#include <sip_message.h>
#include <sip_transport.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_counters.h"
#include "pcscf_forwarder.h"
#include "pcscf_registrations.h"
#include "pcscf_tls_psk.h"

typedef struct pcscf_register_t pcscf_register_t;

/**
 * The registration handling.
 */
struct pcscf_register_t {

	/**
	 * A REGISTER on the unprotected port (SM1, or a plain digest REGISTER
	 * when allow_unprotected is set).
	 *
	 * @param req		request, parsed from buf
	 * @param buf		raw request
	 * @param len		length of buf
	 * @param from		where it came from
	 */
	void (*unprotected)(pcscf_register_t *this, sip_msg_t *req,
						const char *buf, size_t len, const sip_peer_t *from);

	/**
	 * A REGISTER in a registration's protection: the protected server
	 * port from a UE's protected address, its TLS connection or its
	 * tls-aka connection (SM7, re-registration, de-registration).
	 *
	 * @param reg		registration the source address belongs to
	 * @param req		request, parsed from buf
	 * @param buf		raw request
	 * @param len		length of buf
	 * @param from		where it came from
	 */
	void (*protected)(pcscf_register_t *this, pcscf_registration_t *reg,
					  sip_msg_t *req, const char *buf, size_t len,
					  const sip_peer_t *from);

	/**
	 * A response of the S-CSCF to a REGISTER of a registration (SM4,
	 * SM10, ...), its Via already removed.
	 *
	 * Where a step with charon follows (SM4, SM10), the response waits
	 * for it, and retransmissions of the S-CSCF are absorbed meanwhile.
	 *
	 * @param tx		its transaction
	 * @param resp		response, parsed from buf
	 * @param buf		raw response
	 * @param len		length of buf
	 * @return			TRUE if resp was taken (freed later), FALSE if it
	 *					is the caller's to free
	 */
	bool (*response)(pcscf_register_t *this, pcscf_transaction_t *tx,
					 sip_msg_t *resp, const char *buf, size_t len);

	/**
	 * Delete every registration and its charon context (SIGTERM).
	 *
	 * @return			number of registrations deleted
	 */
	unsigned int (*shutdown)(pcscf_register_t *this);

	/**
	 * Use a PSK table for tls-psk registrations (the policy offers
	 * tls-psk); without one, a tls-psk choice is answered with 500.
	 *
	 * @param tls		PSK table and TLS server context, not owned
	 */
	void (*set_tls)(pcscf_register_t *this, pcscf_tls_psk_t *tls);

	/**
	 * A TCP connection is gone: a handshake whose keys belong to it
	 * (tls-aka: SM6 sent on it, SM7 awaited) is given up at once, its
	 * context deleted, instead of at the step timeout.
	 *
	 * @param conn		connection id
	 * @param identity	its filter's identity (tls-aka: the IMPI), NULL if
	 *					none
	 */
	void (*closed)(pcscf_register_t *this, uint32_t conn,
				   const char *identity);

	/**
	 * Destroy (after shutdown()).
	 */
	void (*destroy)(pcscf_register_t *this);
};

/**
 * Create the registration handling.
 *
 * @param config		configuration
 * @param transport		transport (timers)
 * @param control		charon's control socket
 * @param forwarder		forwarder
 * @param registrations	table of registrations
 * @param counters		counters of outcomes
 * @return				object
 */
pcscf_register_t *pcscf_register_create(const pcscf_config_t *config,
										sip_transport_t *transport,
										pcscf_control_client_t *control,
										pcscf_forwarder_t *forwarder,
										pcscf_registrations_t *registrations,
										pcscf_counters_t *counters);

#endif /** PCSCF_REGISTER_H_ @}*/

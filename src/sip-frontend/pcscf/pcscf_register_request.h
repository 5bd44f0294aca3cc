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
 * @defgroup pcscf_register_request pcscf_register_request
 * @{ @ingroup pcscf
 *
 * REGISTER requests of UEs (TS 24.229 5.2.2, TS 33.203 7 and imsaka's
 * NAT-T extension, docs/PROTOCOL.md): an initial REGISTER is checked, its
 * NATs detected and its Security-Client negotiated into a handshake; the
 * protected REGISTER of the handshake is checked against the protection
 * its mechanism set up (else the handshake is aborted); protected
 * re-registrations refresh, rekey or de-register. Every accepted REGISTER
 * goes to the S-CSCF without the sec-agree headers.
 */

#ifndef PCSCF_REGISTER_REQUEST_H_
#define PCSCF_REGISTER_REQUEST_H_

#include <sip_message.h>
#include <sip_transport.h>

#include "pcscf_backend_policy.h"
#include "pcscf_forwarder.h"
#include "pcscf_lifecycle.h"
#include "pcscf_mechanisms.h"

typedef struct pcscf_register_request_t pcscf_register_request_t;

/**
 * The REGISTER requests of UEs.
 */
struct pcscf_register_request_t {

	/**
	 * A REGISTER on the unprotected port: a new handshake (or a plain
	 * digest REGISTER when allow_unprotected is set).
	 *
	 * @param req		request, parsed from buf
	 * @param buf		raw request
	 * @param len		length of buf
	 * @param from		where it came from
	 */
	void (*unprotected)(pcscf_register_request_t *this, sip_msg_t *req,
						const char *buf, size_t len, const sip_peer_t *from);

	/**
	 * A REGISTER in a registration's protection: the handshake's protected
	 * REGISTER, a re-registration or a de-registration.
	 *
	 * @param reg		registration the protection belongs to
	 * @param req		request, parsed from buf
	 * @param buf		raw request
	 * @param len		length of buf
	 * @param from		where it came from
	 */
	void (*protected)(pcscf_register_request_t *this, pcscf_registration_t *reg,
					  sip_msg_t *req, const char *buf, size_t len,
					  const sip_peer_t *from);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_register_request_t *this);
};

/**
 * Create the handling of REGISTER requests.
 *
 * @param env			config, control and transport
 * @param mechanisms	the mechanisms negotiation may choose
 * @param policy		the policy as charon's backend allows it
 * @param forwarder		forwarder
 * @param registrations	table of registrations
 * @param lifecycle		timers and ends of registrations
 * @return				object
 */
pcscf_register_request_t *pcscf_register_request_create(
										const pcscf_mechanism_env_t *env,
										pcscf_mechanisms_t *mechanisms,
										pcscf_backend_policy_t *policy,
										pcscf_forwarder_t *forwarder,
										pcscf_registrations_t *registrations,
										pcscf_lifecycle_t *lifecycle);

#endif /** PCSCF_REGISTER_REQUEST_H_ @}*/

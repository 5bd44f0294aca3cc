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
 * @defgroup pcscf_mechanism_request pcscf_mechanism_request
 * @{ @ingroup pcscf
 *
 * One challenge() or promote() of a TLS mechanism waiting for charon's
 * pipelined replies (ctx-create and ctx-keys, then tls-psk or
 * tls-aka-keys; or ctx-hold). It holds the registration while requests are
 * in flight and remembers the handshake they went for: a reply for a
 * handshake that was given up meanwhile finishes the request with a 500
 * and only undoes what the request made (the context it created).
 */

#ifndef PCSCF_MECHANISM_REQUEST_H_
#define PCSCF_MECHANISM_REQUEST_H_

#include "pcscf_mechanism.h"

typedef struct pcscf_mechanism_request_t pcscf_mechanism_request_t;

/**
 * The requests of one challenge() or promote().
 */
struct pcscf_mechanism_request_t {
	/** the mechanism's own data */
	void *mechanism;
	/** charon's control socket, which outlives the requests in flight */
	pcscf_control_client_t *control;
	/** registration, held */
	pcscf_registration_t *reg;
	/** its handshake when the first request went */
	uint32_t handshake;
	/** the context is made for this handshake, deleted if not handed on */
	bool creates;
	/** the context keyed, 0 until then */
	uint32_t ctx;
	/** a context deleted once the request succeeded, 0 for none */
	uint32_t replaces;
	/** RAND of the challenge */
	uint8_t rand[16];
	/** caller's callback */
	pcscf_mechanism_done_t done;
	/** its data */
	void *data;
};

/**
 * Start the requests of the agreement being made, holding its registration.
 *
 * @param mechanism		the mechanism's own data
 * @param control		charon's control socket
 * @param reg			registration, held until the request ends
 * @param done			called when the request finishes (not on cancel)
 * @param data			data for done
 * @return				request
 */
pcscf_mechanism_request_t *pcscf_mechanism_request_create(void *mechanism,
									pcscf_control_client_t *control,
									pcscf_registration_t *reg,
									pcscf_mechanism_done_t done, void *data);

/**
 * Release the registration without telling the caller (nothing was sent).
 *
 * @param req			request, freed
 */
void pcscf_mechanism_request_cancel(pcscf_mechanism_request_t *req);

/**
 * Tell the caller and release the registration; a context made for the
 * handshake and not handed to the agreement (creates still set) goes.
 *
 * @param req			request, freed
 * @param err			NULL if done, else the status to answer and why
 */
void pcscf_mechanism_request_done(pcscf_mechanism_request_t *req,
								  const sip_error_t *err);

/**
 * Finish the request with a 500.
 *
 * @param req			request, freed
 * @param why			reason of the 500
 */
void pcscf_mechanism_request_fail(pcscf_mechanism_request_t *req,
								  const char *why);

/**
 * Whether the handshake is still the one the request went for; finishes
 * the request with a 500 if not.
 *
 * @param req			request, freed if not
 * @return				TRUE if it still applies
 */
bool pcscf_mechanism_request_applies(pcscf_mechanism_request_t *req);

/**
 * challenge(): send ctx-create (unless the agreement has a context) and
 * ctx-keys; keyed gets charon's reply with the request as data.
 *
 * @param mechanism		the mechanism's own data
 * @param control		charon's control socket
 * @param reg			registration, held until the request ends
 * @param agreement		agreement being made, its context used if it has one
 * @param ck			CK of the challenge
 * @param ik			IK of the challenge
 * @param rand			RAND of the challenge, kept in the request, or NULL
 * @param keyed			called with charon's reply
 * @param done			called when the request finishes
 * @param data			data for done
 * @param err			set if FALSE is returned
 * @return				FALSE if nothing could be sent (nothing held)
 */
bool pcscf_mechanism_request_prepare(void *mechanism,
									 pcscf_control_client_t *control,
									 pcscf_registration_t *reg,
									 const pcscf_secagree_t *agreement,
									 const uint8_t ck[16], const uint8_t ik[16],
									 const uint8_t *rand,
									 pcscf_control_client_keyed_t keyed,
									 pcscf_mechanism_done_t done, void *data,
									 sip_error_t *err);

/**
 * The start of a keyed callback: takes the context, finishes the request
 * if the handshake was given up or charon failed.
 *
 * @param req			request, freed if FALSE is returned
 * @param ok			charon's outcome
 * @param ctx			the context keyed if ok
 * @return				TRUE if the next request may go
 */
bool pcscf_mechanism_request_keyed(pcscf_mechanism_request_t *req, bool ok,
								   uint32_t ctx);

/**
 * promote() of a mechanism without an SA set: ctx-hold keeps the context
 * for the registration; on its success the context replaced is deleted
 * (pipelined: the new agreement holds no SA set, so never two are in
 * force), then done is called with charon's outcome.
 *
 * @param mechanism		the mechanism's own data
 * @param control		charon's control socket
 * @param reg			registration, held until the request ends
 * @param ctx			the agreement's context
 * @param granted		registration expiry granted, s
 * @param replaces		context replaced, 0 for none
 * @param done			called when the request finishes
 * @param data			data for done
 * @param err			set if FALSE is returned
 * @return				FALSE if it could not be sent (nothing held)
 */
bool pcscf_mechanism_request_hold(void *mechanism,
								  pcscf_control_client_t *control,
								  pcscf_registration_t *reg, uint32_t ctx,
								  uint32_t granted, uint32_t replaces,
								  pcscf_mechanism_done_t done, void *data,
								  sip_error_t *err);

#endif /** PCSCF_MECHANISM_REQUEST_H_ @}*/

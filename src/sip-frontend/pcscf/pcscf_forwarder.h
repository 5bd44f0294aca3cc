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
 * @defgroup pcscf_forwarder pcscf_forwarder
 * @{ @ingroup pcscf
 *
 * Moving messages: requests to the S-CSCF with the P-CSCF's Via (a branch
 * derived from the request, so retransmissions get the same one) and a
 * transaction to match the response; responses back where the request came
 * from; responses the P-CSCF makes itself.
 */

#ifndef PCSCF_FORWARDER_H_
#define PCSCF_FORWARDER_H_

#include <sip_transport.h>

#include "pcscf_config.h"
#include "pcscf_sip.h"
#include "pcscf_transactions.h"

typedef struct pcscf_forwarder_t pcscf_forwarder_t;

/**
 * Forwarder.
 */
struct pcscf_forwarder_t {

	/**
	 * Forward a request to the S-CSCF: remove Route entries naming the
	 * P-CSCF, decrement Max-Forwards (483 to the sender at 0), add the
	 * Via, remember the transaction, send.
	 *
	 * @param req		request, changed
	 * @param from		where it came from
	 * @param impi		IMPI of a security agreement registration, or NULL
	 * @return			FALSE if it was not sent (logged or answered)
	 */
	bool (*to_scscf)(pcscf_forwarder_t *this, sip_msg_t *req,
					 const sip_peer_t *from, const char *impi);

	/**
	 * Match a response from the S-CSCF to its transaction and remove the
	 * P-CSCF's Via.
	 *
	 * @param resp		response, changed
	 * @return			the transaction, NULL if none (drop the response)
	 */
	pcscf_transaction_t *(*match)(pcscf_forwarder_t *this,
								  sip_msg_t *resp);

	/**
	 * Send a response.
	 *
	 * @param resp		response
	 * @param to		where the request came from
	 * @return			FALSE on failure
	 */
	bool (*respond)(pcscf_forwarder_t *this, sip_msg_t *resp,
					const sip_peer_t *to);

	/**
	 * Answer a request locally.
	 *
	 * @param req		request
	 * @param code		status code
	 * @param to		where the request came from
	 * @param server	Security-Server to add (494, 421), or NULL
	 * @param require	option tag for a Require field (421), or NULL
	 * @return			FALSE on failure
	 */
	bool (*reply)(pcscf_forwarder_t *this, sip_msg_t *req, int code,
				  const sip_peer_t *to, const imsaka_secagree_list_t *server,
				  const char *require);

	/**
	 * Answer a request with 503 and a Retry-After (overload).
	 *
	 * @param req		request
	 * @param to		where the request came from
	 * @param seconds	Retry-After
	 * @return			FALSE on failure
	 */
	bool (*busy)(pcscf_forwarder_t *this, sip_msg_t *req,
				 const sip_peer_t *to, uint32_t seconds);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_forwarder_t *this);
};

/**
 * Create a forwarder.
 *
 * @param config	configuration (core, scscf, own addresses)
 * @param transport	transport to send with
 * @return			forwarder
 */
pcscf_forwarder_t *pcscf_forwarder_create(const pcscf_config_t *config,
										  sip_transport_t *transport);

#endif /** PCSCF_FORWARDER_H_ @}*/

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
 * from; responses the P-CSCF makes itself. A REGISTER of a handshake that
 * the S-CSCF leaves without a final response for scscf_timeout is answered
 * 408 (RFC 3261 16.8: the best response of a client transaction that timed
 * out), and so is every retransmission of it while its transaction lives.
 */

#ifndef PCSCF_FORWARDER_H_
#define PCSCF_FORWARDER_H_

#include <sip_transport.h>

#include "pcscf_config.h"
#include "pcscf_sip.h"
#include "pcscf_transactions.h"

typedef struct pcscf_forwarder_t pcscf_forwarder_t;
typedef struct pcscf_field_t pcscf_field_t;

/**
 * A header field of a response the P-CSCF makes itself.
 */
struct pcscf_field_t {
	/** name, e.g. "Allow" */
	const char *name;
	/** value */
	const char *value;
};

/**
 * Called when the S-CSCF left a REGISTER of a handshake unanswered for
 * scscf_timeout, after the 408 went to the UE.
 *
 * @param data		data given to on_timeout()
 * @param tx		the REGISTER's transaction (timed_out set)
 */
typedef void (*pcscf_forwarder_timeout_t)(void *data,
										  pcscf_transaction_t *tx);

/**
 * Forwarder.
 */
struct pcscf_forwarder_t {

	/**
	 * Forward a request to the S-CSCF: remove Route entries naming the
	 * P-CSCF, decrement Max-Forwards (483 to the sender at 0), add the
	 * Via, remember the transaction, send.
	 *
	 * With an IMPI (a REGISTER of a handshake) the transaction waits
	 * scscf_timeout for the final response, with the 408 the UE then gets
	 * ready; a retransmission of a REGISTER answered so gets the 408
	 * again instead of being forwarded.
	 *
	 * @param req		request, changed
	 * @param from		where it came from
	 * @param impi		IMPI of a security agreement registration, or NULL
	 * @return			FALSE if it was not sent (logged or answered)
	 */
	bool (*to_scscf)(pcscf_forwarder_t *this, sip_msg_t *req,
					 const sip_peer_t *from, const char *impi);

	/**
	 * Answer a retransmission of a REGISTER the P-CSCF answered 408
	 * because the S-CSCF did not answer it: the same 408 again.
	 *
	 * @param req		request, unchanged
	 * @param from		where it came from (the 408 goes there)
	 * @return			TRUE if it was such a retransmission (answered),
	 *					FALSE if the request is the caller's to handle
	 */
	bool (*absorb)(pcscf_forwarder_t *this, sip_msg_t *req,
				   const sip_peer_t *from);

	/**
	 * Be told of each REGISTER of a handshake the S-CSCF left unanswered.
	 *
	 * @param cb		called after its 408 went
	 * @param data		data for cb
	 */
	void (*on_timeout)(pcscf_forwarder_t *this, pcscf_forwarder_timeout_t cb,
					   void *data);

	/**
	 * Match a response from the S-CSCF to its transaction and remove the
	 * P-CSCF's Via. A final response ends the transaction's wait.
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
	 * Answer a request locally with header fields of the P-CSCF's own.
	 *
	 * @param req		request
	 * @param code		status code
	 * @param to		where the request came from
	 * @param fields	fields to add, in this order
	 * @param count		number of fields
	 * @return			FALSE on failure
	 */
	bool (*reply_fields)(pcscf_forwarder_t *this, sip_msg_t *req, int code,
						 const sip_peer_t *to, const pcscf_field_t *fields,
						 int count);

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
 * @param config	configuration (core, scscf, own addresses, scscf_timeout)
 * @param transport	transport to send with
 * @return			forwarder
 */
pcscf_forwarder_t *pcscf_forwarder_create(const pcscf_config_t *config,
										  sip_transport_t *transport);

#endif /** PCSCF_FORWARDER_H_ @}*/

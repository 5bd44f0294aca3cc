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
 * @defgroup scscf_registrar scscf_registrar
 * @{ @ingroup scscf
 * The test S-CSCF's request handling: REGISTER with IMS AKA (TS 24.229
 * 5.4.1), OPTIONS and MESSAGE answered for registered users only. It works
 * on message text in and message text out, so tests need no sockets.
 */

#ifndef SCSCF_REGISTRAR_H_
#define SCSCF_REGISTRAR_H_

#include "scscf_config.h"
#include "scscf_reply.h"
#include "scscf_store.h"
#include "scscf_subscribers.h"

typedef struct scscf_registrar_t scscf_registrar_t;

/**
 * The registrar.
 */
struct scscf_registrar_t {

	/**
	 * Handle one received message.
	 *
	 * @param from		where it came from
	 * @param msg		message text
	 * @param len		length of msg
	 * @param reply		receives the response to send; clear it with
	 *					scscf_reply_clear() after sending
	 * @return			FALSE if there is nothing to send (a response, an
	 *					ACK, or a message too broken to answer; logged)
	 */
	bool (*process)(scscf_registrar_t *this, const sip_peer_t *from,
					const char *msg, size_t len, scscf_reply_t *reply);

	/**
	 * Free the registrar (not the subscribers).
	 */
	void (*destroy)(scscf_registrar_t *this);
};

/**
 * Create the registrar.
 *
 * @param config	settings, copied
 * @param subs		subscribers, owned by the caller, outliving this
 * @return			registrar
 */
scscf_registrar_t *scscf_registrar_create(const scscf_config_t *config,
										  scscf_subscribers_t *subs);

/**
 * Create the registrar of an instance sharing floors and bindings.
 *
 * @param config	settings, copied
 * @param subs		subscribers, owned by the caller, outliving this
 * @param store		shared state, NULL for none; owned by the caller,
 *					outliving this
 * @return			registrar
 */
scscf_registrar_t *scscf_registrar_create_shared(const scscf_config_t *config,
												 scscf_subscribers_t *subs,
												 scscf_store_t *store);

#endif /** SCSCF_REGISTRAR_H_ @}*/

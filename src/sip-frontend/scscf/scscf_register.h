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
 * @defgroup scscf_register scscf_register
 * @{ @ingroup scscf
 * REGISTER at the S-CSCF (TS 24.229 5.4.1.2): challenge with an AKA vector
 * (401 with CK and IK for the P-CSCF), verify the answer (200 or 403),
 * resynchronise on auts, bind or remove contacts.
 */

#ifndef SCSCF_REGISTER_H_
#define SCSCF_REGISTER_H_

#include "scscf_config.h"
#include "scscf_reply.h"
#include "scscf_store.h"
#include "scscf_subscribers.h"

typedef struct scscf_register_t scscf_register_t;

/**
 * REGISTER handling.
 */
struct scscf_register_t {

	/**
	 * Handle a REGISTER.
	 *
	 * @param req		parsed request; its Contact fields may be changed
	 * @param msg		raw request (for the Authorization)
	 * @param len		length of msg
	 * @param reply		receives the extra header fields of the response
	 * @return			status code of the response
	 */
	int (*handle)(scscf_register_t *this, sip_msg_t *req,
				  const char *msg, size_t len, scscf_reply_t *reply);

	/**
	 * Number of pending challenges.
	 *
	 * @return			count
	 */
	uint32_t (*pending)(scscf_register_t *this);

	/**
	 * Free it, wiping the pending challenges.
	 */
	void (*destroy)(scscf_register_t *this);
};

/** Retry-After of a 503 when the store cannot be reached (s) */
#define SCSCF_STORE_RETRY_AFTER 5

/**
 * Create REGISTER handling.
 *
 * @param config	settings, outliving this
 * @param subs		subscribers, outliving this
 * @param store		shared floors and bindings, NULL for none (file
 *					store); outliving this
 * @return			object
 */
scscf_register_t *scscf_register_create(const scscf_config_t *config,
										scscf_subscribers_t *subs,
										scscf_store_t *store);

/**
 * Answer 503 with Retry-After: the store cannot be reached.
 *
 * @param reply		receives the Retry-After field
 * @return			503
 */
int scscf_register_store_down(scscf_reply_t *reply);

#endif /** SCSCF_REGISTER_H_ @}*/

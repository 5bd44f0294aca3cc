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
 * @defgroup scscf_store scscf_store
 * @{ @ingroup scscf
 * State an imsaka-scscf fleet shares (store = postgresql): the SQN
 * resynchronisation floor of each subscriber and the registrar bindings.
 * With the file store there is none (a NULL store): floors and bindings
 * stay in memory as the subscribers' own fields.
 *
 * Every method returns FALSE when the store cannot be reached (logged);
 * the request then gets 503 with Retry-After.
 */

#ifndef SCSCF_STORE_H_
#define SCSCF_STORE_H_

#include "scscf_subscribers.h"

typedef struct scscf_store_t scscf_store_t;

/**
 * Shared state of the subscribers.
 */
struct scscf_store_t {

	/**
	 * Add every subscriber of the store to a table (at start).
	 *
	 * @param subs		table to fill
	 * @return			FALSE if the store fails or an entry is bad (logged
	 *					naming the entry and the field, never a key)
	 */
	bool (*load)(scscf_store_t *this, scscf_subscribers_t *subs);

	/**
	 * The SEQ the next SEQ of a subscriber must exceed (0 if none): the
	 * floor written at its last resynchronisation, moved on by the
	 * milliseconds since (so an instance restarted meanwhile does not
	 * replay SEQs it issued above a floor ahead of the clock). Read for
	 * every vector; nothing is written.
	 *
	 * @param sub		subscriber
	 * @param floor		receives the floor
	 * @return			FALSE if the store fails
	 */
	bool (*sqn_floor)(scscf_store_t *this, scscf_subscriber_t *sub,
					  uint64_t *floor);

	/**
	 * Raise the floor after a resynchronisation, atomically:
	 * floor = GREATEST(floor, seq).
	 *
	 * @param sub		subscriber
	 * @param seq		SEQ of the UE's SQN_MS
	 * @return			FALSE if the store fails
	 */
	bool (*raise_floor)(scscf_store_t *this, scscf_subscriber_t *sub,
						uint64_t seq);

	/**
	 * Write the binding of a registration (the subscriber's contacts and
	 * path), replacing any.
	 *
	 * @param sub		subscriber
	 * @param expires	seconds it is registered for
	 * @return			FALSE if the store fails
	 */
	bool (*save_binding)(scscf_store_t *this, scscf_subscriber_t *sub,
				 uint32_t expires);

	/**
	 * Remove the binding of a subscriber (de-registration).
	 *
	 * @param sub		subscriber
	 * @return			FALSE if the store fails
	 */
	bool (*remove_binding)(scscf_store_t *this, scscf_subscriber_t *sub);

	/**
	 * Whether a subscriber has a binding that has not expired, made
	 * through any instance.
	 *
	 * @param sub		subscriber
	 * @param registered	receives the answer
	 * @return			FALSE if the store fails
	 */
	bool (*registered)(scscf_store_t *this, scscf_subscriber_t *sub,
					   bool *registered);

	/**
	 * Whether the store answers, for the probes of a dispatcher: asked at
	 * most once per second, the answer in between is the last one.
	 *
	 * @return			TRUE if it answered
	 */
	bool (*is_up)(scscf_store_t *this);

	/**
	 * Close the store.
	 */
	void (*destroy)(scscf_store_t *this);
};

#endif /** SCSCF_STORE_H_ @}*/

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
 * @defgroup scscf_challenges scscf_challenges
 * @{ @ingroup scscf
 * The registrar's pending challenges: one per subscriber, each with its
 * authentication vector, a lifetime, and a bound on how many are kept (the
 * oldest goes first when the table is full). Lookups by subscriber are a
 * hash table's, the oldest is the head of a list in creation order: every
 * operation takes constant time, however many are pending.
 */

#ifndef SCSCF_CHALLENGES_H_
#define SCSCF_CHALLENGES_H_

#include "scscf_subscribers.h"

#include <aka.h>
#include <digest_aka.h>

typedef struct scscf_challenge_t scscf_challenge_t;
typedef struct scscf_challenges_t scscf_challenges_t;

/**
 * A challenge sent and not yet answered.
 */
struct scscf_challenge_t {
	/** subscriber challenged, NULL for a free slot */
	scscf_subscriber_t *sub;
	/** nonce sent, base64(RAND || AUTN) */
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1];
	/** vector: RAND, AUTN, XRES, CK, IK */
	imsaka_aka_vector_t vector;
	/** Digest AKA version of the challenge */
	imsaka_digest_aka_version_t version;
	/** when it expires, time_monotonic() seconds */
	time_t expires;
	/** creation order, for evicting the oldest */
	uint64_t seq;
	/** hash of the request challenged (Call-ID, CSeq, top Via branch), to
	 *  answer its retransmissions with the same challenge; once answered,
	 *  of the request that answered it */
	uint64_t request;
	/** answered: the vector is wiped, the slot stays so that
	 *  retransmissions of the accepted request get the same 200 instead
	 *  of a new challenge */
	bool answered;
};

/**
 * Table of pending challenges.
 */
struct scscf_challenges_t {

	/**
	 * Take a slot for a new challenge of a subscriber, replacing its
	 * previous one, else a free slot, else the oldest (which is expired if
	 * any is: all have the same lifetime; logged if it was not).
	 * The caller fills nonce, vector and version.
	 *
	 * @param sub		subscriber
	 * @param now		time_monotonic() seconds
	 * @return			slot with sub, expires and seq set
	 */
	scscf_challenge_t *(*add)(scscf_challenges_t *this,
							  scscf_subscriber_t *sub, time_t now);

	/**
	 * Find the pending challenge of a subscriber; an expired one is removed.
	 *
	 * @param sub		subscriber
	 * @param now		time_monotonic() seconds
	 * @return			challenge, NULL if none
	 */
	scscf_challenge_t *(*find)(scscf_challenges_t *this,
							   scscf_subscriber_t *sub, time_t now);

	/**
	 * Remove a challenge, wiping its vector.
	 *
	 * @param challenge	challenge from add() or find()
	 */
	void (*remove)(scscf_challenges_t *this, scscf_challenge_t *challenge);

	/**
	 * Number of challenges held (expired ones included until reused).
	 *
	 * @return			count
	 */
	uint32_t (*count)(scscf_challenges_t *this);

	/**
	 * Wipe and free all.
	 */
	void (*destroy)(scscf_challenges_t *this);
};

/**
 * Create the table.
 *
 * @param max		most challenges held, >= 1
 * @param lifetime	seconds a challenge may be answered
 * @return			table
 */
scscf_challenges_t *scscf_challenges_create(uint32_t max, uint32_t lifetime);

#endif /** SCSCF_CHALLENGES_H_ @}*/

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

#include "scscf_challenges.h"

#include <library.h>
#include <collections/hashtable.h>

typedef struct private_scscf_challenges_t private_scscf_challenges_t;
typedef struct slot_t slot_t;

/**
 * A slot: a challenge and its place in the age order or the free list.
 */
struct slot_t {

	/**
	 * The challenge (first: a scscf_challenge_t* is its slot_t*)
	 */
	scscf_challenge_t challenge;

	/**
	 * Next older and newer slot in use, or next free slot (newer)
	 */
	slot_t *older, *newer;
};

/**
 * Private data of a scscf_challenges_t object.
 */
struct private_scscf_challenges_t {

	/**
	 * Public interface
	 */
	scscf_challenges_t public;

	/**
	 * Slots, max of them
	 */
	slot_t *slots;

	/**
	 * Slots in use by subscriber (scscf_subscriber_t* -> slot_t*)
	 */
	hashtable_t *by_sub;

	/**
	 * Oldest and newest slot in use; every challenge has the same
	 * lifetime, so the oldest is also the first to expire
	 */
	slot_t *oldest, *newest;

	/**
	 * Free slots, linked by newer
	 */
	slot_t *free;

	/**
	 * Slots in use
	 */
	uint32_t used;

	/**
	 * Number of slots
	 */
	uint32_t max;

	/**
	 * Lifetime of a challenge, s
	 */
	uint32_t lifetime;

	/**
	 * Next creation number
	 */
	uint64_t seq;
};

/**
 * Take a slot in use out of the age order
 */
static void unlink_slot(private_scscf_challenges_t *this, slot_t *slot)
{
	if (slot->older)
	{
		slot->older->newer = slot->newer;
	}
	else
	{
		this->oldest = slot->newer;
	}
	if (slot->newer)
	{
		slot->newer->older = slot->older;
	}
	else
	{
		this->newest = slot->older;
	}
	slot->older = slot->newer = NULL;
}

/**
 * Put a slot at the newest end of the age order
 */
static void append_slot(private_scscf_challenges_t *this, slot_t *slot)
{
	slot->older = this->newest;
	slot->newer = NULL;
	if (this->newest)
	{
		this->newest->newer = slot;
	}
	else
	{
		this->oldest = slot;
	}
	this->newest = slot;
}

METHOD(scscf_challenges_t, remove_, void,
	private_scscf_challenges_t *this, scscf_challenge_t *challenge)
{
	slot_t *slot = (slot_t*)challenge;

	if (!challenge->sub)
	{	/* free already */
		memwipe(challenge, sizeof(*challenge));
		return;
	}
	this->by_sub->remove(this->by_sub, challenge->sub);
	unlink_slot(this, slot);
	memwipe(challenge, sizeof(*challenge));
	slot->newer = this->free;
	this->free = slot;
	this->used--;
}

METHOD(scscf_challenges_t, add, scscf_challenge_t*,
	private_scscf_challenges_t *this, scscf_subscriber_t *sub, time_t now)
{
	slot_t *slot;

	/* a subscriber has one challenge at a time */
	slot = this->by_sub->get(this->by_sub, sub);
	if (!slot && !this->free)
	{	/* full: the oldest goes, expired or not */
		slot = this->oldest;
		if (slot->challenge.expires > now && !slot->challenge.answered)
		{
			DBG1(DBG_CFG, "%u challenges pending, the oldest (for '%s') "
				 "dropped", this->max, slot->challenge.sub->impi);
		}
	}
	if (slot)
	{
		remove_(this, &slot->challenge);
	}
	slot = this->free;
	this->free = slot->newer;
	slot->newer = NULL;
	slot->challenge.sub = sub;
	slot->challenge.expires = now + this->lifetime;
	slot->challenge.seq = ++this->seq;
	append_slot(this, slot);
	this->by_sub->put(this->by_sub, sub, slot);
	this->used++;
	return &slot->challenge;
}

METHOD(scscf_challenges_t, find, scscf_challenge_t*,
	private_scscf_challenges_t *this, scscf_subscriber_t *sub, time_t now)
{
	slot_t *slot;

	slot = this->by_sub->get(this->by_sub, sub);
	if (!slot)
	{
		return NULL;
	}
	if (slot->challenge.expires <= now)
	{
		remove_(this, &slot->challenge);
		return NULL;
	}
	return &slot->challenge;
}

METHOD(scscf_challenges_t, count, uint32_t,
	private_scscf_challenges_t *this)
{
	return this->used;
}

METHOD(scscf_challenges_t, destroy, void,
	private_scscf_challenges_t *this)
{
	memwipe(this->slots, this->max * sizeof(*this->slots));
	free(this->slots);
	this->by_sub->destroy(this->by_sub);
	free(this);
}

/*
 * Described in header
 */
scscf_challenges_t *scscf_challenges_create(uint32_t max, uint32_t lifetime)
{
	private_scscf_challenges_t *this;
	uint32_t i;

	max = max ?: 1;
	INIT(this,
		.public = {
			.add = _add,
			.find = _find,
			.remove = _remove_,
			.count = _count,
			.destroy = _destroy,
		},
		.slots = calloc(max, sizeof(slot_t)),
		.by_sub = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								   min(max, 1024)),
		.max = max,
		.lifetime = lifetime,
	);
	for (i = max; i > 0; i--)
	{
		this->slots[i - 1].newer = this->free;
		this->free = &this->slots[i - 1];
	}
	return &this->public;
}

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

typedef struct private_scscf_challenges_t private_scscf_challenges_t;

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
	scscf_challenge_t *slots;

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

METHOD(scscf_challenges_t, remove_, void,
	private_scscf_challenges_t *this, scscf_challenge_t *challenge)
{
	memwipe(challenge, sizeof(*challenge));
}

/**
 * How suitable a slot is for a new challenge of sub, lower is better
 */
static int rank(scscf_challenge_t *c, scscf_subscriber_t *sub, time_t now)
{
	if (c->sub == sub)
	{	/* a subscriber has one challenge at a time */
		return 0;
	}
	if (!c->sub)
	{
		return 1;
	}
	return c->expires <= now ? 2 : 3;
}

METHOD(scscf_challenges_t, add, scscf_challenge_t*,
	private_scscf_challenges_t *this, scscf_subscriber_t *sub, time_t now)
{
	scscf_challenge_t *slot = &this->slots[0], *c;
	int best, r;
	uint32_t i;

	best = rank(slot, sub, now);
	for (i = 1; i < this->max && best; i++)
	{
		c = &this->slots[i];
		r = rank(c, sub, now);
		if (r < best || (r == best && c->seq < slot->seq))
		{
			slot = c;
			best = r;
		}
	}
	if (best == 3)
	{
		DBG1(DBG_CFG, "%u challenges pending, the oldest (for '%s') dropped",
			 this->max, slot->sub->impi);
	}
	memwipe(slot, sizeof(*slot));
	slot->sub = sub;
	slot->expires = now + this->lifetime;
	slot->seq = ++this->seq;
	return slot;
}

METHOD(scscf_challenges_t, find, scscf_challenge_t*,
	private_scscf_challenges_t *this, scscf_subscriber_t *sub, time_t now)
{
	uint32_t i;

	for (i = 0; i < this->max; i++)
	{
		if (this->slots[i].sub == sub)
		{
			if (this->slots[i].expires <= now)
			{
				remove_(this, &this->slots[i]);
				return NULL;
			}
			return &this->slots[i];
		}
	}
	return NULL;
}

METHOD(scscf_challenges_t, count, uint32_t,
	private_scscf_challenges_t *this)
{
	uint32_t i, n = 0;

	for (i = 0; i < this->max; i++)
	{
		n += this->slots[i].sub != NULL;
	}
	return n;
}

METHOD(scscf_challenges_t, destroy, void,
	private_scscf_challenges_t *this)
{
	memwipe(this->slots, this->max * sizeof(*this->slots));
	free(this->slots);
	free(this);
}

/*
 * Described in header
 */
scscf_challenges_t *scscf_challenges_create(uint32_t max, uint32_t lifetime)
{
	private_scscf_challenges_t *this;

	max = max ?: 1;
	INIT(this,
		.public = {
			.add = _add,
			.find = _find,
			.remove = _remove_,
			.count = _count,
			.destroy = _destroy,
		},
		.slots = calloc(max, sizeof(scscf_challenge_t)),
		.max = max,
		.lifetime = lifetime,
	);
	return &this->public;
}

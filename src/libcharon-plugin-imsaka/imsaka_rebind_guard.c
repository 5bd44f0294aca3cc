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

#include "imsaka_rebind_guard.h"

ENUM(imsaka_rebind_verdict_names, IMSAKA_REBIND_SAME_SOURCE,
	 IMSAKA_REBIND_ACCEPT,
	"same-source",
	"replayed",
	"rate-limited",
	"unauthentic",
	"accept",
);

typedef struct private_imsaka_rebind_guard_t private_imsaka_rebind_guard_t;

/**
 * Private data of an imsaka_rebind_guard_t object.
 */
struct private_imsaka_rebind_guard_t {

	/**
	 * Public interface
	 */
	imsaka_rebind_guard_t public;

	/**
	 * Verifications of this set
	 */
	imsaka_rebind_budget_t budget;

	/**
	 * Verifications of all sets, NULL if none
	 */
	imsaka_rebind_budget_t *shared;

	/**
	 * Highest sequence number authenticated here per inbound SA: the
	 * private replay window, which also holds when the data plane's is lost
	 * (an SA replaced rather than moved starts over)
	 */
	uint32_t highest[IMSAKA_REBIND_SAS];
};

/*
 * Described in header
 */
void imsaka_rebind_budget_init(imsaka_rebind_budget_t *budget, u_int rate,
							   uint64_t now_ms)
{
	*budget = (imsaka_rebind_budget_t){
		.rate = rate,
		.milli = (uint64_t)rate * 1000,
		.last = now_ms,
	};
}

/*
 * Described in header
 */
bool imsaka_rebind_budget_take(imsaka_rebind_budget_t *budget,
							   uint64_t now_ms)
{
	uint64_t full = (uint64_t)budget->rate * 1000;

	if (now_ms > budget->last)
	{	/* rate tokens per s are rate thousandths per ms */
		budget->milli = min(full, budget->milli +
							(now_ms - budget->last) * budget->rate);
		budget->last = now_ms;
	}
	if (budget->milli < 1000)
	{
		return FALSE;
	}
	budget->milli -= 1000;
	return TRUE;
}

METHOD(imsaka_rebind_guard_t, check, imsaka_rebind_verdict_t,
	private_imsaka_rebind_guard_t *this, u_int sa, host_t *expected,
	host_t *src, uint32_t seq, uint32_t highest, uint64_t now_ms,
	imsaka_rebind_auth_t auth, void *data)
{
	if (src->equals(src, expected))
	{
		return IMSAKA_REBIND_SAME_SOURCE;
	}
	if (sa >= IMSAKA_REBIND_SAS)
	{
		return IMSAKA_REBIND_UNAUTHENTIC;
	}
	/* a genuine packet seen before (from the peer's old place, or here)
	 * must not move the binding; sequence number 0 is never sent */
	if (!seq || seq <= max(highest, this->highest[sa]))
	{
		return IMSAKA_REBIND_REPLAYED;
	}
	if (!imsaka_rebind_budget_take(&this->budget, now_ms) ||
		(this->shared && !imsaka_rebind_budget_take(this->shared, now_ms)))
	{
		return IMSAKA_REBIND_RATE_LIMITED;
	}
	/* the sequence number is raised only once authenticated, or a forged
	 * packet with a high one would block every later rebinding */
	if (!auth(data))
	{
		return IMSAKA_REBIND_UNAUTHENTIC;
	}
	this->highest[sa] = seq;
	return IMSAKA_REBIND_ACCEPT;
}

METHOD(imsaka_rebind_guard_t, destroy, void,
	private_imsaka_rebind_guard_t *this)
{
	free(this);
}

/*
 * Described in header
 */
imsaka_rebind_guard_t *imsaka_rebind_guard_create(u_int rate,
								imsaka_rebind_budget_t *shared,
								uint64_t now_ms)
{
	private_imsaka_rebind_guard_t *this;

	INIT(this,
		.public = {
			.check = _check,
			.destroy = _destroy,
		},
		.shared = shared,
	);
	imsaka_rebind_budget_init(&this->budget, rate, now_ms);
	return &this->public;
}

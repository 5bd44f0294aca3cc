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
 * @defgroup imsaka_rebind_guard imsaka_rebind_guard
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_REBIND_GUARD_H_
#define IMSAKA_REBIND_GUARD_H_

#include <library.h>
#include <networking/host.h>

typedef struct imsaka_rebind_guard_t imsaka_rebind_guard_t;
typedef struct imsaka_rebind_budget_t imsaka_rebind_budget_t;
typedef enum imsaka_rebind_verdict_t imsaka_rebind_verdict_t;

/** inbound SAs of a set, each with its own sequence numbers */
#define IMSAKA_REBIND_SAS 2

/**
 * What an ESP packet from an unexpected source may do to a set's binding.
 */
enum imsaka_rebind_verdict_t {
	/** it comes from where the peer is expected: nothing to do */
	IMSAKA_REBIND_SAME_SOURCE,
	/** its sequence number is not above the highest authenticated one */
	IMSAKA_REBIND_REPLAYED,
	/** too many packets were verified lately: not verified */
	IMSAKA_REBIND_RATE_LIMITED,
	/** its ICV does not verify */
	IMSAKA_REBIND_UNAUTHENTIC,
	/** authentic and fresh: the peer moved to its source */
	IMSAKA_REBIND_ACCEPT,
};

/**
 * Names of imsaka_rebind_verdict_t: "same-source", "replayed",
 * "rate-limited", "unauthentic", "accept".
 */
extern enum_name_t *imsaka_rebind_verdict_names;

/**
 * A token bucket bounding verification work: rate tokens per second, at
 * most rate in reserve. Not thread-safe.
 */
struct imsaka_rebind_budget_t {

	/** tokens per second, 0 to refuse everything */
	u_int rate;

	/** tokens in reserve, in thousandths */
	uint64_t milli;

	/** time of the last refill, ms */
	uint64_t last;
};

/**
 * Start a budget with a full reserve.
 *
 * @param budget	budget to initialise
 * @param rate		tokens per second
 * @param now_ms	current time, monotonic ms
 */
void imsaka_rebind_budget_init(imsaka_rebind_budget_t *budget, u_int rate,
							   uint64_t now_ms);

/**
 * Take one token.
 *
 * @param budget	budget
 * @param now_ms	current time, monotonic ms (never going back)
 * @return			FALSE if none is left
 */
bool imsaka_rebind_budget_take(imsaka_rebind_budget_t *budget,
							   uint64_t now_ms);

/**
 * Authenticates the packet under examination (its ICV with the SA's keys).
 *
 * @param data		data passed to check()
 * @return			TRUE if authentic
 */
typedef bool (*imsaka_rebind_auth_t)(void *data);

/**
 * Decides whether an ESP packet that arrives on an inbound SA of an SA set
 * from another source than the peer's known outer address moves the set
 * to that source (NAT rebinding, RFC 3948 / RFC 7296 2.23): only if it is
 * authentic and newer than every packet authenticated on the SA so far, so
 * that neither a forged packet nor a replayed genuine one moves it. The
 * cheap checks come first; the authentication is rate limited per set and,
 * with a shared budget, over all sets.
 *
 * Not thread-safe: one per set, used under the owner's lock.
 */
struct imsaka_rebind_guard_t {

	/**
	 * Examine a packet.
	 *
	 * @param sa		which inbound SA of the set, 0..IMSAKA_REBIND_SAS-1
	 * @param expected	outer address and port the peer is known at
	 * @param src		outer source address and port of the packet
	 * @param seq		ESP sequence number of the packet
	 * @param highest	highest sequence number the data plane has
	 *					authenticated on the SA, 0 if none or unknown
	 * @param now_ms	current time, monotonic ms
	 * @param auth		authenticates the packet, called last
	 * @param data		data for auth
	 * @return			verdict; on IMSAKA_REBIND_ACCEPT seq is the SA's
	 *					highest authenticated sequence number from now on
	 */
	imsaka_rebind_verdict_t (*check)(imsaka_rebind_guard_t *this, u_int sa,
								host_t *expected, host_t *src, uint32_t seq,
								uint32_t highest, uint64_t now_ms,
								imsaka_rebind_auth_t auth, void *data);

	/**
	 * Destroy the guard.
	 */
	void (*destroy)(imsaka_rebind_guard_t *this);
};

/**
 * Create a guard for one SA set.
 *
 * @param rate		verifications per second for this set
 * @param shared	budget shared by all sets, NULL for none; not owned
 * @param now_ms	current time, monotonic ms
 * @return			guard
 */
imsaka_rebind_guard_t *imsaka_rebind_guard_create(u_int rate,
								imsaka_rebind_budget_t *shared,
								uint64_t now_ms);

#endif /** IMSAKA_REBIND_GUARD_H_ @}*/

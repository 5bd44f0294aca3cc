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
 * @defgroup imsaka_counters imsaka_counters
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_COUNTERS_H_
#define IMSAKA_COUNTERS_H_

#include <library.h>

typedef struct imsaka_counters_t imsaka_counters_t;
typedef enum imsaka_counter_t imsaka_counter_t;

/**
 * What the plugin counts since charon started, in the order stats reports
 * it (docs/CONTROL.md, stats).
 */
enum imsaka_counter_t {
	/** temporary SA sets installed (sa-install, sa-prepare) */
	IMSAKA_COUNTER_SETS_INSTALLED,
	/** temporary SA sets promoted (sa-promote) */
	IMSAKA_COUNTER_SETS_PROMOTED,
	/** SA sets removed, for any reason: sa-remove, expiry, replaced by a
	 * promotion, the old set after the current one carried traffic, their
	 * context deleted */
	IMSAKA_COUNTER_SETS_REMOVED,
	/** temporary SA sets a request asked for and did not get */
	IMSAKA_COUNTER_SETS_INSTALL_FAILED,
	/** NAT-keepalives handed to charon's sender */
	IMSAKA_COUNTER_KEEPALIVES_SENT,
	/** peers followed to a new outer address with at least one set */
	IMSAKA_COUNTER_NAT_MAPPINGS_FOLLOWED,
	/** ERR replies, one counter per error code */
	IMSAKA_COUNTER_ERRORS_SYNTAX,
	IMSAKA_COUNTER_ERRORS_COMMAND,
	IMSAKA_COUNTER_ERRORS_PARAM,
	IMSAKA_COUNTER_ERRORS_VERSION,
	IMSAKA_COUNTER_ERRORS_CTX,
	IMSAKA_COUNTER_ERRORS_STATE,
	IMSAKA_COUNTER_ERRORS_AUTH,
	IMSAKA_COUNTER_ERRORS_SYNC,
	IMSAKA_COUNTER_ERRORS_UNSUPPORTED,
	IMSAKA_COUNTER_ERRORS_KERNEL,
	IMSAKA_COUNTER_ERRORS_RESOURCE,
	/** number of counters */
	IMSAKA_COUNTER_MAX,
};

/**
 * Names of imsaka_counter_t as stats reports them: "sets-installed", ...,
 * "errors-<code>" for the error codes.
 */
extern enum_name_t *imsaka_counter_names;

/**
 * The plugin's event counters: a few numbers bumped where the events
 * happen, read by stats.
 *
 * Thread-safe: charon's threads count at the same time without a lock.
 */
struct imsaka_counters_t {

	/**
	 * Count one event.
	 *
	 * @param which		counter
	 */
	void (*count)(imsaka_counters_t *this, imsaka_counter_t which);

	/**
	 * Count a reply by its error code if it is an error reply.
	 *
	 * @param reply		untagged reply text, "ERR <code> <message>" or any
	 *					other reply (not counted)
	 * @return			FALSE if an ERR reply has a code without counter
	 */
	bool (*count_reply)(imsaka_counters_t *this, const char *reply);

	/**
	 * Read a counter.
	 *
	 * @param which		counter
	 * @return			events counted so far, 0 for an unknown counter
	 */
	uint64_t (*get)(imsaka_counters_t *this, imsaka_counter_t which);

	/**
	 * Destroy the counters.
	 */
	void (*destroy)(imsaka_counters_t *this);
};

/**
 * Create the counters, all 0.
 *
 * @return			counters
 */
imsaka_counters_t *imsaka_counters_create();

/**
 * Count one event where counters are optional: the one line of a hook.
 *
 * @param counters	counters, NULL to count nothing
 * @param which		counter
 */
static inline void imsaka_counters_bump(imsaka_counters_t *counters,
										imsaka_counter_t which)
{
	if (counters)
	{
		counters->count(counters, which);
	}
}

/**
 * Count an error reply where counters are optional.
 *
 * @param counters	counters, NULL to count nothing
 * @param reply		untagged reply text
 */
static inline void imsaka_counters_bump_reply(imsaka_counters_t *counters,
											  const char *reply)
{
	if (counters && reply)
	{
		counters->count_reply(counters, reply);
	}
}

#endif /** IMSAKA_COUNTERS_H_ @}*/

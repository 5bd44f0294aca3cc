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
 * @defgroup sip_timers sip_timers
 * @{ @ingroup sip_frontend
 * One-shot timers of the transport's loop: a binary min-heap ordered by due
 * time (monotonic clock) and, for equal times, by creation.
 */

#ifndef SIP_TIMERS_H_
#define SIP_TIMERS_H_

#include <stdbool.h>
#include <stdint.h>

typedef struct sip_timers_t sip_timers_t;

/**
 * Called when a timer fires.
 *
 * @param data		data given to add()
 */
typedef void (*sip_timer_cb_t)(void *data);

/**
 * A set of one-shot timers.
 */
struct sip_timers_t {

	/**
	 * Add a timer.
	 *
	 * @param due_ms	when it fires, sip_timers_now() based
	 * @param cb		callback
	 * @param data		data for cb
	 * @return			id, never 0
	 */
	uint32_t (*add)(sip_timers_t *this, uint64_t due_ms, sip_timer_cb_t cb,
					void *data);

	/**
	 * Remove a timer that has not fired; unknown ids are ignored.
	 *
	 * @param id		id from add()
	 */
	void (*cancel)(sip_timers_t *this, uint32_t id);

	/**
	 * When the next timer is due.
	 *
	 * @param due_ms	receives its time
	 * @return			FALSE if there is no timer
	 */
	bool (*next)(sip_timers_t *this, uint64_t *due_ms);

	/**
	 * Remove the earliest timer if it is due.
	 *
	 * @param now_ms	current time
	 * @param cb		receives its callback
	 * @param data		receives its data
	 * @return			FALSE if none is due
	 */
	bool (*pop_due)(sip_timers_t *this, uint64_t now_ms, sip_timer_cb_t *cb,
					void **data);

	/**
	 * Number of timers.
	 *
	 * @return			count
	 */
	uint32_t (*count)(sip_timers_t *this);

	/**
	 * Drop every timer and free the set.
	 */
	void (*destroy)(sip_timers_t *this);
};

/**
 * Current time of the monotonic clock.
 *
 * @return			milliseconds
 */
uint64_t sip_timers_now(void);

/**
 * Create an empty set.
 *
 * @return			timers
 */
sip_timers_t *sip_timers_create(void);

#endif /** SIP_TIMERS_H_ @}*/

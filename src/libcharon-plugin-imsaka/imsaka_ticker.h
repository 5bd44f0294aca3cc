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
 * @defgroup imsaka_ticker imsaka_ticker
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_TICKER_H_
#define IMSAKA_TICKER_H_

#include <library.h>

typedef struct imsaka_ticker_t imsaka_ticker_t;

/**
 * Callback of a ticker.
 *
 * @param data		data given to imsaka_ticker_create()
 */
typedef void (*imsaka_ticker_cb_t)(void *data);

/**
 * One recurring job on lib->scheduler calling back at a fixed interval.
 *
 * The scheduler cannot remove a queued job, so the job holds a reference to
 * the ticker rather than to the object it serves: after destroy() a queued
 * job finds nothing to call and frees the ticker. Ticks are scheduled at
 * absolute monotonic times so they do not drift; after a stall they go on
 * from now instead of firing back to back.
 */
struct imsaka_ticker_t {

	/**
	 * Stop calling back. Waits for a callback in progress; no callback
	 * runs once this returns.
	 */
	void (*destroy)(imsaka_ticker_t *this);
};

/**
 * Create a ticker and schedule its first tick one interval from now.
 *
 * @param cb			callback, run on a scheduler worker thread
 * @param data			data for cb
 * @param interval_ms	interval in ms, > 0
 * @return				ticker
 */
imsaka_ticker_t *imsaka_ticker_create(imsaka_ticker_cb_t cb, void *data,
									  u_int interval_ms);

#endif /** IMSAKA_TICKER_H_ @}*/

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
 * @defgroup imsaka_keepalive imsaka_keepalive
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_KEEPALIVE_H_
#define IMSAKA_KEEPALIVE_H_

#include <library.h>
#include <networking/host.h>

typedef struct imsaka_keepalive_t imsaka_keepalive_t;

/**
 * Default keep-alive interval in ms, the interval RFC 3948 section 4
 * suggests (the option charon.plugins.imsaka.keepalive.interval is read in
 * seconds by the plugin).
 */
#define IMSAKA_KEEPALIVE_INTERVAL_DEFAULT 20000

/**
 * Default tick of the timing wheel in ms, the granularity of the jitter
 * (the option charon.plugins.imsaka.keepalive.tick is in seconds).
 */
#define IMSAKA_KEEPALIVE_TICK_DEFAULT 1000

/**
 * Send one NAT-keepalive from src to dst.
 *
 * Called with the keep-alive object locked: it must be cheap (queue the
 * packet, do not wait for it) and must not call back into the object.
 *
 * @param data		data passed to imsaka_keepalive_create()
 * @param src		local address and port, owned by the caller
 * @param dst		peer's address and port, owned by the caller
 */
typedef void (*imsaka_keepalive_send_t)(void *data, host_t *src, host_t *dst);

/**
 * NAT-keepalives (RFC 3948) for SA sets of the side behind a NAT.
 *
 * A timing wheel of interval / tick buckets, advanced by one recurring
 * scheduler job per object, not one job per binding. Each binding sits in
 * one bucket chosen at random when added (its phase, the jitter that keeps
 * many UEs from sending at once) and so fires once per revolution, which is
 * once per interval. Adding, removing and updating a binding is O(1); a
 * tick costs the number of bindings in its bucket. All methods are
 * thread-safe.
 *
 * The scheduler job runs only while lib->processor has threads. Hosts
 * running charon must flush lib->scheduler before unloading the plugin
 * (charon does), as a job may outlive destroy() until its next tick.
 */
struct imsaka_keepalive_t {

	/**
	 * Start sending keep-alives from src to dst.
	 *
	 * The first keep-alive goes out within one interval.
	 *
	 * @param src		local address and port (4500), cloned or shared with
	 *				bindings from the same address and port
	 * @param dst		peer's address and port, cloned
	 * @return			binding id, > 0
	 */
	uintptr_t (*add)(imsaka_keepalive_t *this, host_t *src, host_t *dst);

	/**
	 * Stop sending keep-alives of a binding. Once this returns, the send
	 * callback is not called for it any more.
	 *
	 * @param id		id returned by add()
	 * @return			FALSE if no such binding
	 */
	bool (*remove)(imsaka_keepalive_t *this, uintptr_t id);

	/**
	 * Change the peer's address or port of a binding, e.g. after a NAT
	 * rebinding. The binding keeps its phase.
	 *
	 * @param id		id returned by add()
	 * @param dst		new peer address and port, cloned
	 * @return			FALSE if no such binding
	 */
	bool (*update)(imsaka_keepalive_t *this, uintptr_t id, host_t *dst);

	/**
	 * Send one keep-alive of a binding now, out of its phase, e.g. right
	 * after add() so that the NAT creates its mapping at once rather than
	 * up to one interval later. The binding keeps its phase.
	 *
	 * @param id		id returned by add()
	 * @return			FALSE if no such binding
	 */
	bool (*kick)(imsaka_keepalive_t *this, uintptr_t id);

	/**
	 * Number of bindings.
	 *
	 * @return			count
	 */
	u_int (*count)(imsaka_keepalive_t *this);

	/**
	 * Advance the wheel by one tick now, sending the keep-alives due.
	 *
	 * The scheduler job calls this once per tick; tests and benchmarks call
	 * it directly to drive the wheel in deterministic time.
	 *
	 * @return			number of keep-alives sent
	 */
	u_int (*run_tick)(imsaka_keepalive_t *this);

	/**
	 * Destroy the object, its bindings and stop its scheduler job.
	 */
	void (*destroy)(imsaka_keepalive_t *this);
};

/**
 * Create a keep-alive object and schedule its tick job on lib->scheduler.
 *
 * The interval is rounded to a whole number of ticks, at least one.
 *
 * @param send			callback sending one keep-alive
 * @param data			data passed to send
 * @param interval_ms	interval between keep-alives of a binding, in ms,
 *						0 for IMSAKA_KEEPALIVE_INTERVAL_DEFAULT
 * @param tick_ms		tick of the wheel, in ms, 0 for
 *						IMSAKA_KEEPALIVE_TICK_DEFAULT
 * @return				keep-alive object
 */
imsaka_keepalive_t *imsaka_keepalive_create(imsaka_keepalive_send_t send,
								void *data, u_int interval_ms, u_int tick_ms);

/**
 * Send callback for charon: one byte 0xFF from src to dst through charon's
 * sender, without a non-ESP marker (RFC 3948 section 2.3), so with src port
 * 4500 it leaves through charon's NAT-T socket.
 *
 * @param data		imsaka_counters_t counting the keep-alives sent, NULL
 *					for none
 * @param src		local address and port
 * @param dst		peer's address and port
 */
void imsaka_keepalive_send_charon(void *data, host_t *src, host_t *dst);

#endif /** IMSAKA_KEEPALIVE_H_ @}*/

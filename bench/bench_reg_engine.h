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
 * @defgroup bench_reg_engine bench_reg_engine
 * @{ @ingroup bench
 *
 * The transactions of the emulated UEs of the registration benchmark: one
 * non-blocking UDP socket per UE port (each UE sends from its own address,
 * sendmsg() with IP_PKTINFO), a slot per outstanding transaction, lost
 * messages sent again (500 ms, doubling, 5 tries). A registration is two
 * REGISTERs (the first challenged with 401, the second answering it, done
 * on the 200); a MESSAGE is one request, done on its final response. When
 * a UE registers is up to the fleet schedule (bench_reg_fleet); the
 * drivers (plain rate run, storm, soak, failover) are told of results
 * through hooks.
 */

#ifndef BENCH_REG_ENGINE_H_
#define BENCH_REG_ENGINE_H_

#include "bench_reg_fleet.h"
#include "bench_reg_transport.h"
#include "bench_reg_ue.h"

typedef struct bench_reg_engine_t bench_reg_engine_t;

/**
 * What happened in one phase.
 */
typedef struct {
	/** registrations done (of them protected re-registrations), attempts
	 * failed */
	unsigned registered, again, failed;
	/** failed: no answer after 5 tries, 5xx, 503 with Retry-After */
	unsigned timeouts, server_errors, retry_after;
	/** messages sent again, responses not matched */
	unsigned retransmissions, stray;
	/** sum of registration times, ms */
	double latency_sum;
	/** MESSAGEs sent, answered with 200, failed (no answer or another
	 * final response) */
	unsigned messages, messages_ok, messages_failed;
} bench_reg_counters_t;

/**
 * What a driver is told; every member may be NULL.
 */
typedef struct {
	/** a UE's attempt ended with its 200 (the fleet has noted it) */
	void (*registered)(void *ctx, unsigned ue, double now);
	/** a UE's attempt failed, before the fleet schedules its next one;
	 * retry_after: a 503 with Retry-After (the UE stays with its unit) */
	void (*failed)(void *ctx, unsigned ue, bool retry_after);
	/** a UE's MESSAGE ended: 200 or not */
	void (*message)(void *ctx, unsigned ue, bool ok, double now);
	/** passed to each */
	void *ctx;
} bench_reg_hooks_t;

/**
 * Create the engine: its sockets and slots.
 *
 * @param conf		settings (kept; a driver may move UEs between units)
 * @param fleet		schedule of the UEs (kept)
 * @param n			number of UEs
 * @param slots		most transactions outstanding at once
 * @param retry		TRUE: a failed attempt is tried again after the backoff
 * @param period_ms	soak: re-registration period, 0 if none
 * @return			engine, NULL on failure (said on stderr)
 */
bench_reg_engine_t *bench_reg_engine_create(bench_reg_conf_t *conf,
											bench_reg_fleet_t *fleet,
											unsigned n, unsigned slots,
											bool retry, double period_ms);

/**
 * Set the hooks.
 *
 * @param this		engine
 * @param hooks		copied
 */
void bench_reg_engine_hooks(bench_reg_engine_t *this,
							const bench_reg_hooks_t *hooks);

/**
 * The counters of the current phase.
 *
 * @param this		engine
 * @return			counters, changed by the engine
 */
bench_reg_counters_t *bench_reg_engine_counters(bench_reg_engine_t *this);

/**
 * Start a new phase: counters set to zero.
 *
 * @param this		engine
 */
void bench_reg_engine_reset(bench_reg_engine_t *this);

/**
 * Start attempts of the UEs the fleet makes due, at most window
 * transactions outstanding.
 *
 * @param this		engine
 * @param window	most outstanding
 */
void bench_reg_engine_start_due(bench_reg_engine_t *this, unsigned window);

/**
 * Send a MESSAGE of a registered UE with no transaction outstanding.
 *
 * @param this		engine
 * @param ue		UE number
 * @return			FALSE if the UE has a transaction outstanding or no
 *					slot is free
 */
bool bench_reg_engine_message(bench_reg_engine_t *this, unsigned ue);

/**
 * Wait up to 50 ms for responses and handle them; every 50 ms the
 * retransmissions and the UEs whose wait passed.
 *
 * @param this		engine
 */
void bench_reg_engine_step(bench_reg_engine_t *this);

/**
 * Transactions outstanding.
 *
 * @param this		engine
 * @return			count
 */
unsigned bench_reg_engine_outstanding(bench_reg_engine_t *this);

/**
 * Give up the transactions outstanding (counted as failed, not tried
 * again).
 *
 * @param this		engine
 */
void bench_reg_engine_give_up(bench_reg_engine_t *this);

/**
 * Register the UEs the fleet makes due, at most window at a time, until
 * none is left or limit_ms passed (the rest given up); counters reset
 * first.
 *
 * @param this		engine
 * @param window	most outstanding
 * @param limit_ms	time limit, ms
 * @return			the ms it took
 */
double bench_reg_engine_run(bench_reg_engine_t *this, unsigned window,
							double limit_ms);

/**
 * Print the counters of the phase as "<prefix>name: value" lines.
 *
 * @param this		engine
 * @param prefix	before every name
 * @param ms		length of the phase, ms
 */
void bench_reg_engine_print(bench_reg_engine_t *this, const char *prefix,
							double ms);

/**
 * Close the sockets, free the slots.
 *
 * @param this		engine
 */
void bench_reg_engine_destroy(bench_reg_engine_t *this);

#endif /** BENCH_REG_ENGINE_H_ @}*/

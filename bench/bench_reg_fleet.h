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
 * @defgroup bench_reg_fleet bench_reg_fleet
 * @{ @ingroup bench
 *
 * When each emulated UE of the registration benchmark registers: a queue
 * of UEs due to start an attempt, and for a UE whose attempt failed the
 * wait of RFC 5626 section 4.5 before its next one,
 * min(max-time, base-time * 2^consecutive-failures) scaled by a random
 * factor in [0.5, 1.0], or the Retry-After of a 503. Also when each UE's
 * registration last succeeded, for the outage figures of a storm, and
 * when a registered UE is due to register again (soak).
 */

#ifndef BENCH_REG_FLEET_H_
#define BENCH_REG_FLEET_H_

#include <stdbool.h>

typedef struct bench_reg_fleet_t bench_reg_fleet_t;

/**
 * Create the schedule of n UEs, none of them due yet.
 *
 * @param n			number of UEs
 * @param base_ms	RFC 5626 base-time, ms
 * @param max_ms	RFC 5626 max-time, ms
 * @param seed		seed of the random factors
 * @return			schedule, NULL if out of memory
 */
bench_reg_fleet_t *bench_reg_fleet_create(unsigned n, double base_ms,
										  double max_ms, unsigned seed);

/**
 * Make every UE due at once, as not registered, with no failures counted.
 *
 * @param this		schedule
 */
void bench_reg_fleet_queue_all(bench_reg_fleet_t *this);

/**
 * Queue every UE as not registered, with no failures counted, the first
 * due now and each next one 1 / rate later: a steady offered load.
 *
 * @param this		schedule
 * @param rate		attempts started per second
 * @param now		time, ms
 */
void bench_reg_fleet_queue_paced(bench_reg_fleet_t *this, double rate,
								 double now);

/**
 * Take the next UE due to start an attempt.
 *
 * @param this		schedule
 * @param cseq		set to the CSeq number of the attempt's first REGISTER
 *					(two per attempt, rising across attempts)
 * @return			UE number, -1 if none is due
 */
int bench_reg_fleet_next(bench_reg_fleet_t *this, unsigned *cseq);

/**
 * Note that a UE's attempt ended with its 200.
 *
 * @param this		schedule
 * @param ue		UE number
 * @param now		time, ms
 */
void bench_reg_fleet_registered(bench_reg_fleet_t *this, unsigned ue,
								double now);

/**
 * Note that a UE's attempt failed.
 *
 * @param this		schedule
 * @param ue		UE number
 * @param now		time, ms
 * @param retry		FALSE: the UE gives up for good; TRUE: it tries again
 *					after a wait
 * @param retry_after_ms	the wait a 503 asked for, < 0 if none: then the
 *					RFC 5626 backoff
 */
void bench_reg_fleet_failed(bench_reg_fleet_t *this, unsigned ue, double now,
							bool retry, double retry_after_ms);

/**
 * A registered UE learnt at time now that its registration is gone (its
 * P-CSCF unit died): it waits the RFC 5626 section 4.5 backoff of no
 * failure yet, min(max-time, base-time) scaled by a random factor in
 * [0.5, 1.0], from now (or starts at now without backoff), then
 * registers again; its later failures back off from there.
 *
 * @param this		schedule
 * @param ue		UE number
 * @param now		when the UE learnt it, ms (may lie in the future)
 * @param backoff	FALSE: no wait, due at now
 */
void bench_reg_fleet_lost(bench_reg_fleet_t *this, unsigned ue, double now,
						  bool backoff);

/**
 * Make a UE with nothing to do (registered) due at a later time: its
 * next re-registration.
 *
 * @param this		schedule
 * @param ue		UE number
 * @param when		when it is due, ms
 */
void bench_reg_fleet_schedule(bench_reg_fleet_t *this, unsigned ue,
							  double when);

/**
 * Make due the UEs whose wait has passed.
 *
 * @param this		schedule
 * @param now		time, ms
 */
void bench_reg_fleet_wake(bench_reg_fleet_t *this, double now);

/**
 * Whether every UE registered or gave up.
 *
 * @param this		schedule
 * @return			TRUE if nothing is due, waiting or in progress
 */
bool bench_reg_fleet_finished(bench_reg_fleet_t *this);

/**
 * Number of UEs registered since the last bench_reg_fleet_queue_all().
 *
 * @param this		schedule
 * @return			count
 */
unsigned bench_reg_fleet_registered_count(bench_reg_fleet_t *this);

/**
 * Most attempts one UE made since the last bench_reg_fleet_queue_all().
 *
 * @param this		schedule
 * @return			count
 */
unsigned bench_reg_fleet_max_attempts(bench_reg_fleet_t *this);

/**
 * A percentile of the times from since to each registered UE's 200.
 *
 * @param this		schedule
 * @param since		start, ms
 * @param p			percentile, 0..100 (100: the last UE)
 * @return			ms, 0 if no UE registered
 */
double bench_reg_fleet_percentile(bench_reg_fleet_t *this, double since,
								  double p);

/**
 * Free the schedule.
 *
 * @param this		schedule
 */
void bench_reg_fleet_destroy(bench_reg_fleet_t *this);

#endif /** BENCH_REG_FLEET_H_ @}*/

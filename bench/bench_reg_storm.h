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
 * @defgroup bench_reg_storm bench_reg_storm
 * @{ @ingroup bench
 *
 * The storm of bench/run-registration.sh: after every UE registered, the
 * program prints "ready" and reads a line "storm <seconds>" on stdin: the
 * registrations are gone (the P-CSCF and its charon were killed at that
 * CLOCK_REALTIME time and restarted), as a phone learns from a failed
 * re-registration or keepalive. Every UE then registers again at once (no
 * window, new SPIs), a failed attempt waits the RFC 5626 backoff (or a
 * 503's Retry-After) and tries again, until all are registered or the
 * time limit passes; outage per UE is from the kill to its 200.
 */

#ifndef BENCH_REG_STORM_H_
#define BENCH_REG_STORM_H_

#include "bench_reg_engine.h"

/**
 * Run the storm and print its "storm ..." figures.
 *
 * @param engine	engine, every UE registered (slots for all UEs)
 * @param fleet		its schedule
 * @param conf		settings (the UEs' SPIs are changed)
 * @param n			number of UEs
 * @param base_ms	RFC 5626 base-time used, ms (printed)
 * @param max_ms	RFC 5626 max-time used, ms (printed)
 * @param limit_ms	time limit, ms
 * @return			TRUE if every UE registered again
 */
bool bench_reg_storm_run(bench_reg_engine_t *engine, bench_reg_fleet_t *fleet,
						 bench_reg_conf_t *conf, unsigned n, double base_ms,
						 double max_ms, double limit_ms);

#endif /** BENCH_REG_STORM_H_ @}*/

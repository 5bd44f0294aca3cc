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
 * @defgroup bench_reg_soak bench_reg_soak
 * @{ @ingroup bench
 *
 * The soak of bench/run-soak.sh: every UE registers (window W) asking for
 * Expires 2 * PERIOD, and re-registers PERIOD after each 200 (TS 24.229
 * 5.1.1.4: at half the expiry when it is at most 1200 s), for SECONDS
 * after the last UE's first 200. A re-registration is a protected
 * re-REGISTER from the port_c of the set in force offering the UE's next
 * set (new SPIs, another port_c, TS 33.203 7.4) with the Security-Verify
 * of the set in force; challenged, its SM7 goes from the new port_c. A
 * failed attempt waits the RFC 5626 backoff, then the UE starts over with
 * an unprotected SM1 (offering the next set). Prints "soak progress: ..."
 * lines every 5 s while it runs; then the UEs' attempts in progress are
 * finished (none started), and the totals.
 */

#ifndef BENCH_REG_SOAK_H_
#define BENCH_REG_SOAK_H_

#include "bench_reg_engine.h"

/**
 * Run the soak and print its "soak ..." figures.
 *
 * @param engine	engine made with the period
 * @param fleet		its schedule
 * @param conf		settings (rotate_sets, expires)
 * @param n			number of UEs
 * @param period_ms	re-registration period, ms
 * @param window	registrations outstanding
 * @param limit_ms	limit of the first registration of every UE, ms
 * @param soak_ms	how long after that, ms
 * @return			TRUE if every UE registered and no attempt failed
 */
bool bench_reg_soak_run(bench_reg_engine_t *engine, bench_reg_fleet_t *fleet,
						bench_reg_conf_t *conf, unsigned n, double period_ms,
						unsigned window, double limit_ms, double soak_ms);

#endif /** BENCH_REG_SOAK_H_ @}*/

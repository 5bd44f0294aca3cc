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
 * @defgroup bench_reg_failover bench_reg_failover
 * @{ @ingroup bench
 *
 * The failover of bench/run-fleet.sh (TS 23.380 P-CSCF restoration over a
 * fleet of P-CSCF units): every UE registers with its unit (UE i on unit
 * i % units), the program prints "ready" and reads a line
 * "kill <unit> <seconds>" on stdin: that unit died at that CLOCK_REALTIME
 * time. Its UEs learn it after a detection delay (a phone's failed
 * keep-alive probe or transaction timeout: the probe interval), wait the
 * RFC 5626 section 4.5 backoff from then and register from SM1 on the
 * next live unit (round-robin over the survivors); a 503 with Retry-After
 * makes a UE wait that long and stay with its unit, another failure makes
 * it back off and try the next survivor. After its 200 each moved UE
 * sends a MESSAGE through its new unit; its outage ends with that
 * MESSAGE's 200. Meanwhile UEs on the surviving units send MESSAGEs at a
 * steady rate, counted apart (isolation).
 */

#ifndef BENCH_REG_FAILOVER_H_
#define BENCH_REG_FAILOVER_H_

#include "bench_reg_engine.h"

/**
 * How the failover runs.
 */
typedef struct {
	/** registrations outstanding while every UE registers first */
	unsigned window;
	/** limit of that first registration, ms */
	double first_limit_ms;
	/** limit of the failover from the kill, ms */
	double limit_ms;
	/** from the kill until the UEs know, ms */
	double detect_ms;
	/** FALSE: every moved UE registers at once when it knows (the storm) */
	bool backoff;
	/** RFC 5626 base-time and max-time, ms (printed) */
	double base_ms, max_ms;
	/** MESSAGEs per second from the UEs of the surviving units */
	double message_rate;
} bench_reg_failover_conf_t;

/**
 * Run the failover and print its "failover ..." figures.
 *
 * @param engine	engine with slots for every UE, failed attempts tried
 *					again
 * @param fleet		its schedule
 * @param conf		settings: the units, unit_of set for every UE
 * @param n			number of UEs
 * @param fo		how it runs
 * @return			TRUE if every moved UE registered and had its MESSAGE
 *					answered
 */
bool bench_reg_failover_run(bench_reg_engine_t *engine,
							bench_reg_fleet_t *fleet, bench_reg_conf_t *conf,
							unsigned n, const bench_reg_failover_conf_t *fo);

#endif /** BENCH_REG_FAILOVER_H_ @}*/

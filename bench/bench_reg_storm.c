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

#include "bench_reg_storm.h"

#include <stdio.h>

/*
 * Described in header
 */
bool bench_reg_storm_run(bench_reg_engine_t *engine, bench_reg_fleet_t *fleet,
						 bench_reg_conf_t *conf, unsigned n, double base_ms,
						 double max_ms, double limit_ms)
{
	bench_reg_counters_t *cnt = bench_reg_engine_counters(engine);
	char line[128];
	double kill_real, kill_ms, storm_ms, ms;
	unsigned registered;

	/* a UE registering while it holds its old set offers other SPIs */
	conf->spi_gen = 1;
	if (!bench_reg_ue_prepare(conf, n))
	{
		fprintf(stderr, "bench_reg_load: preparing the UEs failed\n");
		return false;
	}
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin) ||
		sscanf(line, "storm %lf", &kill_real) != 1)
	{
		fprintf(stderr, "bench_reg_load: no \"storm <seconds>\" line\n");
		return false;
	}
	storm_ms = bench_reg_now_ms();
	kill_ms = storm_ms - (bench_reg_real_ms() - kill_real * 1000.0);
	bench_reg_fleet_queue_all(fleet);
	ms = bench_reg_engine_run(engine, n, limit_ms);
	registered = bench_reg_fleet_registered_count(fleet);
	printf("storm ues: %u\n", n);
	printf("storm backoff base s: %.3f\n", base_ms / 1000);
	printf("storm backoff max s: %.3f\n", max_ms / 1000);
	printf("storm restart s: %.3f\n", (storm_ms - kill_ms) / 1000);
	bench_reg_engine_print(engine, "storm ", ms);
	printf("storm timeouts: %u\n", cnt->timeouts);
	printf("storm 5xx: %u\n", cnt->server_errors);
	printf("storm 503 retry-after: %u\n", cnt->retry_after);
	printf("storm most attempts per UE: %u\n",
		   bench_reg_fleet_max_attempts(fleet));
	printf("storm permanent failures: %u\n", n - registered);
	if (registered == n)
	{
		printf("storm restoration s: %.3f\n",
			   bench_reg_fleet_percentile(fleet, kill_ms, 100) / 1000);
	}
	else
	{
		printf("storm restoration s: none\n");
	}
	printf("storm outage p50 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 50) / 1000);
	printf("storm outage p95 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 95) / 1000);
	printf("storm outage p99 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 99) / 1000);
	return registered == n;
}

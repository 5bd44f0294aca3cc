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

#include "bench_reg_soak.h"

#include <stdio.h>

/** progress lines every, ms */
#define PROGRESS_MS 5000

/** longest wait for the attempts in progress at the end, ms */
#define SOAK_DRAIN_MS 60000

/*
 * Described in header
 */
bool bench_reg_soak_run(bench_reg_engine_t *engine, bench_reg_fleet_t *fleet,
						bench_reg_conf_t *conf, unsigned n, double period_ms,
						unsigned window, double limit_ms, double soak_ms)
{
	bench_reg_counters_t *cnt = bench_reg_engine_counters(engine);
	double t0, all = -1, end = -1, next_progress, now;
	unsigned registered;

	bench_reg_engine_reset(engine);
	t0 = bench_reg_now_ms();
	next_progress = t0 + PROGRESS_MS;
	bench_reg_fleet_queue_all(fleet);
	for (;;)
	{
		now = bench_reg_now_ms();
		if (end < 0)
		{
			bench_reg_engine_start_due(engine, window);
		}
		if (all < 0 && bench_reg_fleet_registered_count(fleet) == n)
		{
			all = now;
			printf("soak all registered s: %.3f\n", (all - t0) / 1000);
			fflush(stdout);
		}
		if (all < 0 && now - t0 > limit_ms)
		{
			fprintf(stderr, "bench_reg_load: not every UE registered in "
					"%.0f s\n", limit_ms / 1000);
			bench_reg_engine_give_up(engine);
			break;
		}
		if (end < 0 && all >= 0 && now - all >= soak_ms)
		{	/* no new attempts: finish those in progress */
			end = now;
		}
		if (end >= 0 && (!bench_reg_engine_outstanding(engine) ||
						 now - end > SOAK_DRAIN_MS))
		{
			bench_reg_engine_give_up(engine);
			break;
		}
		if (now >= next_progress)
		{
			next_progress += PROGRESS_MS;
			printf("soak progress: s=%.0f soak_s=%.0f registrations=%u "
				   "reregistrations=%u failed=%u outstanding=%u\n",
				   (now - t0) / 1000, all < 0 ? -1 : (now - all) / 1000,
				   cnt->registered, cnt->again, cnt->failed,
				   bench_reg_engine_outstanding(engine));
			fflush(stdout);
		}
		bench_reg_engine_step(engine);
	}
	registered = bench_reg_fleet_registered_count(fleet);
	now = bench_reg_now_ms();
	printf("soak ues: %u\n", n);
	printf("soak period s: %.3f\n", period_ms / 1000);
	printf("soak expires s: %u\n", conf->expires);
	printf("soak after all registered s: %.3f\n",
		   all < 0 ? 0 : ((end < 0 ? now : end) - all) / 1000);
	bench_reg_engine_print(engine, "soak ", now - t0);
	printf("soak reregistrations: %u\n", cnt->again);
	printf("soak timeouts: %u\n", cnt->timeouts);
	printf("soak 5xx: %u\n", cnt->server_errors);
	printf("soak ues registered at the end: %u\n", registered);
	return all >= 0 && !cnt->failed && registered == n;
}

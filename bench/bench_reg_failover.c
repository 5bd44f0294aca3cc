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

#include "bench_reg_failover.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/** wait before a moved UE sends its MESSAGE again after a failure, ms (a
 * 503 from the core edge says a few seconds) */
#define MESSAGE_RETRY_MS 2000

/** longest wait for the survivors' MESSAGEs outstanding at the end, ms */
#define DRAIN_MS 20000

/**
 * State of one failover run, the hooks' context.
 */
typedef struct {
	/** settings */
	bench_reg_conf_t *conf;
	/** engine */
	bench_reg_engine_t *engine;
	/** number of UEs */
	unsigned n;
	/** the surviving units, how many */
	unsigned survivors[BENCH_REG_UNITS], survivor_count;
	/** per UE: moved (was on the dead unit), index of its unit in
	 * survivors */
	bool *moved;
	unsigned char *survivor_of;
	/** per moved UE: when its MESSAGE got its 200, ms; < 0 not yet */
	double *done;
	/** per moved UE: when to send its MESSAGE again after a failure, ms;
	 * < 0 if not waiting */
	double *again;
	/** moved UEs waiting to send their MESSAGE again */
	unsigned waiting;
	/** moved UEs, of them without their MESSAGE's 200 yet */
	unsigned moved_count, left;
	/** MESSAGE failures of moved UEs */
	unsigned moved_message_failed;
	/** the survivors' MESSAGEs: answered 200, failed */
	unsigned g3_ok, g3_failed;
} failover_t;

/**
 * A UE's registration succeeded: a moved UE sends its MESSAGE
 */
static void on_registered(void *ctx, unsigned ue, double now)
{
	failover_t *this = ctx;

	if (this->moved[ue] && this->done[ue] < 0)
	{
		bench_reg_engine_message(this->engine, ue);
	}
}

/**
 * A UE's attempt failed: unless a 503 asked it to wait, a moved UE tries
 * the next survivor
 */
static void on_failed(void *ctx, unsigned ue, bool retry_after)
{
	failover_t *this = ctx;

	if (!this->moved[ue] || retry_after)
	{
		return;
	}
	this->survivor_of[ue] = (this->survivor_of[ue] + 1) %
							this->survivor_count;
	this->conf->unit_of[ue] = this->survivors[this->survivor_of[ue]];
	bench_reg_ue_rebuild(this->conf, ue);
}

/**
 * A MESSAGE ended
 */
static void on_message(void *ctx, unsigned ue, bool ok, double now)
{
	failover_t *this = ctx;

	if (!this->moved[ue])
	{
		if (ok)
		{
			this->g3_ok++;
		}
		else
		{
			this->g3_failed++;
		}
		return;
	}
	if (this->done[ue] >= 0)
	{
		return;
	}
	if (ok)
	{
		this->done[ue] = now;
		this->left--;
		return;
	}
	this->moved_message_failed++;
	this->again[ue] = now + MESSAGE_RETRY_MS;
	this->waiting++;
}

/**
 * Moved UEs whose MESSAGE failed send it again when their wait passed
 */
static void messages_again(failover_t *this)
{
	double now = bench_reg_now_ms();
	unsigned i;

	for (i = 0; this->waiting && i < this->n; i++)
	{
		if (this->again[i] >= 0 && this->again[i] <= now &&
			bench_reg_engine_message(this->engine, i))
		{
			this->again[i] = -1;
			this->waiting--;
		}
	}
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

/**
 * Print the outage percentiles of the moved UEs done, from since
 */
static void print_outage(failover_t *this, double since)
{
	static const double ps[] = { 50, 95, 99, 100 };
	static const char *names[] = { "p50", "p95", "p99", "max" };
	double *times;
	unsigned i, count = 0, at;

	times = malloc((this->moved_count + 1) * sizeof(*times));
	if (!times)
	{
		return;
	}
	for (i = 0; i < this->n; i++)
	{
		if (this->moved[i] && this->done[i] >= 0)
		{
			times[count++] = this->done[i] - since;
		}
	}
	qsort(times, count, sizeof(*times), compare_double);
	for (i = 0; i < 4; i++)
	{	/* nearest rank */
		at = ceil(ps[i] / 100.0 * count);
		at = at < 1 ? 1 : at > count ? count : at;
		printf("failover outage %s s: %.3f\n", names[i],
			   count ? times[at - 1] / 1000 : 0.0);
	}
	if (count == this->moved_count && count)
	{
		printf("failover restoration s: %.3f\n", times[count - 1] / 1000);
	}
	else
	{
		printf("failover restoration s: none\n");
	}
	free(times);
}

/**
 * Read the kill line; returns the dead unit, -1 on error; kill_ms is set
 * to the kill on the monotonic clock
 */
static int read_kill(unsigned units, double *kill_ms)
{
	char line[128];
	double kill_real;
	unsigned unit;

	if (!fgets(line, sizeof(line), stdin) ||
		sscanf(line, "kill %u %lf", &unit, &kill_real) != 2 ||
		unit >= units)
	{
		fprintf(stderr, "bench_reg_load: no \"kill <unit> <seconds>\" line "
				"naming one of the %u units\n", units);
		return -1;
	}
	*kill_ms = bench_reg_now_ms() - (bench_reg_real_ms() - kill_real * 1000);
	return unit;
}

/**
 * Move the dead unit's UEs to the survivors, round-robin, each to wait
 * from the detection on
 */
static bool move_ues(failover_t *this, bench_reg_fleet_t *fleet,
					 unsigned dead, double detected, bool backoff)
{
	unsigned i, u;

	for (u = 0; u < this->conf->units; u++)
	{
		if (u != dead)
		{
			this->survivors[this->survivor_count++] = u;
		}
	}
	for (i = 0; i < this->n; i++)
	{
		this->done[i] = -1;
		this->again[i] = -1;
		if (this->conf->unit_of[i] != dead)
		{
			continue;
		}
		this->moved[i] = true;
		this->survivor_of[i] = this->moved_count % this->survivor_count;
		this->conf->unit_of[i] = this->survivors[this->survivor_of[i]];
		if (!bench_reg_ue_rebuild(this->conf, i))
		{
			return false;
		}
		bench_reg_fleet_lost(fleet, i, detected, backoff);
		this->moved_count++;
	}
	this->left = this->moved_count;
	return true;
}

/**
 * The survivors' MESSAGEs due by now at rate per second since t0, from
 * their UEs in turn (skipping those busy)
 */
static void send_messages(failover_t *this, double rate, double t0,
						  unsigned *sent, unsigned *next)
{
	unsigned due = (bench_reg_now_ms() - t0) / 1000 * rate, looked;

	for (looked = 0; *sent < due && looked < this->n; looked++)
	{
		unsigned ue = (*next)++ % this->n;

		if (!this->moved[ue] && bench_reg_engine_message(this->engine, ue))
		{
			(*sent)++;
		}
	}
}

/*
 * Described in header
 */
bool bench_reg_failover_run(bench_reg_engine_t *engine,
							bench_reg_fleet_t *fleet, bench_reg_conf_t *conf,
							unsigned n, const bench_reg_failover_conf_t *fo)
{
	bench_reg_counters_t *cnt = bench_reg_engine_counters(engine);
	bench_reg_hooks_t hooks = {
		.registered = on_registered,
		.failed = on_failed,
		.message = on_message,
	};
	failover_t this = {
		.conf = conf,
		.engine = engine,
		.n = n,
		.moved = calloc(n, sizeof(bool)),
		.survivor_of = calloc(n, 1),
		.done = calloc(n, sizeof(double)),
		.again = calloc(n, sizeof(double)),
	};
	double ms, kill_ms, told, t_end, drain;
	unsigned sent = 0, next = 0, registered;
	bool ok = false;
	int dead;

	hooks.ctx = &this;
	if (!this.moved || !this.survivor_of || !this.done || !this.again ||
		conf->units < 2)
	{
		goto out;
	}
	bench_reg_engine_hooks(engine, &hooks);
	bench_reg_fleet_queue_all(fleet);
	ms = bench_reg_engine_run(engine, fo->window, fo->first_limit_ms);
	bench_reg_engine_print(engine, "", ms);
	registered = bench_reg_fleet_registered_count(fleet);
	if (registered != n)
	{
		fprintf(stderr, "bench_reg_load: %u of %u registered before the "
				"kill\n", registered, n);
		goto out;
	}
	printf("ready\n");
	fflush(stdout);
	dead = read_kill(conf->units, &kill_ms);
	told = bench_reg_now_ms();
	if (dead < 0 ||
		!move_ues(&this, fleet, dead, kill_ms + fo->detect_ms, fo->backoff))
	{
		goto out;
	}
	bench_reg_engine_reset(engine);
	while (this.left && bench_reg_now_ms() - kill_ms < fo->limit_ms)
	{
		bench_reg_engine_start_due(engine, n);
		send_messages(&this, fo->message_rate, kill_ms, &sent, &next);
		messages_again(&this);
		bench_reg_engine_step(engine);
	}
	t_end = bench_reg_now_ms();
	if (this.left)
	{
		fprintf(stderr, "bench_reg_load: %u moved UEs not done %.0f s after "
				"the kill\n", this.left, fo->limit_ms / 1000);
	}
	/* the survivors' MESSAGEs under way are answered or time out; the
	 * moved UEs still trying are given up */
	drain = bench_reg_now_ms();
	while (bench_reg_engine_outstanding(engine) &&
		   bench_reg_now_ms() - drain < DRAIN_MS)
	{
		bench_reg_engine_step(engine);
	}
	bench_reg_engine_give_up(engine);
	printf("failover units: %u\n", conf->units);
	printf("failover unit killed: %d\n", dead);
	printf("failover ues moved: %u\n", this.moved_count);
	printf("failover detection s: %.3f\n", fo->detect_ms / 1000);
	printf("failover backoff: %s\n", fo->backoff ? "yes" : "no");
	printf("failover backoff base s: %.3f\n", fo->base_ms / 1000);
	printf("failover backoff max s: %.3f\n", fo->max_ms / 1000);
	printf("failover kill to the line s: %.3f\n", (told - kill_ms) / 1000);
	bench_reg_engine_print(engine, "failover ", t_end - kill_ms);
	printf("failover timeouts: %u\n", cnt->timeouts);
	printf("failover 5xx: %u\n", cnt->server_errors);
	printf("failover 503 retry-after: %u\n", cnt->retry_after);
	printf("failover most attempts per UE: %u\n",
		   bench_reg_fleet_max_attempts(fleet));
	printf("failover moved messages failed: %u\n", this.moved_message_failed);
	printf("failover permanent failures: %u\n", this.left);
	print_outage(&this, kill_ms);
	printf("failover survivor messages sent: %u\n", sent);
	printf("failover survivor messages ok: %u\n", this.g3_ok);
	printf("failover survivor messages failed: %u\n", this.g3_failed);
	printf("failover survivor message success %%: %.2f\n",
		   sent ? 100.0 * this.g3_ok / sent : 0.0);
	ok = !this.left;

out:
	free(this.moved);
	free(this.survivor_of);
	free(this.done);
	free(this.again);
	return ok;
}

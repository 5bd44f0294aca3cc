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

#include "bench_reg_fleet.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/**
 * Where a UE is.
 */
typedef enum {
	/** nothing to do (registered, gave up, or never queued) */
	UE_IDLE,
	/** in the queue of UEs due */
	UE_DUE,
	/** an attempt in progress */
	UE_ACTIVE,
	/** waiting after a failed attempt */
	UE_WAITING,
} ue_state_t;

/**
 * One UE.
 */
typedef struct {
	/** where it is */
	ue_state_t state;
	/** failed attempts in a row */
	unsigned failures;
	/** attempts since the UE was first queued (CSeq numbers) */
	unsigned attempts;
	/** attempts since the last bench_reg_fleet_queue_all() */
	unsigned round_attempts;
	/** UE_WAITING: when it is due, ms */
	double wake;
	/** when its last 200 arrived, ms; < 0 if not since queue_all() */
	double registered;
} ue_t;

struct bench_reg_fleet_t {
	/** the UEs */
	ue_t *ues;
	/** number of UEs */
	unsigned n;
	/** ring of UE numbers due: first at head, count of them */
	unsigned *due, head, count;
	/** UEs in UE_ACTIVE and UE_WAITING */
	unsigned active, waiting;
	/** RFC 5626 base-time and max-time, ms */
	double base_ms, max_ms;
	/** random state (splitmix64) */
	uint64_t rng;
};

/**
 * A random number in [0, 1)
 */
static double random_unit(bench_reg_fleet_t *this)
{
	uint64_t z;

	this->rng += 0x9e3779b97f4a7c15ULL;
	z = this->rng;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (z >> 11) * (1.0 / 9007199254740992.0);
}

/**
 * Put a UE at the end of the queue of UEs due
 */
static void make_due(bench_reg_fleet_t *this, unsigned ue)
{
	this->ues[ue].state = UE_DUE;
	this->due[(this->head + this->count++) % this->n] = ue;
}

/*
 * Described in header
 */
bench_reg_fleet_t *bench_reg_fleet_create(unsigned n, double base_ms,
										  double max_ms, unsigned seed)
{
	bench_reg_fleet_t *this;

	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	*this = (bench_reg_fleet_t){
		.ues = calloc(n, sizeof(ue_t)),
		.due = calloc(n, sizeof(unsigned)),
		.n = n,
		.base_ms = base_ms,
		.max_ms = max_ms,
		.rng = seed,
	};
	if (!this->ues || !this->due)
	{
		bench_reg_fleet_destroy(this);
		return NULL;
	}
	return this;
}

/**
 * Forget every UE's state: none due, active or waiting, none registered
 */
static void reset(bench_reg_fleet_t *this)
{
	unsigned i;

	this->head = this->count = this->active = this->waiting = 0;
	for (i = 0; i < this->n; i++)
	{
		this->ues[i].state = UE_IDLE;
		this->ues[i].failures = 0;
		this->ues[i].round_attempts = 0;
		this->ues[i].registered = -1;
	}
}

/*
 * Described in header
 */
void bench_reg_fleet_queue_all(bench_reg_fleet_t *this)
{
	unsigned i;

	reset(this);
	for (i = 0; i < this->n; i++)
	{
		make_due(this, i);
	}
}

/*
 * Described in header
 */
void bench_reg_fleet_queue_paced(bench_reg_fleet_t *this, double rate,
								 double now)
{
	unsigned i;

	reset(this);
	for (i = 0; i < this->n; i++)
	{
		bench_reg_fleet_schedule(this, i, now + i * 1000.0 / rate);
	}
	bench_reg_fleet_wake(this, now);
}

/*
 * Described in header
 */
int bench_reg_fleet_next(bench_reg_fleet_t *this, unsigned *cseq)
{
	ue_t *ue;
	unsigned i;

	if (!this->count)
	{
		return -1;
	}
	i = this->due[this->head];
	this->head = (this->head + 1) % this->n;
	this->count--;
	ue = &this->ues[i];
	ue->state = UE_ACTIVE;
	*cseq = 2 * ue->attempts + 1;
	ue->attempts++;
	ue->round_attempts++;
	this->active++;
	return i;
}

/*
 * Described in header
 */
void bench_reg_fleet_registered(bench_reg_fleet_t *this, unsigned ue,
								double now)
{
	if (this->ues[ue].state != UE_ACTIVE)
	{
		return;
	}
	this->ues[ue].state = UE_IDLE;
	this->ues[ue].failures = 0;
	this->ues[ue].registered = now;
	this->active--;
}

/*
 * Described in header
 */
void bench_reg_fleet_failed(bench_reg_fleet_t *this, unsigned ue, double now,
							bool retry, double retry_after_ms)
{
	ue_t *u = &this->ues[ue];
	double wait;

	if (u->state != UE_ACTIVE)
	{
		return;
	}
	this->active--;
	if (!retry)
	{
		u->state = UE_IDLE;
		return;
	}
	u->failures++;
	if (retry_after_ms >= 0)
	{	/* the P-CSCF spreads its Retry-After values itself */
		wait = retry_after_ms;
	}
	else
	{	/* RFC 5626 section 4.5 */
		wait = this->base_ms * (double)(1ULL << (u->failures < 40 ?
												  u->failures : 40));
		if (wait > this->max_ms)
		{
			wait = this->max_ms;
		}
		wait *= 0.5 + 0.5 * random_unit(this);
	}
	u->state = UE_WAITING;
	u->wake = now + wait;
	this->waiting++;
}

/*
 * Described in header
 */
void bench_reg_fleet_lost(bench_reg_fleet_t *this, unsigned ue, double now,
						  bool backoff)
{
	ue_t *u = &this->ues[ue];
	double wait = 0;

	if (u->state != UE_IDLE)
	{
		return;
	}
	if (backoff)
	{
		wait = this->base_ms < this->max_ms ? this->base_ms : this->max_ms;
		wait *= 0.5 + 0.5 * random_unit(this);
	}
	u->failures = 0;
	u->round_attempts = 0;
	u->registered = -1;
	u->state = UE_WAITING;
	u->wake = now + wait;
	this->waiting++;
}

/*
 * Described in header
 */
void bench_reg_fleet_schedule(bench_reg_fleet_t *this, unsigned ue,
							  double when)
{
	ue_t *u = &this->ues[ue];

	if (u->state != UE_IDLE)
	{
		return;
	}
	u->state = UE_WAITING;
	u->wake = when;
	this->waiting++;
}

/*
 * Described in header
 */
void bench_reg_fleet_wake(bench_reg_fleet_t *this, double now)
{
	unsigned i;

	for (i = 0; this->waiting && i < this->n; i++)
	{
		if (this->ues[i].state == UE_WAITING && this->ues[i].wake <= now)
		{
			this->waiting--;
			make_due(this, i);
		}
	}
}

/*
 * Described in header
 */
bool bench_reg_fleet_finished(bench_reg_fleet_t *this)
{
	return !this->count && !this->active && !this->waiting;
}

/*
 * Described in header
 */
unsigned bench_reg_fleet_registered_count(bench_reg_fleet_t *this)
{
	unsigned i, count = 0;

	for (i = 0; i < this->n; i++)
	{
		count += this->ues[i].registered >= 0;
	}
	return count;
}

/*
 * Described in header
 */
unsigned bench_reg_fleet_max_attempts(bench_reg_fleet_t *this)
{
	unsigned i, most = 0;

	for (i = 0; i < this->n; i++)
	{
		if (this->ues[i].round_attempts > most)
		{
			most = this->ues[i].round_attempts;
		}
	}
	return most;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

/*
 * Described in header
 */
double bench_reg_fleet_percentile(bench_reg_fleet_t *this, double since,
								  double p)
{
	double *times, result;
	unsigned i, count = 0, at;

	times = malloc(this->n * sizeof(*times));
	if (!times)
	{
		return 0;
	}
	for (i = 0; i < this->n; i++)
	{
		if (this->ues[i].registered >= 0)
		{
			times[count++] = this->ues[i].registered - since;
		}
	}
	if (!count)
	{
		free(times);
		return 0;
	}
	qsort(times, count, sizeof(*times), compare_double);
	/* nearest rank: the ceil(p / 100 * count)-th smallest */
	at = ceil(p / 100.0 * count);
	at = at < 1 ? 1 : at > count ? count : at;
	result = times[at - 1];
	free(times);
	return result;
}

/*
 * Described in header
 */
void bench_reg_fleet_destroy(bench_reg_fleet_t *this)
{
	if (this)
	{
		free(this->ues);
		free(this->due);
		free(this);
	}
}

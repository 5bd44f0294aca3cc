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

#include "pcscf_pacing.h"

#include <library.h>

typedef struct private_pcscf_pacing_t private_pcscf_pacing_t;

/**
 * The first sample taken in one second
 */
typedef struct {
	/** the second (now_ms / 1000), 0 if unused */
	uint64_t second;
	/** when, ms */
	uint64_t at_ms;
	/** handshakes ended by then */
	uint64_t ended;
} pacing_sample_t;

/**
 * Private data of a pcscf_pacing_t object.
 */
struct private_pcscf_pacing_t {

	/** public interface */
	pcscf_pacing_t public;

	/** the rate assumed until one is measured, per second */
	uint32_t cap;

	/** longest Retry-After, s */
	uint32_t max_s;

	/** one sample per second of the window, by second modulo the window */
	pacing_sample_t samples[PCSCF_PACING_WINDOW + 1];

	/** the latest sample */
	pacing_sample_t last;

	/** the next free moment, ms; before now: none handed out */
	double next_ms;

	/** capacity, handshakes per second, 0 if none measured yet */
	double capacity;

	/** when the last refusal was paced, ms; 0 if none */
	uint64_t refused_ms;

	/** when the refusals up to refused_ms began (none a window apart) */
	uint64_t refusing_since_ms;
};

/**
 * Whether refusals are going on: the last one paced less than a window ago
 */
static bool refusing(private_pcscf_pacing_t *this, uint64_t now_ms)
{
	return this->refused_ms &&
		   this->refused_ms + PCSCF_PACING_WINDOW * 1000 >= now_ms;
}

METHOD(pcscf_pacing_t, sample, void,
	private_pcscf_pacing_t *this, uint64_t now_ms, uint64_t ended)
{
	uint64_t second = now_ms / 1000 + 1;
	pacing_sample_t *slot = &this->samples[second % countof(this->samples)];
	double rate;

	if (slot->second != second)
	{
		*slot = (pacing_sample_t){ second, now_ms, ended };
	}
	this->last = (pacing_sample_t){ second, now_ms, ended };
	rate = this->public.get_rate(&this->public, now_ms);
	if (rate > 0)
	{	/* refusing for a whole window: the unit ran at what it can do (not
		 * sooner: at first, handshakes end at the pace they came before) */
		if (refusing(this, now_ms) &&
			this->refusing_since_ms + PCSCF_PACING_WINDOW * 1000 <= now_ms)
		{
			this->capacity = rate;
		}
		else
		{
			this->capacity = max(this->capacity, rate);
		}
	}
}

METHOD(pcscf_pacing_t, get_rate, double,
	private_pcscf_pacing_t *this, uint64_t now_ms)
{
	uint64_t second = now_ms / 1000 + 1;
	pacing_sample_t *oldest = NULL;
	int i;

	/* the oldest sample still in the window, against the latest */
	for (i = 0; i < countof(this->samples); i++)
	{
		pacing_sample_t *s = &this->samples[i];

		if (s->second && s->second + PCSCF_PACING_WINDOW >= second &&
			s->at_ms < this->last.at_ms && (!oldest || s->at_ms < oldest->at_ms))
		{
			oldest = s;
		}
	}
	/* at least half a second of samples with an ended handshake in it */
	if (!oldest || this->last.second + PCSCF_PACING_WINDOW < second ||
		this->last.at_ms - oldest->at_ms < 500 ||
		this->last.ended <= oldest->ended)
	{
		return 0;
	}
	return (this->last.ended - oldest->ended) * 1000.0 /
		   (this->last.at_ms - oldest->at_ms);
}

METHOD(pcscf_pacing_t, get_pace, double,
	private_pcscf_pacing_t *this, uint64_t now_ms)
{
	double rate;

	rate = max(get_rate(this, now_ms), this->capacity);
	if (rate <= 0)
	{
		rate = max(this->cap, 1);
	}
	return rate;
}

METHOD(pcscf_pacing_t, retry_after, uint32_t,
	private_pcscf_pacing_t *this, uint64_t now_ms)
{
	double rate, wait_ms;

	if (!refusing(this, now_ms))
	{
		this->refusing_since_ms = now_ms;
	}
	this->refused_ms = now_ms;
	rate = get_pace(this, now_ms);
	this->next_ms = max(this->next_ms, (double)now_ms) + 1000.0 / rate;
	wait_ms = this->next_ms - now_ms;
	if (wait_ms > this->max_s * 1000.0)
	{	/* a later one comes back at the latest and is paced again */
		this->next_ms = now_ms + this->max_s * 1000.0;
		return this->max_s;
	}
	/* whole seconds, at least one: the moment falls within that second */
	return max((uint32_t)(wait_ms / 1000.0 + 0.999), 1);
}

METHOD(pcscf_pacing_t, get_capacity, double,
	private_pcscf_pacing_t *this)
{
	return this->capacity;
}

METHOD(pcscf_pacing_t, destroy, void,
	private_pcscf_pacing_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_pacing_t *pcscf_pacing_create(uint32_t cap, uint32_t max_s)
{
	private_pcscf_pacing_t *this;

	INIT(this,
		.public = {
			.sample = _sample,
			.retry_after = _retry_after,
			.get_rate = _get_rate,
			.get_pace = _get_pace,
			.get_capacity = _get_capacity,
			.destroy = _destroy,
		},
		.cap = cap,
		.max_s = max(max_s, 1),
	);
	return &this->public;
}

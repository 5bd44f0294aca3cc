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
 * @defgroup pcscf_pacing pcscf_pacing
 * @{ @ingroup pcscf
 *
 * The Retry-After of a 503 past the handshake cap, paced: each refused UE
 * gets the next free moment at the rate the unit has lately been ending
 * handshakes, so the UEs of a failed unit come back spread over the time
 * the survivors need for them, not all together after a fixed delay (nor
 * later than needed). The rate is measured from the count of handshakes
 * ended, sampled at each initial REGISTER, and kept as the unit's capacity:
 * a rate measured while the unit refused handshakes for a whole window is
 * what it can do; any other is only what it was asked to do (or, in the
 * first seconds of a burst, what it was asked to do before), so it raises
 * the capacity but never lowers it. Refusals are paced at the
 * higher of the rate of the last seconds and the capacity, so a unit idle
 * until a failover sends it the UEs of another (no rate lately, and a low
 * one while its first handshakes are still in flight) paces at what it
 * can do; until a rate was ever measured the unit is taken to end its
 * max_handshakes in a second.
 */

#ifndef PCSCF_PACING_H_
#define PCSCF_PACING_H_

#include <stdint.h>

typedef struct pcscf_pacing_t pcscf_pacing_t;

/** seconds of samples the rate is measured over */
#define PCSCF_PACING_WINDOW 4

/**
 * Pacing of refused handshakes.
 */
struct pcscf_pacing_t {

	/**
	 * Take a sample: the number of handshakes ended so far.
	 *
	 * @param now_ms	monotonic time, ms
	 * @param ended		handshakes ended since start (never decreases)
	 */
	void (*sample)(pcscf_pacing_t *this, uint64_t now_ms, uint64_t ended);

	/**
	 * The Retry-After for a handshake refused now, which takes the next
	 * free moment.
	 *
	 * @param now_ms	monotonic time, ms
	 * @return			seconds, 1 .. the maximum given at creation
	 */
	uint32_t (*retry_after)(pcscf_pacing_t *this, uint64_t now_ms);

	/**
	 * Handshakes per second ended lately, 0 if not known yet.
	 *
	 * @param now_ms	monotonic time, ms
	 * @return			rate
	 */
	double (*get_rate)(pcscf_pacing_t *this, uint64_t now_ms);

	/**
	 * The rate refusals are paced at now: the higher of get_rate() and
	 * get_capacity(), or the assumed rate if neither is known.
	 *
	 * @param now_ms	monotonic time, ms
	 * @return			handshakes per second, at least 1
	 */
	double (*get_pace)(pcscf_pacing_t *this, uint64_t now_ms);

	/**
	 * The unit's capacity: the rate measured while it refused handshakes
	 * (retry_after() called) for a whole window, else the highest rate
	 * measured, however long ago.
	 *
	 * @return			handshakes per second, 0 if never measured
	 */
	double (*get_capacity)(pcscf_pacing_t *this);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_pacing_t *this);
};

/**
 * Create.
 *
 * @param cap		handshakes in flight at most (max_handshakes): the rate
 *					assumed until one is measured
 * @param max_s		longest Retry-After given
 * @return			pacing
 */
pcscf_pacing_t *pcscf_pacing_create(uint32_t cap, uint32_t max_s);

#endif /** PCSCF_PACING_H_ @}*/

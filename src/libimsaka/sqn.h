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
 * @defgroup imsaka_sqn sqn
 * @{ @ingroup libimsaka
 *
 * Sequence numbers, TS 33.102 Annex C: SQN = SEQ || IND (IND the low
 * ind_bits bits, 5 by default, so a = 32 array entries).
 *
 * UE side (Annex C.2): the USIM keeps SEQ_MS(i) per IND value i and
 * accepts SQN iff SEQ > SEQ_MS(IND) and SEQ - SEQ_MS_max <= delta, where
 * SEQ_MS_max is the highest SEQ accepted so far. Out-of-order SQNs with
 * different IND values are thus accepted (vectors used in a different
 * order than generated, e.g. by two serving nodes), a replay or an older
 * SQN on the same IND is not. The optional age limit L of Annex C.2.2 is
 * not implemented (it needs the time-based SEQ semantics on the UE, which
 * TS 33.102 leaves optional).
 *
 * Network side (Annex C.3): time-based generation without a database.
 * SEQ = max(last SEQ + 1, milliseconds since 2020-01-01 UTC). Reasoning:
 *  - every SEQ this generator issues is greater than the previous one;
 *  - as long as it issues at most one SEQ per millisecond on average, each
 *    issued SEQ is <= the clock at the time of issue, so a generator
 *    restarted later (state lost) starts at the clock, which is above
 *    anything issued before: monotonic across restarts with nothing
 *    stored. Only if the clock steps back, or a burst ran SEQ ahead of the
 *    clock and the restart came before the clock caught up, can a restarted
 *    generator issue an SQN the UE already passed; the UE then answers
 *    with a sync failure and imsaka_sqn_he_resync() moves the generator
 *    above the UE's SQN_MS, so the next vector is accepted.
 *  - 43 bits of milliseconds (48 - 5 IND bits) last until the year 2298.
 * The clock is a parameter so callers pass CLOCK_REALTIME and tests pass
 * fixed values.
 *
 * Note on delta: with a millisecond clock, the default delta of 2^28 is
 * about 3.1 days: a UE idle for longer rejects the next SQN as too far
 * ahead, and after a resync the clock is still ahead, so it rejects again.
 * A UE facing this generator should use IMSAKA_SQN_DELTA_NONE (or a delta
 * of the longest expected idle time in ms), and a UE state that is not
 * persisted (nothing accepted yet, SEQ_MS_max = 0) likewise needs it or a
 * value restored with imsaka_sqn_ms_set().
 */

#ifndef IMSAKA_SQN_H_
#define IMSAKA_SQN_H_

#include <stdbool.h>
#include <stdint.h>

/** default number of IND bits (a = 32) */
#define IMSAKA_SQN_IND_BITS 5
/** largest number of IND bits supported (size of the SEQ_MS array) */
#define IMSAKA_SQN_IND_BITS_MAX 5
/** default delta of TS 33.102 Annex C.2.2 */
#define IMSAKA_SQN_DELTA_DEFAULT (UINT64_C(1) << 28)
/** no delta check */
#define IMSAKA_SQN_DELTA_NONE UINT64_MAX
/** 2020-01-01T00:00:00Z in milliseconds since the Unix epoch */
#define IMSAKA_SQN_EPOCH_MS UINT64_C(1577836800000)

typedef struct imsaka_sqn_ms_t imsaka_sqn_ms_t;

/**
 * UE side SQN state (SEQ_MS array).
 */
struct imsaka_sqn_ms_t {
	/** SEQ_MS(i), highest SEQ accepted with IND i */
	uint64_t seq[1 << IMSAKA_SQN_IND_BITS_MAX];
	/** SQN of SEQ_MS_max, the highest accepted (0 if none) */
	uint64_t highest;
	/** number of IND bits */
	unsigned ind_bits;
	/** delta */
	uint64_t delta;
};

typedef struct imsaka_sqn_he_t imsaka_sqn_he_t;

/**
 * Network side SQN generator.
 */
struct imsaka_sqn_he_t {
	/** last SEQ issued (0: none yet) */
	uint64_t last_seq;
	/** next IND to use */
	unsigned next_ind;
	/** number of IND bits */
	unsigned ind_bits;
	/** TRUE: every SQN carries next_ind (one IND per generator, e.g. per
	 * serving node of a fleet sharing the subscriber); FALSE: round-robin */
	bool fixed_ind;
};

/**
 * Load a 48-bit SQN into an integer.
 *
 * @param sqn		SQN, 6 bytes big-endian
 * @return			SQN value
 */
uint64_t imsaka_sqn_load(const uint8_t sqn[static 6]);

/**
 * Store a 48-bit SQN (the upper 16 bits of value are dropped).
 *
 * @param value		SQN value
 * @param sqn		receives the SQN, 6 bytes big-endian
 */
void imsaka_sqn_store(uint64_t value, uint8_t sqn[static 6]);

/**
 * Initialise UE side state: nothing accepted yet (all SEQ_MS = 0).
 *
 * @param ms		state to initialise
 * @param ind_bits	IND bits, 0..5 (larger values are clamped to 5)
 * @param delta		delta, 0 for IMSAKA_SQN_DELTA_DEFAULT,
 *					IMSAKA_SQN_DELTA_NONE to disable the check
 */
void imsaka_sqn_ms_init(imsaka_sqn_ms_t *ms, unsigned ind_bits, uint64_t delta);

/**
 * Check an SQN received in an authenticated AUTN and store it if fresh.
 *
 * @param ms		UE state
 * @param sqn		received SQN
 * @return			TRUE if accepted (and stored)
 */
bool imsaka_sqn_ms_accept(imsaka_sqn_ms_t *ms, const uint8_t sqn[static 6]);

/**
 * Seed/restore the state from a persisted highest SQN (as after USIM
 * personalisation): every SEQ_MS(i) becomes SEQ of sqn.
 *
 * @param ms		UE state
 * @param sqn		highest SQN accepted before
 */
void imsaka_sqn_ms_set(imsaka_sqn_ms_t *ms, const uint8_t sqn[static 6]);

/**
 * Highest SQN accepted so far (SQN_MS as sent in AUTS), zero if none.
 *
 * @param ms		UE state
 * @param sqn		receives SQN_MS
 */
void imsaka_sqn_ms_highest(const imsaka_sqn_ms_t *ms, uint8_t sqn[6]);

/**
 * Initialise a network side generator with nothing issued yet.
 *
 * @param he		generator to initialise
 * @param ind_bits	IND bits, 0..5 (larger values are clamped to 5)
 */
void imsaka_sqn_he_init(imsaka_sqn_he_t *he, unsigned ind_bits);

/**
 * Initialise a network side generator that puts one IND into every SQN.
 *
 * Several generators for one subscriber (several nodes, each with its own
 * IND) then never invalidate each other's SQNs at the UE: each IND has its
 * own SEQ_MS entry (Annex C.2), and each generator's SEQ increases.
 *
 * @param he		generator to initialise
 * @param ind_bits	IND bits, 0..5 (larger values are clamped to 5)
 * @param ind		IND of every SQN (only its low ind_bits bits are used)
 */
void imsaka_sqn_he_init_ind(imsaka_sqn_he_t *he, unsigned ind_bits,
							unsigned ind);

/**
 * Raise the generator to a floor shared by several generators: the next
 * SEQ issued is greater than floor_seq. A lower floor changes nothing.
 * With it, SEQ = max(last + 1, clock, floor + 1).
 *
 * @param he		generator
 * @param floor_seq	SEQ (without IND) the next SEQ must exceed
 */
void imsaka_sqn_he_floor(imsaka_sqn_he_t *he, uint64_t floor_seq);

/**
 * Issue the next SQN: SEQ = max(last + 1, now - 2020-01-01 in ms), IND
 * round-robin (or the fixed IND of imsaka_sqn_he_init_ind()).
 *
 * @param he		generator
 * @param now_ms	current time, ms since the Unix epoch (CLOCK_REALTIME)
 * @param sqn		receives the SQN
 */
void imsaka_sqn_he_next(imsaka_sqn_he_t *he, uint64_t now_ms, uint8_t sqn[6]);

/**
 * Resynchronise after a sync failure: the next SEQ issued is greater than
 * the SEQ of the UE's SQN_MS.
 *
 * @param he		generator
 * @param sqn_ms	SQN_MS recovered from AUTS
 */
void imsaka_sqn_he_resync(imsaka_sqn_he_t *he, const uint8_t sqn_ms[6]);

#endif /** IMSAKA_SQN_H_ @}*/

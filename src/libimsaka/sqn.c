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

#include "sqn.h"

#include <string.h>

/** 48-bit SQN */
#define SQN_MASK ((UINT64_C(1) << 48) - 1)

/*
 * Described in header
 */
uint64_t imsaka_sqn_load(const uint8_t sqn[static 6])
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 6; i++)
	{
		v = (v << 8) | sqn[i];
	}
	return v;
}

/*
 * Described in header
 */
void imsaka_sqn_store(uint64_t value, uint8_t sqn[static 6])
{
	int i;

	for (i = 5; i >= 0; i--)
	{
		sqn[i] = value & 0xff;
		value >>= 8;
	}
}

/*
 * Described in header
 */
void imsaka_sqn_ms_init(imsaka_sqn_ms_t *ms, unsigned ind_bits, uint64_t delta)
{
	memset(ms, 0, sizeof(*ms));
	ms->ind_bits = ind_bits > IMSAKA_SQN_IND_BITS_MAX ?
					IMSAKA_SQN_IND_BITS_MAX : ind_bits;
	ms->delta = delta ?: IMSAKA_SQN_DELTA_DEFAULT;
}

/*
 * Described in header
 */
bool imsaka_sqn_ms_accept(imsaka_sqn_ms_t *ms, const uint8_t sqn[static 6])
{
	uint64_t value, seq, seq_max;
	unsigned ind;

	value = imsaka_sqn_load(sqn);
	seq = value >> ms->ind_bits;
	ind = value & ((1u << ms->ind_bits) - 1);
	seq_max = ms->highest >> ms->ind_bits;

	if (seq <= ms->seq[ind])
	{	/* replay, or older than one already used on this IND */
		return false;
	}
	if (seq > seq_max && seq - seq_max > ms->delta)
	{	/* too far ahead */
		return false;
	}
	ms->seq[ind] = seq;
	if (seq > seq_max)
	{
		ms->highest = value;
	}
	return true;
}

/*
 * Described in header
 */
void imsaka_sqn_ms_set(imsaka_sqn_ms_t *ms, const uint8_t sqn[static 6])
{
	uint64_t value = imsaka_sqn_load(sqn);
	unsigned i;

	for (i = 0; i < (1u << ms->ind_bits); i++)
	{
		ms->seq[i] = value >> ms->ind_bits;
	}
	ms->highest = value;
}

/*
 * Described in header
 */
void imsaka_sqn_ms_highest(const imsaka_sqn_ms_t *ms, uint8_t sqn[6])
{
	imsaka_sqn_store(ms->highest, sqn);
}

/*
 * Described in header
 */
void imsaka_sqn_he_init(imsaka_sqn_he_t *he, unsigned ind_bits)
{
	memset(he, 0, sizeof(*he));
	he->ind_bits = ind_bits > IMSAKA_SQN_IND_BITS_MAX ?
					IMSAKA_SQN_IND_BITS_MAX : ind_bits;
}

/*
 * Described in header
 */
void imsaka_sqn_he_init_ind(imsaka_sqn_he_t *he, unsigned ind_bits,
							unsigned ind)
{
	imsaka_sqn_he_init(he, ind_bits);
	he->next_ind = ind & ((1u << he->ind_bits) - 1);
	he->fixed_ind = true;
}

/*
 * Described in header
 */
void imsaka_sqn_he_floor(imsaka_sqn_he_t *he, uint64_t floor_seq)
{
	if (floor_seq > he->last_seq)
	{
		he->last_seq = floor_seq;
	}
}

/*
 * Described in header
 */
void imsaka_sqn_he_next(imsaka_sqn_he_t *he, uint64_t now_ms, uint8_t sqn[6])
{
	uint64_t clock, seq, seq_max;

	seq_max = SQN_MASK >> he->ind_bits;
	clock = now_ms > IMSAKA_SQN_EPOCH_MS ? now_ms - IMSAKA_SQN_EPOCH_MS : 0;
	seq = he->last_seq + 1;
	if (clock > seq)
	{
		seq = clock;
	}
	if (seq > seq_max)
	{	/* after the year 2298 (5 IND bits): saturate rather than wrap */
		seq = seq_max;
	}
	he->last_seq = seq;
	imsaka_sqn_store((seq << he->ind_bits) | he->next_ind, sqn);
	if (!he->fixed_ind)
	{
		he->next_ind = (he->next_ind + 1) & ((1u << he->ind_bits) - 1);
	}
}

/*
 * Described in header
 */
void imsaka_sqn_he_resync(imsaka_sqn_he_t *he, const uint8_t sqn_ms[6])
{
	uint64_t seq = imsaka_sqn_load(sqn_ms) >> he->ind_bits;

	if (seq > he->last_seq)
	{
		he->last_seq = seq;
	}
}

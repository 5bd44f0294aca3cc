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
 * @defgroup imsaka_sqn_table imsaka_sqn_table
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SQN_TABLE_H_
#define IMSAKA_SQN_TABLE_H_

#include <utils/identification.h>

#include <sqn.h>

typedef struct imsaka_sqn_table_t imsaka_sqn_table_t;
typedef struct imsaka_sqn_state_t imsaka_sqn_state_t;

/**
 * Sequence number state of one subscriber.
 */
struct imsaka_sqn_state_t {

	/** UE side: window of accepted SQNs (TS 33.102 Annex C.2) */
	imsaka_sqn_ms_t ms;

	/** whether ms holds an accepted SQN yet */
	bool ms_used;

	/** network side: SQN generator (TS 33.102 Annex C.3) */
	imsaka_sqn_he_t he;
};

/**
 * Per-subscriber SQN state, shared by the AKA card and the provider.
 */
struct imsaka_sqn_table_t {

	/**
	 * Get the state of a subscriber, created on first use, and lock the
	 * table. Call unlock() when done with the state.
	 *
	 * @param id		subscriber identity
	 * @return			state, valid until unlock()
	 */
	imsaka_sqn_state_t *(*lock)(imsaka_sqn_table_t *this, identification_t *id);

	/**
	 * Unlock the table after lock().
	 */
	void (*unlock)(imsaka_sqn_table_t *this);

	/**
	 * Number of subscribers with state.
	 *
	 * @return			count
	 */
	u_int (*count)(imsaka_sqn_table_t *this);

	/**
	 * Destroy the table.
	 */
	void (*destroy)(imsaka_sqn_table_t *this);
};

/**
 * Create a table, reading the SQN options of charon.plugins.imsaka.sqn.
 *
 * @return			table
 */
imsaka_sqn_table_t *imsaka_sqn_table_create();

#endif /** IMSAKA_SQN_TABLE_H_ @}*/

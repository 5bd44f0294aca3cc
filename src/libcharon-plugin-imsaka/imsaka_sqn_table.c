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

#include "imsaka_sqn_table.h"

#include <errno.h>

#include <library.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_imsaka_sqn_table_t private_imsaka_sqn_table_t;

/**
 * Private data of an imsaka_sqn_table_t object.
 */
struct private_imsaka_sqn_table_t {

	/**
	 * Public interface
	 */
	imsaka_sqn_table_t public;

	/**
	 * identification_t* => entry_t*
	 */
	hashtable_t *entries;

	/**
	 * Lock for entries and the states in them
	 */
	mutex_t *mutex;

	/**
	 * IND bits of SQN (TS 33.102 Annex C.1.2)
	 */
	u_int ind_bits;

	/**
	 * Largest accepted SEQ step beyond the highest accepted SEQ
	 */
	uint64_t delta;
};

/** default IND bits */
#define DEFAULT_IND_BITS IMSAKA_SQN_IND_BITS

/**
 * Default delta. The provider takes SEQ from a millisecond clock, so a
 * subscriber idle for t ms sees SEQ jump by t: the 2^28 that TS 33.102
 * Annex C.2.2 suggests for counters would be 3.1 days and every later
 * challenge would fail even after resynchronisation. 2^36 ms is about 795
 * days, while 43 SEQ bits cannot wrap for centuries.
 */
#define DEFAULT_DELTA "68719476736"

/**
 * One subscriber
 */
typedef struct {

	/** identity, owned, also the hashtable key */
	identification_t *id;

	/** its SQN state */
	imsaka_sqn_state_t state;

} entry_t;

static u_int hash_id(identification_t *id)
{
	return chunk_hash(id->get_encoding(id));
}

static bool equals_id(identification_t *a, identification_t *b)
{
	return a->equals(a, b);
}

METHOD(imsaka_sqn_table_t, lock, imsaka_sqn_state_t*,
	private_imsaka_sqn_table_t *this, identification_t *id)
{
	entry_t *entry;

	this->mutex->lock(this->mutex);
	entry = this->entries->get(this->entries, id);
	if (!entry)
	{
		INIT(entry,
			.id = id->clone(id),
		);
		imsaka_sqn_ms_init(&entry->state.ms, this->ind_bits, this->delta);
		imsaka_sqn_he_init(&entry->state.he, this->ind_bits);
		this->entries->put(this->entries, entry->id, entry);
	}
	return &entry->state;
}

METHOD(imsaka_sqn_table_t, unlock, void,
	private_imsaka_sqn_table_t *this)
{
	this->mutex->unlock(this->mutex);
}

METHOD(imsaka_sqn_table_t, count, u_int,
	private_imsaka_sqn_table_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->entries->get_count(this->entries);
	this->mutex->unlock(this->mutex);
	return count;
}

CALLBACK(destroy_entry, void,
	entry_t *entry, const void *key)
{
	entry->id->destroy(entry->id);
	free(entry);
}

METHOD(imsaka_sqn_table_t, destroy, void,
	private_imsaka_sqn_table_t *this)
{
	this->entries->destroy_function(this->entries, destroy_entry);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
imsaka_sqn_table_t *imsaka_sqn_table_create()
{
	private_imsaka_sqn_table_t *this;
	int ind_bits;
	uint64_t delta;
	char *value, *end;

	ind_bits = lib->settings->get_int(lib->settings,
						"%s.plugins.imsaka.sqn.ind_bits", DEFAULT_IND_BITS, lib->ns);
	if (ind_bits < 0 || ind_bits > IMSAKA_SQN_IND_BITS_MAX)
	{
		DBG1(DBG_CFG, "sqn.ind_bits %d out of range 0..%d, using %d",
			 ind_bits, IMSAKA_SQN_IND_BITS_MAX, DEFAULT_IND_BITS);
		ind_bits = DEFAULT_IND_BITS;
	}
	value = lib->settings->get_str(lib->settings,
						"%s.plugins.imsaka.sqn.delta", DEFAULT_DELTA, lib->ns);
	errno = 0;
	delta = strtoull(value, &end, 10);
	if (errno || end == value || *end || delta == 0 || value[0] == '-')
	{
		DBG1(DBG_CFG, "sqn.delta '%s' is not a positive number, "
			 "using %s", value, DEFAULT_DELTA);
		delta = strtoull(DEFAULT_DELTA, NULL, 10);
	}

	INIT(this,
		.public = {
			.lock = _lock,
			.unlock = _unlock,
			.count = _count,
			.destroy = _destroy,
		},
		.entries = hashtable_create((hashtable_hash_t)hash_id,
									(hashtable_equals_t)equals_id, 32),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.ind_bits = ind_bits,
		.delta = delta,
	);
	return &this->public;
}

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

#include "pcscf_transactions.h"

#include <library.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

typedef struct private_pcscf_transactions_t private_pcscf_transactions_t;

/**
 * Private data.
 */
struct private_pcscf_transactions_t {

	/** public interface */
	pcscf_transactions_t public;

	/** pcscf_transaction_t by branch */
	hashtable_t *by_branch;

	/** pcscf_transaction_t, oldest first */
	linked_list_t *by_age;

	/** most transactions */
	u_int max;

	/** called for an entry leaving */
	pcscf_transaction_end_t end;

	/** data for end */
	void *data;
};

/**
 * Free an entry that left the table
 */
static void entry_destroy(private_pcscf_transactions_t *this,
						  pcscf_transaction_t *tx)
{
	if (this->end)
	{
		this->end(this->data, tx);
	}
	free(tx->timeout_response);
	free(tx);
}

/**
 * Drop the oldest transaction
 */
static void drop_oldest(private_pcscf_transactions_t *this)
{
	pcscf_transaction_t *tx;

	if (this->by_age->remove_first(this->by_age, (void**)&tx) == SUCCESS)
	{
		this->by_branch->remove(this->by_branch, tx->branch);
		entry_destroy(this, tx);
	}
}

/**
 * Drop transactions past their lifetime; one still waiting for its final
 * response goes to the end of the list instead, as if new (the list stays
 * in the order of created)
 */
static void expire(private_pcscf_transactions_t *this)
{
	pcscf_transaction_t *tx;
	time_t now = time_monotonic(NULL);

	while (this->by_age->get_first(this->by_age, (void**)&tx) == SUCCESS &&
		   now - tx->created > PCSCF_TRANSACTION_LIFETIME)
	{
		if (tx->timer)
		{
			this->by_age->remove_first(this->by_age, (void**)&tx);
			tx->created = now;
			this->by_age->insert_last(this->by_age, tx);
			continue;
		}
		drop_oldest(this);
	}
}

METHOD(pcscf_transactions_t, add, pcscf_transaction_t*,
	private_pcscf_transactions_t *this, const pcscf_transaction_t *tx)
{
	pcscf_transaction_t *entry;

	expire(this);
	entry = this->by_branch->get(this->by_branch, tx->branch);
	if (entry)
	{	/* a retransmission: it may come over another connection */
		entry->peer = tx->peer;
		return entry;
	}
	if (this->by_age->get_count(this->by_age) >= this->max)
	{
		DBG1(DBG_NET, "too many transactions, dropping the oldest");
		drop_oldest(this);
	}
	entry = malloc(sizeof(*entry));
	*entry = *tx;
	entry->timeout_response = NULL;
	entry->timeout_len = 0;
	entry->timer = 0;
	entry->timed_out = false;
	entry->created = time_monotonic(NULL);
	this->by_branch->put(this->by_branch, entry->branch, entry);
	this->by_age->insert_last(this->by_age, entry);
	return entry;
}

METHOD(pcscf_transactions_t, get, pcscf_transaction_t*,
	private_pcscf_transactions_t *this, const char *branch)
{
	expire(this);
	return this->by_branch->get(this->by_branch, branch);
}

METHOD(pcscf_transactions_t, get_count, u_int,
	private_pcscf_transactions_t *this)
{
	return this->by_age->get_count(this->by_age);
}

METHOD(pcscf_transactions_t, destroy, void,
	private_pcscf_transactions_t *this)
{
	pcscf_transaction_t *tx;

	this->by_branch->destroy(this->by_branch);
	while (this->by_age->remove_first(this->by_age, (void**)&tx) == SUCCESS)
	{
		entry_destroy(this, tx);
	}
	this->by_age->destroy(this->by_age);
	free(this);
}

/*
 * Described in header
 */
pcscf_transactions_t *pcscf_transactions_create(u_int max,
												pcscf_transaction_end_t end,
												void *data)
{
	private_pcscf_transactions_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.get = _get,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.by_branch = hashtable_create(hashtable_hash_str,
									  hashtable_equals_str, 64),
		.by_age = linked_list_create(),
		.max = max,
		.end = end,
		.data = data,
	);
	return &this->public;
}

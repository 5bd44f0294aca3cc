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

#include "sip_timers.h"

#include <library.h>
#include <collections/hashtable.h>
#include <time.h>

typedef struct private_sip_timers_t private_sip_timers_t;
typedef struct timer_entry_t timer_entry_t;

/**
 * One timer
 */
struct timer_entry_t {
	/** due time, ms */
	uint64_t due;
	/** creation order, breaks ties */
	uint64_t seq;
	/** id */
	uint32_t id;
	/** callback */
	sip_timer_cb_t cb;
	/** data for cb */
	void *data;
	/** where it is in the heap */
	uint32_t index;
};

/**
 * Private data of a sip_timers_t object.
 */
struct private_sip_timers_t {

	/**
	 * Public interface
	 */
	sip_timers_t public;

	/**
	 * Heap, earliest at 0
	 */
	timer_entry_t **heap;

	/**
	 * The same entries by id (key: the id as a pointer): cancel() finds
	 * its entry without searching the heap
	 */
	hashtable_t *ids;

	/**
	 * Entries used
	 */
	uint32_t count;

	/**
	 * Entries allocated
	 */
	uint32_t size;

	/**
	 * Last id given out
	 */
	uint32_t last_id;

	/**
	 * Next creation number
	 */
	uint64_t seq;
};

/*
 * Described in header
 */
uint64_t sip_timers_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * Whether entry a fires before b
 */
static bool before(const timer_entry_t *a, const timer_entry_t *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void swap(private_sip_timers_t *this, uint32_t a, uint32_t b)
{
	timer_entry_t *tmp = this->heap[a];

	this->heap[a] = this->heap[b];
	this->heap[b] = tmp;
	this->heap[a]->index = a;
	this->heap[b]->index = b;
}

static void sift_up(private_sip_timers_t *this, uint32_t i)
{
	while (i && before(this->heap[i], this->heap[(i - 1) / 2]))
	{
		swap(this, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void sift_down(private_sip_timers_t *this, uint32_t i)
{
	uint32_t child, smallest;

	while (TRUE)
	{
		smallest = i;
		for (child = 2 * i + 1; child <= 2 * i + 2 && child < this->count;
			 child++)
		{
			if (before(this->heap[child], this->heap[smallest]))
			{
				smallest = child;
			}
		}
		if (smallest == i)
		{
			return;
		}
		swap(this, i, smallest);
		i = smallest;
	}
}

/**
 * Take the entry at index i out of the heap and the id table, and free it
 */
static void remove_at(private_sip_timers_t *this, uint32_t i)
{
	timer_entry_t *entry = this->heap[i], *moved;

	this->ids->remove(this->ids, (void*)(uintptr_t)entry->id);
	free(entry);
	this->count--;
	if (i == this->count)
	{
		return;
	}
	moved = this->heap[this->count];
	this->heap[i] = moved;
	moved->index = i;
	sift_up(this, i);
	sift_down(this, moved->index);
}

/**
 * Whether an id is in use (ids wrap after 2^32 timers)
 */
static bool id_used(private_sip_timers_t *this, uint32_t id)
{
	return this->ids->get(this->ids, (void*)(uintptr_t)id) != NULL;
}

METHOD(sip_timers_t, add, uint32_t,
	private_sip_timers_t *this, uint64_t due_ms, sip_timer_cb_t cb, void *data)
{
	timer_entry_t *entry;

	if (this->count == this->size)
	{
		this->size = max(16, this->size * 2);
		this->heap = realloc(this->heap, this->size * sizeof(*this->heap));
	}
	do
	{
		this->last_id++;
	}
	while (!this->last_id || (this->last_id < this->seq &&
							  id_used(this, this->last_id)));
	INIT(entry,
		.due = due_ms,
		.seq = this->seq++,
		.id = this->last_id,
		.cb = cb,
		.data = data,
		.index = this->count,
	);
	this->heap[this->count] = entry;
	this->ids->put(this->ids, (void*)(uintptr_t)entry->id, entry);
	sift_up(this, this->count++);
	return entry->id;
}

METHOD(sip_timers_t, cancel, void,
	private_sip_timers_t *this, uint32_t id)
{
	timer_entry_t *entry;

	entry = this->ids->get(this->ids, (void*)(uintptr_t)id);
	if (entry)
	{
		remove_at(this, entry->index);
	}
}

METHOD(sip_timers_t, next, bool,
	private_sip_timers_t *this, uint64_t *due_ms)
{
	if (!this->count)
	{
		return FALSE;
	}
	*due_ms = this->heap[0]->due;
	return TRUE;
}

METHOD(sip_timers_t, pop_due, bool,
	private_sip_timers_t *this, uint64_t now_ms, sip_timer_cb_t *cb,
	void **data)
{
	if (!this->count || this->heap[0]->due > now_ms)
	{
		return FALSE;
	}
	*cb = this->heap[0]->cb;
	*data = this->heap[0]->data;
	remove_at(this, 0);
	return TRUE;
}

METHOD(sip_timers_t, count, uint32_t,
	private_sip_timers_t *this)
{
	return this->count;
}

METHOD(sip_timers_t, destroy, void,
	private_sip_timers_t *this)
{
	while (this->count)
	{
		remove_at(this, this->count - 1);
	}
	this->ids->destroy(this->ids);
	free(this->heap);
	free(this);
}

/*
 * Described in header
 */
sip_timers_t *sip_timers_create(void)
{
	private_sip_timers_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.cancel = _cancel,
			.next = _next,
			.pop_due = _pop_due,
			.count = _count,
			.destroy = _destroy,
		},
		.ids = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 64),
	);
	return &this->public;
}

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

#include "imsaka_keepalive.h"
#include "imsaka_ticker.h"

#include <utils/debug.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_imsaka_keepalive_t private_imsaka_keepalive_t;
typedef struct binding_t binding_t;
typedef struct source_t source_t;

/**
 * Most buckets of a wheel; a finer tick is coarsened to stay below
 */
#define MAX_BUCKETS 65536

/**
 * A local address and port, shared by the bindings sending from it: most
 * send from the one NAT-T socket, and a host_t is half of a binding's memory
 */
struct source_t {

	/** local address and port, also the hashtable key */
	host_t *host;

	/** number of bindings using it */
	u_int refs;
};

/**
 * One source/destination pair sending keep-alives, linked into its bucket
 */
struct binding_t {

	/** id, also the hashtable key */
	uintptr_t id;

	/** local address and port, shared */
	source_t *src;

	/** peer's address and port */
	host_t *dst;

	/** previous binding in the bucket, NULL if first */
	binding_t *prev;

	/** next binding in the bucket, NULL if last */
	binding_t *next;

	/** bucket index, the phase of this binding in ticks */
	u_int bucket;
};

/**
 * Private data of an imsaka_keepalive_t object.
 */
struct private_imsaka_keepalive_t {

	/**
	 * Public interface
	 */
	imsaka_keepalive_t public;

	/**
	 * Callback sending one keep-alive
	 */
	imsaka_keepalive_send_t send;

	/**
	 * Data for send
	 */
	void *data;

	/**
	 * First binding of each bucket, the wheel
	 */
	binding_t **buckets;

	/**
	 * Number of buckets, interval / tick
	 */
	u_int nbuckets;

	/**
	 * Bucket the next tick fires
	 */
	u_int current;

	/**
	 * uintptr_t id => binding_t*
	 */
	hashtable_t *bindings;

	/**
	 * host_t* => source_t*, the local addresses in use
	 */
	hashtable_t *sources;

	/**
	 * Next id to try in add()
	 */
	uintptr_t next_id;

	/**
	 * Lock for all of the above; held while calling send, so that send
	 * never sees a binding being removed and remove() is final
	 */
	mutex_t *mutex;

	/**
	 * Scheduler job state
	 */
	imsaka_ticker_t *ticker;
};

static u_int hash_source(host_t *host)
{
	return chunk_hash_inc(host->get_address(host), host->get_port(host));
}

static bool equals_source(host_t *a, host_t *b)
{
	return a->equals(a, b);
}

/**
 * Get the shared source for src, taking a reference
 */
static source_t *source_get(private_imsaka_keepalive_t *this, host_t *src)
{
	source_t *source;

	source = this->sources->get(this->sources, src);
	if (!source)
	{
		INIT(source,
			.host = src->clone(src),
		);
		this->sources->put(this->sources, source->host, source);
	}
	source->refs++;
	return source;
}

/**
 * Release a reference to a source, dropping it with the last
 */
static void source_put(private_imsaka_keepalive_t *this, source_t *source)
{
	if (!--source->refs)
	{
		this->sources->remove(this->sources, source->host);
		source->host->destroy(source->host);
		free(source);
	}
}

/**
 * Destroy a binding, unlinked already
 */
static void binding_destroy(private_imsaka_keepalive_t *this,
							binding_t *binding)
{
	source_put(this, binding->src);
	binding->dst->destroy(binding->dst);
	free(binding);
}

/**
 * Link a binding to the head of its bucket
 */
static void bucket_link(private_imsaka_keepalive_t *this, binding_t *binding)
{
	binding->prev = NULL;
	binding->next = this->buckets[binding->bucket];
	if (binding->next)
	{
		binding->next->prev = binding;
	}
	this->buckets[binding->bucket] = binding;
}

/**
 * Unlink a binding from its bucket
 */
static void bucket_unlink(private_imsaka_keepalive_t *this, binding_t *binding)
{
	if (binding->prev)
	{
		binding->prev->next = binding->next;
	}
	else
	{
		this->buckets[binding->bucket] = binding->next;
	}
	if (binding->next)
	{
		binding->next->prev = binding->prev;
	}
}

METHOD(imsaka_keepalive_t, add, uintptr_t,
	private_imsaka_keepalive_t *this, host_t *src, host_t *dst)
{
	binding_t *binding;
	uintptr_t id;
	u_int bucket;

	INIT(binding,
		.dst = dst->clone(dst),
		/* the jitter: not security relevant, so random() as charon's
		 * own retransmission jitter */
		.bucket = random() % this->nbuckets,
	);

	this->mutex->lock(this->mutex);
	/* ids are not reused before the counter wraps, so a stale id of a
	 * removed binding does not hit a new one */
	while (!this->next_id ||
		   this->bindings->get(this->bindings, (void*)this->next_id))
	{
		this->next_id++;
	}
	id = binding->id = this->next_id++;
	binding->src = source_get(this, src);
	bucket = binding->bucket;
	this->bindings->put(this->bindings, (void*)id, binding);
	bucket_link(this, binding);
	this->mutex->unlock(this->mutex);

	DBG2(DBG_NET, "NAT-keepalive %lu from %#H to %#H, phase %u/%u",
		 (u_long)id, src, dst, bucket, this->nbuckets);
	return id;
}

METHOD(imsaka_keepalive_t, remove_, bool,
	private_imsaka_keepalive_t *this, uintptr_t id)
{
	binding_t *binding;

	this->mutex->lock(this->mutex);
	binding = this->bindings->remove(this->bindings, (void*)id);
	if (binding)
	{
		bucket_unlink(this, binding);
		binding_destroy(this, binding);
	}
	this->mutex->unlock(this->mutex);

	if (!binding)
	{
		DBG2(DBG_NET, "no NAT-keepalive %lu to remove", (u_long)id);
		return FALSE;
	}
	DBG2(DBG_NET, "NAT-keepalive %lu removed", (u_long)id);
	return TRUE;
}

METHOD(imsaka_keepalive_t, update, bool,
	private_imsaka_keepalive_t *this, uintptr_t id, host_t *dst)
{
	binding_t *binding;
	host_t *clone, *old = NULL;

	clone = dst->clone(dst);
	this->mutex->lock(this->mutex);
	binding = this->bindings->get(this->bindings, (void*)id);
	if (binding)
	{
		old = binding->dst;
		binding->dst = clone;
	}
	this->mutex->unlock(this->mutex);

	if (!binding)
	{
		DBG2(DBG_NET, "no NAT-keepalive %lu to update", (u_long)id);
		clone->destroy(clone);
		return FALSE;
	}
	DBG2(DBG_NET, "NAT-keepalive %lu now to %#H, was %#H",
		 (u_long)id, dst, old);
	old->destroy(old);
	return TRUE;
}

METHOD(imsaka_keepalive_t, kick, bool,
	private_imsaka_keepalive_t *this, uintptr_t id)
{
	binding_t *binding;

	/* under the lock, as in run_tick() */
	this->mutex->lock(this->mutex);
	binding = this->bindings->get(this->bindings, (void*)id);
	if (binding)
	{
		this->send(this->data, binding->src->host, binding->dst);
	}
	this->mutex->unlock(this->mutex);
	return binding != NULL;
}

METHOD(imsaka_keepalive_t, count, u_int,
	private_imsaka_keepalive_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->bindings->get_count(this->bindings);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(imsaka_keepalive_t, run_tick, u_int,
	private_imsaka_keepalive_t *this)
{
	binding_t *binding;
	u_int sent = 0;

	/* send is called under the lock: charon's sender only queues the
	 * packet, and it makes remove() final and the hosts stable without
	 * copying them out per keep-alive */
	this->mutex->lock(this->mutex);
	for (binding = this->buckets[this->current]; binding;
		 binding = binding->next)
	{
		this->send(this->data, binding->src->host, binding->dst);
		sent++;
	}
	this->current = (this->current + 1) % this->nbuckets;
	this->mutex->unlock(this->mutex);
	return sent;
}

/**
 * Ticker callback
 */
static void tick(private_imsaka_keepalive_t *this)
{
	this->public.run_tick(&this->public);
}

CALLBACK(destroy_binding, void,
	binding_t *binding, const void *key)
{
	binding->dst->destroy(binding->dst);
	free(binding);
}

CALLBACK(destroy_source, void,
	source_t *source, const void *key)
{
	source->host->destroy(source->host);
	free(source);
}

METHOD(imsaka_keepalive_t, destroy, void,
	private_imsaka_keepalive_t *this)
{
	/* waits for a running tick */
	this->ticker->destroy(this->ticker);

	/* sources go as a whole, so bindings need not release them */
	this->bindings->destroy_function(this->bindings, destroy_binding);
	this->sources->destroy_function(this->sources, destroy_source);
	this->mutex->destroy(this->mutex);
	free(this->buckets);
	free(this);
}

/*
 * Described in header
 */
imsaka_keepalive_t *imsaka_keepalive_create(imsaka_keepalive_send_t send,
								void *data, u_int interval_ms, u_int tick_ms)
{
	private_imsaka_keepalive_t *this;
	u_int nbuckets;

	interval_ms = interval_ms ?: IMSAKA_KEEPALIVE_INTERVAL_DEFAULT;
	tick_ms = tick_ms ?: IMSAKA_KEEPALIVE_TICK_DEFAULT;
	if (interval_ms / tick_ms > MAX_BUCKETS)
	{
		tick_ms = (interval_ms + MAX_BUCKETS - 1) / MAX_BUCKETS;
		DBG1(DBG_CFG, "NAT-keepalive tick too fine for an interval "
			 "of %ums, using %ums", interval_ms, tick_ms);
	}
	nbuckets = max((interval_ms + tick_ms / 2) / tick_ms, 1);
	if (nbuckets * tick_ms != interval_ms)
	{
		DBG1(DBG_CFG, "NAT-keepalive interval %ums rounded to %u "
			 "ticks of %ums", interval_ms, nbuckets, tick_ms);
	}

	INIT(this,
		.public = {
			.add = _add,
			.remove = _remove_,
			.update = _update,
			.kick = _kick,
			.count = _count,
			.run_tick = _run_tick,
			.destroy = _destroy,
		},
		.send = send,
		.data = data,
		.buckets = calloc(nbuckets, sizeof(binding_t*)),
		.nbuckets = nbuckets,
		.bindings = hashtable_create(hashtable_hash_ptr,
									 hashtable_equals_ptr, 128),
		.sources = hashtable_create((hashtable_hash_t)hash_source,
									(hashtable_equals_t)equals_source, 4),
		.next_id = 1,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	this->ticker = imsaka_ticker_create((imsaka_ticker_cb_t)tick, this,
										tick_ms);
	return &this->public;
}

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

#include "imsaka_context_manager.h"
#include "imsaka_ticker.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

/**
 * Time one pass applying lifetimes may take, in ms; the rest of the
 * contexts are done by the next pass (poll_interval later)
 */
#define EXPIRE_BUDGET_MS 200

typedef struct private_imsaka_context_manager_t
					private_imsaka_context_manager_t;

/**
 * Private data of an imsaka_context_manager_t object.
 */
struct private_imsaka_context_manager_t {

	/**
	 * Public interface
	 */
	imsaka_context_manager_t public;

	/**
	 * Contexts by id (key: the id as a pointer); the table enumerates in
	 * insertion order, so by ascending id
	 */
	hashtable_t *by_id;

	/**
	 * Id of the last context a pass of expire() handled, 0 after a whole
	 * pass: the next goes on after it
	 */
	u_int expire_after;

	/**
	 * The contexts by the local SPIs their sets receive on (key: the SPI,
	 * host order, as a pointer), for checkout_by_spi: SPIs come from one
	 * allocator, so each is a set's of one context at most
	 */
	hashtable_t *by_spi;

	/**
	 * The contexts of one IMPI (impi_entry_t, key: its impi): a user's
	 * registrations share the peer's protected address, and a set that
	 * goes may take a route along that the other contexts' sets use
	 */
	hashtable_t *by_impi;

	/**
	 * Serializes all access
	 */
	mutex_t *mutex;

	/**
	 * Next id to hand out
	 */
	u_int next_id;

	/**
	 * SPI allocator
	 */
	imsaka_spi_allocator_t *spis;

	/**
	 * Keep-alive wheel
	 */
	imsaka_keepalive_t *keepalive;

	/**
	 * ESP monitor, NULL if none
	 */
	imsaka_esp_monitor_t *monitor;

	/**
	 * Event counters, NULL if none
	 */
	imsaka_counters_t *counters;

	/**
	 * Idle timeout of contexts
	 */
	uint32_t idle_timeout;

	/**
	 * Most contexts
	 */
	u_int max_contexts;

	/**
	 * Shared with the scheduler job, NULL if none
	 */
	imsaka_ticker_t *ticker;
};

/**
 * The contexts of one IMPI
 */
typedef struct {
	/** the IMPI, the key in by_impi */
	identification_t *impi;
	/** imsaka_context_t, at least one */
	array_t *contexts;
} impi_entry_t;

/**
 * Hash an IMPI key of by_impi
 */
static u_int impi_hash(const void *key)
{
	identification_t *impi = (identification_t*)key;

	return chunk_hash(impi->get_encoding(impi));
}

/**
 * Compare two IMPI keys of by_impi
 */
static bool impi_equals(const void *a, const void *b)
{
	identification_t *impi = (identification_t*)a;

	return impi->equals(impi, (identification_t*)b);
}

/**
 * Destroy an impi_entry_t
 */
static void impi_entry_destroy(impi_entry_t *entry)
{
	entry->impi->destroy(entry->impi);
	array_destroy(entry->contexts);
	free(entry);
}

CALLBACK(impi_entry_destroy_cb, void,
	impi_entry_t *entry, const void *key)
{
	impi_entry_destroy(entry);
}

/**
 * Add a new context to by_impi, with the mutex held
 */
static void index_impi(private_imsaka_context_manager_t *this,
					   imsaka_context_t *ctx)
{
	identification_t *impi = ctx->get_impi(ctx);
	impi_entry_t *entry;

	entry = this->by_impi->get(this->by_impi, impi);
	if (!entry)
	{
		INIT(entry,
			.impi = impi->clone(impi),
			.contexts = array_create(0, 1),
		);
		this->by_impi->put(this->by_impi, entry->impi, entry);
	}
	array_insert(entry->contexts, ARRAY_TAIL, ctx);
}

/**
 * Take a context that goes out of by_impi, with the mutex held; returns the
 * entry of the contexts of its IMPI that remain, NULL if none
 */
static impi_entry_t *unindex_impi(private_imsaka_context_manager_t *this,
								  imsaka_context_t *ctx)
{
	impi_entry_t *entry;
	imsaka_context_t *current;
	int i;

	entry = this->by_impi->get(this->by_impi, ctx->get_impi(ctx));
	if (!entry)
	{
		return NULL;
	}
	for (i = 0; i < array_count(entry->contexts); i++)
	{
		array_get(entry->contexts, i, &current);
		if (current == ctx)
		{
			array_remove(entry->contexts, i, NULL);
			break;
		}
	}
	if (!array_count(entry->contexts))
	{
		this->by_impi->remove(this->by_impi, entry->impi);
		impi_entry_destroy(entry);
		return NULL;
	}
	return entry;
}

/**
 * Destroy a context taken out of by_id, with the mutex held: the sets of
 * the other contexts of its IMPI take over the routes its sets owned
 */
static void destroy_context(private_imsaka_context_manager_t *this,
							imsaka_context_t *ctx)
{
	impi_entry_t *others;
	imsaka_context_t *other;
	int i;

	others = unindex_impi(this, ctx);
	ctx->destroy(ctx);
	for (i = 0; others && i < array_count(others->contexts); i++)
	{
		array_get(others->contexts, i, &other);
		other->refresh_routes(other);
	}
}

/**
 * imsaka_context_spi_cb_t: keep by_spi up to date, with the mutex held (a
 * context changes only while checked out, expired or destroyed)
 */
static void index_spi(private_imsaka_context_manager_t *this,
					  imsaka_context_t *ctx, uint32_t spi, bool inbound)
{
	void *key = (void*)(uintptr_t)spi;

	if (inbound)
	{
		this->by_spi->put(this->by_spi, key, ctx);
	}
	else if (this->by_spi->get(this->by_spi, key) == ctx)
	{
		this->by_spi->remove(this->by_spi, key);
	}
}

METHOD(imsaka_context_manager_t, create, u_int,
	private_imsaka_context_manager_t *this, imsaka_context_role_t role,
	identification_t *impi)
{
	imsaka_context_t *ctx;
	u_int id;

	this->mutex->lock(this->mutex);
	if (this->by_id->get_count(this->by_id) >= this->max_contexts)
	{
		this->mutex->unlock(this->mutex);
		impi->destroy(impi);
		return 0;
	}
	id = this->next_id++;
	if (!this->next_id)
	{	/* ids are not reused while the plugin runs, in practice */
		this->next_id = 1;
	}
	ctx = imsaka_context_create(id, role, impi, this->spis, this->keepalive,
								this->monitor, this->counters,
								this->idle_timeout,
								(imsaka_context_spi_cb_t)index_spi, this);
	this->by_id->put(this->by_id, (void*)(uintptr_t)id, ctx);
	index_impi(this, ctx);
	this->mutex->unlock(this->mutex);
	DBG1(DBG_CFG, "ctx %u created, %N for '%Y'", id,
		 imsaka_context_role_names, role, ctx->get_impi(ctx));
	return id;
}

METHOD(imsaka_context_manager_t, inspect, imsaka_context_t*,
	private_imsaka_context_manager_t *this, u_int id)
{
	imsaka_context_t *ctx;

	this->mutex->lock(this->mutex);
	ctx = this->by_id->get(this->by_id, (void*)(uintptr_t)id);
	if (!ctx)
	{
		this->mutex->unlock(this->mutex);
	}
	return ctx;
}

METHOD(imsaka_context_manager_t, checkout, imsaka_context_t*,
	private_imsaka_context_manager_t *this, u_int id)
{
	imsaka_context_t *ctx;

	ctx = inspect(this, id);
	if (ctx)
	{
		ctx->touch(ctx);
	}
	return ctx;
}

METHOD(imsaka_context_manager_t, checkout_by_spi, imsaka_context_t*,
	private_imsaka_context_manager_t *this, uint32_t spi)
{
	imsaka_context_t *ctx;

	this->mutex->lock(this->mutex);
	ctx = this->by_spi->get(this->by_spi, (void*)(uintptr_t)spi);
	if (!ctx)
	{
		this->mutex->unlock(this->mutex);
	}
	return ctx;
}

METHOD(imsaka_context_manager_t, checkin, void,
	private_imsaka_context_manager_t *this, imsaka_context_t *ctx)
{
	this->mutex->unlock(this->mutex);
}

METHOD(imsaka_context_manager_t, remove_, bool,
	private_imsaka_context_manager_t *this, u_int id)
{
	imsaka_context_t *ctx;

	this->mutex->lock(this->mutex);
	ctx = this->by_id->remove(this->by_id, (void*)(uintptr_t)id);
	if (!ctx)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	destroy_context(this, ctx);
	this->mutex->unlock(this->mutex);
	DBG1(DBG_CFG, "ctx %u deleted", id);
	return TRUE;
}

METHOD(imsaka_context_manager_t, get_beside, imsaka_context_t*,
	private_imsaka_context_manager_t *this, imsaka_context_t *ctx, u_int id)
{
	imsaka_context_t *other;

	other = this->by_id->get(this->by_id, (void*)(uintptr_t)id);
	return other == ctx ? NULL : other;
}

METHOD(imsaka_context_manager_t, remove_beside, bool,
	private_imsaka_context_manager_t *this, imsaka_context_t *ctx, u_int id)
{
	imsaka_context_t *other;

	other = get_beside(this, ctx, id);
	if (!other)
	{
		return FALSE;
	}
	this->by_id->remove(this->by_id, (void*)(uintptr_t)id);
	destroy_context(this, other);
	DBG1(DBG_CFG, "ctx %u deleted beside ctx %u", id, ctx->get_id(ctx));
	return TRUE;
}

METHOD(imsaka_context_manager_t, flush, u_int,
	private_imsaka_context_manager_t *this, imsaka_context_role_t role,
	identification_t *impi)
{
	enumerator_t *enumerator;
	imsaka_context_t *ctx;
	u_int removed = 0, id;
	void *key;

	this->mutex->lock(this->mutex);
	enumerator = this->by_id->create_enumerator(this->by_id);
	while (enumerator->enumerate(enumerator, &key, &ctx))
	{
		if (ctx->get_role(ctx) != role ||
			(impi && !impi->equals(impi, ctx->get_impi(ctx))))
		{
			continue;
		}
		id = ctx->get_id(ctx);
		this->by_id->remove_at(this->by_id, enumerator);
		destroy_context(this, ctx);
		DBG1(DBG_CFG, "ctx %u deleted (flush)", id);
		removed++;
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return removed;
}

CALLBACK(context_filter, bool,
	void *data, enumerator_t *orig, va_list args)
{
	imsaka_context_t *ctx, **out;
	void *id;

	VA_ARGS_VGET(args, out);
	if (orig->enumerate(orig, &id, &ctx))
	{
		*out = ctx;
		return TRUE;
	}
	return FALSE;
}

METHOD(imsaka_context_manager_t, create_enumerator, enumerator_t*,
	private_imsaka_context_manager_t *this)
{
	this->mutex->lock(this->mutex);
	return enumerator_create_filter(this->by_id->create_enumerator(this->by_id),
									context_filter, this->mutex,
									(void*)this->mutex->unlock);
}

/**
 * Ids of all contexts, ascending (the table's order); count in *count
 */
static u_int *context_ids(private_imsaka_context_manager_t *this,
						  u_int *count)
{
	enumerator_t *enumerator;
	imsaka_context_t *ctx;
	u_int *ids, n = 0;
	void *id;

	this->mutex->lock(this->mutex);
	ids = malloc(sizeof(u_int) * max(this->by_id->get_count(this->by_id), 1));
	enumerator = this->by_id->create_enumerator(this->by_id);
	while (enumerator->enumerate(enumerator, &id, &ctx))
	{
		ids[n++] = (uintptr_t)id;
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	*count = n;
	return ids;
}

/**
 * Apply the lifetimes of one context, removing it if it is over; TRUE if
 * removed
 */
static bool expire_context(private_imsaka_context_manager_t *this, u_int id)
{
	imsaka_context_t *ctx;
	bool removed = FALSE;

	this->mutex->lock(this->mutex);
	ctx = this->by_id->get(this->by_id, (void*)(uintptr_t)id);
	if (ctx && ctx->expire(ctx))
	{
		DBG1(DBG_CFG, "ctx %u is over (%s, idle), removing it",
			 ctx->get_id(ctx), ctx->get_state(ctx));
		this->by_id->remove(this->by_id, (void*)(uintptr_t)id);
		destroy_context(this, ctx);
		removed = TRUE;
	}
	this->mutex->unlock(this->mutex);
	return removed;
}

METHOD(imsaka_context_manager_t, expire, u_int,
	private_imsaka_context_manager_t *this)
{
	timeval_t deadline, now;
	u_int *ids, count, start, n, removed = 0;

	/* one context at a time, the table's lock given up in between: the
	 * backend may take long to remove sets (kernel-libipsec searches lists
	 * of every SA, and many sets made together expire together), and
	 * requests must not wait for a whole pass; a pass stops after its time
	 * budget and the next goes on after the last context done */
	ids = context_ids(this, &count);
	for (start = 0; start < count && ids[start] <= this->expire_after;
		 start++)
	{
		/* contexts up to the last one done come last */
	}
	time_monotonic(&deadline);
	timeval_add_ms(&deadline, EXPIRE_BUDGET_MS);
	for (n = 0; n < count; n++)
	{
		this->expire_after = ids[(start + n) % count];
		if (expire_context(this, this->expire_after))
		{
			removed++;
		}
		time_monotonic(&now);
		if (timercmp(&now, &deadline, >) && n + 1 < count)
		{
			DBG2(DBG_CFG, "lifetimes applied to %u of %u contexts, the "
				 "rest at the next pass", n + 1, count);
			break;
		}
	}
	if (n == count)
	{	/* a whole pass: the next starts at the lowest id */
		this->expire_after = 0;
	}
	free(ids);
	return removed;
}

METHOD(imsaka_context_manager_t, count, u_int,
	private_imsaka_context_manager_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->by_id->get_count(this->by_id);
	this->mutex->unlock(this->mutex);
	return count;
}

/**
 * Ticker callback applying lifetimes
 */
static void tick(private_imsaka_context_manager_t *this)
{
	expire(this);
}

CALLBACK(context_destroy, void,
	imsaka_context_t *ctx, const void *id)
{
	ctx->destroy(ctx);
}

METHOD(imsaka_context_manager_t, destroy, void,
	private_imsaka_context_manager_t *this)
{
	if (this->ticker)
	{
		/* waits for a running tick */
		this->ticker->destroy(this->ticker);
	}
	if (this->by_id->get_count(this->by_id))
	{
		DBG1(DBG_CFG, "removing %d contexts and their SA sets",
			 this->by_id->get_count(this->by_id));
	}
	/* contexts going remove their SPIs from by_spi */
	this->by_id->destroy_function(this->by_id, (void*)context_destroy);
	this->by_impi->destroy_function(this->by_impi, impi_entry_destroy_cb);
	this->by_spi->destroy(this->by_spi);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
imsaka_context_manager_t *imsaka_context_manager_create(
							imsaka_spi_allocator_t *spis,
							imsaka_keepalive_t *keepalive,
							imsaka_esp_monitor_t *monitor,
							imsaka_counters_t *counters,
							uint32_t idle_timeout, uint32_t poll,
							u_int max_contexts)
{
	private_imsaka_context_manager_t *this;

	INIT(this,
		.public = {
			.create = _create,
			.checkout = _checkout,
			.inspect = _inspect,
			.checkout_by_spi = _checkout_by_spi,
			.checkin = _checkin,
			.remove = _remove_,
			.get_beside = _get_beside,
			.remove_beside = _remove_beside,
			.flush = _flush,
			.create_enumerator = _create_enumerator,
			.expire = _expire,
			.count = _count,
			.destroy = _destroy,
		},
		.by_id = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 64),
		.by_spi = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								   128),
		.by_impi = hashtable_create(impi_hash, impi_equals, 64),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.next_id = 1,
		.spis = spis,
		.keepalive = keepalive,
		.monitor = monitor,
		.counters = counters,
		.idle_timeout = idle_timeout,
		.max_contexts = max_contexts,
	);
	if (poll)
	{
		this->ticker = imsaka_ticker_create((imsaka_ticker_cb_t)tick, this,
											poll * 1000);
	}
	return &this->public;
}

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

#ifndef ME
#error imsaka must be built against strongSwan headers configured with mediation (ME), like the charon of Debian
#endif

#include "imsaka_mapping_listener.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_imsaka_mapping_listener_t
					private_imsaka_mapping_listener_t;

/**
 * What the listener and its queued jobs share: a job may run after the
 * listener is gone, and then finds no contexts
 */
typedef struct {
	/** contexts, NULL once the listener is destroyed */
	imsaka_context_manager_t *contexts;
	/** held while a job acts on the contexts */
	mutex_t *mutex;
	/** the listener and each queued job */
	refcount_t refs;
} shared_t;

/**
 * Private data of an imsaka_mapping_listener_t object.
 */
struct private_imsaka_mapping_listener_t {

	/**
	 * Public interface
	 */
	imsaka_mapping_listener_t public;

	/**
	 * Shared with the jobs
	 */
	shared_t *shared;
};

/**
 * Data of a mapping job
 */
typedef struct {
	shared_t *shared;
	uint32_t spi;
	host_t *remote;
} mapping_t;

static void shared_put(shared_t *shared)
{
	if (ref_put(&shared->refs))
	{
		shared->mutex->destroy(shared->mutex);
		free(shared);
	}
}

static void mapping_destroy(mapping_t *mapping)
{
	shared_put(mapping->shared);
	mapping->remote->destroy(mapping->remote);
	free(mapping);
}

/**
 * Follow a NAT mapping change, in a job: the kernel interface calls
 * listeners with its lock held, which installing SAs needs
 */
static job_requeue_t mapping_job(mapping_t *mapping)
{
	imsaka_context_manager_t *contexts;
	imsaka_context_t *ctx = NULL;

	mapping->shared->mutex->lock(mapping->shared->mutex);
	contexts = mapping->shared->contexts;
	if (contexts)
	{
		ctx = contexts->checkout_by_spi(contexts, mapping->spi);
	}
	if (ctx)
	{
		DBG1(DBG_KNL, "ctx %u: the kernel reports a new NAT mapping "
			 "of SPI %.8x: %#H", ctx->get_id(ctx), mapping->spi,
			 mapping->remote);
		ctx->update_remote(ctx, mapping->remote, "XFRM mapping");
		contexts->checkin(contexts, ctx);
	}
	mapping->shared->mutex->unlock(mapping->shared->mutex);
	return JOB_REQUEUE_NONE;
}

METHOD(kernel_listener_t, mapping, bool,
	private_imsaka_mapping_listener_t *this, uint8_t protocol, uint32_t spi,
	host_t *dst, host_t *remote)
{
	mapping_t *data;

	if (protocol != IPPROTO_ESP)
	{
		return TRUE;
	}
	INIT(data,
		.shared = this->shared,
		.spi = ntohl(spi),
		.remote = remote->clone(remote),
	);
	ref_get(&this->shared->refs);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)mapping_job, data,
							(callback_job_cleanup_t)mapping_destroy, NULL));
	return TRUE;
}

METHOD(imsaka_mapping_listener_t, destroy, void,
	private_imsaka_mapping_listener_t *this)
{
	charon->kernel->remove_listener(charon->kernel, &this->public.listener);
	/* waits for a job acting now; later ones find nothing */
	this->shared->mutex->lock(this->shared->mutex);
	this->shared->contexts = NULL;
	this->shared->mutex->unlock(this->shared->mutex);
	shared_put(this->shared);
	free(this);
}

/*
 * Described in header
 */
imsaka_mapping_listener_t *imsaka_mapping_listener_create(
									imsaka_context_manager_t *contexts)
{
	private_imsaka_mapping_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.mapping = _mapping,
			},
			.destroy = _destroy,
		},
	);
	INIT(this->shared,
		.contexts = contexts,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.refs = 1,
	);
	charon->kernel->add_listener(charon->kernel, &this->public.listener);
	return &this->public;
}

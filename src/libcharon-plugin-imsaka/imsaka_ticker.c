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

#include "imsaka_ticker.h"

#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_imsaka_ticker_t private_imsaka_ticker_t;

/**
 * Private data of an imsaka_ticker_t object, shared by its owner and the
 * scheduler job.
 */
struct private_imsaka_ticker_t {

	/**
	 * Public interface
	 */
	imsaka_ticker_t public;

	/**
	 * Callback, NULL once destroyed
	 */
	imsaka_ticker_cb_t cb;

	/**
	 * Data for cb
	 */
	void *data;

	/**
	 * Serializes a running callback with destroy(), guards refs
	 */
	mutex_t *mutex;

	/**
	 * References, held by the owner and by the job
	 */
	u_int refs;

	/**
	 * When the next tick is due, monotonic
	 */
	timeval_t next;

	/**
	 * Interval in ms
	 */
	u_int interval_ms;
};

/**
 * Release a reference, free on the last one
 */
static void unref(private_imsaka_ticker_t *this)
{
	bool last;

	/* under the mutex rather than atomic: it orders the other holder's
	 * last unlock before the destroy, also for thread checkers */
	this->mutex->lock(this->mutex);
	last = !--this->refs;
	this->mutex->unlock(this->mutex);
	if (last)
	{
		this->mutex->destroy(this->mutex);
		free(this);
	}
}

/**
 * The recurring scheduler job
 */
static job_requeue_t tick(private_imsaka_ticker_t *this)
{
	timeval_t now, next;

	this->mutex->lock(this->mutex);
	if (!this->cb)
	{
		this->mutex->unlock(this->mutex);
		return JOB_REQUEUE_NONE;
	}
	this->cb(this->data);

	timeval_add_ms(&this->next, this->interval_ms);
	time_monotonic(&now);
	if (timercmp(&this->next, &now, <))
	{
		this->next = now;
	}
	next = this->next;
	this->mutex->unlock(this->mutex);
	return JOB_RESCHEDULE_TV(next);
}

METHOD(imsaka_ticker_t, destroy, void,
	private_imsaka_ticker_t *this)
{
	/* waits for a running callback; a queued job then finds cb NULL */
	this->mutex->lock(this->mutex);
	this->cb = NULL;
	this->data = NULL;
	this->mutex->unlock(this->mutex);
	unref(this);
}

/*
 * Described in header
 */
imsaka_ticker_t *imsaka_ticker_create(imsaka_ticker_cb_t cb, void *data,
									  u_int interval_ms)
{
	private_imsaka_ticker_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.refs = 2,
		.interval_ms = max(interval_ms, 1),
	);
	time_monotonic(&this->next);
	timeval_add_ms(&this->next, this->interval_ms);
	lib->scheduler->schedule_job_tv(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)tick, this,
										(callback_job_cleanup_t)unref, NULL),
			this->next);
	return &this->public;
}

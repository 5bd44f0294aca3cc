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
 * @defgroup imsaka_context_manager imsaka_context_manager
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTEXT_MANAGER_H_
#define IMSAKA_CONTEXT_MANAGER_H_

#include "imsaka_context.h"

#include <collections/enumerator.h>

typedef struct imsaka_context_manager_t imsaka_context_manager_t;

/** default seconds a temporary set and an idle context live: 64 * T1,
 * the reg-await-auth timer of TS 24.229 with T1 = 500 ms */
#define IMSAKA_REG_AWAIT_AUTH_DEFAULT 32

/** default interval in s of the job applying lifetimes */
#define IMSAKA_CONTEXT_POLL_DEFAULT 1

/**
 * The registration contexts of the plugin, found by id and by the local
 * SPIs of their sets in hashtables.
 *
 * One mutex serializes every access: a context is used between
 * checkout() and checkin(), or while an enumerator is alive. A recurring
 * scheduler job applies the lifetimes of the contexts' sets and removes
 * contexts that are over.
 */
struct imsaka_context_manager_t {

	/**
	 * Create a context.
	 *
	 * @param role		role of this host
	 * @param impi		IMPI, adopted
	 * @return			id of the context, 0 if the limit is reached
	 */
	u_int (*create)(imsaka_context_manager_t *this,
					imsaka_context_role_t role, identification_t *impi);

	/**
	 * Get a context for exclusive use; check it in with checkin().
	 *
	 * @param id		id of the context
	 * @return			context, NULL if none (nothing to check in then)
	 */
	imsaka_context_t *(*checkout)(imsaka_context_manager_t *this, u_int id);

	/**
	 * Get a context for exclusive use as checkout() does, but only to read
	 * it (list): that is no activity, the idle timeout runs on.
	 *
	 * @param id		id of the context
	 * @return			context, NULL if none (nothing to check in then)
	 */
	imsaka_context_t *(*inspect)(imsaka_context_manager_t *this, u_int id);

	/**
	 * Get the context with a set receiving on an SPI (a local spi-c or
	 * spi-s) for exclusive use, found in a hashtable by SPI.
	 *
	 * @param spi		SPI, host order
	 * @return			context, NULL if none
	 */
	imsaka_context_t *(*checkout_by_spi)(imsaka_context_manager_t *this,
										 uint32_t spi);

	/**
	 * Return a context got with checkout(), inspect() or checkout_by_spi().
	 *
	 * @param ctx		context
	 */
	void (*checkin)(imsaka_context_manager_t *this, imsaka_context_t *ctx);

	/**
	 * Remove a context with all its kernel state and keep-alives.
	 *
	 * @param id		id of the context
	 * @return			FALSE if no such context
	 */
	bool (*remove)(imsaka_context_manager_t *this, u_int id);

	/**
	 * Look at another context while one is checked out.
	 *
	 * @param ctx		context checked out
	 * @param id		id of the other context
	 * @return			context, NULL if none or if id is ctx's; valid until
	 *					ctx is checked in
	 */
	imsaka_context_t *(*get_beside)(imsaka_context_manager_t *this,
									imsaka_context_t *ctx, u_int id);

	/**
	 * Remove another context, as remove() does, while one is checked out:
	 * the lock is held throughout, so nobody sees what was done to ctx
	 * without this removal.
	 *
	 * @param ctx		context checked out
	 * @param id		id of the context to remove
	 * @return			FALSE if no such context or if id is ctx's
	 */
	bool (*remove_beside)(imsaka_context_manager_t *this,
						  imsaka_context_t *ctx, u_int id);

	/**
	 * Remove every context of a role, or of a role and an IMPI, each as
	 * remove() does (kernel state, keep-alives, holds): what a frontend
	 * left in charon when it ended without clean-up.
	 *
	 * @param role		role of the contexts
	 * @param impi		IMPI of the contexts, NULL for any
	 * @return			number of contexts removed
	 */
	u_int (*flush)(imsaka_context_manager_t *this, imsaka_context_role_t role,
				   identification_t *impi);

	/**
	 * Enumerate contexts (imsaka_context_t*) by id; all contexts are locked
	 * until the enumerator is destroyed.
	 *
	 * @return			enumerator
	 */
	enumerator_t *(*create_enumerator)(imsaka_context_manager_t *this);

	/**
	 * Apply lifetimes now, as the scheduler job does.
	 *
	 * @return			number of contexts removed
	 */
	u_int (*expire)(imsaka_context_manager_t *this);

	/**
	 * Number of contexts.
	 *
	 * @return			count
	 */
	u_int (*count)(imsaka_context_manager_t *this);

	/**
	 * Destroy the manager and all contexts with their kernel state.
	 */
	void (*destroy)(imsaka_context_manager_t *this);
};

/**
 * Create a context manager and schedule its lifetime job.
 *
 * @param spis			SPI allocator for the contexts
 * @param keepalive		keep-alive wheel, NULL if none
 * @param monitor		ESP monitor for the contexts' sets, NULL if none
 * @param counters		event counters of the contexts, NULL for none
 * @param idle_timeout	seconds a context without sets lives after its
 *						last activity
 * @param poll			interval of the lifetime job in s, 0 for no job
 * @param max_contexts	most contexts at a time
 * @return				manager
 */
imsaka_context_manager_t *imsaka_context_manager_create(
							imsaka_spi_allocator_t *spis,
							imsaka_keepalive_t *keepalive,
							imsaka_esp_monitor_t *monitor,
							imsaka_counters_t *counters,
							uint32_t idle_timeout, uint32_t poll,
							u_int max_contexts);

#endif /** IMSAKA_CONTEXT_MANAGER_H_ @}*/

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
 * @defgroup ue_live_contexts ue_live_contexts
 * @{ @ingroup imsaka_ue
 * The contexts the UE made in the charon it is connected to and did not
 * delete: a request naming another one is about a charon that restarted
 * (its numbers start again at 1 and may name another process's context).
 * Kept by value in the control client.
 */

#ifndef UE_LIVE_CONTEXTS_H_
#define UE_LIVE_CONTEXTS_H_

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct ue_live_contexts_t ue_live_contexts_t;

/** contexts kept; the UE holds one at a time */
#define UE_LIVE_CONTEXTS_MAX 4

/**
 * Contexts of the charon connected to.
 */
struct ue_live_contexts_t {

	/** context numbers */
	uint32_t ctx[UE_LIVE_CONTEXTS_MAX];

	/** number of them */
	u_int count;
};

/**
 * Whether a context is one of them.
 *
 * @param this		contexts
 * @param ctx		context
 * @return			TRUE if made in this charon and not deleted
 */
bool ue_live_contexts_has(const ue_live_contexts_t *this, uint32_t ctx);

/**
 * A context was made; past UE_LIVE_CONTEXTS_MAX the oldest is forgotten
 * (its requests fail from then on).
 *
 * @param this		contexts
 * @param ctx		context
 */
void ue_live_contexts_add(ue_live_contexts_t *this, uint32_t ctx);

/**
 * A context was deleted.
 *
 * @param this		contexts
 * @param ctx		context
 */
void ue_live_contexts_remove(ue_live_contexts_t *this, uint32_t ctx);

/**
 * charon restarted: none of them exists any more.
 *
 * @param this		contexts
 * @return			how many there were
 */
u_int ue_live_contexts_clear(ue_live_contexts_t *this);

#endif /** UE_LIVE_CONTEXTS_H_ @}*/

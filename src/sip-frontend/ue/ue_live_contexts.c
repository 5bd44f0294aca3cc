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

#include "ue_live_contexts.h"

#include <string.h>

/**
 * Index of a context, -1 if not there
 */
static int find(const ue_live_contexts_t *this, uint32_t ctx)
{
	u_int i;

	for (i = 0; i < this->count; i++)
	{
		if (this->ctx[i] == ctx)
		{
			return i;
		}
	}
	return -1;
}

/*
 * Described in header
 */
bool ue_live_contexts_has(const ue_live_contexts_t *this, uint32_t ctx)
{
	return find(this, ctx) >= 0;
}

/*
 * Described in header
 */
void ue_live_contexts_add(ue_live_contexts_t *this, uint32_t ctx)
{
	if (this->count == UE_LIVE_CONTEXTS_MAX)
	{
		memmove(this->ctx, this->ctx + 1,
				sizeof(this->ctx[0]) * (UE_LIVE_CONTEXTS_MAX - 1));
		this->count--;
	}
	this->ctx[this->count++] = ctx;
}

/*
 * Described in header
 */
void ue_live_contexts_remove(ue_live_contexts_t *this, uint32_t ctx)
{
	int i = find(this, ctx);

	if (i >= 0)
	{
		this->ctx[i] = this->ctx[--this->count];
	}
}

/*
 * Described in header
 */
u_int ue_live_contexts_clear(ue_live_contexts_t *this)
{
	u_int count = this->count;

	this->count = 0;
	return count;
}

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

#include "imsaka_context.h"

#include <daemon.h>

/** most SPIs allocated to a context and not yet used by a set */
#define PENDING_MAX 8

/** seconds a promoted set outlives the registration (TS 33.203 7.4.1a) */
#define REGISTRATION_MARGIN 30

ENUM(imsaka_context_role_names, IMSAKA_CONTEXT_UE, IMSAKA_CONTEXT_PCSCF,
	"ue",
	"pcscf",
);

ENUM(imsaka_context_slot_names, IMSAKA_SET_TEMP, IMSAKA_SET_COUNT,
	"temp",
	"current",
	"old",
	"all",
);

/**
 * The clock of the contexts (imsaka_context_set_clock())
 */
static time_t (*clock_now)(timeval_t *tv) = time_monotonic;

/*
 * Described in header
 */
void imsaka_context_set_clock(time_t (*now)(timeval_t *tv))
{
	clock_now = now ?: time_monotonic;
}

typedef struct private_imsaka_context_t private_imsaka_context_t;

/**
 * An SA set of the context and what it needs on its own
 */
typedef struct {
	/** the set, NULL if the slot is empty */
	imsaka_sa_set_t *set;
	/** when the plugin removes the set, monotonic */
	time_t expires;
	/** keys the set was installed with, for a reinstall on rebinding */
	uint8_t ck[IMSAKA_CK_LEN];
	uint8_t ik[IMSAKA_IK_LEN];
	/** inbound packets counted when the set became current */
	uint64_t baseline;
} slot_t;

/**
 * Private data of an imsaka_context_t object.
 */
struct private_imsaka_context_t {

	/**
	 * Public interface
	 */
	imsaka_context_t public;

	/**
	 * Id
	 */
	u_int id;

	/**
	 * Role of this host
	 */
	imsaka_context_role_t role;

	/**
	 * IMPI
	 */
	identification_t *impi;

	/**
	 * CK/IK of the latest AKA run
	 */
	uint8_t ck[IMSAKA_CK_LEN];
	uint8_t ik[IMSAKA_IK_LEN];

	/**
	 * Whether ck/ik are set
	 */
	bool keyed;

	/**
	 * SA sets
	 */
	slot_t slots[IMSAKA_SET_COUNT];

	/**
	 * Local SPIs allocated and not yet used by a set
	 */
	uint32_t pending[PENDING_MAX];

	/**
	 * Number of pending SPIs
	 */
	int npending;

	/**
	 * SPI allocator
	 */
	imsaka_spi_allocator_t *spis;

	/**
	 * Keep-alive wheel, NULL if none
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
	 * Keep-alive binding, 0 if none
	 */
	uintptr_t binding;

	/**
	 * Creation time, monotonic
	 */
	time_t created;

	/**
	 * Last activity, monotonic
	 */
	time_t touched;

	/**
	 * Idle timeout in s
	 */
	uint32_t idle_timeout;

	/**
	 * End of a hold (ctx-hold), monotonic, 0 if none
	 */
	time_t held;

	/**
	 * Told about inbound SPIs of the sets, NULL if none
	 */
	imsaka_context_spi_cb_t spi_cb;

	/**
	 * Data for spi_cb
	 */
	void *spi_data;
};

/**
 * Tell spi_cb that a set's local SPIs come or go
 */
static void report_spis(private_imsaka_context_t *this, imsaka_sa_set_t *set,
						bool inbound)
{
	imsaka_sa_set_cfg_t *cfg = set->get_cfg(set);

	if (this->spi_cb)
	{
		this->spi_cb(this->spi_data, &this->public, cfg->local.spi_c, inbound);
		this->spi_cb(this->spi_data, &this->public, cfg->local.spi_s, inbound);
	}
}

METHOD(imsaka_context_t, get_id, u_int,
	private_imsaka_context_t *this)
{
	return this->id;
}

METHOD(imsaka_context_t, get_role, imsaka_context_role_t,
	private_imsaka_context_t *this)
{
	return this->role;
}

METHOD(imsaka_context_t, get_impi, identification_t*,
	private_imsaka_context_t *this)
{
	return this->impi;
}

METHOD(imsaka_context_t, set_keys, void,
	private_imsaka_context_t *this, const uint8_t ck[IMSAKA_CK_LEN],
	const uint8_t ik[IMSAKA_IK_LEN])
{
	memcpy(this->ck, ck, IMSAKA_CK_LEN);
	memcpy(this->ik, ik, IMSAKA_IK_LEN);
	this->keyed = TRUE;
}

METHOD(imsaka_context_t, clear_keys, void,
	private_imsaka_context_t *this)
{
	memwipe(this->ck, IMSAKA_CK_LEN);
	memwipe(this->ik, IMSAKA_IK_LEN);
	this->keyed = FALSE;
}

METHOD(imsaka_context_t, get_keys, bool,
	private_imsaka_context_t *this, uint8_t ck[IMSAKA_CK_LEN],
	uint8_t ik[IMSAKA_IK_LEN])
{
	if (!this->keyed)
	{
		return FALSE;
	}
	memcpy(ck, this->ck, IMSAKA_CK_LEN);
	memcpy(ik, this->ik, IMSAKA_IK_LEN);
	return TRUE;
}

METHOD(imsaka_context_t, alloc_spis, bool,
	private_imsaka_context_t *this, uint32_t *spi_c, uint32_t *spi_s)
{
	if (this->npending + 2 > PENDING_MAX)
	{
		return FALSE;
	}
	if (!this->spis->allocate(this->spis, spi_c))
	{
		return FALSE;
	}
	if (!this->spis->allocate(this->spis, spi_s))
	{
		this->spis->release(this->spis, *spi_c);
		return FALSE;
	}
	this->pending[this->npending++] = *spi_c;
	this->pending[this->npending++] = *spi_s;
	return TRUE;
}

/**
 * Index of a pending SPI, -1 if not pending
 */
static int find_pending(private_imsaka_context_t *this, uint32_t spi)
{
	int i;

	for (i = 0; i < this->npending; i++)
	{
		if (this->pending[i] == spi)
		{
			return i;
		}
	}
	return -1;
}

METHOD(imsaka_context_t, spis_pending, bool,
	private_imsaka_context_t *this, uint32_t spi_c, uint32_t spi_s)
{
	return spi_c != spi_s && find_pending(this, spi_c) >= 0 &&
		   find_pending(this, spi_s) >= 0;
}

/**
 * Drop an SPI from the pending ones, without releasing it
 */
static void take_pending(private_imsaka_context_t *this, uint32_t spi)
{
	int i;

	i = find_pending(this, spi);
	if (i >= 0)
	{
		this->pending[i] = this->pending[--this->npending];
	}
}

METHOD(imsaka_context_t, release_spis, void,
	private_imsaka_context_t *this, uint32_t spi_c, uint32_t spi_s)
{
	uint32_t spis[] = { spi_c, spi_s };
	int i;

	for (i = 0; i < countof(spis); i++)
	{
		if (find_pending(this, spis[i]) >= 0)
		{
			take_pending(this, spis[i]);
			this->spis->release(this->spis, spis[i]);
		}
	}
}

METHOD(imsaka_context_t, refresh_routes, void,
	private_imsaka_context_t *this)
{
	int i;

	for (i = 0; i < IMSAKA_SET_COUNT; i++)
	{
		if (this->slots[i].set)
		{
			this->slots[i].set->refresh_routes(this->slots[i].set);
		}
	}
}

/**
 * Empty a slot: remove the set, release its SPIs, wipe its keys
 */
static bool clear_slot(private_imsaka_context_t *this,
					   imsaka_context_slot_t which)
{
	slot_t *slot = &this->slots[which];
	imsaka_sa_set_cfg_t *cfg;

	if (!slot->set)
	{
		return FALSE;
	}
	cfg = slot->set->get_cfg(slot->set);
	report_spis(this, slot->set, FALSE);
	this->spis->release(this->spis, cfg->local.spi_c);
	this->spis->release(this->spis, cfg->local.spi_s);
	DBG1(DBG_KNL, "ctx %u: removing %N SA set %u/%u", this->id,
		 imsaka_context_slot_names, which, cfg->local.spi_c, cfg->local.spi_s);
	if (this->monitor)
	{
		this->monitor->unwatch(this->monitor, slot->set);
	}
	slot->set->destroy(slot->set);
	imsaka_counters_bump(this->counters, IMSAKA_COUNTER_SETS_REMOVED);
	memwipe(slot, sizeof(*slot));
	/* the sets left towards the same peer may have lost their routes */
	refresh_routes(this);
	return TRUE;
}

METHOD(imsaka_context_t, set_temp, bool,
	private_imsaka_context_t *this, imsaka_sa_set_t *set, uint32_t lifetime)
{
	slot_t *slot = &this->slots[IMSAKA_SET_TEMP];
	imsaka_sa_set_cfg_t *cfg;

	if (slot->set || !this->keyed)
	{
		return FALSE;
	}
	cfg = set->get_cfg(set);
	take_pending(this, cfg->local.spi_c);
	take_pending(this, cfg->local.spi_s);
	*slot = (slot_t){
		.set = set,
		.expires = clock_now(NULL) + lifetime,
	};
	memcpy(slot->ck, this->ck, IMSAKA_CK_LEN);
	memcpy(slot->ik, this->ik, IMSAKA_IK_LEN);
	report_spis(this, set, TRUE);
	if (this->monitor)
	{
		this->monitor->watch(this->monitor, this->id, set, slot->ck, slot->ik);
	}
	imsaka_counters_bump(this->counters, IMSAKA_COUNTER_SETS_INSTALLED);
	this->touched = clock_now(NULL);
	return TRUE;
}

/**
 * Inbound packets of a set, FALSE if the backend does not count them
 */
static bool inbound_packets(imsaka_sa_set_t *set, uint64_t *packets)
{
	imsaka_sa_stats_t stats[IMSAKA_SA_SET_SIZE];
	bool counted = FALSE;
	int i;

	*packets = 0;
	set->query(set, stats);
	for (i = 0; i < IMSAKA_SA_SET_SIZE; i++)
	{
		if (stats[i].inbound && stats[i].counted)
		{
			*packets += stats[i].packets;
			counted = TRUE;
		}
	}
	return counted;
}

METHOD(imsaka_context_t, promote, bool,
	private_imsaka_context_t *this, uint32_t expires, uint32_t max_life)
{
	slot_t *temp = &this->slots[IMSAKA_SET_TEMP];
	slot_t *cur = &this->slots[IMSAKA_SET_CURRENT];
	time_t now, until;
	uint64_t life;

	if (!temp->set)
	{
		return FALSE;
	}
	now = clock_now(NULL);
	life = min((uint64_t)expires + REGISTRATION_MARGIN, max_life);
	until = now + life;
	clear_slot(this, IMSAKA_SET_OLD);
	if (cur->set)
	{
		until = max(until, cur->expires);
		this->slots[IMSAKA_SET_OLD] = *cur;
		memwipe(cur, sizeof(*cur));
	}
	*cur = *temp;
	memwipe(temp, sizeof(*temp));
	cur->expires = until;
	/* the registration's own messages (SM7, SM8) ran on this set */
	inbound_packets(cur->set, &cur->baseline);
	imsaka_counters_bump(this->counters, IMSAKA_COUNTER_SETS_PROMOTED);
	this->touched = now;
	DBG1(DBG_KNL, "ctx %u: SA set promoted, lifetime %us", this->id,
		 (u_int)(until - now));
	return TRUE;
}

METHOD(imsaka_context_t, hold, uint32_t,
	private_imsaka_context_t *this, uint32_t expires, uint32_t max_life)
{
	slot_t *cur = &this->slots[IMSAKA_SET_CURRENT];
	time_t now, until;
	uint64_t life;

	now = clock_now(NULL);
	/* as promote(): a later registration never shortens an earlier one */
	life = min((uint64_t)expires + REGISTRATION_MARGIN, max_life);
	until = max(now + (time_t)life, this->held);
	this->held = until;
	this->touched = now;
	if (cur->set)
	{	/* a registration refreshed without a new set keeps the one in
		 * force as long (TS 33.203 7.4) */
		cur->expires = max(cur->expires, until);
	}
	DBG1(DBG_CFG, "ctx %u: held for %us%s", this->id,
		 (u_int)(until - now), cur->set ? " with its current SA set" :
		 " (registration without SA set)");
	return until - now;
}

METHOD(imsaka_context_t, get_hold, uint32_t,
	private_imsaka_context_t *this)
{
	time_t now = clock_now(NULL);

	return this->held > now ? this->held - now : 0;
}

METHOD(imsaka_context_t, get_set, imsaka_sa_set_t*,
	private_imsaka_context_t *this, imsaka_context_slot_t slot,
	uint32_t *remaining)
{
	time_t now;

	if (slot >= IMSAKA_SET_COUNT || !this->slots[slot].set)
	{
		return NULL;
	}
	if (remaining)
	{
		now = clock_now(NULL);
		*remaining = this->slots[slot].expires > now ?
							this->slots[slot].expires - now : 0;
	}
	return this->slots[slot].set;
}

METHOD(imsaka_context_t, remove_set, int,
	private_imsaka_context_t *this, imsaka_context_slot_t slot)
{
	int i, removed = 0;

	this->touched = clock_now(NULL);
	if (slot < IMSAKA_SET_COUNT)
	{
		return clear_slot(this, slot) ? 1 : 0;
	}
	for (i = IMSAKA_SET_COUNT - 1; i >= 0; i--)
	{
		removed += clear_slot(this, i) ? 1 : 0;
	}
	return removed;
}

METHOD(imsaka_context_t, update_remote, int,
	private_imsaka_context_t *this, host_t *remote_outer, const char *why)
{
	imsaka_sa_set_t *set;
	int i, updated = 0;
	bool failed = FALSE;

	this->touched = clock_now(NULL);
	for (i = 0; i < IMSAKA_SET_COUNT; i++)
	{
		set = this->slots[i].set;
		if (!set)
		{
			continue;
		}
		if (set->update_remote(set, remote_outer, this->slots[i].ck,
							   this->slots[i].ik))
		{
			updated++;
			if (this->monitor)
			{
				this->monitor->moved(this->monitor, set);
			}
		}
		else
		{
			DBG1(DBG_KNL, "ctx %u: %N SA set cannot follow the peer "
				 "to %#H", this->id, imsaka_context_slot_names, i,
				 remote_outer);
			failed = TRUE;
		}
	}
	if (this->binding && this->keepalive)
	{
		this->keepalive->update(this->keepalive, this->binding, remote_outer);
	}
	if (updated)
	{
		imsaka_counters_bump(this->counters,
							 IMSAKA_COUNTER_NAT_MAPPINGS_FOLLOWED);
	}
	DBG1(DBG_KNL, "ctx %u: peer now at %#H (%s), %d SA set%s follow%s",
		 this->id, remote_outer, why, updated, updated == 1 ? "" : "s",
		 updated == 1 ? "s" : "");
	return failed ? -1 : updated;
}

METHOD(imsaka_context_t, stop_keepalive, bool,
	private_imsaka_context_t *this)
{
	bool stopped = FALSE;

	if (this->binding && this->keepalive)
	{
		stopped = this->keepalive->remove(this->keepalive, this->binding);
	}
	this->binding = 0;
	return stopped;
}

METHOD(imsaka_context_t, start_keepalive, void,
	private_imsaka_context_t *this, host_t *src, host_t *dst)
{
	stop_keepalive(this);
	if (this->keepalive)
	{
		this->binding = this->keepalive->add(this->keepalive, src, dst);
		/* the NAT maps at once, not up to one interval later */
		this->keepalive->kick(this->keepalive, this->binding);
	}
	this->touched = clock_now(NULL);
}

METHOD(imsaka_context_t, get_keepalive, uintptr_t,
	private_imsaka_context_t *this)
{
	return this->binding;
}

METHOD(imsaka_context_t, get_state, const char*,
	private_imsaka_context_t *this)
{
	if (this->slots[IMSAKA_SET_CURRENT].set)
	{
		return this->slots[IMSAKA_SET_TEMP].set ? "re-auth" : "registered";
	}
	if (this->slots[IMSAKA_SET_TEMP].set)
	{
		return "await-auth";
	}
	return this->keyed ? "keyed" : "new";
}

METHOD(imsaka_context_t, get_age, uint32_t,
	private_imsaka_context_t *this)
{
	return clock_now(NULL) - this->created;
}

METHOD(imsaka_context_t, expire, bool,
	private_imsaka_context_t *this)
{
	slot_t *cur = &this->slots[IMSAKA_SET_CURRENT];
	uint64_t packets;
	time_t now;
	int i;

	now = clock_now(NULL);
	if (cur->set && this->slots[IMSAKA_SET_OLD].set &&
		inbound_packets(cur->set, &packets) && packets > cur->baseline)
	{
		DBG1(DBG_KNL, "ctx %u: current SA set carried traffic",
			 this->id);
		clear_slot(this, IMSAKA_SET_OLD);
	}
	for (i = 0; i < IMSAKA_SET_COUNT; i++)
	{
		if (this->slots[i].set && this->slots[i].expires <= now)
		{
			DBG1(DBG_KNL, "ctx %u: %N SA set expired", this->id,
				 imsaka_context_slot_names, i);
			clear_slot(this, i);
			this->touched = now;
		}
	}
	for (i = 0; i < IMSAKA_SET_COUNT; i++)
	{
		if (this->slots[i].set)
		{
			return FALSE;
		}
	}
	if (this->held)
	{
		if (now < this->held)
		{
			return FALSE;
		}
		DBG1(DBG_CFG, "ctx %u: hold expired", this->id);
		/* from now on an ordinary idle context */
		this->held = 0;
	}
	return now - this->touched >= this->idle_timeout;
}

METHOD(imsaka_context_t, touch, void,
	private_imsaka_context_t *this)
{
	this->touched = clock_now(NULL);
}

METHOD(imsaka_context_t, destroy, void,
	private_imsaka_context_t *this)
{
	stop_keepalive(this);
	remove_set(this, IMSAKA_SET_COUNT);
	while (this->npending > 0)
	{
		this->spis->release(this->spis, this->pending[--this->npending]);
	}
	this->impi->destroy(this->impi);
	memwipe(this, sizeof(*this));
	free(this);
}

/*
 * Described in header
 */
imsaka_context_t *imsaka_context_create(u_int id, imsaka_context_role_t role,
							identification_t *impi,
							imsaka_spi_allocator_t *spis,
							imsaka_keepalive_t *keepalive,
							imsaka_esp_monitor_t *monitor,
							imsaka_counters_t *counters,
							uint32_t idle_timeout,
							imsaka_context_spi_cb_t spi_cb, void *spi_data)
{
	private_imsaka_context_t *this;

	INIT(this,
		.public = {
			.get_id = _get_id,
			.get_role = _get_role,
			.get_impi = _get_impi,
			.set_keys = _set_keys,
			.clear_keys = _clear_keys,
			.get_keys = _get_keys,
			.alloc_spis = _alloc_spis,
			.spis_pending = _spis_pending,
			.release_spis = _release_spis,
			.set_temp = _set_temp,
			.promote = _promote,
			.hold = _hold,
			.get_hold = _get_hold,
			.get_set = _get_set,
			.remove_set = _remove_set,
			.refresh_routes = _refresh_routes,
			.update_remote = _update_remote,
			.start_keepalive = _start_keepalive,
			.stop_keepalive = _stop_keepalive,
			.get_keepalive = _get_keepalive,
			.get_state = _get_state,
			.get_age = _get_age,
			.expire = _expire,
			.touch = _touch,
			.destroy = _destroy,
		},
		.id = id,
		.role = role,
		.impi = impi,
		.spis = spis,
		.keepalive = keepalive,
		.monitor = monitor,
		.counters = counters,
		.idle_timeout = idle_timeout,
		.created = clock_now(NULL),
		.spi_cb = spi_cb,
		.spi_data = spi_data,
	);
	this->touched = this->created;
	return &this->public;
}

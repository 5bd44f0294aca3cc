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

#include "imsaka_sa_set.h"
#include "imsaka_backend.h"
#include "imsaka_sa_layout.h"
#include "imsaka_route.h"
#include "imsaka_sa_journal.h"
#include "imsaka_sa_kernel.h"

#include <daemon.h>

typedef struct private_imsaka_sa_set_t private_imsaka_sa_set_t;

/** replay window of every SA (TS 33.203 7.1) */
#define REPLAY_WINDOW 32

/**
 * Private data of an imsaka_sa_set_t object.
 */
struct private_imsaka_sa_set_t {

	/**
	 * Public interface
	 */
	imsaka_sa_set_t public;

	/**
	 * Configuration, hosts owned
	 */
	imsaka_sa_set_cfg_t cfg;

	/**
	 * reqid of the SA pair on our client port and on our server port
	 */
	uint32_t reqid[2];

	/**
	 * Number of reqids allocated
	 */
	int reqids;

	/**
	 * Number of SAs installed, in layout order
	 */
	int sas;

	/**
	 * Number of policies installed, in layout order
	 */
	int policies;

	/**
	 * Route to the peer's protected address, NULL if the set needs none
	 * (transport mode, kernel-libipsec, charon.install_routes = no)
	 */
	imsaka_route_t *route;

	/**
	 * Number of the set's entry in the journal, 0 if none
	 */
	u_int journal_id;
};

/**
 * Selector of the local protected address and port of SA i
 */
static traffic_selector_t *local_ts(private_imsaka_sa_set_t *this, int i)
{
	return imsaka_sa_kernel_ts(&this->cfg, i, TRUE);
}

/**
 * Selector of the remote protected address and port of SA i
 */
static traffic_selector_t *remote_ts(private_imsaka_sa_set_t *this, int i)
{
	return imsaka_sa_kernel_ts(&this->cfg, i, FALSE);
}

static uint32_t sa_spi(private_imsaka_sa_set_t *this, int i)
{
	return imsaka_sa_layout_spi(&this->cfg, i);
}

static ipsec_mode_t kernel_mode(private_imsaka_sa_set_t *this)
{
	return this->cfg.mode == IMSAKA_SECAGREE_MOD_TRANS ? MODE_TRANSPORT
												 : MODE_TUNNEL;
}

/**
 * Source and destination outer addresses of SA i
 */
static void outer_hosts(private_imsaka_sa_set_t *this, int i, host_t **src,
						host_t **dst)
{
	imsaka_sa_layout_outer(&this->cfg, i, this->cfg.remote_outer, src, dst);
}

static mark_t no_mark()
{
	return (mark_t){};
}

/**
 * Record the set in the journal with the peer at remote, before the kernel
 * gets any of it
 */
static u_int journal_record(private_imsaka_sa_set_t *this, host_t *remote)
{
	if (!this->cfg.journal)
	{
		return 0;
	}
	return this->cfg.journal->record(this->cfg.journal, &this->cfg, remote,
									 this->reqid);
}

/**
 * Forget an entry of the set in the journal, after the kernel let go
 */
static void journal_forget(private_imsaka_sa_set_t *this, u_int *id)
{
	if (this->cfg.journal && *id)
	{
		this->cfg.journal->forget(this->cfg.journal, *id);
	}
	*id = 0;
}

static status_t alloc_reqid(private_imsaka_sa_set_t *this, int pair)
{
	linked_list_t *lts, *rts;
	int i = pair ? 1 : 0;
	status_t status;

	lts = linked_list_create_with_items(local_ts(this, i), NULL);
	rts = linked_list_create_with_items(remote_ts(this, i), NULL);
	status = charon->kernel->alloc_reqid(charon->kernel, lts, rts,
							no_mark(), no_mark(), 0, 0, NULL,
							&this->reqid[pair]);
	lts->destroy_offset(lts, offsetof(traffic_selector_t, destroy));
	rts->destroy_offset(rts, offsetof(traffic_selector_t, destroy));
	return status;
}

/**
 * Hard lifetime given to the backend with each SA. A kernel drops the SAs
 * on its own after it, a safety net should charon not. kernel-libipsec
 * keeps the SAs in charon's memory, so there is no net to give, and each
 * lifetime would cost a job in charon's scheduler that stays until it fires
 * (sa_hard_lifetime, days), long after the set was removed: memory growing
 * with every re-registration. The plugin's own expiry removes the sets.
 */
static uint32_t backend_lifetime(private_imsaka_sa_set_t *this)
{
	if (imsaka_backend_type() == IMSAKA_BACKEND_USERSPACE)
	{
		return 0;
	}
	return this->cfg.hard_lifetime;
}

static status_t add_sa(private_imsaka_sa_set_t *this, int i,
					   imsaka_sa_keys_t *keys)
{
	traffic_selector_t *lts, *rts;
	linked_list_t *src_ts, *dst_ts;
	lifetime_cfg_t lifetime = {
		.time = {
			.life = backend_lifetime(this),
		},
	};
	kernel_ipsec_sa_id_t id = {
		.spi = htonl(sa_spi(this, i)),
		.proto = IPPROTO_ESP,
	};
	kernel_ipsec_add_sa_t sa = {
		.reqid = this->reqid[imsaka_sa_layout_pair(i)],
		.mode = kernel_mode(this),
		.lifetime = &lifetime,
		.enc_alg = keys->enc_alg,
		.enc_key = keys->enc_key,
		.int_alg = keys->int_alg,
		.int_key = keys->int_key,
		.replay_window = REPLAY_WINDOW,
		.encap = this->cfg.mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
		.copy_df = TRUE,
		.copy_ecn = TRUE,
		.inbound = imsaka_sa_layout_inbound(i),
		.initiator = !imsaka_sa_layout_inbound(i),
	};
	status_t status;

	outer_hosts(this, i, &id.src, &id.dst);
	lts = local_ts(this, i);
	rts = remote_ts(this, i);
	if (imsaka_sa_layout_inbound(i))
	{
		src_ts = linked_list_create_with_items(rts, NULL);
		dst_ts = linked_list_create_with_items(lts, NULL);
	}
	else
	{
		src_ts = linked_list_create_with_items(lts, NULL);
		dst_ts = linked_list_create_with_items(rts, NULL);
	}
	sa.src_ts = src_ts;
	sa.dst_ts = dst_ts;
	status = charon->kernel->add_sa(charon->kernel, &id, &sa);
	src_ts->destroy_offset(src_ts, offsetof(traffic_selector_t, destroy));
	dst_ts->destroy_offset(dst_ts, offsetof(traffic_selector_t, destroy));
	return status;
}

static void del_sa(private_imsaka_sa_set_t *this, int i)
{
	if (imsaka_sa_kernel_del_sa(&this->cfg, i, no_mark(), 0) != SUCCESS)
	{
		DBG1(DBG_KNL, "deleting SA with SPI %.8x failed",
			 sa_spi(this, i));
	}
}

/**
 * Add or delete the policy of SA i
 */
static status_t manage_policy(private_imsaka_sa_set_t *this, int i, bool add)
{
	return imsaka_sa_kernel_policy(&this->cfg, i,
						this->reqid[imsaka_sa_layout_pair(i)], no_mark(), 0,
						add);
}

METHOD(imsaka_sa_set_t, uninstall, void,
	private_imsaka_sa_set_t *this)
{
	/* reverse order of install */
	if (this->route)
	{
		this->route->uninstall(this->route);
	}
	while (this->policies > 0)
	{
		this->policies--;
		if (manage_policy(this, this->policies, FALSE) != SUCCESS)
		{
			DBG1(DBG_KNL, "deleting policy of SPI %.8x failed",
				 sa_spi(this, this->policies));
		}
	}
	while (this->sas > 0)
	{
		this->sas--;
		del_sa(this, this->sas);
	}
	while (this->reqids > 0)
	{
		this->reqids--;
		charon->kernel->release_reqid(charon->kernel,
							this->reqid[this->reqids], no_mark(), no_mark(),
							0, 0, NULL);
		/* a stale value would be taken as a reqid wished for on the next
		 * install, and could join another pair's or another set's */
		this->reqid[this->reqids] = 0;
	}
	journal_forget(this, &this->journal_id);
}

METHOD(imsaka_sa_set_t, refresh_routes, void,
	private_imsaka_sa_set_t *this)
{
	int i;

	if (this->route && this->policies == IMSAKA_SA_SET_SIZE)
	{	/* takes the route over if its owner (an older set) removed it */
		this->route->install(this->route, this->cfg.local_outer,
							 this->cfg.remote_outer);
		return;
	}
	if (imsaka_backend_type() != IMSAKA_BACKEND_USERSPACE)
	{	/* routes do not follow policies */
		return;
	}
	for (i = 0; i < this->policies; i++)
	{
		if (imsaka_sa_layout_inbound(i))
		{
			continue;
		}
		if (manage_policy(this, i, TRUE) != SUCCESS ||
			manage_policy(this, i, FALSE) != SUCCESS)
		{
			DBG1(DBG_KNL, "refreshing the route of the policy of "
				 "SPI %.8x failed", sa_spi(this, i));
		}
	}
}

METHOD(imsaka_sa_set_t, install, bool,
	private_imsaka_sa_set_t *this, const uint8_t ck[IMSAKA_CK_LEN],
	const uint8_t ik[IMSAKA_IK_LEN], const char **err)
{
	imsaka_sa_keys_t keys;

	if (this->sas)
	{
		*err = "SA set is already installed";
		return FALSE;
	}
	if (!imsaka_sa_keys_derive(this->cfg.alg, this->cfg.ealg, ck, ik, &keys))
	{
		*err = "invalid alg/ealg combination";
		return FALSE;
	}
	for (; this->reqids < 2; this->reqids++)
	{
		if (alloc_reqid(this, this->reqids) != SUCCESS)
		{
			*err = "allocating a reqid failed";
			goto failed;
		}
	}
	if (!this->journal_id)
	{
		this->journal_id = journal_record(this, this->cfg.remote_outer);
	}
	for (; this->sas < IMSAKA_SA_SET_SIZE; this->sas++)
	{
		if (add_sa(this, this->sas, &keys) != SUCCESS)
		{
			*err = "the kernel refused an SA";
			goto failed;
		}
		if (this->cfg.keys_cb)
		{
			host_t *src, *dst;

			outer_hosts(this, this->sas, &src, &dst);
			this->cfg.keys_cb(this->cfg.keys_data, src, dst,
							  sa_spi(this, this->sas), keys.enc_alg,
							  keys.enc_key, keys.int_alg, keys.int_key);
		}
	}
	for (; this->policies < IMSAKA_SA_SET_SIZE; this->policies++)
	{
		if (manage_policy(this, this->policies, TRUE) != SUCCESS)
		{
			*err = "the kernel refused a policy";
			goto failed;
		}
	}
	if (this->route)
	{	/* as for charon's CHILD_SAs, a missing route is no failure: where
		 * another route covers the peer, the policies do the rest */
		this->route->install(this->route, this->cfg.local_outer,
							 this->cfg.remote_outer);
	}
	imsaka_sa_keys_wipe(&keys);
	DBG2(DBG_KNL, "SA set %.8x/%.8x <-> %.8x/%.8x installed",
		 this->cfg.local.spi_c, this->cfg.local.spi_s,
		 this->cfg.remote.spi_c, this->cfg.remote.spi_s);
	return TRUE;

failed:
	imsaka_sa_keys_wipe(&keys);
	DBG1(DBG_KNL, "installing SA set %.8x/%.8x failed: %s",
		 this->cfg.local.spi_c, this->cfg.local.spi_s, *err);
	uninstall(this);
	return FALSE;
}

METHOD(imsaka_sa_set_t, is_installed, bool,
	private_imsaka_sa_set_t *this)
{
	return this->policies == IMSAKA_SA_SET_SIZE;
}

/**
 * Move installed SA i from the peer at "from" to the peer at "to" in place,
 * keeping its state: with the kernel's update_sa(), else the configured hook
 */
static bool move_sa(private_imsaka_sa_set_t *this, int i, host_t *from,
					host_t *to)
{
	kernel_ipsec_sa_id_t id = {
		.spi = htonl(sa_spi(this, i)),
		.proto = IPPROTO_ESP,
	};
	kernel_ipsec_update_sa_t update = {
		.encap = this->cfg.mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
		.new_encap = this->cfg.mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
	};
	status_t status;

	imsaka_sa_layout_outer(&this->cfg, i, from, &id.src, &id.dst);
	imsaka_sa_layout_outer(&this->cfg, i, to, &update.new_src, &update.new_dst);
	status = charon->kernel->update_sa(charon->kernel, &id, &update);
	if (status == NOT_SUPPORTED && this->cfg.update_cb)
	{
		return this->cfg.update_cb(this->cfg.update_data, sa_spi(this, i),
								   id.src, id.dst, update.new_src,
								   update.new_dst);
	}
	return status == SUCCESS;
}

/**
 * Point the configuration to a new peer address, adopting it
 */
static void set_remote(private_imsaka_sa_set_t *this, host_t *remote_outer)
{
	this->cfg.remote_outer->destroy(this->cfg.remote_outer);
	this->cfg.remote_outer = remote_outer;
}

/**
 * Follow the peer by replacing SAs and policies, when they cannot be moved:
 * SPIs and keys stay, sequence numbers start over
 */
static bool replace(private_imsaka_sa_set_t *this, host_t *remote_outer,
					const uint8_t ck[IMSAKA_CK_LEN],
					const uint8_t ik[IMSAKA_IK_LEN])
{
	const char *err;

	uninstall(this);
	set_remote(this, remote_outer);
	return install(this, ck, ik, &err);
}

/**
 * Replace the policies after the peer's address changed: in tunnel mode they
 * name the outer addresses. Adopts remote_outer.
 */
static bool replace_policies(private_imsaka_sa_set_t *this,
							 host_t *remote_outer)
{
	while (this->policies > 0)
	{
		this->policies--;
		if (manage_policy(this, this->policies, FALSE) != SUCCESS)
		{
			DBG1(DBG_KNL, "deleting policy of SPI %.8x failed",
				 sa_spi(this, this->policies));
		}
	}
	set_remote(this, remote_outer);
	for (; this->policies < IMSAKA_SA_SET_SIZE; this->policies++)
	{
		if (manage_policy(this, this->policies, TRUE) != SUCCESS)
		{
			return FALSE;
		}
	}
	if (this->route)
	{	/* the next hop towards the new address may differ */
		this->route->install(this->route, this->cfg.local_outer,
							 this->cfg.remote_outer);
	}
	return TRUE;
}

METHOD(imsaka_sa_set_t, update_remote, bool,
	private_imsaka_sa_set_t *this, host_t *remote_outer,
	const uint8_t ck[IMSAKA_CK_LEN], const uint8_t ik[IMSAKA_IK_LEN])
{
	host_t *old = this->cfg.remote_outer, *new;
	const char *how = "SAs moved";
	bool ok = TRUE, replaced = FALSE;
	u_int pending = 0;
	int i;

	if (remote_outer->get_family(remote_outer) != old->get_family(old))
	{
		DBG1(DBG_KNL, "SA set %.8x/%.8x cannot follow the peer from "
			 "%#H to %#H, another address family", this->cfg.local.spi_c,
			 this->cfg.local.spi_s, old, remote_outer);
		return FALSE;
	}
	if (remote_outer->equals(remote_outer, old))
	{
		return TRUE;
	}
	old = old->clone(old);
	new = remote_outer->clone(remote_outer);
	if (!this->sas)
	{
		set_remote(this, new);
		how = "not installed";
	}
	else
	{	/* the SAs at the new address are in the journal before they are */
		pending = journal_record(this, new);
		for (i = 0; i < this->sas; i++)
		{
			if (!move_sa(this, i, old, new))
			{
				break;
			}
		}
		if (i < this->sas)
		{	/* back to where the SAs were, then replace them all */
			while (i-- > 0)
			{
				move_sa(this, i, new, old);
			}
			ok = replace(this, new, ck, ik);
			how = "SAs replaced";
			replaced = TRUE;
		}
		else if (!new->ip_equals(new, old))
		{
			ok = replace_policies(this, new);
		}
		else
		{
			set_remote(this, new);
		}
	}
	if (ok && !replaced && pending)
	{	/* moved: the entry at the new address takes over (a replaced set
		 * recorded itself anew when it was installed again) */
		journal_forget(this, &this->journal_id);
		this->journal_id = pending;
		pending = 0;
	}
	journal_forget(this, &pending);
	if (ok)
	{
		DBG1(DBG_KNL, "SA set %.8x/%.8x follows the peer to %#H "
			 "(was %#H), %s", this->cfg.local.spi_c, this->cfg.local.spi_s,
			 this->cfg.remote_outer, old, how);
	}
	else
	{
		DBG1(DBG_KNL, "SA set %.8x/%.8x failed to follow the peer "
			 "to %#H, uninstalled", this->cfg.local.spi_c,
			 this->cfg.local.spi_s, this->cfg.remote_outer);
		uninstall(this);
	}
	old->destroy(old);
	return ok;
}

METHOD(imsaka_sa_set_t, get_cfg, imsaka_sa_set_cfg_t*,
	private_imsaka_sa_set_t *this)
{
	return &this->cfg;
}

METHOD(imsaka_sa_set_t, query, void,
	private_imsaka_sa_set_t *this, imsaka_sa_stats_t stats[IMSAKA_SA_SET_SIZE])
{
	kernel_ipsec_query_sa_t query = {};
	time_t use_time;
	int i;

	for (i = 0; i < IMSAKA_SA_SET_SIZE; i++)
	{
		kernel_ipsec_sa_id_t id = {
			.spi = htonl(sa_spi(this, i)),
			.proto = IPPROTO_ESP,
		};

		stats[i] = (imsaka_sa_stats_t){
			.spi = sa_spi(this, i),
			.inbound = imsaka_sa_layout_inbound(i),
			.local_port = imsaka_sa_layout_local_port(&this->cfg, i),
			.remote_port = imsaka_sa_layout_remote_port(&this->cfg, i),
		};
		outer_hosts(this, i, &id.src, &id.dst);
		if (i < this->sas &&
			charon->kernel->query_sa(charon->kernel, &id, &query,
						&stats[i].bytes, &stats[i].packets,
						&use_time) == SUCCESS)
		{
			stats[i].counted = TRUE;
		}
	}
}

static void destroy_cfg(imsaka_sa_set_cfg_t *cfg)
{
	DESTROY_IF(cfg->local.addr);
	DESTROY_IF(cfg->remote.addr);
	DESTROY_IF(cfg->local_outer);
	DESTROY_IF(cfg->remote_outer);
}

METHOD(imsaka_sa_set_t, destroy, void,
	private_imsaka_sa_set_t *this)
{
	uninstall(this);
	DESTROY_IF(this->route);
	destroy_cfg(&this->cfg);
	free(this);
}

/**
 * Check that a side is complete
 */
static bool side_valid(imsaka_sa_side_t *side)
{
	return side->addr && side->port_c && side->port_s &&
		   side->spi_c > 255 && side->spi_s > 255 &&
		   side->spi_c != side->spi_s;
}

/*
 * Described in header
 */
imsaka_sa_set_t *imsaka_sa_set_create(imsaka_sa_set_cfg_t *cfg,
									  const char **err)
{
	private_imsaka_sa_set_t *this;
	host_t *local_outer, *remote_outer;

	if (!side_valid(&cfg->local) || !side_valid(&cfg->remote))
	{
		*err = "incomplete side: address, both ports and two distinct SPIs "
			   "above 255 are needed";
		return NULL;
	}
	if (cfg->local.addr->get_family(cfg->local.addr) !=
		cfg->remote.addr->get_family(cfg->remote.addr))
	{
		*err = "local and remote protected addresses differ in family";
		return NULL;
	}
	if (!imsaka_esp_combination_valid(cfg->alg, cfg->ealg))
	{
		*err = "invalid alg/ealg combination";
		return NULL;
	}
	if (!imsaka_backend_mode_supported(cfg->mode))
	{
		*err = "the kernel backend cannot do this mode (kernel-libipsec does "
			   "UDP-enc-tun only)";
		return NULL;
	}
	if (!imsaka_backend_algs_supported(cfg->alg, cfg->ealg))
	{
		*err = "the loaded crypto plugins lack this alg/ealg";
		return NULL;
	}
	local_outer = cfg->local_outer ?: cfg->local.addr;
	remote_outer = cfg->remote_outer ?: cfg->remote.addr;
	if (local_outer->get_family(local_outer) !=
		remote_outer->get_family(remote_outer))
	{
		*err = "local and remote outer addresses differ in family";
		return NULL;
	}

	INIT(this,
		.public = {
			.install = _install,
			.uninstall = _uninstall,
			.refresh_routes = _refresh_routes,
			.is_installed = _is_installed,
			.update_remote = _update_remote,
			.get_cfg = _get_cfg,
			.query = _query,
			.destroy = _destroy,
		},
		.cfg = *cfg,
	);
	this->cfg.local.addr = cfg->local.addr->clone(cfg->local.addr);
	this->cfg.remote.addr = cfg->remote.addr->clone(cfg->remote.addr);
	this->cfg.local_outer = local_outer->clone(local_outer);
	this->cfg.remote_outer = remote_outer->clone(remote_outer);
	if (this->cfg.mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
	{
		if (!this->cfg.local_outer->get_port(this->cfg.local_outer))
		{
			this->cfg.local_outer->set_port(this->cfg.local_outer,
											IKEV2_NATT_PORT);
		}
		if (!this->cfg.remote_outer->get_port(this->cfg.remote_outer))
		{
			this->cfg.remote_outer->set_port(this->cfg.remote_outer,
											 IKEV2_NATT_PORT);
		}
	}
	if (!this->cfg.hard_lifetime)
	{
		this->cfg.hard_lifetime = 3600;
	}
	if (this->cfg.mode != IMSAKA_SECAGREE_MOD_TRANS && imsaka_route_wanted())
	{
		this->route = imsaka_route_create(this->cfg.remote.addr,
										  this->cfg.local.addr);
	}
	return &this->public;
}

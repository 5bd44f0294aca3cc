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

#include "ue_mechanism_ipsec.h"

#include <library.h>
#include <utils/debug.h>

/** NAT-T port of charon on both sides (docs/CONTROL.md) */
#define NATT_PORT 4500

typedef struct private_ue_mechanism_ipsec_t private_ue_mechanism_ipsec_t;

/**
 * Private data of the ipsec-3gpp mechanism.
 */
struct private_ue_mechanism_ipsec_t {

	/**
	 * Public interface
	 */
	ue_mechanism_t public;

	/**
	 * What it works with
	 */
	ue_mechanism_env_t env;

	/**
	 * A temporary set is installed for the set being agreed
	 */
	bool installed;
};

/**
 * An address with another port
 */
static imsaka_addr_t with_port(const imsaka_addr_t *addr, uint16_t port)
{
	imsaka_addr_t a = *addr;

	a.port = port;
	return a;
}

/**
 * The parameters of sa-install for a set
 */
static void sa_params(private_ue_mechanism_ipsec_t *this, ue_secagree_t *set,
					  ue_sa_params_t *sa)
{
	const ue_config_t *config = this->env.config;

	*sa = (ue_sa_params_t){
		.local = with_port(&config->protected, 0),
		.remote = with_port(&config->pcscf_protected, 0),
		.port_c = set->port_c,
		.port_s = set->port_s,
		.spi_c = set->spi_c,
		.spi_s = set->spi_s,
		.rport_c = set->rport_c,
		.rport_s = set->rport_s,
		.rspi_c = set->rspi_c,
		.rspi_s = set->rspi_s,
		.mod = set->choice.mod,
		.alg = set->choice.alg,
		.ealg = set->choice.ealg,
	};
	if (set->choice.mod == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
	{
		sa->local_outer = with_port(&config->local, NATT_PORT);
		sa->remote_outer = with_port(&config->pcscf, NATT_PORT);
	}
}

METHOD(ue_mechanism_t, challenge, bool,
	private_ue_mechanism_ipsec_t *this, ue_secagree_t *set,
	const ue_mechanism_challenge_t *ch, bool *keepalive, sip_error_t *err)
{
	const ue_config_t *config = this->env.config;
	imsaka_addr_t src, dst;
	ue_sa_params_t sa;

	if (ch->nat != IMSAKA_NAT_NONE &&
		set->choice.mod != IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
	{
		DBG1(DBG_APP, "NAT found (%s) but the P-CSCF chose mod=%s",
			 imsaka_nat_name(ch->nat),
			 imsaka_secagree_mod_name(set->choice.mod));
	}
	sa_params(this, set, &sa);
	if (!this->env.control->sa_install(this->env.control, this->env.ctx, &sa))
	{
		return sip_error_set(err, 0, "sa-install failed");
	}
	this->installed = true;
	if (ch->sm1 && config->keepalive && (ch->nat & IMSAKA_NAT_UE))
	{	/* the UE sends first so the NAT binding (and the P-CSCF's view
		 * of the outer port) exist before SM7 */
		src = with_port(&config->local, NATT_PORT);
		dst = with_port(&config->pcscf, NATT_PORT);
		*keepalive = this->env.control->keepalive_start(this->env.control,
												this->env.ctx, &src, &dst);
	}
	return true;
}

METHOD(ue_mechanism_t, protect, bool,
	private_ue_mechanism_ipsec_t *this, ue_secagree_t *set, ue_route_t *route,
	sip_error_t *err)
{
	const ue_config_t *config = this->env.config;

	*route = (ue_route_t){
		.peer = {
			.proto = SIP_UDP,
			.local = with_port(&config->protected, set->port_c),
			.remote = with_port(&config->pcscf_protected, set->rport_s),
		},
		.via = with_port(&config->protected, set->port_s),
	};
	return true;
}

METHOD(ue_mechanism_t, promote, bool,
	private_ue_mechanism_ipsec_t *this, ue_secagree_t *set,
	ue_secagree_t *replaced, uint32_t expires, sip_error_t *err)
{
	/* charon replaces the set in force with the temporary one */
	if (!this->env.control->sa_promote(this->env.control, this->env.ctx,
									   expires))
	{
		return sip_error_set(err, 0, "sa-promote failed");
	}
	this->installed = false;
	return true;
}

METHOD(ue_mechanism_t, refresh, ue_refresh_t,
	private_ue_mechanism_ipsec_t *this)
{
	return UE_REFRESH_PROTECTED;
}

/**
 * Reset the TCP connections a set protects, right before the set goes:
 * what they still hold must not be retransmitted in clear afterwards
 */
static void abort_protected(private_ue_mechanism_ipsec_t *this,
							const ue_secagree_t *set)
{
	sip_transport_t *transport = this->env.transport;
	imsaka_addr_t local = this->env.config->protected;
	imsaka_addr_t remote = this->env.config->pcscf_protected;

	if (!set || !set->rport_c)
	{
		return;
	}
	local.port = set->port_c;
	remote.port = set->rport_s;
	transport->abort_addr(transport, &local, &remote);
	local.port = set->port_s;
	remote.port = set->rport_c;
	transport->abort_addr(transport, &local, &remote);
}

METHOD(ue_mechanism_t, teardown, void,
	private_ue_mechanism_ipsec_t *this, ue_secagree_t *current,
	ue_secagree_t *pending, bool gone)
{
	/* a set in force was promoted by this mechanism */
	if (this->installed || current)
	{
		abort_protected(this, current);
		abort_protected(this, pending);
		if (!gone)
		{
			this->env.control->sa_remove(this->env.control, this->env.ctx,
										 "all");
		}
	}
	this->installed = false;
}

METHOD(ue_mechanism_t, destroy, void,
	private_ue_mechanism_ipsec_t *this)
{
	free(this);
}

/*
 * Described in header
 */
ue_mechanism_t *ue_mechanism_ipsec_create(const ue_mechanism_env_t *env)
{
	private_ue_mechanism_ipsec_t *this;

	INIT(this,
		.public = {
			.challenge = _challenge,
			.protect = _protect,
			.promote = _promote,
			.refresh = _refresh,
			.teardown = _teardown,
			.destroy = _destroy,
		},
		.env = *env,
	);
	return &this->public;
}

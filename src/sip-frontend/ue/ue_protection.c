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

#include "ue_protection.h"
#include "ue_mechanisms.h"

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_protection_t private_ue_protection_t;

/**
 * Private data of a ue_protection_t object.
 */
struct private_ue_protection_t {

	/**
	 * Public interface
	 */
	ue_protection_t public;

	/**
	 * Options, charon's control socket, transport
	 */
	const ue_config_t *config;
	ue_control_client_t *control;
	sip_transport_t *transport;

	/**
	 * charon context, 0 if none
	 */
	uint32_t ctx;

	/**
	 * Set in force (after the 200 OK), NULL if none
	 */
	ue_secagree_t *current;

	/**
	 * Set being agreed, NULL if none
	 */
	ue_secagree_t *pending;

	/**
	 * Mechanism the first SM6 agreed, and which one; NULL before
	 */
	ue_mechanism_t *mechanism;
	imsaka_secagree_mech_t mech;

	/**
	 * The new TCP connection the SM1 in flight went on, 0 if none
	 */
	uint32_t sm1_conn;

	/**
	 * NAT keep-alives started
	 */
	bool keepalive;
};

METHOD(ue_protection_t, open_, bool,
	private_ue_protection_t *this)
{
	if (!this->control->ctx_create(this->control, this->config->impi,
								  &this->ctx))
	{
		this->ctx = 0;
		return false;
	}
	return true;
}

METHOD(ue_protection_t, get_ctx, uint32_t,
	private_ue_protection_t *this)
{
	return this->ctx;
}

METHOD(ue_protection_t, offer, bool,
	private_ue_protection_t *this, uint16_t port_c, imsaka_addr_t from,
	imsaka_addr_t to)
{
	control_caps_t caps;
	uint32_t spi_c, spi_s;
	bool known, fresh;

	if (!this->control->spi_alloc(this->control, this->ctx, &spi_c, &spi_s))
	{
		return false;
	}
	if (!this->pending)
	{
		this->pending = malloc(sizeof(*this->pending));
	}
	known = this->control->caps(this->control, &caps, &fresh);
	if (fresh)
	{
		DBG1(DBG_APP, "charon's %s: offering only the ipsec-3gpp entries it "
			 "can install", caps.backend);
	}
	return ue_secagree_start(this->pending, &this->config->offer,
							 known ? &caps : NULL, spi_c, spi_s, port_c,
							 this->config->port_s, &from, &to);
}

METHOD(ue_protection_t, offer_next, bool,
	private_ue_protection_t *this)
{
	uint16_t port_c = this->config->port_c;

	if (this->current->port_c == port_c)
	{
		port_c++;
	}
	return offer(this, port_c, this->current->from, this->current->to);
}

/**
 * Close the connection an SM1 opened unless the set in force uses it
 */
static void close_sm1_conn(private_ue_protection_t *this)
{
	if (this->sm1_conn && (!this->current ||
						   this->current->conn != this->sm1_conn))
	{
		this->transport->close_conn(this->transport, this->sm1_conn);
	}
	this->sm1_conn = 0;
}

METHOD(ue_protection_t, route_sm1, bool,
	private_ue_protection_t *this, ue_route_t *route)
{
	uint32_t conn;

	*route = (ue_route_t){
		.peer = {
			.proto = SIP_UDP,
			.local = this->config->local,
			.remote = this->config->pcscf,
		},
		.via = this->config->local,
	};
	if (!this->pending->sm1_stream)
	{
		return true;
	}
	/* the offer protects the connection SM1 opens (tls-aka): always a new
	 * one from any port, never one another set's keys protect (a
	 * re-registration, an SM1 with auts after the P-CSCF switched the
	 * first one) */
	route->peer.proto = SIP_TCP;
	route->peer.local.port = 0;
	conn = this->transport->connect(this->transport, &route->peer, NULL);
	if (!conn)
	{
		return false;
	}
	close_sm1_conn(this);
	this->sm1_conn = route->peer.conn = conn;
	/* only a tls-aka offer sends SM1 over a stream; operators grep this */
	DBG1(DBG_APP, "tls-aka: SM1 on new TCP connection %u", conn);
	return true;
}

METHOD(ue_protection_t, agree, bool,
	private_ue_protection_t *this, sip_msg_t *resp, bool sm1,
	imsaka_nat_t *nat, sip_error_t *err)
{
	ue_secagree_t *set = this->pending;
	char chosen[256];

	if (!ue_secagree_sm6(set, resp, err))
	{
		return false;
	}
	if (!sm1 && this->current)
	{
		set->public = this->current->public;
	}
	*nat = ue_secagree_nat(set);
	ue_secagree_choice_format(set, chosen, sizeof(chosen));
	DBG1(DBG_APP, "SM6: nat=%s (via %s, hashes %s, nat-p %s) %s",
		 imsaka_nat_name(*nat), imsaka_nat_name(set->via_nat),
		 imsaka_nat_name(set->hash_nat), set->natp ? "yes" : "no", chosen);
	return true;
}

METHOD(ue_protection_t, challenge, bool,
	private_ue_protection_t *this, ue_mechanism_challenge_t ch,
	sip_error_t *err)
{
	ue_mechanism_env_t env = {
		.config = this->config,
		.control = this->control,
		.transport = this->transport,
		.ctx = this->ctx,
	};
	bool keepalive = this->keepalive;

	if (!this->mechanism)
	{
		this->mech = this->pending->choice.mech;
		this->mechanism = ue_mechanisms_create(this->mech, &env);
		if (!this->mechanism)
		{
			return sip_error_set(err, 0, "no implementation of the agreed "
								 "mechanism");
		}
	}
	else if (this->mech != this->pending->choice.mech)
	{
		return sip_error_set(err, 0, "SM6 agreed another mechanism than the "
							 "set in force");
	}
	ch.sm1_conn = this->sm1_conn;
	if (!this->mechanism->challenge(this->mechanism, this->pending, &ch,
									&keepalive, err))
	{
		return false;
	}
	this->keepalive = keepalive;
	return true;
}

METHOD(ue_protection_t, protect, bool,
	private_ue_protection_t *this, bool in_force, ue_route_t *route,
	sip_error_t *err)
{
	ue_secagree_t *set = in_force ? this->current : this->pending;

	if (!set || !this->mechanism)
	{
		return sip_error_set(err, 0, "no set to protect the request");
	}
	return this->mechanism->protect(this->mechanism, set, route, err);
}

METHOD(ue_protection_t, promote, bool,
	private_ue_protection_t *this, uint32_t expires, sip_error_t *err)
{
	if (!this->mechanism->promote(this->mechanism, this->pending,
								  this->current, expires, err))
	{
		return false;
	}
	free(this->current);
	this->current = this->pending;
	this->pending = NULL;
	return true;
}

METHOD(ue_protection_t, prolong, bool,
	private_ue_protection_t *this, uint32_t expires)
{
	free(this->pending);
	this->pending = NULL;
	return this->control->ctx_hold(this->control, this->ctx, expires);
}

METHOD(ue_protection_t, refresh, ue_refresh_t,
	private_ue_protection_t *this)
{
	return this->mechanism->refresh(this->mechanism);
}

METHOD(ue_protection_t, get_current, ue_secagree_t*,
	private_ue_protection_t *this)
{
	return this->current;
}

METHOD(ue_protection_t, get_pending, ue_secagree_t*,
	private_ue_protection_t *this)
{
	return this->pending;
}

METHOD(ue_protection_t, close_, void,
	private_ue_protection_t *this)
{
	if (this->ctx)
	{
		if (this->mechanism)
		{
			this->mechanism->teardown(this->mechanism, this->current,
									  this->pending, false);
		}
		this->control->ctx_delete(this->control, this->ctx);
		this->ctx = 0;
	}
	DESTROY_IF(this->mechanism);
	this->mechanism = NULL;
	/* a handshake that did not finish: its connection goes */
	close_sm1_conn(this);
	this->keepalive = false;
	free(this->pending);
	this->pending = NULL;
	free(this->current);
	this->current = NULL;
}

METHOD(ue_protection_t, forget, void,
	private_ue_protection_t *this)
{
	if (this->ctx && this->mechanism)
	{
		this->mechanism->teardown(this->mechanism, this->current,
								  this->pending, true);
	}
	/* no ctx-delete: the number may name another context now */
	this->ctx = 0;
	close_(this);
}

METHOD(ue_protection_t, describe, void,
	private_ue_protection_t *this, ue_state_t *state)
{
	ue_secagree_t *set = this->current ?: this->pending;

	state->keepalive = this->keepalive;
	state->ctx = this->ctx;
	if (set)
	{
		state->spi_uc = set->spi_c;
		state->spi_us = set->spi_s;
		state->port_uc = set->port_c;
		state->port_us = set->port_s;
		state->spi_pc = set->rspi_c;
		state->spi_ps = set->rspi_s;
		state->port_pc = set->rport_c;
		state->port_ps = set->rport_s;
		if (set->rspi_c)
		{
			state->mode = imsaka_secagree_mod_name(set->choice.mod);
		}
		/* OTHER (before SM6) has the name "" */
		state->mech = imsaka_secagree_mech_name(set->choice.mech);
	}
}

METHOD(ue_protection_t, destroy, void,
	private_ue_protection_t *this)
{
	DESTROY_IF(this->mechanism);
	free(this->pending);
	free(this->current);
	free(this);
}

/*
 * Described in header
 */
ue_protection_t *ue_protection_create(const ue_config_t *config,
									  ue_control_client_t *control,
									  sip_transport_t *transport)
{
	private_ue_protection_t *this;

	INIT(this,
		.public = {
			.open = _open_,
			.get_ctx = _get_ctx,
			.offer = _offer,
			.offer_next = _offer_next,
			.route_sm1 = _route_sm1,
			.agree = _agree,
			.challenge = _challenge,
			.protect = _protect,
			.promote = _promote,
			.prolong = _prolong,
			.refresh = _refresh,
			.get_current = _get_current,
			.get_pending = _get_pending,
			.close = _close_,
			.forget = _forget,
			.describe = _describe,
			.destroy = _destroy,
		},
		.config = config,
		.control = control,
		.transport = transport,
	);
	return &this->public;
}

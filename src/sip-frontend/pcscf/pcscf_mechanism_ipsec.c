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

#include "pcscf_mechanism_ipsec.h"

#include <library.h>

typedef struct private_pcscf_mechanism_ipsec_t private_pcscf_mechanism_ipsec_t;

/**
 * Private data.
 */
struct private_pcscf_mechanism_ipsec_t {

	/** public interface */
	pcscf_mechanism_t public;

	/** what it works with */
	const pcscf_mechanism_env_t *env;
};

/**
 * sa-prepare or sa-promote of an agreement, with charon
 */
typedef struct {
	/** mechanism */
	private_pcscf_mechanism_ipsec_t *this;
	/** registration, held */
	pcscf_registration_t *reg;
	/** its handshake when the request went */
	uint32_t handshake;
	/** sa-prepare makes a new context */
	bool creates;
	/** caller's callback */
	pcscf_mechanism_done_t done;
	/** its data */
	void *data;
} request_t;

/**
 * A request of the agreement being made, holding its registration
 */
static request_t *request_create(private_pcscf_mechanism_ipsec_t *this,
								 pcscf_registration_t *reg,
								 pcscf_mechanism_done_t done, void *data)
{
	request_t *req;

	INIT(req,
		.this = this,
		.reg = reg,
		.handshake = pcscf_registration_hold(reg),
		.done = done,
		.data = data,
	);
	return req;
}

/**
 * Tell the caller, release the registration
 */
static void request_done(request_t *req, const sip_error_t *err)
{
	pcscf_registration_t *reg = req->reg;

	req->done(req->data, err);
	pcscf_registration_unhold(reg);
	free(req);
}

/**
 * NAT keep-alives of a new context, with a NAT in front of the P-CSCF:
 * - NATs on both sides: from SM4 on, before the UE's first ESP packet, so
 *   that the binding follows the UE's mapping the plugin learns from it
 *   (the port of SM1's source is not the one of the UE's port 4500);
 * - only at the P-CSCF: from SM10 on, after the UE's first ESP packet, so
 *   that they travel in the P-CSCF NAT's flow of it (sent earlier to the
 *   very same address and port, they would make a flow of their own, and
 *   the UE's packets would arrive remapped);
 * a re-registration in the same context keeps the binding as moved.
 */
static void start_keepalives(private_pcscf_mechanism_ipsec_t *this,
							 pcscf_registration_t *reg,
							 const pcscf_secagree_t *agreement)
{
	imsaka_addr_t src = agreement->local, dst = agreement->ue_source;

	src.port = dst.port = PCSCF_NATT_PORT;
	if (this->env->control->keepalive_start(this->env->control,
											agreement->ctx, &src, &dst))
	{
		DBG1(DBG_APP, "%s: NAT-keepalives started", reg->impi);
	}
}

/**
 * Reset the TCP connections the SA set protects, right before it goes: a
 * segment not yet acknowledged (the 200 of a de-registration whose ACK
 * the UE sent after removing its own set) would else be retransmitted in
 * clear once the set is gone
 */
static void abort_connections(private_pcscf_mechanism_ipsec_t *this,
							  const pcscf_secagree_t *agreement)
{
	sip_transport_t *transport = this->env->transport;
	imsaka_addr_t local = this->env->config->protected_address;
	imsaka_addr_t remote = agreement->ue_protected;

	if (!agreement->ue_port_c)
	{
		return;
	}
	local.port = agreement->port_s;
	remote.port = agreement->ue_port_c;
	transport->abort_addr(transport, &local, &remote);
	local.port = agreement->port_c;
	remote.port = agreement->ue_port_s;
	transport->abort_addr(transport, &local, &remote);
}

/**
 * charon answered sa-prepare
 */
static void prepared(request_t *req, bool ok,
					 const pcscf_control_prepared_t *prepared)
{
	private_pcscf_mechanism_ipsec_t *this = req->this;
	pcscf_registration_t *reg = req->reg;
	pcscf_secagree_t *agreement = &reg->next;
	sip_error_t err = {};

	if (!pcscf_registration_is_at(reg, req->handshake))
	{	/* given up meanwhile: a set in the context in force went with
		 * teardown()'s sa-remove after this request, a new context goes */
		if (ok && req->creates)
		{
			this->env->control->ctx_delete(this->env->control,
										   prepared->ctx);
		}
		sip_error_set(&err, 500, "the handshake was given up");
	}
	else if (!ok)
	{
		sip_error_set(&err, 500, "sa-prepare failed");
	}
	else
	{
		agreement->ctx = prepared->ctx;
		agreement->spi_c = prepared->spi_c;
		agreement->spi_s = prepared->spi_s;
		if (pcscf_secagree_ipsec_server(agreement) != IMSAKA_SECAGREE_OK)
		{
			sip_error_set(&err, 500, "building the Security-Server failed");
		}
		else
		{
			DBG2(DBG_APP, "%s: temporary set installed", reg->impi);
		}
	}
	request_done(req, err.status ? &err : NULL);
}

METHOD(pcscf_mechanism_t, challenge, bool,
	private_pcscf_mechanism_ipsec_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, const uint8_t ck[16], const uint8_t ik[16],
	const uint8_t *rand, const sip_peer_t *to, pcscf_mechanism_done_t done,
	void *data, sip_error_t *err)
{
	pcscf_control_client_t *control = this->env->control;
	pcscf_control_client_sa_t sa;
	request_t *req;

	pcscf_secagree_sa(agreement, this->env->config, &sa);
	req = request_create(this, reg, done, data);
	req->creates = !agreement->ctx;
	/* context, keys, SPIs and the temporary set in one request */
	if (!control->sa_prepare(control, reg->impi, agreement->ctx, ck, ik, &sa,
							 (pcscf_control_client_done_t)prepared, req))
	{
		pcscf_registration_unhold(reg);
		free(req);
		return sip_error_set(err, 500, "sa-prepare not sent");
	}
	return true;
}

METHOD(pcscf_mechanism_t, challenge_sent, bool,
	private_pcscf_mechanism_ipsec_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, bool sent, const sip_peer_t *to,
	sip_error_t *err)
{
	/* a lost SM6 is the UE's to retry: the set waits for the step timer */
	if (agreement->nat == IMSAKA_NAT_BOTH &&
		pcscf_registration_owns_next(reg))
	{
		start_keepalives(this, reg, agreement);
	}
	return true;
}

METHOD(pcscf_mechanism_t, protect, bool,
	private_pcscf_mechanism_ipsec_t *this, const pcscf_secagree_t *agreement,
	const sip_peer_t *from, sip_error_t *err)
{
	imsaka_addr_t expected = agreement->ue_protected;

	expected.port = agreement->ue_port_c;
	if (!imsaka_addr_equals(&from->remote, &expected) ||
		from->local.port != agreement->port_s)
	{
		return sip_error_set(err, 403, "not from the UE's protected address "
							 "and port_c to port_s");
	}
	return true;
}

/**
 * charon answered sa-promote
 */
static void promoted(request_t *req, bool ok,
					 const pcscf_control_prepared_t *unused)
{
	pcscf_registration_t *reg = req->reg;
	sip_error_t err = {};

	if (!pcscf_registration_is_at(reg, req->handshake))
	{
		sip_error_set(&err, 500, "the handshake was given up");
	}
	else if (!ok)
	{
		sip_error_set(&err, 500, "sa-promote failed");
	}
	else if (reg->next.nat == IMSAKA_NAT_PCSCF &&
			 pcscf_registration_owns_next(reg))
	{
		start_keepalives(req->this, reg, &reg->next);
	}
	request_done(req, err.status ? &err : NULL);
}

METHOD(pcscf_mechanism_t, promote, bool,
	private_pcscf_mechanism_ipsec_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, uint32_t granted, uint32_t replaces,
	pcscf_mechanism_done_t done, void *data, sip_error_t *err)
{
	request_t *req;

	/* the replaced context goes with the promotion, in charon's one step;
	 * should the handshake be given up before the reply, it is gone all
	 * the same: the UE, which sent SM7 on the new set, registers anew */
	req = request_create(this, reg, done, data);
	if (!this->env->control->sa_promote(this->env->control, agreement->ctx,
							granted, replaces,
							(pcscf_control_client_done_t)promoted, req))
	{
		pcscf_registration_unhold(reg);
		free(req);
		return sip_error_set(err, 500, "sa-promote not sent");
	}
	return true;
}

METHOD(pcscf_mechanism_t, rekey, bool,
	private_pcscf_mechanism_ipsec_t *this, pcscf_registration_t *reg,
	const pcscf_secagree_t *agreement, sip_error_t *err)
{
	/* a new set goes into the same context beside the one in force */
	return true;
}

METHOD(pcscf_mechanism_t, endpoints, int,
	private_pcscf_mechanism_ipsec_t *this, const pcscf_secagree_t *agreement,
	imsaka_addr_t endpoints[2])
{
	endpoints[0] = endpoints[1] = agreement->ue_protected;
	endpoints[0].port = agreement->ue_port_c;
	endpoints[1].port = agreement->ue_port_s;
	return 2;
}

METHOD(pcscf_mechanism_t, teardown, void,
	private_pcscf_mechanism_ipsec_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, pcscf_mechanism_end_t end,
	const pcscf_secagree_t *other)
{
	switch (end)
	{
		case PCSCF_MECHANISM_ABORTED:
			/* the context may stay for the set in force: only the
			 * temporary set goes */
			abort_connections(this, agreement);
			if (agreement->ctx)
			{	/* a set sa-prepare is making goes too: this follows it */
				this->env->control->sa_remove(this->env->control,
											  agreement->ctx, "temp");
			}
			break;
		case PCSCF_MECHANISM_REMOVED:
			abort_connections(this, agreement);
			break;
		case PCSCF_MECHANISM_REPLACED:
			/* promoting the new set replaced this one in charon */
			break;
	}
}

METHOD(pcscf_mechanism_t, get_setup, const char*,
	private_pcscf_mechanism_ipsec_t *this)
{
	return "temporary set installed";
}

METHOD(pcscf_mechanism_t, destroy, void,
	private_pcscf_mechanism_ipsec_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_mechanism_t *pcscf_mechanism_ipsec_create(
										const pcscf_mechanism_env_t *env)
{
	private_pcscf_mechanism_ipsec_t *this;

	INIT(this,
		.public = {
			.challenge = _challenge,
			.challenge_sent = _challenge_sent,
			.protect = _protect,
			.promote = _promote,
			.rekey = _rekey,
			.endpoints = _endpoints,
			.teardown = _teardown,
			.get_setup = _get_setup,
			.destroy = _destroy,
		},
		.env = env,
	);
	return &this->public;
}

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

#include "pcscf_mechanism_tls_psk.h"
#include "pcscf_mechanism_request.h"

#include <library.h>

#include <hex.h>

typedef struct private_pcscf_mechanism_tls_psk_t private_pcscf_mechanism_tls_psk_t;

/**
 * Private data.
 */
struct private_pcscf_mechanism_tls_psk_t {

	/** public interface */
	pcscf_mechanism_t public;

	/** what it works with */
	const pcscf_mechanism_env_t *env;
};

/** the requests of one challenge() or promote() with charon */
typedef pcscf_mechanism_request_t request_t;

/**
 * charon answered tls-psk: the PSK into the table for SM6's sid
 */
static void psk_taken(request_t *req, bool ok, const uint8_t *psk)
{
	pcscf_registration_t *reg = req->reg;
	pcscf_secagree_t *agreement = &reg->next;
	pcscf_tls_psk_t *tls;
	char rand_hex[33];
	bool added;

	if (!pcscf_mechanism_request_applies(req))
	{	/* the mechanism may be gone with the handshake */
		return;
	}
	tls = ((private_pcscf_mechanism_tls_psk_t*)req->mechanism)->env->tls;
	if (!ok || !tls)
	{
		pcscf_mechanism_request_fail(req, "tls-psk failed");
		return;
	}
	/* the agreement has the context from here on: the registration's
	 * handling deletes it if the handshake goes */
	agreement->ctx = req->ctx;
	req->creates = false;
	added = tls->add(tls, agreement->tls_identity, reg->impi, psk,
					 agreement->choice.suites, agreement->choice.suite_count);
	/* RAND and sid are public (SM6), the key stays in charon and the
	 * table: `imsakactl call -- tls-psk ctx= rand= sid=` gives it */
	imsaka_hex_encode(req->rand, 16, rand_hex);
	DBG1(DBG_APP, "%s tls-psk key: sid=%s rand=%s ctx=%u", reg->impi,
		 agreement->tls_identity, rand_hex, agreement->ctx);
	if (!added)
	{
		pcscf_mechanism_request_fail(req, "the PSK table is full");
		return;
	}
	pcscf_mechanism_request_done(req, NULL);
}

/**
 * charon has CK/IK in the context: the PSK of SM6's sid next
 */
static void keyed(request_t *req, bool ok, uint32_t ctx)
{
	pcscf_control_client_t *control = req->control;

	if (!pcscf_mechanism_request_keyed(req, ok, ctx))
	{
		return;
	}
	if (!control->tls_psk(control, ctx, req->rand,
						  req->reg->next.tls_identity,
						  (pcscf_control_client_psk_t)psk_taken, req))
	{
		pcscf_mechanism_request_fail(req, "tls-psk not sent");
	}
}

METHOD(pcscf_mechanism_t, challenge, bool,
	private_pcscf_mechanism_tls_psk_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, const uint8_t ck[16], const uint8_t ik[16],
	const uint8_t *rand, const sip_peer_t *to, pcscf_mechanism_done_t done,
	void *data, sip_error_t *err)
{
	if (!rand)
	{
		return sip_error_set(err, 500, "no RAND in the nonce for tls-psk");
	}
	if (!this->env->tls)
	{
		return sip_error_set(err, 500, "tls-psk chosen without a TLS context");
	}
	if (pcscf_secagree_tls_server(agreement) != IMSAKA_SECAGREE_OK)
	{
		return sip_error_set(err, 500, "building the Security-Server failed");
	}
	/* context and keys, then the PSK: each waits for the reply before */
	return pcscf_mechanism_request_prepare(this, this->env->control, reg,
									agreement, ck, ik, rand,
									(pcscf_control_client_keyed_t)keyed,
									done, data, err);
}

METHOD(pcscf_mechanism_t, challenge_sent, bool,
	private_pcscf_mechanism_tls_psk_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, bool sent, const sip_peer_t *to,
	sip_error_t *err)
{
	/* the UE opens the TLS connection: nothing follows SM6 here */
	return true;
}

METHOD(pcscf_mechanism_t, protect, bool,
	private_pcscf_mechanism_tls_psk_t *this, const pcscf_secagree_t *agreement,
	const sip_peer_t *from, sip_error_t *err)
{
	sip_transport_t *transport = this->env->transport;
	char identity[SIP_STREAM_FILTER_IDENTITY_MAX];

	if (!from->conn || !transport->get_identity(transport, from->conn,
											identity, sizeof(identity)) ||
		!streq(identity, agreement->tls_identity))
	{
		return sip_error_set(err, 403, "not on a TLS connection with the sid "
							 "of SM6");
	}
	return true;
}

METHOD(pcscf_mechanism_t, promote, bool,
	private_pcscf_mechanism_tls_psk_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, uint32_t granted, uint32_t replaces,
	pcscf_mechanism_done_t done, void *data, sip_error_t *err)
{
	/* no SA set: the context is held for the registration instead */
	return pcscf_mechanism_request_hold(this, this->env->control, reg,
										agreement->ctx, granted, replaces,
										done, data, err);
}

METHOD(pcscf_mechanism_t, rekey, bool,
	private_pcscf_mechanism_tls_psk_t *this, pcscf_registration_t *reg,
	const pcscf_secagree_t *agreement, sip_error_t *err)
{
	/* a new sid gets a PSK of its own beside the one in force */
	return true;
}

METHOD(pcscf_mechanism_t, endpoints, int,
	private_pcscf_mechanism_tls_psk_t *this, const pcscf_secagree_t *agreement,
	imsaka_addr_t endpoints[2])
{
	return 0;
}

METHOD(pcscf_mechanism_t, teardown, void,
	private_pcscf_mechanism_tls_psk_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, pcscf_mechanism_end_t end,
	const pcscf_secagree_t *other)
{
	pcscf_tls_psk_t *tls = this->env->tls;

	if (tls && (!other || !streq(other->tls_identity, agreement->tls_identity))
		&& tls->remove(tls, agreement->tls_identity))
	{
		DBG2(DBG_APP, "%s: tls-psk key dropped", reg->impi);
	}
}

METHOD(pcscf_mechanism_t, get_setup, const char*,
	private_pcscf_mechanism_tls_psk_t *this)
{
	return "tls-psk key added";
}

METHOD(pcscf_mechanism_t, destroy, void,
	private_pcscf_mechanism_tls_psk_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_mechanism_t *pcscf_mechanism_tls_psk_create(
										const pcscf_mechanism_env_t *env)
{
	private_pcscf_mechanism_tls_psk_t *this;

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

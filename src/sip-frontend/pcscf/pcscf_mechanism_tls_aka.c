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

#include "pcscf_mechanism_tls_aka.h"
#include "pcscf_mechanism_request.h"

#include <library.h>

#include <sip_tls_aka_filter.h>

typedef struct private_pcscf_mechanism_tls_aka_t private_pcscf_mechanism_tls_aka_t;

/**
 * Private data.
 */
struct private_pcscf_mechanism_tls_aka_t {

	/** public interface */
	pcscf_mechanism_t public;

	/** what it works with */
	const pcscf_mechanism_env_t *env;

	/** the record layer challenge() made, from charon's reply until
	 *  challenge_sent() or teardown() of the same agreement, which follow
	 *  its done directly */
	sip_stream_filter_t *filter;

	/** the agreement filter is for */
	const pcscf_secagree_t *filter_for;
};

/**
 * Drop the record layer of an SM6 that did not go
 */
static void drop_filter(private_pcscf_mechanism_tls_aka_t *this)
{
	DESTROY_IF(this->filter);
	this->filter = NULL;
	this->filter_for = NULL;
}

/** the requests of one challenge() or promote() with charon */
typedef pcscf_mechanism_request_t request_t;

/**
 * charon answered tls-aka-keys: the record layer of the connection SM1
 * came on, for challenge_sent(), which follows done directly
 */
static void secrets_taken(request_t *req, bool ok, const uint8_t *ue,
						  const uint8_t *pcscf, size_t len)
{
	private_pcscf_mechanism_tls_aka_t *this = req->mechanism;
	pcscf_registration_t *reg = req->reg;
	pcscf_secagree_t *agreement = &reg->next;
	sip_stream_filter_t *filter;

	if (!pcscf_mechanism_request_applies(req))
	{
		return;
	}
	if (!ok)
	{
		pcscf_mechanism_request_fail(req, "tls-aka-keys failed");
		return;
	}
	filter = sip_tls_aka_filter_create(agreement->choice.suites[0],
									   SIP_TLS_AKA_PCSCF, ue, pcscf, len,
									   reg->impi);
	if (!filter)
	{
		pcscf_mechanism_request_fail(req, "the tls-aka record layer failed");
		return;
	}
	/* the agreement has the context from here on: the registration's
	 * handling deletes it if the handshake goes */
	agreement->ctx = req->ctx;
	req->creates = false;
	drop_filter(this);
	this->filter = filter;
	this->filter_for = agreement;
	pcscf_mechanism_request_done(req, NULL);
}

/**
 * charon has CK/IK in the context: the traffic secrets of the chosen
 * suite and SM6's sid next
 */
static void keyed(request_t *req, bool ok, uint32_t ctx)
{
	pcscf_control_client_t *control = req->control;
	pcscf_secagree_t *agreement = &req->reg->next;

	if (!pcscf_mechanism_request_keyed(req, ok, ctx))
	{
		return;
	}
	if (!control->tls_aka_keys(control, ctx, agreement->choice.suites[0],
							   agreement->tls_identity,
							   (pcscf_control_client_secrets_t)secrets_taken,
							   req))
	{
		pcscf_mechanism_request_fail(req, "tls-aka-keys not sent");
	}
}

METHOD(pcscf_mechanism_t, challenge, bool,
	private_pcscf_mechanism_tls_aka_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, const uint8_t ck[16], const uint8_t ik[16],
	const uint8_t *rand, const sip_peer_t *to, pcscf_mechanism_done_t done,
	void *data, sip_error_t *err)
{
	if (to->proto != SIP_TCP || !to->conn)
	{
		return sip_error_set(err, 500, "tls-aka chosen for a REGISTER that "
							 "did not come over TCP");
	}
	if (pcscf_secagree_tls_server(agreement) != IMSAKA_SECAGREE_OK)
	{
		return sip_error_set(err, 500, "building the Security-Server failed");
	}
	/* context and keys, then the record keys: each waits for the reply
	 * before */
	return pcscf_mechanism_request_prepare(this, this->env->control, reg,
									agreement, ck, ik, NULL,
									(pcscf_control_client_keyed_t)keyed,
									done, data, err);
}

METHOD(pcscf_mechanism_t, challenge_sent, bool,
	private_pcscf_mechanism_tls_aka_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, bool sent, const sip_peer_t *to,
	sip_error_t *err)
{
	sip_stream_filter_t *filter = this->filter;

	if (!sent || this->filter_for != agreement)
	{
		drop_filter(this);
		return sip_error_set(err, 500, "sending SM6 failed");
	}
	/* SM6 is queued in plaintext: everything after it is in records; the
	 * transport owns the filter from here on, also on failure */
	this->filter = NULL;
	this->filter_for = NULL;
	if (!this->env->transport->set_filter(this->env->transport, to->conn,
										  filter))
	{
		DBG1(DBG_APP, "%s SM6 sent, but its TCP connection %u is gone",
			 reg->impi, to->conn);
		return sip_error_set(err, 0, "its TCP connection is gone");
	}
	agreement->tls_conn = to->conn;
	DBG1(DBG_APP, "%s tls-aka: sid=%s suite=%04x ctx=%u on TCP connection %u",
		 reg->impi, agreement->tls_identity, agreement->choice.suites[0],
		 agreement->ctx, agreement->tls_conn);
	return true;
}

METHOD(pcscf_mechanism_t, protect, bool,
	private_pcscf_mechanism_tls_aka_t *this, const pcscf_secagree_t *agreement,
	const sip_peer_t *from, sip_error_t *err)
{
	if (!from->conn || from->conn != agreement->tls_conn)
	{
		return sip_error_set(err, 403, "not on the tls-aka connection of SM6");
	}
	return true;
}

METHOD(pcscf_mechanism_t, promote, bool,
	private_pcscf_mechanism_tls_aka_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, uint32_t granted, uint32_t replaces,
	pcscf_mechanism_done_t done, void *data, sip_error_t *err)
{
	/* no SA set: the context is held for the registration instead */
	return pcscf_mechanism_request_hold(this, this->env->control, reg,
										agreement->ctx, granted, replaces,
										done, data, err);
}

METHOD(pcscf_mechanism_t, rekey, bool,
	private_pcscf_mechanism_tls_aka_t *this, pcscf_registration_t *reg,
	const pcscf_secagree_t *agreement, sip_error_t *err)
{
	/* a connection's keys cannot change: a new set comes as SM1 on a new
	 * TCP connection (docs/TLS-AKA.md) */
	return sip_error_set(err, 403, "a tls-aka re-registration with a new "
						 "Security-Client must come as SM1 on a new TCP "
						 "connection");
}

METHOD(pcscf_mechanism_t, endpoints, int,
	private_pcscf_mechanism_tls_aka_t *this, const pcscf_secagree_t *agreement,
	imsaka_addr_t endpoints[2])
{
	return 0;
}

METHOD(pcscf_mechanism_t, teardown, void,
	private_pcscf_mechanism_tls_aka_t *this, pcscf_registration_t *reg,
	pcscf_secagree_t *agreement, pcscf_mechanism_end_t end,
	const pcscf_secagree_t *other)
{
	uint32_t conn = agreement->tls_conn;

	if (this->filter_for == agreement)
	{
		drop_filter(this);
	}
	if (!conn || (other && other->tls_conn == conn) ||
		end == PCSCF_MECHANISM_REMOVED)
	{	/* a registration that goes leaves its connection to the UE */
		return;
	}
	/* the keys belong to their connection: it ends with them */
	if (end == PCSCF_MECHANISM_REPLACED)
	{
		DBG1(DBG_APP, "%s tls-aka: TCP connection %u of the replaced keys "
			 "closed", reg->impi, conn);
	}
	this->env->transport->close_conn(this->env->transport, conn);
}

METHOD(pcscf_mechanism_t, get_setup, const char*,
	private_pcscf_mechanism_tls_aka_t *this)
{
	return "tls-aka record keys set";
}

METHOD(pcscf_mechanism_t, destroy, void,
	private_pcscf_mechanism_tls_aka_t *this)
{
	drop_filter(this);
	free(this);
}

/*
 * Described in header
 */
pcscf_mechanism_t *pcscf_mechanism_tls_aka_create(
										const pcscf_mechanism_env_t *env)
{
	private_pcscf_mechanism_tls_aka_t *this;

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

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

#include "ue_register_sender.h"
#include "ue_message.h"

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

/** bytes of a REGISTER we print */
#define MAX_REGISTER 12288

/** largest protected request sent over UDP (RFC 3261 18.1.1) */
#define UDP_MAX_REQUEST 1300

typedef struct private_ue_register_sender_t private_ue_register_sender_t;

/**
 * Private data of a ue_register_sender_t object.
 */
struct private_ue_register_sender_t {

	/**
	 * Public interface
	 */
	ue_register_sender_t public;

	/**
	 * Options
	 */
	const ue_config_t *config;

	/**
	 * The REGISTER client transaction
	 */
	ue_transaction_t *tx;

	/**
	 * Sets and routes
	 */
	ue_protection_t *protection;

	/**
	 * What the REGISTER sent last is
	 */
	ue_register_kind_t kind;

	/**
	 * Call-ID, From tag, branch of the REGISTER in flight, CSeq
	 */
	char call_id[UE_MESSAGE_TOKEN_LEN], tag[UE_MESSAGE_TOKEN_LEN];
	char branch[UE_MESSAGE_TOKEN_LEN];
	uint32_t cseq;

	/**
	 * Request-URI and digest uri (sip:<realm>), Contact URI
	 */
	char uri[UE_CONFIG_MAX_ID + 8];
	char contact[UE_CONFIG_MAX_ID + IMSAKA_ADDR_STRLEN + 8];
};

METHOD(ue_register_sender_t, reset, void,
	private_ue_register_sender_t *this)
{
	ue_message_random(this->call_id, 16);
	ue_message_random(this->tag, 8);
	this->cseq = 0;
}

/**
 * What a REGISTER carries beyond what all of them share
 */
typedef struct {
	/** where it goes, and the Via sent-by */
	ue_route_t route;
	/** Security-Client; Security-Verify, NULL for an unprotected request */
	const imsaka_secagree_list_t *client, *verify;
	/** Authorization header value */
	const char *authorization;
	/** a de-registration: Expires: 0 */
	bool dereg;
	/** give up after this many milliseconds, 0 for the transaction's own */
	uint32_t timeout_ms;
} register_req_t;

/**
 * Print a REGISTER and send it on the transaction
 */
static bool send_register(private_ue_register_sender_t *this,
						  const register_req_t *reg)
{
	const ue_config_t *config = this->config;
	sip_peer_t peer = reg->route.peer;
	ue_request_t req;
	char *buf;
	size_t len;
	bool ok;

	req = (ue_request_t){
		.method = "REGISTER",
		.request_uri = this->uri,
		.proto = peer.proto,
		.via = reg->route.via,
		.from = config->impu,
		.to = config->impu,
		.call_id = this->call_id,
		.from_tag = this->tag,
		.cseq = ++this->cseq,
		.contact = this->contact,
		.expires = reg->dereg ? 0 : config->expires,
		.client = reg->client,
		.verify = reg->verify,
		.secagree = true,
		.authorization = reg->authorization,
	};
	ue_message_random(this->branch + 7, 12);
	req.branch = this->branch;

	buf = malloc(MAX_REGISTER);
	ok = ue_message_build(&req, buf, MAX_REGISTER, &len);
	if (ok && reg->verify && peer.proto == SIP_UDP && len > UDP_MAX_REQUEST)
	{
		/* RFC 3261 18.1.1: larger than 1300 bytes with an unknown path MTU
		 * goes over TCP. On the protected path this is a must: a datagram
		 * fragmented before ESP (kernel-libipsec's TUN has an MTU of 1400)
		 * loses its ports and matches no policy. The connection is opened
		 * from port_c, as the selectors want. */
		req.proto = peer.proto = SIP_TCP;
		ok = ue_message_build(&req, buf, MAX_REGISTER, &len);
	}
	if (!ok)
	{
		free(buf);
		DBG1(DBG_APP, "REGISTER does not fit into %u bytes", MAX_REGISTER);
		return false;
	}
	DBG3(DBG_NET, "sending REGISTER:\n%.*s", (int)len, buf);
	ok = this->tx->send(this->tx, &peer, buf, len, reg->timeout_ms);
	free(buf);
	return ok;
}

METHOD(ue_register_sender_t, send_, bool,
	private_ue_register_sender_t *this, ue_register_kind_t kind,
	const char *auth)
{
	ue_protection_t *protection = this->protection;
	ue_secagree_t *current = protection->get_current(protection);
	ue_secagree_t *pending = protection->get_pending(protection);
	imsaka_secagree_list_t *client = NULL;
	register_req_t reg = {
		.authorization = auth,
		.dereg = kind == UE_REGISTER_DEREG,
		.timeout_ms = kind == UE_REGISTER_DEREG ?
					  this->config->dereg_timeout * 1000 : 0,
	};
	sip_error_t err = {};
	bool ok;

	switch (kind)
	{
		case UE_REGISTER_SM1:
			reg.client = &pending->client;
			ok = protection->route_sm1(protection, &reg.route);
			break;
		case UE_REGISTER_SM7:
			client = malloc(sizeof(*client));
			ue_secagree_sm7_client(pending, client);
			reg.client = client;
			reg.verify = &pending->server;
			ok = protection->protect(protection, false, &reg.route, &err);
			break;
		case UE_REGISTER_REREG:
		case UE_REGISTER_DEREG:
		default:
			reg.client = kind == UE_REGISTER_REREG ? &pending->client
												   : &current->client;
			reg.verify = &current->server;
			ok = protection->protect(protection, true, &reg.route, &err);
			break;
	}
	if (!ok)
	{
		DBG2(DBG_APP, "REGISTER not sent: %s",
			 err.reason[0] ? err.reason : "no connection");
	}
	else
	{
		this->kind = kind;
		ok = send_register(this, &reg);
	}
	free(client);
	return ok;
}

METHOD(ue_register_sender_t, get_kind, ue_register_kind_t,
	private_ue_register_sender_t *this)
{
	return this->kind;
}

METHOD(ue_register_sender_t, answers, bool,
	private_ue_register_sender_t *this, const char *branch)
{
	return branch && streq(branch, this->branch);
}

METHOD(ue_register_sender_t, get_uri, const char*,
	private_ue_register_sender_t *this)
{
	return this->uri;
}

METHOD(ue_register_sender_t, get_contact, const char*,
	private_ue_register_sender_t *this)
{
	return this->contact;
}

METHOD(ue_register_sender_t, destroy, void,
	private_ue_register_sender_t *this)
{
	free(this);
}

/**
 * Contact: sip:<user part of the IMPU, if a plain one>@<protected>:<port_s>
 */
static void contact_uri(private_ue_register_sender_t *this)
{
	const ue_config_t *config = this->config;
	const char *user = strchr(config->impu, ':'), *at;
	char host[IMSAKA_ADDR_STRLEN + 2];
	imsaka_addr_t addr;
	int len = 0;

	at = user ? strchr(user, '@') : NULL;
	if (at && at - user - 1 > 0 && at - user - 1 < 128 &&
		strcspn(user + 1, ";?") > (size_t)(at - user - 1))
	{
		len = at - user - 1;
	}
	addr = config->protected;
	addr.port = config->port_s;
	ue_message_hostport(&addr, host, sizeof(host));
	snprintf(this->contact, sizeof(this->contact), "sip:%.*s%s%s", len,
			 len ? user + 1 : "", len ? "@" : "", host);
}

/*
 * Described in header
 */
ue_register_sender_t *ue_register_sender_create(const ue_config_t *config,
												ue_transaction_t *tx,
												ue_protection_t *protection)
{
	private_ue_register_sender_t *this;

	INIT(this,
		.public = {
			.reset = _reset,
			.send = _send_,
			.get_kind = _get_kind,
			.answers = _answers,
			.get_uri = _get_uri,
			.get_contact = _get_contact,
			.destroy = _destroy,
		},
		.config = config,
		.tx = tx,
		.protection = protection,
		.branch = "z9hG4bK",
	);
	snprintf(this->uri, sizeof(this->uri), "sip:%s", config->realm);
	contact_uri(this);
	return &this->public;
}

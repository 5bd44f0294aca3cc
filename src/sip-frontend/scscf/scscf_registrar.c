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

#include "scscf_registrar.h"
#include "scscf_register.h"

#include <sip_message.h>
#include <sip_uri.h>
#include <secagree_addr.h>

#include <library.h>
#include <openssl/rand.h>

typedef struct private_scscf_registrar_t private_scscf_registrar_t;

/**
 * Private data of a scscf_registrar_t object.
 */
struct private_scscf_registrar_t {

	/**
	 * Public interface
	 */
	scscf_registrar_t public;

	/**
	 * Settings
	 */
	scscf_config_t config;

	/**
	 * Subscribers
	 */
	scscf_subscribers_t *subs;

	/**
	 * REGISTER handling
	 */
	scscf_register_t *reg;

	/**
	 * Shared bindings, NULL for none
	 */
	scscf_store_t *store;
};

/**
 * Whether a request is an OPTIONS to the S-CSCF itself, a dispatcher's
 * probe: a sip: or sips: Request-URI without a user part whose host is one
 * of the addresses it listens on
 */
static bool is_probe(private_scscf_registrar_t *this, sip_msg_t *req)
{
	imsaka_sip_uri_t uri;
	imsaka_addr_t addr;
	int i;

	if (!imsaka_sip_is_method(req, "OPTIONS") ||
		!imsaka_sip_request_uri(req, &uri) || uri.has_user ||
		(strcasecmp(uri.scheme, "sip") && strcasecmp(uri.scheme, "sips")) ||
		imsaka_addr_parse(uri.host, strlen(uri.host), false, &addr) !=
			IMSAKA_SECAGREE_OK)
	{
		return FALSE;
	}
	for (i = 0; i < this->config.listen_count; i++)
	{
		if (imsaka_addr_same_ip(&addr, &this->config.listen[i]))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * OPTIONS and MESSAGE: 200 for a registered From, else 403; an OPTIONS to
 * the S-CSCF itself (a probe) 200, or 503 while the store is unreachable
 */
static int check_registered(private_scscf_registrar_t *this,
							sip_msg_t *req, scscf_reply_t *reply)
{
	scscf_subscriber_t *sub;
	char impu[SCSCF_MAX_ID];
	imsaka_sip_uri_t from;
	bool registered;

	if (is_probe(this, req))
	{
		if (this->store && !this->store->is_up(this->store))
		{
			return scscf_register_store_down(reply);
		}
		DBG2(DBG_CFG, "OPTIONS to this S-CSCF: 200");
		return 200;
	}
	if (!imsaka_sip_name_uri(req, "From", &from) ||
		!scscf_impu_key(&from, impu, sizeof(impu)))
	{
		DBG1(DBG_CFG, "%s: From is not a sip:, sips: or tel: URI",
			 imsaka_sip_method(req));
		return 403;
	}
	sub = this->subs->find_impu(this->subs, impu);
	if (sub && this->store)
	{	/* registered through any instance */
		if (!this->store->registered(this->store, sub, &registered))
		{
			return scscf_register_store_down(reply);
		}
	}
	else
	{
		registered = sub && sub->registered_until > time_monotonic(NULL);
	}
	if (!registered)
	{
		DBG1(DBG_CFG, "%s from '%s': not registered", imsaka_sip_method(req), impu);
		return 403;
	}
	DBG2(DBG_CFG, "%s from '%s': registered", imsaka_sip_method(req), impu);
	return 200;
}

/**
 * Print the source of a message for log lines
 */
static char *source_str(const sip_peer_t *from, char *buf, size_t size)
{
	if (!imsaka_addr_format(&from->remote, buf, size))
	{
		snprintf(buf, size, "?");
	}
	return buf;
}

METHOD(scscf_registrar_t, process, bool,
	private_scscf_registrar_t *this, const sip_peer_t *from, const char *msg,
	size_t len, scscf_reply_t *reply)
{
	sip_msg_t *req, *resp;
	char buf[IMSAKA_ADDR_STRLEN], tag[9];
	uint8_t rnd[4];
	imsaka_nat_t nat;
	bool ok = FALSE;
	int code;

	memset(reply, 0, sizeof(*reply));
	req = imsaka_sip_parse(msg, len);
	if (!req)
	{
		DBG1(DBG_NET, "dropped a message from %s: does not parse",
			 source_str(from, buf, sizeof(buf)));
		return FALSE;
	}
	if (!imsaka_sip_is_request(req) || imsaka_sip_is_method(req, "ACK"))
	{
		imsaka_sip_free(req);
		return FALSE;
	}
	if (!imsaka_sip_complete(req) ||
		!imsaka_sip_via_received(req, &from->remote, &nat))
	{
		DBG1(DBG_NET, "dropped a %s from %s: From, To, Call-ID, CSeq or Via "
			 "missing", imsaka_sip_method(req),
			 source_str(from, buf, sizeof(buf)));
		imsaka_sip_free(req);
		return FALSE;
	}
	DBG2(DBG_NET, "%s from %s", imsaka_sip_method(req),
		 source_str(from, buf, sizeof(buf)));
	if (imsaka_sip_is_method(req, "REGISTER"))
	{
		code = this->reg->handle(this->reg, req, msg, len, reply);
	}
	else if (imsaka_sip_is_method(req, "OPTIONS") ||
			 imsaka_sip_is_method(req, "MESSAGE"))
	{
		code = check_registered(this, req, reply);
	}
	else
	{
		scscf_reply_add(reply, "Allow", "REGISTER, OPTIONS, MESSAGE, ACK");
		code = 405;
	}
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
	{
		memset(rnd, 0, sizeof(rnd));
	}
	snprintf(tag, sizeof(tag), "%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2],
			 rnd[3]);
	resp = imsaka_sip_response(req, code, tag);
	if (resp)
	{
		ok = scscf_reply_build(reply, req, resp, from);
		imsaka_sip_free(resp);
	}
	else
	{
		DBG1(DBG_NET, "building response %d failed", code);
	}
	imsaka_sip_free(req);
	if (!ok)
	{
		scscf_reply_clear(reply);
	}
	return ok;
}

METHOD(scscf_registrar_t, destroy, void,
	private_scscf_registrar_t *this)
{
	this->reg->destroy(this->reg);
	free(this);
}

/*
 * Described in header
 */
scscf_registrar_t *scscf_registrar_create(const scscf_config_t *config,
										  scscf_subscribers_t *subs)
{
	return scscf_registrar_create_shared(config, subs, NULL);
}

/*
 * Described in header
 */
scscf_registrar_t *scscf_registrar_create_shared(const scscf_config_t *config,
												 scscf_subscribers_t *subs,
												 scscf_store_t *store)
{
	private_scscf_registrar_t *this;

	INIT(this,
		.public = {
			.process = _process,
			.destroy = _destroy,
		},
		.config = *config,
		.subs = subs,
		.store = store,
	);
	this->reg = scscf_register_create(&this->config, subs, store);
	return &this->public;
}

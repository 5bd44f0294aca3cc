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

#include "ue_probe.h"
#include "ue_message.h"
#include "ue_transaction.h"

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_probe_t private_ue_probe_t;

/**
 * Private data of a ue_probe_t object.
 */
struct private_ue_probe_t {

	/**
	 * Public interface
	 */
	ue_probe_t public;

	/**
	 * Options
	 */
	const ue_config_t *config;

	/**
	 * Registration giving the route
	 */
	ue_registration_t *reg;

	/**
	 * The client transaction
	 */
	ue_transaction_t *tx;

	/**
	 * Branch and method of the request
	 */
	char branch[UE_MESSAGE_TOKEN_LEN];
	char method[16];

	/**
	 * Log level of its lines
	 */
	int level;

	/**
	 * Told the result
	 */
	ue_probe_cb_t cb;
	void *data;
};

/**
 * No final response
 */
static void on_timeout(void *data)
{
	private_ue_probe_t *this = data;

	dbg(DBG_APP, this->level, "%s got no final response", this->method);
	this->cb(this->data, 408);
}

METHOD(ue_probe_t, send_, bool,
	private_ue_probe_t *this, const char *method, const char *uri)
{
	char call_id[UE_MESSAGE_TOKEN_LEN], tag[UE_MESSAGE_TOKEN_LEN];
	char route[IMSAKA_ADDR_STRLEN + 16], hostport[IMSAKA_ADDR_STRLEN + 2];
	char buf[4096];
	ue_route_t r;
	ue_request_t req;
	size_t len;

	if (!this->reg->get_route(this->reg, &r) ||
		(strcmp(method, "OPTIONS") && strcmp(method, "MESSAGE")))
	{
		return false;
	}
	snprintf(this->method, sizeof(this->method), "%s", method);
	snprintf(this->branch, sizeof(this->branch), "z9hG4bK");
	ue_message_random(this->branch + 7, 12);
	ue_message_random(call_id, 16);
	ue_message_random(tag, 8);
	snprintf(route, sizeof(route), "<sip:%s;lr>",
			 ue_message_hostport(&r.peer.remote, hostport, sizeof(hostport)));
	req = (ue_request_t){
		.method = method,
		.request_uri = uri,
		.proto = SIP_UDP,
		.via = r.via,
		.branch = this->branch,
		.from = this->config->impu,
		.from_tag = tag,
		.to = uri,
		.call_id = call_id,
		.cseq = 1,
		.expires = -1,
		.route = route,
		.body = strcmp(method, "MESSAGE") == 0 ? "imsaka-ue test message"
											   : NULL,
	};
	if (!ue_message_build(&req, buf, sizeof(buf), &len) ||
		!this->tx->send(this->tx, &r.peer, buf, len, 0))
	{
		return false;
	}
	dbg(DBG_APP, this->level, "%s %s sent over the protected ports", method,
		uri);
	return true;
}

METHOD(ue_probe_t, receive, bool,
	private_ue_probe_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	sip_msg_t *resp;
	const char *branch;
	int code;

	if (!this->tx->is_active(this->tx) || !(resp = imsaka_sip_parse(msg, len)))
	{
		return false;
	}
	if (!imsaka_sip_is_response(resp) ||
		!(branch = imsaka_sip_via_branch(resp)) ||
		strcmp(branch, this->branch) != 0)
	{
		imsaka_sip_free(resp);
		return false;
	}
	code = imsaka_sip_status(resp);
	imsaka_sip_free(resp);
	if (code < 200)
	{
		this->tx->provisional(this->tx);
		return true;
	}
	this->tx->stop(this->tx);
	dbg(DBG_APP, this->level, "%s answered %d", this->method, code);
	this->cb(this->data, code);
	return true;
}

METHOD(ue_probe_t, cancel, void,
	private_ue_probe_t *this)
{
	this->tx->stop(this->tx);
}

METHOD(ue_probe_t, destroy, void,
	private_ue_probe_t *this)
{
	this->tx->destroy(this->tx);
	free(this);
}

/*
 * Described in header
 */
ue_probe_t *ue_probe_create(const ue_config_t *config,
							sip_transport_t *transport, ue_registration_t *reg,
							int level, ue_probe_cb_t cb, void *data)
{
	private_ue_probe_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.receive = _receive,
			.cancel = _cancel,
			.destroy = _destroy,
		},
		.config = config,
		.reg = reg,
		.level = level,
		.cb = cb,
		.data = data,
	);
	this->tx = ue_transaction_create(transport, config->t1, config->t2,
									 on_timeout, this);
	return &this->public;
}

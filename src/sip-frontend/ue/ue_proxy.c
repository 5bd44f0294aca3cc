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

#include "ue_proxy.h"
#include "ue_message.h"

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

#include <sip_message.h>

typedef struct private_ue_proxy_t private_ue_proxy_t;
typedef struct relayed_t relayed_t;

/** longest branch of the UA we remember */
#define MAX_BRANCH 64

/**
 * A request relayed and waiting for its final response.
 */
struct relayed_t {
	/** slot in use */
	bool used;
	/** branch of the UA's top Via, to map retransmissions */
	char ua_branch[MAX_BRANCH];
	/** CSeq method */
	char method[32];
	/** our branch */
	char branch[UE_MESSAGE_TOKEN_LEN];
	/** where the UA is */
	sip_peer_t ua;
};

/**
 * Private data of a ue_proxy_t object.
 */
struct private_ue_proxy_t {

	/**
	 * Public interface
	 */
	ue_proxy_t public;

	/**
	 * Options
	 */
	const ue_config_t *config;

	/**
	 * Transport
	 */
	sip_transport_t *transport;

	/**
	 * Registration
	 */
	ue_registration_t *reg;

	/**
	 * Requests relayed, a ring
	 */
	relayed_t relayed[UE_PROXY_MAX_PENDING];

	/**
	 * Next slot to take when all are used
	 */
	unsigned int next;
};

/**
 * Print and send a message
 */
static void send_msg(private_ue_proxy_t *this, const sip_peer_t *peer,
					 sip_msg_t *msg)
{
	char *text;
	size_t len;

	text = imsaka_sip_print(msg, &len);
	if (!text)
	{
		DBG1(DBG_NET, "proxy: message could not be printed");
		return;
	}
	this->transport->send(this->transport, peer, text, len);
	imsaka_sip_text_free(text);
}

/**
 * Answer the UA
 */
static void respond(private_ue_proxy_t *this, const sip_peer_t *peer,
					sip_msg_t *req, int code)
{
	sip_msg_t *resp;

	if (imsaka_sip_is_method(req, "ACK"))
	{
		return;
	}
	resp = imsaka_sip_response(req, code, NULL);
	if (resp)
	{
		if (code == 503)
		{	/* without it the UA retries at once; the answer goes anyway */
			imsaka_sip_header_add(resp, "Retry-After", "5");
		}
		send_msg(this, peer, resp);
		imsaka_sip_free(resp);
	}
}

/**
 * Find a relayed request by a branch
 */
static relayed_t *find(private_ue_proxy_t *this, const char *branch, bool ours)
{
	int i;

	for (i = 0; branch && i < UE_PROXY_MAX_PENDING; i++)
	{
		if (this->relayed[i].used &&
			strcmp(ours ? this->relayed[i].branch
						: this->relayed[i].ua_branch, branch) == 0)
		{
			return &this->relayed[i];
		}
	}
	return NULL;
}

/**
 * Take a slot for a new request, the oldest one if all are used
 */
static relayed_t *take(private_ue_proxy_t *this)
{
	relayed_t *slot;
	int i;

	for (i = 0; i < UE_PROXY_MAX_PENDING; i++)
	{
		if (!this->relayed[i].used)
		{
			return &this->relayed[i];
		}
	}
	slot = &this->relayed[this->next];
	this->next = (this->next + 1) % UE_PROXY_MAX_PENDING;
	return slot;
}

/**
 * Put our Via on top and a Route to the P-CSCF's protected port first
 */
static bool add_via_route(private_ue_proxy_t *this, sip_msg_t *req,
						  const ue_route_t *route, const char *branch)
{
	char hostport[IMSAKA_ADDR_STRLEN + 2], value[256];

	snprintf(value, sizeof(value), "SIP/2.0/%s %s;branch=%s;rport",
			 route->tls ? "TLS" : "UDP",
			 ue_message_hostport(&route->via, hostport, sizeof(hostport)),
			 branch);
	if (!imsaka_sip_via_push(req, value))
	{
		return false;
	}
	snprintf(value, sizeof(value), "<sip:%s;lr>",
			 ue_message_hostport(&route->peer.remote, hostport,
								 sizeof(hostport)));
	return imsaka_sip_route_push(req, value);
}

/**
 * Lower Max-Forwards; FALSE if it was 0 already
 */
static bool hop(sip_msg_t *req)
{
	uint32_t n = 70;
	bool present;

	if (!imsaka_sip_max_forwards(req, &present, &n))
	{	/* a malformed one counts as the default */
		n = 70;
	}
	if (n == 0)
	{
		return false;
	}
	/* best effort: the request goes on even if the field stays */
	imsaka_sip_set_max_forwards(req, n - 1);
	return true;
}

/**
 * A request from the UA
 */
static void from_ua(private_ue_proxy_t *this, const sip_peer_t *peer,
					sip_msg_t *req)
{
	const char *ua_branch = imsaka_sip_via_branch(req);
	ue_route_t route;
	relayed_t *slot;

	if (!this->reg->get_route(this->reg, &route))
	{
		DBG1(DBG_NET, "proxy: %s from the UA before registration, 503",
			 imsaka_sip_method(req));
		respond(this, peer, req, 503);
		return;
	}
	if (!hop(req))
	{
		respond(this, peer, req, 483);
		return;
	}
	slot = (ua_branch && strlen(ua_branch) < MAX_BRANCH)
		   ? find(this, ua_branch, false) : NULL;
	if (!slot)
	{
		slot = take(this);
		*slot = (relayed_t){ .used = true, .ua = *peer };
		snprintf(slot->ua_branch, sizeof(slot->ua_branch), "%s",
				 ua_branch && strlen(ua_branch) < MAX_BRANCH ? ua_branch : "");
		snprintf(slot->method, sizeof(slot->method), "%s",
				 imsaka_sip_cseq_method(req) ?: "");
		snprintf(slot->branch, sizeof(slot->branch), "z9hG4bK");
		ue_message_random(slot->branch + 7, 12);
	}
	slot->ua = *peer;
	if (!add_via_route(this, req, &route, slot->branch))
	{
		respond(this, peer, req, 500);
		return;
	}
	DBG2(DBG_NET, "proxy: %s relayed protected to the P-CSCF",
		 imsaka_sip_method(req));
	send_msg(this, &route.peer, req);
	if (imsaka_sip_is_method(req, "ACK"))
	{	/* no response will come */
		slot->used = false;
	}
}

/**
 * A response to a request relayed: pop our Via and pass it on
 */
static bool to_ua(private_ue_proxy_t *this, sip_msg_t *resp)
{
	relayed_t *slot = find(this, imsaka_sip_via_branch(resp), true);
	sip_peer_t ua;

	if (!slot || imsaka_sip_via_count(resp) < 2)
	{
		return false;
	}
	imsaka_sip_via_pop(resp);
	ua = slot->ua;
	if (imsaka_sip_status(resp) >= 200)
	{
		slot->used = false;
	}
	send_msg(this, &ua, resp);
	return true;
}

METHOD(ue_proxy_t, receive, bool,
	private_ue_proxy_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	sip_msg_t *sip;
	bool mine = imsaka_addr_equals(&peer->local, &this->config->proxy);

	sip = imsaka_sip_parse(msg, len);
	if (!sip)
	{
		if (mine)
		{
			DBG1(DBG_NET, "proxy: unparsable message from the UA dropped");
		}
		return mine;
	}
	if (mine && imsaka_sip_is_request(sip))
	{
		from_ua(this, peer, sip);
	}
	else if (imsaka_sip_is_response(sip))
	{
		mine = to_ua(this, sip) || mine;
	}
	imsaka_sip_free(sip);
	return mine;
}

METHOD(ue_proxy_t, destroy, void,
	private_ue_proxy_t *this)
{
	this->transport->unlisten(this->transport, SIP_UDP, &this->config->proxy);
	this->transport->unlisten(this->transport, SIP_TCP, &this->config->proxy);
	free(this);
}

/*
 * Described in header
 */
ue_proxy_t *ue_proxy_create(const ue_config_t *config,
							sip_transport_t *transport, ue_registration_t *reg)
{
	private_ue_proxy_t *this;

	INIT(this,
		.public = {
			.receive = _receive,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
		.reg = reg,
	);
	if (!transport->listen(transport, SIP_UDP, &config->proxy) ||
		!transport->listen(transport, SIP_TCP, &config->proxy))
	{
		transport->unlisten(transport, SIP_UDP, &config->proxy);
		free(this);
		return NULL;
	}
	return &this->public;
}

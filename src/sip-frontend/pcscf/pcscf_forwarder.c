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

#include "pcscf_forwarder.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <library.h>

#include <sip_message.h>

/** branch prefix: the RFC 3261 magic cookie and ours */
#define BRANCH_PREFIX "z9hG4bK-imsaka-"

/** most transactions held */
#define MAX_TRANSACTIONS 8192

/** above this size a request goes over TCP (RFC 3261 18.1.1) */
#define UDP_MAX 1300

typedef struct private_pcscf_forwarder_t private_pcscf_forwarder_t;

/**
 * Private data.
 */
struct private_pcscf_forwarder_t {

	/** public interface */
	pcscf_forwarder_t public;

	/** configuration */
	const pcscf_config_t *config;

	/** transport */
	sip_transport_t *transport;

	/** forwarded requests */
	pcscf_transactions_t *transactions;

	/** secret of the branch hashes */
	u_int secret;

	/** counter for To tags */
	u_int tags;

	/** told of REGISTERs the S-CSCF left unanswered */
	pcscf_forwarder_timeout_t timeout_cb;

	/** data for timeout_cb */
	void *timeout_data;
};

/**
 * Branch for a forwarded request: a hash of what identifies the request
 * (RFC 3261 16.11), so a retransmission gets the same one
 */
static void make_branch(private_pcscf_forwarder_t *this, sip_msg_t *req,
						const sip_peer_t *from, char *branch, size_t size)
{
	char ue_branch[PCSCF_SIP_BRANCH_MAX] = "";
	u_int h1, h2;
	chunk_t parts[] = {
		chunk_from_str(ue_branch),
		chunk_from_str((char*)(imsaka_sip_call_id(req) ?: "")),
		chunk_from_str((char*)(imsaka_sip_cseq_number(req) ?: "")),
		chunk_from_str((char*)(imsaka_sip_cseq_method(req) ?: "")),
		chunk_create((u_char*)from->remote.ip, sizeof(from->remote.ip)),
		chunk_from_thing(from->remote.port),
	};
	int i;

	pcscf_sip_top_branch(req, ue_branch, sizeof(ue_branch));
	parts[0] = chunk_from_str(ue_branch);
	h1 = this->secret;
	h2 = ~this->secret;
	for (i = 0; i < countof(parts); i++)
	{
		h1 = chunk_hash_inc(parts[i], h1);
		h2 = chunk_hash_inc(parts[i], h2 * 31 + i);
	}
	snprintf(branch, size, BRANCH_PREFIX "%08x%08x", h1, h2);
}

/**
 * Send a message as text
 */
static bool send_text(private_pcscf_forwarder_t *this, const char *text,
					  size_t len, const sip_peer_t *to)
{
	char where[IMSAKA_ADDR_STRLEN] = "";

	imsaka_addr_format(&to->remote, where, sizeof(where));
	DBG2(DBG_NET, "sending %zu bytes to %s/%s", len, where,
		 to->proto == SIP_TCP ? "tcp" : "udp");
	DBG3(DBG_NET, "%.*s", (int)len, text);
	return this->transport->send(this->transport, to, text, len);
}

/**
 * Send a message
 */
static bool send_msg(private_pcscf_forwarder_t *this, sip_msg_t *msg,
					 const sip_peer_t *to)
{
	char *text;
	size_t len;
	bool ok;

	text = imsaka_sip_print(msg, &len);
	if (!text)
	{
		DBG1(DBG_NET, "printing a SIP message failed");
		return false;
	}
	ok = send_text(this, text, len, to);
	imsaka_sip_text_free(text);
	return ok;
}

/**
 * A response of the P-CSCF's own to a request, with a To tag
 */
static sip_msg_t *own_response(private_pcscf_forwarder_t *this,
							   sip_msg_t *req, int code)
{
	sip_msg_t *resp;
	char tag[32];

	snprintf(tag, sizeof(tag), "imsaka%08x%04x", this->secret ^ code,
			 this->tags++ & 0xffff);
	resp = imsaka_sip_response(req, code, tag);
	if (!resp)
	{
		DBG1(DBG_NET, "building a %d response failed", code);
	}
	return resp;
}

METHOD(pcscf_forwarder_t, reply, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *req, int code,
	const sip_peer_t *to, const imsaka_secagree_list_t *server, const char *require)
{
	sip_msg_t *resp;
	bool ok;

	resp = own_response(this, req, code);
	if (!resp)
	{
		return false;
	}
	if ((server && server->count &&
		 imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER, server) !=
			IMSAKA_SECAGREE_OK) ||
		(require && !imsaka_sip_header_add(resp, "Require", require)))
	{
		DBG1(DBG_NET, "building a %d response failed", code);
		imsaka_sip_free(resp);
		return false;
	}
	ok = send_msg(this, resp, to);
	imsaka_sip_free(resp);
	return ok;
}

METHOD(pcscf_forwarder_t, reply_fields, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *req, int code,
	const sip_peer_t *to, const pcscf_field_t *fields, int count)
{
	sip_msg_t *resp;
	bool ok;
	int i;

	resp = own_response(this, req, code);
	if (!resp)
	{
		return false;
	}
	for (i = 0; i < count; i++)
	{
		if (!imsaka_sip_header_add(resp, fields[i].name, fields[i].value))
		{
			DBG1(DBG_NET, "building a %d response failed", code);
			imsaka_sip_free(resp);
			return false;
		}
	}
	ok = send_msg(this, resp, to);
	imsaka_sip_free(resp);
	return ok;
}

METHOD(pcscf_forwarder_t, busy, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *req, const sip_peer_t *to,
	uint32_t seconds)
{
	char value[16];
	pcscf_field_t field = {
		.name = "Retry-After",
		.value = value,
	};

	snprintf(value, sizeof(value), "%u", seconds);
	return reply_fields(this, req, 503, to, &field, 1);
}

/**
 * The 408 a REGISTER gets if the S-CSCF leaves it unanswered, as text
 * (allocated), NULL on failure
 */
static char *make_timeout_response(private_pcscf_forwarder_t *this,
								   sip_msg_t *req, size_t *len)
{
	sip_msg_t *resp;
	char *text, *copy = NULL;

	resp = own_response(this, req, 408);
	if (!resp)
	{
		return NULL;
	}
	text = imsaka_sip_print(resp, len);
	if (text)
	{
		copy = malloc(*len + 1);
		memcpy(copy, text, *len);
		copy[*len] = '\0';
		imsaka_sip_text_free(text);
	}
	imsaka_sip_free(resp);
	return copy;
}

/**
 * The S-CSCF left a REGISTER of a handshake unanswered: the 408 to the UE
 */
static void scscf_silent(void *data)
{
	pcscf_transaction_t *tx = data;
	private_pcscf_forwarder_t *this = tx->owner;

	tx->timer = 0;
	tx->timed_out = true;
	send_text(this, tx->timeout_response, tx->timeout_len, &tx->peer);
	if (this->timeout_cb)
	{
		this->timeout_cb(this->timeout_data, tx);
	}
}

/**
 * A transaction leaves the table: its wait goes with it
 */
static void transaction_end(void *data, pcscf_transaction_t *tx)
{
	private_pcscf_forwarder_t *this = data;

	if (tx->timer)
	{
		this->transport->cancel_timer(this->transport, tx->timer);
		tx->timer = 0;
	}
}

/**
 * Wait for the S-CSCF's final response to a new transaction, with the 408
 * that goes to the UE if it does not come
 */
static void wait_for_answer(private_pcscf_forwarder_t *this,
							pcscf_transaction_t *entry, char *response,
							size_t len)
{
	if (entry->timeout_response || entry->timed_out)
	{	/* a retransmission (or one answered before): the first one waits */
		free(response);
		return;
	}
	entry->timeout_response = response;
	entry->timeout_len = len;
	entry->owner = this;
	entry->timer = this->transport->add_timer(this->transport,
									this->config->scscf_timeout * 1000,
									scscf_silent, entry);
}

METHOD(pcscf_forwarder_t, absorb, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *req, const sip_peer_t *from)
{
	pcscf_transaction_t *tx;
	char branch[PCSCF_SIP_BRANCH_MAX];

	make_branch(this, req, from, branch, sizeof(branch));
	tx = this->transactions->get(this->transactions, branch);
	if (!tx || !tx->timed_out)
	{
		return false;
	}
	DBG2(DBG_NET, "%s retransmitted after its 408, the 408 sent again",
		 imsaka_sip_method(req));
	tx->peer = *from;
	send_text(this, tx->timeout_response, tx->timeout_len, from);
	return true;
}

METHOD(pcscf_forwarder_t, on_timeout, void,
	private_pcscf_forwarder_t *this, pcscf_forwarder_timeout_t cb, void *data)
{
	this->timeout_cb = cb;
	this->timeout_data = data;
}

METHOD(pcscf_forwarder_t, to_scscf, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *req,
	const sip_peer_t *from, const char *impi)
{
	const pcscf_config_t *config = this->config;
	imsaka_addr_t own[] = { config->listen, config->protected_address,
							config->core };
	pcscf_transaction_t tx = { .peer = *from }, *entry;
	sip_peer_t to = {
		.proto = SIP_UDP,
		.local = config->core,
		.remote = config->scscf,
	};
	char *text, *timeout = NULL;
	size_t len, timeout_len = 0;
	bool ok;

	own[0].port = own[1].port = 0;
	imsaka_sip_route_pop_own(req, own, countof(own));
	if (!pcscf_sip_max_forwards(req))
	{
		DBG1(DBG_NET, "%s with Max-Forwards 0 or malformed, answering 483",
			 imsaka_sip_method(req));
		reply(this, req, 483, from, NULL, NULL);
		return false;
	}
	make_branch(this, req, from, tx.branch, sizeof(tx.branch));
	pcscf_sip_top_branch(req, tx.ue_branch, sizeof(tx.ue_branch));
	snprintf(tx.impi, sizeof(tx.impi), "%s", impi ?: "");
	if (impi && !this->transactions->get(this->transactions, tx.branch))
	{	/* built from the request as the UE sent it, before our Via */
		timeout = make_timeout_response(this, req, &timeout_len);
	}
	if (!pcscf_sip_push_via(req, false, &config->core, tx.branch))
	{
		DBG1(DBG_NET, "adding Via failed");
		free(timeout);
		return false;
	}
	text = imsaka_sip_print(req, &len);
	imsaka_sip_text_free(text);
	if (!text || len > UDP_MAX)
	{	/* too big for UDP */
		to.proto = SIP_TCP;
		pcscf_sip_pop_via(req);
		if (!pcscf_sip_push_via(req, true, &config->core, tx.branch))
		{
			free(timeout);
			return false;
		}
	}
	entry = this->transactions->add(this->transactions, &tx);
	if (entry->timed_out)
	{	/* the S-CSCF left it unanswered before: the 408 again */
		send_text(this, entry->timeout_response, entry->timeout_len, from);
		free(timeout);
		return false;
	}
	if (timeout)
	{
		wait_for_answer(this, entry, timeout, timeout_len);
	}
	ok = send_msg(this, req, &to);
	DBG2(DBG_NET, "%s forwarded to the S-CSCF, branch %s", imsaka_sip_method(req),
		 tx.branch);
	return ok;
}

METHOD(pcscf_forwarder_t, match, pcscf_transaction_t*,
	private_pcscf_forwarder_t *this, sip_msg_t *resp)
{
	pcscf_transaction_t *tx;
	char branch[PCSCF_SIP_BRANCH_MAX];

	if (!pcscf_sip_top_branch(resp, branch, sizeof(branch)) ||
		strncmp(branch, BRANCH_PREFIX, strlen(BRANCH_PREFIX)) != 0)
	{
		DBG2(DBG_NET, "response without a Via of ours, dropped");
		return NULL;
	}
	tx = this->transactions->get(this->transactions, branch);
	if (!tx)
	{
		DBG2(DBG_NET, "response to no known request (%s), dropped", branch);
		return NULL;
	}
	if (!pcscf_sip_pop_via(resp))
	{
		DBG1(DBG_NET, "response without the sender's Via, dropped");
		return NULL;
	}
	if (tx->timer && imsaka_sip_status(resp) >= 200)
	{	/* answered: no 408 due any more */
		transaction_end(this, tx);
		free(tx->timeout_response);
		tx->timeout_response = NULL;
		tx->timeout_len = 0;
	}
	return tx;
}

METHOD(pcscf_forwarder_t, respond, bool,
	private_pcscf_forwarder_t *this, sip_msg_t *resp,
	const sip_peer_t *to)
{
	return send_msg(this, resp, to);
}

METHOD(pcscf_forwarder_t, destroy, void,
	private_pcscf_forwarder_t *this)
{
	this->transactions->destroy(this->transactions);
	free(this);
}

/*
 * Described in header
 */
pcscf_forwarder_t *pcscf_forwarder_create(const pcscf_config_t *config,
										  sip_transport_t *transport)
{
	private_pcscf_forwarder_t *this;

	INIT(this,
		.public = {
			.to_scscf = _to_scscf,
			.absorb = _absorb,
			.on_timeout = _on_timeout,
			.match = _match,
			.respond = _respond,
			.reply = _reply,
			.reply_fields = _reply_fields,
			.busy = _busy,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
	);
	this->transactions = pcscf_transactions_create(MAX_TRANSACTIONS,
												   transaction_end, this);
	if (getrandom(&this->secret, sizeof(this->secret), 0) !=
			sizeof(this->secret))
	{	/* only makes branches and tags less predictable */
		this->secret = time(NULL) ^ getpid();
	}
	return &this->public;
}

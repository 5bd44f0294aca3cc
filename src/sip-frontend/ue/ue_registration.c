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

#include "ue_registration.h"
#include "ue_auth.h"
#include "ue_message.h"
#include "ue_secagree.h"
#include "ue_transaction.h"
#include "ue_tls_psk.h"

#include <digest_aka.h>
#include <sip_message.h>
#include <sip_tls_filter.h>
#include <sip_tls_aka_filter.h>

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_registration_t private_ue_registration_t;

/**
 * What the REGISTER in flight is.
 */
typedef enum {
	/** unprotected, initial or after a sync failure: expects a 401 */
	TX_SM1,
	/** protected over the current set: re-registration, expects a 401 */
	TX_REREG,
	/** protected over the new temporary set: expects the 200 */
	TX_SM7,
	/** protected de-registration */
	TX_DEREG,
} tx_kind_t;

/** NAT-T port of charon on both sides (docs/CONTROL.md) */
#define NATT_PORT 4500

/** most synchronisation failures in a row before giving up */
#define MAX_SYNC 2

/** bytes of a REGISTER we print */
#define MAX_REGISTER 12288

/** largest protected request sent over UDP (RFC 3261 18.1.1) */
#define UDP_MAX_REQUEST 1300

/**
 * Private data of a ue_registration_t object.
 */
struct private_ue_registration_t {

	/**
	 * Public interface
	 */
	ue_registration_t public;

	/**
	 * Options
	 */
	const ue_config_t *config;

	/**
	 * Control socket client
	 */
	ue_control_client_t *control;

	/**
	 * Transport and timers
	 */
	sip_transport_t *transport;

	/**
	 * Told about results
	 */
	ue_registration_cb_t cb;
	void *data;

	/**
	 * The REGISTER client transaction
	 */
	ue_transaction_t *tx;

	/**
	 * What the REGISTER in flight is
	 */
	tx_kind_t kind;

	/**
	 * State
	 */
	ue_reg_state_t state;

	/**
	 * charon context, 0 if none
	 */
	uint32_t ctx;

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

	/**
	 * Set in use (after the 200 OK), NULL if none
	 */
	ue_secagree_t *current;

	/**
	 * Set being agreed, NULL if none
	 */
	ue_secagree_t *pending;

	/**
	 * A temporary set is installed for pending
	 */
	bool installed;

	/**
	 * Synchronisation failures in a row
	 */
	unsigned int syncs;

	/**
	 * Outer NAT verdict of the initial registration
	 */
	imsaka_nat_t nat;

	/**
	 * Keep-alives started
	 */
	bool keepalive;

	/**
	 * Expiry granted, seconds
	 */
	uint32_t expires;

	/**
	 * Re-registration timer, 0 if none
	 */
	uint32_t rereg_timer;

	/**
	 * Authorization of the last successful authentication, for protected
	 * REGISTERs
	 */
	char auth[IMSAKA_DIGEST_MAX_TEXT];

	/**
	 * The S-CSCF's challenge to the de-REGISTER was answered
	 */
	bool dereg_answered;

	/**
	 * Client port of this registration's initial set, and of the set of
	 * the one before (0 if none)
	 */
	uint16_t port_c, last_port_c;

	/** tls-psk client context, NULL unless tls-psk is offered */
	ue_tls_psk_t *tls;

	/** TCP connection the response being handled came on, 0 for UDP */
	uint32_t rx_conn;

	/** tls-aka: the new TCP connection the SM1 in flight went on, 0 if
	 *  none */
	uint32_t sm1_conn;
};

/*
 * Described in header
 */
const char *ue_reg_state_name(ue_reg_state_t state)
{
	static const char *const names[] = {
		[UE_REG_IDLE] = "idle",
		[UE_REG_SM1_SENT] = "sm1-sent",
		[UE_REG_SM7_SENT] = "sm7-sent",
		[UE_REG_REGISTERED] = "registered",
		[UE_REG_REREGISTERING] = "re-registering",
		[UE_REG_DEREGISTERING] = "deregistering",
		[UE_REG_DEREGISTERED] = "deregistered",
		[UE_REG_FAILED] = "failed",
	};

	return state <= UE_REG_FAILED ? names[state] : "?";
}

METHOD(ue_registration_t, get_snapshot, void,
	private_ue_registration_t *this, ue_state_t *state)
{
	ue_secagree_t *set = this->current ?: this->pending;

	*state = (ue_state_t){
		.state = ue_reg_state_name(this->state),
		.nat = this->nat,
		.mode = "",
		.mech = "",
		.expires = this->current ? this->expires : 0,
		.keepalive = this->keepalive,
		.ctx = this->ctx,
	};
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

/**
 * Log a step in one line at level 1 and write the state file
 */
static void report(private_ue_registration_t *this, const char *step)
{
	ue_state_t state;
	char line[512];

	get_snapshot(this, &state);
	ue_state_format(&state, " ", line, sizeof(line));
	DBG1(DBG_APP, "%s: %s", step, line);
	ue_state_write(this->config->state_file, &state);
}

/**
 * Reset the TCP connections a set protects, right before the set goes:
 * what they still hold must not be retransmitted in clear afterwards
 */
static void abort_protected(private_ue_registration_t *this,
							const ue_secagree_t *set)
{
	imsaka_addr_t local = this->config->protected;
	imsaka_addr_t remote = this->config->pcscf_protected;

	if (!set || !set->rport_c || ue_secagree_is_tls(set) ||
		ue_secagree_is_tls_aka(set))
	{
		return;
	}
	local.port = set->port_c;
	remote.port = set->rport_s;
	this->transport->abort_addr(this->transport, &local, &remote);
	local.port = set->port_s;
	remote.port = set->rport_c;
	this->transport->abort_addr(this->transport, &local, &remote);
}

/**
 * Cancel everything and give the context back to charon
 */
static void cleanup(private_ue_registration_t *this)
{
	ue_secagree_t *set = this->current ?: this->pending;

	if (set)
	{
		this->last_port_c = set->port_c;
	}
	this->tx->stop(this->tx);
	if (this->rereg_timer)
	{
		this->transport->cancel_timer(this->transport, this->rereg_timer);
		this->rereg_timer = 0;
	}
	if (this->ctx)
	{
		if (this->installed ||
			(this->current && !ue_secagree_is_tls(this->current) &&
			 !ue_secagree_is_tls_aka(this->current)))
		{
			abort_protected(this, this->current);
			abort_protected(this, this->pending);
			this->control->sa_remove(this->control, this->ctx, "all");
		}
		this->control->ctx_delete(this->control, this->ctx);
		this->ctx = 0;
	}
	if (this->sm1_conn && (!this->current ||
						   this->current->conn != this->sm1_conn))
	{	/* tls-aka: a handshake that did not finish, its connection goes */
		this->transport->close_conn(this->transport, this->sm1_conn);
	}
	this->sm1_conn = 0;
	this->installed = false;
	this->keepalive = false;
	free(this->pending);
	this->pending = NULL;
	free(this->current);
	this->current = NULL;
	memwipe(this->auth, sizeof(this->auth));
}

/**
 * Whether a set is tls-psk or tls-aka: no SA set, the context is held
 */
static bool is_tls(ue_secagree_t *set)
{
	return set && (ue_secagree_is_tls(set) || ue_secagree_is_tls_aka(set));
}

/**
 * Give up: log why, clean up, tell the owner
 */
static void fail(private_ue_registration_t *this, const char *why)
{
	DBG1(DBG_APP, "registration failed in state %s: %s",
		 ue_reg_state_name(this->state), why);
	cleanup(this);
	this->state = UE_REG_FAILED;
	report(this, "failed");
	this->cb(this->data, UE_REG_FAILED);
}

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
 * tls-psk: the PSK from charon for the set's sid and RAND, and a TLS
 * connection to the P-CSCF's tls_port with it
 */
static bool tls_connect(private_ue_registration_t *this, ue_secagree_t *set)
{
	const ue_config_t *config = this->config;
	uint8_t psk[UE_CHARON_PSK_LEN];
	sip_stream_filter_t *filter;
	sip_peer_t peer = {
		.proto = SIP_TCP,
		.local = with_port(&config->local, 0),
		.remote = with_port(&config->pcscf, config->tls_port),
	};
	SSL *ssl;

	if (!this->tls)
	{
		DBG1(DBG_APP, "tls-psk: no TLS client context");
		return false;
	}
	if (!this->control->tls_psk(this->control, this->ctx, set->rand,
							   set->tls_identity, psk))
	{
		return false;
	}
	ssl = this->tls->connect(this->tls, set->tls_identity, psk,
							 set->choice.suites, set->choice.suite_count);
	memwipe(psk, sizeof(psk));
	filter = ssl ? sip_tls_filter_create(ssl, set->tls_identity, NULL, NULL)
				 : NULL;
	if (!filter)
	{
		return false;
	}
	set->conn = this->transport->connect(this->transport, &peer, filter);
	DBG1(DBG_APP, "tls-psk: TLS connection %u to the P-CSCF's port %u, "
		 "identity %s", set->conn, config->tls_port, set->tls_identity);
	return set->conn != 0;
}

/**
 * tls-psk: the set's TLS connection, opened again (same key) if it closed
 * (idle timeout, a lost NAT binding)
 */
static bool tls_ensure(private_ue_registration_t *this, ue_secagree_t *set)
{
	if (set->conn && this->transport->is_open(this->transport, set->conn))
	{
		return true;
	}
	return tls_connect(this, set);
}

/**
 * tls-psk: the peer and Via of a message over the set's TLS connection
 */
static void tls_peer(private_ue_registration_t *this, ue_secagree_t *set,
					 sip_peer_t *peer, imsaka_addr_t *via)
{
	*peer = (sip_peer_t){
		.proto = SIP_TCP,
		.local = with_port(&this->config->local, 0),
		.remote = with_port(&this->config->pcscf, this->config->tls_port),
		.conn = set->conn,
	};
	*via = this->config->local;
}

/**
 * tls-aka: the peer and Via of a message on the set's connection (SM1's,
 * to the P-CSCF's port); a closed connection ends the keys with it
 */
static bool tls_aka_peer(private_ue_registration_t *this, ue_secagree_t *set,
						 sip_peer_t *peer, imsaka_addr_t *via)
{
	if (!set->conn || !this->transport->is_open(this->transport, set->conn))
	{
		DBG1(DBG_APP, "tls-aka: TCP connection %u to the P-CSCF is closed, "
			 "its keys are gone", set->conn);
		return false;
	}
	*peer = (sip_peer_t){
		.proto = SIP_TCP,
		.local = with_port(&this->config->local, 0),
		.remote = this->config->pcscf,
		.conn = set->conn,
	};
	*via = this->config->local;
	return true;
}

/**
 * tls-aka: after aka-digest, the traffic secrets from charon for SM6's
 * suite and sid, and the record layer on the connection SM6 came on
 */
static bool tls_aka_switch(private_ue_registration_t *this, ue_secagree_t *set)
{
	sip_stream_filter_t *filter = NULL;
	uint8_t ue[48], pcscf[48];
	size_t len;

	if (!this->rx_conn)
	{
		DBG1(DBG_APP, "tls-aka: SM6 did not come over TCP");
		return false;
	}
	if (this->rx_conn != this->sm1_conn)
	{
		DBG1(DBG_APP, "tls-aka: SM6 came on TCP connection %u, SM1 went on "
			 "%u", this->rx_conn, this->sm1_conn);
		return false;
	}
	if (this->control->tls_aka_keys(this->control, this->ctx,
								   set->tls_aka_suite, set->tls_identity, ue,
								   pcscf, &len))
	{
		filter = sip_tls_aka_filter_create(set->tls_aka_suite, SIP_TLS_AKA_UE,
										   ue, pcscf, len, NULL);
	}
	memwipe(ue, sizeof(ue));
	memwipe(pcscf, sizeof(pcscf));
	if (!filter ||
		!this->transport->set_filter(this->transport, this->rx_conn, filter))
	{
		return false;
	}
	set->conn = this->rx_conn;
	DBG1(DBG_APP, "tls-aka: records on TCP connection %u, suite %04x, "
		 "sid %s", set->conn, set->tls_aka_suite, set->tls_identity);
	return true;
}

/**
 * tls-aka: a new TCP connection (no filter) for an SM1; the one an
 * earlier SM1 opened and no set uses is closed
 */
static bool tls_aka_sm1_conn(private_ue_registration_t *this, sip_peer_t *peer)
{
	uint32_t conn;

	conn = this->transport->connect(this->transport, peer, NULL);
	if (!conn)
	{
		return false;
	}
	if (this->sm1_conn && (!this->current ||
						   this->current->conn != this->sm1_conn))
	{
		this->transport->close_conn(this->transport, this->sm1_conn);
	}
	this->sm1_conn = peer->conn = conn;
	DBG1(DBG_APP, "tls-aka: SM1 on new TCP connection %u", conn);
	return true;
}

/**
 * The Via verdict of a response over TCP: the P-CSCF saw the connection's
 * ephemeral source port, never the sent-by port, so only received tells of
 * a NAT
 */
static imsaka_nat_t tcp_via_nat(osip_message_t *resp)
{
	osip_via_t *via = osip_list_get(&resp->vias, 0);
	osip_generic_param_t *received = NULL;
	imsaka_addr_t sent_by, seen;

	if (!via || !via->host ||
		imsaka_addr_parse(via->host, strlen(via->host), false, &sent_by) !=
			IMSAKA_SECAGREE_OK)
	{
		return IMSAKA_NAT_UE;
	}
	osip_via_param_get_byname(via, "received", &received);
	if (!received || !received->gvalue)
	{	/* the P-CSCF found the address as sent */
		return IMSAKA_NAT_NONE;
	}
	if (imsaka_addr_parse(received->gvalue, strlen(received->gvalue), false,
						  &seen) != IMSAKA_SECAGREE_OK)
	{
		return IMSAKA_NAT_UE;
	}
	sent_by.port = seen.port = 0;
	return imsaka_addr_equals(&sent_by, &seen) ? IMSAKA_NAT_NONE
											   : IMSAKA_NAT_UE;
}

/**
 * Print and send a REGISTER of a kind
 */
static bool send_register(private_ue_registration_t *this, tx_kind_t kind,
						  const char *authorization)
{
	const ue_config_t *config = this->config;
	imsaka_secagree_list_t *client = NULL;
	ue_secagree_t *over;
	ue_request_t req;
	sip_peer_t peer = { .proto = SIP_UDP };
	char *buf;
	size_t len;
	bool ok;

	req = (ue_request_t){
		.method = "REGISTER",
		.request_uri = this->uri,
		.proto = SIP_UDP,
		.from = config->impu,
		.to = config->impu,
		.call_id = this->call_id,
		.from_tag = this->tag,
		.cseq = ++this->cseq,
		.contact = this->contact,
		.expires = kind == TX_DEREG ? 0 : config->expires,
		.secagree = true,
		.authorization = authorization,
	};
	ue_message_random(this->branch + 7, 12);
	req.branch = this->branch;

	switch (kind)
	{
		case TX_SM1:
			peer.local = config->local;
			peer.remote = config->pcscf;
			req.via = config->local;
			req.client = &this->pending->client;
			if (config->offer.tls_aka)
			{	/* tls-aka protects the connection SM1 opens: always a
				 * new one, never one another set's keys protect (a
				 * re-registration, an SM1 with auts after the P-CSCF
				 * switched the first one) */
				peer.proto = req.proto = SIP_TCP;
				peer.local.port = 0;
				if (!tls_aka_sm1_conn(this, &peer))
				{
					return false;
				}
			}
			break;
		case TX_SM7:
			over = this->pending;
			client = malloc(sizeof(*client));
			ue_secagree_sm7_client(over, client);
			req.client = client;
			req.verify = &over->server;
			peer.local = with_port(&config->protected, over->port_c);
			peer.remote = with_port(&config->pcscf_protected, over->rport_s);
			req.via = with_port(&config->protected, over->port_s);
			break;
		case TX_REREG:
		case TX_DEREG:
			over = this->current;
			req.client = kind == TX_REREG ? &this->pending->client
										  : &over->client;
			req.verify = &over->server;
			peer.local = with_port(&config->protected, over->port_c);
			peer.remote = with_port(&config->pcscf_protected, over->rport_s);
			req.via = with_port(&config->protected, over->port_s);
			break;
	}
	over = kind == TX_SM7 ? this->pending : this->current;
	if (kind != TX_SM1 && over && ue_secagree_is_tls_aka(over))
	{
		if (!tls_aka_peer(this, over, &peer, &req.via))
		{
			free(client);
			return false;
		}
		req.proto = SIP_TCP;
	}
	else if (kind != TX_SM1 && over && ue_secagree_is_tls(over))
	{
		if (!tls_ensure(this, over))
		{
			free(client);
			return false;
		}
		tls_peer(this, over, &peer, &req.via);
		req.proto = SIP_TCP;
	}
	buf = malloc(MAX_REGISTER);
	ok = ue_message_build(&req, buf, MAX_REGISTER, &len);
	if (ok && kind != TX_SM1 && len > UDP_MAX_REQUEST)
	{
		/* RFC 3261 18.1.1: larger than 1300 bytes with an unknown path MTU
		 * goes over TCP. On the protected path this is a must: a datagram
		 * fragmented before ESP (kernel-libipsec's TUN has an MTU of 1400)
		 * loses its ports and matches no policy. The connection is opened
		 * from port_c, as the selectors want. */
		req.proto = peer.proto = SIP_TCP;
		ok = ue_message_build(&req, buf, MAX_REGISTER, &len);
	}
	free(client);
	if (!ok)
	{
		free(buf);
		DBG1(DBG_APP, "REGISTER does not fit into %u bytes", MAX_REGISTER);
		return false;
	}
	DBG3(DBG_NET, "sending REGISTER:\n%.*s", (int)len, buf);
	this->kind = kind;
	ok = this->tx->send(this->tx, &peer, buf, len,
						kind == TX_DEREG ? config->dereg_timeout * 1000 : 0);
	free(buf);
	return ok;
}

/**
 * Start a new set with fresh SPIs, sent from and to the given addresses
 */
static bool new_pending(private_ue_registration_t *this, uint16_t port_c,
						const imsaka_addr_t *from, const imsaka_addr_t *to)
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
							 this->config->port_s, from, to);
}

/**
 * Send the initial (or after a sync failure) unprotected REGISTER
 */
static bool send_sm1(private_ue_registration_t *this, const char *auth)
{
	char initial[IMSAKA_DIGEST_MAX_TEXT];

	if (!new_pending(this, this->port_c, &this->config->local,
					 &this->config->pcscf))
	{
		return false;
	}
	if (!auth)
	{
		if (!ue_auth_initial(this->config->impi, this->config->realm, this->uri,
							 initial, sizeof(initial)))
		{
			return false;
		}
		auth = initial;
	}
	if (!send_register(this, TX_SM1, auth))
	{
		return false;
	}
	if (!this->current)
	{	/* else a tls-aka re-registration: the set in force stays */
		this->state = UE_REG_SM1_SENT;
		report(this, "SM1 sent");
	}
	return true;
}

/**
 * Re-registration timer
 */
static void on_reregister(void *data)
{
	private_ue_registration_t *this = data;
	const ue_config_t *config = this->config;
	imsaka_addr_t from, to;
	uint16_t port_c;

	this->rereg_timer = 0;
	if (this->state != UE_REG_REGISTERED)
	{
		return;
	}
	/* a new client port so old and new sets never share selectors */
	port_c = this->current->port_c == config->port_c ? config->port_c + 1
													 : config->port_c;
	/* the NAT-T values stay those of the outer path of the first SM1, as
	 * the P-CSCF keeps them (it detects no NAT again over the tunnel) */
	from = this->current->from;
	to = this->current->to;
	this->syncs = 0;
	if (ue_secagree_is_tls_aka(this->current))
	{	/* tls-aka keys belong to one connection, and a connection cannot
		 * change keys: the re-registration is an SM1 on a new connection,
		 * the set in force serves until its SM12 (docs/TLS-AKA.md) */
		if (!send_sm1(this, NULL))
		{
			fail(this, "re-registration could not be sent");
			return;
		}
	}
	else if (!new_pending(this, port_c, &from, &to) ||
			 !send_register(this, TX_REREG, this->auth))
	{
		fail(this, "re-registration could not be sent");
		return;
	}
	this->state = UE_REG_REREGISTERING;
	report(this, "re-REGISTER sent");
}

/**
 * Arm the re-registration timer for a granted expiry
 */
static void schedule_reregister(private_ue_registration_t *this)
{
	uint32_t margin = this->config->reregister_margin, delay;

	delay = this->expires > 2 * margin ? this->expires - margin
									   : this->expires / 2;
	delay = max(delay, 1);
	this->rereg_timer = this->transport->add_timer(this->transport,
										delay * 1000, on_reregister, this);
	DBG2(DBG_APP, "re-registration in %u s", delay);
}

/**
 * The parameters of sa-install for the pending set
 */
static void sa_params(private_ue_registration_t *this, ue_sa_params_t *sa)
{
	const ue_config_t *config = this->config;
	ue_secagree_t *set = this->pending;

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

/**
 * SM6 (or the 401 to a re-REGISTER): agree, authenticate, install, SM7
 */
static void on_challenge(private_ue_registration_t *this, osip_message_t *resp,
						 const char *raw, size_t len)
{
	const ue_config_t *config = this->config;
	bool initial = this->kind == TX_SM1;
	char error[256], response[UE_CHARON_RESPONSE_LEN], chosen[256];
	char auts[UE_CHARON_AUTS_LEN], *auth;
	ue_challenge_t *ch;
	ue_aka_request_t req;
	ue_aka_status_t status;
	ue_sa_params_t sa;
	imsaka_addr_t src, dst;

	if (!ue_secagree_sm6(this->pending, resp, error, sizeof(error)) ||
		!(ch = malloc(sizeof(*ch))))
	{
		fail(this, error);
		return;
	}
	if (this->rx_conn && this->kind == TX_SM1)
	{	/* SM1 over TCP (tls-aka) left from an ephemeral port */
		this->pending->via_nat = tcp_via_nat(resp);
	}
	if (initial)
	{
		this->nat = ue_secagree_nat(this->pending);
	}
	else if (this->current)
	{	/* the Via of a re-REGISTER's 401 shows the tunnel: oa-up stays the
		 * public address of the first SM1 */
		this->pending->public = this->current->public;
	}
	if (this->nat != IMSAKA_NAT_NONE &&
		!ue_secagree_is_tls(this->pending) &&
		!ue_secagree_is_tls_aka(this->pending) &&
		this->pending->choice.mod != IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
	{
		DBG1(DBG_APP, "NAT found (%s) but the P-CSCF chose mod=%s",
			 imsaka_nat_name(this->nat),
			 imsaka_secagree_mod_name(this->pending->choice.mod));
	}
	if (!ue_auth_challenge(raw, len, config->akav, ch, error, sizeof(error)))
	{
		free(ch);
		fail(this, error);
		return;
	}
	req = (ue_aka_request_t){
		.nonce = ch->nonce,
		.algorithm = ch->algorithm,
		.username = config->impi,
		.realm = ch->realm,
		.uri = this->uri,
		.qop = ch->qop ? "auth" : NULL,
		.cnonce = ch->cnonce,
		.nc = ch->nc,
	};
	ue_secagree_choice_format(this->pending, chosen, sizeof(chosen));
	DBG1(DBG_APP, "SM6: nat=%s (via %s, hashes %s, nat-p %s) %s",
		 imsaka_nat_name(ue_secagree_nat(this->pending)),
		 imsaka_nat_name(this->pending->via_nat),
		 imsaka_nat_name(this->pending->hash_nat),
		 this->pending->natp ? "yes" : "no", chosen);

	auth = malloc(IMSAKA_DIGEST_MAX_TEXT);
	status = this->control->aka_digest(this->control, this->ctx, &req, response,
									  auts);
	switch (status)
	{
		case UE_AKA_OK:
			break;
		case UE_AKA_SYNC:
			if (++this->syncs > MAX_SYNC ||
				!ue_auth_response(ch, config->impi, this->uri, response, auts,
								  auth, IMSAKA_DIGEST_MAX_TEXT))
			{
				free(ch);
				free(auth);
				fail(this, "AKA synchronisation failed repeatedly");
				return;
			}
			DBG1(DBG_APP, "AKA synchronisation failure: REGISTER with auts");
			if (initial)
			{
				if (!send_sm1(this, auth))
				{
					fail(this, "REGISTER with auts could not be sent");
				}
			}
			else if (!new_pending(this, this->pending->port_c,
								  &this->pending->from, &this->pending->to) ||
					 !send_register(this, TX_REREG, auth))
			{
				fail(this, "re-REGISTER with auts could not be sent");
			}
			free(ch);
			free(auth);
			return;
		case UE_AKA_AUTH:
			free(ch);
			free(auth);
			fail(this, "the network is not authentic (AKA: AUTN MAC wrong or "
				 "no K/OPc), no SAs installed");
			return;
		case UE_AKA_ERROR:
		default:
			free(ch);
			free(auth);
			fail(this, "aka-digest failed");
			return;
	}
	this->syncs = 0;
	if (!ue_auth_response(ch, config->impi, this->uri, response, NULL, auth,
						  IMSAKA_DIGEST_MAX_TEXT))
	{
		free(ch);
		free(auth);
		fail(this, "Authorization could not be printed from the challenge");
		return;
	}
	memwipe(response, sizeof(response));
	if (ue_secagree_is_tls(this->pending))
	{
		uint8_t autn[16];

		if (imsaka_digest_aka_nonce_parse(ch->nonce, strlen(ch->nonce),
					this->pending->rand, autn, NULL, 0, NULL) !=
				IMSAKA_DIGEST_AKA_OK || !tls_connect(this, this->pending))
		{
			free(ch);
			free(auth);
			fail(this, "tls-psk: no key or no TLS connection");
			return;
		}
	}
	if (ue_secagree_is_tls_aka(this->pending) &&
		!tls_aka_switch(this, this->pending))
	{
		free(ch);
		free(auth);
		fail(this, "tls-aka: no keys or no connection to protect");
		return;
	}
	free(ch);

	if (ue_secagree_is_tls(this->pending) ||
		ue_secagree_is_tls_aka(this->pending))
	{	/* no SA set, no keep-alives: TCP and TLS carry it */
	}
	else if (sa_params(this, &sa),
			 !this->control->sa_install(this->control, this->ctx, &sa))
	{
		free(auth);
		fail(this, "sa-install failed");
		return;
	}
	else
	{
		this->installed = true;
	}
	if (initial && config->keepalive && (this->nat & IMSAKA_NAT_UE) &&
		!ue_secagree_is_tls(this->pending) &&
		!ue_secagree_is_tls_aka(this->pending))
	{
		/* the UE sends first so the NAT binding (and the P-CSCF's view
		 * of the outer port) exist before SM7 */
		src = with_port(&config->local, NATT_PORT);
		dst = with_port(&config->pcscf, NATT_PORT);
		this->keepalive = this->control->keepalive_start(this->control,
													this->ctx, &src, &dst);
	}
	if (!send_register(this, TX_SM7, auth))
	{
		free(auth);
		fail(this, "SM7 could not be sent");
		return;
	}
	snprintf(this->auth, sizeof(this->auth), "%s", auth);
	memwipe(auth, IMSAKA_DIGEST_MAX_TEXT);
	free(auth);
	if (initial && !this->current)
	{
		this->state = UE_REG_SM7_SENT;
	}
	report(this, "SM7 sent");
}

/**
 * SM12: the 200 OK to SM7
 */
static void on_registered(private_ue_registration_t *this,
						  osip_message_t *resp)
{
	char error[256];
	uint32_t granted;

	if (!ue_secagree_sm12(this->pending, resp, error, sizeof(error)))
	{
		fail(this, error);
		return;
	}
	granted = ue_message_granted(resp, this->contact, this->config->expires);
	if (!granted)
	{
		fail(this, "200 OK granted an expiry of 0 s");
		return;
	}
	if (is_tls(this->pending))
	{	/* no SA set: charon holds the context (CK/IK for a challenged
		 * de-REGISTER) for the registration instead */
		if (!this->control->ctx_hold(this->control, this->ctx, granted))
		{
			fail(this, "ctx-hold failed");
			return;
		}
	}
	else if (!this->control->sa_promote(this->control, this->ctx, granted))
	{
		fail(this, "sa-promote failed");
		return;
	}
	if (this->current && this->current->conn &&
		this->current->conn != this->pending->conn &&
		(ue_secagree_is_tls(this->current) ||
		 ue_secagree_is_tls_aka(this->current)))
	{	/* the replaced key's connection: the P-CSCF dropped that key */
		DBG1(DBG_APP, "TCP connection %u of the replaced %s keys closed",
			 this->current->conn, ue_secagree_is_tls(this->current) ?
			 "tls-psk" : "tls-aka");
		this->transport->close_conn(this->transport, this->current->conn);
	}
	free(this->current);
	this->current = this->pending;
	this->pending = NULL;
	this->installed = false;
	this->expires = granted;
	this->state = UE_REG_REGISTERED;
	schedule_reregister(this);
	report(this, "registered");
	this->cb(this->data, UE_REG_REGISTERED);
}

/**
 * The end of a de-registration, answered or not
 */
static void deregistered(private_ue_registration_t *this)
{
	cleanup(this);
	this->state = UE_REG_DEREGISTERED;
	report(this, "deregistered");
	this->cb(this->data, UE_REG_DEREGISTERED);
}

/**
 * A 401 to the de-REGISTER (the S-CSCF may authenticate any REGISTER,
 * TS 24.229 5.4.1.2.2): answer it once, over the set in force
 *
 * @return			FALSE if it was not answered
 */
static bool answer_dereg(private_ue_registration_t *this, const char *raw,
						 size_t len)
{
	const ue_config_t *config = this->config;
	char error[256], response[UE_CHARON_RESPONSE_LEN];
	char auts[UE_CHARON_AUTS_LEN], *auth;
	ue_aka_request_t req;
	ue_challenge_t *ch;
	bool ok = false;

	if (this->dereg_answered || !this->current)
	{
		return false;
	}
	this->dereg_answered = true;
	ch = malloc(sizeof(*ch));
	auth = malloc(IMSAKA_DIGEST_MAX_TEXT);
	if (!ue_auth_challenge(raw, len, config->akav, ch, error, sizeof(error)))
	{
		DBG1(DBG_APP, "de-registration challenged: %s", error);
	}
	else
	{
		req = (ue_aka_request_t){
			.nonce = ch->nonce,
			.algorithm = ch->algorithm,
			.username = config->impi,
			.realm = ch->realm,
			.uri = this->uri,
			.qop = ch->qop ? "auth" : NULL,
			.cnonce = ch->cnonce,
			.nc = ch->nc,
		};
		ok = this->control->aka_digest(this->control, this->ctx, &req,
									  response, auts) == UE_AKA_OK &&
			 ue_auth_response(ch, config->impi, this->uri, response, NULL,
							  auth, IMSAKA_DIGEST_MAX_TEXT) &&
			 send_register(this, TX_DEREG, auth);
		DBG1(DBG_APP, "de-registration challenged, %s",
			 ok ? "answered" : "could not answer");
	}
	memwipe(response, sizeof(response));
	memwipe(auth, IMSAKA_DIGEST_MAX_TEXT);
	free(auth);
	free(ch);
	return ok;
}

/**
 * The REGISTER got no final response
 */
static void on_timeout(void *data)
{
	private_ue_registration_t *this = data;
	char why[128];

	if (this->kind == TX_DEREG)
	{
		DBG1(DBG_APP, "no answer to the de-registration");
		deregistered(this);
		return;
	}
	snprintf(why, sizeof(why), "no final response to the REGISTER after %u "
			 "retransmissions", this->tx->get_retransmissions(this->tx));
	fail(this, why);
}

/**
 * Log what a 494 says the P-CSCF can do, its Security-Server
 */
static void log_offered(osip_message_t *resp)
{
	imsaka_secagree_list_t *server;
	char text[IMSAKA_SECAGREE_MAX_TEXT];
	size_t len;

	server = malloc(sizeof(*server));
	if (!server)
	{
		return;
	}
	imsaka_secagree_list_init(server);
	if (imsaka_sip_sec_get(resp, IMSAKA_SIP_SECURITY_SERVER, server) ==
			IMSAKA_SECAGREE_OK && server->count &&
		imsaka_secagree_list_build(server, text, sizeof(text), &len) ==
			IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "the P-CSCF can do: %s", text);
	}
	else
	{
		DBG1(DBG_APP, "the P-CSCF's 494 lists no usable Security-Server");
	}
	free(server);
}

/**
 * A final response to the REGISTER in flight
 */
static void on_final(private_ue_registration_t *this, osip_message_t *resp,
					 const char *raw, size_t len)
{
	int code = resp->status_code;
	char why[160];

	switch (this->kind)
	{
		case TX_SM1:
		case TX_REREG:
			if (code == 401)
			{
				on_challenge(this, resp, raw, len);
				return;
			}
			if (code >= 200 && code < 300 && this->kind == TX_REREG)
			{
				/* the S-CSCF did not authenticate again: the current set
				 * stays, the new SPIs go unused */
				this->expires = ue_message_granted(resp, this->contact,
												   this->config->expires);
				free(this->pending);
				this->pending = NULL;
				this->state = UE_REG_REGISTERED;
				if (!this->expires)
				{
					fail(this, "re-registration granted 0 s");
					return;
				}
				/* the context, and the set in force of ipsec-3gpp, must
				 * last as long as the registration now does */
				if (!this->control->ctx_hold(this->control, this->ctx,
											this->expires))
				{
					fail(this, "ctx-hold failed");
					return;
				}
				schedule_reregister(this);
				report(this, "re-registered without authentication");
				return;
			}
			break;
		case TX_SM7:
			if (code >= 200 && code < 300)
			{
				on_registered(this, resp);
				return;
			}
			break;
		case TX_DEREG:
			if (code == 401 && answer_dereg(this, raw, len))
			{
				return;
			}
			DBG1(DBG_APP, "de-registration answered %d", code);
			deregistered(this);
			return;
	}
	if (code == 494)
	{
		log_offered(resp);
	}
	snprintf(why, sizeof(why), "REGISTER answered %d %s", code,
			 resp->reason_phrase ?: "");
	fail(this, why);
}

METHOD(ue_registration_t, receive, bool,
	private_ue_registration_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	osip_message_t *resp;
	const char *branch;

	if (!this->tx->is_active(this->tx) || osip_message_init(&resp) != OSIP_SUCCESS)
	{
		return false;
	}
	if (osip_message_parse(resp, msg, len) != OSIP_SUCCESS ||
		!MSG_IS_RESPONSE(resp) || !resp->cseq || !resp->cseq->method ||
		strcmp(resp->cseq->method, "REGISTER") != 0 ||
		!(branch = ue_message_branch(resp)) || strcmp(branch, this->branch))
	{
		osip_message_free(resp);
		return false;
	}
	this->rx_conn = peer->proto == SIP_TCP ? peer->conn : 0;
	if (resp->status_code < 200)
	{
		this->tx->provisional(this->tx);
	}
	else
	{
		this->tx->stop(this->tx);
		on_final(this, resp, msg, len);
	}
	osip_message_free(resp);
	return true;
}

METHOD(ue_registration_t, start, bool,
	private_ue_registration_t *this)
{
	if (this->state != UE_REG_IDLE && this->state != UE_REG_FAILED &&
		this->state != UE_REG_DEREGISTERED)
	{
		return false;
	}
	cleanup(this);
	/* a registration after another one starts from the other client
	 * port: the TCP connection of the one before, to the same P-CSCF port,
	 * may linger (a dead peer, or the kernel still holding its 4-tuple) */
	this->port_c = this->last_port_c == this->config->port_c ?
				   this->config->port_c + 1 : this->config->port_c;
	this->nat = IMSAKA_NAT_NONE;
	this->syncs = 0;
	this->expires = 0;
	ue_message_random(this->call_id, 16);
	ue_message_random(this->tag, 8);
	this->cseq = 0;
	if (!this->control->ctx_create(this->control, this->config->impi,
								  &this->ctx))
	{
		this->ctx = 0;
		fail(this, "ctx-create failed");
		return false;
	}
	if (!send_sm1(this, NULL))
	{
		fail(this, "SM1 could not be sent");
		return false;
	}
	return true;
}

METHOD(ue_registration_t, deregister, void,
	private_ue_registration_t *this)
{
	switch (this->state)
	{
		case UE_REG_REGISTERED:
		case UE_REG_REREGISTERING:
			if (this->rereg_timer)
			{
				this->transport->cancel_timer(this->transport,
											  this->rereg_timer);
				this->rereg_timer = 0;
			}
			this->tx->stop(this->tx);
			this->dereg_answered = false;
			if (send_register(this, TX_DEREG, this->auth))
			{
				this->state = UE_REG_DEREGISTERING;
				report(this, "de-REGISTER sent");
				return;
			}
			deregistered(this);
			return;
		case UE_REG_DEREGISTERING:
			/* asked again: stop waiting for the 200 */
			deregistered(this);
			return;
		case UE_REG_SM1_SENT:
		case UE_REG_SM7_SENT:
			deregistered(this);
			return;
		default:
			cleanup(this);
			return;
	}
}

METHOD(ue_registration_t, get_state, ue_reg_state_t,
	private_ue_registration_t *this)
{
	return this->state;
}

METHOD(ue_registration_t, get_route, bool,
	private_ue_registration_t *this, ue_route_t *route)
{
	if (!this->current || (this->state != UE_REG_REGISTERED &&
						   this->state != UE_REG_REREGISTERING))
	{
		return false;
	}
	if (ue_secagree_is_tls_aka(this->current))
	{
		*route = (ue_route_t){ .tls = true };
		return tls_aka_peer(this, this->current, &route->peer, &route->via);
	}
	if (ue_secagree_is_tls(this->current))
	{
		if (!tls_ensure(this, this->current))
		{
			return false;
		}
		*route = (ue_route_t){ .tls = true };
		tls_peer(this, this->current, &route->peer, &route->via);
		return true;
	}
	*route = (ue_route_t){
		.peer = {
			.proto = SIP_UDP,
			.local = with_port(&this->config->protected,
							   this->current->port_c),
			.remote = with_port(&this->config->pcscf_protected,
								this->current->rport_s),
		},
		.via = with_port(&this->config->protected, this->current->port_s),
	};
	return true;
}

METHOD(ue_registration_t, destroy, void,
	private_ue_registration_t *this)
{
	if (this->rereg_timer)
	{
		this->transport->cancel_timer(this->transport, this->rereg_timer);
	}
	this->tx->destroy(this->tx);
	DESTROY_IF(this->tls);
	free(this->pending);
	free(this->current);
	memwipe(this->auth, sizeof(this->auth));
	free(this);
}

/**
 * Contact: sip:<user part of the IMPU, if a plain one>@<protected>:<port_s>
 */
static void contact_uri(private_ue_registration_t *this)
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
	addr = with_port(&config->protected, config->port_s);
	ue_message_hostport(&addr, host, sizeof(host));
	snprintf(this->contact, sizeof(this->contact), "sip:%.*s%s%s", len,
			 len ? user + 1 : "", len ? "@" : "", host);
}

/*
 * Described in header
 */
ue_registration_t *ue_registration_create(const ue_config_t *config,
										  ue_control_client_t *control,
										  sip_transport_t *transport,
										  ue_registration_cb_t cb, void *data)
{
	private_ue_registration_t *this;
	imsaka_addr_t ports[3];
	int i;

	INIT(this,
		.public = {
			.start = _start,
			.receive = _receive,
			.deregister = _deregister,
			.get_state = _get_state,
			.get_route = _get_route,
			.get_snapshot = _get_snapshot,
			.destroy = _destroy,
		},
		.config = config,
		.control = control,
		.transport = transport,
		.cb = cb,
		.data = data,
		.state = UE_REG_IDLE,
		.branch = "z9hG4bK",
	);
	this->tx = ue_transaction_create(transport, config->t1, config->t2,
									 on_timeout, this);
	if (config->offer.tls)
	{	/* TLS 1.3 with (EC)DHE only; TLS 1.2 as the agreed suite says */
		this->tls = ue_tls_psk_create(UE_TLS_V12 | UE_TLS_V13, true);
	}
	snprintf(this->uri, sizeof(this->uri), "sip:%s", config->realm);
	contact_uri(this);

	ports[0] = with_port(&config->protected, config->port_c);
	ports[1] = with_port(&config->protected, config->port_c + 1);
	ports[2] = with_port(&config->protected, config->port_s);
	if (!transport->listen(transport, SIP_UDP, &config->local))
	{
		destroy(this);
		return NULL;
	}
	for (i = 0; i < 3; i++)
	{
		if (!transport->listen(transport, SIP_UDP, &ports[i]))
		{
			destroy(this);
			return NULL;
		}
	}
	return &this->public;
}

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

#include "pcscf_proxy.h"
#include "pcscf_forwarder.h"
#include "pcscf_mechanism.h"
#include "pcscf_probe.h"
#include "pcscf_register.h"
#include "pcscf_registrations.h"
#include "pcscf_tls_psk.h"

#include <sip_tls_filter.h>

#include <string.h>

#include <library.h>

typedef struct private_pcscf_proxy_t private_pcscf_proxy_t;

/**
 * Private data.
 */
struct private_pcscf_proxy_t {

	/** public interface */
	pcscf_proxy_t public;

	/** configuration */
	const pcscf_config_t *config;

	/** transport */
	sip_transport_t *transport;

	/** forwarder */
	pcscf_forwarder_t *forwarder;

	/** registrations */
	pcscf_registrations_t *registrations;

	/** registration handling */
	pcscf_register_t *reg;

	/** tls-psk PSKs and server context, NULL if not offered */
	pcscf_tls_psk_t *tls;

	/** counters of outcomes */
	pcscf_counters_t *counters;

	/** charon's control socket, counting into counters */
	pcscf_control_client_t *control;

	/** answers to OPTIONS addressed to the P-CSCF */
	pcscf_probe_t *probe;
};

/**
 * Same address, ports ignored
 */
static bool same_ip(const imsaka_addr_t *a, const imsaka_addr_t *b)
{
	return a->family == b->family &&
		   memeq(a->ip, b->ip, imsaka_addr_len(a));
}

/**
 * Whether a message arrived on one of the protected ports
 */
static bool is_protected(private_pcscf_proxy_t *this, const sip_peer_t *peer)
{
	const pcscf_config_t *config = this->config;

	return same_ip(&peer->local, &config->protected_address) &&
		   (peer->local.port == config->port_s ||
			peer->local.port == config->port_c ||
			peer->local.port == config->port_c + 1);
}

/**
 * Bind UDP and TCP on an address
 */
static bool listen_on(private_pcscf_proxy_t *this, const imsaka_addr_t *addr,
					  uint16_t port)
{
	imsaka_addr_t local = *addr;

	local.port = port;
	return this->transport->listen(this->transport, SIP_UDP, &local) &&
		   this->transport->listen(this->transport, SIP_TCP, &local);
}

/**
 * The client's PSK identity, for the TLS filter
 */
static bool tls_identity(void *data, SSL *ssl, char *buf, size_t size)
{
	private_pcscf_proxy_t *this = data;

	return this->tls->identity(this->tls, ssl, buf, size);
}

/**
 * A TLS server filter for a connection accepted on tls_port
 */
static sip_stream_filter_t *tls_filter(void *data, const sip_peer_t *peer)
{
	private_pcscf_proxy_t *this = data;
	SSL *ssl;

	ssl = this->tls->accept(this->tls);
	if (!ssl)
	{
		return NULL;
	}
	return sip_tls_filter_create(ssl, NULL, tls_identity, this);
}

/**
 * Whether a message arrived on the TLS port
 */
static bool is_tls(private_pcscf_proxy_t *this, const sip_peer_t *peer)
{
	const pcscf_config_t *config = this->config;

	return this->tls && peer->proto == SIP_TCP && peer->conn &&
		   same_ip(&peer->local, &config->listen) &&
		   peer->local.port == config->tls_port;
}

/**
 * Listen on tls_port when tls-psk is offered
 */
static bool listen_tls(private_pcscf_proxy_t *this)
{
	imsaka_addr_t local = this->config->listen;

	if (!this->config->tls_psk)
	{
		return true;
	}
	if (!this->tls)
	{
		DBG1(DBG_APP, "tls-psk: no TLS server context");
		return false;
	}
	local.port = this->config->tls_port;
	return this->transport->listen_filtered(this->transport, &local,
											tls_filter, this);
}

METHOD(pcscf_proxy_t, listen_, bool,
	private_pcscf_proxy_t *this)
{
	const pcscf_config_t *config = this->config;

	return listen_tls(this) &&
		   listen_on(this, &config->listen, config->listen.port) &&
		   listen_on(this, &config->protected_address, config->port_c) &&
		   listen_on(this, &config->protected_address, config->port_c + 1) &&
		   listen_on(this, &config->protected_address, config->port_s) &&
		   (imsaka_addr_equals(&config->core, &config->listen) ||
			listen_on(this, &config->core, config->core.port));
}

/**
 * Refuse a request (never an ACK) and log why; counted under counter
 * unless it is PCSCF_COUNTER_MAX
 */
static void refuse_counted(private_pcscf_proxy_t *this, sip_msg_t *req,
						   const sip_peer_t *from, int status,
						   const char *reason, pcscf_counter_t counter)
{
	char source[IMSAKA_ADDR_STRLEN] = "";

	imsaka_addr_format(&from->remote, source, sizeof(source));
	DBG1(DBG_APP, "%s from %s refused with %d: %s", imsaka_sip_method(req), source,
		 status, reason);
	if (counter != PCSCF_COUNTER_MAX)
	{
		this->counters->inc(this->counters, counter);
	}
	if (!imsaka_sip_is_method(req, "ACK"))
	{
		this->forwarder->reply(this->forwarder, req, status, from, NULL, NULL);
	}
}

/**
 * Refuse a request (never an ACK) and log why, not counted
 */
static void refuse(private_pcscf_proxy_t *this, sip_msg_t *req,
				   const sip_peer_t *from, int status, const char *reason)
{
	refuse_counted(this, req, from, status, reason, PCSCF_COUNTER_MAX);
}

/**
 * Keep a request's Authorization as it came for the S-CSCF, or refuse the
 * request if it is too long to keep
 */
static bool keep_auth(private_pcscf_proxy_t *this, sip_msg_t *req,
					  const char *buf, size_t len, const sip_peer_t *from)
{
	if (!imsaka_sip_keep_raw_auth(req, buf, len))
	{
		refuse(this, req, from, 400, "Authorization too long");
		return false;
	}
	return true;
}

/**
 * A request on the protected ports
 */
static void protected_request(private_pcscf_proxy_t *this,
							  sip_msg_t *req, const char *buf,
							  size_t len, const sip_peer_t *from)
{
	pcscf_registration_t *reg;
	char source[IMSAKA_ADDR_STRLEN] = "";

	reg = this->registrations->find_endpoint(this->registrations,
											 &from->remote);
	if (!reg)
	{
		imsaka_addr_format(&from->remote, source, sizeof(source));
		DBG1(DBG_APP, "%s on a protected port from %s, which no security "
			 "association has, dropped", imsaka_sip_method(req), source);
		return;
	}
	if (from->local.port != this->config->port_s)
	{
		refuse_counted(this, req, from, 403, "requests go to the protected "
					   "port_s", PCSCF_PROTECTED_REFUSED);
		return;
	}
	if (imsaka_sip_is_method(req, "REGISTER"))
	{
		this->reg->protected(this->reg, reg, req, buf, len, from);
		return;
	}
	if (!reg->registered)
	{
		refuse_counted(this, req, from, 403, "not registered yet",
					   PCSCF_PROTECTED_REFUSED);
		return;
	}
	if (this->probe->is_probe(this->probe, req))
	{
		this->probe->from_ue(this->probe, req, from, reg->impi);
		return;
	}
	if (!keep_auth(this, req, buf, len, from))
	{
		return;
	}
	DBG2(DBG_APP, "%s %s from a registered UE, forwarded", reg->impi,
		 imsaka_sip_method(req));
	this->forwarder->to_scscf(this->forwarder, req, from, NULL);
}

/**
 * A request on a connection whose keys belong to a registration (a TLS
 * connection's PSK identity, or a tls-aka connection): dropped without
 * that registration; REGISTER to the handshake, others forwarded when they
 * came in the protection of the agreement in force, as its mechanism tells
 *
 * @param reg		the registration of the connection, NULL if none
 * @param how		the kind of connection, for the log
 * @param none		why there is no registration, for the log
 */
static void stream_request(private_pcscf_proxy_t *this,
						   pcscf_registration_t *reg, sip_msg_t *req,
						   const char *buf, size_t len, const sip_peer_t *from,
						   const char *how, const char *none)
{
	char source[IMSAKA_ADDR_STRLEN] = "";
	pcscf_mechanism_t *mechanism;
	sip_error_t err = {};

	if (!reg)
	{
		imsaka_addr_format(&from->remote, source, sizeof(source));
		DBG1(DBG_APP, "%s on a %s connection from %s whose %s, dropped",
			 imsaka_sip_method(req), how, source, none);
		return;
	}
	mechanism = reg->current.mechanism;
	if (imsaka_sip_is_method(req, "REGISTER"))
	{
		this->reg->protected(this->reg, reg, req, buf, len, from);
		return;
	}
	if (!reg->registered || !mechanism ||
		!mechanism->protect(mechanism, &reg->current, from, &err))
	{
		DBG2(DBG_APP, "%s %s over %s outside the agreement in force",
			 reg->impi, imsaka_sip_method(req), how);
		refuse_counted(this, req, from, 403, "not registered with the keys "
					   "of this connection", PCSCF_PROTECTED_REFUSED);
		return;
	}
	if (this->probe->is_probe(this->probe, req))
	{
		this->probe->from_ue(this->probe, req, from, reg->impi);
		return;
	}
	if (!keep_auth(this, req, buf, len, from))
	{
		return;
	}
	DBG2(DBG_APP, "%s %s from a registered UE over %s, forwarded",
		 reg->impi, imsaka_sip_method(req), how);
	this->forwarder->to_scscf(this->forwarder, req, from, NULL);
}

/**
 * The registration a TLS connection's PSK identity belongs to, NULL if none
 */
static pcscf_registration_t *tls_registration(private_pcscf_proxy_t *this,
											  const sip_peer_t *from)
{
	char id[SIP_STREAM_FILTER_IDENTITY_MAX], impi[PCSCF_SIP_IMPI_MAX];

	if (this->transport->get_identity(this->transport, from->conn, id,
									  sizeof(id)) &&
		this->tls->impi_of(this->tls, id, impi, sizeof(impi)))
	{
		return this->registrations->get(this->registrations, impi);
	}
	return NULL;
}

/**
 * Whether a request came on a tls-aka connection: a filtered TCP
 * connection that is not on tls_port (its filter names the IMPI)
 */
static bool is_tls_aka(private_pcscf_proxy_t *this, const sip_peer_t *peer,
					   char *impi, size_t size)
{
	return this->config->tls_aka && peer->proto == SIP_TCP && peer->conn &&
		   this->transport->get_identity(this->transport, peer->conn, impi,
										 size);
}

/**
 * A request on the unprotected ports: REGISTER to the handshake, a probe
 * of the core answered, others refused unless allow_unprotected
 */
static void unprotected_request(private_pcscf_proxy_t *this,
								sip_msg_t *req, const char *buf,
								size_t len, const sip_peer_t *from)
{
	char aor[PCSCF_SIP_IMPI_MAX];

	if (imsaka_sip_is_method(req, "REGISTER"))
	{
		this->reg->unprotected(this->reg, req, buf, len, from);
		return;
	}
	/* a probe from elsewhere is any unprotected request: refused, so that
	 * no UE learns what the P-CSCF is without registering */
	if (this->probe->is_probe(this->probe, req) &&
		this->probe->from_core(this->probe, req, from))
	{
		return;
	}
	if (imsaka_addr_equals(&from->remote, &this->config->scscf))
	{
		refuse(this, req, from, 501,
			   "requests towards UEs are not supported");
		return;
	}
	if (!this->config->allow_unprotected)
	{
		refuse_counted(this, req, from, 403, "unprotected request (register "
					   "with sec-agree and use the protected ports)",
					   PCSCF_UNPROTECTED_REFUSED);
		return;
	}
	if (imsaka_sip_aor(req, "From", aor, sizeof(aor)) &&
		this->registrations->find_impu(this->registrations, aor))
	{
		refuse_counted(this, req, from, 403, "unprotected request from a UE "
					   "registered with sec-agree", PCSCF_UNPROTECTED_REFUSED);
		return;
	}
	if (!keep_auth(this, req, buf, len, from))
	{
		return;
	}
	this->forwarder->to_scscf(this->forwarder, req, from, NULL);
}

METHOD(pcscf_proxy_t, receive, void,
	private_pcscf_proxy_t *this, const sip_peer_t *peer, const char *buf,
	size_t len)
{
	char source[IMSAKA_ADDR_STRLEN] = "", impi[PCSCF_SIP_IMPI_MAX];
	pcscf_transaction_t *tx;
	sip_msg_t *msg;

	imsaka_addr_format(&peer->remote, source, sizeof(source));
	/* a 401 of the S-CSCF carries CK and IK: raw input is level 4 only */
	DBG4(DBG_NET, "received %zu bytes from %s:\n%.*s", len, source, (int)len,
		 buf);
	msg = pcscf_sip_parse(buf, len);
	if (!msg)
	{
		DBG1(DBG_NET, "malformed SIP message from %s dropped", source);
		return;
	}
	if (imsaka_sip_is_response(msg))
	{
		tx = this->forwarder->match(this->forwarder, msg);
		if (tx && tx->impi[0])
		{
			if (this->reg->response(this->reg, tx, msg, buf, len))
			{	/* kept until charon answered */
				msg = NULL;
			}
		}
		else if (tx)
		{
			this->forwarder->respond(this->forwarder, msg, &tx->peer);
		}
	}
	else if (is_tls(this, peer))
	{
		stream_request(this, tls_registration(this, peer), msg, buf, len,
					   peer, "TLS", "PSK identity no registration has");
	}
	else if (is_tls_aka(this, peer, impi, sizeof(impi)))
	{	/* the connection's keys are the registration's */
		stream_request(this, this->registrations->get(this->registrations,
													  impi),
					   msg, buf, len, peer, "tls-aka", "registration is gone");
	}
	else if (is_protected(this, peer))
	{
		protected_request(this, msg, buf, len, peer);
	}
	else
	{
		unprotected_request(this, msg, buf, len, peer);
	}
	if (msg)
	{
		imsaka_sip_free(msg);
	}
}

METHOD(pcscf_proxy_t, set_stopping, void,
	private_pcscf_proxy_t *this)
{
	this->probe->set_stopping(this->probe);
}

METHOD(pcscf_proxy_t, shutdown_, u_int,
	private_pcscf_proxy_t *this)
{
	this->probe->set_stopping(this->probe);
	return this->reg->shutdown(this->reg);
}

METHOD(pcscf_proxy_t, get_count, u_int,
	private_pcscf_proxy_t *this)
{
	return this->registrations->get_count(this->registrations);
}

METHOD(pcscf_proxy_t, get_counters, pcscf_counters_t*,
	private_pcscf_proxy_t *this)
{
	this->counters->set(this->counters, PCSCF_GAUGE_REGISTRATIONS,
				this->registrations->get_registered(this->registrations));
	this->counters->set(this->counters, PCSCF_GAUGE_HANDSHAKES,
				this->registrations->get_handshakes(this->registrations));
	return this->counters;
}

METHOD(pcscf_proxy_t, print_stats, bool,
	private_pcscf_proxy_t *this, char *buf, size_t size)
{
	pcscf_counters_t *counters = get_counters(this);

	return counters->print(counters, buf, size);
}

METHOD(pcscf_proxy_t, destroy, void,
	private_pcscf_proxy_t *this)
{
	this->reg->shutdown(this->reg);
	this->reg->destroy(this->reg);
	this->probe->destroy(this->probe);
	this->registrations->destroy(this->registrations);
	this->forwarder->destroy(this->forwarder);
	DESTROY_IF(this->tls);
	/* the control client is gone already (destroyed first, see header) */
	this->counters->destroy(this->counters);
	free(this);
}

/**
 * The TLS server context for the configured suites: TLS 1.2 and/or 1.3,
 * TLS 1.3 with (EC)DHE only
 */
static pcscf_tls_psk_t *create_tls(const pcscf_config_t *config)
{
	int i, versions = 0;

	for (i = 0; i < config->tls_suite_count; i++)
	{
		versions |= (config->tls_suites[i] >> 8) == 0x13 ? PCSCF_TLS_V13
														 : PCSCF_TLS_V12;
	}
	return pcscf_tls_psk_create(versions, true,
								2 * config->max_registrations);
}

/**
 * A TCP connection is gone
 */
static void conn_closed(void *data, uint32_t conn, const char *identity)
{
	private_pcscf_proxy_t *this = data;

	this->reg->closed(this->reg, conn, identity);
}

/*
 * Described in header
 */
pcscf_proxy_t *pcscf_proxy_create(const pcscf_config_t *config,
								  sip_transport_t *transport,
								  pcscf_control_client_t *control)
{
	private_pcscf_proxy_t *this;

	INIT(this,
		.public = {
			.listen = _listen_,
			.receive = _receive,
			.set_stopping = _set_stopping,
			.shutdown = _shutdown_,
			.get_count = _get_count,
			.get_counters = _get_counters,
			.print_stats = _print_stats,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
		.forwarder = pcscf_forwarder_create(config, transport),
		.registrations = pcscf_registrations_create(config->max_registrations),
		.control = control,
		.counters = pcscf_counters_create(),
	);
	control->set_counters(control, this->counters);
	this->probe = pcscf_probe_create(config, this->forwarder, control,
									 this->counters);
	this->reg = pcscf_register_create(config, transport, control,
									  this->forwarder, this->registrations,
									  this->counters);
	transport->on_close(transport, conn_closed, this);
	if (config->tls_psk)
	{
		this->tls = create_tls(config);
		this->reg->set_tls(this->reg, this->tls);
	}
	return &this->public;
}

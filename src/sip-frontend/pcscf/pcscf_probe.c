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

#include "pcscf_probe.h"
#include "pcscf_networks.h"
#include "pcscf_sip.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <library.h>

#include <sip_header.h>
#include <sip_uri.h>

/** the methods UEs send through the P-CSCF (RFC 3261 11.2: Allow) */
#define PROBE_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, MESSAGE, " \
	"PRACK, UPDATE, INFO, SUBSCRIBE, NOTIFY, REFER, PUBLISH"
/** bodies are relayed as they are; SDP is what sessions carry */
#define PROBE_ACCEPT "application/sdp"
/** option tags of the P-CSCF: RFC 3327 Path, RFC 3329 sec-agree */
#define PROBE_SUPPORTED "path, sec-agree"

typedef struct private_pcscf_probe_t private_pcscf_probe_t;

/**
 * Private data.
 */
struct private_pcscf_probe_t {

	/** public interface */
	pcscf_probe_t public;

	/** configuration */
	const pcscf_config_t *config;

	/** sends the answers */
	pcscf_forwarder_t *forwarder;

	/** charon's control socket */
	pcscf_control_client_t *control;

	/** counters */
	pcscf_counters_t *counters;

	/** the P-CSCF is stopping */
	bool stopping;

	/** charon did not answer the last probe of the core: logged once */
	bool charon_away;
};

/**
 * Whether a port is one the P-CSCF takes requests on at an address of its
 * own (port 0: the Request-URI has none); any of its ports for a name
 */
static bool own_port(private_pcscf_probe_t *this, const imsaka_addr_t *addr,
					 uint16_t port)
{
	const pcscf_config_t *config = this->config;
	bool any = !addr;

	if (!port)
	{
		return true;
	}
	if ((any || imsaka_addr_same_ip(addr, &config->listen)) &&
		(port == config->listen.port ||
		 (config->tls_psk && port == config->tls_port)))
	{
		return true;
	}
	if ((any || imsaka_addr_same_ip(addr, &config->core)) &&
		port == config->core.port)
	{
		return true;
	}
	if ((any || imsaka_addr_same_ip(addr, &config->protected_address)) &&
		(port == config->port_s || port == config->port_c ||
		 port == config->port_c + 1))
	{
		return true;
	}
	return !any && imsaka_addr_same_ip(addr, &config->public_address) &&
		   port == config->public_address.port;
}

/**
 * Whether a Request-URI host is one of the P-CSCF's names
 */
static bool own_name(private_pcscf_probe_t *this, const char *host)
{
	int i;

	for (i = 0; i < this->config->alias_count; i++)
	{
		if (strcasecmp(host, this->config->aliases[i]) == 0)
		{
			return true;
		}
	}
	return false;
}

METHOD(pcscf_probe_t, is_probe, bool,
	private_pcscf_probe_t *this, sip_msg_t *req)
{
	const pcscf_config_t *config = this->config;
	imsaka_sip_uri_t uri;
	imsaka_addr_t addr;
	uint32_t port = 0;

	if (!imsaka_sip_is_method(req, "OPTIONS") ||
		!imsaka_sip_request_uri(req, &uri) ||
		(strcasecmp(uri.scheme, "sip") && strcasecmp(uri.scheme, "sips")) ||
		uri.has_user ||
		(uri.port[0] && !imsaka_sip_parse_uint(uri.port, 65535, &port)))
	{
		return false;
	}
	if (imsaka_addr_parse(uri.host, strlen(uri.host), false, &addr) ==
			IMSAKA_SECAGREE_OK)
	{
		if (addr.port ||
			!(imsaka_addr_same_ip(&addr, &config->listen) ||
			  imsaka_addr_same_ip(&addr, &config->core) ||
			  imsaka_addr_same_ip(&addr, &config->protected_address) ||
			  imsaka_addr_same_ip(&addr, &config->public_address)))
		{
			return false;
		}
		return own_port(this, &addr, port);
	}
	return own_name(this, uri.host) && own_port(this, NULL, port);
}

/**
 * Send the 200 or the 503 and count it
 */
static void answer(private_pcscf_probe_t *this, sip_msg_t *req,
				   const sip_peer_t *from, bool available)
{
	char retry[16];
	pcscf_field_t ok[] = {
		{ .name = "Allow", .value = PROBE_ALLOW },
		{ .name = "Accept", .value = PROBE_ACCEPT },
		{ .name = "Supported", .value = PROBE_SUPPORTED },
	}, unavailable = {
		.name = "Retry-After",
		.value = retry,
	};

	if (available)
	{
		this->counters->inc(this->counters, PCSCF_OPTIONS_ANSWERED);
		this->forwarder->reply_fields(this->forwarder, req, 200, from, ok,
									  countof(ok));
		return;
	}
	snprintf(retry, sizeof(retry), "%u", this->config->retry_after);
	this->counters->inc(this->counters, PCSCF_OPTIONS_UNAVAILABLE);
	this->forwarder->reply_fields(this->forwarder, req, 503, from,
								  &unavailable, 1);
}

METHOD(pcscf_probe_t, from_core, bool,
	private_pcscf_probe_t *this, sip_msg_t *req, const sip_peer_t *from)
{
	const pcscf_config_t *config = this->config;
	char source[IMSAKA_ADDR_STRLEN] = "";
	bool up;

	if (!pcscf_networks_contain(config->probe_from, config->probe_from_count,
								&from->remote) &&
		!(config->probe_from_scscf &&
		  imsaka_addr_same_ip(&from->remote, &config->scscf)))
	{
		return false;
	}
	imsaka_addr_format(&from->remote, source, sizeof(source));
	if (this->stopping)
	{
		DBG2(DBG_APP, "OPTIONS probe from %s: 503, stopping", source);
		answer(this, req, from, false);
		return true;
	}
	up = this->control->is_up(this->control);
	if (up == this->charon_away)
	{	/* once per change, not per probe */
		DBG1(DBG_APP, "OPTIONS probes answered %s: charon's control socket "
			 "%s", up ? "200 again" : "503", up ? "answers" :
			 "does not answer");
		this->charon_away = !up;
	}
	DBG2(DBG_APP, "OPTIONS probe from %s: %d", source, up ? 200 : 503);
	answer(this, req, from, up);
	return true;
}

METHOD(pcscf_probe_t, from_ue, void,
	private_pcscf_probe_t *this, sip_msg_t *req, const sip_peer_t *from,
	const char *impi)
{
	DBG2(DBG_APP, "%s OPTIONS probe in its protection: %d", impi,
		 this->stopping ? 503 : 200);
	answer(this, req, from, !this->stopping);
}

METHOD(pcscf_probe_t, set_stopping, void,
	private_pcscf_probe_t *this)
{
	this->stopping = true;
}

METHOD(pcscf_probe_t, destroy, void,
	private_pcscf_probe_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_probe_t *pcscf_probe_create(const pcscf_config_t *config,
								  pcscf_forwarder_t *forwarder,
								  pcscf_control_client_t *control,
								  pcscf_counters_t *counters)
{
	private_pcscf_probe_t *this;

	INIT(this,
		.public = {
			.is_probe = _is_probe,
			.from_core = _from_core,
			.from_ue = _from_ue,
			.set_stopping = _set_stopping,
			.destroy = _destroy,
		},
		.config = config,
		.forwarder = forwarder,
		.control = control,
		.counters = counters,
	);
	return &this->public;
}

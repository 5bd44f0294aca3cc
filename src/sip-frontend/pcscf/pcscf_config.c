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

#include "pcscf_config.h"
#include "pcscf_policy.h"

#include <ctype.h>
#include <string.h>

#include <library.h>

#include <frontend_conf.h>
#include <sip_tls_aka_filter.h>

/** defaults of the policy options */
#define ALG_DEFAULT		"hmac-sha-1-96, hmac-md5-96"
#define EALG_DEFAULT	"aes-cbc, des-ede3-cbc, null"
#define MOD_DEFAULT		"UDP-enc-tun, trans"
#define SOCKET_DEFAULT	"/var/run/charon.imsaka"
#define STATUS_SOCKET_DEFAULT	"/var/run/imsaka-pcscf.ctl"
/** who may probe besides the S-CSCF when probe_from is not given */
#define PROBE_FROM_LOOPBACK	"127.0.0.0/8, ::1"

/*
 * Described in header
 */
void pcscf_config_defaults(pcscf_config_t *config)
{
	memset(config, 0, sizeof(*config));
	config->port_c = PCSCF_PORT_C_DEFAULT;
	config->port_s = PCSCF_PORT_S_DEFAULT;
	config->max_registrations = PCSCF_MAX_REGISTRATIONS_DEFAULT;
	config->auth_timeout = PCSCF_AUTH_TIMEOUT_DEFAULT;
	config->max_handshakes = PCSCF_MAX_HANDSHAKES_DEFAULT;
	config->retry_after = PCSCF_RETRY_AFTER_DEFAULT;
	config->handshake_backlog = PCSCF_HANDSHAKE_BACKLOG_DEFAULT;
	config->max_charon_queue = PCSCF_MAX_CHARON_QUEUE_DEFAULT;
	config->control_timeout = PCSCF_CONTROL_TIMEOUT_DEFAULT;
	config->scscf_timeout = PCSCF_SCSCF_TIMEOUT_DEFAULT;
	pcscf_networks_parse(PROBE_FROM_LOOPBACK, config->probe_from,
						 &config->probe_from_count);
	config->probe_from_scscf = true;
	snprintf(config->socket, sizeof(config->socket), "%s", SOCKET_DEFAULT);
	snprintf(config->status_socket, sizeof(config->status_socket), "%s",
			 STATUS_SOCKET_DEFAULT);
	pcscf_policy_build(ALG_DEFAULT, EALG_DEFAULT, MOD_DEFAULT,
					   &config->policy, NULL);
	config->tls_port = PCSCF_TLS_PORT_DEFAULT;
	pcscf_policy_tls_suites(PCSCF_POLICY_TLS_SUITES_DEFAULT,
							config->tls_suites, &config->tls_suite_count);
	pcscf_policy_tls_aka_suites(PCSCF_POLICY_TLS_AKA_SUITES_DEFAULT,
								config->tls_aka_suites,
								&config->tls_aka_suite_count);
}

/**
 * An address option without port that defaults to another address
 */
static bool addr_or(const char *key, const imsaka_addr_t *def,
					imsaka_addr_t *addr)
{
	if (!frontend_conf_str(key, NULL))
	{
		*addr = *def;
		addr->port = 0;
		return true;
	}
	if (!frontend_conf_addr(key, false, NULL, addr))
	{
		return false;
	}
	if (addr->port)
	{
		DBG1(DBG_CFG, "option %s: give an address without port", key);
		return false;
	}
	return true;
}

/**
 * Protected ports: port_c and port_c + 1 (re-registration) and port_s must
 * all differ
 */
static bool load_ports(pcscf_config_t *config, uint32_t port)
{
	uint32_t port_c, port_s;

	if (!frontend_conf_uint("port_c", 1, 65534, PCSCF_PORT_C_DEFAULT,
							&port_c) ||
		!frontend_conf_uint("port_s", 1, 65535, PCSCF_PORT_S_DEFAULT,
							&port_s))
	{
		return false;
	}
	if (port_s == port_c || port_s == port_c + 1)
	{
		DBG1(DBG_CFG, "option port_s: %u collides with port_c %u or port_c "
			 "+ 1, which re-registrations use", port_s, port_c);
		return false;
	}
	if (memeq(config->protected_address.ip, config->listen.ip,
			  sizeof(config->listen.ip)) &&
		(port == port_c || port == port_c + 1 || port == port_s))
	{
		DBG1(DBG_CFG, "option port: %u collides with port_c, port_c + 1 or "
			 "port_s on the same address", port);
		return false;
	}
	config->port_c = port_c;
	config->port_s = port_s;
	return true;
}

/**
 * tls-psk: the mechanisms offered, the TLS port and the suites
 */
static bool load_tls(pcscf_config_t *config, uint32_t port)
{
	uint32_t tls_port;

	if (!pcscf_policy_tls_suites(frontend_conf_str("tls_cs",
									PCSCF_POLICY_TLS_SUITES_DEFAULT),
								 config->tls_suites, &config->tls_suite_count))
	{
		DBG1(DBG_CFG, "option tls_cs: give 4 hex digit code points of "
			 "tls-psk suites (00a8, 00a9, 00ae, 00aa, 00ab, c037, 1301, 1303), "
			 "each once");
		return false;
	}
	if (!pcscf_policy_tls_aka_suites(frontend_conf_str("tls_aka_cs",
									PCSCF_POLICY_TLS_AKA_SUITES_DEFAULT),
							config->tls_aka_suites,
							&config->tls_aka_suite_count))
	{
		DBG1(DBG_CFG, "option tls_aka_cs: give tls-aka suites (1301, 1302, "
			 "1303), each once");
		return false;
	}
	if (!pcscf_policy_mechanisms(frontend_conf_str("mechanisms", "ipsec-3gpp"),
								 config->tls_suites, config->tls_suite_count,
								 config->tls_aka_suites,
								 config->tls_aka_suite_count,
								 &config->policy, &config->tls_psk,
								 &config->tls_aka))
	{
		DBG1(DBG_CFG, "option mechanisms: a list of ipsec-3gpp, tls-psk and "
			 "tls-aka, preferred first, each once");
		return false;
	}
	if (!frontend_conf_uint("tls_port", 1, 65535, PCSCF_TLS_PORT_DEFAULT,
							&tls_port))
	{
		return false;
	}
	if (config->tls_psk && tls_port == port)
	{
		DBG1(DBG_CFG, "option tls_port: %u is the unprotected port", tls_port);
		return false;
	}
	config->tls_port = tls_port;
	return true;
}

/**
 * Whether a host name is one a Request-URI may carry: labels of letters,
 * digits and hyphens separated by dots
 */
static bool valid_name(const char *name, size_t len)
{
	size_t i;

	if (!len || len > PCSCF_ALIAS_LEN || name[0] == '.' ||
		name[len - 1] == '.')
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' &&
			!(name[i] == '.' && name[i - 1] != '.'))
		{
			return false;
		}
	}
	return true;
}

/**
 * Options of the P-CSCF's answers to OPTIONS addressed to it: probe_from,
 * aliases, stop_delay
 */
static bool load_probe(pcscf_config_t *config)
{
	const char *text, *start;
	size_t len;

	text = frontend_conf_str("probe_from", NULL);
	if (text)
	{
		if (!pcscf_networks_parse(text, config->probe_from,
								  &config->probe_from_count))
		{
			DBG1(DBG_CFG, "option probe_from: give at most %d addresses or "
				 "prefixes (192.0.2.0/24, 2001:db8::/32), comma-separated, "
				 "without host bits beyond the prefix", PCSCF_NETWORKS_MAX);
			return false;
		}
		config->probe_from_scscf = false;
	}
	text = frontend_conf_str("aliases", "") ?: "";
	config->alias_count = 0;
	while (*text)
	{
		text += strspn(text, " \t");
		start = text;
		text += strcspn(text, ", \t");
		len = text - start;
		text += strspn(text, " \t");
		if (*text == ',')
		{
			text++;
		}
		else if (*text)
		{
			len = 0;
		}
		if (config->alias_count == PCSCF_ALIASES_MAX ||
			!valid_name(start, len))
		{
			DBG1(DBG_CFG, "option aliases: give at most %d host names, "
				 "comma-separated", PCSCF_ALIASES_MAX);
			return false;
		}
		snprintf(config->aliases[config->alias_count++], PCSCF_ALIAS_LEN + 1,
				 "%.*s", (int)len, start);
	}
	return frontend_conf_uint("stop_delay", 0, 3600, 0, &config->stop_delay);
}

/*
 * Described in header
 */
bool pcscf_config_load(pcscf_config_t *config)
{
	uint32_t port;
	const char *socket;
	sip_error_t err = {};
	bool ktls;	/* read once here for the tls-aka filters */

	pcscf_config_defaults(config);
	if (!frontend_conf_addr("listen", false, NULL, &config->listen) ||
		!frontend_conf_uint("port", 1, 65535, PCSCF_PORT_DEFAULT, &port))
	{
		return false;
	}
	if (config->listen.port)
	{
		DBG1(DBG_CFG, "option listen: give the address only, the port is "
			 "option port");
		return false;
	}
	config->listen.port = port;
	if (!addr_or("protected_address", &config->listen,
				 &config->protected_address) ||
		!addr_or("core", &config->listen, &config->core) ||
		!load_ports(config, port))
	{
		return false;
	}
	config->core.port = port;
	if (config->protected_address.family != config->listen.family ||
		config->core.family != config->listen.family)
	{
		DBG1(DBG_CFG, "options protected_address and core: use the family "
			 "of listen");
		return false;
	}
	if (!frontend_conf_addr("scscf", true, NULL, &config->scscf))
	{
		return false;
	}
	if (frontend_conf_str("public_address", NULL))
	{
		if (!frontend_conf_addr("public_address", false, NULL,
								&config->public_address))
		{
			return false;
		}
		if (!config->public_address.port)
		{
			config->public_address.port = port;
		}
	}
	if (!frontend_conf_bool("allow_unprotected", false,
							&config->allow_unprotected) ||
		!sip_tls_aka_filter_ktls_option(&ktls) ||
		!frontend_conf_uint("max_registrations", 1, 1000000,
							PCSCF_MAX_REGISTRATIONS_DEFAULT,
							&config->max_registrations) ||
		!frontend_conf_uint("auth_timeout", 1, 3600,
							PCSCF_AUTH_TIMEOUT_DEFAULT, &config->auth_timeout) ||
		!frontend_conf_uint("max_handshakes", 0, 1000000,
							PCSCF_MAX_HANDSHAKES_DEFAULT,
							&config->max_handshakes) ||
		!frontend_conf_uint("handshake_backlog", 0, 3600,
							PCSCF_HANDSHAKE_BACKLOG_DEFAULT,
							&config->handshake_backlog) ||
		!frontend_conf_uint("retry_after", 1, 3600,
							PCSCF_RETRY_AFTER_DEFAULT, &config->retry_after) ||
		!frontend_conf_uint("max_charon_queue", 0, 1000000,
							PCSCF_MAX_CHARON_QUEUE_DEFAULT,
							&config->max_charon_queue) ||
		!frontend_conf_uint("control_timeout", 1, 300,
							PCSCF_CONTROL_TIMEOUT_DEFAULT,
							&config->control_timeout) ||
		!frontend_conf_uint("scscf_timeout", 1, 3600,
							PCSCF_SCSCF_TIMEOUT_DEFAULT,
							&config->scscf_timeout))
	{
		return false;
	}
	if (!pcscf_policy_build(frontend_conf_str("alg", ALG_DEFAULT),
							frontend_conf_str("ealg", EALG_DEFAULT),
							frontend_conf_str("mod", MOD_DEFAULT),
							&config->policy, &err))
	{
		DBG1(DBG_CFG, "option %s: unknown, repeated or unusable value",
			 err.reason);
		return false;
	}
	if (!load_tls(config, port) || !load_probe(config))
	{
		return false;
	}
	socket = frontend_conf_str("socket", SOCKET_DEFAULT);
	if (strlen(socket) >= sizeof(config->socket))
	{
		DBG1(DBG_CFG, "option socket: path longer than %zu bytes",
			 sizeof(config->socket) - 1);
		return false;
	}
	snprintf(config->socket, sizeof(config->socket), "%s", socket);
	socket = frontend_conf_str("status_socket", STATUS_SOCKET_DEFAULT) ?: "";
	if (strlen(socket) >= sizeof(config->status_socket))
	{
		DBG1(DBG_CFG, "option status_socket: path longer than %zu bytes",
			 sizeof(config->status_socket) - 1);
		return false;
	}
	snprintf(config->status_socket, sizeof(config->status_socket), "%s",
			 socket);
	return true;
}

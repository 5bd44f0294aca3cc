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

/*
 * Reading imsaka-ue's options through frontend_conf, once, each with its
 * default; the checks are in ue_config.c.
 */

#include "ue_config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <control_client.h>
#include <frontend_conf.h>
#include <sip_tls_aka_filter.h>
#include <library.h>
#include <utils/debug.h>

/**
 * Copy a string option into a buffer, refusing it if too long or unusable
 */
static bool read_string(const char *key, const char *def, char *buf,
						size_t size, bool identity)
{
	const char *value = frontend_conf_str(key, def);

	if (!value || !*value)
	{
		DBG1(DBG_CFG, "option %s is required", key);
		return false;
	}
	if (strlen(value) >= size || (identity && !ue_config_identity_ok(value)))
	{
		DBG1(DBG_CFG, "option %s: '%s' is too long or holds a space, quote, "
			 "backslash, comma or angle bracket", key, value);
		return false;
	}
	snprintf(buf, size, "%s", value);
	return true;
}

/**
 * The address the kernel would send to the P-CSCF from, as a default for
 * local_address
 */
static bool route_source(const imsaka_addr_t *pcscf, char *buf, size_t size)
{
	struct sockaddr_storage ss = {};
	socklen_t sslen = sizeof(ss);
	imsaka_addr_t addr = {};
	int fd, ok = -1;

	if (pcscf->family == 4)
	{
		struct sockaddr_in *sin = (struct sockaddr_in*)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(pcscf->port);
		memcpy(&sin->sin_addr, pcscf->ip, 4);
		sslen = sizeof(*sin);
	}
	else
	{
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6*)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(pcscf->port);
		memcpy(&sin6->sin6_addr, pcscf->ip, 16);
		sslen = sizeof(*sin6);
	}
	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd >= 0)
	{
		/* connecting a UDP socket sends nothing, it only picks the route */
		ok = connect(fd, (struct sockaddr*)&ss, sslen);
		sslen = sizeof(ss);
		if (ok == 0)
		{
			ok = getsockname(fd, (struct sockaddr*)&ss, &sslen);
		}
		close(fd);
	}
	if (ok != 0)
	{
		return false;
	}
	addr.family = pcscf->family;
	memcpy(addr.ip, ss.ss_family == AF_INET
		   ? (void*)&((struct sockaddr_in*)&ss)->sin_addr
		   : (void*)&((struct sockaddr_in6*)&ss)->sin6_addr,
		   imsaka_addr_len(&addr));
	return imsaka_addr_format(&addr, buf, size) > 0;
}

/**
 * An address option without port whose default is another address
 */
static bool read_host(const char *key, const imsaka_addr_t *def,
					  imsaka_addr_t *addr)
{
	char text[IMSAKA_ADDR_STRLEN];
	imsaka_addr_t host = *def;

	host.port = 0;
	if (!imsaka_addr_format(&host, text, sizeof(text)) ||
		!frontend_conf_addr(key, false, text, addr))
	{
		return false;
	}
	if (addr->port)
	{
		DBG1(DBG_CFG, "option %s takes an address without port", key);
		return false;
	}
	return true;
}

/**
 * Read a list option into a list of the offer
 */
static bool read_list(const char *key, const char *def, ue_offer_t *offer,
					  ue_offer_list_t list)
{
	sip_error_t err = {};

	if (!ue_config_parse_list(offer, list, frontend_conf_str(key, def), &err))
	{
		DBG1(DBG_CFG, "option %s: '%s' is unknown, repeated or one too many",
			 key, err.reason);
		return false;
	}
	return true;
}

/*
 * Described in header
 */
bool ue_config_load(ue_config_t *config)
{
	char def[UE_CONFIG_MAX_ID + 8], local[IMSAKA_ADDR_STRLEN];
	sip_error_t err = {};
	const char *value, *at;
	uint32_t port, port_c, port_s;
	bool ktls;	/* read once here for the tls-aka filters */

	ue_config_defaults(config);
	if (!read_string("impi", NULL, config->impi, sizeof(config->impi), true))
	{
		return false;
	}
	snprintf(def, sizeof(def), "sip:%s", config->impi);
	at = strchr(config->impi, '@');
	if (!read_string("impu", def, config->impu, sizeof(config->impu), true) ||
		!read_string("realm", at ? at + 1 : NULL, config->realm,
					 sizeof(config->realm), true))
	{
		return false;
	}
	if (strncasecmp(config->impu, "sip:", 4) != 0 &&
		strncasecmp(config->impu, "tel:", 4) != 0)
	{
		DBG1(DBG_CFG, "option impu: '%s' is not a sip: or tel: URI",
			 config->impu);
		return false;
	}
	if (!ue_config_parse_units(config, frontend_conf_str("pcscf", NULL),
							   frontend_conf_str("pcscf_protected_address",
												 NULL), &err))
	{
		DBG1(DBG_CFG, "%s", err.reason);
		return false;
	}
	value = frontend_conf_str("local_address", NULL);
	if (!value && !route_source(&config->pcscf, local, sizeof(local)))
	{
		DBG1(DBG_CFG, "option local_address: not set and no route to the "
			 "P-CSCF to take it from");
		return false;
	}
	if (!frontend_conf_addr("local_address", false, value ?: local,
							&config->local))
	{
		return false;
	}
	if (config->local.port)
	{
		DBG1(DBG_CFG, "option local_address takes an address without port "
			 "(see option port)");
		return false;
	}
	if (!read_host("protected_address", &config->local, &config->protected) ||
		!frontend_conf_uint("port", 1, 65535, 5060, &port) ||
		!frontend_conf_uint("port_c", 1, 65534, 5064, &port_c) ||
		!frontend_conf_uint("port_s", 1, 65535, 5066, &port_s))
	{
		return false;
	}
	config->local.port = port;
	config->port_c = port_c;
	config->port_s = port_s;

	value = frontend_conf_str("profile", "imsaka");
	if (streq(value, "phone"))
	{	/* what phones offer (../shared/PHONES.md, docs/UE.md) */
		config->offer.phone = true;
	}
	else if (!streq(value, "imsaka"))
	{
		DBG1(DBG_CFG, "option profile: '%s' is neither imsaka nor phone",
			 value);
		return false;
	}
	if (!read_list("alg", config->offer.phone ? "hmac-md5-96, hmac-sha-1-96"
				   : "hmac-sha-1-96, hmac-md5-96", &config->offer,
				   UE_OFFER_ALG) ||
		!read_list("ealg", config->offer.phone
				   ? "des-ede3-cbc, aes-cbc, null" : "aes-cbc", &config->offer,
				   UE_OFFER_EALG) ||
		!read_list("mod", config->offer.phone ? "trans" : "UDP-enc-tun, trans",
				   &config->offer, UE_OFFER_MOD))
	{
		return false;
	}
	value = frontend_conf_str("mechanisms", "ipsec-3gpp");
	if (!ue_config_parse_mechanisms(&config->offer, value, &err))
	{
		DBG1(DBG_CFG, "option mechanisms: %s", err.reason);
		return false;
	}
	if (config->offer.phone && (config->offer.tls || config->offer.tls_aka))
	{
		DBG1(DBG_CFG, "option mechanisms: profile phone offers ipsec-3gpp "
			 "only, as phones do");
		return false;
	}
	if (!read_list("tls_cs", "00a8, 1301", &config->offer,
				   UE_OFFER_TLS_CS) ||
		!read_list("tls_aka_cs", "1301, 1302, 1303", &config->offer,
				   UE_OFFER_TLS_AKA_CS) ||
		!frontend_conf_uint("tls_port", 1, 65535, UE_CONFIG_TLS_PORT, &port))
	{
		return false;
	}
	config->tls_port = port;
	value = frontend_conf_str("akav", "AKAv1-MD5");
	if (!ue_config_parse_akav(value, &config->akav))
	{
		DBG1(DBG_CFG, "option akav: '%s' is not a list of AKAv1-MD5 and "
			 "AKAv2-MD5", value);
		return false;
	}
	if (!frontend_conf_uint("expires", 1, 604800, 600, &config->expires) ||
		!frontend_conf_uint("reregister_margin", 0, 604799, 60,
							&config->reregister_margin) ||
		!frontend_conf_bool("keepalive", true, &config->keepalive) ||
		!sip_tls_aka_filter_ktls_option(&ktls) ||
		!frontend_conf_uint("t1", 1, 60000, 500, &config->t1) ||
		!frontend_conf_uint("t2", 1, 600000, 4000, &config->t2) ||
		!frontend_conf_uint("dereg_timeout", 1, 3600, 4,
							&config->dereg_timeout) ||
		!frontend_conf_uint("retry_interval", 1, 86400, 30,
							&config->retry_interval) ||
		!frontend_conf_uint("probe_interval", 0, 86400, 0,
							&config->probe_interval) ||
		!frontend_conf_uint("backoff_base", 1, 86400, 30,
							&config->backoff_base) ||
		!frontend_conf_uint("backoff_max", 1, 86400, 1800,
							&config->backoff_max))
	{
		return false;
	}
	value = frontend_conf_str("proxy", NULL);
	if (value && !frontend_conf_addr("proxy", true, NULL, &config->proxy))
	{
		return false;
	}
	value = frontend_conf_str("socket", CONTROL_SOCKET_DEFAULT);
	if (strncmp(value, "unix://", 7) == 0)
	{
		value += 7;
	}
	if (!*value || strlen(value) >= sizeof(config->socket))
	{
		DBG1(DBG_CFG, "option socket: '%s' is empty or too long", value);
		return false;
	}
	snprintf(config->socket, sizeof(config->socket), "%s", value);
	value = frontend_conf_str("state_file", "");
	if (strlen(value) >= sizeof(config->state_file) - 8)
	{
		DBG1(DBG_CFG, "option state_file: path too long");
		return false;
	}
	snprintf(config->state_file, sizeof(config->state_file), "%s", value);

	if (!ue_config_check(config, &err))
	{
		DBG1(DBG_CFG, "%s", err.reason);
		return false;
	}
	return true;
}

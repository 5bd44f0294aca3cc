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

#include "scscf_config.h"

#include <frontend_conf.h>
#include <library.h>
#include <sqn.h>

/** default port */
#define DEFAULT_PORT 5060

/*
 * Described in header
 */
void scscf_config_defaults(scscf_config_t *config)
{
	*config = (scscf_config_t){
		.listen_count = 1,
		.udp = TRUE,
		.tcp = TRUE,
		.algorithm = IMSAKA_DIGEST_AKAV1_MD5,
		.min_expires = 60,
		.max_expires = 3600,
		.default_expires = 3600,
		.challenge_lifetime = 240,
		.max_pending = 1024,
		.store = SCSCF_STORE_FILE,
		.ind = SCSCF_IND_ROUND_ROBIN,
	};
	imsaka_addr_parse("127.0.0.1", 9, FALSE, &config->listen[0]);
	config->listen[0].port = DEFAULT_PORT;
	snprintf(config->realm, sizeof(config->realm), "ims.example.net");
}

/**
 * Copy a string option, refusing one too long
 */
static bool get_text(const char *key, const char *def, char *buf, size_t size)
{
	const char *value = frontend_conf_str(key, def);

	if (!value)
	{
		*buf = '\0';
		return TRUE;
	}
	if (strlen(value) >= size)
	{
		DBG0(DBG_CFG, "option imsaka-scscf.%s is longer than %zu characters",
			 key, size - 1);
		return FALSE;
	}
	snprintf(buf, size, "%s", value);
	return TRUE;
}

/*
 * Described in header
 */
const char *scscf_config_list_next(const char **pos, size_t *len)
{
	const char *item, *end, *next;

	while (*pos)
	{
		item = *pos;
		next = strchr(item, ',');
		end = next ?: item + strlen(item);
		*pos = next ? next + 1 : NULL;
		while (item < end && (*item == ' ' || *item == '\t'))
		{
			item++;
		}
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
		{
			end--;
		}
		if (end > item)
		{
			*len = end - item;
			return item;
		}
	}
	return NULL;
}

/**
 * Parse the comma-separated listen addresses
 */
static bool get_listen(scscf_config_t *config, uint32_t port)
{
	const char *value, *list, *pos;
	imsaka_addr_t *addr;
	size_t len;

	value = frontend_conf_str("listen", "127.0.0.1");
	config->listen_count = 0;
	list = value;
	while ((pos = scscf_config_list_next(&list, &len)))
	{
		if (config->listen_count == SCSCF_MAX_LISTEN)
		{
			DBG0(DBG_CFG, "option imsaka-scscf.listen: more than %d addresses",
				 SCSCF_MAX_LISTEN);
			return FALSE;
		}
		addr = &config->listen[config->listen_count];
		if (imsaka_addr_parse(pos, len, FALSE, addr) != IMSAKA_SECAGREE_OK ||
			addr->port)
		{
			DBG0(DBG_CFG, "option imsaka-scscf.listen = '%s': '%.*s' is not "
				 "an IP address (the port is option port)", value,
				 (int)len, pos);
			return FALSE;
		}
		addr->port = port;
		config->listen_count++;
	}
	if (!config->listen_count)
	{
		DBG0(DBG_CFG, "option imsaka-scscf.listen names no address");
		return FALSE;
	}
	return TRUE;
}

/**
 * Store, database and IND: a fleet sharing PostgreSQL needs one IND per
 * instance, so with that store the IND is required
 */
static bool get_store(scscf_config_t *config)
{
	const char *store;
	uint32_t ind;

	store = frontend_conf_str("store", "file");
	if (streq(store, "file"))
	{
		config->store = SCSCF_STORE_FILE;
	}
	else if (streq(store, "postgresql"))
	{
		config->store = SCSCF_STORE_POSTGRESQL;
	}
	else
	{
		DBG0(DBG_CFG, "option imsaka-scscf.store = '%s' is not file or "
			 "postgresql", store);
		return FALSE;
	}
	if (frontend_conf_str("ind", NULL))
	{
		if (!frontend_conf_uint("ind", 0, (1u << IMSAKA_SQN_IND_BITS) - 1, 0,
								&ind))
		{
			return FALSE;
		}
		config->ind = ind;
	}
	if (!get_text("database", NULL, config->database,
				  sizeof(config->database)))
	{
		return FALSE;
	}
	if (config->store == SCSCF_STORE_POSTGRESQL)
	{
		if (!*config->database)
		{
			DBG0(DBG_CFG, "option imsaka-scscf.database missing (a libpq "
				 "connection string, required with store = postgresql)");
			return FALSE;
		}
		if (config->ind == SCSCF_IND_ROUND_ROBIN)
		{
			DBG0(DBG_CFG, "option imsaka-scscf.ind missing (0..%u, one per "
				 "instance, required with store = postgresql)",
				 (1u << IMSAKA_SQN_IND_BITS) - 1);
			return FALSE;
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
bool scscf_config_load(scscf_config_t *config)
{
	const char *algorithm;
	uint32_t port;

	scscf_config_defaults(config);
	if (!frontend_conf_uint("port", 1, 65535, DEFAULT_PORT, &port) ||
		!get_listen(config, port) ||
		!frontend_conf_bool("udp", TRUE, &config->udp) ||
		!frontend_conf_bool("tcp", TRUE, &config->tcp) ||
		!get_text("realm", "ims.example.net", config->realm,
				  sizeof(config->realm)) ||
		!get_text("subscribers", NULL, config->subscribers,
				  sizeof(config->subscribers)) ||
		!get_text("sqn_state", NULL, config->sqn_state,
				  sizeof(config->sqn_state)) ||
		!get_text("service_route", NULL, config->service_route,
				  sizeof(config->service_route)) ||
		!frontend_conf_uint("min_expires", 1, 86400 * 7, 60,
							&config->min_expires) ||
		!frontend_conf_uint("max_expires", 1, 86400 * 7, 3600,
							&config->max_expires) ||
		!frontend_conf_uint("default_expires", 1, 86400 * 7, 3600,
							&config->default_expires) ||
		!frontend_conf_uint("challenge_lifetime", 1, 3600, 240,
							&config->challenge_lifetime) ||
		!frontend_conf_uint("max_pending", 1, 100000, 1024,
							&config->max_pending) ||
		!get_store(config))
	{
		return FALSE;
	}
	if (!config->udp && !config->tcp)
	{
		DBG0(DBG_CFG, "options imsaka-scscf.udp and tcp are both no");
		return FALSE;
	}
	if (!*config->realm || strpbrk(config->realm, "\"\\"))
	{
		DBG0(DBG_CFG, "option imsaka-scscf.realm is empty or holds '\"' "
			 "or '\\'");
		return FALSE;
	}
	if (!*config->subscribers && config->store == SCSCF_STORE_FILE)
	{
		DBG0(DBG_CFG, "option imsaka-scscf.subscribers missing (the "
			 "subscribers file)");
		return FALSE;
	}
	if (strpbrk(config->service_route, "\r\n"))
	{
		DBG0(DBG_CFG, "option imsaka-scscf.service_route holds a line end");
		return FALSE;
	}
	algorithm = frontend_conf_str("algorithm", "AKAv1-MD5");
	if (!imsaka_digest_aka_algorithm_from_name(algorithm, &config->algorithm))
	{
		DBG0(DBG_CFG, "option imsaka-scscf.algorithm = '%s' is not AKAv1-MD5 "
			 "or AKAv2-MD5", algorithm);
		return FALSE;
	}
	if (config->min_expires > config->max_expires ||
		config->default_expires < config->min_expires ||
		config->default_expires > config->max_expires)
	{
		DBG0(DBG_CFG, "options imsaka-scscf.min_expires (%u), "
			 "default_expires (%u), max_expires (%u) are not in order",
			 config->min_expires, config->default_expires,
			 config->max_expires);
		return FALSE;
	}
	return TRUE;
}

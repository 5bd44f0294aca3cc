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

#include "control_caps.h"
#include "control_client.h"

#include <string.h>
#include <strings.h>

/** longest mod= or pairs= value read */
#define CAPS_VALUE_MAX 1024

/**
 * A mode by its name, ignoring case
 */
static bool mod_from_name(const char *name, imsaka_secagree_mod_t *mod)
{
	imsaka_secagree_mod_t m;

	for (m = 0; m < IMSAKA_SECAGREE_MOD_COUNT; m++)
	{
		if (strcasecmp(imsaka_secagree_mod_name(m), name) == 0)
		{
			*mod = m;
			return true;
		}
	}
	return false;
}

/**
 * Take one pair "alg/ealg" (changed in place), unknown names skipped
 */
static void add_pair(control_caps_t *caps, char *pair)
{
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	char *slash = strchr(pair, '/');

	if (!slash)
	{
		return;
	}
	*slash = '\0';
	if (imsaka_esp_alg_from_name(pair, &alg) &&
		imsaka_esp_ealg_from_name(slash + 1, &ealg))
	{
		caps->pairs[alg] |= 1 << ealg;
	}
}

/*
 * Described in header
 */
bool control_caps_parse(const char *reply, control_caps_t *caps)
{
	char mods[CAPS_VALUE_MAX], pairs[CAPS_VALUE_MAX], *item, *save = NULL;
	imsaka_secagree_mod_t mod;

	memset(caps, 0, sizeof(*caps));
	if (strncmp(reply, "OK ", 3) != 0 ||
		!control_reply_get(reply, "backend", caps->backend,
						   sizeof(caps->backend)) ||
		!control_reply_get(reply, "mod", mods, sizeof(mods)) ||
		!control_reply_get(reply, "pairs", pairs, sizeof(pairs)))
	{
		memset(caps, 0, sizeof(*caps));
		return false;
	}
	for (item = strtok_r(mods, ",", &save); item;
		 item = strtok_r(NULL, ",", &save))
	{
		if (mod_from_name(item, &mod))
		{
			caps->mods |= 1 << mod;
		}
	}
	save = NULL;
	for (item = strtok_r(pairs, ",", &save); item;
		 item = strtok_r(NULL, ",", &save))
	{
		add_pair(caps, item);
	}
	return true;
}

/*
 * Described in header
 */
bool control_caps_can(const control_caps_t *caps, imsaka_secagree_mod_t mod,
					  imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg)
{
	return mod < IMSAKA_SECAGREE_MOD_COUNT && alg < IMSAKA_ESP_ALG_COUNT &&
		   ealg < IMSAKA_ESP_EALG_COUNT && (caps->mods & (1 << mod)) &&
		   (caps->pairs[alg] & (1 << ealg));
}

/*
 * Described in header
 */
bool control_caps_cache_stale(const control_caps_cache_t *cache,
							  u_int connects)
{
	return cache->asked != connects;
}

/*
 * Described in header
 */
bool control_caps_cache_update(control_caps_cache_t *cache, u_int connects,
							   const char *reply)
{
	cache->known = reply && control_caps_parse(reply, &cache->caps);
	cache->asked = connects;
	return cache->known;
}

/*
 * Described in header
 */
bool control_caps_cache_get(const control_caps_cache_t *cache,
							control_caps_t *caps)
{
	*caps = cache->caps;
	return cache->known;
}

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

#include "imsaka_control_handlers.h"
#include "imsaka_backend.h"

#include <daemon.h>

#include <key_expansion.h>
#include <secagree.h>

/** what a caps reply holds at most: 3 modes, 16 pairs of names */
#define CAPS_LIST_MAX 512

/**
 * Append ",text" (or "text" to an empty buffer), FALSE if it does not fit
 */
static bool append(char *buf, size_t len, const char *a, const char *b)
{
	size_t used = strlen(buf);
	int n;

	n = snprintf(buf + used, len - used, "%s%s%s%s", used ? "," : "", a,
				 b ? "/" : "", b ?: "");
	return n >= 0 && (size_t)n < len - used;
}

/*
 * Described in header
 */
bool imsaka_control_cmd_caps(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply)
{
	char mods[CAPS_LIST_MAX] = "", pairs[CAPS_LIST_MAX] = "";
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	imsaka_secagree_mod_t mod;

	for (mod = 0; mod < IMSAKA_SECAGREE_MOD_COUNT; mod++)
	{
		if (imsaka_backend_mode_supported(mod) &&
			!append(mods, sizeof(mods), imsaka_secagree_mod_name(mod), NULL))
		{
			break;
		}
	}
	for (alg = 0; alg < IMSAKA_ESP_ALG_COUNT; alg++)
	{
		for (ealg = 0; ealg < IMSAKA_ESP_EALG_COUNT; ealg++)
		{
			if (imsaka_backend_algs_supported(alg, ealg) &&
				!append(pairs, sizeof(pairs), imsaka_esp_alg_name(alg),
						imsaka_esp_ealg_name(ealg)))
			{
				break;
			}
		}
	}
	imsaka_control_reply_add(reply, "OK backend=%s mod=%s pairs=%s",
							 imsaka_backend_name(), mods[0] ? mods : "none",
							 pairs[0] ? pairs : "none");
	return TRUE;
}

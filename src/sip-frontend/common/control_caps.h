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

/**
 * @defgroup control_caps control_caps
 * @{ @ingroup sip_frontend
 * What charon's kernel backend can install, from the plugin's caps reply
 * (docs/CONTROL.md): modes and alg/ealg pairs.
 */

#ifndef CONTROL_CAPS_H_
#define CONTROL_CAPS_H_

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <key_expansion.h>
#include <secagree.h>

typedef struct control_caps_t control_caps_t;
typedef struct control_caps_cache_t control_caps_cache_t;

/**
 * Modes and algorithm pairs a kernel backend can install.
 */
struct control_caps_t {

	/** backend name, e.g. "kernel-netlink", "kernel-libipsec" */
	char backend[32];

	/** one bit per imsaka_secagree_mod_t */
	uint8_t mods;

	/** per imsaka_esp_alg_t, one bit per imsaka_esp_ealg_t */
	uint8_t pairs[IMSAKA_ESP_ALG_COUNT];
};

/**
 * Parse a caps reply ("OK backend=.. mod=a,b pairs=alg/ealg,.."). Names
 * this version does not know are skipped, so a newer plugin still works.
 *
 * @param reply		reply line
 * @param caps		receives what it lists
 * @return			FALSE if not an OK reply with backend, mod and pairs
 */
bool control_caps_parse(const char *reply, control_caps_t *caps);

/**
 * Whether an SA set of a mode and algorithm pair can be installed.
 *
 * @param caps		parsed capabilities
 * @param mod		mode
 * @param alg		integrity algorithm
 * @param ealg		encryption algorithm
 * @return			TRUE if the backend can install it
 */
bool control_caps_can(const control_caps_t *caps, imsaka_secagree_mod_t mod,
					  imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg);

/**
 * Caps as a frontend keeps them: asked once per connection to charon, as a
 * restarted charon may have another backend.
 */
struct control_caps_cache_t {

	/** connection count caps was last asked on, UINT_MAX before */
	u_int asked;

	/** whether caps holds charon's answer */
	bool known;

	/** the last answer understood */
	control_caps_t caps;
};

/** a cache that has never asked */
#define CONTROL_CAPS_CACHE_INIT { .asked = UINT_MAX }

/**
 * Whether caps must be asked: never asked, or asked on another connection.
 *
 * @param cache		cache
 * @param connects	connections made to charon so far
 * @return			TRUE if a caps request is due
 */
bool control_caps_cache_stale(const control_caps_cache_t *cache,
							  u_int connects);

/**
 * Keep the answer to a caps request.
 *
 * @param cache		cache
 * @param connects	connections made so far, counting one the request made
 * @param reply		the OK reply, NULL if charon did not answer OK
 * @return			TRUE if the reply was understood
 */
bool control_caps_cache_update(control_caps_cache_t *cache, u_int connects,
							   const char *reply);

/**
 * The last answer kept.
 *
 * @param cache		cache
 * @param caps		receives the capabilities
 * @return			FALSE if charon's caps are unknown
 */
bool control_caps_cache_get(const control_caps_cache_t *cache,
							control_caps_t *caps);

#endif /** CONTROL_CAPS_H_ @}*/

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
 * @defgroup scscf_config scscf_config
 * @{ @ingroup scscf
 * Options of imsaka-scscf (section imsaka-scscf of its configuration file),
 * read and checked once at start.
 */

#ifndef SCSCF_CONFIG_H_
#define SCSCF_CONFIG_H_

#include <digest_aka.h>
#include <secagree_addr.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** most listen addresses */
#define SCSCF_MAX_LISTEN 4

/** longest realm, Service-Route or file name */
#define SCSCF_MAX_TEXT 256

/** longest database connection string */
#define SCSCF_MAX_CONNINFO 1024

/** IND option unset: round-robin IND (file store only) */
#define SCSCF_IND_ROUND_ROBIN -1

typedef struct scscf_config_t scscf_config_t;
typedef enum scscf_store_kind_t scscf_store_kind_t;

/**
 * Where subscribers, SQN floors and bindings live.
 */
enum scscf_store_kind_t {
	/** subscribers file, everything else in memory (one instance) */
	SCSCF_STORE_FILE,
	/** PostgreSQL shared by a fleet of instances */
	SCSCF_STORE_POSTGRESQL,
};

/**
 * The registrar's settings.
 */
struct scscf_config_t {
	/** addresses to listen on, with the port */
	imsaka_addr_t listen[SCSCF_MAX_LISTEN];
	/** number of listen addresses */
	int listen_count;
	/** listen on UDP */
	bool udp;
	/** listen on TCP */
	bool tcp;
	/** Digest realm */
	char realm[SCSCF_MAX_TEXT];
	/** subscribers file */
	char subscribers[SCSCF_MAX_TEXT];
	/** SQN state file, empty for none */
	char sqn_state[SCSCF_MAX_TEXT];
	/** Service-Route value for the 200 OK, empty for none */
	char service_route[SCSCF_MAX_TEXT];
	/** AKAv1-MD5 or AKAv2-MD5 */
	imsaka_digest_aka_version_t algorithm;
	/** smallest registration time accepted (s), shorter ones get 423 */
	uint32_t min_expires;
	/** longest registration time granted (s) */
	uint32_t max_expires;
	/** registration time when the REGISTER gives none (s) */
	uint32_t default_expires;
	/** how long a challenge may be answered (s) */
	uint32_t challenge_lifetime;
	/** most pending challenges kept */
	uint32_t max_pending;
	/** where subscribers, SQN floors and bindings live */
	scscf_store_kind_t store;
	/** libpq connection string (store postgresql); may hold a password:
	 * never logged */
	char database[SCSCF_MAX_CONNINFO];
	/** IND of every SQN of this instance, SCSCF_IND_ROUND_ROBIN if unset */
	int ind;
};

/**
 * Read the options (frontend_conf_init() must have run); bad values are
 * logged naming the option.
 *
 * @param config	receives the settings
 * @return			FALSE if an option is bad
 */
bool scscf_config_load(scscf_config_t *config);

/**
 * The next item of a comma-separated value, blanks around it trimmed;
 * empty items are skipped.
 *
 * @param pos		the rest of the list, moved past the item (NULL at
 *					its end)
 * @param len		receives the length of the item
 * @return			the item (not terminated), NULL at the end of the list
 */
const char *scscf_config_list_next(const char **pos, size_t *len);

/**
 * Settings with the defaults, for tests: 127.0.0.1:5060, realm
 * ims.example.net, AKAv1-MD5, no files.
 *
 * @param config	receives the settings
 */
void scscf_config_defaults(scscf_config_t *config);

#endif /** SCSCF_CONFIG_H_ @}*/

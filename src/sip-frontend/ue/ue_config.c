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
 * The checks of imsaka-ue's options that need no settings backend; the
 * reading itself is in ue_config_load.c.
 */

#include "ue_config.h"
#include "ue_tls_psk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <control_client.h>

/*
 * Described in header
 */
void ue_config_defaults(ue_config_t *config)
{
	memset(config, 0, sizeof(*config));
	config->port_c = 5064;
	config->port_s = 5066;
	config->local.port = 5060;
	config->offer.alg[0] = IMSAKA_ESP_ALG_HMAC_SHA1_96;
	config->offer.alg[1] = IMSAKA_ESP_ALG_HMAC_MD5_96;
	config->offer.alg_count = 2;
	config->offer.ealg[0] = IMSAKA_ESP_EALG_AES_CBC;
	config->offer.ealg_count = 1;
	config->offer.mod[0] = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN;
	config->offer.mod[1] = IMSAKA_SECAGREE_MOD_TRANS;
	config->offer.mod_count = 2;
	config->offer.ipsec = true;
	config->offer.tls_suites[0] = 0x00a8;
	config->offer.tls_suites[1] = 0x1301;
	config->offer.tls_suite_count = 2;
	config->offer.tls_aka_suites[0] = 0x1301;
	config->offer.tls_aka_suites[1] = 0x1302;
	config->offer.tls_aka_suites[2] = 0x1303;
	config->offer.tls_aka_suite_count = 3;
	config->tls_port = UE_CONFIG_TLS_PORT;
	config->expires = 600;
	config->reregister_margin = 60;
	config->akav = UE_AKAV1;
	config->keepalive = true;
	snprintf(config->socket, sizeof(config->socket), "%s",
			 CONTROL_SOCKET_DEFAULT);
	config->t1 = 500;
	config->t2 = 4000;
	config->dereg_timeout = 4;
	config->retry_interval = 30;
	config->backoff_base = 30;
	config->backoff_max = 1800;
}

/**
 * Call back for each word of a comma or space separated list; stops and
 * copies the word into the reason of err when cb refuses it.
 */
static bool each_word(const char *text, bool (*cb)(void *data,
					  const char *word), void *data, sip_error_t *err)
{
	char word[64];
	size_t len;
	int words = 0;

	while (*text)
	{
		text += strspn(text, " \t,");
		len = strcspn(text, " \t,");
		if (!len)
		{
			break;
		}
		if (len >= sizeof(word))
		{
			return sip_error_setf(err, 0, "%.*s...", 16, text);
		}
		memcpy(word, text, len);
		word[len] = '\0';
		if (!cb(data, word))
		{
			return sip_error_set(err, 0, word);
		}
		words++;
		text += len;
	}
	if (!words)
	{
		return sip_error_set(err, 0, "(empty list)");
	}
	return true;
}

/** a list of an offer being parsed */
typedef struct {
	/** read a word into a value of the list, FALSE if it is none */
	bool (*read)(const char *word, void *value);
	/** values, their number, the size of one and how many fit */
	void *values;
	unsigned int *count;
	size_t size;
	unsigned int max;
} offer_list_t;

/** add the value of a word to a list, each value once */
static bool add_value(void *data, const char *word)
{
	offer_list_t *list = data;
	char *values = list->values;
	uint64_t value;	/* room for a value of any list */
	unsigned int i;

	if (*list->count == list->max || !list->read(word, &value))
	{
		return false;
	}
	for (i = 0; i < *list->count; i++)
	{
		if (memcmp(values + i * list->size, &value, list->size) == 0)
		{
			return false;
		}
	}
	memcpy(values + *list->count * list->size, &value, list->size);
	(*list->count)++;
	return true;
}

/** an integrity algorithm by name */
static bool read_alg(const char *word, void *value)
{
	return imsaka_esp_alg_from_name(word, value);
}

/** an encryption algorithm by name */
static bool read_ealg(const char *word, void *value)
{
	return imsaka_esp_ealg_from_name(word, value);
}

/** a mode by name */
static bool read_mod(const char *word, void *value)
{
	imsaka_secagree_mod_t *mod = value;

	for (*mod = 0; *mod < IMSAKA_SECAGREE_MOD_COUNT; (*mod)++)
	{
		if (strcasecmp(word, imsaka_secagree_mod_name(*mod)) == 0)
		{
			return true;
		}
	}
	return false;
}

/** a cipher suite code point: exactly 4 hex digits */
static bool read_suite(const char *word, uint16_t *suite)
{
	if (strlen(word) != 4 || strspn(word, "0123456789abcdefABCDEF") != 4)
	{
		return false;
	}
	*suite = strtoul(word, NULL, 16);
	return true;
}

/** a tls-psk cipher suite usable with TLS 1.2 or 1.3 */
static bool read_tls_suite(const char *word, void *value)
{
	uint16_t *suite = value;

	return read_suite(word, suite) &&
		   ue_tls_psk_suite_usable(*suite, UE_TLS_V12 | UE_TLS_V13);
}

/** a tls-aka cipher suite: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384
 * or TLS_CHACHA20_POLY1305_SHA256 */
static bool read_tls_aka_suite(const char *word, void *value)
{
	uint16_t *suite = value;

	return read_suite(word, suite) && *suite >= 0x1301 && *suite <= 0x1303;
}

/*
 * Described in header
 */
bool ue_config_parse_list(ue_offer_t *offer, ue_offer_list_t list,
						  const char *text, sip_error_t *err)
{
	offer_list_t lists[] = {
		[UE_OFFER_ALG] = { read_alg, offer->alg, &offer->alg_count,
						   sizeof(offer->alg[0]), UE_CONFIG_MAX_LIST },
		[UE_OFFER_EALG] = { read_ealg, offer->ealg, &offer->ealg_count,
							sizeof(offer->ealg[0]), UE_CONFIG_MAX_LIST },
		[UE_OFFER_MOD] = { read_mod, offer->mod, &offer->mod_count,
						   sizeof(offer->mod[0]), UE_CONFIG_MAX_LIST },
		[UE_OFFER_TLS_CS] = { read_tls_suite, offer->tls_suites,
							  &offer->tls_suite_count,
							  sizeof(offer->tls_suites[0]),
							  UE_CONFIG_MAX_SUITES },
		[UE_OFFER_TLS_AKA_CS] = { read_tls_aka_suite, offer->tls_aka_suites,
								  &offer->tls_aka_suite_count,
								  sizeof(offer->tls_aka_suites[0]),
								  UE_CONFIG_MAX_SUITES },
	};

	if ((unsigned int)list >= sizeof(lists) / sizeof(lists[0]))
	{
		return sip_error_set(err, 0, "(no such list)");
	}
	*lists[list].count = 0;
	return each_word(text, add_value, &lists[list], err);
}

/** names of the mechanisms option, for its complaint */
#define MECHANISM_NAMES "ipsec-3gpp, tls-psk or tls-aka"

/** add a mechanism, its rank being the number of those before it */
static bool add_mechanism(void *data, const char *word)
{
	ue_offer_t *offer = data;
	unsigned int rank;

	rank = offer->ipsec + offer->tls + offer->tls_aka;
	if (strcasecmp(word, "ipsec-3gpp") == 0 && !offer->ipsec)
	{
		offer->ipsec = true;
		offer->ipsec_rank = rank;
		return true;
	}
	if (strcasecmp(word, "tls-psk") == 0 && !offer->tls)
	{
		offer->tls = true;
		offer->tls_rank = rank;
		return true;
	}
	if (strcasecmp(word, "tls-aka") == 0 && !offer->tls_aka)
	{
		offer->tls_aka = true;
		offer->tls_aka_rank = rank;
		return true;
	}
	return false;
}

/*
 * Described in header
 */
bool ue_config_parse_mechanisms(ue_offer_t *offer, const char *text,
								sip_error_t *err)
{
	sip_error_t refused = {};
	const char *word = refused.reason;

	offer->ipsec = offer->tls = offer->tls_aka = false;
	offer->ipsec_rank = offer->tls_rank = offer->tls_aka_rank = 0;
	if (each_word(text, add_mechanism, offer, &refused))
	{
		return true;
	}
	if (strcmp(word, "(empty list)") == 0)
	{
		return sip_error_set(err, 0, "no mechanism (" MECHANISM_NAMES ")");
	}
	if (strcasecmp(word, "ipsec-3gpp") == 0 ||
		strcasecmp(word, "tls-psk") == 0 ||
		strcasecmp(word, "tls-aka") == 0)
	{
		return sip_error_setf(err, 0, "'%s' is repeated", word);
	}
	return sip_error_setf(err, 0, "'%s' is unknown (" MECHANISM_NAMES ")",
						  word);
}

/** add an AKA version */
static bool add_akav(void *data, const char *word)
{
	unsigned int *akav = data;

	if (strcasecmp(word, "AKAv1-MD5") == 0)
	{
		*akav |= UE_AKAV1;
		return true;
	}
	if (strcasecmp(word, "AKAv2-MD5") == 0)
	{
		*akav |= UE_AKAV2;
		return true;
	}
	return false;
}

/*
 * Described in header
 */
bool ue_config_parse_akav(const char *text, unsigned int *akav)
{
	*akav = 0;
	return each_word(text, add_akav, akav, NULL);
}

/** addresses of a list option being parsed */
typedef struct {
	imsaka_addr_t addr[UE_CONFIG_MAX_UNITS];
	unsigned int count;
	/** TRUE for pcscf (port optional), FALSE for protected (no port) */
	bool port;
	/** set when the list holds more than UE_CONFIG_MAX_UNITS */
	bool too_many;
} addr_list_t;

/** add an address to a list */
static bool add_addr(void *data, const char *word)
{
	addr_list_t *list = data;
	imsaka_addr_t addr;

	if (list->count == UE_CONFIG_MAX_UNITS)
	{
		list->too_many = true;
		return false;
	}
	if (imsaka_addr_parse(word, strlen(word), false, &addr) !=
			IMSAKA_SECAGREE_OK || (!list->port && addr.port))
	{
		return false;
	}
	if (list->port && !addr.port)
	{
		addr.port = 5060;
	}
	list->addr[list->count++] = addr;
	return true;
}

/** parse an address list option, the complaint naming it */
static bool parse_addrs(const char *key, const char *text, addr_list_t *list,
						sip_error_t *err)
{
	sip_error_t refused = {};

	if (each_word(text, add_addr, list, &refused))
	{
		return true;
	}
	if (list->too_many)
	{
		return sip_error_setf(err, 0, "option %s: more than %u P-CSCF units",
							  key, UE_CONFIG_MAX_UNITS);
	}
	if (strcmp(refused.reason, "(empty list)") == 0)
	{
		return sip_error_setf(err, 0, "option %s: no address", key);
	}
	return sip_error_setf(err, 0, "option %s: '%s' is not an address%s", key,
						  refused.reason, list->port ? "" : " without port");
}

/*
 * Described in header
 */
bool ue_config_parse_units(ue_config_t *config, const char *pcscf,
						   const char *protected, sip_error_t *err)
{
	addr_list_t units = { .port = true }, inner = {};
	unsigned int i, j;

	if (!pcscf)
	{
		return sip_error_set(err, 0, "option pcscf is required");
	}
	if (!parse_addrs("pcscf", pcscf, &units, err) ||
		(protected && !parse_addrs("pcscf_protected_address", protected,
								   &inner, err)))
	{
		return false;
	}
	if (protected && inner.count != units.count)
	{
		return sip_error_setf(err, 0, "option pcscf_protected_address lists "
							  "%u addresses, option pcscf %u units: one per "
							  "unit, in the same order", inner.count,
							  units.count);
	}
	for (i = 0; i < units.count; i++)
	{
		for (j = 0; j < i; j++)
		{
			if (imsaka_addr_equals(&units.addr[i], &units.addr[j]))
			{
				return sip_error_setf(err, 0, "option pcscf: unit %u and unit "
									  "%u are one address", j + 1, i + 1);
			}
		}
		config->units[i].addr = units.addr[i];
		config->units[i].protected = protected ? inner.addr[i]
											   : units.addr[i];
		config->units[i].protected.port = 0;
	}
	config->unit_count = units.count;
	config->pcscf = config->units[0].addr;
	config->pcscf_protected = config->units[0].protected;
	return true;
}

/*
 * Described in header
 */
bool ue_config_identity_ok(const char *value)
{
	size_t len = strlen(value), i;

	if (!len || len >= UE_CONFIG_MAX_ID)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (value[i] <= 0x20 || value[i] >= 0x7f || strchr("\"\\,<>", value[i]))
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
bool ue_config_check(const ue_config_t *config, sip_error_t *err)
{
	const imsaka_addr_t *addrs[] = {
		&config->pcscf, &config->pcscf_protected, &config->local,
		&config->protected,
	};
	uint16_t ports[] = {
		config->port_c, config->port_c + 1, config->port_s,
	};
	unsigned int i, j, entries;
	bool shared;

	for (i = 1; i < sizeof(addrs) / sizeof(addrs[0]); i++)
	{
		if (addrs[i]->family != addrs[0]->family)
		{
			return sip_error_set(err, 0, "pcscf, pcscf_protected_address, "
								 "local_address and protected_address must "
								 "be of one address family");
		}
	}
	for (i = 0; i < config->unit_count; i++)
	{
		if (config->units[i].addr.family != addrs[0]->family ||
			config->units[i].protected.family != addrs[0]->family)
		{
			return sip_error_setf(err, 0, "P-CSCF unit %u (options pcscf, "
								  "pcscf_protected_address) is not of the "
								  "address family of local_address", i + 1);
		}
	}
	if (config->backoff_base == 0 || config->backoff_max < config->backoff_base)
	{
		return sip_error_set(err, 0, "backoff_base must be at least 1 s and "
							 "backoff_max at least backoff_base");
	}
	if (config->port_c == 0 || config->port_c == 65535 || !config->port_s)
	{
		return sip_error_set(err, 0, "port_c must be in 1..65534, port_s in "
							 "1..65535");
	}
	/* the unprotected port only clashes if both addresses are the same */
	shared = memcmp(config->local.ip, config->protected.ip,
					sizeof(config->local.ip)) == 0;
	for (i = 0; i < 3; i++)
	{
		for (j = i + 1; j < 3; j++)
		{
			if (ports[i] == ports[j])
			{
				return sip_error_setf(err, 0, "port_c, port_c + 1 and port_s "
									  "must differ (port %u used twice)",
									  ports[i]);
			}
		}
		if (shared && ports[i] == config->local.port)
		{
			return sip_error_setf(err, 0, "port %u is both the unprotected "
								  "port and a protected one (port_c, port_c + "
								  "1 or port_s)", ports[i]);
		}
	}
	if (!config->expires || config->reregister_margin >= config->expires)
	{
		return sip_error_setf(err, 0, "reregister_margin (%u) must be below "
							  "expires (%u)", config->reregister_margin,
							  config->expires);
	}
	entries = config->offer.ipsec ? config->offer.alg_count *
			  config->offer.ealg_count * config->offer.mod_count : 0;
	entries += config->offer.tls ? 1 : 0;
	entries += config->offer.tls_aka ? 1 : 0;
	if (!entries || entries > IMSAKA_SECAGREE_MAX_ENTRIES)
	{
		return sip_error_setf(err, 0, "alg x ealg x mod (and tls-psk, tls-aka) "
							  "gives %u Security-Client entries, 1..%u are "
							  "allowed", entries, IMSAKA_SECAGREE_MAX_ENTRIES);
	}
	if (config->t1 == 0 || config->t2 < config->t1)
	{
		return sip_error_set(err, 0, "t1 must be at least 1 ms and t2 at "
							 "least t1");
	}
	return true;
}

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

#include "pcscf_policy.h"

#include <string.h>
#include <strings.h>

#include <library.h>
#include <stdlib.h>

/** most names in one configured list */
#define MAX_NAMES 8

/**
 * Name table lookup, exact match ignoring case
 */
static int lookup(const char *name, size_t len, const char **names,
				  int count)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (names[i] && strlen(names[i]) == len &&
			strncasecmp(names[i], name, len) == 0)
		{
			return i;
		}
	}
	return -1;
}

/**
 * Parse a comma list of names into indexes of a name table
 */
static bool parse_list(const char *text, const char **names, int count,
					   int out[MAX_NAMES], int *n)
{
	const char *pos = text, *end;
	size_t len;
	int i, value;

	*n = 0;
	if (!text)
	{
		return false;
	}
	for (;;)
	{
		pos += strspn(pos, " \t");
		end = pos + strcspn(pos, ",");
		len = end - pos;
		while (len && (pos[len - 1] == ' ' || pos[len - 1] == '\t'))
		{
			len--;
		}
		value = lookup(pos, len, names, count);
		if (value < 0 || *n == MAX_NAMES)
		{
			return false;
		}
		for (i = 0; i < *n; i++)
		{
			if (out[i] == value)
			{	/* listed twice */
				return false;
			}
		}
		out[(*n)++] = value;
		if (!*end)
		{
			break;
		}
		pos = end + 1;
	}
	return *n > 0;
}

/*
 * Described in header
 */
bool pcscf_policy_build(const char *algs, const char *ealgs, const char *mods,
						imsaka_secagree_list_t *policy, sip_error_t *err)
{
	const char *alg_names[IMSAKA_ESP_ALG_COUNT];
	const char *ealg_names[IMSAKA_ESP_EALG_COUNT];
	const char *mod_names[IMSAKA_SECAGREE_MOD_COUNT];
	int alg[MAX_NAMES], ealg[MAX_NAMES], mod[MAX_NAMES];
	int nalg, nealg, nmod, a, e, m, total, i = 0;
	imsaka_secagree_entry_t entry;

	for (a = 0; a < IMSAKA_ESP_ALG_COUNT; a++)
	{
		alg_names[a] = imsaka_esp_alg_name(a);
	}
	for (e = 0; e < IMSAKA_ESP_EALG_COUNT; e++)
	{
		ealg_names[e] = imsaka_esp_ealg_name(e);
	}
	for (m = 0; m < IMSAKA_SECAGREE_MOD_COUNT; m++)
	{
		mod_names[m] = imsaka_secagree_mod_name(m);
	}
	imsaka_secagree_list_init(policy);
	if (!parse_list(algs, alg_names, countof(alg_names), alg, &nalg))
	{
		return sip_error_set(err, 0, "alg");
	}
	if (!parse_list(ealgs, ealg_names, countof(ealg_names), ealg, &nealg))
	{
		return sip_error_set(err, 0, "ealg");
	}
	if (!parse_list(mods, mod_names, countof(mod_names), mod, &nmod))
	{
		return sip_error_set(err, 0, "mod");
	}
	total = nmod * nalg * nealg;
	for (m = 0; m < nmod; m++)
	{
		for (a = 0; a < nalg; a++)
		{
			for (e = 0; e < nealg; e++)
			{
				if (alg[a] == IMSAKA_ESP_ALG_NULL &&
					ealg[e] != IMSAKA_ESP_EALG_AES_GCM)
				{
					continue;
				}
				if (policy->count == IMSAKA_SECAGREE_MAX_ENTRIES)
				{	/* more pairs than one header can list */
					return sip_error_set(err, 0, "mod x alg x ealg (more than "
										 "16 combinations)");
				}
				imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
				entry.alg = alg[a];
				entry.ealg = ealg[e];
				entry.mod = mod[m];
				/* 1, then evenly lower, never 0 */
				entry.q = 1000 - (i++ * 1000) / (total + 1);
				entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_Q) |
								IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
								IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) |
								IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD);
				if (imsaka_secagree_list_add(policy, NULL, &entry) != IMSAKA_SECAGREE_OK)
				{
					return sip_error_set(err, 0, "mod x alg x ealg (too long "
										 "for one header)");
				}
			}
		}
	}
	if (!policy->count)
	{	/* only alg null without aes-gcm */
		return sip_error_set(err, 0, "alg (null needs ealg aes-gcm)");
	}
	return true;
}

/** suites the contexts support, docs/TLS-PSK.md */
static const uint16_t tls_suites[] = {
	0x00a8, 0x00a9, 0x00ae, 0x00aa, 0x00ab, 0xc037, 0x1301, 0x1303,
};

/** suites of the tls-aka record layer, docs/TLS-AKA.md */
static const uint16_t tls_aka_suites[] = {
	0x1301, 0x1302, 0x1303,
};

/**
 * Parse a comma list of code points, each one of known
 */
static bool parse_suites(const char *text, const uint16_t *known,
						 size_t known_count, uint16_t *suites, int *count)
{
	const char *pos = text;
	char *end;
	u_long value;
	size_t i;
	int j;

	*count = 0;
	while (text && *pos)
	{
		pos += strspn(pos, " \t");
		if (strspn(pos, "0123456789abcdefABCDEF") != 4)
		{
			return false;
		}
		value = strtoul(pos, &end, 16);
		for (i = 0; i < known_count && known[i] != value; i++)
		{
		}
		if (i == known_count || *count == IMSAKA_SECAGREE_MAX_SUITES)
		{
			return false;
		}
		for (j = 0; j < *count; j++)
		{
			if (suites[j] == value)
			{
				return false;
			}
		}
		suites[(*count)++] = value;
		pos = end + strspn(end, " \t");
		if (*pos == ',')
		{
			pos++;
			if (!*(pos + strspn(pos, " \t")))
			{
				return false;
			}
		}
		else if (*pos)
		{
			return false;
		}
	}
	return *count > 0;
}

/*
 * Described in header
 */
bool pcscf_policy_tls_suites(const char *text, uint16_t *suites, int *count)
{
	return parse_suites(text, tls_suites, countof(tls_suites), suites, count);
}

/*
 * Described in header
 */
bool pcscf_policy_tls_aka_suites(const char *text, uint16_t *suites,
								 int *count)
{
	return parse_suites(text, tls_aka_suites, countof(tls_aka_suites), suites,
						count);
}

/*
 * Described in header
 */
bool pcscf_policy_mechanisms(const char *mechs, const uint16_t *suites,
							 int count, const uint16_t *aka_suites,
							 int aka_count, imsaka_secagree_list_t *policy,
							 bool *has_tls, bool *has_tls_aka)
{
	static const char *names[] = { "ipsec-3gpp", "tls-psk", "tls-aka" };
	bool aka = false;
	imsaka_secagree_list_t *out;
	imsaka_secagree_entry_t entry;
	int order[MAX_NAMES], n, i;
	u_int e, total;
	bool ok = true;

	if (!parse_list(mechs, names, countof(names), order, &n))
	{
		return false;
	}
	out = malloc(sizeof(*out));
	imsaka_secagree_list_init(out);
	*has_tls = false;
	total = 0;
	for (i = 0; i < n; i++)
	{
		total += order[i] == 0 ? policy->count : 1;
	}
	for (i = 0; ok && i < n; i++)
	{
		if (order[i] == 0)
		{
			for (e = 0; ok && e < policy->count; e++)
			{
				entry = policy->entries[e];
				entry.q = 1000 - (out->count * 1000) / (total + 1);
				ok = imsaka_secagree_list_add(out, policy, &entry) == IMSAKA_SECAGREE_OK;
			}
			continue;
		}
		if (order[i] == 2)
		{
			imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_TLS_AKA);
			entry.suite_count = aka_count;
			if (aka_count > 0)
			{
				memcpy(entry.suites, aka_suites,
					   aka_count * sizeof(aka_suites[0]));
			}
			aka = true;
		}
		else
		{
			imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_TLS_PSK);
			entry.suite_count = count;
			if (count > 0)
			{
				memcpy(entry.suites, suites, count * sizeof(suites[0]));
			}
			*has_tls = true;
		}
		entry.q = 1000 - (out->count * 1000) / (total + 1);
		entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_Q) |
						IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_CS);
		ok = entry.suite_count > 0 &&
			 imsaka_secagree_list_add(out, NULL, &entry) == IMSAKA_SECAGREE_OK;
	}
	if (ok)
	{
		*policy = *out;
		if (has_tls_aka)
		{
			*has_tls_aka = aka;
		}
	}
	free(out);
	return ok;
}

/**
 * Whether an entry stays in a filtered policy
 */
typedef bool (*keep_t)(const imsaka_secagree_entry_t *entry, const void *data);

/**
 * Copy the entries of a policy that keep() accepts
 *
 * @return			number of ipsec-3gpp entries kept
 */
static int filter(const imsaka_secagree_list_t *policy, keep_t keep,
				  const void *data, imsaka_secagree_list_t *out, int *dropped)
{
	imsaka_secagree_entry_t entry;
	int kept = 0, left = 0;
	u_int i;

	imsaka_secagree_list_init(out);
	for (i = 0; i < policy->count; i++)
	{
		entry = policy->entries[i];
		if (!keep(&entry, data))
		{
			left++;
			continue;
		}
		if (imsaka_secagree_list_add(out, policy, &entry) == IMSAKA_SECAGREE_OK &&
			entry.mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
		{
			kept++;
		}
	}
	if (dropped)
	{
		*dropped = left;
	}
	return kept;
}

/**
 * keep_t: ipsec-3gpp entries the backend can install, and the others
 */
static bool installable(const imsaka_secagree_entry_t *entry, const void *data)
{
	return entry->mech != IMSAKA_SECAGREE_MECH_IPSEC_3GPP ||
		   control_caps_can(data, imsaka_secagree_entry_mod(entry), entry->alg,
							imsaka_secagree_entry_ealg(entry));
}

/*
 * Described in header
 */
int pcscf_policy_restrict(const imsaka_secagree_list_t *policy,
						  const control_caps_t *caps, imsaka_secagree_list_t *out,
						  int *dropped)
{
	return filter(policy, installable, caps, out, dropped);
}

/**
 * keep_t: what crosses a NAT, UDP-enc-tun and the TLS mechanisms
 */
static bool crosses_nat(const imsaka_secagree_entry_t *entry, const void *data)
{
	return entry->mech != IMSAKA_SECAGREE_MECH_IPSEC_3GPP ||
		   imsaka_secagree_entry_mod(entry) == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN;
}

/*
 * Described in header
 */
void pcscf_policy_across_nat(const imsaka_secagree_list_t *policy,
							 imsaka_secagree_list_t *out)
{
	filter(policy, crosses_nat, NULL, out, NULL);
}

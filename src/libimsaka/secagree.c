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

#include "secagree.h"
#include "hex.h"
#include "secagree_lex.h"
#include "secagree_param.h"

#include <string.h>

_Static_assert(sizeof(imsaka_esp_alg_t) == sizeof(int) &&
			   sizeof(imsaka_esp_ealg_t) == sizeof(int) &&
			   sizeof(imsaka_secagree_mod_t) == sizeof(int),
			   "enums are stored through int pointers");

/** a name literal with its length */
#define N(name) name, sizeof(name) - 1

static const imsaka_secagree_name_t mech_names[] = {
	[IMSAKA_SECAGREE_MECH_OTHER] = { N("") },
	[IMSAKA_SECAGREE_MECH_DIGEST] = { N("digest") },
	[IMSAKA_SECAGREE_MECH_TLS] = { N("tls") },
	[IMSAKA_SECAGREE_MECH_IPSEC_IKE] = { N("ipsec-ike") },
	[IMSAKA_SECAGREE_MECH_IPSEC_MAN] = { N("ipsec-man") },
	[IMSAKA_SECAGREE_MECH_IPSEC_3GPP] = { N("ipsec-3gpp") },
	[IMSAKA_SECAGREE_MECH_TLS_PSK] = { N("tls-psk") },
	[IMSAKA_SECAGREE_MECH_TLS_AKA] = { N("tls-aka") },
};

/** a name of key_expansion.h's tables with its length */
#define ESP_NAME(value, name) [value] = { N(name) },

/** indexed by imsaka_esp_alg_t, names from key_expansion.h */
static const imsaka_secagree_name_t alg_names[] = {
	IMSAKA_ESP_ALG_NAMES(ESP_NAME)
};

/** indexed by imsaka_esp_ealg_t, names from key_expansion.h */
static const imsaka_secagree_name_t ealg_names[] = {
	IMSAKA_ESP_EALG_NAMES(ESP_NAME)
};

#undef ESP_NAME

_Static_assert(sizeof(alg_names) / sizeof(alg_names[0]) ==
			   IMSAKA_ESP_ALG_COUNT &&
			   sizeof(ealg_names) / sizeof(ealg_names[0]) ==
			   IMSAKA_ESP_EALG_COUNT, "a name for every algorithm");

static const imsaka_secagree_name_t prot_names[] = {
	[IMSAKA_SECAGREE_PROT_ESP] = { N("esp") },
	[IMSAKA_SECAGREE_PROT_AH] = { N("ah") },
};

static const imsaka_secagree_name_t mod_names[] = {
	[IMSAKA_SECAGREE_MOD_TRANS] = { N("trans") },
	[IMSAKA_SECAGREE_MOD_TUN] = { N("tun") },
	[IMSAKA_SECAGREE_MOD_UDP_ENC_TUN] = { N("UDP-enc-tun") },
};

#define FIELD(f) offsetof(imsaka_secagree_entry_t, f)
#define NAMES(t) t, sizeof(t) / sizeof(t[0])

/**
 * Every known parameter, indexed by imsaka_secagree_param_t.
 */
static const imsaka_secagree_param_desc_t params[] = {
	[IMSAKA_SECAGREE_P_Q] = { N("q"), IMSAKA_SECAGREE_KIND_Q, FIELD(q), NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_Q },
	[IMSAKA_SECAGREE_P_ALG] = { N("alg"), IMSAKA_SECAGREE_KIND_ENUM, FIELD(alg),
		NAMES(alg_names), IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_EALG] = { N("ealg"), IMSAKA_SECAGREE_KIND_ENUM, FIELD(ealg),
		NAMES(ealg_names), IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_PROT] = { N("prot"), IMSAKA_SECAGREE_KIND_ENUM, FIELD(prot),
		NAMES(prot_names), IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_MOD] = { N("mod"), IMSAKA_SECAGREE_KIND_ENUM, FIELD(mod),
		NAMES(mod_names), IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_SPI_C] = { N("spi-c"), IMSAKA_SECAGREE_KIND_SPI, FIELD(spi_c),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_SPI },
	[IMSAKA_SECAGREE_P_SPI_S] = { N("spi-s"), IMSAKA_SECAGREE_KIND_SPI, FIELD(spi_s),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_SPI },
	[IMSAKA_SECAGREE_P_PORT_C] = { N("port-c"), IMSAKA_SECAGREE_KIND_PORT, FIELD(port_c),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_PORT },
	[IMSAKA_SECAGREE_P_PORT_S] = { N("port-s"), IMSAKA_SECAGREE_KIND_PORT, FIELD(port_s),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_PORT },
	[IMSAKA_SECAGREE_P_D_ALG] = { N("d-alg"), IMSAKA_SECAGREE_KIND_TOKEN, FIELD(d_alg),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_D_QOP] = { N("d-qop"), IMSAKA_SECAGREE_KIND_TOKEN, FIELD(d_qop),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_VALUE },
	[IMSAKA_SECAGREE_P_D_VER] = { N("d-ver"), IMSAKA_SECAGREE_KIND_DVER, FIELD(d_ver),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_D_VER },
	[IMSAKA_SECAGREE_P_CS] = { N("cs"), IMSAKA_SECAGREE_KIND_SUITES, FIELD(suites), NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_SUITES },
	[IMSAKA_SECAGREE_P_SID] = { N("sid"), IMSAKA_SECAGREE_KIND_SID, FIELD(sid), NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_SID },
	[IMSAKA_SECAGREE_P_NAT_U] = { N("nat-u"), IMSAKA_SECAGREE_KIND_FLAG, 0, NULL, 0,
		IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE },
	[IMSAKA_SECAGREE_P_NAT_P] = { N("nat-p"), IMSAKA_SECAGREE_KIND_FLAG, 0, NULL, 0,
		IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE },
	[IMSAKA_SECAGREE_P_HASH_UL] = { N("hash-ul"), IMSAKA_SECAGREE_KIND_HASH, FIELD(hash_ul),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_HASH },
	[IMSAKA_SECAGREE_P_HASH_PP] = { N("hash-pp"), IMSAKA_SECAGREE_KIND_HASH, FIELD(hash_pp),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_HASH },
	[IMSAKA_SECAGREE_P_HASH_PL] = { N("hash-pl"), IMSAKA_SECAGREE_KIND_HASH, FIELD(hash_pl),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_HASH },
	[IMSAKA_SECAGREE_P_HASH_UP] = { N("hash-up"), IMSAKA_SECAGREE_KIND_HASH, FIELD(hash_up),
		NULL, 0, IMSAKA_SECAGREE_ERR_BAD_HASH },
	[IMSAKA_SECAGREE_P_OA_UL] = { N("oa-ul"), IMSAKA_SECAGREE_KIND_ADDR, FIELD(oa_ul),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
	[IMSAKA_SECAGREE_P_OA_UP] = { N("oa-up"), IMSAKA_SECAGREE_KIND_ADDR, FIELD(oa_up),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
	[IMSAKA_SECAGREE_P_OA_PL] = { N("oa-pl"), IMSAKA_SECAGREE_KIND_ADDR, FIELD(oa_pl),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
	[IMSAKA_SECAGREE_P_OA_PP] = { N("oa-pp"), IMSAKA_SECAGREE_KIND_ADDR, FIELD(oa_pp),
		NULL, 0,
		IMSAKA_SECAGREE_ERR_BAD_ADDRESS },
};

/*
 * Described in header
 */
const imsaka_secagree_param_desc_t *imsaka_secagree_param_desc(imsaka_secagree_param_t param)
{
	return &params[param];
}

/**
 * Case-insensitive match of a name of known length; the exact case, which
 * is what peers send, is tried first.
 */
static inline bool name_eq(const char *s, size_t len, const char *name,
						   size_t name_len)
{
	return len == name_len && (memcmp(s, name, len) == 0 ||
							   imsaka_lex_ieq(s, len, name));
}

/**
 * Index of a name in a table, case-insensitive, -1 if not there.
 */
static int lookup(const imsaka_secagree_name_t *names, unsigned int count,
				  const char *s, size_t len)
{
	unsigned int i;

	for (i = 0; i < count; i++)
	{
		if (name_eq(s, len, names[i].name, names[i].len))
		{
			return i;
		}
	}
	return -1;
}

/**
 * Parse a qvalue (RFC 3261): "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")].
 */
static bool parse_q(const char *s, size_t len, uint16_t *q)
{
	unsigned int value, scale = 100;
	size_t i;

	if (len == 0 || len > 5 || (s[0] != '0' && s[0] != '1') ||
		(len > 1 && s[1] != '.'))
	{
		return false;
	}
	value = (s[0] - '0') * 1000;
	for (i = 2; i < len; i++, scale /= 10)
	{
		if (s[i] < '0' || s[i] > '9')
		{
			return false;
		}
		value += (s[i] - '0') * scale;
	}
	if (value > 1000)
	{
		return false;
	}
	*q = value;
	return true;
}

/**
 * Parse "1301.1302.c02b" into suites.
 */
static imsaka_secagree_err_t parse_suites(const char *s, size_t len,
									imsaka_secagree_entry_t *entry)
{
	uint8_t code[2];
	size_t i;

	entry->suite_count = 0;
	for (i = 0; i < len; i += 5)
	{
		if (len - i < 4 || !imsaka_hex_decode_exact(s + i, 4, code, 2) ||
			(len - i > 4 && s[i + 4] != '.') || len - i == 5)
		{
			return IMSAKA_SECAGREE_ERR_BAD_SUITES;
		}
		if (entry->suite_count == IMSAKA_SECAGREE_MAX_SUITES)
		{
			return IMSAKA_SECAGREE_ERR_TOO_MANY_SUITES;
		}
		entry->suites[entry->suite_count++] = (code[0] << 8) | code[1];
	}
	return entry->suite_count ? IMSAKA_SECAGREE_OK : IMSAKA_SECAGREE_ERR_BAD_SUITES;
}

/**
 * Store the value of a known parameter; IMSAKA_SECAGREE_P_COUNT in *keep asks the
 * caller to keep it as an unknown one (unknown name of an enum).
 */
static imsaka_secagree_err_t parse_value(const imsaka_secagree_param_desc_t *desc,
								   const char *s, const imsaka_lex_param_t *p,
								   imsaka_secagree_entry_t *entry, bool *keep)
{
	const char *v = s + p->value, *inner;
	size_t len = p->value_len, inner_len;
	uint8_t *field = (uint8_t *)entry + desc->offset;
	uint32_t number;
	int index;

	if (desc->kind == IMSAKA_SECAGREE_KIND_FLAG)
	{
		return p->has_value ? IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE : IMSAKA_SECAGREE_OK;
	}
	if (!p->has_value)
	{
		return IMSAKA_SECAGREE_ERR_MISSING_VALUE;
	}
	switch (desc->kind)
	{
		case IMSAKA_SECAGREE_KIND_Q:
			return parse_q(v, len, (uint16_t *)field) ? IMSAKA_SECAGREE_OK
													  : desc->err;
		case IMSAKA_SECAGREE_KIND_ENUM:
			index = lookup(desc->names, desc->count, v, len);
			if (index < 0)
			{
				*keep = true;
				return IMSAKA_SECAGREE_OK;
			}
			*(int *)field = index;
			return IMSAKA_SECAGREE_OK;
		case IMSAKA_SECAGREE_KIND_SPI:
			if (!imsaka_lex_number(v, len, UINT32_MAX, &number))
			{
				return desc->err;
			}
			*(uint32_t *)field = number;
			return IMSAKA_SECAGREE_OK;
		case IMSAKA_SECAGREE_KIND_PORT:
			if (!imsaka_lex_number(v, len, 65535, &number) || !number)
			{
				return desc->err;
			}
			*(uint16_t *)field = number;
			return IMSAKA_SECAGREE_OK;
		case IMSAKA_SECAGREE_KIND_TOKEN:
			if (!imsaka_lex_is_token(*v))
			{
				return desc->err;
			}
			((imsaka_secagree_text_t *)field)->off = p->value;
			((imsaka_secagree_text_t *)field)->len = len;
			return IMSAKA_SECAGREE_OK;
		case IMSAKA_SECAGREE_KIND_DVER:
			return imsaka_lex_unquote(v, len, &inner, &inner_len) &&
				   imsaka_hex_decode_exact(inner, inner_len, field, 16) ?
						IMSAKA_SECAGREE_OK : desc->err;
		case IMSAKA_SECAGREE_KIND_SUITES:
			return parse_suites(v, len, entry);
		case IMSAKA_SECAGREE_KIND_SID:
			if (len < 2 || len > 2 * IMSAKA_SECAGREE_MAX_SID || len % 2 ||
				!imsaka_hex_decode_exact(v, len, entry->sid, len / 2))
			{
				return desc->err;
			}
			entry->sid_len = len / 2;
			return IMSAKA_SECAGREE_OK;
		case IMSAKA_SECAGREE_KIND_HASH:
			return imsaka_hex_decode_exact(v, len, field, IMSAKA_SECAGREE_HASH_LEN) ?
						IMSAKA_SECAGREE_OK : desc->err;
		case IMSAKA_SECAGREE_KIND_ADDR:
			if (!imsaka_lex_unquote(v, len, &inner, &inner_len))
			{
				return desc->err;
			}
			return imsaka_addr_parse(inner, inner_len, true,
									 (imsaka_addr_t *)field);
		case IMSAKA_SECAGREE_KIND_FLAG:
			break;
	}
	return desc->err;
}

/**
 * Known parameters by first letter, as id + 1 (0 ends a row); the parser
 * looks every parameter name up here.
 */
#define L(param) ((param) + 1)
static const uint8_t by_letter[26][5] = {
	['a' - 'a'] = { L(IMSAKA_SECAGREE_P_ALG) },
	['c' - 'a'] = { L(IMSAKA_SECAGREE_P_CS) },
	['d' - 'a'] = { L(IMSAKA_SECAGREE_P_D_ALG), L(IMSAKA_SECAGREE_P_D_QOP),
					L(IMSAKA_SECAGREE_P_D_VER) },
	['e' - 'a'] = { L(IMSAKA_SECAGREE_P_EALG) },
	['h' - 'a'] = { L(IMSAKA_SECAGREE_P_HASH_UL), L(IMSAKA_SECAGREE_P_HASH_PP),
					L(IMSAKA_SECAGREE_P_HASH_PL), L(IMSAKA_SECAGREE_P_HASH_UP) },
	['m' - 'a'] = { L(IMSAKA_SECAGREE_P_MOD) },
	['n' - 'a'] = { L(IMSAKA_SECAGREE_P_NAT_U), L(IMSAKA_SECAGREE_P_NAT_P) },
	['o' - 'a'] = { L(IMSAKA_SECAGREE_P_OA_UL), L(IMSAKA_SECAGREE_P_OA_UP),
					L(IMSAKA_SECAGREE_P_OA_PL), L(IMSAKA_SECAGREE_P_OA_PP) },
	['p' - 'a'] = { L(IMSAKA_SECAGREE_P_PROT), L(IMSAKA_SECAGREE_P_PORT_C),
					L(IMSAKA_SECAGREE_P_PORT_S) },
	['q' - 'a'] = { L(IMSAKA_SECAGREE_P_Q) },
	['s' - 'a'] = { L(IMSAKA_SECAGREE_P_SPI_C), L(IMSAKA_SECAGREE_P_SPI_S),
					L(IMSAKA_SECAGREE_P_SID) },
};

/**
 * Id of a known parameter name, -1 if unknown.
 */
static int find_param(const char *name, size_t len)
{
	unsigned int letter = (name[0] | 0x20) - 'a', i, id;

	for (i = 0; letter < 26 && i < 5 && by_letter[letter][i]; i++)
	{
		id = by_letter[letter][i] - 1;
		if (name_eq(name, len, params[id].name, params[id].len))
		{
			return id;
		}
	}
	return -1;
}

/**
 * Handle one parameter of an entry.
 */
static imsaka_secagree_err_t parse_param(const char *s, const imsaka_lex_param_t *p,
								   imsaka_secagree_entry_t *entry)
{
	imsaka_secagree_err_t err;
	bool keep = false;
	int id;

	if (entry->order_count == IMSAKA_SECAGREE_MAX_PARAMS)
	{
		return IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS;
	}
	id = find_param(s + p->name, p->name_len);
	if (id >= 0)
	{
		if (entry->present & IMSAKA_SECAGREE_BIT(id))
		{
			return IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM;
		}
		err = parse_value(&params[id], s, p, entry, &keep);
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
		if (!keep)
		{
			entry->present |= IMSAKA_SECAGREE_BIT(id);
			entry->order[entry->order_count++] = id;
			return IMSAKA_SECAGREE_OK;
		}
		entry->unsupported = true;
	}
	err = imsaka_lex_keep(p, entry->unknown, &entry->unknown_count,
						  IMSAKA_SECAGREE_MAX_UNKNOWN);
	if (err == IMSAKA_SECAGREE_OK)
	{
		entry->order[entry->order_count++] = IMSAKA_SECAGREE_P_COUNT +
											 entry->unknown_count - 1;
	}
	return err;
}

/**
 * Parse the mechanism name starting an entry.
 */
static imsaka_secagree_err_t parse_mech(const char *s, size_t end, size_t *pos,
								  imsaka_secagree_entry_t *entry)
{
	size_t start = *pos, i = imsaka_lex_token(s, end, start);
	int mech;

	if (i == start)
	{
		return (start == end || s[start] == ',') ? IMSAKA_SECAGREE_ERR_EMPTY
												 : IMSAKA_SECAGREE_ERR_BAD_MECHANISM;
	}
	if (i - start > IMSAKA_SECAGREE_MAX_NAME)
	{
		return IMSAKA_SECAGREE_ERR_NAME_TOO_LONG;
	}
	mech = lookup(mech_names + 1, IMSAKA_SECAGREE_MECH_COUNT - 1, s + start,
				  i - start);
	/* only what says which fields are set; the rest is read by present */
	entry->mech = mech < 0 ? IMSAKA_SECAGREE_MECH_OTHER : mech + 1;
	entry->mech_name.off = mech < 0 ? start : 0;
	entry->mech_name.len = mech < 0 ? i - start : 0;
	entry->present = 0;
	entry->unsupported = false;
	entry->unknown_count = 0;
	entry->order_count = 0;
	entry->suite_count = 0;
	entry->sid_len = 0;
	*pos = i;
	return IMSAKA_SECAGREE_OK;
}

/**
 * Parse the entries of s[pos..end) into the list.
 */
static imsaka_secagree_err_t parse_entries(imsaka_secagree_list_t *list, size_t pos,
									 size_t end)
{
	const char *s = list->text;
	imsaka_secagree_entry_t *entry;
	imsaka_lex_param_t p;
	imsaka_secagree_err_t err;

	while (true)
	{
		pos = imsaka_lex_ws(s, end, pos);
		if (list->count == IMSAKA_SECAGREE_MAX_ENTRIES)
		{
			list->error_offset = pos;
			return IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES;
		}
		entry = &list->entries[list->count];
		err = parse_mech(s, end, &pos, entry);
		while (err == IMSAKA_SECAGREE_OK)
		{
			pos = imsaka_lex_ws(s, end, pos);
			if (pos == end || s[pos] == ',')
			{
				break;
			}
			if (s[pos] != ';')
			{
				err = IMSAKA_SECAGREE_ERR_GARBAGE;
				break;
			}
			pos++;
			err = imsaka_lex_param(s, end, &pos, IMSAKA_SECAGREE_MAX_NAME,
								   IMSAKA_SECAGREE_MAX_VALUE, &p);
			if (err == IMSAKA_SECAGREE_OK)
			{
				err = parse_param(s, &p, entry);
				if (err != IMSAKA_SECAGREE_OK)
				{
					pos = p.name;
				}
			}
		}
		if (err != IMSAKA_SECAGREE_OK)
		{
			list->error_offset = pos;
			return err;
		}
		list->count++;
		if (pos == end)
		{
			return IMSAKA_SECAGREE_OK;
		}
		pos++;
	}
}

/*
 * Described in header
 */
void imsaka_secagree_list_init(imsaka_secagree_list_t *list)
{
	list->count = 0;
	list->text_len = 0;
	list->error_offset = 0;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_list_parse(imsaka_secagree_list_t *list, const char *value,
									 size_t len)
{
	unsigned int count = list->count;
	size_t start = list->text_len;
	imsaka_secagree_err_t err;

	list->error_offset = start;
	if (len > IMSAKA_SECAGREE_MAX_TEXT - start)
	{
		return IMSAKA_SECAGREE_ERR_TOO_LONG;
	}
	memcpy(list->text + start, value, len);
	list->text_len += len;
	if (imsaka_lex_ws(value, len, 0) == len)
	{
		err = IMSAKA_SECAGREE_ERR_EMPTY;
	}
	else
	{
		err = parse_entries(list, start, start + len);
	}
	if (err != IMSAKA_SECAGREE_OK)
	{
		list->count = count;
		list->text_len = start;
	}
	return err;
}

/*
 * Described in header
 */
void imsaka_secagree_entry_init(imsaka_secagree_entry_t *entry, imsaka_secagree_mech_t mech)
{
	memset(entry, 0, sizeof(*entry));
	entry->mech = mech;
}

/**
 * Copy a piece of text of one list into another.
 */
static bool copy_text(imsaka_secagree_list_t *list, const imsaka_secagree_list_t *from,
					  imsaka_secagree_text_t *text)
{
	if (!text->len)
	{
		return true;
	}
	if (!from || text->len > IMSAKA_SECAGREE_MAX_TEXT - list->text_len)
	{
		return false;
	}
	memcpy(list->text + list->text_len, from->text + text->off, text->len);
	text->off = list->text_len;
	list->text_len += text->len;
	return true;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_list_add(imsaka_secagree_list_t *list,
								   const imsaka_secagree_list_t *from,
								   const imsaka_secagree_entry_t *entry)
{
	imsaka_secagree_entry_t *copy;
	size_t text_len = list->text_len;
	bool ok;
	int i;

	if (list->count == IMSAKA_SECAGREE_MAX_ENTRIES)
	{
		return IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES;
	}
	copy = &list->entries[list->count];
	*copy = *entry;
	/* texts of absent parameters are not initialized by the parser */
	if (copy->mech != IMSAKA_SECAGREE_MECH_OTHER)
	{
		copy->mech_name.len = 0;
	}
	if (!(copy->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_D_ALG)))
	{
		copy->d_alg.len = 0;
	}
	if (!(copy->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_D_QOP)))
	{
		copy->d_qop.len = 0;
	}
	ok = copy_text(list, from, &copy->mech_name) &&
		 copy_text(list, from, &copy->d_alg) &&
		 copy_text(list, from, &copy->d_qop);
	for (i = 0; ok && i < copy->unknown_count; i++)
	{
		ok = copy_text(list, from, &copy->unknown[i].name) &&
			 copy_text(list, from, &copy->unknown[i].value);
	}
	if (!ok)
	{
		list->text_len = text_len;
		return IMSAKA_SECAGREE_ERR_TOO_LONG;
	}
	list->count++;
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
const char *imsaka_secagree_mech_name(imsaka_secagree_mech_t mech)
{
	return (unsigned)mech < IMSAKA_SECAGREE_MECH_COUNT ? mech_names[mech].name : "";
}

/*
 * Described in header
 */
const char *imsaka_secagree_mod_name(imsaka_secagree_mod_t mod)
{
	return (unsigned)mod < IMSAKA_SECAGREE_MOD_COUNT ? mod_names[mod].name : "?";
}

/*
 * Described in header
 */
const char *imsaka_secagree_param_name(imsaka_secagree_param_t param)
{
	return (unsigned)param < IMSAKA_SECAGREE_P_COUNT ? params[param].name : "?";
}

/*
 * Described in header
 */
const char *imsaka_secagree_entry_mech(const imsaka_secagree_list_t *list,
								 const imsaka_secagree_entry_t *entry, char *buf)
{
	if (entry->mech != IMSAKA_SECAGREE_MECH_OTHER)
	{
		return mech_names[entry->mech].name;
	}
	memcpy(buf, list->text + entry->mech_name.off, entry->mech_name.len);
	buf[entry->mech_name.len] = '\0';
	return buf;
}

/*
 * Described in header
 */
imsaka_esp_ealg_t imsaka_secagree_entry_ealg(const imsaka_secagree_entry_t *entry)
{
	return (entry->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG)) ?
				entry->ealg : IMSAKA_ESP_EALG_NULL;
}

/*
 * Described in header
 */
imsaka_secagree_mod_t imsaka_secagree_entry_mod(const imsaka_secagree_entry_t *entry)
{
	return (entry->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD)) ?
				entry->mod : IMSAKA_SECAGREE_MOD_TRANS;
}

/*
 * Described in header
 */
imsaka_secagree_prot_t imsaka_secagree_entry_prot(const imsaka_secagree_entry_t *entry)
{
	return (entry->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PROT)) ?
				entry->prot : IMSAKA_SECAGREE_PROT_ESP;
}

/*
 * Described in header
 */
unsigned int imsaka_secagree_entry_q(const imsaka_secagree_entry_t *entry)
{
	return (entry->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_Q)) ? entry->q : 1000;
}

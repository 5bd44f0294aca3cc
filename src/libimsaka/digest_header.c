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

#include "digest_header.h"
#include "hex.h"
#include "secagree_lex.h"

#include <string.h>

#include <openssl/crypto.h>

#define BIT(p) (1u << (p))

/**
 * How a value is checked and stored.
 */
typedef enum {
	/** kept as text only */
	CHECK_TEXT,
	/** algorithm token */
	CHECK_ALG,
	/** 8 hex digits */
	CHECK_NC,
	/** 32 hex digits in quotes */
	CHECK_KEY,
} check_t;

/**
 * A known parameter: name, how it is quoted in a challenge and in
 * credentials, and its check.
 */
static const struct {
	const char *name;
	bool quoted[2];
	check_t check;
} params[] = {
	[IMSAKA_DIGEST_REALM] = { "realm", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_NONCE] = { "nonce", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_ALGORITHM] = { "algorithm", { false, false }, CHECK_ALG },
	[IMSAKA_DIGEST_QOP] = { "qop", { true, false }, CHECK_TEXT },
	[IMSAKA_DIGEST_OPAQUE] = { "opaque", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_DOMAIN] = { "domain", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_STALE] = { "stale", { false, false }, CHECK_TEXT },
	[IMSAKA_DIGEST_USERNAME] = { "username", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_URI] = { "uri", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_RESPONSE] = { "response", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_CNONCE] = { "cnonce", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_NC] = { "nc", { false, false }, CHECK_NC },
	[IMSAKA_DIGEST_AUTS] = { "auts", { true, true }, CHECK_TEXT },
	[IMSAKA_DIGEST_CK] = { "ck", { true, true }, CHECK_KEY },
	[IMSAKA_DIGEST_IK] = { "ik", { true, true }, CHECK_KEY },
	[IMSAKA_DIGEST_INTEGRITY_PROTECTED] = { "integrity-protected",
		{ true, true }, CHECK_TEXT },
};

static const char *const alg_names[] = {
	[IMSAKA_DIGEST_ALG_MD5] = "MD5",
	[IMSAKA_DIGEST_ALG_AKAV1_MD5] = "AKAv1-MD5",
	[IMSAKA_DIGEST_ALG_AKAV2_MD5] = "AKAv2-MD5",
};

/** parameters each kind requires */
static const uint32_t required[] = {
	[IMSAKA_DIGEST_CHALLENGE] = BIT(IMSAKA_DIGEST_REALM) |
								BIT(IMSAKA_DIGEST_NONCE),
	[IMSAKA_DIGEST_CREDENTIALS] = BIT(IMSAKA_DIGEST_USERNAME) |
								  BIT(IMSAKA_DIGEST_REALM) |
								  BIT(IMSAKA_DIGEST_NONCE) |
								  BIT(IMSAKA_DIGEST_URI) |
								  BIT(IMSAKA_DIGEST_RESPONSE),
};

/**
 * Check and store the value of a known parameter.
 */
static imsaka_secagree_err_t check_value(imsaka_digest_t *hdr,
								   imsaka_digest_param_t param,
								   const char *v, size_t len)
{
	const char *inner;
	size_t inner_len;
	uint8_t nc[4];
	int i;

	switch (params[param].check)
	{
		case CHECK_TEXT:
			return IMSAKA_SECAGREE_OK;
		case CHECK_ALG:
			hdr->alg = IMSAKA_DIGEST_ALG_OTHER;
			for (i = IMSAKA_DIGEST_ALG_MD5; i <= IMSAKA_DIGEST_ALG_AKAV2_MD5;
				 i++)
			{
				if (imsaka_lex_ieq(v, len, alg_names[i]))
				{
					hdr->alg = i;
				}
			}
			return IMSAKA_SECAGREE_OK;
		case CHECK_NC:
			if (!imsaka_hex_decode_exact(v, len, nc, sizeof(nc)))
			{
				return IMSAKA_SECAGREE_ERR_BAD_NC;
			}
			hdr->nc = ((uint32_t)nc[0] << 24) | ((uint32_t)nc[1] << 16) |
					  ((uint32_t)nc[2] << 8) | nc[3];
			return IMSAKA_SECAGREE_OK;
		case CHECK_KEY:
			if (!imsaka_lex_unquote(v, len, &inner, &inner_len) ||
				!imsaka_hex_decode_exact(inner, inner_len, param == IMSAKA_DIGEST_CK ?
								hdr->ck : hdr->ik, IMSAKA_DIGEST_KEY_LEN))
			{
				return IMSAKA_SECAGREE_ERR_BAD_KEY;
			}
			return IMSAKA_SECAGREE_OK;
	}
	return IMSAKA_SECAGREE_ERR_BAD_VALUE;
}

/**
 * Handle one parameter.
 */
static imsaka_secagree_err_t add_param(imsaka_digest_t *hdr,
								 const imsaka_lex_param_t *p)
{
	const char *s = hdr->text;
	imsaka_secagree_err_t err;
	int id;

	if (!p->has_value)
	{
		return IMSAKA_SECAGREE_ERR_MISSING_VALUE;
	}
	if (hdr->order_count == IMSAKA_DIGEST_MAX_PARAMS)
	{
		return IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS;
	}
	for (id = 0; id < IMSAKA_DIGEST_PARAM_COUNT; id++)
	{
		if (imsaka_lex_ieq(s + p->name, p->name_len, params[id].name))
		{
			break;
		}
	}
	if (id < IMSAKA_DIGEST_PARAM_COUNT)
	{
		if (hdr->present & BIT(id))
		{
			return IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM;
		}
		err = check_value(hdr, id, s + p->value, p->value_len);
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
		hdr->present |= BIT(id);
		hdr->values[id].off = p->value;
		hdr->values[id].len = p->value_len;
		hdr->order[hdr->order_count++] = id;
		return IMSAKA_SECAGREE_OK;
	}
	err = imsaka_lex_keep(p, hdr->unknown, &hdr->unknown_count,
						  IMSAKA_DIGEST_MAX_UNKNOWN);
	if (err == IMSAKA_SECAGREE_OK)
	{
		hdr->order[hdr->order_count++] = IMSAKA_DIGEST_PARAM_COUNT +
										 hdr->unknown_count - 1;
	}
	return err;
}

/**
 * Parse scheme and parameters of hdr->text[0..len).
 */
static imsaka_secagree_err_t parse_params(imsaka_digest_t *hdr, size_t len)
{
	const char *s = hdr->text;
	imsaka_lex_param_t p;
	imsaka_secagree_err_t err;
	size_t pos, start;

	pos = start = imsaka_lex_ws(s, len, 0);
	if (pos == len)
	{
		return IMSAKA_SECAGREE_ERR_EMPTY;
	}
	pos = imsaka_lex_token(s, len, pos);
	if (!imsaka_lex_ieq(s + start, pos - start, "Digest") ||
		(pos < len && s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\r' &&
		 s[pos] != '\n'))
	{
		hdr->error_offset = start;
		return IMSAKA_SECAGREE_ERR_BAD_SCHEME;
	}
	if (imsaka_lex_ws(s, len, pos) == len)
	{
		hdr->error_offset = pos;
		return IMSAKA_SECAGREE_ERR_MISSING_PARAM;
	}
	while (true)
	{
		err = imsaka_lex_param(s, len, &pos, IMSAKA_SECAGREE_MAX_NAME,
							   IMSAKA_DIGEST_MAX_VALUE, &p);
		if (err == IMSAKA_SECAGREE_OK)
		{
			err = add_param(hdr, &p);
			if (err != IMSAKA_SECAGREE_OK)
			{
				pos = p.name;
			}
		}
		if (err != IMSAKA_SECAGREE_OK)
		{
			hdr->error_offset = pos;
			return err;
		}
		pos = imsaka_lex_ws(s, len, pos);
		if (pos == len)
		{
			break;
		}
		if (s[pos] != ',')
		{
			hdr->error_offset = pos;
			return IMSAKA_SECAGREE_ERR_GARBAGE;
		}
		pos++;
	}
	if ((hdr->present & required[hdr->kind]) != required[hdr->kind])
	{
		hdr->error_offset = len;
		return IMSAKA_SECAGREE_ERR_MISSING_PARAM;
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
void imsaka_digest_init(imsaka_digest_t *hdr, imsaka_digest_kind_t kind)
{
	hdr->kind = kind;
	hdr->present = 0;
	hdr->alg = IMSAKA_DIGEST_ALG_NONE;
	hdr->nc = 0;
	hdr->unknown_count = 0;
	hdr->order_count = 0;
	hdr->error_offset = 0;
	hdr->text_len = 0;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_digest_parse(imsaka_digest_t *hdr,
									imsaka_digest_kind_t kind,
									const char *value, size_t len)
{
	imsaka_secagree_err_t err;

	imsaka_digest_init(hdr, kind);
	if (len > IMSAKA_DIGEST_MAX_TEXT)
	{
		return IMSAKA_SECAGREE_ERR_TOO_LONG;
	}
	memcpy(hdr->text, value, len);
	hdr->text_len = len;
	err = parse_params(hdr, len);
	if (err != IMSAKA_SECAGREE_OK)
	{
		imsaka_digest_wipe(hdr);
	}
	return err;
}

/**
 * Append to an output buffer, remembering overflow.
 */
static void put(char *buf, size_t size, size_t *pos, bool *overflow,
				const char *s, size_t len)
{
	if (*overflow || len >= size - *pos)
	{
		*overflow = true;
		return;
	}
	memcpy(buf + *pos, s, len);
	*pos += len;
	buf[*pos] = '\0';
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_digest_build(const imsaka_digest_t *hdr, char *buf,
									size_t size, size_t *len)
{
	const imsaka_secagree_unknown_t *unknown;
	const imsaka_secagree_text_t *value;
	bool overflow = size == 0, first = true;
	size_t pos = 0;
	unsigned int i, id;

	put(buf, size, &pos, &overflow, "Digest ", 7);
	for (i = 0; i < hdr->order_count; i++)
	{
		id = hdr->order[i];
		if (id < IMSAKA_DIGEST_PARAM_COUNT && !(hdr->present & BIT(id)))
		{
			continue;	/* stripped */
		}
		if (!first)
		{
			put(buf, size, &pos, &overflow, ", ", 2);
		}
		first = false;
		if (id < IMSAKA_DIGEST_PARAM_COUNT)
		{
			put(buf, size, &pos, &overflow, params[id].name,
				strlen(params[id].name));
			value = &hdr->values[id];
		}
		else
		{
			unknown = &hdr->unknown[id - IMSAKA_DIGEST_PARAM_COUNT];
			put(buf, size, &pos, &overflow, hdr->text + unknown->name.off,
				unknown->name.len);
			value = &unknown->value;
		}
		put(buf, size, &pos, &overflow, "=", 1);
		put(buf, size, &pos, &overflow, hdr->text + value->off, value->len);
	}
	if (overflow)
	{
		if (size)
		{
			buf[0] = '\0';
		}
		return IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL;
	}
	if (len)
	{
		*len = pos;
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_digest_set(imsaka_digest_t *hdr,
								  imsaka_digest_param_t param,
								  const char *value)
{
	size_t len = strlen(value), start = hdr->text_len, i;
	bool quoted = params[param].quoted[hdr->kind];
	imsaka_secagree_err_t err;

	if ((unsigned)param >= IMSAKA_DIGEST_PARAM_COUNT)
	{
		return IMSAKA_SECAGREE_ERR_BAD_PARAM;
	}
	for (i = 0; i < len; i++)
	{
		if (value[i] == '"' || value[i] == '\\' ||
			(unsigned char)value[i] < 0x20 ||
			(!quoted && !imsaka_lex_is_token(value[i])))
		{
			return IMSAKA_SECAGREE_ERR_BAD_VALUE;
		}
	}
	if (len + 2 > IMSAKA_DIGEST_MAX_VALUE ||
		len + 2 > IMSAKA_DIGEST_MAX_TEXT - start)
	{
		return IMSAKA_SECAGREE_ERR_TOO_LONG;
	}
	if (!quoted && !len)
	{
		return IMSAKA_SECAGREE_ERR_BAD_VALUE;
	}
	if (quoted)
	{
		hdr->text[hdr->text_len++] = '"';
	}
	memcpy(hdr->text + hdr->text_len, value, len);
	hdr->text_len += len;
	if (quoted)
	{
		hdr->text[hdr->text_len++] = '"';
	}
	err = check_value(hdr, param, hdr->text + start, hdr->text_len - start);
	if (err != IMSAKA_SECAGREE_OK)
	{
		hdr->text_len = start;
		return err;
	}
	if (!(hdr->present & BIT(param)))
	{
		if (hdr->order_count == IMSAKA_DIGEST_MAX_PARAMS)
		{
			hdr->text_len = start;
			return IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS;
		}
		hdr->order[hdr->order_count++] = param;
	}
	hdr->present |= BIT(param);
	hdr->values[param].off = start;
	hdr->values[param].len = hdr->text_len - start;
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
bool imsaka_digest_get(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
					   const char **value, size_t *len)
{
	const char *v;
	size_t l;

	if ((unsigned)param >= IMSAKA_DIGEST_PARAM_COUNT ||
		!(hdr->present & BIT(param)))
	{
		return false;
	}
	v = hdr->text + hdr->values[param].off;
	l = hdr->values[param].len;
	if (!imsaka_lex_unquote(v, l, value, len))
	{
		*value = v;
		*len = l;
	}
	return true;
}

/*
 * Described in header
 */
void imsaka_digest_strip_keys(imsaka_digest_t *hdr)
{
	static const imsaka_digest_param_t keys[] = {
		IMSAKA_DIGEST_CK, IMSAKA_DIGEST_IK,
	};
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
	{
		if (hdr->present & BIT(keys[i]))
		{
			OPENSSL_cleanse(hdr->text + hdr->values[keys[i]].off,
							hdr->values[keys[i]].len);
			hdr->present &= ~BIT(keys[i]);
		}
	}
	OPENSSL_cleanse(hdr->ck, sizeof(hdr->ck));
	OPENSSL_cleanse(hdr->ik, sizeof(hdr->ik));
}

/*
 * Described in header
 */
void imsaka_digest_wipe(imsaka_digest_t *hdr)
{
	OPENSSL_cleanse(hdr->text, hdr->text_len);
	OPENSSL_cleanse(hdr->ck, sizeof(hdr->ck));
	OPENSSL_cleanse(hdr->ik, sizeof(hdr->ik));
	hdr->present = 0;
	hdr->order_count = 0;
	hdr->unknown_count = 0;
}

/**
 * Compare two pieces of text of two headers.
 */
static bool text_eq(const imsaka_digest_t *a, imsaka_secagree_text_t ta,
					const imsaka_digest_t *b, imsaka_secagree_text_t tb, bool icase)
{
	return imsaka_lex_equal(a->text + ta.off, ta.len, b->text + tb.off, tb.len,
							icase);
}

/*
 * Described in header
 */
bool imsaka_digest_equals(const imsaka_digest_t *a, const imsaka_digest_t *b)
{
	unsigned int i;

	if (a->present != b->present || a->unknown_count != b->unknown_count ||
		a->alg != b->alg)
	{
		return false;
	}
	for (i = 0; i < IMSAKA_DIGEST_PARAM_COUNT; i++)
	{
		if ((a->present & BIT(i)) &&
			!text_eq(a, a->values[i], b, b->values[i],
					 params[i].check == CHECK_ALG))
		{
			return false;
		}
	}
	for (i = 0; i < a->unknown_count; i++)
	{
		if (!text_eq(a, a->unknown[i].name, b, b->unknown[i].name, true) ||
			!text_eq(a, a->unknown[i].value, b, b->unknown[i].value, false))
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
const char *imsaka_digest_param_name(imsaka_digest_param_t param)
{
	return (unsigned)param < IMSAKA_DIGEST_PARAM_COUNT ? params[param].name
													   : "?";
}

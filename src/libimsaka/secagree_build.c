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

#include <stdio.h>
#include <string.h>

/**
 * Output buffer being filled; overflow is remembered, not reported at
 * each step.
 */
typedef struct {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
	bool too_many;
} out_t;

static void put(out_t *out, const char *s, size_t len)
{
	if (out->overflow || len >= out->size - out->len)
	{
		out->overflow = true;
		return;
	}
	memcpy(out->buf + out->len, s, len);
	out->len += len;
	out->buf[out->len] = '\0';
}

static void puts_(out_t *out, const char *s)
{
	put(out, s, strlen(s));
}

static void put_text(out_t *out, const imsaka_secagree_list_t *list,
					 imsaka_secagree_text_t text)
{
	put(out, list->text + text.off, text.len);
}

static void put_hex(out_t *out, const uint8_t *bytes, size_t len)
{
	char hex[2 * IMSAKA_SECAGREE_MAX_SID + 1];

	imsaka_hex_encode(bytes, len, hex);
	put(out, hex, 2 * len);
}

/**
 * Print a qvalue with no trailing zeros.
 */
static void put_q(out_t *out, unsigned int q)
{
	char buf[8];
	int len;

	if (q >= 1000 || q == 0)
	{
		puts_(out, q ? "1" : "0");
		return;
	}
	len = snprintf(buf, sizeof(buf), "0.%03u", q);
	while (buf[len - 1] == '0')
	{
		len--;
	}
	put(out, buf, len);
}

/**
 * Print the value of a known parameter.
 */
static void put_value(out_t *out, const imsaka_secagree_list_t *list,
					  const imsaka_secagree_entry_t *entry,
					  const imsaka_secagree_param_desc_t *desc)
{
	const uint8_t *field = (const uint8_t *)entry + desc->offset;
	char buf[IMSAKA_ADDR_STRLEN];
	int i;

	switch (desc->kind)
	{
		case IMSAKA_SECAGREE_KIND_FLAG:
			return;
		case IMSAKA_SECAGREE_KIND_Q:
			put(out, "=", 1);
			put_q(out, *(const uint16_t *)field);
			return;
		case IMSAKA_SECAGREE_KIND_ENUM:
			put(out, "=", 1);
			put(out, desc->names[*(const int *)field].name,
				desc->names[*(const int *)field].len);
			return;
		case IMSAKA_SECAGREE_KIND_SPI:
			snprintf(buf, sizeof(buf), "=%u", *(const uint32_t *)field);
			puts_(out, buf);
			return;
		case IMSAKA_SECAGREE_KIND_PORT:
			snprintf(buf, sizeof(buf), "=%u", *(const uint16_t *)field);
			puts_(out, buf);
			return;
		case IMSAKA_SECAGREE_KIND_TOKEN:
			put(out, "=", 1);
			put_text(out, list, *(const imsaka_secagree_text_t *)field);
			return;
		case IMSAKA_SECAGREE_KIND_DVER:
			put(out, "=\"", 2);
			put_hex(out, field, 16);
			put(out, "\"", 1);
			return;
		case IMSAKA_SECAGREE_KIND_SUITES:
			put(out, "=", 1);
			for (i = 0; i < entry->suite_count; i++)
			{
				snprintf(buf, sizeof(buf), "%s%04x", i ? "." : "",
						 entry->suites[i]);
				puts_(out, buf);
			}
			return;
		case IMSAKA_SECAGREE_KIND_SID:
			put(out, "=", 1);
			put_hex(out, entry->sid, entry->sid_len);
			return;
		case IMSAKA_SECAGREE_KIND_HASH:
			put(out, "=", 1);
			put_hex(out, field, IMSAKA_SECAGREE_HASH_LEN);
			return;
		case IMSAKA_SECAGREE_KIND_ADDR:
			put(out, "=\"", 2);
			put(out, buf, imsaka_addr_format((const imsaka_addr_t *)field, buf,
											 sizeof(buf)));
			put(out, "\"", 1);
			return;
	}
}

/**
 * Print one parameter, known (id < IMSAKA_SECAGREE_P_COUNT) or unknown.
 */
static void put_param(out_t *out, const imsaka_secagree_list_t *list,
					  const imsaka_secagree_entry_t *entry, unsigned int id)
{
	const imsaka_secagree_unknown_t *unknown;

	put(out, ";", 1);
	if (id < IMSAKA_SECAGREE_P_COUNT)
	{
		puts_(out, imsaka_secagree_param_desc(id)->name);
		put_value(out, list, entry, imsaka_secagree_param_desc(id));
		return;
	}
	unknown = &entry->unknown[id - IMSAKA_SECAGREE_P_COUNT];
	put_text(out, list, unknown->name);
	if (unknown->has_value)
	{
		put(out, "=", 1);
		put_text(out, list, unknown->value);
	}
}

static void put_entry(out_t *out, const imsaka_secagree_list_t *list,
					  const imsaka_secagree_entry_t *entry)
{
	uint32_t done = 0;
	unsigned int i, id;

	/* never print what the parser would refuse */
	if (__builtin_popcount(entry->present) + entry->unknown_count >
		IMSAKA_SECAGREE_MAX_PARAMS)
	{
		out->too_many = true;
		return;
	}
	if (entry->mech == IMSAKA_SECAGREE_MECH_OTHER)
	{
		put_text(out, list, entry->mech_name);
	}
	else
	{
		puts_(out, imsaka_secagree_mech_name(entry->mech));
	}
	/* received order first, so a mirrored header reads the same */
	for (i = 0; i < entry->order_count; i++)
	{
		id = entry->order[i];
		if (id >= IMSAKA_SECAGREE_P_COUNT)
		{
			if (id - IMSAKA_SECAGREE_P_COUNT < entry->unknown_count)
			{
				put_param(out, list, entry, id);
			}
		}
		else if ((entry->present & IMSAKA_SECAGREE_BIT(id)) &&
				 !(done & IMSAKA_SECAGREE_BIT(id)))
		{
			put_param(out, list, entry, id);
			done |= IMSAKA_SECAGREE_BIT(id);
		}
	}
	for (id = 0; id < IMSAKA_SECAGREE_P_COUNT; id++)
	{
		if ((entry->present & IMSAKA_SECAGREE_BIT(id)) && !(done & IMSAKA_SECAGREE_BIT(id)))
		{
			put_param(out, list, entry, id);
		}
	}
}

static imsaka_secagree_err_t finish(out_t *out, size_t *len)
{
	if (out->overflow || out->too_many)
	{
		if (out->size)
		{
			out->buf[0] = '\0';
		}
		return out->too_many ? IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS
							 : IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL;
	}
	if (len)
	{
		*len = out->len;
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_entry_build(const imsaka_secagree_list_t *list,
									  const imsaka_secagree_entry_t *entry,
									  char *buf, size_t size, size_t *len)
{
	out_t out = { .buf = buf, .size = size, .overflow = size == 0 };

	if (size)
	{
		buf[0] = '\0';
	}
	put_entry(&out, list, entry);
	return finish(&out, len);
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_list_build(const imsaka_secagree_list_t *list, char *buf,
									 size_t size, size_t *len)
{
	out_t out = { .buf = buf, .size = size, .overflow = size == 0 };
	unsigned int i;

	if (size)
	{
		buf[0] = '\0';
	}
	for (i = 0; i < list->count; i++)
	{
		if (i)
		{
			put(&out, ", ", 2);
		}
		put_entry(&out, list, &list->entries[i]);
	}
	return finish(&out, len);
}

/**
 * Compare two pieces of text of two lists.
 */
static bool text_eq(const imsaka_secagree_list_t *la, imsaka_secagree_text_t a,
					const imsaka_secagree_list_t *lb, imsaka_secagree_text_t b, bool icase)
{
	return imsaka_lex_equal(la->text + a.off, a.len, lb->text + b.off, b.len,
							icase);
}

/**
 * Compare the value of one known parameter present in both.
 */
static bool value_eq(const imsaka_secagree_list_t *la, const imsaka_secagree_entry_t *a,
					 const imsaka_secagree_list_t *lb, const imsaka_secagree_entry_t *b,
					 const imsaka_secagree_param_desc_t *desc)
{
	const uint8_t *fa = (const uint8_t *)a + desc->offset;
	const uint8_t *fb = (const uint8_t *)b + desc->offset;

	switch (desc->kind)
	{
		case IMSAKA_SECAGREE_KIND_FLAG:
			return true;
		case IMSAKA_SECAGREE_KIND_Q:
		case IMSAKA_SECAGREE_KIND_PORT:
			return *(const uint16_t *)fa == *(const uint16_t *)fb;
		case IMSAKA_SECAGREE_KIND_ENUM:
			return *(const int *)fa == *(const int *)fb;
		case IMSAKA_SECAGREE_KIND_SPI:
			return *(const uint32_t *)fa == *(const uint32_t *)fb;
		case IMSAKA_SECAGREE_KIND_TOKEN:
			return text_eq(la, *(const imsaka_secagree_text_t *)fa,
						   lb, *(const imsaka_secagree_text_t *)fb, true);
		case IMSAKA_SECAGREE_KIND_DVER:
			return !memcmp(fa, fb, 16);
		case IMSAKA_SECAGREE_KIND_SUITES:
			return a->suite_count == b->suite_count &&
				   !memcmp(a->suites, b->suites,
						   a->suite_count * sizeof(a->suites[0]));
		case IMSAKA_SECAGREE_KIND_SID:
			return a->sid_len == b->sid_len &&
				   !memcmp(a->sid, b->sid, a->sid_len);
		case IMSAKA_SECAGREE_KIND_HASH:
			return !memcmp(fa, fb, IMSAKA_SECAGREE_HASH_LEN);
		case IMSAKA_SECAGREE_KIND_ADDR:
			return imsaka_addr_equals((const imsaka_addr_t *)fa,
									  (const imsaka_addr_t *)fb);
	}
	return false;
}

/*
 * Described in header
 */
bool imsaka_secagree_entry_equals(const imsaka_secagree_list_t *la,
							const imsaka_secagree_entry_t *a,
							const imsaka_secagree_list_t *lb,
							const imsaka_secagree_entry_t *b, uint32_t ignore)
{
	unsigned int i;

	if (a->mech != b->mech || a->unsupported != b->unsupported ||
		a->unknown_count != b->unknown_count ||
		(a->mech == IMSAKA_SECAGREE_MECH_OTHER &&
		 !text_eq(la, a->mech_name, lb, b->mech_name, true)))
	{
		return false;
	}
	if (!imsaka_secagree_entry_params_equal(la, a, lb, b, ~ignore))
	{
		return false;
	}
	for (i = 0; i < a->unknown_count; i++)
	{
		if (a->unknown[i].has_value != b->unknown[i].has_value ||
			!text_eq(la, a->unknown[i].name, lb, b->unknown[i].name, true) ||
			!text_eq(la, a->unknown[i].value, lb, b->unknown[i].value, false))
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_secagree_entry_params_equal(const imsaka_secagree_list_t *la,
								  const imsaka_secagree_entry_t *a,
								  const imsaka_secagree_list_t *lb,
								  const imsaka_secagree_entry_t *b, uint32_t only)
{
	uint32_t present = a->present & only;
	unsigned int id;

	if (present != (b->present & only))
	{
		return false;
	}
	for (id = 0; id < IMSAKA_SECAGREE_P_COUNT; id++)
	{
		if ((present & IMSAKA_SECAGREE_BIT(id)) &&
			!value_eq(la, a, lb, b, imsaka_secagree_param_desc(id)))
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_secagree_list_equals(const imsaka_secagree_list_t *a, const imsaka_secagree_list_t *b,
						   uint32_t ignore)
{
	unsigned int i;

	if (a->count != b->count)
	{
		return false;
	}
	for (i = 0; i < a->count; i++)
	{
		if (!imsaka_secagree_entry_equals(a, &a->entries[i], b, &b->entries[i],
									ignore))
		{
			return false;
		}
	}
	return true;
}

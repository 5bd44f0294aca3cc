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

#include "scscf_subscribers.h"
#include "scscf_config.h"

#include <hex.h>
#include <library.h>
#include <collections/hashtable.h>
#include <settings/settings.h>

#include <sys/stat.h>

typedef struct private_scscf_subscribers_t private_scscf_subscribers_t;

/**
 * Private data of a scscf_subscribers_t object.
 */
struct private_scscf_subscribers_t {

	/**
	 * Public interface
	 */
	scscf_subscribers_t public;

	/**
	 * Subscribers, each allocated on its own (the indexes point into them)
	 */
	scscf_subscriber_t **list;

	/**
	 * Number of subscribers
	 */
	int count;

	/**
	 * Entries of list allocated
	 */
	int size;

	/**
	 * scscf_subscriber_t by impi
	 */
	hashtable_t *by_impi;

	/**
	 * scscf_subscriber_t by each of its impus
	 */
	hashtable_t *by_impu;
};

METHOD(scscf_subscribers_t, find_impi, scscf_subscriber_t*,
	private_scscf_subscribers_t *this, const char *impi)
{
	return this->by_impi->get(this->by_impi, impi);
}

METHOD(scscf_subscribers_t, find_impu, scscf_subscriber_t*,
	private_scscf_subscribers_t *this, const char *impu)
{
	return this->by_impu->get(this->by_impu, impu);
}

METHOD(scscf_subscribers_t, count, int,
	private_scscf_subscribers_t *this)
{
	return this->count;
}

METHOD(scscf_subscribers_t, get, scscf_subscriber_t*,
	private_scscf_subscribers_t *this, int i)
{
	return this->list[i];
}

/**
 * Wipe and free a subscriber (it holds K and OPc, expanded)
 */
static void subscriber_free(scscf_subscriber_t *sub)
{
	memwipe(sub, sizeof(*sub));
	free(sub);
}

METHOD(scscf_subscribers_t, destroy, void,
	private_scscf_subscribers_t *this)
{
	int i;

	for (i = 0; i < this->count; i++)
	{
		subscriber_free(this->list[i]);
	}
	free(this->list);
	this->by_impi->destroy(this->by_impi);
	this->by_impu->destroy(this->by_impu);
	free(this);
}

/**
 * Where an entry is: below "subscribers", or below a group there
 */
typedef struct {
	/** group name, NULL if none */
	const char *group;
	/** entry name */
	const char *name;
} entry_at_t;

/**
 * A value of an entry (the settings take names as printf arguments, where
 * a dot does not separate sections)
 */
static const char *entry_str(settings_t *settings, const entry_at_t *at,
							 const char *key, const char *def)
{
	if (at->group)
	{
		return settings->get_str(settings, "subscribers.%s.%s.%s", (char*)def,
								 at->group, at->name, key);
	}
	return settings->get_str(settings, "subscribers.%s.%s", (char*)def,
							 at->name, key);
}

/**
 * Whether an IMPI is usable as Digest username: printable, no quote,
 * backslash or space
 */
static bool impi_valid(const char *impi)
{
	const char *c;

	if (!*impi || strlen(impi) >= SCSCF_MAX_ID)
	{
		return FALSE;
	}
	for (c = impi; *c; c++)
	{
		if (*c <= ' ' || *c > '~' || *c == '"' || *c == '\\')
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Parse the comma-separated IMPUs of an entry
 */
static bool parse_impus(scscf_subscriber_t *sub, const char *value)
{
	char item[SCSCF_MAX_ID];
	const char *list = value, *pos;
	size_t len;

	while ((pos = scscf_config_list_next(&list, &len)))
	{
		if (len >= sizeof(item))
		{
			DBG0(DBG_CFG, "subscriber '%s': impu '%.*s...' too long",
				 sub->name, 32, pos);
			return FALSE;
		}
		if (sub->impu_count == SCSCF_MAX_IMPUS)
		{
			DBG0(DBG_CFG, "subscriber '%s': impu: more than %d identities",
				 sub->name, SCSCF_MAX_IMPUS);
			return FALSE;
		}
		memcpy(item, pos, len);
		item[len] = '\0';
		if (!scscf_impu_key_text(item, sub->impus[sub->impu_count],
								 SCSCF_MAX_ID))
		{
			DBG0(DBG_CFG, "subscriber '%s': impu '%s' is not a sip:, sips: "
				 "or tel: URI", sub->name, item);
			return FALSE;
		}
		sub->impu_count++;
	}
	if (!sub->impu_count)
	{
		DBG0(DBG_CFG, "subscriber '%s': impu missing", sub->name);
		return FALSE;
	}
	return TRUE;
}

/**
 * Read the keys of an entry; they never appear in a log line
 */
static bool parse_keys(const scscf_subscriber_fields_t *fields,
					   scscf_subscriber_t *sub)
{
	uint8_t k[IMSAKA_K_LEN], op[IMSAKA_OP_LEN], opc[IMSAKA_OP_LEN];
	const char *hk = fields->k, *hop = fields->op, *hopc = fields->opc;
	const char *hamf = fields->amf ?: "8000";
	bool ok = FALSE;

	if (!hk || !imsaka_hex_decode(hk, k, sizeof(k)))
	{
		DBG0(DBG_CFG, "subscriber '%s': k %s", sub->name,
			 hk ? "is not 32 hex digits" : "missing");
	}
	else if (!hop == !hopc)
	{
		DBG0(DBG_CFG, "subscriber '%s': give op or opc, exactly one",
			 sub->name);
	}
	else if (hop && !imsaka_hex_decode(hop, op, sizeof(op)))
	{
		DBG0(DBG_CFG, "subscriber '%s': op is not 32 hex digits", sub->name);
	}
	else if (hopc && !imsaka_hex_decode(hopc, opc, sizeof(opc)))
	{
		DBG0(DBG_CFG, "subscriber '%s': opc is not 32 hex digits", sub->name);
	}
	else if (!imsaka_hex_decode(hamf, sub->amf, sizeof(sub->amf)))
	{
		DBG0(DBG_CFG, "subscriber '%s': amf '%s' is not 4 hex digits",
			 sub->name, hamf);
	}
	else
	{
		if (hop)
		{
			imsaka_milenage_opc(k, op, opc);
		}
		imsaka_milenage_init(&sub->milenage, k, opc);
		ok = TRUE;
	}
	memwipe(k, sizeof(k));
	memwipe(op, sizeof(op));
	memwipe(opc, sizeof(opc));
	return ok;
}

/**
 * Check for IMPIs and IMPUs given twice
 */
static bool check_unique(private_scscf_subscribers_t *this,
						 scscf_subscriber_t *sub)
{
	scscf_subscriber_t *other;
	int i;

	other = find_impi(this, sub->impi);
	if (other)
	{
		DBG0(DBG_CFG, "subscriber '%s': impi '%s' is also subscriber '%s'",
			 sub->name, sub->impi, other->name);
		return FALSE;
	}
	for (i = 0; i < sub->impu_count; i++)
	{
		other = find_impu(this, sub->impus[i]);
		if (other)
		{
			DBG0(DBG_CFG, "subscriber '%s': impu '%s' is also subscriber '%s'",
				 sub->name, sub->impus[i], other->name);
			return FALSE;
		}
	}
	return TRUE;
}

METHOD(scscf_subscribers_t, add, bool,
	private_scscf_subscribers_t *this, const scscf_subscriber_fields_t *fields)
{
	const char *name = fields->name;
	scscf_subscriber_t *sub;
	int i;

	if (this->count == SCSCF_MAX_SUBSCRIBERS)
	{
		DBG0(DBG_CFG, "more than %d subscribers", SCSCF_MAX_SUBSCRIBERS);
		return FALSE;
	}
	if (this->count == this->size)
	{	/* pointers only: the subscribers themselves do not move */
		scscf_subscriber_t **list;

		list = realloc(this->list, max(16, this->size * 2) * sizeof(*list));
		if (!list)
		{
			DBG0(DBG_CFG, "subscriber '%.32s': out of memory", name);
			return FALSE;
		}
		this->list = list;
		this->size = max(16, this->size * 2);
	}
	if (strlen(name) >= sizeof(sub->name))
	{
		DBG0(DBG_CFG, "subscriber '%.32s...': name too long", name);
		return FALSE;
	}
	sub = calloc(1, sizeof(*sub));
	if (!sub)
	{
		DBG0(DBG_CFG, "subscriber '%s': out of memory", name);
		return FALSE;
	}
	snprintf(sub->name, sizeof(sub->name), "%s", name);
	if (!fields->impi || !impi_valid(fields->impi))
	{
		DBG0(DBG_CFG, "subscriber '%s': impi %s", name, fields->impi ?
			 "is empty, too long or holds spaces, quotes or control "
			 "characters" : "missing");
		subscriber_free(sub);
		return FALSE;
	}
	snprintf(sub->impi, sizeof(sub->impi), "%s", fields->impi);
	if (!parse_impus(sub, fields->impu ?: "") || !parse_keys(fields, sub) ||
		!check_unique(this, sub))
	{
		subscriber_free(sub);
		return FALSE;
	}
	imsaka_sqn_he_init(&sub->sqn, IMSAKA_SQN_IND_BITS);
	this->list[this->count++] = sub;
	this->by_impi->put(this->by_impi, sub->impi, sub);
	for (i = 0; i < sub->impu_count; i++)
	{
		this->by_impu->put(this->by_impu, sub->impus[i], sub);
	}
	return TRUE;
}

METHOD(scscf_subscribers_t, set_ind, void,
	private_scscf_subscribers_t *this, unsigned ind)
{
	uint64_t last;
	int i;

	for (i = 0; i < this->count; i++)
	{	/* keeps what was issued (an SQN state file read before) */
		last = this->list[i]->sqn.last_seq;
		imsaka_sqn_he_init_ind(&this->list[i]->sqn, IMSAKA_SQN_IND_BITS, ind);
		this->list[i]->sqn.last_seq = last;
	}
}

/**
 * Read one entry of the file
 */
static bool parse_entry(private_scscf_subscribers_t *this,
						settings_t *settings, const entry_at_t *at)
{
	scscf_subscriber_fields_t fields = {
		.name = at->name,
		.impi = entry_str(settings, at, "impi", NULL),
		.impu = entry_str(settings, at, "impu", NULL),
		.k = entry_str(settings, at, "k", NULL),
		.op = entry_str(settings, at, "op", NULL),
		.opc = entry_str(settings, at, "opc", NULL),
		.amf = entry_str(settings, at, "amf", NULL),
	};

	return add(this, &fields);
}

/**
 * Whether a section below "subscribers" groups subscribers: it has
 * subsections and no key of its own
 */
static bool is_group(settings_t *settings, const char *name)
{
	enumerator_t *enumerator;
	char *key, *value, *sub;
	bool keys, subsections;

	enumerator = settings->create_key_value_enumerator(settings,
													   "subscribers.%s", name);
	keys = enumerator->enumerate(enumerator, &key, &value);
	enumerator->destroy(enumerator);
	enumerator = settings->create_section_enumerator(settings,
													 "subscribers.%s", name);
	subsections = enumerator->enumerate(enumerator, &sub);
	enumerator->destroy(enumerator);
	return subsections && !keys;
}

/**
 * Read the entries below "subscribers", or below one group of it (groups
 * are one level deep: strongSwan's settings parser sorts a section's
 * subsections on every one added, so 100,000 in one section take minutes)
 */
static bool parse_section(private_scscf_subscribers_t *this,
						  settings_t *settings, const char *group)
{
	enumerator_t *enumerator;
	entry_at_t at = {
		.group = group,
	};
	char *name;
	bool ok = TRUE;

	if (group)
	{
		enumerator = settings->create_section_enumerator(settings,
											"subscribers.%s", group);
	}
	else
	{
		enumerator = settings->create_section_enumerator(settings,
														 "subscribers");
	}
	while (ok && enumerator->enumerate(enumerator, &name))
	{
		if (!group && is_group(settings, name))
		{
			ok = parse_section(this, settings, name);
			continue;
		}
		at.name = name;
		ok = parse_entry(this, settings, &at);
	}
	enumerator->destroy(enumerator);
	return ok;
}

/*
 * Described in header
 */
scscf_subscribers_t *scscf_subscribers_create(void)
{
	private_scscf_subscribers_t *this;

	INIT(this,
		.public = {
			.find_impi = _find_impi,
			.find_impu = _find_impu,
			.add = _add,
			.set_ind = _set_ind,
			.count = _count,
			.get = _get,
			.destroy = _destroy,
		},
		.by_impi = hashtable_create(hashtable_hash_str, hashtable_equals_str,
									64),
		.by_impu = hashtable_create(hashtable_hash_str, hashtable_equals_str,
									64),
	);
	return &this->public;
}

/**
 * Build the table from loaded settings
 */
static scscf_subscribers_t *create(settings_t *settings)
{
	private_scscf_subscribers_t *this;
	bool ok;

	this = (private_scscf_subscribers_t*)scscf_subscribers_create();
	ok = parse_section(this, settings, NULL);
	if (ok && !this->count)
	{
		DBG0(DBG_CFG, "no subscribers (sections below 'subscribers')");
		ok = FALSE;
	}
	if (!ok)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}

/*
 * Described in header
 */
scscf_subscribers_t *scscf_subscribers_load(const char *file)
{
	scscf_subscribers_t *subscribers = NULL;
	settings_t *settings;
	struct stat st;

	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
	{
		DBG0(DBG_CFG, "subscribers file '%s' missing or not a file", file);
		return NULL;
	}
	settings = settings_create(NULL);
	if (!settings->load_files(settings, (char*)file, FALSE))
	{
		DBG0(DBG_CFG, "subscribers file '%s' does not parse", file);
	}
	else
	{
		subscribers = create(settings);
		if (subscribers)
		{
			DBG1(DBG_CFG, "%d subscribers from '%s'",
				 subscribers->count(subscribers), file);
		}
	}
	settings->destroy_clear(settings);
	return subscribers;
}

/*
 * Described in header
 */
scscf_subscribers_t *scscf_subscribers_load_string(const char *text)
{
	scscf_subscribers_t *subscribers = NULL;
	settings_t *settings;

	settings = settings_create(NULL);
	if (settings->load_string(settings, (char*)text, FALSE))
	{
		subscribers = create(settings);
	}
	else
	{
		DBG0(DBG_CFG, "subscribers do not parse");
	}
	settings->destroy_clear(settings);
	return subscribers;
}

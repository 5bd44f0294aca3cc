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

#include "imsaka_subscriber.h"

#include <daemon.h>

#include <hex.h>

/**
 * Take the value of "name=" at the start of a text field
 */
static bool field_value(char *field, const char *name, char **value)
{
	size_t len = strlen(name);

	if (strncmp(field, name, len) == 0 && field[len] == '=')
	{
		*value = field + len + 1;
		return TRUE;
	}
	return FALSE;
}

/**
 * Parse the text form "k=HEX,op=HEX|opc=HEX[,amf=HEX]"
 */
static bool parse_text(chunk_t secret, imsaka_subscriber_t *sub,
					   const char **err)
{
	char buf[IMSAKA_SUBSCRIBER_TEXT_MAX + 1], *pos, *field, *value;
	uint8_t k[IMSAKA_K_LEN], op[IMSAKA_OP_LEN], opc[IMSAKA_OP_LEN];
	bool has_k = FALSE, has_op = FALSE, has_opc = FALSE, ok = FALSE;

	if (secret.len > IMSAKA_SUBSCRIBER_TEXT_MAX)
	{
		*err = "secret text too long";
		return FALSE;
	}
	memcpy(buf, secret.ptr, secret.len);
	/* only called for printable secrets, so no NUL inside */
	buf[secret.len] = '\0';
	pos = buf;
	while ((field = strsep(&pos, ",")))
	{
		while (*field == ' ' || *field == '\t')
		{
			field++;
		}
		if (field_value(field, "k", &value))
		{
			if (has_k || !imsaka_hex_decode(value, k, sizeof(k)))
			{
				*err = has_k ? "k given twice" : "k is not 16 bytes of hex";
				goto out;
			}
			has_k = TRUE;
		}
		else if (field_value(field, "op", &value))
		{
			if (has_op || has_opc || !imsaka_hex_decode(value, op, sizeof(op)))
			{
				*err = (has_op || has_opc) ? "op or opc given twice"
										   : "op is not 16 bytes of hex";
				goto out;
			}
			has_op = TRUE;
		}
		else if (field_value(field, "opc", &value))
		{
			if (has_op || has_opc ||
				!imsaka_hex_decode(value, opc, sizeof(opc)))
			{
				*err = (has_op || has_opc) ? "op or opc given twice"
										   : "opc is not 16 bytes of hex";
				goto out;
			}
			has_opc = TRUE;
		}
		else if (field_value(field, "amf", &value))
		{
			if (sub->has_amf ||
				!imsaka_hex_decode(value, sub->amf, sizeof(sub->amf)))
			{
				*err = sub->has_amf ? "amf given twice"
									: "amf is not 2 bytes of hex";
				goto out;
			}
			sub->has_amf = TRUE;
		}
		else
		{
			*err = "unknown field (expected k=, op=, opc= or amf=)";
			goto out;
		}
	}
	if (!has_k || !(has_op || has_opc))
	{
		*err = "secret text needs k= and one of op= or opc=";
		goto out;
	}
	if (has_op)
	{
		imsaka_milenage_opc(k, op, opc);
	}
	imsaka_milenage_init(&sub->milenage, k, opc);
	ok = TRUE;

out:
	memwipe(buf, sizeof(buf));
	memwipe(k, sizeof(k));
	memwipe(op, sizeof(op));
	memwipe(opc, sizeof(opc));
	return ok;
}

/*
 * Described in header
 */
bool imsaka_subscriber_parse(chunk_t secret, imsaka_subscriber_t *sub,
							 const char **err)
{
	uint8_t zero[IMSAKA_OP_LEN] = {};

	memset(sub, 0, sizeof(*sub));
	switch (secret.len)
	{
		case IMSAKA_K_LEN:
			imsaka_milenage_init(&sub->milenage, secret.ptr, zero);
			return TRUE;
		case IMSAKA_K_LEN + IMSAKA_OP_LEN:
			/* the text form is always longer than this */
			imsaka_milenage_init(&sub->milenage, secret.ptr,
								 secret.ptr + IMSAKA_K_LEN);
			return TRUE;
		default:
			break;
	}
	if (chunk_printable(secret, NULL, '?') && secret.len > 2 &&
		strneq((char*)secret.ptr, "k=", 2))
	{
		return parse_text(secret, sub, err);
	}
	*err = "secret must be 16 bytes (K), 32 bytes (K||OPc) or the text "
		   "\"k=HEX,op=HEX\" / \"k=HEX,opc=HEX\"";
	return FALSE;
}

/*
 * Described in header
 */
bool imsaka_subscriber_get(identification_t *id, imsaka_subscriber_t *sub)
{
	shared_key_t *shared;
	const char *err = NULL;
	bool ok;

	shared = lib->credmgr->get_shared(lib->credmgr, SHARED_EAP, id, NULL);
	if (!shared)
	{
		DBG1(DBG_CFG, "no AKA secret found for '%Y'", id);
		return FALSE;
	}
	ok = imsaka_subscriber_parse(shared->get_key(shared), sub, &err);
	shared->destroy(shared);
	if (!ok)
	{
		DBG1(DBG_CFG, "AKA secret of '%Y' is invalid: %s", id, err);
	}
	return ok;
}

/*
 * Described in header
 */
void imsaka_subscriber_wipe(imsaka_subscriber_t *sub)
{
	imsaka_milenage_wipe(&sub->milenage);
	memwipe(sub, sizeof(*sub));
}

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

#include "scscf_impu.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/**
 * Lowercase a part of a key
 */
static void lower(char *s)
{
	for (; *s; s++)
	{
		*s = tolower((unsigned char)*s);
	}
}

/*
 * Described in header
 */
bool scscf_impu_key(const imsaka_sip_uri_t *uri, char *key, size_t size)
{
	char scheme[8], host[SCSCF_MAX_ID];
	const char *number;
	int n;

	if (!*uri->scheme || strlen(uri->scheme) >= sizeof(scheme))
	{
		return false;
	}
	snprintf(scheme, sizeof(scheme), "%s", uri->scheme);
	lower(scheme);
	if (!strcmp(scheme, "sip") || !strcmp(scheme, "sips"))
	{
		if (!*uri->host || strlen(uri->host) >= sizeof(host))
		{
			return false;
		}
		snprintf(host, sizeof(host), "%s", uri->host);
		lower(host);
		n = snprintf(key, size, "%s:%s%s%s", scheme, uri->user,
					 uri->has_user ? "@" : "", host);
	}
	else if (!strcmp(scheme, "tel"))
	{
		number = uri->opaque;
		if (!*number)
		{
			return false;
		}
		n = snprintf(key, size, "tel:%.*s", (int)strcspn(number, ";"),
					 number);
	}
	else
	{
		return false;
	}
	return n > 0 && (size_t)n < size;
}

/*
 * Described in header
 */
bool scscf_impu_key_text(const char *text, char *key, size_t size)
{
	imsaka_sip_uri_t uri;

	return imsaka_sip_uri_parse(text, &uri) && scscf_impu_key(&uri, key, size);
}

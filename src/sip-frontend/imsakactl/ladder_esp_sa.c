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

#include "ladder_esp_sa.h"

#include <library.h>
#include <ctype.h>

/** fields of an esp_sa line */
#define FIELDS 8

/** Wireshark's names this rewrite handles specially */
#define AUTH_ANY_128 "ANY 128 bit authentication [no checking]"
#define ENC_GCM "AES-GCM [RFC4106]"
#define ENC_GCM_ICV16 "AES-GCM with 16 octet ICV [RFC4106]"

/**
 * "0x" and hex digits (or empty, if allowed), at most max digits
 */
static bool hex_value(const char *value, bool empty, size_t max)
{
	size_t i;

	if (!*value || streq(value, "0x"))
	{
		return empty;
	}
	if (strncmp(value, "0x", 2))
	{
		return FALSE;
	}
	for (i = 2; value[i]; i++)
	{
		if (!isxdigit((unsigned char)value[i]) || i - 2 >= max)
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Split '"a","b",...' into FIELDS fields in buf
 */
static bool split(const char *line, char *buf, char *fields[FIELDS])
{
	const char *pos = line;
	char *to = buf;
	int i;

	for (i = 0; i < FIELDS; i++)
	{
		if (*pos++ != '"')
		{
			return FALSE;
		}
		fields[i] = to;
		while (*pos && *pos != '"')
		{
			if (*pos < 0x20 || *pos > 0x7e || *pos == '\\')
			{
				return FALSE;
			}
			*to++ = *pos++;
		}
		if (*pos++ != '"')
		{
			return FALSE;
		}
		*to++ = '\0';
		if (i < FIELDS - 1 && *pos++ != ',')
		{
			return FALSE;
		}
	}
	return *pos == '\0';
}

static ladder_esp_sa_result_t invalid(char *err, size_t len, const char *why)
{
	snprintf(err, len, "%s", why);
	return LADDER_ESP_SA_INVALID;
}

/*
 * Described in header
 */
ladder_esp_sa_result_t ladder_esp_sa_rewrite(const char *line, char *out,
						size_t out_len, char *err, size_t err_len)
{
	char buf[LADDER_ESP_SA_LINE_MAX], *f[FIELDS];
	const char *enc, *auth, *auth_key;
	ladder_esp_sa_result_t result = LADDER_ESP_SA_OK;
	int len;

	if (strlen(line) >= sizeof(buf))
	{
		return invalid(err, err_len, "line too long");
	}
	if (!split(line, buf, f))
	{
		return invalid(err, err_len, "not 8 quoted, comma separated fields");
	}
	if (!streq(f[0], "IPv4") && !streq(f[0], "IPv6") && !streq(f[0], "Any"))
	{
		result = invalid(err, err_len, "protocol is not IPv4, IPv6 or Any");
	}
	else if (!hex_value(f[3], FALSE, 8))
	{
		result = invalid(err, err_len, "SPI is not 0x and 1..8 hex digits");
	}
	else if (!*f[4] || !*f[6])
	{
		result = invalid(err, err_len, "no algorithm name");
	}
	else if (!hex_value(f[5], TRUE, 128) || !hex_value(f[7], TRUE, 128))
	{
		result = invalid(err, err_len, "a key is not 0x and hex digits");
	}
	if (result != LADDER_ESP_SA_OK)
	{
		memwipe(buf, sizeof(buf));
		return result;
	}
	enc = f[4];
	auth = f[6];
	auth_key = f[7];
	if (streq(enc, "NULL") && streq(auth, AUTH_ANY_128))
	{
		snprintf(err, err_len, "SPI %s is aes-gmac, which tshark cannot "
				 "dissect", f[3]);
		memwipe(buf, sizeof(buf));
		return LADDER_ESP_SA_UNSUPPORTED;
	}
	if (streq(enc, "TripleDes-CBC [RFC2451]"))
	{
		enc = "TripleDES-CBC [RFC2451]";
	}
	if (streq(enc, ENC_GCM) && streq(auth, AUTH_ANY_128))
	{
		enc = ENC_GCM_ICV16;
		auth = "NULL";
		auth_key = "";
	}
	len = snprintf(out, out_len, "\"%s\",\"*\",\"*\",\"%s\",\"%s\",\"%s\","
				   "\"%s\",\"%s\"", f[0], f[3], enc, f[5], auth, auth_key);
	memwipe(buf, sizeof(buf));
	if (len < 0 || (size_t)len >= out_len)
	{
		memwipe(out, out_len);
		return invalid(err, err_len, "line too long");
	}
	return LADDER_ESP_SA_OK;
}

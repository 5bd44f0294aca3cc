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

#include "pcscf_sip.h"

#include <stdio.h>
#include <string.h>

/*
 * Described in header
 */
sip_msg_t *pcscf_sip_parse(const char *buf, size_t len)
{
	sip_msg_t *msg;

	msg = imsaka_sip_parse(buf, len);
	if (msg && !imsaka_sip_complete(msg))
	{
		imsaka_sip_free(msg);
		return NULL;
	}
	return msg;
}

/**
 * Characters allowed in an IMPI handed to charon: RFC 3261 user and host
 * characters, no white space, quotes or backslash
 */
static bool impi_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || strchr("-_.!~*'()&+$,;?/%@:[]", c);
}

/*
 * Described in header
 */
bool pcscf_sip_impi(sip_msg_t *msg, char *impi, size_t size)
{
	imsaka_digest_t digest;
	const char *value;
	size_t len, i;

	if (!imsaka_sip_credentials(msg, &digest) ||
		!imsaka_digest_get(&digest, IMSAKA_DIGEST_USERNAME, &value, &len) ||
		!len || len >= size)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (!impi_char(value[i]))
		{
			return false;
		}
	}
	memcpy(impi, value, len);
	impi[len] = '\0';
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_set_integrity(sip_msg_t *msg, const char *value)
{
	imsaka_digest_t digest;

	return imsaka_sip_credentials(msg, &digest) &&
		   imsaka_digest_set(&digest, IMSAKA_DIGEST_INTEGRITY_PROTECTED,
							 value) == IMSAKA_SECAGREE_OK &&
		   imsaka_sip_set_credentials(msg, &digest);
}

/*
 * Described in header
 */
bool pcscf_sip_top_branch(sip_msg_t *msg, char *branch, size_t size)
{
	const char *value = imsaka_sip_via_branch(msg);

	if (!value || strlen(value) >= size)
	{
		return false;
	}
	snprintf(branch, size, "%s", value);
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_push_via(sip_msg_t *msg, bool tcp,
						const imsaka_addr_t *local, const char *branch)
{
	char text[IMSAKA_ADDR_STRLEN + PCSCF_SIP_BRANCH_MAX + 64];
	char host[IMSAKA_ADDR_STRLEN];

	return imsaka_addr_format(local, host, sizeof(host)) &&
		   snprintf(text, sizeof(text), "SIP/2.0/%s %s;branch=%s;rport",
					tcp ? "TCP" : "UDP", host, branch) < sizeof(text) &&
		   imsaka_sip_via_push(msg, text);
}

/*
 * Described in header
 */
bool pcscf_sip_pop_via(sip_msg_t *msg)
{
	return imsaka_sip_via_pop(msg) && imsaka_sip_via_count(msg) > 0;
}

/*
 * Described in header
 */
bool pcscf_sip_add_path(sip_msg_t *msg, const imsaka_addr_t *local)
{
	char text[IMSAKA_ADDR_STRLEN + 32], host[IMSAKA_ADDR_STRLEN];

	if (!imsaka_addr_format(local, host, sizeof(host)))
	{
		return false;
	}
	snprintf(text, sizeof(text), "<sip:term@%s;lr>", host);
	return imsaka_sip_header_add_top(msg, "Path", text);
}

/*
 * Described in header
 */
bool pcscf_sip_max_forwards(sip_msg_t *msg)
{
	uint32_t value;
	bool present;

	if (!imsaka_sip_max_forwards(msg, &present, &value))
	{
		return false;
	}
	if (!present)
	{
		return imsaka_sip_set_max_forwards(msg, 70);
	}
	return value > 0 && imsaka_sip_set_max_forwards(msg, value - 1);
}

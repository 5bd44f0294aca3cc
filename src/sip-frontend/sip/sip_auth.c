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

#include "sip_auth.h"

#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>

/** longest Authorization value kept from the raw text */
#define MAX_VALUE 4096

/**
 * End of a header field starting at pos (folded lines included)
 */
static size_t field_end(const char *buf, size_t len, size_t pos)
{
	while (pos < len)
	{
		if (buf[pos] == '\n' &&
			!(pos + 1 < len && (buf[pos + 1] == ' ' || buf[pos + 1] == '\t')))
		{
			return pos;
		}
		pos++;
	}
	return len;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_raw_challenges(const char *buf, size_t len,
						imsaka_digest_t challenges[IMSAKA_SIP_MAX_CHALLENGES],
						int *count)
{
	static const char name[] = "WWW-Authenticate";
	char value[IMSAKA_DIGEST_MAX_TEXT];
	size_t pos, end, v, n;
	imsaka_secagree_err_t err;

	*count = 0;
	/* skip the start line */
	pos = field_end(buf, len, 0);
	while (pos < len)
	{
		pos++;
		if (pos >= len || buf[pos] == '\n' ||
			(buf[pos] == '\r' && pos + 1 < len && buf[pos + 1] == '\n'))
		{	/* empty line: end of the header section */
			break;
		}
		end = field_end(buf, len, pos);
		if (end - pos > sizeof(name) &&
			strncasecmp(buf + pos, name, sizeof(name) - 1) == 0)
		{
			v = pos + sizeof(name) - 1;
			while (v < end && (buf[v] == ' ' || buf[v] == '\t'))
			{
				v++;
			}
			if (v < end && buf[v] == ':')
			{
				/* unfold: CR and LF become spaces */
				for (v++, n = 0; v < end && n < sizeof(value); v++)
				{
					value[n++] = (buf[v] == '\r' || buf[v] == '\n') ? ' '
																	: buf[v];
				}
				if (v < end)
				{
					return IMSAKA_SECAGREE_ERR_TOO_LONG;
				}
				if (*count == IMSAKA_SIP_MAX_CHALLENGES)
				{
					return IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES;
				}
				err = imsaka_digest_parse(&challenges[*count],
										  IMSAKA_DIGEST_CHALLENGE, value, n);
				if (err != IMSAKA_SECAGREE_OK)
				{
					return err;
				}
				(*count)++;
			}
		}
		pos = end;
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_set_challenges(sip_msg_t *msg,
						const imsaka_digest_t *challenges, int count)
{
	osip_www_authenticate_t *wa;
	char value[IMSAKA_DIGEST_MAX_TEXT];
	imsaka_secagree_err_t err;
	size_t len;
	int i;

	while ((wa = osip_list_get(&msg->www_authenticates, 0)))
	{
		osip_list_remove(&msg->www_authenticates, 0);
		osip_www_authenticate_free(wa);
		osip_message_force_update(msg);
	}
	for (i = 0; i < count; i++)
	{
		err = imsaka_digest_build(&challenges[i], value, sizeof(value), &len);
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
		/* the message owns the parsed copy */
		if (osip_message_set_www_authenticate(msg, value) != OSIP_SUCCESS)
		{
			return IMSAKA_SECAGREE_ERR_INTERNAL;
		}
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Copy the fields of a name from the raw header section as fields kept as
 * text, in order
 */
static bool copy_raw(osip_message_t *msg, const char *buf, size_t len,
					 const char *name)
{
	char value[MAX_VALUE];
	size_t pos, end, v, n, nlen = strlen(name);

	pos = field_end(buf, len, 0);
	while (pos < len)
	{
		pos++;
		if (pos >= len || buf[pos] == '\n' || buf[pos] == '\r')
		{	/* empty line: end of the header section */
			break;
		}
		end = field_end(buf, len, pos);
		if (end - pos > nlen && strncasecmp(buf + pos, name, nlen) == 0)
		{
			v = pos + nlen;
			while (v < end && (buf[v] == ' ' || buf[v] == '\t'))
			{
				v++;
			}
			if (v < end && buf[v] == ':')
			{
				for (v++; v < end && (buf[v] == ' ' || buf[v] == '\t'); v++)
				{
				}
				for (n = 0; v < end && n < sizeof(value) - 1; v++)
				{	/* unfold: CR and LF become spaces */
					value[n++] = (buf[v] == '\r' || buf[v] == '\n') ? ' '
																	: buf[v];
				}
				while (n && value[n - 1] == ' ')
				{
					n--;
				}
				if (v < end)
				{
					return false;
				}
				value[n] = '\0';
				if (!imsaka_sip_header_add(msg, name, value))
				{
					return false;
				}
			}
		}
		pos = end;
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_keep_raw_auth(sip_msg_t *msg, const char *buf, size_t len)
{
	osip_authorization_t *auth;
	osip_proxy_authorization_t *proxy;

	if (!osip_list_size(&msg->authorizations) &&
		!osip_list_size(&msg->proxy_authorizations))
	{
		return true;
	}
	while ((auth = osip_list_get(&msg->authorizations, 0)))
	{
		osip_list_remove(&msg->authorizations, 0);
		osip_authorization_free(auth);
	}
	while ((proxy = osip_list_get(&msg->proxy_authorizations, 0)))
	{
		osip_list_remove(&msg->proxy_authorizations, 0);
		osip_proxy_authorization_free(proxy);
	}
	osip_message_force_update(msg);
	return copy_raw(msg, buf, len, "Authorization") &&
		   copy_raw(msg, buf, len, "Proxy-Authorization");
}

/**
 * Index among the Authorization fields of the first that parses as Digest
 */
static int credentials_at(osip_message_t *msg, imsaka_digest_t *digest)
{
	const char *value;
	int i;

	for (i = 0; (value = imsaka_sip_header_get(msg, "Authorization", i)); i++)
	{
		if (*value &&
			imsaka_digest_parse(digest, IMSAKA_DIGEST_CREDENTIALS, value,
								strlen(value)) == IMSAKA_SECAGREE_OK)
		{
			return i;
		}
	}
	return -1;
}

/*
 * Described in header
 */
bool imsaka_sip_credentials(sip_msg_t *msg, imsaka_digest_t *digest)
{
	return credentials_at(msg, digest) >= 0;
}

/*
 * Described in header
 */
bool imsaka_sip_set_credentials(sip_msg_t *msg, const imsaka_digest_t *digest)
{
	imsaka_digest_t found;
	char text[IMSAKA_DIGEST_MAX_TEXT];
	size_t len;
	int i;

	i = credentials_at(msg, &found);
	return i >= 0 &&
		   imsaka_digest_build(digest, text, sizeof(text), &len) ==
				IMSAKA_SECAGREE_OK &&
		   imsaka_sip_header_set(msg, "Authorization", i, text);
}

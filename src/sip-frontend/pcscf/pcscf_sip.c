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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>

#include <digest_header.h>

/** longest header field value handled here */
#define MAX_VALUE 4096

/*
 * Described in header
 */
osip_message_t *pcscf_sip_parse(const char *buf, size_t len)
{
	osip_message_t *msg;

	if (osip_message_init(&msg) != OSIP_SUCCESS)
	{
		return NULL;
	}
	if (osip_message_parse(msg, buf, len) != OSIP_SUCCESS ||
		!msg->call_id || !msg->cseq || !msg->from || !msg->to ||
		!msg->cseq->method || !osip_list_size(&msg->vias))
	{
		osip_message_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Described in header
 */
char *pcscf_sip_print(osip_message_t *msg, size_t *len)
{
	char *text;

	osip_message_force_update(msg);
	if (osip_message_to_str(msg, &text, len) != OSIP_SUCCESS)
	{
		return NULL;
	}
	return text;
}

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

/**
 * Add a generic header field at the top of the generic list
 */
static bool add_generic(osip_message_t *msg, const char *name,
						const char *value, int pos)
{
	osip_header_t *header;

	if (osip_header_init(&header) != OSIP_SUCCESS)
	{
		return false;
	}
	header->hname = osip_strdup(name);
	header->hvalue = osip_strdup(value);
	if (!header->hname || !header->hvalue ||
		osip_list_add(&msg->headers, header, pos) < 0)
	{
		osip_header_free(header);
		return false;
	}
	osip_message_force_update(msg);
	return true;
}

/**
 * Copy the fields of a name from the raw header section as generic headers
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
				if (!add_generic(msg, name, value, -1))
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
bool pcscf_sip_keep_raw_auth(osip_message_t *msg, const char *buf, size_t len)
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
 * The first generic Authorization field that parses as Digest
 */
static osip_header_t *digest_auth(osip_message_t *msg, imsaka_digest_t *digest)
{
	osip_header_t *header;
	int pos = 0;

	while ((pos = osip_message_header_get_byname(msg, "Authorization", pos,
												 &header)) >= 0)
	{
		if (header->hvalue &&
			imsaka_digest_parse(digest, IMSAKA_DIGEST_CREDENTIALS,
								header->hvalue, strlen(header->hvalue))
				== IMSAKA_SECAGREE_OK)
		{
			return header;
		}
		pos++;
	}
	return NULL;
}

/**
 * Characters allowed in an IMPI handed to charon: RFC 3261 user and host
 * characters, no white space, quotes, backslash or '='-free concerns
 */
static bool impi_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || strchr("-_.!~*'()&+$,;?/%@:[]", c);
}

/*
 * Described in header
 */
bool pcscf_sip_impi(osip_message_t *msg, char *impi, size_t size)
{
	imsaka_digest_t digest;
	const char *value;
	size_t len, i;

	if (!digest_auth(msg, &digest) ||
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
bool pcscf_sip_set_integrity(osip_message_t *msg, const char *value)
{
	imsaka_digest_t digest;
	osip_header_t *header;
	char text[IMSAKA_DIGEST_MAX_TEXT];
	size_t len;
	char *copy;

	header = digest_auth(msg, &digest);
	if (!header ||
		imsaka_digest_set(&digest, IMSAKA_DIGEST_INTEGRITY_PROTECTED,
						  value) != IMSAKA_SECAGREE_OK ||
		imsaka_digest_build(&digest, text, sizeof(text), &len) != IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	copy = osip_strdup(text);
	if (!copy)
	{
		return false;
	}
	osip_free(header->hvalue);
	header->hvalue = copy;
	osip_message_force_update(msg);
	return true;
}

/**
 * Whether a comma list element equals a tag, ignoring white space and case
 */
static bool tag_equals(const char *start, size_t len, const char *tag)
{
	while (len && (*start == ' ' || *start == '\t'))
	{
		start++;
		len--;
	}
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
	{
		len--;
	}
	return len == strlen(tag) && strncasecmp(start, tag, len) == 0;
}

/*
 * Described in header
 */
bool pcscf_sip_has_tag(osip_message_t *msg, const char *name,
					   const char *tag)
{
	osip_header_t *header;
	const char *pos, *end;
	int i = 0;

	while ((i = osip_message_header_get_byname(msg, name, i, &header)) >= 0)
	{
		for (pos = header->hvalue; pos && *pos; pos = *end ? end + 1 : end)
		{
			end = pos + strcspn(pos, ",");
			if (tag_equals(pos, end - pos, tag))
			{
				return true;
			}
		}
		i++;
	}
	return false;
}

/*
 * Described in header
 */
bool pcscf_sip_remove_tag(osip_message_t *msg, const char *name,
						  const char *tag)
{
	osip_header_t *header;
	char value[MAX_VALUE];
	const char *pos, *end;
	size_t n;
	int i = 0;

	while ((i = osip_message_header_get_byname(msg, name, i, &header)) >= 0)
	{
		n = 0;
		value[0] = '\0';
		for (pos = header->hvalue; pos && *pos; pos = *end ? end + 1 : end)
		{
			end = pos + strcspn(pos, ",");
			if (tag_equals(pos, end - pos, tag))
			{
				continue;
			}
			pos += strspn(pos, " \t");
			if (end > pos)
			{
				n += snprintf(value + n, sizeof(value) - n, "%s%.*s",
							  n ? ", " : "", (int)(end - pos), pos);
				if (n >= sizeof(value))
				{
					return false;
				}
			}
		}
		if (!n)
		{
			osip_list_remove(&msg->headers, i);
			osip_header_free(header);
			osip_message_force_update(msg);
			i = 0;
			continue;
		}
		osip_free(header->hvalue);
		header->hvalue = osip_strdup(value);
		if (!header->hvalue)
		{
			return false;
		}
		osip_message_force_update(msg);
		i++;
	}
	return true;
}

/*
 * Described in header
 */
void pcscf_sip_remove_header(osip_message_t *msg, const char *name)
{
	osip_header_t *header;
	int pos;

	while ((pos = osip_message_header_get_byname(msg, name, 0, &header)) >= 0)
	{
		osip_list_remove(&msg->headers, pos);
		osip_header_free(header);
		osip_message_force_update(msg);
	}
}

/*
 * Described in header
 */
bool pcscf_sip_top_branch(osip_message_t *msg, char *branch, size_t size)
{
	osip_via_t *via = osip_list_get(&msg->vias, 0);
	osip_generic_param_t *param = NULL;

	if (!via || osip_via_param_get_byname(via, "branch", &param) !=
			OSIP_SUCCESS || !param || !param->gvalue ||
		strlen(param->gvalue) >= size)
	{
		return false;
	}
	snprintf(branch, size, "%s", param->gvalue);
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_push_via(osip_message_t *msg, bool tcp,
						const imsaka_addr_t *local, const char *branch)
{
	char text[IMSAKA_ADDR_STRLEN + PCSCF_SIP_BRANCH_MAX + 64];
	char host[IMSAKA_ADDR_STRLEN];
	osip_via_t *via;

	if (!imsaka_addr_format(local, host, sizeof(host)) ||
		snprintf(text, sizeof(text), "SIP/2.0/%s %s;branch=%s;rport",
				 tcp ? "TCP" : "UDP", host, branch) >= sizeof(text) ||
		osip_via_init(&via) != OSIP_SUCCESS)
	{
		return false;
	}
	if (osip_via_parse(via, text) != OSIP_SUCCESS ||
		osip_list_add(&msg->vias, via, 0) < 0)
	{
		osip_via_free(via);
		return false;
	}
	osip_message_force_update(msg);
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_pop_via(osip_message_t *msg)
{
	osip_via_t *via = osip_list_get(&msg->vias, 0);

	if (!via)
	{
		return false;
	}
	osip_list_remove(&msg->vias, 0);
	osip_via_free(via);
	osip_message_force_update(msg);
	return osip_list_size(&msg->vias) > 0;
}

/*
 * Described in header
 */
bool pcscf_sip_add_path(osip_message_t *msg, const imsaka_addr_t *local)
{
	char text[IMSAKA_ADDR_STRLEN + 32], host[IMSAKA_ADDR_STRLEN];

	if (!imsaka_addr_format(local, host, sizeof(host)))
	{
		return false;
	}
	snprintf(text, sizeof(text), "<sip:term@%s;lr>", host);
	return add_generic(msg, "Path", text, 0);
}

/**
 * Whether a URI names one of our addresses
 */
static bool own_uri(osip_uri_t *url, const imsaka_addr_t *own, int count)
{
	imsaka_addr_t addr;
	unsigned long port = 5060;
	char *end;
	int i;

	if (!url || !url->host ||
		imsaka_addr_parse(url->host, strlen(url->host), false, &addr) !=
			IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	if (url->port)
	{
		port = strtoul(url->port, &end, 10);
		if (*end || port > 65535)
		{
			return false;
		}
	}
	for (i = 0; i < count; i++)
	{
		if (own[i].family == addr.family &&
			memcmp(own[i].ip, addr.ip, imsaka_addr_len(&addr)) == 0 &&
			(!own[i].port || own[i].port == port))
		{
			return true;
		}
	}
	return false;
}

/*
 * Described in header
 */
void pcscf_sip_pop_own_routes(osip_message_t *msg, const imsaka_addr_t *own,
							  int count)
{
	osip_route_t *route;

	while ((route = osip_list_get(&msg->routes, 0)) &&
		   own_uri(route->url, own, count))
	{
		osip_list_remove(&msg->routes, 0);
		osip_route_free(route);
		osip_message_force_update(msg);
	}
}

/**
 * Strict decimal number up to max
 */
static bool parse_uint(const char *text, uint32_t max, uint32_t *value)
{
	unsigned long long v;
	char *end;

	while (text && (*text == ' ' || *text == '\t'))
	{
		text++;
	}
	if (!text || *text < '0' || *text > '9' || strlen(text) > 10)
	{
		return false;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	while (*end == ' ' || *end == '\t')
	{
		end++;
	}
	if (*end || errno || v > max)
	{
		return false;
	}
	*value = v;
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_max_forwards(osip_message_t *msg)
{
	osip_header_t *header = NULL;
	uint32_t value;
	char text[12];

	osip_message_get_max_forwards(msg, 0, &header);
	if (!header)
	{
		return osip_message_set_max_forwards(msg, "70") == OSIP_SUCCESS;
	}
	if (!parse_uint(header->hvalue, 255, &value) || value == 0)
	{
		return false;
	}
	snprintf(text, sizeof(text), "%u", value - 1);
	osip_free(header->hvalue);
	header->hvalue = osip_strdup(text);
	osip_message_force_update(msg);
	return header->hvalue != NULL;
}

/*
 * Described in header
 */
bool pcscf_sip_expires(osip_message_t *msg, uint32_t *expires)
{
	osip_generic_param_t *param;
	osip_contact_t *contact;
	osip_header_t *header = NULL;
	int pos;

	for (pos = 0; osip_message_get_contact(msg, pos, &contact) >= 0; pos++)
	{
		param = NULL;
		osip_contact_param_get_byname(contact, "expires", &param);
		if (param)
		{
			return parse_uint(param->gvalue, INT32_MAX, expires);
		}
	}
	osip_message_get_expires(msg, 0, &header);
	return header && parse_uint(header->hvalue, INT32_MAX, expires);
}

/*
 * Described in header
 */
bool pcscf_sip_via_address(osip_message_t *msg, imsaka_addr_t *addr)
{
	osip_via_t *via = osip_list_get(&msg->vias, 0);
	uint32_t port = 0;

	if (!via || !via->host ||
		imsaka_addr_parse(via->host, strlen(via->host), false, addr) !=
			IMSAKA_SECAGREE_OK ||
		(via->port && !parse_uint(via->port, 65535, &port)))
	{
		return false;
	}
	addr->port = port;
	return true;
}

/*
 * Described in header
 */
bool pcscf_sip_aor(osip_message_t *msg, const char *header, char *uri,
				   size_t size)
{
	osip_from_t *from = strcasecmp(header, "To") == 0 ? msg->to : msg->from;
	int n;

	if (!from || !from->url || !from->url->host)
	{
		return false;
	}
	n = snprintf(uri, size, "%s%s%s", from->url->username ?: "",
				 from->url->username ? "@" : "", from->url->host);
	return n > 0 && n < size;
}

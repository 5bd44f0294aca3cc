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

#include "ue_message.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <osipparser2/osip_port.h>

/**
 * Append printf-style to buf at *pos; false once it does not fit
 */
static bool append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
	va_list args;
	int n;

	if (*pos >= size)
	{
		return false;
	}
	va_start(args, fmt);
	n = vsnprintf(buf + *pos, size - *pos, fmt, args);
	va_end(args);
	if (n < 0 || (size_t)n >= size - *pos)
	{
		*pos = size;
		return false;
	}
	*pos += n;
	return true;
}

/**
 * Append a sec-agree header
 */
static bool append_list(char *buf, size_t size, size_t *pos, const char *name,
						const imsaka_secagree_list_t *list)
{
	char value[IMSAKA_SECAGREE_MAX_TEXT];
	size_t len;

	if (!list || !list->count)
	{
		return true;
	}
	if (imsaka_secagree_list_build(list, value, sizeof(value), &len) != IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	return append(buf, size, pos, "%s: %s\r\n", name, value);
}

/*
 * Described in header
 */
bool ue_message_build(const ue_request_t *req, char *buf, size_t size,
					  size_t *len)
{
	char via[IMSAKA_ADDR_STRLEN];
	size_t pos = 0, body = req->body ? strlen(req->body) : 0;
	bool ok;

	ok = append(buf, size, &pos, "%s %s SIP/2.0\r\n"
				"Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
				"Max-Forwards: 70\r\n"
				"From: <%s>;tag=%s\r\n"
				"To: <%s>\r\n"
				"Call-ID: %s\r\n"
				"CSeq: %u %s\r\n",
				req->method, req->request_uri,
				req->proto == SIP_TCP ? "TCP" : "UDP",
				ue_message_hostport(&req->via, via, sizeof(via)), req->branch,
				req->from, req->from_tag, req->to, req->call_id, req->cseq,
				req->method);
	if (ok && req->route)
	{
		ok = append(buf, size, &pos, "Route: %s\r\n", req->route);
	}
	if (ok && req->contact)
	{
		ok = append(buf, size, &pos, "Contact: <%s>\r\n", req->contact);
	}
	if (ok && req->expires >= 0)
	{
		ok = append(buf, size, &pos, "Expires: %lld\r\n",
					(long long)req->expires);
	}
	if (ok && req->secagree)
	{
		ok = append(buf, size, &pos, "Supported: path\r\n"
					"Require: sec-agree\r\nProxy-Require: sec-agree\r\n");
	}
	ok = ok && append_list(buf, size, &pos, "Security-Client", req->client) &&
		 append_list(buf, size, &pos, "Security-Verify", req->verify);
	if (ok && req->authorization)
	{
		ok = append(buf, size, &pos, "Authorization: %s\r\n",
					req->authorization);
	}
	if (ok && body)
	{
		ok = append(buf, size, &pos, "Content-Type: text/plain\r\n");
	}
	ok = ok && append(buf, size, &pos, "User-Agent: imsaka-ue/%s\r\n"
					  "Content-Length: %zu\r\n\r\n%s", IMSAKA_VERSION, body,
					  req->body ?: "");
	*len = pos;
	return ok;
}

/*
 * Described in header
 */
void ue_message_random(char *buf, size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t raw[64];
	size_t i, got = 0;
	ssize_t n;

	bytes = bytes > sizeof(raw) ? sizeof(raw) : bytes;
	while (got < bytes)
	{
		n = getrandom(raw + got, bytes - got, 0);
		if (n <= 0)
		{	/* never expected; fall back to something that still differs */
			for (; got < bytes; got++)
			{
				raw[got] = random();
			}
			break;
		}
		got += n;
	}
	for (i = 0; i < bytes; i++)
	{
		buf[2 * i] = hex[raw[i] >> 4];
		buf[2 * i + 1] = hex[raw[i] & 0xf];
	}
	buf[2 * bytes] = '\0';
}

/*
 * Described in header
 */
char *ue_message_hostport(const imsaka_addr_t *addr, char *buf, size_t size)
{
	imsaka_addr_t a = *addr;

	if (!a.port && a.family == 6)
	{	/* a bare IPv6 address still needs brackets in a URI */
		char ip[IMSAKA_ADDR_STRLEN];

		imsaka_addr_format(&a, ip, sizeof(ip));
		snprintf(buf, size, "[%s]", ip);
		return buf;
	}
	if (!imsaka_addr_format(&a, buf, size))
	{
		snprintf(buf, size, "invalid");
	}
	return buf;
}

/*
 * Described in header
 */
const char *ue_message_branch(osip_message_t *msg)
{
	osip_via_t *via = osip_list_get(&msg->vias, 0);
	osip_generic_param_t *branch = NULL;

	if (!via || osip_via_param_get_byname(via, "branch", &branch) != OSIP_SUCCESS
		|| !branch)
	{
		return NULL;
	}
	return branch->gvalue;
}

/**
 * Parse a port, 1..65535
 */
static bool parse_port(const char *text, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (!text || *text < '0' || *text > '9')
	{
		return false;
	}
	v = strtoul(text, &end, 10);
	if (*end || v == 0 || v > 65535)
	{
		return false;
	}
	*port = v;
	return true;
}

/*
 * Described in header
 */
bool ue_message_via_public(osip_message_t *resp, imsaka_addr_t *addr)
{
	osip_via_t *via = osip_list_get(&resp->vias, 0);
	osip_generic_param_t *received = NULL, *rport = NULL;
	const char *host;
	uint16_t port = 5060;
	size_t len;

	if (!via || !via->host)
	{
		return false;
	}
	osip_via_param_get_byname(via, "received", &received);
	osip_via_param_get_byname(via, "rport", &rport);
	host = received && received->gvalue ? received->gvalue : via->host;
	len = strlen(host);
	if (len > 2 && host[0] == '[' && host[len - 1] == ']')
	{
		host++;
		len -= 2;
	}
	if (imsaka_addr_parse(host, len, false, addr) != IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	if (rport && rport->gvalue)
	{
		if (!parse_port(rport->gvalue, &port))
		{
			return false;
		}
	}
	else if (via->port && !parse_port(via->port, &port))
	{
		return false;
	}
	addr->port = port;
	return true;
}

/**
 * Parse an expires value, at most ten digits
 */
static bool parse_expires(const char *text, uint32_t *value)
{
	unsigned long long v;
	char *end;

	if (!text || *text < '0' || *text > '9' || strlen(text) > 10)
	{
		return false;
	}
	v = strtoull(text, &end, 10);
	if (*end || v > UINT32_MAX)
	{
		return false;
	}
	*value = v;
	return true;
}

/**
 * Whether two URIs name the same host and port
 */
static bool same_contact(osip_uri_t *a, osip_uri_t *b)
{
	return a && b && a->host && b->host && osip_strcasecmp(a->host,
														   b->host) == 0 &&
		   ((!a->port && !b->port) ||
			(a->port && b->port && strcmp(a->port, b->port) == 0));
}

/*
 * Described in header
 */
uint32_t ue_message_granted(osip_message_t *resp, const char *contact,
							uint32_t asked)
{
	osip_contact_t *c;
	osip_generic_param_t *param;
	osip_header_t *expires;
	osip_uri_t *ours = NULL;
	uint32_t value;
	int pos = 0;

	if (osip_uri_init(&ours) == OSIP_SUCCESS &&
		osip_uri_parse(ours, contact) == OSIP_SUCCESS)
	{
		while ((c = osip_list_get(&resp->contacts, pos++)))
		{
			param = NULL;
			if (same_contact(c->url, ours) &&
				osip_contact_param_get_byname(c, "expires",
											  &param) == OSIP_SUCCESS &&
				param && parse_expires(param->gvalue, &value))
			{
				osip_uri_free(ours);
				return value;
			}
		}
	}
	if (ours)
	{
		osip_uri_free(ours);
	}
	if (osip_message_get_expires(resp, 0, &expires) >= 0 && expires &&
		parse_expires(expires->hvalue, &value))
	{
		return value;
	}
	return asked;
}

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

#include <library.h>


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
static bool same_contact(const imsaka_sip_uri_t *a, const imsaka_sip_uri_t *b)
{
	return *a->host && *b->host && strcasecmp(a->host, b->host) == 0 &&
		   strcmp(a->port, b->port) == 0;
}

/*
 * Described in header
 */
uint32_t ue_message_granted(sip_msg_t *resp, const char *contact,
							uint32_t asked)
{
	imsaka_sip_uri_t ours, theirs;
	const char *value;
	uint32_t granted;
	int i;

	if (imsaka_sip_uri_parse(contact, &ours))
	{
		for (i = 0; i < imsaka_sip_contact_count(resp); i++)
		{
			if (imsaka_sip_contact_uri(resp, i, &theirs) &&
				same_contact(&theirs, &ours) &&
				imsaka_sip_contact_param(resp, i, "expires", &value) &&
				parse_expires(value, &granted))
			{
				return granted;
			}
		}
	}
	value = imsaka_sip_header_get(resp, "Expires", 0);
	if (value && parse_expires(value, &granted))
	{
		return granted;
	}
	return asked;
}

/*
 * Described in header
 */
uint32_t ue_message_retry_after(sip_msg_t *resp)
{
	const char *value = imsaka_sip_header_get(resp, "Retry-After", 0);
	char digits[12];
	size_t len;
	uint32_t seconds;

	if (!value)
	{
		return 0;
	}
	value += strspn(value, " \t");
	len = strspn(value, "0123456789");
	if (!len || len >= sizeof(digits))
	{
		return len ? UE_MESSAGE_MAX_RETRY_AFTER : 0;
	}
	memcpy(digits, value, len);
	digits[len] = '\0';
	if (!imsaka_sip_parse_uint(digits, UINT32_MAX, &seconds))
	{
		return 0;
	}
	return min(seconds, UE_MESSAGE_MAX_RETRY_AFTER);
}

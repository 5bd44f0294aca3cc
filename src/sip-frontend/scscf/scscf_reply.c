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

#include "scscf_reply.h"

#include <library.h>

#include <stdarg.h>

/*
 * Described in header
 */
void scscf_reply_add(scscf_reply_t *reply, const char *name,
					 const char *fmt, ...)
{
	size_t room = sizeof(reply->extra) - reply->extra_len;
	va_list args;
	int n, m;

	n = snprintf(reply->extra + reply->extra_len, room, "%s: ", name);
	if (n < 0 || (size_t)n >= room)
	{
		reply->overflow = TRUE;
		return;
	}
	va_start(args, fmt);
	m = vsnprintf(reply->extra + reply->extra_len + n, room - n, fmt, args);
	va_end(args);
	if (m < 0 || (size_t)(n + m + 2) >= room ||
		strpbrk(reply->extra + reply->extra_len, "\r\n"))
	{	/* too long, or a value that would end the field */
		reply->overflow = TRUE;
		reply->extra[reply->extra_len] = '\0';
		return;
	}
	reply->extra_len += n + m;
	memcpy(reply->extra + reply->extra_len, "\r\n", 3);
	reply->extra_len += 2;
}

/**
 * Port of the top Via's sent-by, 5060 if none
 */
static uint16_t via_port(osip_via_t *via)
{
	unsigned long port;
	char *end;

	if (!via->port || !*via->port)
	{
		return 5060;
	}
	port = strtoul(via->port, &end, 10);
	return (*end || !port || port > 65535) ? 5060 : port;
}

/**
 * Where the response goes
 */
static void destination(osip_message_t *req, const sip_peer_t *from,
						sip_peer_t *to)
{
	osip_via_t *via = osip_list_get(&req->vias, 0);
	osip_generic_param_t *rport = NULL;

	*to = *from;
	if (from->proto == SIP_TCP || !via)
	{	/* the same connection */
		return;
	}
	/* the source address is what received says; the port is the source
	 * port with rport, else the sent-by port (RFC 3581 4, RFC 3261 18.2.2) */
	osip_via_param_get_byname(via, "rport", &rport);
	if (!rport)
	{
		to->remote.port = via_port(via);
	}
}

/*
 * Described in header
 */
bool scscf_reply_build(scscf_reply_t *reply, osip_message_t *req,
					   osip_message_t *resp, const sip_peer_t *from)
{
	char *text = NULL;
	size_t len = 0;

	if (reply->overflow)
	{
		DBG1(DBG_NET, "response %d: header fields too long",
			 resp->status_code);
		return FALSE;
	}
	if (osip_message_to_str(resp, &text, &len) != OSIP_SUCCESS || len < 4 ||
		memcmp(text + len - 4, "\r\n\r\n", 4))
	{
		DBG1(DBG_NET, "response %d: libosip2 could not print it",
			 resp->status_code);
		osip_free(text);
		return FALSE;
	}
	/* the extra fields go before the empty line (no body) */
	reply->len = len + reply->extra_len;
	reply->msg = malloc(reply->len + 1);
	memcpy(reply->msg, text, len - 2);
	memcpy(reply->msg + len - 2, reply->extra, reply->extra_len);
	memcpy(reply->msg + len - 2 + reply->extra_len, "\r\n", 3);
	memwipe(text, len);
	osip_free(text);
	memwipe(reply->extra, reply->extra_len);
	reply->extra_len = 0;
	destination(req, from, &reply->to);
	return TRUE;
}

/*
 * Described in header
 */
void scscf_reply_clear(scscf_reply_t *reply)
{
	if (reply->msg)
	{
		memwipe(reply->msg, reply->len);
		free(reply->msg);
		reply->msg = NULL;
	}
	memwipe(reply->extra, reply->extra_len);
	reply->extra_len = 0;
}

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
static uint16_t via_port(sip_msg_t *req)
{
	const char *text = imsaka_sip_via_port(req);
	unsigned long port;
	char *end;

	if (!text || !*text)
	{
		return 5060;
	}
	port = strtoul(text, &end, 10);
	return (*end || !port || port > 65535) ? 5060 : port;
}

/**
 * Where the response goes
 */
static void destination(sip_msg_t *req, const sip_peer_t *from,
						sip_peer_t *to)
{
	*to = *from;
	if (from->proto == SIP_TCP || !imsaka_sip_via_count(req))
	{	/* the same connection */
		return;
	}
	/* the source address is what received says; the port is the source
	 * port with rport, else the sent-by port (RFC 3581 4, RFC 3261 18.2.2) */
	if (!imsaka_sip_via_param(req, "rport", NULL))
	{
		to->remote.port = via_port(req);
	}
}

/*
 * Described in header
 */
bool scscf_reply_build(scscf_reply_t *reply, sip_msg_t *req,
					   sip_msg_t *resp, const sip_peer_t *from)
{
	char *text;
	size_t len = 0;

	if (reply->overflow)
	{
		DBG1(DBG_NET, "response %d: header fields too long",
			 imsaka_sip_status(resp));
		return FALSE;
	}
	text = imsaka_sip_print(resp, &len);
	if (!text || len < 4 || memcmp(text + len - 4, "\r\n\r\n", 4))
	{
		DBG1(DBG_NET, "response %d: libosip2 could not print it",
			 imsaka_sip_status(resp));
		imsaka_sip_text_free(text);
		return FALSE;
	}
	/* the extra fields go before the empty line (no body) */
	reply->len = len + reply->extra_len;
	reply->msg = malloc(reply->len + 1);
	memcpy(reply->msg, text, len - 2);
	memcpy(reply->msg + len - 2, reply->extra, reply->extra_len);
	memcpy(reply->msg + len - 2 + reply->extra_len, "\r\n", 3);
	memwipe(text, len);
	imsaka_sip_text_free(text);
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

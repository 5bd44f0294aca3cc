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

#include "sip_message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>

#include <secagree_negotiate.h>

/** longest header field value we build */
#define MAX_VALUE IMSAKA_SECAGREE_MAX_TEXT

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_sec_get(osip_message_t *msg, const char *name,
								   imsaka_secagree_list_t *list)
{
	osip_header_t *header;
	imsaka_secagree_err_t err;
	int pos = 0;

	imsaka_secagree_list_init(list);
	while ((pos = osip_message_header_get_byname(msg, name, pos,
												 &header)) >= 0)
	{
		if (header->hvalue)
		{
			err = imsaka_secagree_list_parse(list, header->hvalue,
									   strlen(header->hvalue));
			if (err != IMSAKA_SECAGREE_OK)
			{
				return err;
			}
		}
		pos++;
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Remove every header field of a name from the generic header list
 */
static void remove_headers(osip_message_t *msg, const char *name)
{
	osip_header_t *header;
	int pos = 0;

	while (pos < osip_list_size(&msg->headers))
	{
		header = osip_list_get(&msg->headers, pos);
		if (header && header->hname && osip_strcasecmp(header->hname,
													   name) == 0)
		{
			osip_list_remove(&msg->headers, pos);
			osip_header_free(header);
			/* libosip2 prints the received text unless told otherwise */
			osip_message_force_update(msg);
			continue;
		}
		pos++;
	}
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_sec_set(osip_message_t *msg, const char *name,
								   const imsaka_secagree_list_t *list)
{
	char value[MAX_VALUE];
	imsaka_secagree_err_t err;
	size_t len;

	if (list->count)
	{
		err = imsaka_secagree_list_build(list, value, sizeof(value), &len);
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
	}
	remove_headers(msg, name);
	if (list->count &&
		osip_message_set_header(msg, name, value) != OSIP_SUCCESS)
	{
		return IMSAKA_SECAGREE_ERR_INTERNAL;
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Whether any field of a name lists sec-agree
 */
static bool has_tag(osip_message_t *msg, const char *name)
{
	osip_header_t *header;
	int pos = 0;

	while ((pos = osip_message_header_get_byname(msg, name, pos,
												 &header)) >= 0)
	{
		if (header->hvalue &&
			imsaka_secagree_required(header->hvalue, strlen(header->hvalue)))
		{
			return true;
		}
		pos++;
	}
	return false;
}

/*
 * Described in header
 */
void imsaka_sip_secagree_tags(osip_message_t *msg, bool *require,
							   bool *proxy_require)
{
	*require = has_tag(msg, "Require");
	*proxy_require = has_tag(msg, "Proxy-Require");
}

/**
 * The sent-by of a Via as text, IPv6 in brackets
 */
static bool via_sent_by(osip_via_t *via, char *buf, size_t size, size_t *len)
{
	int n;

	if (!via || !via->host || !*via->host)
	{
		return false;
	}
	n = snprintf(buf, size, strchr(via->host, ':') && via->host[0] != '['
				 ? "[%s]%s%s" : "%s%s%s", via->host,
				 via->port ? ":" : "", via->port ?: "");
	if (n < 0 || (size_t)n >= size)
	{
		return false;
	}
	*len = n;
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_via_received(osip_message_t *req, const imsaka_addr_t *source,
							 imsaka_nat_t *nat)
{
	osip_via_t *via = osip_list_get(&req->vias, 0);
	osip_generic_param_t *rport = NULL;
	char sent_by[IMSAKA_ADDR_STRLEN + 8], ip[IMSAKA_ADDR_STRLEN];
	char port[8];
	imsaka_addr_t host_only;
	size_t len;

	if (!via_sent_by(via, sent_by, sizeof(sent_by), &len))
	{
		return false;
	}
	*nat = imsaka_nat_detect_via(sent_by, len, source);

	host_only = *source;
	host_only.port = 0;
	if (!imsaka_addr_format(&host_only, ip, sizeof(ip)))
	{
		return false;
	}
	/* the bare address, without the brackets an IPv6 format may carry */
	if (ip[0] == '[')
	{
		memmove(ip, ip + 1, strlen(ip));
		ip[strcspn(ip, "]")] = '\0';
	}
	osip_via_param_get_byname(via, "rport", &rport);
	if (rport || osip_strcasecmp(via->host, ip) != 0)
	{
		osip_generic_param_t *received = NULL;

		osip_via_param_get_byname(via, "received", &received);
		if (received)
		{
			osip_free(received->gvalue);
			received->gvalue = osip_strdup(ip);
		}
		else if (osip_via_set_received(via, osip_strdup(ip)) != OSIP_SUCCESS)
		{
			return false;
		}
	}
	if (rport)
	{
		snprintf(port, sizeof(port), "%u", source->port);
		osip_free(rport->gvalue);
		rport->gvalue = osip_strdup(port);
	}
	osip_message_force_update(req);
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_via_nat(osip_message_t *resp, imsaka_nat_t *nat)
{
	osip_via_t *via = osip_list_get(&resp->vias, 0);
	osip_generic_param_t *received = NULL, *rport = NULL;
	char sent_by[IMSAKA_ADDR_STRLEN + 8];
	imsaka_addr_t seen;
	const char *host;
	unsigned long port;
	char *end;
	size_t len;

	if (!via_sent_by(via, sent_by, sizeof(sent_by), &len))
	{
		return false;
	}
	osip_via_param_get_byname(via, "received", &received);
	osip_via_param_get_byname(via, "rport", &rport);
	host = received && received->gvalue ? received->gvalue : via->host;
	if (imsaka_addr_parse(host, strlen(host), false, &seen) != IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	if (rport && rport->gvalue)
	{	/* the port does not count (TS 24.229 Annex F), a bad one is refused */
		port = strtoul(rport->gvalue, &end, 10);
		if (*end || end == rport->gvalue || port == 0 || port > 65535)
		{
			return false;
		}
	}
	*nat = imsaka_nat_detect_via(sent_by, len, &seen);
	return true;
}

/**
 * Find the end of the header section and of a field (with folded lines)
 */
static size_t field_end(const char *buf, size_t len, size_t pos)
{
	while (pos < len)
	{
		if (buf[pos] == '\n')
		{
			if (pos + 1 < len && (buf[pos + 1] == ' ' || buf[pos + 1] == '\t'))
			{	/* folded line continues the field */
				pos++;
				continue;
			}
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
imsaka_secagree_err_t imsaka_sip_set_challenges(osip_message_t *msg,
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
		if (osip_message_set_www_authenticate(msg, value) != OSIP_SUCCESS)
		{
			return IMSAKA_SECAGREE_ERR_INTERNAL;
		}
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
osip_message_t *imsaka_sip_response(osip_message_t *req, int code,
									const char *to_tag)
{
	osip_message_t *resp;
	osip_generic_param_t *tag = NULL;
	const char *reason;

	if (!req->from || !req->to || !req->call_id || !req->cseq ||
		osip_message_init(&resp) != OSIP_SUCCESS)
	{
		return NULL;
	}
	reason = osip_message_get_reason(code);
	osip_message_set_version(resp, osip_strdup("SIP/2.0"));
	osip_message_set_status_code(resp, code);
	osip_message_set_reason_phrase(resp, osip_strdup(reason ?: "Unknown"));
	if (osip_list_clone(&req->vias, &resp->vias,
					(int (*)(void*, void**))osip_via_clone) != OSIP_SUCCESS ||
		osip_from_clone(req->from, &resp->from) != OSIP_SUCCESS ||
		osip_to_clone(req->to, &resp->to) != OSIP_SUCCESS ||
		osip_call_id_clone(req->call_id, &resp->call_id) != OSIP_SUCCESS ||
		osip_cseq_clone(req->cseq, &resp->cseq) != OSIP_SUCCESS ||
		osip_message_set_content_length(resp, "0") != OSIP_SUCCESS)
	{
		osip_message_free(resp);
		return NULL;
	}
	osip_to_get_tag(resp->to, &tag);
	if (to_tag && !tag &&
		osip_to_set_tag(resp->to, osip_strdup(to_tag)) != OSIP_SUCCESS)
	{
		osip_message_free(resp);
		return NULL;
	}
	return resp;
}

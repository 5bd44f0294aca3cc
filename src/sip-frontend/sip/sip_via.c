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

#include "sip_via.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

/**
 * The top Via, NULL if none
 */
static osip_via_t *top_via(osip_message_t *msg)
{
	return osip_list_get(&msg->vias, 0);
}

/**
 * A parameter of a Via, NULL if it has none of that name
 */
static osip_generic_param_t *via_param(osip_via_t *via, const char *name)
{
	osip_generic_param_t *param = NULL;

	if (!via || osip_via_param_get_byname(via, (char*)name, &param) !=
			OSIP_SUCCESS)
	{
		return NULL;
	}
	return param;
}

/**
 * Replace the value of a parameter; the parameter owns the copy
 */
static bool set_param_value(osip_generic_param_t *param, const char *value)
{
	char *copy = osip_strdup(value);

	if (!copy)
	{
		return false;
	}
	osip_free(param->gvalue);
	param->gvalue = copy;
	return true;
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
bool imsaka_sip_via_received(sip_msg_t *req, const imsaka_addr_t *source,
							 imsaka_nat_t *nat)
{
	osip_via_t *via = top_via(req);
	osip_generic_param_t *rport, *received;
	char sent_by[IMSAKA_ADDR_STRLEN + 8], ip[IMSAKA_ADDR_STRLEN];
	char port[8], *copy;
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
	rport = via_param(via, "rport");
	if (rport || osip_strcasecmp(via->host, ip) != 0)
	{
		received = via_param(via, "received");
		if (received)
		{
			if (!set_param_value(received, ip))
			{
				return false;
			}
		}
		else
		{
			copy = osip_strdup(ip);
			/* on success the Via owns the copy */
			if (!copy || osip_via_set_received(via, copy) != OSIP_SUCCESS)
			{
				osip_free(copy);
				return false;
			}
		}
	}
	if (rport)
	{
		snprintf(port, sizeof(port), "%u", source->port);
		if (!set_param_value(rport, port))
		{
			return false;
		}
	}
	osip_message_force_update(req);
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_via_nat(sip_msg_t *resp, imsaka_nat_t *nat)
{
	osip_via_t *via = top_via(resp);
	osip_generic_param_t *received, *rport;
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
	received = via_param(via, "received");
	rport = via_param(via, "rport");
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

/*
 * Described in header
 */
imsaka_nat_t imsaka_sip_via_nat_tcp(sip_msg_t *resp)
{
	osip_via_t *via = top_via(resp);
	osip_generic_param_t *received;
	imsaka_addr_t sent_by, seen;

	if (!via || !via->host ||
		imsaka_addr_parse(via->host, strlen(via->host), false, &sent_by) !=
			IMSAKA_SECAGREE_OK)
	{
		return IMSAKA_NAT_UE;
	}
	received = via_param(via, "received");
	if (!received || !received->gvalue)
	{	/* the P-CSCF found the address as sent */
		return IMSAKA_NAT_NONE;
	}
	if (imsaka_addr_parse(received->gvalue, strlen(received->gvalue), false,
						  &seen) != IMSAKA_SECAGREE_OK)
	{
		return IMSAKA_NAT_UE;
	}
	sent_by.port = seen.port = 0;
	return imsaka_addr_equals(&sent_by, &seen) ? IMSAKA_NAT_NONE
											   : IMSAKA_NAT_UE;
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
bool imsaka_sip_via_public(sip_msg_t *resp, imsaka_addr_t *addr)
{
	osip_via_t *via = top_via(resp);
	osip_generic_param_t *received, *rport;
	const char *host;
	uint16_t port = 5060;
	size_t len;

	if (!via || !via->host)
	{
		return false;
	}
	received = via_param(via, "received");
	rport = via_param(via, "rport");
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

/*
 * Described in header
 */
bool imsaka_sip_via_address(sip_msg_t *msg, imsaka_addr_t *addr)
{
	osip_via_t *via = top_via(msg);
	uint32_t port = 0;

	if (!via || !via->host ||
		imsaka_addr_parse(via->host, strlen(via->host), false, addr) !=
			IMSAKA_SECAGREE_OK ||
		(via->port && !imsaka_sip_parse_uint(via->port, 65535, &port)))
	{
		return false;
	}
	addr->port = port;
	return true;
}

/*
 * Described in header
 */
const char *imsaka_sip_via_branch(sip_msg_t *msg)
{
	osip_generic_param_t *branch = via_param(top_via(msg), "branch");

	return branch ? branch->gvalue : NULL;
}

/*
 * Described in header
 */
const char *imsaka_sip_via_port(sip_msg_t *msg)
{
	osip_via_t *via = top_via(msg);

	return via ? via->port : NULL;
}

/*
 * Described in header
 */
bool imsaka_sip_via_param(sip_msg_t *msg, const char *name,
						  const char **value)
{
	osip_generic_param_t *param = via_param(top_via(msg), name);

	if (value)
	{
		*value = param ? param->gvalue : NULL;
	}
	return param != NULL;
}

/*
 * Described in header
 */
int imsaka_sip_via_count(sip_msg_t *msg)
{
	return osip_list_size(&msg->vias);
}

/*
 * Described in header
 */
bool imsaka_sip_via_push(sip_msg_t *msg, const char *value)
{
	osip_via_t *via;

	if (osip_via_init(&via) != OSIP_SUCCESS)
	{
		return false;
	}
	/* osip_list_add returns the new size, negative on failure */
	if (osip_via_parse(via, value) != OSIP_SUCCESS ||
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
bool imsaka_sip_via_pop(sip_msg_t *msg)
{
	osip_via_t *via = top_via(msg);

	if (!via)
	{
		return false;
	}
	osip_list_remove(&msg->vias, 0);
	osip_via_free(via);
	osip_message_force_update(msg);
	return true;
}

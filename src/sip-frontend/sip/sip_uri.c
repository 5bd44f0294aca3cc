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

#include "sip_uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>

/**
 * Copy a part, "" for NULL; FALSE if it does not fit
 */
static bool copy_part(char *dst, size_t size, const char *src)
{
	return snprintf(dst, size, "%s", src ?: "") < (int)size;
}

/**
 * Copy the parts of a libosip2 URI
 */
static bool copy_uri(osip_uri_t *url, imsaka_sip_uri_t *uri)
{
	memset(uri, 0, sizeof(*uri));
	if (!url)
	{
		return false;
	}
	uri->has_user = url->username != NULL;
	return copy_part(uri->scheme, sizeof(uri->scheme), url->scheme) &&
		   copy_part(uri->user, sizeof(uri->user), url->username) &&
		   copy_part(uri->host, sizeof(uri->host), url->host) &&
		   copy_part(uri->port, sizeof(uri->port), url->port) &&
		   copy_part(uri->opaque, sizeof(uri->opaque), url->string);
}

/*
 * Described in header
 */
bool imsaka_sip_uri_parse(const char *text, imsaka_sip_uri_t *uri)
{
	osip_uri_t *url;
	bool ok;

	if (osip_uri_init(&url) != OSIP_SUCCESS)
	{
		return false;
	}
	ok = osip_uri_parse(url, text) == OSIP_SUCCESS && copy_uri(url, uri);
	osip_uri_free(url);
	return ok;
}

/**
 * From or To of a message by name
 */
static osip_from_t *name_addr(osip_message_t *msg, const char *header)
{
	return strcasecmp(header, "To") == 0 ? msg->to : msg->from;
}

/*
 * Described in header
 */
bool imsaka_sip_request_uri(sip_msg_t *msg, imsaka_sip_uri_t *uri)
{
	return MSG_IS_REQUEST(msg) && copy_uri(msg->req_uri, uri);
}

/*
 * Described in header
 */
bool imsaka_sip_name_uri(sip_msg_t *msg, const char *header,
						 imsaka_sip_uri_t *uri)
{
	osip_from_t *from = name_addr(msg, header);

	return from && copy_uri(from->url, uri);
}

/*
 * Described in header
 */
bool imsaka_sip_aor(sip_msg_t *msg, const char *header, char *aor,
					size_t size)
{
	osip_from_t *from = name_addr(msg, header);
	int n;

	if (!from || !from->url || !from->url->host)
	{
		return false;
	}
	n = snprintf(aor, size, "%s%s%s", from->url->username ?: "",
				 from->url->username ? "@" : "", from->url->host);
	return n > 0 && n < size;
}

/*
 * Described in header
 */
int imsaka_sip_contact_count(sip_msg_t *msg)
{
	return osip_list_size(&msg->contacts);
}

/**
 * A Contact entry, NULL if there are not that many
 */
static osip_contact_t *contact_at(osip_message_t *msg, int index)
{
	osip_contact_t *contact = NULL;

	if (index < 0 || osip_message_get_contact(msg, index, &contact) < 0)
	{
		return NULL;
	}
	return contact;
}

/*
 * Described in header
 */
bool imsaka_sip_contact_is_star(sip_msg_t *msg, int index)
{
	osip_contact_t *contact = contact_at(msg, index);

	/* libosip2 keeps "*" as a display name without URI */
	return contact && !contact->url && contact->displayname &&
		   strcmp(contact->displayname, "*") == 0;
}

/*
 * Described in header
 */
bool imsaka_sip_contact_uri(sip_msg_t *msg, int index, imsaka_sip_uri_t *uri)
{
	osip_contact_t *contact = contact_at(msg, index);

	return contact && copy_uri(contact->url, uri);
}

/*
 * Described in header
 */
bool imsaka_sip_contact_param(sip_msg_t *msg, int index, const char *name,
							  const char **value)
{
	osip_contact_t *contact = contact_at(msg, index);
	osip_generic_param_t *param = NULL;

	if (!contact || osip_contact_param_get_byname(contact, (char*)name,
												  &param) != OSIP_SUCCESS ||
		!param)
	{
		return false;
	}
	if (value)
	{
		*value = param->gvalue;
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_contact_print(sip_msg_t *msg, int index, const char *drop,
							  char *buf, size_t size)
{
	osip_contact_t *contact = contact_at(msg, index), *copy;
	osip_generic_param_t *param;
	char *text = NULL;
	bool ok;
	int i;

	/* a copy: the message keeps its parameters */
	if (!contact || osip_contact_clone(contact, &copy) != OSIP_SUCCESS)
	{
		return false;
	}
	for (i = 0; drop && (param = osip_list_get(&copy->gen_params, i)); i++)
	{
		if (param->gname && osip_strcasecmp(param->gname, drop) == 0)
		{
			osip_list_remove(&copy->gen_params, i);
			osip_generic_param_free(param);
			i--;
		}
	}
	ok = osip_contact_to_str(copy, &text) == OSIP_SUCCESS &&
		 copy_part(buf, size, text);
	osip_free(text);
	osip_contact_free(copy);
	return ok;
}

/*
 * Described in header
 */
bool imsaka_sip_route_push(sip_msg_t *msg, const char *value)
{
	osip_route_t *route;

	if (osip_route_init(&route) != OSIP_SUCCESS)
	{
		return false;
	}
	/* osip_list_add returns the new size, negative on failure */
	if (osip_route_parse(route, value) != OSIP_SUCCESS ||
		osip_list_add(&msg->routes, route, 0) < 0)
	{
		osip_route_free(route);
		return false;
	}
	osip_message_force_update(msg);
	return true;
}

/**
 * Whether a URI names one of a set of addresses
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
void imsaka_sip_route_pop_own(sip_msg_t *msg, const imsaka_addr_t *own,
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

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

#include "sip_header.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>

/** longest option tag list handled */
#define MAX_VALUE 4096

/*
 * Described in header
 */
const char *imsaka_sip_header_get(sip_msg_t *msg, const char *name, int index)
{
	osip_header_t *header = NULL;
	int pos = 0;

	while ((pos = osip_message_header_get_byname(msg, name, pos,
												 &header)) >= 0)
	{
		if (index-- == 0)
		{
			return header->hvalue ?: "";
		}
		pos++;
	}
	return NULL;
}

/**
 * The index-th field of a name and its position in the generic list
 */
static osip_header_t *field_at(osip_message_t *msg, const char *name,
							   int index, int *at)
{
	osip_header_t *header = NULL;
	int pos = 0;

	while ((pos = osip_message_header_get_byname(msg, name, pos,
												 &header)) >= 0)
	{
		if (index-- == 0)
		{
			*at = pos;
			return header;
		}
		pos++;
	}
	return NULL;
}

/**
 * Add a field at a position of the generic list
 */
static bool add_at(osip_message_t *msg, const char *name, const char *value,
				   int pos)
{
	osip_header_t *header;

	if (osip_header_init(&header) != OSIP_SUCCESS)
	{
		return false;
	}
	header->hname = osip_strdup(name);
	header->hvalue = osip_strdup(value);
	/* osip_list_add returns the new size, negative on failure */
	if (!header->hname || !header->hvalue ||
		osip_list_add(&msg->headers, header, pos) < 0)
	{
		osip_header_free(header);
		return false;
	}
	osip_message_force_update(msg);
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_header_add(sip_msg_t *msg, const char *name,
						   const char *value)
{
	/* the message owns copies of name and value */
	return osip_message_set_header(msg, name, value) == OSIP_SUCCESS;
}

/*
 * Described in header
 */
bool imsaka_sip_header_add_top(sip_msg_t *msg, const char *name,
							   const char *value)
{
	return add_at(msg, name, value, 0);
}

/*
 * Described in header
 */
bool imsaka_sip_header_set(sip_msg_t *msg, const char *name, int index,
						   const char *value)
{
	osip_header_t *header;
	char *copy;
	int pos;

	header = field_at(msg, name, index, &pos);
	copy = header ? osip_strdup(value) : NULL;
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
 * Remove the field at a position of the generic list
 */
static void remove_at(osip_message_t *msg, osip_header_t *header, int pos)
{
	osip_list_remove(&msg->headers, pos);
	osip_header_free(header);
	osip_message_force_update(msg);
}

/*
 * Described in header
 */
void imsaka_sip_header_remove(sip_msg_t *msg, const char *name)
{
	osip_header_t *header;
	int pos;

	while ((header = field_at(msg, name, 0, &pos)))
	{
		remove_at(msg, header, pos);
	}
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
bool imsaka_sip_has_tag(sip_msg_t *msg, const char *name, const char *tag)
{
	const char *value, *pos, *end;
	int i;

	for (i = 0; (value = imsaka_sip_header_get(msg, name, i)); i++)
	{
		for (pos = value; *pos; pos = *end ? end + 1 : end)
		{
			end = pos + strcspn(pos, ",");
			if (tag_equals(pos, end - pos, tag))
			{
				return true;
			}
		}
	}
	return false;
}

/**
 * The list of a field without a tag; FALSE if it does not fit
 */
static bool without_tag(const char *list, const char *tag, char *value,
						size_t size, size_t *len)
{
	const char *pos, *end;
	size_t n = 0;

	value[0] = '\0';
	for (pos = list; pos && *pos; pos = *end ? end + 1 : end)
	{
		end = pos + strcspn(pos, ",");
		if (tag_equals(pos, end - pos, tag))
		{
			continue;
		}
		pos += strspn(pos, " \t");
		if (end > pos)
		{
			n += snprintf(value + n, size - n, "%s%.*s", n ? ", " : "",
						  (int)(end - pos), pos);
			if (n >= size)
			{
				return false;
			}
		}
	}
	*len = n;
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_remove_tag(sip_msg_t *msg, const char *name, const char *tag)
{
	osip_header_t *header;
	char value[MAX_VALUE];
	size_t n;
	int i = 0, pos;

	while ((header = field_at(msg, name, i, &pos)))
	{
		if (!without_tag(header->hvalue, tag, value, sizeof(value), &n))
		{
			return false;
		}
		if (!n)
		{	/* the list is empty now; positions move, start over */
			remove_at(msg, header, pos);
			i = 0;
			continue;
		}
		if (!imsaka_sip_header_set(msg, name, i, value))
		{
			return false;
		}
		i++;
	}
	return true;
}

/*
 * Described in header
 */
bool imsaka_sip_parse_uint(const char *text, uint32_t max, uint32_t *value)
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
bool imsaka_sip_max_forwards(sip_msg_t *msg, bool *present, uint32_t *value)
{
	osip_header_t *header = NULL;

	osip_message_get_max_forwards(msg, 0, &header);
	*present = header != NULL;
	return !header || imsaka_sip_parse_uint(header->hvalue, 255, value);
}

/*
 * Described in header
 */
bool imsaka_sip_set_max_forwards(sip_msg_t *msg, uint32_t value)
{
	osip_header_t *header = NULL;
	char text[12];

	snprintf(text, sizeof(text), "%u", value);
	osip_message_get_max_forwards(msg, 0, &header);
	if (!header)
	{
		/* the message owns a copy of the value */
		return osip_message_set_max_forwards(msg, text) == OSIP_SUCCESS;
	}
	return imsaka_sip_header_set(msg, "Max-Forwards", 0, text);
}

/*
 * Described in header
 */
bool imsaka_sip_expires(sip_msg_t *msg, uint32_t *expires)
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
			return imsaka_sip_parse_uint(param->gvalue, INT32_MAX, expires);
		}
	}
	osip_message_get_expires(msg, 0, &header);
	return header && imsaka_sip_parse_uint(header->hvalue, INT32_MAX, expires);
}

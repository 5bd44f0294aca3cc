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

#include "sip_secagree.h"

#include <string.h>

#include <secagree_negotiate.h>

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_sec_get(sip_msg_t *msg, const char *name,
										 imsaka_secagree_list_t *list)
{
	imsaka_secagree_err_t err;
	const char *value;
	int i;

	imsaka_secagree_list_init(list);
	for (i = 0; (value = imsaka_sip_header_get(msg, name, i)); i++)
	{
		if (*value)
		{
			err = imsaka_secagree_list_parse(list, value, strlen(value));
			if (err != IMSAKA_SECAGREE_OK)
			{
				return err;
			}
		}
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_sip_sec_set(sip_msg_t *msg, const char *name,
										 const imsaka_secagree_list_t *list)
{
	char value[IMSAKA_SECAGREE_MAX_TEXT];
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
	imsaka_sip_header_remove(msg, name);
	if (list->count && !imsaka_sip_header_add(msg, name, value))
	{
		return IMSAKA_SECAGREE_ERR_INTERNAL;
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Whether any field of a name lists sec-agree
 */
static bool has_secagree(sip_msg_t *msg, const char *name)
{
	const char *value;
	int i;

	for (i = 0; (value = imsaka_sip_header_get(msg, name, i)); i++)
	{
		if (*value && imsaka_secagree_required(value, strlen(value)))
		{
			return true;
		}
	}
	return false;
}

/*
 * Described in header
 */
void imsaka_sip_secagree_tags(sip_msg_t *msg, bool *require,
							  bool *proxy_require)
{
	*require = has_secagree(msg, "Require");
	*proxy_require = has_secagree(msg, "Proxy-Require");
}

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

#include "scscf_authorization.h"

#include <library.h>

#include <strings.h>

/**
 * End of a header field at pos (folded lines included): the index of its
 * final LF, or len
 */
static size_t field_end(const char *msg, size_t len, size_t pos)
{
	for (; pos < len; pos++)
	{
		if (msg[pos] == '\n' &&
			!(pos + 1 < len && (msg[pos + 1] == ' ' || msg[pos + 1] == '\t')))
		{
			return pos;
		}
	}
	return len;
}

/**
 * If the field at pos..end is named name, the start of its value
 */
static bool field_value(const char *msg, size_t pos, size_t end,
						const char *name, size_t *value)
{
	size_t n = strlen(name);

	if (end - pos <= n || strncasecmp(msg + pos, name, n))
	{
		return FALSE;
	}
	for (pos += n; pos < end && (msg[pos] == ' ' || msg[pos] == '\t'); pos++)
	{
	}
	if (pos == end || msg[pos] != ':')
	{
		return FALSE;
	}
	*value = pos + 1;
	return TRUE;
}

/*
 * Described in header
 */
scscf_authorization_t scscf_authorization_find(const char *msg, size_t len,
											   imsaka_digest_t *cred)
{
	char value[IMSAKA_DIGEST_MAX_TEXT];
	size_t pos, end, v, n;
	bool found = FALSE;

	/* skip the start line */
	pos = field_end(msg, len, 0);
	while (pos < len)
	{
		pos++;
		if (pos >= len || msg[pos] == '\n' ||
			(msg[pos] == '\r' && pos + 1 < len && msg[pos + 1] == '\n'))
		{	/* empty line: end of the header */
			break;
		}
		end = field_end(msg, len, pos);
		if (field_value(msg, pos, end, "Authorization", &v))
		{
			if (found)
			{
				DBG1(DBG_NET, "request with more than one Authorization");
				return SCSCF_AUTHORIZATION_BAD;
			}
			/* unfold: CR and LF become spaces */
			for (n = 0; v < end && n < sizeof(value); v++)
			{
				value[n++] = (msg[v] == '\r' || msg[v] == '\n') ? ' ' : msg[v];
			}
			if (v < end)
			{
				DBG1(DBG_NET, "Authorization longer than %zu bytes",
					 sizeof(value));
				return SCSCF_AUTHORIZATION_BAD;
			}
			if (imsaka_digest_parse(cred, IMSAKA_DIGEST_CREDENTIALS, value,
									n) != IMSAKA_SECAGREE_OK)
			{
				DBG1(DBG_NET, "Authorization does not parse as Digest "
					 "credentials (at offset %zu)", cred->error_offset);
				return SCSCF_AUTHORIZATION_BAD;
			}
			found = TRUE;
		}
		pos = end;
	}
	return found ? SCSCF_AUTHORIZATION_FOUND : SCSCF_AUTHORIZATION_NONE;
}

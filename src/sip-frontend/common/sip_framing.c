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

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem() */
#endif

#include "sip_framing.h"

#include <string.h>
#include <strings.h>

/** decimal digits of the largest Content-Length parsed */
#define CONTENT_LENGTH_DIGITS 9

/**
 * Whether the header name of a line is Content-Length or its compact form
 */
static bool is_content_length(const char *line, size_t name_len)
{
	while (name_len && (line[name_len - 1] == ' ' ||
						line[name_len - 1] == '\t'))
	{
		name_len--;
	}
	return (name_len == 14 && !strncasecmp(line, "Content-Length", 14)) ||
		   (name_len == 1 && (line[0] == 'l' || line[0] == 'L'));
}

/**
 * Parse the value of a Content-Length line: digits between whitespace
 */
static bool parse_length(const char *value, const char *end, size_t *length)
{
	size_t digits = 0;

	*length = 0;
	while (value < end && (*value == ' ' || *value == '\t'))
	{
		value++;
	}
	while (value < end && *value >= '0' && *value <= '9')
	{
		if (++digits > CONTENT_LENGTH_DIGITS)
		{
			return false;
		}
		*length = *length * 10 + (*value++ - '0');
	}
	while (value < end && (*value == ' ' || *value == '\t'))
	{
		value++;
	}
	return digits && value == end;
}

/*
 * Described in header
 */
sip_frame_status_t sip_frame_next(const char *buf, size_t len, size_t max,
								  size_t *skip, size_t *msg_len,
								  sip_error_t *err)
{
	const char *start, *end, *line, *eol, *colon;
	size_t header_len, length, found = 0;
	bool have_length = false;

	*skip = 0;
	*msg_len = 0;
	while (*skip < len && (buf[*skip] == '\r' || buf[*skip] == '\n'))
	{
		(*skip)++;
	}
	start = buf + *skip;
	len -= *skip;
	end = memmem(start, len, "\r\n\r\n", 4);
	if (!end)
	{
		if (len >= max)
		{
			sip_error_set(err, 0, "header longer than the largest message");
			return SIP_FRAME_TOO_LONG;
		}
		return SIP_FRAME_INCOMPLETE;
	}
	header_len = end + 4 - start;

	/* the start line may hold colons (URIs), headers follow it */
	line = memchr(start, '\n', end + 2 - start) + 1;
	while (line < end + 2)
	{
		eol = memchr(line, '\n', end + 2 - line);
		colon = memchr(line, ':', eol - line);
		if (colon && is_content_length(line, colon - line))
		{
			if (!parse_length(colon + 1, eol[-1] == '\r' ? eol - 1 : eol,
							  &length))
			{
				sip_error_set(err, 0, "Content-Length is not a number");
				return SIP_FRAME_BAD;
			}
			if (have_length && length != found)
			{
				sip_error_set(err, 0, "Content-Length given twice with "
							  "different values");
				return SIP_FRAME_BAD;
			}
			have_length = true;
			found = length;
		}
		line = eol + 1;
	}
	if (!have_length)
	{
		sip_error_set(err, 0, "Content-Length missing (required on a "
					  "stream)");
		return SIP_FRAME_BAD;
	}
	if (header_len > max || found > max - header_len)
	{
		sip_error_set(err, 0, "message longer than the largest allowed");
		return SIP_FRAME_TOO_LONG;
	}
	if (len < header_len + found)
	{
		return SIP_FRAME_INCOMPLETE;
	}
	*msg_len = header_len + found;
	return SIP_FRAME_COMPLETE;
}

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

#include "control_flush.h"
#include "control_client.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

/** longest IMPI sent */
#define IMPI_MAX 1024

/**
 * Read flushed=<n> of the reply: decimal, no sign, at most INT_MAX
 */
static bool reply_flushed(const char *reply, int *n)
{
	char value[16], *end;
	unsigned long v;

	if (!control_reply_get(reply, "flushed", value, sizeof(value)) ||
		value[0] < '0' || value[0] > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoul(value, &end, 10);
	if (*end || errno || v > INT_MAX)
	{
		return false;
	}
	*n = v;
	return true;
}

/*
 * Described in header
 */
int control_flush(control_channel_t *channel, const char *role,
				  const char *impi, const char *program)
{
	char request[64 + IMPI_MAX], reply[256], code[32];
	int n;

	if (impi && (!impi[0] || strlen(impi) > IMPI_MAX ||
				 strpbrk(impi, " \t\r\n")))
	{
		DBG1(DBG_KNL, "ctx-flush: IMPI not sendable as a control token");
		return -1;
	}
	snprintf(request, sizeof(request), "ctx-flush role=%s%s%s", role,
			 impi ? " impi=" : "", impi ?: "");
	switch (control_channel_connect(channel, reply, sizeof(reply)))
	{
		case CONTROL_CHANNEL_OPEN:
		case CONTROL_CHANNEL_NEW:
			break;
		default:
			DBG1(DBG_KNL, "ctx-flush: charon's control socket %s: %s",
				 channel->path, reply);
			return -1;
	}
	if (!control_channel_call(channel, request, reply, sizeof(reply)))
	{
		DBG1(DBG_KNL, "ctx-flush: %s", reply);
		return -1;
	}
	if (control_reply_error(reply, code, sizeof(code)))
	{
		if (streq(code, "command"))
		{
			DBG1(DBG_KNL, "charon does not know ctx-flush (an older plugin): "
				 "contexts a previous %s left stay until they expire",
				 program);
		}
		else
		{
			DBG1(DBG_KNL, "ctx-flush refused: %s", reply);
		}
		return -1;
	}
	if (!reply_flushed(reply, &n))
	{
		DBG1(DBG_KNL, "ctx-flush: no count in '%.80s'", reply);
		return -1;
	}
	if (n)
	{
		DBG1(DBG_KNL, "removed %d contexts left by a previous %s", n,
			 program);
	}
	else
	{
		DBG2(DBG_KNL, "no contexts left by a previous %s", program);
	}
	return n;
}

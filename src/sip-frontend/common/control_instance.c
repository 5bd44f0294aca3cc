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

#include "control_instance.h"
#include "control_client.h"

#include <string.h>

#include <library.h>

/*
 * Described in header
 */
bool control_instance_parse(const char *reply,
							char instance[CONTROL_INSTANCE_LEN + 1])
{
	char value[CONTROL_INSTANCE_LEN + 1];
	int i;

	/* a longer value does not fit and is refused by control_reply_get() */
	if (!control_reply_get(reply, "instance", value, sizeof(value)) ||
		strlen(value) != CONTROL_INSTANCE_LEN)
	{
		return false;
	}
	for (i = 0; i < CONTROL_INSTANCE_LEN; i++)
	{
		if (!((value[i] >= '0' && value[i] <= '9') ||
			  (value[i] >= 'a' && value[i] <= 'f')))
		{
			return false;
		}
	}
	memcpy(instance, value, sizeof(value));
	return true;
}

/**
 * Whether the reply has a token starting with instance=
 */
static bool has_instance(const char *reply)
{
	const char *pos = strstr(reply, "instance=");

	return pos && (pos == reply || pos[-1] == ' ' || pos[-1] == '\t');
}

/*
 * Described in header
 */
bool control_instance_check(control_instance_t *this, const char *reply)
{
	char now[CONTROL_INSTANCE_LEN + 1], old[CONTROL_INSTANCE_LEN + 1];

	if (!control_instance_parse(reply, now))
	{
		if (has_instance(reply))
		{
			DBG1(DBG_KNL, "charon: unusable instance in the hello reply, "
				 "restarts are not detected on this connection");
		}
		else
		{
			DBG2(DBG_KNL, "charon: no instance in the hello reply (an older "
				 "plugin), restarts are not detected");
		}
		return false;
	}
	if (!this->last[0] || streq(this->last, now))
	{
		memcpy(this->last, now, sizeof(now));
		return false;
	}
	memcpy(old, this->last, sizeof(old));
	memcpy(this->last, now, sizeof(now));
	if (this->cb)
	{
		this->cb(this->data, old, now);
	}
	else
	{
		DBG2(DBG_KNL, "charon restarted (instance %s, was %s)", now, old);
	}
	return true;
}

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

#include "control_channel.h"
#include "control_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/**
 * Drop the connection
 */
static void disconnect(control_channel_t *this)
{
	if (this->fd >= 0)
	{
		close(this->fd);
		this->fd = -1;
	}
}

/*
 * Described in header
 */
void control_channel_init(control_channel_t *this, const char *path)
{
	*this = (control_channel_t){
		.path = strdup(path),
		.fd = -1,
	};
}

/*
 * Described in header
 */
control_channel_state_t control_channel_connect(control_channel_t *this,
												char *reply, size_t size)
{
	if (this->fd >= 0)
	{
		return CONTROL_CHANNEL_OPEN;
	}
	this->fd = control_connect(this->path);
	if (this->fd < 0)
	{
		snprintf(reply, size, "%s", strerror(errno));
		return CONTROL_CHANNEL_UNREACHABLE;
	}
	if (!control_call(this->fd, reply, size, "hello version=1"))
	{
		disconnect(this);
		return CONTROL_CHANNEL_REFUSED;
	}
	this->connects++;
	control_instance_check(&this->instance, reply);
	return CONTROL_CHANNEL_NEW;
}

/*
 * Described in header
 */
void control_channel_set_restart(control_channel_t *this,
								 control_restart_cb_t cb, void *data)
{
	this->instance.cb = cb;
	this->instance.data = data;
}

/*
 * Described in header
 */
bool control_channel_check(control_channel_t *this)
{
	struct pollfd pfd = { .fd = this->fd, .events = POLLIN };
	int n;

	if (this->fd < 0)
	{
		return false;
	}
	do
	{
		n = poll(&pfd, 1, 0);
	}
	while (n < 0 && errno == EINTR);
	if (n == 0)
	{
		return true;
	}
	/* EOF, an error, or a line nobody asked for: the next request would
	 * read it as its reply */
	disconnect(this);
	return false;
}

/*
 * Described in header
 */
bool control_channel_call(control_channel_t *this, const char *request,
						  char *reply, size_t size)
{
	char code[32];

	if (this->fd < 0)
	{
		snprintf(reply, size, "not connected");
		return false;
	}
	if (control_call(this->fd, reply, size, "%s", request) ||
		control_reply_error(reply, code, sizeof(code)))
	{
		return true;
	}
	disconnect(this);
	return false;
}

/*
 * Described in header
 */
void control_channel_deinit(control_channel_t *this)
{
	disconnect(this);
	free(this->path);
	this->path = NULL;
}

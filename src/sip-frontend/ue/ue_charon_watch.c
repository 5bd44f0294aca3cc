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

#include "ue_charon_watch.h"

#include <library.h>

typedef struct private_ue_charon_watch_t private_ue_charon_watch_t;

/**
 * Private data of a ue_charon_watch_t object.
 */
struct private_ue_charon_watch_t {

	/** public interface */
	ue_charon_watch_t public;

	/** event loop */
	sip_transport_t *transport;

	/** control client */
	ue_control_client_t *control;

	/** the next look, 0 if none */
	uint32_t timer;

	/** connected at the last look */
	bool up;

	/** delay of the next attempt while charon is away, ms */
	u_int retry_ms;
};

/**
 * Timer: look at the connection, connect again if charon closed it
 */
static void look(private_ue_charon_watch_t *this)
{
	u_int next;

	this->timer = 0;
	if (this->control->check(this->control))
	{
		if (!this->up)
		{
			DBG1(DBG_APP, "charon's control socket is back");
		}
		this->up = true;
		this->retry_ms = 0;
		next = UE_CHARON_WATCH_INTERVAL;
	}
	else
	{
		if (this->up)
		{
			DBG1(DBG_APP, "charon's control socket is gone, connecting again "
				 "at most every %u s", UE_CHARON_WATCH_RETRY_MAX / 1000);
		}
		this->up = false;
		this->retry_ms = this->retry_ms ?
					min(2 * this->retry_ms, UE_CHARON_WATCH_RETRY_MAX) :
					UE_CHARON_WATCH_RETRY_MIN;
		next = this->retry_ms;
	}
	this->timer = this->transport->add_timer(this->transport, next,
											 (void*)look, this);
}

METHOD(ue_charon_watch_t, is_up, bool,
	private_ue_charon_watch_t *this)
{
	return this->up;
}

METHOD(ue_charon_watch_t, destroy, void,
	private_ue_charon_watch_t *this)
{
	if (this->timer)
	{
		this->transport->cancel_timer(this->transport, this->timer);
	}
	free(this);
}

/*
 * Described in header
 */
ue_charon_watch_t *ue_charon_watch_create(sip_transport_t *transport,
										  ue_control_client_t *control)
{
	private_ue_charon_watch_t *this;

	INIT(this,
		.public = {
			.is_up = _is_up,
			.destroy = _destroy,
		},
		.transport = transport,
		.control = control,
		.up = true,
	);
	this->timer = transport->add_timer(transport, UE_CHARON_WATCH_INTERVAL,
									   (void*)look, this);
	return &this->public;
}

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

#include "ue_transaction.h"

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_transaction_t private_ue_transaction_t;

/**
 * Private data of a ue_transaction_t object.
 */
struct private_ue_transaction_t {

	/**
	 * Public interface
	 */
	ue_transaction_t public;

	/**
	 * Transport to send with
	 */
	sip_transport_t *transport;

	/**
	 * T1 and T2, ms
	 */
	uint32_t t1, t2;

	/**
	 * Timeout callback and its data
	 */
	ue_transaction_timeout_cb_t cb;
	void *data;

	/**
	 * Request being sent, NULL if none
	 */
	char *msg;
	size_t len;

	/**
	 * Where it goes
	 */
	sip_peer_t peer;

	/**
	 * Current retransmission interval (timer E), ms
	 */
	uint32_t interval;

	/**
	 * Timer ids of E and F, 0 if not armed
	 */
	uint32_t timer_e, timer_f;

	/**
	 * Retransmissions done
	 */
	unsigned int retransmissions;
};

static void on_timer_e(void *data);

/**
 * Cancel the timers and drop the request
 */
static void reset(private_ue_transaction_t *this)
{
	if (this->timer_e)
	{
		this->transport->cancel_timer(this->transport, this->timer_e);
		this->timer_e = 0;
	}
	if (this->timer_f)
	{
		this->transport->cancel_timer(this->transport, this->timer_f);
		this->timer_f = 0;
	}
	free(this->msg);
	this->msg = NULL;
}

/**
 * Timer E: send again, double the interval up to T2
 */
static void on_timer_e(void *data)
{
	private_ue_transaction_t *this = data;

	this->timer_e = 0;
	if (!this->msg)
	{
		return;
	}
	this->retransmissions++;
	DBG2(DBG_NET, "retransmitting request (%u), next in %u ms",
		 this->retransmissions, min(this->interval * 2, this->t2));
	this->transport->send(this->transport, &this->peer, this->msg, this->len);
	this->interval = min(this->interval * 2, this->t2);
	this->timer_e = this->transport->add_timer(this->transport, this->interval,
											   on_timer_e, this);
}

/**
 * Timer F: give up
 */
static void on_timer_f(void *data)
{
	private_ue_transaction_t *this = data;

	this->timer_f = 0;
	if (!this->msg)
	{
		return;
	}
	DBG1(DBG_NET, "request timed out after %u retransmissions",
		 this->retransmissions);
	reset(this);
	this->cb(this->data);
}

METHOD(ue_transaction_t, send_, bool,
	private_ue_transaction_t *this, const sip_peer_t *peer, const char *msg,
	size_t len, uint32_t timeout_ms)
{
	reset(this);
	this->retransmissions = 0;
	if (!this->transport->send(this->transport, peer, msg, len))
	{
		return false;
	}
	this->msg = malloc(len);
	memcpy(this->msg, msg, len);
	this->len = len;
	this->peer = *peer;
	this->interval = this->t1;
	if (peer->proto == SIP_UDP)
	{
		this->timer_e = this->transport->add_timer(this->transport,
										this->interval, on_timer_e, this);
	}
	this->timer_f = this->transport->add_timer(this->transport,
									timeout_ms ?: 64 * this->t1, on_timer_f, this);
	return true;
}

METHOD(ue_transaction_t, provisional, void,
	private_ue_transaction_t *this)
{
	if (this->msg && this->timer_e)
	{
		this->transport->cancel_timer(this->transport, this->timer_e);
		this->interval = this->t2;
		this->timer_e = this->transport->add_timer(this->transport,
										this->interval, on_timer_e, this);
	}
}

METHOD(ue_transaction_t, stop, void,
	private_ue_transaction_t *this)
{
	reset(this);
}

METHOD(ue_transaction_t, is_active, bool,
	private_ue_transaction_t *this)
{
	return this->msg != NULL;
}

METHOD(ue_transaction_t, get_retransmissions, unsigned int,
	private_ue_transaction_t *this)
{
	return this->retransmissions;
}

METHOD(ue_transaction_t, destroy, void,
	private_ue_transaction_t *this)
{
	reset(this);
	free(this);
}

/*
 * Described in header
 */
ue_transaction_t *ue_transaction_create(sip_transport_t *transport,
										uint32_t t1, uint32_t t2,
										ue_transaction_timeout_cb_t cb,
										void *data)
{
	private_ue_transaction_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.provisional = _provisional,
			.stop = _stop,
			.is_active = _is_active,
			.get_retransmissions = _get_retransmissions,
			.destroy = _destroy,
		},
		.transport = transport,
		.t1 = t1,
		.t2 = t2,
		.cb = cb,
		.data = data,
	);
	return &this->public;
}

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

#include "pcscf_control_requests.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include <control_client.h>

typedef struct private_pcscf_control_requests_t private_pcscf_control_requests_t;

/**
 * Private data.
 */
struct private_pcscf_control_requests_t {

	/** public interface */
	pcscf_control_requests_t public;

	/** the pipeline the requests go on */
	control_pipeline_t *pipeline;

	/** destroy() runs: the replies failing meanwhile send nothing more */
	bool closing;

	/** counters of failed requests, NULL for none */
	pcscf_counters_t *counters;
};

typedef struct request_t request_t;

/**
 * What to make of the reply to a request
 *
 * @param req		the request
 * @param ok		TRUE if charon answered OK
 * @param reply		the reply line
 */
typedef void (*reply_handler_t)(request_t *req, bool ok, const char *reply);

/**
 * The caller's callback, by the reply it takes
 */
typedef union {
	/** whether it worked (sa-prepare: with its results) */
	pcscf_control_client_done_t done;
	/** ctx-create */
	pcscf_control_requests_created_t created;
	/** tls-psk */
	pcscf_control_client_psk_t psk;
	/** tls-aka-keys */
	pcscf_control_client_secrets_t secrets;
} request_cb_t;

/**
 * A request waiting for its reply
 */
struct request_t {
	/** command, for the log */
	char command[16];
	/** the request or its reply holds keys: logged at level 4 only */
	bool secret;
	/** what to make of the reply */
	reply_handler_t handle;
	/** caller's callback, done NULL for a request only logged */
	request_cb_t cb;
	/** its data */
	void *data;
	/** the object that sent it (outlives its requests) */
	private_pcscf_control_requests_t *owner;
};

/**
 * A decimal number of an OK reply, strictly
 */
static bool reply_u32(const char *reply, const char *key, uint32_t *value)
{
	char text[16], *end;
	unsigned long long v;

	if (!control_reply_get(reply, key, text, sizeof(text)) ||
		text[0] < '0' || text[0] > '9')
	{
		DBG1(DBG_KNL, "charon: reply without %s: %s", key, reply);
		return false;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end || errno || v > UINT32_MAX)
	{
		DBG1(DBG_KNL, "charon: bad %s in reply: %s", key, reply);
		return false;
	}
	*value = v;
	return true;
}

/**
 * The reply to a request: logged, checked, handed to its handler
 */
static void on_reply(request_t *req, const char *reply)
{
	bool ok;

	ok = strncmp(reply, "OK", 2) == 0 && (!reply[2] || reply[2] == ' ');
	if (req->secret)
	{	/* a reply to a request with keys is kept as secret as it */
		DBG4(DBG_KNL, "charon: < %s", reply);
	}
	else
	{
		DBG3(DBG_KNL, "charon: < %s", reply);
	}
	if (!ok)
	{	/* the plugin never echoes key values in its messages */
		DBG1(DBG_KNL, "charon: %s failed: %s", req->command, reply);
		if (req->owner->counters)
		{
			req->owner->counters->control_failed(req->owner->counters,
												 reply);
		}
	}
	req->handle(req, ok, reply);
	free(req);
}

/**
 * Log a request at level 3, or 4 if it or its reply holds keys, and send
 * it
 *
 * @return			FALSE if not sent (handle is not called)
 */
static bool send_request(private_pcscf_control_requests_t *this,
						 const char *request, bool secret,
						 reply_handler_t handle, request_cb_t cb, void *data)
{
	request_t *req;

	if (this->closing)
	{
		return false;
	}
	if (secret)
	{
		DBG4(DBG_KNL, "charon: > %s", request);
	}
	else
	{
		DBG3(DBG_KNL, "charon: > %s", request);
	}
	INIT(req,
		.owner = this,
		.secret = secret,
		.handle = handle,
		.cb = cb,
		.data = data,
	);
	/* the first word of a request is the command */
	snprintf(req->command, sizeof(req->command), "%.*s",
			 (int)strcspn(request, " "), request);
	if (!this->pipeline->send(this->pipeline, request,
							  (control_pipeline_cb_t)on_reply, req))
	{
		DBG1(DBG_KNL, "charon: %s not sent", req->command);
		free(req);
		return false;
	}
	return true;
}

/**
 * A reply that only says whether it worked
 */
static void done_reply(request_t *req, bool ok, const char *reply)
{
	if (req->cb.done)
	{
		req->cb.done(req->data, ok, NULL);
	}
}

/**
 * The reply to ctx-create: the context
 */
static void created_reply(request_t *req, bool ok, const char *reply)
{
	uint32_t ctx = 0;

	if (ok && (!reply_u32(reply, "ctx", &ctx) || !ctx))
	{
		ok = false;
	}
	req->cb.created(req->data, ok, ok ? ctx : 0);
}

/**
 * The reply to sa-prepare: the context and the SPIs
 */
static void prepared_reply(request_t *req, bool ok, const char *reply)
{
	pcscf_control_prepared_t prepared;

	ok = ok && reply_u32(reply, "ctx", &prepared.ctx) &&
		 reply_u32(reply, "spi-c", &prepared.spi_c) &&
		 reply_u32(reply, "spi-s", &prepared.spi_s);
	req->cb.done(req->data, ok, ok ? &prepared : NULL);
}

/**
 * The reply to tls-psk: the PSK, wiped after the caller had it
 */
static void psk_reply(request_t *req, bool ok, const char *reply)
{
	uint8_t psk[PCSCF_CONTROL_PSK_LEN];
	size_t len = 0;

	if (ok && (!control_reply_secret(reply, "psk", psk, sizeof(psk), &len) ||
			   len != sizeof(psk)))
	{
		DBG1(DBG_KNL, "charon: tls-psk reply without a 32 byte psk");
		ok = false;
	}
	req->cb.psk(req->data, ok, ok ? psk : NULL);
	memwipe(psk, sizeof(psk));
}

/**
 * The reply to tls-aka-keys: both secrets, wiped after the caller had them
 */
static void secrets_reply(request_t *req, bool ok, const char *reply)
{
	uint8_t ue[48], pcscf[48];
	size_t len = 0;

	if (ok && !control_reply_traffic_secrets(reply, ue, pcscf, &len))
	{
		DBG1(DBG_KNL, "charon: tls-aka-keys reply without two secrets of "
			 "32 or 48 bytes");
		ok = false;
	}
	req->cb.secrets(req->data, ok, ok ? ue : NULL, ok ? pcscf : NULL,
					ok ? len : 0);
	memwipe(ue, sizeof(ue));
	memwipe(pcscf, sizeof(pcscf));
}

METHOD(pcscf_control_requests_t, done, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_client_done_t done, void *data)
{
	return send_request(this, request, false, done_reply,
						(request_cb_t){ .done = done }, data);
}

METHOD(pcscf_control_requests_t, created, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_requests_created_t created, void *data)
{
	return send_request(this, request, false, created_reply,
						(request_cb_t){ .created = created }, data);
}

METHOD(pcscf_control_requests_t, keys, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_client_done_t done, void *data)
{
	return send_request(this, request, true, done_reply,
						(request_cb_t){ .done = done }, data);
}

METHOD(pcscf_control_requests_t, prepared, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_client_done_t done, void *data)
{
	return send_request(this, request, true, prepared_reply,
						(request_cb_t){ .done = done }, data);
}

METHOD(pcscf_control_requests_t, psk, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_client_psk_t cb, void *data)
{
	/* RAND and sid are public (SM6), the PSK of the reply is not */
	return send_request(this, request, true, psk_reply,
						(request_cb_t){ .psk = cb }, data);
}

METHOD(pcscf_control_requests_t, secrets, bool,
	private_pcscf_control_requests_t *this, const char *request,
	pcscf_control_client_secrets_t cb, void *data)
{
	return send_request(this, request, true, secrets_reply,
						(request_cb_t){ .secrets = cb }, data);
}

METHOD(pcscf_control_requests_t, get_pending, u_int,
	private_pcscf_control_requests_t *this)
{
	return this->pipeline->get_pending(this->pipeline);
}

METHOD(pcscf_control_requests_t, drain, void,
	private_pcscf_control_requests_t *this)
{
	u_int left = this->pipeline->get_pending(this->pipeline);

	if (left && !this->pipeline->drain(this->pipeline,
									   CONTROL_TIMEOUT * 1000))
	{
		DBG1(DBG_KNL, "charon: %u requests unanswered at shutdown",
			 this->pipeline->get_pending(this->pipeline));
	}
}

METHOD(pcscf_control_requests_t, set_counters, void,
	private_pcscf_control_requests_t *this, pcscf_counters_t *counters)
{
	this->counters = counters;
}

METHOD(pcscf_control_requests_t, set_restart, void,
	private_pcscf_control_requests_t *this, control_restart_cb_t cb,
	void *data)
{
	/* a test's pipeline may not detect restarts */
	if (this->pipeline->set_restart)
	{
		this->pipeline->set_restart(this->pipeline, cb, data);
	}
}

METHOD(pcscf_control_requests_t, destroy, void,
	private_pcscf_control_requests_t *this)
{
	this->closing = true;
	this->pipeline->destroy(this->pipeline);
	free(this);
}

/*
 * Described in header
 */
pcscf_control_requests_t *pcscf_control_requests_create(
											control_pipeline_t *pipeline)
{
	private_pcscf_control_requests_t *this;

	INIT(this,
		.public = {
			.done = _done,
			.created = _created,
			.keys = _keys,
			.prepared = _prepared,
			.psk = _psk,
			.secrets = _secrets,
			.get_pending = _get_pending,
			.drain = _drain,
			.set_counters = _set_counters,
			.set_restart = _set_restart,
			.destroy = _destroy,
		},
		.pipeline = pipeline,
	);
	return &this->public;
}

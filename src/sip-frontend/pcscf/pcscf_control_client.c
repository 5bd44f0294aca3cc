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

#include "pcscf_control_client.h"
#include "pcscf_control_requests.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include <control_channel.h>
#include <control_client.h>
#include <hex.h>
#include <sip_timers.h>

typedef struct private_pcscf_control_client_t private_pcscf_control_client_t;

/**
 * Private data.
 */
struct private_pcscf_control_client_t {

	/** public interface */
	pcscf_control_client_t public;

	/** line transport */
	pcscf_control_client_call_t call;

	/** its data */
	void *data;

	/** control socket, for the socket transport; never connects for
	 *  another, so that caps is asked once */
	control_channel_t channel;

	/** what charon's kernel backend can install */
	control_caps_cache_t caps;

	/** pipelined requests */
	pcscf_control_requests_t *requests;

	/** counters of failed requests, NULL for none */
	pcscf_counters_t *counters;

	/** when is_up() last tried to connect, ms (sip_timers_now()), 0 never */
	uint64_t up_tried;
};

/** least time between two attempts of is_up() to connect, ms */
#define UP_RETRY_MS 1000

static bool socket_connect(private_pcscf_control_client_t *this, char *reply,
						   size_t size);

/**
 * ctx_prepare(): ctx-create, then ctx-keys into the context it gave
 */
typedef struct {
	/** client */
	private_pcscf_control_client_t *this;
	/** the context, 0 until ctx-create answered */
	uint32_t ctx;
	/** the context is made here */
	bool creates;
	/** CK and IK until ctx-keys is built */
	uint8_t ck[16], ik[16];
	/** caller's callback */
	pcscf_control_client_keyed_t keyed;
	/** its data */
	void *data;
} prepare_t;

/**
 * Build a request printf-style
 *
 * @return			FALSE if it does not fit (request is wiped)
 */
static bool format(char request[CONTROL_LINE_MAX], const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(request, CONTROL_LINE_MAX, fmt, args);
	va_end(args);
	if (len < 0 || len >= CONTROL_LINE_MAX)
	{
		DBG1(DBG_KNL, "charon: request too long, not sent");
		memwipe(request, CONTROL_LINE_MAX);
		return false;
	}
	return true;
}

/**
 * Send a blocking request (none holds keys) and check that charon
 * answered OK; logged at level 3, failures at level 1
 */
static bool call(private_pcscf_control_client_t *this, const char *request,
				 char *reply, size_t size)
{
	bool ok;

	DBG3(DBG_KNL, "charon: > %s", request);
	reply[0] = '\0';
	ok = this->call(this->data, request, reply, size) &&
		 strncmp(reply, "OK", 2) == 0 && (!reply[2] || reply[2] == ' ');
	DBG3(DBG_KNL, "charon: < %s", reply);
	if (!ok)
	{
		DBG1(DBG_KNL, "charon: %s failed: %s", request,
			 reply[0] ? reply : "no reply");
		if (this->counters)
		{
			this->counters->control_failed(this->counters, reply);
		}
	}
	return ok;
}

/**
 * Print an address for a request, "" if unset
 */
static char *addr(const imsaka_addr_t *addr, char buf[IMSAKA_ADDR_STRLEN])
{
	if (!imsaka_addr_format(addr, buf, IMSAKA_ADDR_STRLEN))
	{
		buf[0] = '\0';
	}
	return buf;
}

static bool socket_connect(private_pcscf_control_client_t *this, char *reply,
						   size_t size);

METHOD(pcscf_control_client_t, caps, bool,
	private_pcscf_control_client_t *this, control_caps_t *caps, bool *fresh)
{
	char reply[CONTROL_REPLY_LINE_MAX];
	bool ok;

	*fresh = false;
	if (this->channel.path && !control_channel_check(&this->channel) &&
		!control_caps_cache_stale(&this->caps, this->channel.connects))
	{	/* charon closed the connection caps was asked on: it may have
		 * restarted with another backend, caps is asked on a new one */
		socket_connect(this, reply, sizeof(reply));
	}
	if (control_caps_cache_stale(&this->caps, this->channel.connects))
	{
		ok = call(this, "caps", reply, sizeof(reply));
		/* a connection the call made counts as asked on */
		*fresh = control_caps_cache_update(&this->caps,
										   this->channel.connects,
										   ok ? reply : NULL);
		if (!*fresh && !strncmp(reply, "OK", 2))
		{
			DBG1(DBG_KNL, "charon: caps reply not understood: %s", reply);
		}
	}
	return control_caps_cache_get(&this->caps, caps);
}

/**
 * The parameters of an SA set after the command, without SPIs of the
 * P-CSCF (sa-prepare allocates them)
 */
static bool sa_params(const pcscf_control_client_sa_t *sa, char *buf,
					  size_t size)
{
	char l[IMSAKA_ADDR_STRLEN], r[IMSAKA_ADDR_STRLEN];
	char lo[IMSAKA_ADDR_STRLEN], ro[IMSAKA_ADDR_STRLEN];
	int len;

	if (sa->alg >= IMSAKA_ESP_ALG_COUNT || sa->ealg >= IMSAKA_ESP_EALG_COUNT ||
		sa->mod >= IMSAKA_SECAGREE_MOD_COUNT)
	{
		return false;
	}
	len = snprintf(buf, size, "local=%s port-c=%u port-s=%u remote=%s "
				   "rport-c=%u rport-s=%u rspi-c=%u rspi-s=%u mod=%s alg=%s "
				   "ealg=%s%s%s%s%s", addr(&sa->local, l), sa->port_c,
				   sa->port_s, addr(&sa->remote, r), sa->rport_c,
				   sa->rport_s, sa->rspi_c, sa->rspi_s,
				   imsaka_secagree_mod_name(sa->mod),
				   imsaka_esp_alg_name(sa->alg),
				   imsaka_esp_ealg_name(sa->ealg),
				   sa->local_outer.family ? " local-outer=" : "",
				   addr(&sa->local_outer, lo),
				   sa->remote_outer.family ? " remote-outer=" : "",
				   addr(&sa->remote_outer, ro));
	return len > 0 && len < size;
}

METHOD(pcscf_control_client_t, tls_psk, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, const uint8_t rand[16],
	const char *sid, pcscf_control_client_psk_t cb, void *data)
{
	char request[CONTROL_LINE_MAX], rand_hex[33];

	imsaka_hex_encode(rand, 16, rand_hex);
	return format(request, "tls-psk ctx=%u rand=%s sid=%s", ctx, rand_hex,
				  sid) &&
		   this->requests->psk(this->requests, request, cb, data);
}

METHOD(pcscf_control_client_t, tls_aka_keys, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, uint16_t suite,
	const char *sid, pcscf_control_client_secrets_t cb, void *data)
{
	char request[CONTROL_LINE_MAX];

	return format(request, "tls-aka-keys ctx=%u suite=%04x sid=%s", ctx,
				  suite, sid) &&
		   this->requests->secrets(this->requests, request, cb, data);
}

/**
 * ctx_prepare() is over: tell the caller, wipe the keys
 */
static void prepare_done(prepare_t *prep, bool ok)
{
	prep->keyed(prep->data, ok, ok ? prep->ctx : 0);
	memwipe(prep, sizeof(*prep));
	free(prep);
}

/**
 * The reply to ctx-keys of ctx_prepare(): a context it made goes again if
 * it got no keys
 */
static void keys_done(void *data, bool ok,
					  const pcscf_control_prepared_t *prepared)
{
	prepare_t *prep = data;

	if (!ok && prep->creates)
	{
		prep->this->public.ctx_delete(&prep->this->public, prep->ctx);
	}
	prepare_done(prep, ok);
}

/**
 * Send ctx-keys of ctx_prepare(), the keys wiped from every buffer built
 */
static bool send_keys(prepare_t *prep)
{
	char request[CONTROL_LINE_MAX], ck_hex[33], ik_hex[33];
	bool ok;

	imsaka_hex_encode(prep->ck, 16, ck_hex);
	imsaka_hex_encode(prep->ik, 16, ik_hex);
	memwipe(prep->ck, sizeof(prep->ck));
	memwipe(prep->ik, sizeof(prep->ik));
	ok = format(request, "ctx-keys ctx=%u ck=%s ik=%s", prep->ctx, ck_hex,
				ik_hex) &&
		 prep->this->requests->keys(prep->this->requests, request, keys_done,
									prep);
	memwipe(request, sizeof(request));
	memwipe(ck_hex, sizeof(ck_hex));
	memwipe(ik_hex, sizeof(ik_hex));
	return ok;
}

/**
 * The reply to ctx-create of ctx_prepare(): the context ctx-keys goes to
 */
static void created(void *data, bool ok, uint32_t ctx)
{
	prepare_t *prep = data;

	if (!ok)
	{
		prepare_done(prep, false);
		return;
	}
	prep->ctx = ctx;
	if (!send_keys(prep))
	{	/* not sent: the context made for it goes */
		prep->this->public.ctx_delete(&prep->this->public, prep->ctx);
		prepare_done(prep, false);
	}
}

METHOD(pcscf_control_client_t, ctx_prepare, bool,
	private_pcscf_control_client_t *this, const char *impi, uint32_t ctx,
	const uint8_t ck[16], const uint8_t ik[16],
	pcscf_control_client_keyed_t keyed, void *data)
{
	char request[CONTROL_LINE_MAX];
	prepare_t *prep;
	bool sent;

	INIT(prep,
		.this = this,
		.ctx = ctx,
		.creates = !ctx,
		.keyed = keyed,
		.data = data,
	);
	memcpy(prep->ck, ck, sizeof(prep->ck));
	memcpy(prep->ik, ik, sizeof(prep->ik));
	if (ctx)
	{
		sent = send_keys(prep);
	}
	else
	{
		sent = impi && format(request, "ctx-create role=pcscf impi=%s",
							  impi) &&
			   this->requests->created(this->requests, request, created,
									   prep);
	}
	if (!sent)
	{
		memwipe(prep, sizeof(*prep));
		free(prep);
	}
	return sent;
}

METHOD(pcscf_control_client_t, sa_prepare, bool,
	private_pcscf_control_client_t *this, const char *impi, uint32_t ctx,
	const uint8_t ck[16], const uint8_t ik[16],
	const pcscf_control_client_sa_t *sa, pcscf_control_client_done_t done,
	void *data)
{
	char request[CONTROL_LINE_MAX], params[CONTROL_LINE_MAX / 2];
	char owner[PCSCF_CONTROL_REPLY_MAX], ck_hex[33], ik_hex[33];
	bool ok;

	if (!sa_params(sa, params, sizeof(params)))
	{
		return false;
	}
	if (ctx)
	{
		snprintf(owner, sizeof(owner), "ctx=%u", ctx);
	}
	else if (!impi ||
			 snprintf(owner, sizeof(owner), "impi=%s", impi) >= sizeof(owner))
	{
		return false;
	}
	imsaka_hex_encode(ck, 16, ck_hex);
	imsaka_hex_encode(ik, 16, ik_hex);
	ok = format(request, "sa-prepare %s ck=%s ik=%s %s", owner, ck_hex,
				ik_hex, params) &&
		 this->requests->prepared(this->requests, request, done, data);
	memwipe(request, sizeof(request));
	memwipe(ck_hex, sizeof(ck_hex));
	memwipe(ik_hex, sizeof(ik_hex));
	return ok;
}

METHOD(pcscf_control_client_t, sa_promote, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, uint32_t expires,
	uint32_t replaces, pcscf_control_client_done_t done, void *data)
{
	char request[CONTROL_LINE_MAX], replacing[24] = "";

	if (replaces)
	{
		snprintf(replacing, sizeof(replacing), " replaces=%u", replaces);
	}
	return format(request, "sa-promote ctx=%u expires=%u%s", ctx, expires,
				  replacing) &&
		   this->requests->done(this->requests, request, done, data);
}

METHOD(pcscf_control_client_t, ctx_hold_checked, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, uint32_t expires,
	pcscf_control_client_done_t done, void *data)
{
	char request[CONTROL_LINE_MAX];

	return format(request, "ctx-hold ctx=%u expires=%u", ctx, expires) &&
		   this->requests->done(this->requests, request, done, data);
}

METHOD(pcscf_control_client_t, ctx_hold_pipelined, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, uint32_t expires)
{
	return ctx_hold_checked(this, ctx, expires, NULL, NULL);
}

METHOD(pcscf_control_client_t, sa_remove, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, const char *set)
{
	char request[CONTROL_LINE_MAX];

	return format(request, "sa-remove ctx=%u set=%s", ctx, set) &&
		   this->requests->done(this->requests, request, NULL, NULL);
}

METHOD(pcscf_control_client_t, ctx_delete, bool,
	private_pcscf_control_client_t *this, uint32_t ctx)
{
	char request[CONTROL_LINE_MAX];

	return format(request, "ctx-delete ctx=%u", ctx) &&
		   this->requests->done(this->requests, request, NULL, NULL);
}

METHOD(pcscf_control_client_t, keepalive_start, bool,
	private_pcscf_control_client_t *this, uint32_t ctx, const imsaka_addr_t *src,
	const imsaka_addr_t *dst)
{
	char request[CONTROL_LINE_MAX];
	char s[IMSAKA_ADDR_STRLEN], d[IMSAKA_ADDR_STRLEN];

	return format(request, "keepalive-start ctx=%u src=%s dst=%s", ctx,
				  addr(src, s), addr(dst, d)) &&
		   this->requests->done(this->requests, request, NULL, NULL);
}

METHOD(pcscf_control_client_t, get_pending, u_int,
	private_pcscf_control_client_t *this)
{
	return this->requests->get_pending(this->requests);
}

METHOD(pcscf_control_client_t, drain, void,
	private_pcscf_control_client_t *this)
{
	this->requests->drain(this->requests);
}

METHOD(pcscf_control_client_t, is_up, bool,
	private_pcscf_control_client_t *this)
{
	char reply[PCSCF_CONTROL_REPLY_MAX];
	uint64_t now;

	if (!this->channel.path)
	{
		return this->call(this->data, "hello version=1", reply,
						  sizeof(reply));
	}
	if (control_channel_check(&this->channel))
	{
		return true;
	}
	/* charon is away: probes must not make each a blocking attempt */
	now = sip_timers_now();
	if (this->up_tried && now - this->up_tried < UP_RETRY_MS)
	{
		return false;
	}
	this->up_tried = now;
	if (!socket_connect(this, reply, sizeof(reply)))
	{
		DBG2(DBG_KNL, "charon: %s", reply);
		return false;
	}
	return true;
}

METHOD(pcscf_control_client_t, set_restart, void,
	private_pcscf_control_client_t *this, control_restart_cb_t cb, void *data)
{
	this->requests->set_restart(this->requests, cb, data);
}

METHOD(pcscf_control_client_t, set_counters, void,
	private_pcscf_control_client_t *this, pcscf_counters_t *counters)
{
	this->counters = counters;
	this->requests->set_counters(this->requests, counters);
}

METHOD(pcscf_control_client_t, destroy, void,
	private_pcscf_control_client_t *this)
{
	this->requests->destroy(this->requests);
	control_channel_deinit(&this->channel);
	free(this);
}

/**
 * A pipeline over the blocking line transport: each request answered
 * before send() returns
 */
typedef struct {
	/** interface */
	control_pipeline_t public;
	/** the client whose line transport it uses */
	private_pcscf_control_client_t *client;
} line_pipeline_t;

METHOD(control_pipeline_t, line_send, bool,
	line_pipeline_t *this, const char *request, control_pipeline_cb_t cb,
	void *data)
{
	char reply[PCSCF_CONTROL_REPLY_MAX] = "";

	if (!this->client->call(this->client->data, request, reply,
							sizeof(reply)) && !reply[0])
	{
		snprintf(reply, sizeof(reply), "%s", CONTROL_PIPELINE_LOST);
	}
	else if (strncmp(reply, "OK", 2) && strncmp(reply, "ERR", 3))
	{	/* what the transport said instead of a reply */
		snprintf(reply, sizeof(reply), "%s", CONTROL_PIPELINE_LOST);
	}
	cb(data, reply);
	memwipe(reply, sizeof(reply));
	return true;
}

METHOD(control_pipeline_t, line_get_pending, u_int,
	line_pipeline_t *this)
{
	return 0;
}

METHOD(control_pipeline_t, line_drain, bool,
	line_pipeline_t *this, u_int ms)
{
	return true;
}

METHOD(control_pipeline_t, line_destroy, void,
	line_pipeline_t *this)
{
	free(this);
}

/**
 * Create a pipeline over the client's line transport
 */
static control_pipeline_t *line_pipeline_create(
									private_pcscf_control_client_t *client)
{
	line_pipeline_t *this;

	INIT(this,
		.public = {
			.send = _line_send,
			.get_pending = _line_get_pending,
			.drain = _line_drain,
			.destroy = _line_destroy,
		},
		.client = client,
	);
	return &this->public;
}

/**
 * Create the client without its pipelined requests
 */
static private_pcscf_control_client_t *create(pcscf_control_client_call_t call,
											  void *data)
{
	private_pcscf_control_client_t *this;

	INIT(this,
		.public = {
			.caps = _caps,
			.ctx_prepare = _ctx_prepare,
			.tls_psk = _tls_psk,
			.tls_aka_keys = _tls_aka_keys,
			.sa_prepare = _sa_prepare,
			.sa_promote = _sa_promote,
			.ctx_hold_checked = _ctx_hold_checked,
			.ctx_hold_pipelined = _ctx_hold_pipelined,
			.sa_remove = _sa_remove,
			.ctx_delete = _ctx_delete,
			.keepalive_start = _keepalive_start,
			.is_up = _is_up,
			.get_pending = _get_pending,
			.drain = _drain,
			.set_restart = _set_restart,
			.set_counters = _set_counters,
			.destroy = _destroy,
		},
		.call = call,
		.data = data,
		.channel = CONTROL_CHANNEL_NONE,
		.caps = CONTROL_CAPS_CACHE_INIT,
	);
	return this;
}

/*
 * Described in header
 */
pcscf_control_client_t *pcscf_control_client_create(pcscf_control_client_call_t call, void *data)
{
	private_pcscf_control_client_t *this = create(call, data);

	this->requests = pcscf_control_requests_create(line_pipeline_create(this));
	return &this->public;
}

/*
 * Described in header
 */
pcscf_control_client_t *pcscf_control_client_create_pipelined(
							pcscf_control_client_call_t call, void *data,
							control_pipeline_t *pipeline)
{
	private_pcscf_control_client_t *this = create(call, data);

	this->requests = pcscf_control_requests_create(pipeline);
	return &this->public;
}

/**
 * Connect and say hello unless connected
 */
static bool socket_connect(private_pcscf_control_client_t *this, char *reply,
						   size_t size)
{
	const char *path = this->channel.path;
	char why[128];

	switch (control_channel_connect(&this->channel, reply, size))
	{
		case CONTROL_CHANNEL_OPEN:
			return true;
		case CONTROL_CHANNEL_NEW:
			DBG2(DBG_KNL, "charon: connected to %s: %s", path, reply);
			return true;
		case CONTROL_CHANNEL_UNREACHABLE:
			snprintf(why, sizeof(why), "%s", reply);
			snprintf(reply, size, "connecting to %s: %s", path, why);
			return false;
		case CONTROL_CHANNEL_REFUSED:
		default:
			return false;
	}
}

/**
 * Line transport over the control socket; one reconnect when the
 * connection broke (an ERR reply is an answer, not a broken connection).
 * A request charon did not answer in time is not sent again: charon may
 * still be busy with it; the channel drops the connection so that a late
 * reply cannot answer the next request.
 */
static bool socket_call(void *data, const char *request, char *reply,
						size_t size)
{
	private_pcscf_control_client_t *this = data;
	int try;

	for (try = 0; try < 2; try++)
	{
		if (!socket_connect(this, reply, size))
		{
			return false;
		}
		if (control_channel_call(&this->channel, request, reply, size))
		{
			return true;
		}
		if (streq(reply, CONTROL_ERROR_TIMEOUT))
		{
			break;
		}
	}
	return false;
}

/*
 * Described in header
 */
pcscf_control_client_t *pcscf_control_client_create_socket(const char *path,
												sip_transport_t *transport,
												u_int timeout)
{
	private_pcscf_control_client_t *this;

	this = (private_pcscf_control_client_t*)pcscf_control_client_create_pipelined(
						socket_call, NULL,
						control_pipeline_create(path, transport, timeout));
	this->data = this;
	control_channel_init(&this->channel, path);
	return &this->public;
}

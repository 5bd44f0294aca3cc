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

#include "pcscf_fakes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

METHOD(sip_transport_t, t_listen, bool,
	fake_transport_t *this, sip_proto_t proto, const imsaka_addr_t *local)
{
	this->listen_count++;
	return true;
}

METHOD(sip_transport_t, t_unlisten, void,
	fake_transport_t *this, sip_proto_t proto, const imsaka_addr_t *local)
{
}

METHOD(sip_transport_t, t_send, bool,
	fake_transport_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	if (this->sent_count == FAKE_MAX)
	{
		return false;
	}
	this->sent[this->sent_count].peer = *peer;
	this->sent[this->sent_count].text = strndup(msg, len);
	this->sent_count++;
	return true;
}

METHOD(sip_transport_t, t_add_timer, uint32_t,
	fake_transport_t *this, uint32_t ms, sip_transport_timer_cb_t cb,
	void *data)
{
	fake_timer_t *timer;

	if (this->timer_count == FAKE_MAX)
	{
		return 0;
	}
	timer = &this->timers[this->timer_count++];
	*timer = (fake_timer_t){
		.id = this->timer_count,
		.ms = ms,
		.cb = cb,
		.data = data,
		.active = true,
	};
	return timer->id;
}

METHOD(sip_transport_t, t_cancel_timer, void,
	fake_transport_t *this, uint32_t id)
{
	if (id && id <= this->timer_count)
	{
		this->timers[id - 1].active = false;
	}
}

METHOD(sip_transport_t, t_run, bool,
	fake_transport_t *this)
{
	return false;
}

METHOD(sip_transport_t, t_stop, void,
	fake_transport_t *this)
{
}

METHOD(sip_transport_t, t_listen_filtered, bool,
	fake_transport_t *this, const imsaka_addr_t *local,
	sip_stream_filter_factory_t factory, void *data)
{
	this->filtered_count++;
	return true;
}

METHOD(sip_transport_t, t_get_identity, bool,
	fake_transport_t *this, uint32_t conn, char *buf, size_t size)
{
	if (!conn || conn != this->tls_conn || strlen(this->tls_identity) >= size)
	{
		return false;
	}
	strcpy(buf, this->tls_identity);
	return true;
}

METHOD(sip_transport_t, t_set_filter, bool,
	fake_transport_t *this, uint32_t conn, sip_stream_filter_t *filter)
{	/* the connection takes the identity the filter reports */
	this->filters_set++;
	this->filter_conn = conn;
	this->filter_sent_count = this->sent_count;
	this->tls_conn = conn;
	if (!filter->get_identity(filter, this->tls_identity,
							  sizeof(this->tls_identity)))
	{
		this->tls_identity[0] = '\0';
	}
	filter->destroy(filter);
	return true;
}

METHOD(sip_transport_t, t_on_close, void,
	fake_transport_t *this, sip_transport_close_cb_t cb, void *data)
{
	this->close_cb = cb;
	this->close_data = data;
}

METHOD(sip_transport_t, t_close_conn, void,
	fake_transport_t *this, uint32_t conn)
{
	this->closed_conn = conn;
}

METHOD(sip_transport_t, t_abort_addr, void,
	fake_transport_t *this, const imsaka_addr_t *local,
	const imsaka_addr_t *remote)
{
	if (this->aborts < 4)
	{
		this->aborted_local[this->aborts] = *local;
		this->aborted_remote[this->aborts] = *remote;
	}
	this->aborts++;
}

METHOD(sip_transport_t, t_destroy, void,
	fake_transport_t *this)
{
}

fake_transport_t *fake_transport_create(void)
{
	fake_transport_t *this;

	INIT(this,
		.public = {
			.listen = _t_listen,
			.unlisten = _t_unlisten,
			.send = _t_send,
			.listen_filtered = _t_listen_filtered,
			.get_identity = _t_get_identity,
			.set_filter = _t_set_filter,
			.on_close = _t_on_close,
			.close_conn = _t_close_conn,
			.abort_addr = _t_abort_addr,
			.add_timer = _t_add_timer,
			.cancel_timer = _t_cancel_timer,
			.run = _t_run,
			.stop = _t_stop,
			.destroy = _t_destroy,
		},
	);
	return this;
}

void fake_transport_clear(fake_transport_t *t)
{
	int i;

	for (i = 0; i < t->sent_count; i++)
	{
		free(t->sent[i].text);
	}
	t->sent_count = 0;
}

void fake_transport_destroy(fake_transport_t *t)
{
	fake_transport_clear(t);
	free(t);
}

fake_sent_t *fake_transport_last(fake_transport_t *t)
{
	return t->sent_count ? &t->sent[t->sent_count - 1] : NULL;
}

fake_timer_t *fake_transport_longest_timer(fake_transport_t *t)
{
	fake_timer_t *found = NULL;
	int i;

	for (i = 0; i < t->timer_count; i++)
	{
		if (t->timers[i].active && (!found || t->timers[i].ms > found->ms))
		{
			found = &t->timers[i];
		}
	}
	return found;
}

/**
 * Answer like the plugin: ids and SPIs counting up
 */
static bool charon_call(void *data, const char *request, char *reply,
						size_t size)
{
	fake_control_t *fake = data;
	char command[32], ctx[16] = "0";
	const char *p;

	snprintf(command, sizeof(command), "%.*s", (int)strcspn(request, " "),
			 request);
	if (streq(command, "hello"))
	{	/* whether charon is there (is_up()), not recorded */
		fake->hellos++;
		snprintf(reply, size, "%s", fake->down ? "connecting: Connection "
				 "refused" : "OK version=1");
		return !fake->down;
	}
	if (streq(command, "caps"))
	{	/* a query, not recorded: an older plugin unless a test sets it */
		fake->caps_asked++;
		snprintf(reply, size, "%s", fake->caps ?: "ERR command unknown "
				 "command 'caps'");
		return true;
	}
	if (fake->count < FAKE_MAX)
	{
		fake->requests[fake->count++] = strdup(request);
	}
	p = strstr(request, "ctx=");
	if (p)
	{
		snprintf(ctx, sizeof(ctx), "%.*s", (int)strcspn(p + 4, " "), p + 4);
	}
	if (fake->fail && streq(fake->fail, command))
	{
		snprintf(reply, size, "ERR kernel %s refused", command);
		return true;
	}
	if (streq(command, "ctx-create"))
	{
		snprintf(reply, size, "OK ctx=%u", ++fake->next_ctx);
	}
	else if (streq(command, "sa-prepare"))
	{
		snprintf(reply, size, "OK ctx=%u spi-c=%u spi-s=%u set=temp "
				 "lifetime=32", p ? (uint32_t)atoi(ctx) : ++fake->next_ctx,
				 fake->next_spi, fake->next_spi + 1);
		fake->next_spi += 2;
	}
	else if (streq(command, "spi-alloc"))
	{
		snprintf(reply, size, "OK spi-c=%u spi-s=%u", fake->next_spi,
				 fake->next_spi + 1);
		fake->next_spi += 2;
	}
	else if (streq(command, "tls-psk"))
	{	/* FAKE_PSK: the tests check that it reaches the TLS table */
		snprintf(reply, size, "OK ctx=%s psk=%s", ctx, FAKE_PSK_HEX);
	}
	else if (streq(command, "tls-aka-keys"))
	{
		snprintf(reply, size, "OK ctx=%s suite=1301 ue=%s pcscf=%s", ctx,
				 FAKE_TLS_AKA_UE_HEX, FAKE_TLS_AKA_PCSCF_HEX);
	}
	else
	{
		snprintf(reply, size, "OK ctx=%s", ctx);
	}
	return true;
}

/**
 * The fake charon's pipeline: answered at once, or when the test says
 */
typedef struct {
	control_pipeline_t public;
	fake_control_t *fake;
} fake_pipeline_t;

static bool pipeline_send(control_pipeline_t *public, const char *request,
						  control_pipeline_cb_t cb, void *data)
{
	fake_pipeline_t *this = (fake_pipeline_t*)public;
	fake_control_t *fake = this->fake;
	char reply[256];

	charon_call(fake, request, reply, sizeof(reply));
	if (!fake->defer || fake->waiting_count >= FAKE_MAX)
	{
		cb(data, reply);
		return true;
	}
	fake->waiting[fake->waiting_count].cb = cb;
	fake->waiting[fake->waiting_count].data = data;
	snprintf(fake->waiting[fake->waiting_count].reply,
			 sizeof(fake->waiting[0].reply), "%s", reply);
	fake->waiting_count++;
	return true;
}

static u_int pipeline_get_pending(control_pipeline_t *public)
{
	return fake_control_waiting(((fake_pipeline_t*)public)->fake);
}

static bool pipeline_drain(control_pipeline_t *public, u_int ms)
{
	return !pipeline_get_pending(public);
}

static void pipeline_destroy(control_pipeline_t *public)
{
	fake_pipeline_t *this = (fake_pipeline_t*)public;
	int i;

	/* requests in flight fail as with a closed socket */
	for (i = 0; i < this->fake->waiting_count; i++)
	{
		fake_control_answer(this->fake, i, CONTROL_PIPELINE_LOST);
	}
	free(this);
}

pcscf_control_client_t *fake_control_create(fake_control_t *fake)
{
	fake_pipeline_t *pipeline;

	*fake = (fake_control_t){ .next_spi = 65536 };
	INIT(pipeline,
		.public = {
			.send = pipeline_send,
			.get_pending = pipeline_get_pending,
			.drain = pipeline_drain,
			.destroy = pipeline_destroy,
		},
		.fake = fake,
	);
	return pcscf_control_client_create_pipelined(charon_call, fake,
												 &pipeline->public);
}

bool fake_control_answer(fake_control_t *fake, int i, const char *reply)
{
	control_pipeline_cb_t cb;

	if (i < 0 || i >= fake->waiting_count || !fake->waiting[i].cb)
	{
		return false;
	}
	cb = fake->waiting[i].cb;
	fake->waiting[i].cb = NULL;
	cb(fake->waiting[i].data, reply ?: fake->waiting[i].reply);
	return true;
}

int fake_control_waiting(fake_control_t *fake)
{
	int i, n = 0;

	for (i = 0; i < fake->waiting_count; i++)
	{
		n += fake->waiting[i].cb != NULL;
	}
	return n;
}

void fake_control_clear(fake_control_t *fake)
{
	int i;

	for (i = 0; i < fake->count; i++)
	{
		free(fake->requests[i]);
	}
	fake->count = 0;
}

const char *fake_control_find(fake_control_t *fake, const char *prefix)
{
	int i;

	for (i = 0; i < fake->count; i++)
	{
		if (strncmp(fake->requests[i], prefix, strlen(prefix)) == 0)
		{
			return fake->requests[i];
		}
	}
	return NULL;
}

/** collected log text */
static char log_text[1 << 20];
static size_t log_len;
static int log_level;

/**
 * dbg() hook collecting lines
 */
static void log_hook(debug_t group, level_t level, char *fmt, ...)
{
	va_list args;
	int n;

	if (level > log_level || log_len >= sizeof(log_text) - 2)
	{
		return;
	}
	va_start(args, fmt);
	n = vsnprintf(log_text + log_len, sizeof(log_text) - log_len - 1, fmt,
				  args);
	va_end(args);
	if (n > 0)
	{
		log_len = min(log_len + n, sizeof(log_text) - 2);
		log_text[log_len++] = '\n';
		log_text[log_len] = '\0';
	}
}

void fake_log_start(int level)
{
	log_level = level;
	log_len = 0;
	log_text[0] = '\0';
	dbg = log_hook;
}

const char *fake_log_text(void)
{
	return log_text;
}

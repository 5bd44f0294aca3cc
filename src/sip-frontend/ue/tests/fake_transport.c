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

#include "fake_transport.h"

#include <check.h>
#include <library.h>

#include <stdlib.h>
#include <string.h>

static bool _listen(sip_transport_t *public, sip_proto_t proto,
					const imsaka_addr_t *local)
{
	fake_transport_t *t = (fake_transport_t*)public;

	if (t->listen_count == FAKE_MAX_LISTEN || !local->port)
	{
		return false;
	}
	t->listening[t->listen_count].proto = proto;
	t->listening[t->listen_count++].addr = *local;
	return true;
}

static void _unlisten(sip_transport_t *public, sip_proto_t proto,
					  const imsaka_addr_t *local)
{
}

static bool _send(sip_transport_t *public, const sip_peer_t *peer,
				  const char *msg, size_t len)
{
	fake_transport_t *t = (fake_transport_t*)public;
	fake_sent_t *s;

	if (t->sent_count == FAKE_MAX_SENT)
	{
		return false;
	}
	s = &t->sent[t->sent_count++];
	s->peer = *peer;
	s->msg = malloc(len + 1);
	memcpy(s->msg, msg, len);
	s->msg[len] = '\0';
	s->len = len;
	return true;
}

static uint32_t _add_timer(sip_transport_t *public, uint32_t ms,
						   sip_transport_timer_cb_t cb, void *data)
{
	fake_transport_t *t = (fake_transport_t*)public;
	fake_timer_t *timer = NULL;
	int i;

	for (i = 0; i < t->timer_count; i++)
	{
		if (!t->timers[i].active)
		{
			timer = &t->timers[i];
			break;
		}
	}
	if (!timer)
	{
		if (t->timer_count == FAKE_MAX_TIMERS)
		{
			abort();
		}
		timer = &t->timers[t->timer_count++];
	}
	*timer = (fake_timer_t){
		.id = ++t->next_id,
		.due = t->now + ms,
		.ms = ms,
		.cb = cb,
		.data = data,
		.active = true,
	};
	return timer->id;
}

static void _cancel_timer(sip_transport_t *public, uint32_t id)
{
	fake_transport_t *t = (fake_transport_t*)public;
	int i;

	for (i = 0; i < t->timer_count; i++)
	{
		if (t->timers[i].active && t->timers[i].id == id)
		{
			t->timers[i].active = false;
		}
	}
}

static bool _run(sip_transport_t *public)
{
	return false;
}

static void _stop(sip_transport_t *public)
{
	((fake_transport_t*)public)->stopped = true;
}

static uint32_t _connect(sip_transport_t *public, const sip_peer_t *peer,
						 sip_stream_filter_t *filter)
{
	fake_transport_t *t = (fake_transport_t*)public;
	chunk_t wire = chunk_empty;

	if (filter)
	{	/* a TLS client filter has a ClientHello to send at once */
		ck_assert(filter->output(filter, NULL, 0, &wire));
		ck_assert(wire.len > 0);
		chunk_free(&wire);
		filter->destroy(filter);
	}
	t->connects++;
	t->last_conn = 100 + t->connects;
	t->conn_peer = *peer;
	t->conn_open = true;
	return t->last_conn;
}

static bool _is_open(sip_transport_t *public, uint32_t conn)
{
	fake_transport_t *t = (fake_transport_t*)public;

	return t->conn_open && conn == t->last_conn;
}

static void _abort_addr(sip_transport_t *public, const imsaka_addr_t *local,
						const imsaka_addr_t *remote)
{
	fake_transport_t *t = (fake_transport_t*)public;

	if (t->aborts < 4)
	{
		t->aborted_local[t->aborts] = *local;
		t->aborted_remote[t->aborts] = *remote;
	}
	t->aborts++;
}

static bool _set_filter(sip_transport_t *public, uint32_t conn,
						sip_stream_filter_t *filter)
{
	fake_transport_t *t = (fake_transport_t*)public;

	DESTROY_IF(t->filter);
	t->filters_set++;
	t->filter = filter;
	t->filter_conn = conn;
	t->last_conn = conn;
	t->conn_open = true;
	return true;
}

static void _destroy(sip_transport_t *public)
{
	fake_transport_t *t = (fake_transport_t*)public;
	int i;

	DESTROY_IF(t->filter);
	for (i = 0; i < t->sent_count; i++)
	{
		free(t->sent[i].msg);
	}
	free(t);
}

fake_transport_t *fake_transport_create(void)
{
	fake_transport_t *t = calloc(1, sizeof(*t));

	t->public = (sip_transport_t){
		.listen = _listen,
		.unlisten = _unlisten,
		.send = _send,
		.connect = _connect,
		.is_open = _is_open,
		.abort_addr = _abort_addr,
		.set_filter = _set_filter,
		.add_timer = _add_timer,
		.cancel_timer = _cancel_timer,
		.run = _run,
		.stop = _stop,
		.destroy = _destroy,
	};
	return t;
}

const fake_sent_t *fake_transport_last(fake_transport_t *t)
{
	return t->sent_count ? &t->sent[t->sent_count - 1] : NULL;
}

bool fake_transport_fire(fake_transport_t *t)
{
	fake_timer_t *first = NULL;
	int i;

	for (i = 0; i < t->timer_count; i++)
	{
		if (t->timers[i].active && (!first || t->timers[i].due < first->due))
		{
			first = &t->timers[i];
		}
	}
	if (!first)
	{
		return false;
	}
	first->active = false;
	t->now = first->due;
	first->cb(first->data);
	return true;
}

int fake_transport_timers(fake_transport_t *t)
{
	int i, n = 0;

	for (i = 0; i < t->timer_count; i++)
	{
		n += t->timers[i].active;
	}
	return n;
}

fake_timer_t *fake_transport_latest(fake_transport_t *t)
{
	fake_timer_t *last = NULL;
	int i;

	for (i = 0; i < t->timer_count; i++)
	{
		if (t->timers[i].active && (!last || t->timers[i].due > last->due))
		{
			last = &t->timers[i];
		}
	}
	return last;
}

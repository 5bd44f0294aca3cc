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

#include "sip_transport.h"
#include "sip_connections.h"
#include "sip_event_loop.h"
#include "sip_listeners.h"
#include "sip_sockaddr.h"

#include <library.h>
#include <sys/socket.h>

typedef struct private_sip_transport_t private_sip_transport_t;

/**
 * Private data of a sip_transport_t object.
 */
struct private_sip_transport_t {

	/**
	 * Public interface
	 */
	sip_transport_t public;

	/**
	 * Told of closed TCP connections, NULL if none
	 */
	sip_transport_close_cb_t close_cb;

	/**
	 * Data for close_cb
	 */
	void *close_data;

	/**
	 * UDP sockets and TCP listeners
	 */
	sip_listeners_t *listeners;

	/**
	 * TCP connections
	 */
	sip_connections_t *conns;

	/**
	 * The poll() loop, timers and signals
	 */
	sip_event_loop_t *loop;
};

/**
 * sip_transport_t.listen, not METHOD(): the name is libc's
 */
static bool transport_listen(sip_transport_t *public, sip_proto_t proto,
							 const imsaka_addr_t *local)
{
	private_sip_transport_t *this = (private_sip_transport_t*)public;

	return this->listeners->add(this->listeners, proto, local) != NULL;
}

METHOD(sip_transport_t, listen_filtered, bool,
	private_sip_transport_t *this, const imsaka_addr_t *local,
	sip_stream_filter_factory_t factory, void *data)
{
	sip_listener_t *listener;

	listener = this->listeners->add(this->listeners, SIP_TCP, local);
	if (!listener)
	{
		return FALSE;
	}
	listener->factory = factory;
	listener->factory_data = data;
	return TRUE;
}

METHOD(sip_transport_t, unlisten, void,
	private_sip_transport_t *this, sip_proto_t proto,
	const imsaka_addr_t *local)
{
	this->listeners->remove(this->listeners, proto, local);
}

/**
 * Send on a TCP connection, opening one if needed
 */
static bool send_tcp(private_sip_transport_t *this, const sip_peer_t *peer,
					 const char *msg, size_t len)
{
	char buf[IMSAKA_ADDR_STRLEN];
	sip_connection_t *conn = NULL;
	sip_listener_t *listener;

	if (peer->conn)
	{
		conn = this->conns->find(this->conns, peer->conn);
	}
	if ((!conn || conn->is_closed(conn)) && peer->conn &&
		(listener = this->listeners->find(this->listeners, SIP_TCP,
										  &peer->local)) &&
		listener->factory)
	{	/* never in the clear what was meant for a filtered (TLS) one */
		DBG1(DBG_NET, "not sending to %s: filtered TCP connection %u is "
			 "closed", sip_sockaddr_str(&peer->remote, buf, sizeof(buf)),
			 peer->conn);
		return FALSE;
	}
	if (!conn)
	{
		conn = this->conns->find_addr(this->conns, &peer->local,
									  &peer->remote);
	}
	if (!conn)
	{
		if (!this->conns->has_room(this->conns))
		{
			DBG1(DBG_NET, "no TCP connection to %s: %d connections open",
				 sip_sockaddr_str(&peer->remote, buf, sizeof(buf)),
				 SIP_TRANSPORT_MAX_CONNS);
			return FALSE;
		}
		conn = sip_connection_create_outgoing(
							this->conns->next_id(this->conns),
							&peer->local, &peer->remote);
		if (!conn)
		{
			return FALSE;
		}
		this->conns->add(this->conns, conn);
	}
	if (!conn->enqueue(conn, msg, len))
	{
		return FALSE;
	}
	DBG2(DBG_NET, "sent %zu bytes on TCP connection %u to %s", len,
		 conn->get_id(conn), sip_sockaddr_str(&peer->remote, buf, sizeof(buf)));
	return TRUE;
}

METHOD(sip_transport_t, connect_, uint32_t,
	private_sip_transport_t *this, const sip_peer_t *peer,
	sip_stream_filter_t *filter)
{
	char buf[IMSAKA_ADDR_STRLEN];
	sip_connection_t *conn;
	imsaka_addr_t local = peer->local;

	local.port = 0;
	if (!this->conns->has_room(this->conns))
	{
		DBG1(DBG_NET, "no TCP connection to %s: %d connections open",
			 sip_sockaddr_str(&peer->remote, buf, sizeof(buf)),
			 SIP_TRANSPORT_MAX_CONNS);
		DESTROY_IF(filter);
		return 0;
	}
	conn = sip_connection_create_outgoing(this->conns->next_id(this->conns),
										  &local, &peer->remote);
	if (!conn)
	{
		DESTROY_IF(filter);
		return 0;
	}
	this->conns->add(this->conns, conn);
	if (filter && !conn->set_filter(conn, filter))
	{
		conn->close_socket(conn);
		return 0;
	}
	return conn->get_id(conn);
}

/**
 * An open connection by id
 */
static sip_connection_t *find_open(private_sip_transport_t *this, uint32_t id)
{
	sip_connection_t *conn;

	conn = id ? this->conns->find(this->conns, id) : NULL;
	if (!conn || conn->is_closed(conn))
	{
		return NULL;
	}
	return conn;
}

METHOD(sip_transport_t, set_filter, bool,
	private_sip_transport_t *this, uint32_t id, sip_stream_filter_t *filter)
{
	sip_connection_t *conn;

	conn = find_open(this, id);
	if (!conn)
	{
		filter->destroy(filter);
		return FALSE;
	}
	if (!conn->set_filter(conn, filter))
	{
		conn->close_socket(conn);
		return FALSE;
	}
	return TRUE;
}

METHOD(sip_transport_t, get_identity, bool,
	private_sip_transport_t *this, uint32_t id, char *buf, size_t size)
{
	sip_stream_filter_t *filter;
	sip_connection_t *conn;

	conn = find_open(this, id);
	filter = conn ? conn->get_filter(conn) : NULL;
	return filter && filter->get_identity(filter, buf, size);
}

METHOD(sip_transport_t, on_close, void,
	private_sip_transport_t *this, sip_transport_close_cb_t cb, void *data)
{
	this->close_cb = cb;
	this->close_data = data;
}

/**
 * A reaped connection: tell the close callback, with the filter's identity
 */
static void conn_gone(void *data, sip_connection_t *conn)
{
	private_sip_transport_t *this = data;
	char id[SIP_STREAM_FILTER_IDENTITY_MAX];
	sip_stream_filter_t *filter;
	sip_peer_t peer;

	if (!this->close_cb)
	{
		return;
	}
	conn->get_peer(conn, &peer);
	filter = conn->get_filter(conn);
	this->close_cb(this->close_data, peer.conn,
				   filter && filter->get_identity(filter, id, sizeof(id)) ?
				   id : NULL);
}

METHOD(sip_transport_t, close_conn, void,
	private_sip_transport_t *this, uint32_t id)
{
	sip_connection_t *conn;

	conn = find_open(this, id);
	if (conn)
	{
		DBG2(DBG_NET, "closing TCP connection %u", id);
		conn->close_socket(conn);
	}
}

METHOD(sip_transport_t, abort_addr, void,
	private_sip_transport_t *this, const imsaka_addr_t *local,
	const imsaka_addr_t *remote)
{
	struct linger linger = { .l_onoff = 1, .l_linger = 0 };
	sip_connection_t *conn;

	conn = this->conns->find_addr(this->conns, local, remote);
	if (conn && !conn->is_closed(conn))
	{
		DBG2(DBG_NET, "resetting TCP connection %u", conn->get_id(conn));
		setsockopt(conn->get_fd(conn), SOL_SOCKET, SO_LINGER, &linger,
				   sizeof(linger));
		conn->close_socket(conn);
	}
}

METHOD(sip_transport_t, is_open, bool,
	private_sip_transport_t *this, uint32_t id)
{
	return find_open(this, id) != NULL;
}

/**
 * sip_transport_t.send, not METHOD(): the name is libc's
 */
static bool transport_send(sip_transport_t *public, const sip_peer_t *peer,
						   const char *msg, size_t len)
{
	private_sip_transport_t *this = (private_sip_transport_t*)public;

	if (!len || len > SIP_TRANSPORT_MAX_MSG)
	{
		DBG1(DBG_NET, "not sending a message of %zu bytes (1..%d)", len,
			 SIP_TRANSPORT_MAX_MSG);
		return FALSE;
	}
	if (peer->proto == SIP_TCP)
	{
		return send_tcp(this, peer, msg, len);
	}
	return this->listeners->send_datagram(this->listeners, peer, msg, len);
}

METHOD(sip_transport_t, add_timer, uint32_t,
	private_sip_transport_t *this, uint32_t ms, sip_transport_timer_cb_t cb,
	void *data)
{
	return this->loop->add_timer(this->loop, ms, cb, data);
}

METHOD(sip_transport_t, watch, uint32_t,
	private_sip_transport_t *this, int fd, short events,
	sip_transport_watch_cb_t cb, void *data)
{
	return this->loop->watch(this->loop, fd, events, cb, data);
}

METHOD(sip_transport_t, set_watch, void,
	private_sip_transport_t *this, uint32_t id, short events)
{
	this->loop->set_watch(this->loop, id, events);
}

METHOD(sip_transport_t, cancel_timer, void,
	private_sip_transport_t *this, uint32_t id)
{
	this->loop->cancel_timer(this->loop, id);
}

METHOD(sip_transport_t, run, bool,
	private_sip_transport_t *this)
{
	return this->loop->run(this->loop);
}

METHOD(sip_transport_t, stop, void,
	private_sip_transport_t *this)
{
	this->loop->stop(this->loop);
}

METHOD(sip_transport_t, destroy, void,
	private_sip_transport_t *this)
{
	this->loop->destroy(this->loop);
	this->listeners->destroy(this->listeners);
	this->conns->destroy(this->conns);
	free(this);
}

/*
 * Described in header
 */
sip_transport_t *sip_transport_create(sip_transport_recv_cb_t cb, void *data)
{
	private_sip_transport_t *this;

	INIT(this,
		.public = {
			.listen = transport_listen,
			.unlisten = _unlisten,
			.send = transport_send,
			.listen_filtered = _listen_filtered,
			.connect = _connect_,
			.set_filter = _set_filter,
			.on_close = _on_close,
			.close_conn = _close_conn,
			.abort_addr = _abort_addr,
			.get_identity = _get_identity,
			.is_open = _is_open,
			.add_timer = _add_timer,
			.cancel_timer = _cancel_timer,
			.watch = _watch,
			.set_watch = _set_watch,
			.run = _run,
			.stop = _stop,
			.destroy = _destroy,
		},
		.conns = sip_connections_create(),
	);
	this->listeners = sip_listeners_create(this->conns);
	this->loop = sip_event_loop_create(this->listeners, this->conns, cb, data,
									   conn_gone, this);
	return &this->public;
}

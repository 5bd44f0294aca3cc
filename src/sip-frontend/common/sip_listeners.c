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

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4() */
#endif

#include "sip_listeners.h"
#include "sip_sockaddr.h"

#include <library.h>
#include <collections/linked_list.h>
#include <errno.h>
#include <unistd.h>

/** backlog of a TCP listener */
#define LISTEN_BACKLOG 64

typedef struct private_sip_listeners_t private_sip_listeners_t;

/**
 * Private data of a sip_listeners_t object.
 */
struct private_sip_listeners_t {

	/**
	 * Public interface
	 */
	sip_listeners_t public;

	/**
	 * sip_listener_t
	 */
	linked_list_t *list;

	/**
	 * Connection table accepted connections go into
	 */
	sip_connections_t *conns;

	/**
	 * Last listener id given out
	 */
	uint32_t last_id;

	/**
	 * UDP receive buffer, SIP_TRANSPORT_MAX_MSG + 1 bytes
	 */
	char *dgram;
};

static const char *proto_name(sip_proto_t proto)
{
	return proto == SIP_TCP ? "TCP" : "UDP";
}

CALLBACK(match_addr, bool,
	sip_listener_t *listener, va_list args)
{
	const imsaka_addr_t *local;
	sip_proto_t proto;

	VA_ARGS_VGET(args, proto, local);
	return listener->proto == proto &&
		   imsaka_addr_equals(&listener->local, local);
}

METHOD(sip_listeners_t, find, sip_listener_t*,
	private_sip_listeners_t *this, sip_proto_t proto,
	const imsaka_addr_t *local)
{
	sip_listener_t *found;

	return this->list->find_first(this->list, match_addr, (void**)&found,
								  proto, local) ? found : NULL;
}

CALLBACK(match_id, bool,
	sip_listener_t *listener, va_list args)
{
	uint32_t id;

	VA_ARGS_VGET(args, id);
	return listener->id == id;
}

METHOD(sip_listeners_t, find_id, sip_listener_t*,
	private_sip_listeners_t *this, uint32_t id)
{
	sip_listener_t *found;

	return this->list->find_first(this->list, match_id, (void**)&found,
								  id) ? found : NULL;
}

METHOD(sip_listeners_t, add, sip_listener_t*,
	private_sip_listeners_t *this, sip_proto_t proto,
	const imsaka_addr_t *local)
{
	char buf[IMSAKA_ADDR_STRLEN];
	sip_listener_t *listener;
	int fd;

	sip_sockaddr_str(local, buf, sizeof(buf));
	if (!local->port || !local->family)
	{
		DBG1(DBG_NET, "not listening on %s %s: address and port needed",
			 proto_name(proto), buf);
		return NULL;
	}
	if (find(this, proto, local))
	{
		DBG1(DBG_NET, "already listening on %s %s", proto_name(proto), buf);
		return NULL;
	}
	fd = sip_sockaddr_bind(proto == SIP_TCP ? SOCK_STREAM : SOCK_DGRAM, local);
	if (fd < 0)
	{
		DBG1(DBG_NET, "binding %s %s failed: %s", proto_name(proto), buf,
			 strerror(errno));
		return NULL;
	}
	if (proto == SIP_TCP && listen(fd, LISTEN_BACKLOG) != 0)
	{
		DBG1(DBG_NET, "listening on TCP %s failed: %s", buf, strerror(errno));
		close(fd);
		return NULL;
	}
	INIT(listener,
		.id = ++this->last_id ?: ++this->last_id,
		.proto = proto,
		.local = *local,
		.fd = fd,
	);
	this->list->insert_last(this->list, listener);
	DBG1(DBG_NET, "listening on %s %s", proto_name(proto), buf);
	return listener;
}

/**
 * Free a listener
 */
static void listener_destroy(sip_listener_t *listener)
{
	close(listener->fd);
	free(listener);
}

METHOD(sip_listeners_t, remove_, void,
	private_sip_listeners_t *this, sip_proto_t proto,
	const imsaka_addr_t *local)
{
	sip_listener_t *listener;
	char buf[IMSAKA_ADDR_STRLEN];

	listener = find(this, proto, local);
	if (!listener)
	{
		return;
	}
	this->list->remove(this->list, listener, NULL);
	/* freed in the loop: a callback may be running on one */
	this->conns->close_listener(this->conns, listener->id);
	DBG1(DBG_NET, "stopped listening on %s %s", proto_name(proto),
		 sip_sockaddr_str(local, buf, sizeof(buf)));
	listener_destroy(listener);
}

METHOD(sip_listeners_t, send_datagram, bool,
	private_sip_listeners_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN], from[IMSAKA_ADDR_STRLEN];
	sip_listener_t *listener;
	socklen_t salen;
	ssize_t n;

	sip_sockaddr_str(&peer->remote, buf, sizeof(buf));
	listener = find(this, SIP_UDP, &peer->local);
	if (!listener)
	{
		DBG1(DBG_NET, "not sending to UDP %s: no socket bound to %s", buf,
			 sip_sockaddr_str(&peer->local, from, sizeof(from)));
		return FALSE;
	}
	if (!sip_sockaddr_from_addr(&peer->remote, &sa, &salen) ||
		!peer->remote.port)
	{
		DBG1(DBG_NET, "not sending to UDP %s: bad address", buf);
		return FALSE;
	}
	do
	{
		n = sendto(listener->fd, msg, len, 0, (struct sockaddr*)&sa, salen);
	}
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
	{
		DBG1(DBG_NET, "sending %zu bytes to UDP %s failed: %s", len, buf,
			 n < 0 ? strerror(errno) : "truncated");
		return FALSE;
	}
	DBG2(DBG_NET, "sent %zu bytes to UDP %s from %s", len, buf,
		 sip_sockaddr_str(&peer->local, from, sizeof(from)));
	return TRUE;
}

/**
 * Whether a datagram is only CR/LF (a keep-alive)
 */
static bool is_keepalive(const char *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		if (msg[i] != '\r' && msg[i] != '\n')
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Log what a listener's socket refused, unless it only had nothing ready
 */
static void listener_failed(sip_listener_t *listener, const char *what)
{
	char buf[IMSAKA_ADDR_STRLEN];
	int err = errno;

	if (err != EAGAIN && err != EWOULDBLOCK && err != EINTR)
	{
		DBG1(DBG_NET, "%s %s failed: %s", what,
			 sip_sockaddr_str(&listener->local, buf, sizeof(buf)),
			 strerror(err));
	}
}

METHOD(sip_listeners_t, receive, bool,
	private_sip_listeners_t *this, uint32_t id, sip_transport_recv_cb_t cb,
	void *data)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN];
	sip_listener_t *listener;
	sip_peer_t peer;
	socklen_t salen;
	ssize_t n;

	/* looked up each time: a callback may have removed it */
	listener = find_id(this, id);
	if (!listener)
	{
		return FALSE;
	}
	salen = sizeof(sa);
	n = recvfrom(listener->fd, this->dgram, SIP_TRANSPORT_MAX_MSG + 1,
				 MSG_TRUNC, (struct sockaddr*)&sa, &salen);
	if (n < 0)
	{
		listener_failed(listener, "receiving on UDP");
		return FALSE;
	}
	peer = (sip_peer_t){
		.proto = SIP_UDP,
		.local = listener->local,
	};
	if (!sip_sockaddr_to_addr((struct sockaddr*)&sa, &peer.remote))
	{
		return TRUE;
	}
	sip_sockaddr_str(&peer.remote, buf, sizeof(buf));
	if (n > SIP_TRANSPORT_MAX_MSG)
	{
		DBG1(DBG_NET, "dropped a datagram of %zd bytes from UDP %s "
			 "(largest %d)", n, buf, SIP_TRANSPORT_MAX_MSG);
		return TRUE;
	}
	if (is_keepalive(this->dgram, n))
	{
		return TRUE;
	}
	DBG2(DBG_NET, "received %zd bytes from UDP %s", n, buf);
	cb(data, &peer, this->dgram, n);
	return TRUE;
}

/**
 * Put the filter of a filtered listener on a connection it accepted
 */
static void filter_accepted(sip_listener_t *listener, sip_connection_t *conn,
							const char *remote)
{
	sip_stream_filter_t *filter;
	sip_peer_t peer;

	conn->get_peer(conn, &peer);
	filter = listener->factory(listener->factory_data, &peer);
	if (!filter)
	{
		DBG1(DBG_NET, "refused TCP connection %u from %s: no filter",
			 conn->get_id(conn), remote);
		conn->close_socket(conn);
		return;
	}
	if (!conn->set_filter(conn, filter))
	{
		conn->close_socket(conn);
	}
}

METHOD(sip_listeners_t, accept_, bool,
	private_sip_listeners_t *this, uint32_t id)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN];
	sip_connection_t *conn;
	sip_listener_t *listener;
	imsaka_addr_t remote;
	socklen_t salen;
	int fd;

	listener = find_id(this, id);
	if (!listener)
	{
		return FALSE;
	}
	salen = sizeof(sa);
	fd = accept4(listener->fd, (struct sockaddr*)&sa, &salen,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
	{
		listener_failed(listener, "accepting on TCP");
		return FALSE;
	}
	if (!sip_sockaddr_to_addr((struct sockaddr*)&sa, &remote))
	{
		close(fd);
		return TRUE;
	}
	sip_sockaddr_str(&remote, buf, sizeof(buf));
	if (!this->conns->has_room(this->conns))
	{
		DBG1(DBG_NET, "refused TCP connection from %s: %d connections "
			 "open", buf, SIP_TRANSPORT_MAX_CONNS);
		close(fd);
		return TRUE;
	}
	conn = sip_connection_create_accepted(this->conns->next_id(this->conns),
								fd, listener->id, &listener->local, &remote);
	this->conns->add(this->conns, conn);
	DBG2(DBG_NET, "TCP connection %u from %s accepted", conn->get_id(conn),
		 buf);
	if (listener->factory)
	{
		filter_accepted(listener, conn, buf);
	}
	return TRUE;
}

METHOD(sip_listeners_t, count, unsigned int,
	private_sip_listeners_t *this)
{
	return this->list->get_count(this->list);
}

METHOD(sip_listeners_t, fill_poll, unsigned int,
	private_sip_listeners_t *this, struct pollfd *fds, uint32_t *ids)
{
	enumerator_t *enumerator;
	sip_listener_t *listener;
	unsigned int n = 0;

	enumerator = this->list->create_enumerator(this->list);
	while (enumerator->enumerate(enumerator, &listener))
	{
		fds[n] = (struct pollfd){ .fd = listener->fd, .events = POLLIN };
		ids[n++] = listener->id;
	}
	enumerator->destroy(enumerator);
	return n;
}

METHOD(sip_listeners_t, destroy, void,
	private_sip_listeners_t *this)
{
	this->list->destroy_function(this->list, (void*)listener_destroy);
	free(this->dgram);
	free(this);
}

/*
 * Described in header
 */
sip_listeners_t *sip_listeners_create(sip_connections_t *conns)
{
	private_sip_listeners_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.remove = _remove_,
			.find = _find,
			.find_id = _find_id,
			.send_datagram = _send_datagram,
			.receive = _receive,
			.accept = _accept_,
			.count = _count,
			.fill_poll = _fill_poll,
			.destroy = _destroy,
		},
		.list = linked_list_create(),
		.conns = conns,
		.dgram = malloc(SIP_TRANSPORT_MAX_MSG + 1),
	);
	return &this->public;
}

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

#include "sip_transport.h"
#include "sip_connections.h"
#include "sip_signals.h"
#include "sip_sockaddr.h"
#include "sip_timers.h"

#include <library.h>
#include <collections/linked_list.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>

/** backlog of a TCP listener */
#define LISTEN_BACKLOG 64

/** datagrams or connections taken from one socket per loop round */
#define BURST 16

typedef struct private_sip_transport_t private_sip_transport_t;
typedef struct listener_t listener_t;
typedef struct poll_ref_t poll_ref_t;

/**
 * A UDP socket or TCP listener
 */
struct listener_t {
	/** id, never 0 */
	uint32_t id;
	/** UDP or TCP */
	sip_proto_t proto;
	/** bound address and port */
	imsaka_addr_t local;
	/** socket */
	int fd;
	/** filter factory of a filtered TCP listener, NULL if none */
	sip_stream_filter_factory_t factory;
	/** data for factory */
	void *factory_data;
};

/**
 * What a pollfd entry stands for
 */
struct poll_ref_t {
	/** 0: the signal pipe, 1: a listener, 2: a connection */
	int kind;
	/** listener or connection id */
	uint32_t id;
};

/**
 * Private data of a sip_transport_t object.
 */
struct private_sip_transport_t {

	/**
	 * Public interface
	 */
	sip_transport_t public;

	/**
	 * Receive callback
	 */
	sip_transport_recv_cb_t cb;

	/**
	 * Data for cb
	 */
	void *data;

	/**
	 * Told of closed TCP connections, NULL if none
	 */
	sip_transport_close_cb_t close_cb;

	/**
	 * Data for close_cb
	 */
	void *close_data;

	/**
	 * listener_t
	 */
	linked_list_t *listeners;

	/**
	 * TCP connections
	 */
	sip_connections_t *conns;

	/**
	 * Timers
	 */
	sip_timers_t *timers;

	/**
	 * SIGINT and SIGTERM
	 */
	sip_signals_t *signals;

	/**
	 * Last listener id given out
	 */
	uint32_t last_listener;

	/**
	 * stop() was called or a signal arrived
	 */
	bool stopped;

	/**
	 * A signal arrived
	 */
	bool signaled;

	/**
	 * UDP receive buffer, SIP_TRANSPORT_MAX_MSG + 1 bytes
	 */
	char *dgram;
};

/**
 * Print an address for log lines
 */
static char *addr_str(const imsaka_addr_t *addr, char *buf, size_t size)
{
	if (!imsaka_addr_format(addr, buf, size))
	{
		snprintf(buf, size, "?");
	}
	return buf;
}

static const char *proto_name(sip_proto_t proto)
{
	return proto == SIP_TCP ? "TCP" : "UDP";
}

static listener_t *find_listener(private_sip_transport_t *this,
								 sip_proto_t proto, const imsaka_addr_t *local)
{
	enumerator_t *enumerator;
	listener_t *listener, *found = NULL;

	enumerator = this->listeners->create_enumerator(this->listeners);
	while (enumerator->enumerate(enumerator, &listener))
	{
		if (listener->proto == proto &&
			imsaka_addr_equals(&listener->local, local))
		{
			found = listener;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static listener_t *find_listener_id(private_sip_transport_t *this, uint32_t id)
{
	enumerator_t *enumerator;
	listener_t *listener, *found = NULL;

	enumerator = this->listeners->create_enumerator(this->listeners);
	while (enumerator->enumerate(enumerator, &listener))
	{
		if (listener->id == id)
		{
			found = listener;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * sip_transport_t.listen, not METHOD(): the name is libc's
 */
/**
 * Bind a UDP socket or TCP listener, with a filter factory for TCP
 */
static listener_t *do_listen(private_sip_transport_t *this, sip_proto_t proto,
							 const imsaka_addr_t *local);

static bool transport_listen(sip_transport_t *public, sip_proto_t proto,
							 const imsaka_addr_t *local)
{
	return do_listen((private_sip_transport_t*)public, proto, local) != NULL;
}

METHOD(sip_transport_t, listen_filtered, bool,
	private_sip_transport_t *this, const imsaka_addr_t *local,
	sip_stream_filter_factory_t factory, void *data)
{
	listener_t *listener;

	listener = do_listen(this, SIP_TCP, local);
	if (!listener)
	{
		return FALSE;
	}
	listener->factory = factory;
	listener->factory_data = data;
	return TRUE;
}

static listener_t *do_listen(private_sip_transport_t *this, sip_proto_t proto,
							 const imsaka_addr_t *local)
{
	char buf[IMSAKA_ADDR_STRLEN];
	listener_t *listener;
	int fd;

	addr_str(local, buf, sizeof(buf));
	if (!local->port || !local->family)
	{
		DBG1(DBG_NET, "not listening on %s %s: address and port needed",
			 proto_name(proto), buf);
		return NULL;
	}
	if (find_listener(this, proto, local))
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
		.id = ++this->last_listener ?: ++this->last_listener,
		.proto = proto,
		.local = *local,
		.fd = fd,
	);
	this->listeners->insert_last(this->listeners, listener);
	DBG1(DBG_NET, "listening on %s %s", proto_name(proto), buf);
	return listener;
}

METHOD(sip_transport_t, unlisten, void,
	private_sip_transport_t *this, sip_proto_t proto,
	const imsaka_addr_t *local)
{
	listener_t *listener;
	char buf[IMSAKA_ADDR_STRLEN];

	listener = find_listener(this, proto, local);
	if (!listener)
	{
		return;
	}
	this->listeners->remove(this->listeners, listener, NULL);
	/* freed in the loop: a callback may be running on one */
	this->conns->close_listener(this->conns, listener->id);
	DBG1(DBG_NET, "stopped listening on %s %s", proto_name(proto),
		 addr_str(local, buf, sizeof(buf)));
	close(listener->fd);
	free(listener);
}

/**
 * Send a datagram from a bound UDP socket
 */
static bool send_udp(private_sip_transport_t *this, const sip_peer_t *peer,
					 const char *msg, size_t len)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN], from[IMSAKA_ADDR_STRLEN];
	listener_t *listener;
	socklen_t salen;
	ssize_t n;

	addr_str(&peer->remote, buf, sizeof(buf));
	listener = find_listener(this, SIP_UDP, &peer->local);
	if (!listener)
	{
		DBG1(DBG_NET, "not sending to UDP %s: no socket bound to %s", buf,
			 addr_str(&peer->local, from, sizeof(from)));
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
		 addr_str(&peer->local, from, sizeof(from)));
	return TRUE;
}

/**
 * Send on a TCP connection, opening one if needed
 */
static bool send_tcp(private_sip_transport_t *this, const sip_peer_t *peer,
					 const char *msg, size_t len)
{
	char buf[IMSAKA_ADDR_STRLEN];
	sip_connection_t *conn = NULL;
	listener_t *listener;

	if (peer->conn)
	{
		conn = this->conns->find(this->conns, peer->conn);
	}
	if ((!conn || conn->is_closed(conn)) && peer->conn &&
		(listener = find_listener(this, SIP_TCP, &peer->local)) &&
		listener->factory)
	{	/* never in the clear what was meant for a filtered (TLS) one */
		DBG1(DBG_NET, "not sending to %s: filtered TCP connection %u is "
			 "closed", addr_str(&peer->remote, buf, sizeof(buf)), peer->conn);
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
				 addr_str(&peer->remote, buf, sizeof(buf)),
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
		 conn->get_id(conn), addr_str(&peer->remote, buf, sizeof(buf)));
	return TRUE;
}

/**
 * sip_transport_t.send, not METHOD(): the name is libc's
 */
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
			 addr_str(&peer->remote, buf, sizeof(buf)),
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
	return send_udp(this, peer, msg, len);
}

METHOD(sip_transport_t, add_timer, uint32_t,
	private_sip_transport_t *this, uint32_t ms, sip_transport_timer_cb_t cb,
	void *data)
{
	return this->timers->add(this->timers, sip_timers_now() + ms, cb, data);
}

METHOD(sip_transport_t, cancel_timer, void,
	private_sip_transport_t *this, uint32_t id)
{
	this->timers->cancel(this->timers, id);
}

METHOD(sip_transport_t, stop, void,
	private_sip_transport_t *this)
{
	this->stopped = TRUE;
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
 * Read datagrams from a UDP socket
 */
static void read_udp(private_sip_transport_t *this, uint32_t id)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN];
	listener_t *listener;
	sip_peer_t peer;
	socklen_t salen;
	ssize_t n;
	int i;

	for (i = 0; i < BURST && !this->stopped; i++)
	{
		/* looked up again: a callback may have removed it */
		listener = find_listener_id(this, id);
		if (!listener)
		{
			return;
		}
		salen = sizeof(sa);
		n = recvfrom(listener->fd, this->dgram, SIP_TRANSPORT_MAX_MSG + 1,
					 MSG_TRUNC, (struct sockaddr*)&sa, &salen);
		if (n < 0)
		{
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			{
				DBG1(DBG_NET, "receiving on UDP %s failed: %s",
					 addr_str(&listener->local, buf, sizeof(buf)),
					 strerror(errno));
			}
			return;
		}
		peer = (sip_peer_t){
			.proto = SIP_UDP,
			.local = listener->local,
		};
		if (!sip_sockaddr_to_addr((struct sockaddr*)&sa, &peer.remote))
		{
			continue;
		}
		addr_str(&peer.remote, buf, sizeof(buf));
		if (n > SIP_TRANSPORT_MAX_MSG)
		{
			DBG1(DBG_NET, "dropped a datagram of %zd bytes from UDP %s "
				 "(largest %d)", n, buf, SIP_TRANSPORT_MAX_MSG);
			continue;
		}
		if (is_keepalive(this->dgram, n))
		{
			continue;
		}
		DBG2(DBG_NET, "received %zd bytes from UDP %s", n, buf);
		this->cb(this->data, &peer, this->dgram, n);
	}
}

/**
 * Accept connections on a TCP listener
 */
static void accept_tcp(private_sip_transport_t *this, uint32_t id)
{
	struct sockaddr_storage sa;
	char buf[IMSAKA_ADDR_STRLEN];
	sip_stream_filter_t *filter;
	sip_connection_t *conn;
	listener_t *listener;
	imsaka_addr_t remote;
	sip_peer_t peer;
	socklen_t salen;
	int fd, i;

	listener = find_listener_id(this, id);
	for (i = 0; listener && i < BURST; i++)
	{
		salen = sizeof(sa);
		fd = accept4(listener->fd, (struct sockaddr*)&sa, &salen,
					 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
		{
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			{
				DBG1(DBG_NET, "accepting on TCP %s failed: %s",
					 addr_str(&listener->local, buf, sizeof(buf)),
					 strerror(errno));
			}
			return;
		}
		if (!sip_sockaddr_to_addr((struct sockaddr*)&sa, &remote))
		{
			close(fd);
			continue;
		}
		addr_str(&remote, buf, sizeof(buf));
		if (!this->conns->has_room(this->conns))
		{
			DBG1(DBG_NET, "refused TCP connection from %s: %d connections "
				 "open", buf, SIP_TRANSPORT_MAX_CONNS);
			close(fd);
			continue;
		}
		conn = sip_connection_create_accepted(
							this->conns->next_id(this->conns), fd,
							listener->id, &listener->local, &remote);
		this->conns->add(this->conns, conn);
		DBG2(DBG_NET, "TCP connection %u from %s accepted",
			 conn->get_id(conn), buf);
		if (listener->factory)
		{
			conn->get_peer(conn, &peer);
			filter = listener->factory(listener->factory_data, &peer);
			if (!filter)
			{
				DBG1(DBG_NET, "refused TCP connection %u from %s: no filter",
					 conn->get_id(conn), buf);
				conn->close_socket(conn);
				continue;
			}
			if (!conn->set_filter(conn, filter))
			{
				conn->close_socket(conn);
			}
		}
	}
}

/**
 * Handle events of a connection
 */
static void handle_conn(private_sip_transport_t *this, uint32_t id,
						short revents)
{
	sip_connection_t *conn;
	short events;

	conn = this->conns->find(this->conns, id);
	if (!conn)
	{
		return;
	}
	/* what was asked for: a connection still connecting is not read */
	events = conn->get_events(conn);
	if (events & POLLOUT && revents & (POLLOUT | POLLERR | POLLHUP) &&
		!conn->on_writable(conn))
	{
		conn->close_socket(conn);
		return;
	}
	if (events & POLLIN && revents & (POLLIN | POLLERR | POLLHUP) &&
		!conn->on_readable(conn, this->cb, this->data))
	{
		conn->close_socket(conn);
	}
}

/**
 * Fire the timers due now; those added meanwhile wait for the next round
 */
static void fire_timers(private_sip_transport_t *this)
{
	sip_timer_cb_t cb;
	uint64_t now;
	void *data;
	uint32_t count;

	now = sip_timers_now();
	count = this->timers->count(this->timers);
	while (count-- && !this->stopped &&
		   this->timers->pop_due(this->timers, now, &cb, &data))
	{
		cb(data);
	}
}

/**
 * Read the signal pipe
 */
static void handle_signal(private_sip_transport_t *this)
{
	int sig;

	if (this->signals->take(this->signals, &sig))
	{
		DBG1(DBG_NET, "received signal %d (%s), stopping", sig, strsignal(sig));
		this->signaled = TRUE;
		this->stopped = TRUE;
	}
}

METHOD(sip_transport_t, run, bool,
	private_sip_transport_t *this)
{
	enumerator_t *enumerator;
	listener_t *listener;
	struct pollfd *fds = NULL;
	poll_ref_t *refs = NULL;
	uint32_t *ids = NULL;
	u_int conns;
	uint64_t now, due, idle, next_timer;
	u_int size = 0, count, i;
	int timeout, n;

	this->stopped = FALSE;
	this->signaled = FALSE;
	while (!this->stopped)
	{
		fire_timers(this);
		if (this->stopped)
		{
			break;
		}
		now = sip_timers_now();
		idle = this->conns->reap(this->conns, now, conn_gone, this);

		count = 1 + this->listeners->get_count(this->listeners) +
				this->conns->count(this->conns);
		if (count > size)
		{
			size = count;
			fds = realloc(fds, size * sizeof(*fds));
			refs = realloc(refs, size * sizeof(*refs));
			ids = realloc(ids, size * sizeof(*ids));
		}
		count = 0;
		fds[count] = (struct pollfd){ .fd = this->signals->get_fd(this->signals),
									 .events = POLLIN };
		refs[count++] = (poll_ref_t){ .kind = 0 };
		enumerator = this->listeners->create_enumerator(this->listeners);
		while (enumerator->enumerate(enumerator, &listener))
		{
			fds[count] = (struct pollfd){ .fd = listener->fd, .events = POLLIN };
			refs[count++] = (poll_ref_t){ .kind = 1, .id = listener->id };
		}
		enumerator->destroy(enumerator);
		conns = this->conns->fill_poll(this->conns, fds + count, ids);
		for (i = 0; i < conns; i++)
		{
			refs[count++] = (poll_ref_t){ .kind = 2, .id = ids[i] };
		}

		due = idle;
		if (this->timers->next(this->timers, &next_timer))
		{
			due = min(due, next_timer);
		}
		now = sip_timers_now();
		timeout = due == UINT64_MAX ? -1 :
				  due <= now ? 0 : (int)min(due - now, (uint64_t)INT32_MAX);

		n = poll(fds, count, timeout);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_NET, "poll() failed: %s", strerror(errno));
			break;
		}
		for (i = 0; i < count && n > 0 && !this->stopped; i++)
		{
			if (!fds[i].revents)
			{
				continue;
			}
			n--;
			switch (refs[i].kind)
			{
				case 0:
					handle_signal(this);
					break;
				case 1:
					listener = find_listener_id(this, refs[i].id);
					if (listener && listener->proto == SIP_UDP)
					{
						read_udp(this, refs[i].id);
					}
					else if (listener)
					{
						accept_tcp(this, refs[i].id);
					}
					break;
				default:
					handle_conn(this, refs[i].id, fds[i].revents);
					break;
			}
		}
	}
	this->conns->reap(this->conns, sip_timers_now(), conn_gone, this);
	free(fds);
	free(refs);
	free(ids);
	return this->signaled;
}

/**
 * Free a listener
 */
static void listener_destroy(listener_t *listener)
{
	close(listener->fd);
	free(listener);
}

METHOD(sip_transport_t, destroy, void,
	private_sip_transport_t *this)
{
	this->signals->destroy(this->signals);
	this->listeners->destroy_function(this->listeners,
									  (void*)listener_destroy);
	this->conns->destroy(this->conns);
	this->timers->destroy(this->timers);
	free(this->dgram);
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
			.run = _run,
			.stop = _stop,
			.destroy = _destroy,
		},
		.cb = cb,
		.data = data,
		.listeners = linked_list_create(),
		.conns = sip_connections_create(),
		.timers = sip_timers_create(),
		.dgram = malloc(SIP_TRANSPORT_MAX_MSG + 1),
		.signals = sip_signals_create(),
	);
	return &this->public;
}

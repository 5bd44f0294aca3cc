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

#include "sip_connection.h"
#include "sip_connection_filter.h"
#include "sip_connection_input.h"
#include "sip_sockaddr.h"
#include "sip_timers.h"

#include <library.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>

/** wire bytes read at a time from a filtered connection */
#define FILTER_READ 16384

typedef struct private_sip_connection_t private_sip_connection_t;

/**
 * Private data of a sip_connection_t object.
 */
struct private_sip_connection_t {

	/**
	 * Public interface
	 */
	sip_connection_t public;

	/**
	 * Connection id
	 */
	uint32_t id;

	/**
	 * Socket, -1 when closed
	 */
	int fd;

	/**
	 * Listener that accepted it, 0 if outgoing
	 */
	uint32_t listener;

	/**
	 * Local address and port
	 */
	imsaka_addr_t local;

	/**
	 * Remote address and port
	 */
	imsaka_addr_t remote;

	/**
	 * Non-blocking connect() in progress
	 */
	bool connecting;

	/**
	 * The peer closed its side (read gave 0): nothing more is sent
	 */
	bool peer_closed;

	/**
	 * Bytes queued for sending
	 */
	char *out;

	/**
	 * Bytes in out
	 */
	size_t out_len;

	/**
	 * Allocated size of out
	 */
	size_t out_size;

	/**
	 * Last receive or send, ms
	 */
	uint64_t last_active;

	/**
	 * Received plaintext, framed into messages
	 */
	sip_connection_input_t *input;

	/**
	 * Byte filter on the stream (with kTLS), NULL if none
	 */
	sip_connection_filter_t *filter;
};

/**
 * Print the remote address for log lines
 */
static char *remote_str(private_sip_connection_t *this, char *buf, size_t size)
{
	return sip_sockaddr_str(&this->remote, buf, size);
}

METHOD(sip_connection_t, get_id, uint32_t,
	private_sip_connection_t *this)
{
	return this->id;
}

METHOD(sip_connection_t, get_fd, int,
	private_sip_connection_t *this)
{
	return this->fd;
}

METHOD(sip_connection_t, get_listener, uint32_t,
	private_sip_connection_t *this)
{
	return this->listener;
}

METHOD(sip_connection_t, get_peer, void,
	private_sip_connection_t *this, sip_peer_t *peer)
{
	*peer = (sip_peer_t){
		.proto = SIP_TCP,
		.local = this->local,
		.remote = this->remote,
		.conn = this->id,
	};
}

METHOD(sip_connection_t, matches, bool,
	private_sip_connection_t *this, const imsaka_addr_t *local,
	const imsaka_addr_t *remote)
{
	imsaka_addr_t any_port = this->local;

	if (this->fd < 0 || !imsaka_addr_equals(&this->remote, remote))
	{
		return FALSE;
	}
	if (!local->port)
	{
		any_port.port = 0;
	}
	return imsaka_addr_equals(&any_port, local);
}

METHOD(sip_connection_t, get_events, short,
	private_sip_connection_t *this)
{
	if (this->connecting)
	{
		return POLLOUT;
	}
	return POLLIN | (this->out_len ? POLLOUT : 0);
}

/**
 * Send as much of buf as the socket takes now, without waiting
 *
 * @return			bytes sent
 */
static size_t send_now(private_sip_connection_t *this, const void *buf,
					   size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len)
	{
		n = send(this->fd, (const char*)buf + done, len - done,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n <= 0)
		{	/* best effort, the connection goes anyway */
			break;
		}
		done += n;
	}
	return done;
}

/**
 * Before a close: what is queued (an alert, the last message), then the
 * filter's close_notify (or the kernel's), as far as the socket takes them
 * now; nothing once the peer closed, no close_notify after a truncated
 * stream
 */
static void finish_stream(private_sip_connection_t *this)
{
	chunk_t wire = chunk_empty;

	if (this->connecting || this->peer_closed ||
		send_now(this, this->out, this->out_len) < this->out_len)
	{	/* a peer that closed reads nothing more (its kernel would answer
		 * with a reset) */
		return;
	}
	if (this->filter)
	{
		this->filter->finish(this->filter, &wire);
		send_now(this, wire.ptr, wire.len);
		chunk_free(&wire);
	}
}

METHOD(sip_connection_t, close_socket, void,
	private_sip_connection_t *this)
{
	if (this->fd >= 0)
	{
		finish_stream(this);
		close(this->fd);
		this->fd = -1;
	}
	this->out_len = 0;
}

METHOD(sip_connection_t, is_closed, bool,
	private_sip_connection_t *this)
{
	return this->fd < 0;
}

/**
 * Send queued bytes until the socket takes no more
 */
static bool flush(private_sip_connection_t *this)
{
	char buf[IMSAKA_ADDR_STRLEN];
	ssize_t n;

	while (this->out_len)
	{
		n = send(this->fd, this->out, this->out_len, MSG_NOSIGNAL);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK)
			{
				return TRUE;
			}
			DBG1(DBG_NET, "sending on TCP connection %u to %s failed: %s",
				 this->id, remote_str(this, buf, sizeof(buf)), strerror(errno));
			return FALSE;
		}
		memmove(this->out, this->out + n, this->out_len - n);
		this->out_len -= n;
		this->last_active = sip_timers_now();
		if (this->filter && !this->filter->sent(this->filter, n))
		{
			return FALSE;
		}
	}
	return TRUE;
}

METHOD(sip_connection_t, on_writable, bool,
	private_sip_connection_t *this)
{
	char buf[IMSAKA_ADDR_STRLEN];
	socklen_t len = sizeof(int);
	int err = 0;

	if (this->fd < 0)
	{
		return FALSE;
	}
	if (this->connecting)
	{
		if (getsockopt(this->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		{
			err = errno;
		}
		if (err)
		{
			DBG1(DBG_NET, "TCP connection %u to %s failed: %s", this->id,
				 remote_str(this, buf, sizeof(buf)), strerror(err));
			return FALSE;
		}
		this->connecting = FALSE;
		DBG2(DBG_NET, "TCP connection %u to %s established", this->id,
			 remote_str(this, buf, sizeof(buf)));
	}
	return flush(this);
}

/**
 * Queue wire bytes and send what the socket takes
 */
static bool enqueue_wire(private_sip_connection_t *this, const char *msg,
						 size_t len)
{
	char buf[IMSAKA_ADDR_STRLEN];

	if (this->fd < 0)
	{
		return FALSE;
	}
	if (len > SIP_CONNECTION_MAX_QUEUED - this->out_len)
	{
		DBG1(DBG_NET, "TCP connection %u to %s: send queue full, message "
			 "dropped", this->id, remote_str(this, buf, sizeof(buf)));
		return FALSE;
	}
	if (this->out_len + len > this->out_size)
	{
		this->out_size = max(this->out_len + len, 2 * this->out_size);
		this->out_size = min(this->out_size, SIP_CONNECTION_MAX_QUEUED);
		this->out = realloc(this->out, this->out_size);
	}
	memcpy(this->out + this->out_len, msg, len);
	this->out_len += len;
	if (this->connecting)
	{
		return TRUE;
	}
	if (!flush(this))
	{
		close_socket(this);
		return FALSE;
	}
	return TRUE;
}

/**
 * Queue wire bytes a filter gave, and free them
 */
static bool enqueue_chunk(private_sip_connection_t *this, chunk_t wire)
{
	bool ok = TRUE;

	if (wire.len)
	{
		ok = enqueue_wire(this, (char*)wire.ptr, wire.len);
	}
	chunk_free(&wire);
	return ok;
}

/**
 * Log a filter error
 */
static void filter_failed(private_sip_connection_t *this)
{
	char buf[IMSAKA_ADDR_STRLEN];

	DBG1(DBG_NET, "closing TCP connection %u with %s: stream filter failed",
		 this->id, remote_str(this, buf, sizeof(buf)));
}

METHOD(sip_connection_t, enqueue, bool,
	private_sip_connection_t *this, const char *msg, size_t len)
{
	chunk_t wire = chunk_empty;

	if (this->fd < 0)
	{
		return FALSE;
	}
	if (!this->filter || this->filter->kernel_sends(this->filter))
	{	/* kTLS: the kernel makes the records */
		return !len || enqueue_wire(this, msg, len);
	}
	if (!this->filter->output(this->filter, msg, len, &wire))
	{
		filter_failed(this);
		close_socket(this);
		return FALSE;
	}
	return enqueue_chunk(this, wire);
}

METHOD(sip_connection_t, set_filter, bool,
	private_sip_connection_t *this, sip_stream_filter_t *filter)
{
	if (this->filter || !this->input->at_boundary(this->input))
	{	/* unfiltered bytes after the message being handled: refused */
		filter->destroy(filter);
		return FALSE;
	}
	this->filter = sip_connection_filter_create(filter, this->id,
												&this->remote);
	/* what is queued was written before the switch: plain, not records */
	this->filter->offload(this->filter, this->fd, this->connecting,
						  this->out_len == 0);
	return enqueue(this, NULL, 0);
}

METHOD(sip_connection_t, get_filter, sip_stream_filter_t*,
	private_sip_connection_t *this)
{
	return this->filter ? this->filter->get_filter(this->filter) : NULL;
}

/**
 * Pass received wire bytes through the filter, frame the plaintext
 */
static bool filter_input(private_sip_connection_t *this, const char *in,
						 size_t len, sip_transport_recv_cb_t cb, void *data)
{
	chunk_t plain = chunk_empty, wire = chunk_empty;
	bool ok;

	if (!this->filter->input(this->filter, in, len, &plain, &wire))
	{
		enqueue_chunk(this, wire);	/* best effort: a TLS alert */
		filter_failed(this);
		return FALSE;
	}
	if (!enqueue_chunk(this, wire))
	{
		chunk_clear(&plain);
		return FALSE;
	}
	ok = this->input->feed(this->input, plain, cb, data);
	chunk_clear(&plain);
	return ok;
}

/**
 * Read records the kernel opened: application data is framed, an alert
 * or a KeyUpdate ends the connection
 */
static bool ktls_readable(private_sip_connection_t *this,
						  sip_transport_recv_cb_t cb, void *data)
{
	char buf[IMSAKA_ADDR_STRLEN], wire[FILTER_READ];
	size_t len = 0;

	switch (this->filter->read_record(this->filter, wire, sizeof(wire), &len))
	{
		case SIP_CONNECTION_RECORD_AGAIN:
			return TRUE;
		case SIP_CONNECTION_RECORD_CLOSED:
			DBG2(DBG_NET, "TCP connection %u closed by %s", this->id,
				 remote_str(this, buf, sizeof(buf)));
			this->peer_closed = TRUE;
			return FALSE;
		case SIP_CONNECTION_RECORD_DATA:
			this->last_active = sip_timers_now();
			return this->input->feed(this->input,
									 chunk_create((u_char*)wire, len), cb,
									 data);
		case SIP_CONNECTION_RECORD_OTHER:
			this->last_active = sip_timers_now();
			return TRUE;
		case SIP_CONNECTION_RECORD_END:
		default:
			return FALSE;
	}
}

METHOD(sip_connection_t, on_readable, bool,
	private_sip_connection_t *this, sip_transport_recv_cb_t cb, void *data)
{
	char buf[IMSAKA_ADDR_STRLEN], wire[FILTER_READ], *into;
	size_t room;
	ssize_t n;

	if (this->fd < 0)
	{
		return FALSE;
	}
	if (this->filter && this->filter->kernel_receives(this->filter))
	{
		return ktls_readable(this, cb, data);
	}
	if (this->filter)
	{
		into = wire;
		room = sizeof(wire);
	}
	else
	{
		into = this->input->get_room(this->input, &room);
	}
	do
	{
		n = recv(this->fd, into, room, 0);
	}
	while (n < 0 && errno == EINTR);
	if (n < 0)
	{
		if (errno == EAGAIN || errno == EWOULDBLOCK)
		{
			return TRUE;
		}
		DBG1(DBG_NET, "TCP connection %u from %s: %s", this->id,
			 remote_str(this, buf, sizeof(buf)), strerror(errno));
		return FALSE;
	}
	if (n == 0)
	{
		DBG2(DBG_NET, "TCP connection %u closed by %s", this->id,
			 remote_str(this, buf, sizeof(buf)));
		this->peer_closed = TRUE;
		return FALSE;
	}
	this->last_active = sip_timers_now();
	if (this->filter)
	{
		return filter_input(this, wire, n, cb, data);
	}
	return this->input->added(this->input, n, cb, data);
}

METHOD(sip_connection_t, get_last_active, uint64_t,
	private_sip_connection_t *this)
{
	return this->last_active;
}

METHOD(sip_connection_t, destroy, void,
	private_sip_connection_t *this)
{
	close_socket(this);
	DESTROY_IF(this->filter);
	this->input->destroy(this->input);
	free(this->out);
	free(this);
}

/**
 * Create the object around a socket
 */
static private_sip_connection_t *create(uint32_t id, int fd, uint32_t listener,
										const imsaka_addr_t *local,
										const imsaka_addr_t *remote)
{
	private_sip_connection_t *this;

	INIT(this,
		.public = {
			.get_id = _get_id,
			.get_fd = _get_fd,
			.get_listener = _get_listener,
			.get_peer = _get_peer,
			.matches = _matches,
			.get_events = _get_events,
			.on_readable = _on_readable,
			.on_writable = _on_writable,
			.enqueue = _enqueue,
			.set_filter = _set_filter,
			.get_filter = _get_filter,
			.get_last_active = _get_last_active,
			.close_socket = _close_socket,
			.is_closed = _is_closed,
			.destroy = _destroy,
		},
		.id = id,
		.fd = fd,
		.listener = listener,
		.local = *local,
		.remote = *remote,
		.last_active = sip_timers_now(),
	);
	this->input = sip_connection_input_create(&this->public);
	return this;
}

/*
 * Described in header
 */
sip_connection_t *sip_connection_create_accepted(uint32_t id, int fd,
												 uint32_t listener,
												 const imsaka_addr_t *local,
												 const imsaka_addr_t *remote)
{
	return &create(id, fd, listener, local, remote)->public;
}

/*
 * Described in header
 */
sip_connection_t *sip_connection_create_outgoing(uint32_t id,
												 const imsaka_addr_t *local,
												 const imsaka_addr_t *remote)
{
	private_sip_connection_t *this;
	struct sockaddr_storage sa;
	imsaka_addr_t from = *local, bound;
	char buf[IMSAKA_ADDR_STRLEN];
	socklen_t len;
	int fd;

	imsaka_addr_format(remote, buf, sizeof(buf));
	if (local->family != remote->family)
	{
		DBG1(DBG_NET, "no TCP connection to %s: local address of another "
			 "family", buf);
		return NULL;
	}
	fd = sip_sockaddr_bind(SOCK_STREAM, &from);
	if (fd < 0)
	{
		DBG1(DBG_NET, "no TCP connection to %s: binding failed: %s", buf,
			 strerror(errno));
		return NULL;
	}
	len = sizeof(sa);
	if (getsockname(fd, (struct sockaddr*)&sa, &len) != 0 ||
		!sip_sockaddr_to_addr((struct sockaddr*)&sa, &bound))
	{
		bound = from;
	}
	sip_sockaddr_from_addr(remote, &sa, &len);
	this = create(id, fd, 0, &bound, remote);
	if (connect(fd, (struct sockaddr*)&sa, len) != 0)
	{
		if (errno != EINPROGRESS)
		{
			DBG1(DBG_NET, "TCP connection to %s failed: %s", buf,
				 strerror(errno));
			destroy(this);
			return NULL;
		}
		this->connecting = TRUE;
	}
	DBG2(DBG_NET, "TCP connection %u to %s %s", id, buf,
		 this->connecting ? "in progress" : "established");
	return &this->public;
}

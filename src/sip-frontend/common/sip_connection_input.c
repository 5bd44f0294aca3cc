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

#include "sip_connection_input.h"
#include "sip_framing.h"
#include "sip_sockaddr.h"

#include <library.h>

typedef struct private_sip_connection_input_t private_sip_connection_input_t;

/**
 * Private data of a sip_connection_input_t object.
 */
struct private_sip_connection_input_t {

	/**
	 * Public interface
	 */
	sip_connection_input_t public;

	/**
	 * The connection, not owned
	 */
	sip_connection_t *conn;

	/**
	 * Received bytes not yet framed, SIP_TRANSPORT_MAX_MSG allocated
	 */
	char *in;

	/**
	 * Bytes in in
	 */
	size_t in_len;

	/**
	 * CR/LF bytes seen in a row between messages (a double CRLF is a
	 * keep-alive ping, RFC 5626 4.4.1)
	 */
	size_t crlf_run;

	/**
	 * Length of the message being handed to the receive callback (0 if
	 * none): a filter set from that callback starts right after it
	 */
	size_t delivering;
};

/**
 * Print the remote address for log lines
 */
static char *remote_str(private_sip_connection_input_t *this, char *buf,
						size_t size)
{
	sip_peer_t peer;

	this->conn->get_peer(this->conn, &peer);
	return sip_sockaddr_str(&peer.remote, buf, size);
}

/**
 * Frame and pass on the messages in the buffer
 */
static bool deliver(private_sip_connection_input_t *this,
					sip_transport_recv_cb_t cb, void *data)
{
	sip_connection_t *conn = this->conn;
	char buf[IMSAKA_ADDR_STRLEN];
	sip_frame_status_t status;
	sip_peer_t peer;
	size_t skip, len;
	sip_error_t err;

	while (!conn->is_closed(conn) && this->in_len)
	{
		status = sip_frame_next(this->in, this->in_len, SIP_TRANSPORT_MAX_MSG,
								&skip, &len, &err);
		switch (status)
		{
			case SIP_FRAME_BAD:
			case SIP_FRAME_TOO_LONG:
				DBG1(DBG_NET, "closing TCP connection %u from %s: %s",
					 conn->get_id(conn), remote_str(this, buf, sizeof(buf)),
					 err.reason);
				return FALSE;
			default:
				break;
		}
		if (skip)
		{
			this->crlf_run += skip;
			if (this->crlf_run >= 4)
			{	/* pong */
				this->crlf_run = 0;
				if (!conn->enqueue(conn, "\r\n", 2))
				{
					return FALSE;
				}
			}
			memmove(this->in, this->in + skip, this->in_len - skip);
			this->in_len -= skip;
		}
		if (status == SIP_FRAME_INCOMPLETE)
		{
			return TRUE;
		}
		this->crlf_run = 0;
		conn->get_peer(conn, &peer);
		DBG2(DBG_NET, "received %zu bytes on TCP connection %u from %s",
			 len, peer.conn, remote_str(this, buf, sizeof(buf)));
		this->delivering = len;
		cb(data, &peer, this->in, len);
		this->delivering = 0;
		memmove(this->in, this->in + len, this->in_len - len);
		this->in_len -= len;
	}
	return TRUE;
}

METHOD(sip_connection_input_t, get_room, char*,
	private_sip_connection_input_t *this, size_t *room)
{
	*room = SIP_TRANSPORT_MAX_MSG - this->in_len;
	return this->in + this->in_len;
}

METHOD(sip_connection_input_t, added, bool,
	private_sip_connection_input_t *this, size_t len,
	sip_transport_recv_cb_t cb, void *data)
{
	this->in_len += len;
	return deliver(this, cb, data);
}

METHOD(sip_connection_input_t, feed, bool,
	private_sip_connection_input_t *this, chunk_t rest,
	sip_transport_recv_cb_t cb, void *data)
{
	char buf[IMSAKA_ADDR_STRLEN];
	size_t n;
	bool ok = TRUE;

	while (ok && rest.len && !this->conn->is_closed(this->conn))
	{
		n = min(rest.len, SIP_TRANSPORT_MAX_MSG - this->in_len);
		if (!n)
		{
			DBG1(DBG_NET, "closing TCP connection %u from %s: message too "
				 "long", this->conn->get_id(this->conn),
				 remote_str(this, buf, sizeof(buf)));
			ok = FALSE;
			break;
		}
		memcpy(this->in + this->in_len, rest.ptr, n);
		this->in_len += n;
		rest = chunk_skip(rest, n);
		ok = deliver(this, cb, data);
	}
	return ok;
}

METHOD(sip_connection_input_t, at_boundary, bool,
	private_sip_connection_input_t *this)
{
	return this->in_len == this->delivering;
}

METHOD(sip_connection_input_t, destroy, void,
	private_sip_connection_input_t *this)
{
	free(this->in);
	free(this);
}

/*
 * Described in header
 */
sip_connection_input_t *sip_connection_input_create(sip_connection_t *conn)
{
	private_sip_connection_input_t *this;

	INIT(this,
		.public = {
			.get_room = _get_room,
			.added = _added,
			.feed = _feed,
			.at_boundary = _at_boundary,
			.destroy = _destroy,
		},
		.conn = conn,
		.in = malloc(SIP_TRANSPORT_MAX_MSG),
	);
	return &this->public;
}

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

/**
 * @defgroup sip_connection sip_connection
 * @{ @ingroup sip_frontend
 * One TCP connection of the transport: non-blocking connect, a bounded
 * output queue; what it receives goes through its byte filter, if any
 * (sip_connection_filter, with kTLS), into a bounded buffer framed into SIP
 * messages (sip_connection_input).
 */

#ifndef SIP_CONNECTION_H_
#define SIP_CONNECTION_H_

#include "sip_transport.h"
#include "sip_stream_filter.h"

/** bytes queued for sending on one connection, at most */
#define SIP_CONNECTION_MAX_QUEUED (4 * (SIP_TRANSPORT_MAX_MSG + 1))

typedef struct sip_connection_t sip_connection_t;

/**
 * A TCP connection carrying SIP.
 */
struct sip_connection_t {

	/**
	 * Connection id, never 0.
	 *
	 * @return			id
	 */
	uint32_t (*get_id)(sip_connection_t *this);

	/**
	 * Socket, -1 once closed.
	 *
	 * @return			fd
	 */
	int (*get_fd)(sip_connection_t *this);

	/**
	 * Id of the listener that accepted it, 0 for an outgoing connection.
	 *
	 * @return			listener id
	 */
	uint32_t (*get_listener)(sip_connection_t *this);

	/**
	 * Describe it as a peer (proto TCP, local, remote, conn id).
	 *
	 * @param peer		receives the description
	 */
	void (*get_peer)(sip_connection_t *this, sip_peer_t *peer);

	/**
	 * Whether it is open and connects local to remote.
	 *
	 * @param local		local address; port 0 matches any
	 * @param remote	remote address and port
	 * @return			TRUE on a match
	 */
	bool (*matches)(sip_connection_t *this, const imsaka_addr_t *local,
					const imsaka_addr_t *remote);

	/**
	 * poll() events to wait for.
	 *
	 * @return			POLLIN, with POLLOUT while connecting or queued
	 */
	short (*get_events)(sip_connection_t *this);

	/**
	 * Read what arrived and pass each complete message to cb; stops when
	 * the connection is closed from within cb.
	 *
	 * @param cb		called for each message
	 * @param data		data for cb
	 * @return			FALSE if it must be closed (peer closed, error or
	 *					bad message; logged)
	 */
	bool (*on_readable)(sip_connection_t *this, sip_transport_recv_cb_t cb,
						void *data);

	/**
	 * Finish connecting and send what is queued.
	 *
	 * @return			FALSE if it must be closed (logged)
	 */
	bool (*on_writable)(sip_connection_t *this);

	/**
	 * Send a message, queueing what the socket does not take now.
	 *
	 * @param msg		message bytes
	 * @param len		length
	 * @return			FALSE if the queue is full or the connection failed
	 */
	bool (*enqueue)(sip_connection_t *this, const char *msg, size_t len);

	/**
	 * Put a byte filter on the stream (TLS); its first output (a client's
	 * handshake) is queued at once. Only one filter, set before any
	 * message is sent or received.
	 *
	 * @param filter	filter, owned from now on (also on failure)
	 * @return			FALSE if it has one already or the filter failed
	 */
	bool (*set_filter)(sip_connection_t *this, sip_stream_filter_t *filter);

	/**
	 * The filter on the stream.
	 *
	 * @return			filter, NULL if none
	 */
	sip_stream_filter_t *(*get_filter)(sip_connection_t *this);

	/**
	 * When it last received or sent something.
	 *
	 * @return			sip_timers_now() based time
	 */
	uint64_t (*get_last_active)(sip_connection_t *this);

	/**
	 * Close the socket; the object stays valid until destroy() (so closing
	 * from within a receive callback is safe).
	 */
	void (*close_socket)(sip_connection_t *this);

	/**
	 * Whether close_socket() was called.
	 *
	 * @return			TRUE if closed
	 */
	bool (*is_closed)(sip_connection_t *this);

	/**
	 * Close and free.
	 */
	void (*destroy)(sip_connection_t *this);
};

/**
 * Wrap an accepted socket.
 *
 * @param id		connection id
 * @param fd		socket, non-blocking; owned from now on
 * @param listener	id of the listener
 * @param local		local address and port
 * @param remote	remote address and port
 * @return			connection
 */
sip_connection_t *sip_connection_create_accepted(uint32_t id, int fd,
												 uint32_t listener,
												 const imsaka_addr_t *local,
												 const imsaka_addr_t *remote);

/**
 * Start connecting from local (address, and port if not 0) to remote.
 *
 * @param id		connection id
 * @param local		local address (its port is ignored)
 * @param remote	remote address and port
 * @return			connection, NULL on error (logged)
 */
sip_connection_t *sip_connection_create_outgoing(uint32_t id,
												 const imsaka_addr_t *local,
												 const imsaka_addr_t *remote);

#endif /** SIP_CONNECTION_H_ @}*/

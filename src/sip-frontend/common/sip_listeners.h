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
 * @defgroup sip_listeners sip_listeners
 * @{ @ingroup sip_frontend
 * The transport's bound sockets: UDP sockets and TCP listeners, each on an
 * exact address:port. Datagrams are received and sent here; connections a
 * listener accepts go into the connection table, with the listener's filter
 * if it has a filter factory.
 */

#ifndef SIP_LISTENERS_H_
#define SIP_LISTENERS_H_

#include "sip_connections.h"

#include <poll.h>

typedef struct sip_listener_t sip_listener_t;
typedef struct sip_listeners_t sip_listeners_t;

/**
 * A UDP socket or TCP listener.
 */
struct sip_listener_t {
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
 * Bound sockets of a transport.
 */
struct sip_listeners_t {

	/**
	 * Bind a UDP socket, or a TCP listener, to an exact address and port.
	 *
	 * @param proto		SIP_UDP or SIP_TCP
	 * @param local		address and port (port 0 is refused)
	 * @return			listener, NULL on error (logged with the address)
	 */
	sip_listener_t *(*add)(sip_listeners_t *this, sip_proto_t proto,
						   const imsaka_addr_t *local);

	/**
	 * Close a socket and the connections it accepted (those are freed by
	 * the connection table's next reap).
	 *
	 * @param proto		SIP_UDP or SIP_TCP
	 * @param local		as given to add()
	 */
	void (*remove)(sip_listeners_t *this, sip_proto_t proto,
				   const imsaka_addr_t *local);

	/**
	 * Find a socket by what it is bound to.
	 *
	 * @param proto		SIP_UDP or SIP_TCP
	 * @param local		address and port
	 * @return			listener, NULL if none
	 */
	sip_listener_t *(*find)(sip_listeners_t *this, sip_proto_t proto,
							const imsaka_addr_t *local);

	/**
	 * Find a socket by id.
	 *
	 * @param id		listener id
	 * @return			listener, NULL if none (removed meanwhile)
	 */
	sip_listener_t *(*find_id)(sip_listeners_t *this, uint32_t id);

	/**
	 * Send a datagram from the UDP socket bound to peer->local.
	 *
	 * @param peer		local and remote address
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			FALSE if not sent (logged)
	 */
	bool (*send_datagram)(sip_listeners_t *this, const sip_peer_t *peer,
						  const char *msg, size_t len);

	/**
	 * Receive one datagram on a UDP socket and pass it to cb (keep-alives,
	 * oversized and unparseable datagrams are dropped).
	 *
	 * @param id		listener id
	 * @param cb		receive callback
	 * @param data		data for cb
	 * @return			FALSE when nothing more is waiting (or the socket
	 *					is gone)
	 */
	bool (*receive)(sip_listeners_t *this, uint32_t id,
					sip_transport_recv_cb_t cb, void *data);

	/**
	 * Accept one connection on a TCP listener into the connection table,
	 * with a filter from the listener's factory (a connection the factory
	 * or the limit refuses is closed).
	 *
	 * @param id		listener id
	 * @return			FALSE when nothing more is waiting (or the listener
	 *					is gone)
	 */
	bool (*accept)(sip_listeners_t *this, uint32_t id);

	/**
	 * Number of sockets.
	 *
	 * @return			count
	 */
	unsigned int (*count)(sip_listeners_t *this);

	/**
	 * Fill poll() entries, one per socket, waiting for input.
	 *
	 * @param fds		receives fd and events
	 * @param ids		receives the listener ids
	 * @return			number of entries filled, count()
	 */
	unsigned int (*fill_poll)(sip_listeners_t *this, struct pollfd *fds,
							  uint32_t *ids);

	/**
	 * Close every socket.
	 */
	void (*destroy)(sip_listeners_t *this);
};

/**
 * Create an empty set of sockets.
 *
 * @param conns		connection table accepted connections go into, and
 *					whose connections of a removed listener are closed
 * @return			sockets
 */
sip_listeners_t *sip_listeners_create(sip_connections_t *conns);

#endif /** SIP_LISTENERS_H_ @}*/

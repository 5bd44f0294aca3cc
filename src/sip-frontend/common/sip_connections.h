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
 * @defgroup sip_connections sip_connections
 * @{ @ingroup sip_frontend
 * The transport's table of TCP connections: ids, lookups, the connection
 * limit and the idle timeout. Closed connections stay in the table until
 * reap(), so one closed from within its own receive callback is freed only
 * after that callback returned.
 */

#ifndef SIP_CONNECTIONS_H_
#define SIP_CONNECTIONS_H_

#include "sip_connection.h"

#include <poll.h>

typedef struct sip_connections_t sip_connections_t;

/**
 * TCP connections of a transport.
 */
struct sip_connections_t {

	/**
	 * A free connection id, never 0, unlike any id in the table.
	 *
	 * @return			id
	 */
	uint32_t (*next_id)(sip_connections_t *this);

	/**
	 * Whether another connection may be opened.
	 *
	 * @return			FALSE at SIP_TRANSPORT_MAX_CONNS open connections
	 */
	bool (*has_room)(sip_connections_t *this);

	/**
	 * Add a connection, owned by the table from now on.
	 *
	 * @param conn		connection
	 */
	void (*add)(sip_connections_t *this, sip_connection_t *conn);

	/**
	 * Find an open connection by id.
	 *
	 * @param id		connection id
	 * @return			connection, NULL if none or closed
	 */
	sip_connection_t *(*find)(sip_connections_t *this, uint32_t id);

	/**
	 * Find an open connection between two addresses.
	 *
	 * @param local		local address, port 0 for any
	 * @param remote	remote address and port
	 * @return			connection, NULL if none
	 */
	sip_connection_t *(*find_addr)(sip_connections_t *this,
								   const imsaka_addr_t *local,
								   const imsaka_addr_t *remote);

	/**
	 * Close the connections a listener accepted.
	 *
	 * @param listener	listener id
	 */
	void (*close_listener)(sip_connections_t *this, uint32_t listener);

	/**
	 * Close idle connections and free closed ones, each after gone() was
	 * told of it (outside the walk over the table: gone() may open or
	 * close others).
	 *
	 * @param now		sip_timers_now()
	 * @param gone		called with each closed connection before it is
	 *					freed, NULL for none
	 * @param data		data for gone
	 * @return			when the next one becomes idle, UINT64_MAX if none
	 */
	uint64_t (*reap)(sip_connections_t *this, uint64_t now,
					 void (*gone)(void *data, sip_connection_t *conn),
					 void *data);

	/**
	 * Number of connections in the table (open or not yet reaped).
	 *
	 * @return			count
	 */
	unsigned int (*count)(sip_connections_t *this);

	/**
	 * Fill poll() entries, one per connection in the table.
	 *
	 * @param fds		receives fd and events
	 * @param ids		receives the connection ids
	 * @return			number of entries filled, count() at most
	 */
	unsigned int (*fill_poll)(sip_connections_t *this, struct pollfd *fds,
					   uint32_t *ids);

	/**
	 * Close and free every connection.
	 */
	void (*destroy)(sip_connections_t *this);
};

/**
 * Create an empty table.
 *
 * @return			table
 */
sip_connections_t *sip_connections_create(void);

#endif /** SIP_CONNECTIONS_H_ @}*/

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

#include "sip_connections.h"
#include "sip_sockaddr.h"

#include <library.h>
#include <collections/linked_list.h>

typedef struct private_sip_connections_t private_sip_connections_t;

/**
 * Private data of a sip_connections_t object.
 */
struct private_sip_connections_t {

	/**
	 * Public interface
	 */
	sip_connections_t public;

	/**
	 * sip_connection_t
	 */
	linked_list_t *list;

	/**
	 * Last id given out
	 */
	uint32_t last_id;
};

CALLBACK(match_open_id, bool,
	sip_connection_t *conn, va_list args)
{
	uint32_t id;

	VA_ARGS_VGET(args, id);
	return conn->get_id(conn) == id && !conn->is_closed(conn);
}

METHOD(sip_connections_t, find, sip_connection_t*,
	private_sip_connections_t *this, uint32_t id)
{
	sip_connection_t *found;

	return this->list->find_first(this->list, match_open_id, (void**)&found,
								  id) ? found : NULL;
}

/**
 * Whether an id is in the table, open or not
 */
static bool id_used(private_sip_connections_t *this, uint32_t id)
{
	enumerator_t *enumerator;
	sip_connection_t *conn;
	bool used = FALSE;

	enumerator = this->list->create_enumerator(this->list);
	while (!used && enumerator->enumerate(enumerator, &conn))
	{
		used = conn->get_id(conn) == id;
	}
	enumerator->destroy(enumerator);
	return used;
}

METHOD(sip_connections_t, next_id, uint32_t,
	private_sip_connections_t *this)
{
	do
	{
		this->last_id++;
	}
	while (!this->last_id || id_used(this, this->last_id));
	return this->last_id;
}

METHOD(sip_connections_t, has_room, bool,
	private_sip_connections_t *this)
{
	enumerator_t *enumerator;
	sip_connection_t *conn;
	u_int open = 0;

	enumerator = this->list->create_enumerator(this->list);
	while (enumerator->enumerate(enumerator, &conn))
	{
		open += !conn->is_closed(conn);
	}
	enumerator->destroy(enumerator);
	return open < SIP_TRANSPORT_MAX_CONNS;
}

METHOD(sip_connections_t, add, void,
	private_sip_connections_t *this, sip_connection_t *conn)
{
	this->list->insert_last(this->list, conn);
}

CALLBACK(match_addr, bool,
	sip_connection_t *conn, va_list args)
{
	const imsaka_addr_t *local, *remote;

	VA_ARGS_VGET(args, local, remote);
	return conn->matches(conn, local, remote);
}

METHOD(sip_connections_t, find_addr, sip_connection_t*,
	private_sip_connections_t *this, const imsaka_addr_t *local,
	const imsaka_addr_t *remote)
{
	sip_connection_t *found;

	return this->list->find_first(this->list, match_addr, (void**)&found,
								  local, remote) ? found : NULL;
}

METHOD(sip_connections_t, close_listener, void,
	private_sip_connections_t *this, uint32_t listener)
{
	enumerator_t *enumerator;
	sip_connection_t *conn;

	enumerator = this->list->create_enumerator(this->list);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->get_listener(conn) == listener)
		{
			conn->close_socket(conn);
		}
	}
	enumerator->destroy(enumerator);
}

METHOD(sip_connections_t, reap, uint64_t,
	private_sip_connections_t *this, uint64_t now,
	void (*gone)(void *data, sip_connection_t *conn), void *data)
{
	enumerator_t *enumerator;
	sip_connection_t *conn;
	linked_list_t *closed = NULL;
	char buf[IMSAKA_ADDR_STRLEN];
	uint64_t idle, next = UINT64_MAX;
	sip_peer_t peer;

	enumerator = this->list->create_enumerator(this->list);
	while (enumerator->enumerate(enumerator, &conn))
	{
		idle = conn->get_last_active(conn) +
			   SIP_TRANSPORT_IDLE_TIMEOUT * UINT64_C(1000);
		if (!conn->is_closed(conn) && idle <= now)
		{
			conn->get_peer(conn, &peer);
			DBG1(DBG_NET, "closing TCP connection %u with %s: idle for %ds",
				 peer.conn, sip_sockaddr_str(&peer.remote, buf, sizeof(buf)),
				 SIP_TRANSPORT_IDLE_TIMEOUT);
			conn->close_socket(conn);
		}
		if (conn->is_closed(conn))
		{
			this->list->remove_at(this->list, enumerator);
			if (!closed)
			{
				closed = linked_list_create();
			}
			closed->insert_last(closed, conn);
			continue;
		}
		next = min(next, idle);
	}
	enumerator->destroy(enumerator);
	while (closed && closed->remove_first(closed, (void**)&conn) == SUCCESS)
	{
		if (gone)
		{
			gone(data, conn);
		}
		conn->destroy(conn);
	}
	DESTROY_IF(closed);
	return next;
}

METHOD(sip_connections_t, count, u_int,
	private_sip_connections_t *this)
{
	return this->list->get_count(this->list);
}

METHOD(sip_connections_t, fill_poll, u_int,
	private_sip_connections_t *this, struct pollfd *fds, uint32_t *ids)
{
	enumerator_t *enumerator;
	sip_connection_t *conn;
	u_int i = 0;

	enumerator = this->list->create_enumerator(this->list);
	while (enumerator->enumerate(enumerator, &conn))
	{
		fds[i] = (struct pollfd){
			.fd = conn->get_fd(conn),
			.events = conn->get_events(conn),
		};
		ids[i++] = conn->get_id(conn);
	}
	enumerator->destroy(enumerator);
	return i;
}

METHOD(sip_connections_t, destroy, void,
	private_sip_connections_t *this)
{
	this->list->destroy_offset(this->list,
							   offsetof(sip_connection_t, destroy));
	free(this);
}

/*
 * Described in header
 */
sip_connections_t *sip_connections_create(void)
{
	private_sip_connections_t *this;

	INIT(this,
		.public = {
			.next_id = _next_id,
			.has_room = _has_room,
			.add = _add,
			.find = _find,
			.find_addr = _find_addr,
			.close_listener = _close_listener,
			.reap = _reap,
			.count = _count,
			.fill_poll = _fill_poll,
			.destroy = _destroy,
		},
		.list = linked_list_create(),
	);
	return &this->public;
}

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
 * @defgroup sip_transport sip_transport
 * @{ @ingroup sip_frontend
 * SIP over UDP and TCP for the frontend programs: one single-threaded poll()
 * loop with sockets bound to exact address:port pairs (the protected ports of
 * ipsec-3gpp are such pairs), TCP framing by Content-Length, and timers.
 */

#ifndef SIP_TRANSPORT_H_
#define SIP_TRANSPORT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <secagree_addr.h>

#include "sip_stream_filter.h"

/** largest SIP message received or sent (bytes) */
#define SIP_TRANSPORT_MAX_MSG 65535

/** most TCP connections open at a time (accepted and outgoing); more are
 *  refused with a log line */
#define SIP_TRANSPORT_MAX_CONNS 1024

/** seconds after which a TCP connection without traffic is closed */
#define SIP_TRANSPORT_IDLE_TIMEOUT 300

typedef struct sip_transport_t sip_transport_t;
typedef struct sip_peer_t sip_peer_t;

/**
 * Transport protocol of a SIP message.
 */
typedef enum {
	SIP_UDP = 0,
	SIP_TCP = 1,
} sip_proto_t;

/**
 * Where a message came from or goes to.
 */
struct sip_peer_t {
	/** UDP or TCP */
	sip_proto_t proto;
	/** local address:port: where a message arrived, or the bound socket
	 *  a message is sent from (must be one given to listen()) */
	imsaka_addr_t local;
	/** remote address:port */
	imsaka_addr_t remote;
	/** TCP connection id a message arrived on (0 for UDP); when sending,
	 *  0 means: an open connection local->remote, else a new one */
	uint32_t conn;
};

/**
 * Called for each complete SIP message received (one UDP datagram, or one
 * message framed by Content-Length on a TCP stream). Keep-alive CRLFs and
 * empty datagrams are not passed on.
 *
 * @param data		data given to sip_transport_create()
 * @param peer		where it came from and arrived
 * @param msg		message bytes, not NUL-terminated
 * @param len		length of msg
 */
typedef void (*sip_transport_recv_cb_t)(void *data, const sip_peer_t *peer,
										const char *msg, size_t len);

/**
 * Called when a timer fires (once).
 *
 * @param data		data given to add_timer()
 */
typedef void (*sip_transport_timer_cb_t)(void *data);

/**
 * Called when a TCP connection is gone (closed by either side, failed, idle
 * or close_conn()), before it is freed.
 *
 * @param data		data given to on_close()
 * @param conn		connection id
 * @param identity	its stream filter's identity, NULL if none
 */
typedef void (*sip_transport_close_cb_t)(void *data, uint32_t conn,
										 const char *identity);

/**
 * Called when a watched file descriptor is ready.
 *
 * @param data		data given to watch()
 * @param fd		the descriptor
 * @param revents	what poll() returned for it
 * @return			the events to wait for next (POLLIN, POLLOUT), 0 to
 *					stop watching it
 */
typedef short (*sip_transport_watch_cb_t)(void *data, int fd, short revents);

/**
 * SIP sockets and the event loop of a frontend program.
 */
struct sip_transport_t {

	/**
	 * Bind a UDP socket, or a TCP listener, to an exact address and port.
	 *
	 * @param proto		SIP_UDP or SIP_TCP
	 * @param local		address and port (port 0 is refused)
	 * @return			FALSE on error (logged with the address)
	 */
	bool (*listen)(sip_transport_t *this, sip_proto_t proto,
				   const imsaka_addr_t *local);

	/**
	 * Stop listening on an address and port (UDP socket or TCP listener and
	 * its connections).
	 *
	 * @param proto		SIP_UDP or SIP_TCP
	 * @param local		as given to listen()
	 */
	void (*unlisten)(sip_transport_t *this, sip_proto_t proto,
					 const imsaka_addr_t *local);

	/**
	 * Send one message. UDP goes out of the socket bound to peer->local.
	 * TCP goes on connection peer->conn if it is open, else on an open
	 * connection between peer->local (address, and port if not 0) and
	 * peer->remote, else on a new connection from peer->local (its port
	 * too, if not 0: a protected client port, shared with the listener
	 * there).
	 *
	 * @param peer		where to send it
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			FALSE if it could not be sent (logged)
	 */
	bool (*send)(sip_transport_t *this, const sip_peer_t *peer,
				 const char *msg, size_t len);

	/**
	 * Listen on TCP with a byte filter (TLS) on every connection accepted
	 * there; unlisten(SIP_TCP, local) stops it.
	 *
	 * @param local		address and port (port 0 is refused)
	 * @param factory	makes each accepted connection's filter (NULL from it
	 *					refuses the connection)
	 * @param data		data for factory
	 * @return			FALSE on error (logged with the address)
	 */
	bool (*listen_filtered)(sip_transport_t *this, const imsaka_addr_t *local,
							sip_stream_filter_factory_t factory, void *data);

	/**
	 * Open a new outgoing TCP connection from peer->local's address (an
	 * ephemeral port) to peer->remote, with a byte filter (TLS) on it;
	 * send on it with send() and the id returned as peer->conn.
	 *
	 * @param peer		local address and remote address:port
	 * @param filter	filter, owned from now on (also on failure); NULL
	 *					for none
	 * @return			connection id, 0 on failure (logged)
	 */
	uint32_t (*connect)(sip_transport_t *this, const sip_peer_t *peer,
						sip_stream_filter_t *filter);

	/**
	 * Put a byte filter on an open TCP connection that has not received
	 * anything yet, or from the receive callback of a message on it when
	 * nothing after that message was received (tls-aka switches after
	 * SM6: the filter takes the bytes that follow).
	 *
	 * @param conn		connection id
	 * @param filter	filter, owned from now on (also on failure)
	 * @return			FALSE if the connection is unknown, has a filter or
	 *					the filter failed
	 */
	bool (*set_filter)(sip_transport_t *this, uint32_t conn,
					   sip_stream_filter_t *filter);

	/**
	 * The authenticated peer identity of a filtered connection (the PSK
	 * identity of a TLS-PSK connection).
	 *
	 * @param conn		connection id
	 * @param buf		receives the identity
	 * @param size		size of buf
	 * @return			FALSE if the connection is closed or unknown, has no
	 *					filter, or the filter knows no identity (yet)
	 */
	bool (*get_identity)(sip_transport_t *this, uint32_t conn, char *buf,
						 size_t size);

	/**
	 * Set the callback told of each TCP connection that is gone (one at a
	 * time; NULL for none). It runs in the loop and may send, connect or
	 * close others.
	 *
	 * @param cb		callback
	 * @param data		data for cb
	 */
	void (*on_close)(sip_transport_t *this, sip_transport_close_cb_t cb,
					 void *data);

	/**
	 * Close a TCP connection now: what is queued and a stream filter's
	 * close_notify go out as far as the socket takes them at once; the
	 * loop frees it. Nothing happens if it is not open.
	 *
	 * @param conn		connection id
	 */
	void (*close_conn)(sip_transport_t *this, uint32_t conn);

	/**
	 * Reset the TCP connection between two endpoints now, before the SA
	 * set protecting it goes: nothing it holds, queued or not yet
	 * acknowledged, is sent any more (SO_LINGER 0: an RST while the set
	 * still exists), so nothing of it can leave in clear afterwards.
	 * Nothing happens if there is no such open connection.
	 *
	 * @param local		local address and port
	 * @param remote	remote address and port
	 */
	void (*abort_addr)(sip_transport_t *this, const imsaka_addr_t *local,
					   const imsaka_addr_t *remote);

	/**
	 * Whether a TCP connection is open.
	 *
	 * @param conn		connection id
	 * @return			TRUE if open
	 */
	bool (*is_open)(sip_transport_t *this, uint32_t conn);

	/**
	 * Call back once after a delay.
	 *
	 * @param ms		delay in milliseconds
	 * @param cb		callback
	 * @param data		data for cb
	 * @return			timer id (never 0), for cancel_timer()
	 */
	uint32_t (*add_timer)(sip_transport_t *this, uint32_t ms,
						  sip_transport_timer_cb_t cb, void *data);

	/**
	 * Cancel a timer that has not fired. Unknown ids are ignored.
	 *
	 * @param id		id from add_timer()
	 */
	void (*cancel_timer)(sip_transport_t *this, uint32_t id);

	/**
	 * Watch a descriptor of another kind (the control socket) in the loop.
	 *
	 * @param fd		descriptor
	 * @param events	events to wait for
	 * @param cb		called when it is ready
	 * @param data		data for cb
	 * @return			watch id (never 0), 0 if too many are watched
	 */
	uint32_t (*watch)(sip_transport_t *this, int fd, short events,
					  sip_transport_watch_cb_t cb, void *data);

	/**
	 * Change the events a watch waits for, 0 to remove it. Unknown ids are
	 * ignored.
	 *
	 * @param id		id from watch()
	 * @param events	events to wait for
	 */
	void (*set_watch)(sip_transport_t *this, uint32_t id, short events);

	/**
	 * Run the loop until stop() is called or SIGINT/SIGTERM arrives.
	 *
	 * @return			TRUE if ended by a signal
	 */
	bool (*run)(sip_transport_t *this);

	/**
	 * Make run() return after the current callback.
	 */
	void (*stop)(sip_transport_t *this);

	/**
	 * Close every socket, drop every timer. Not from within a callback.
	 */
	void (*destroy)(sip_transport_t *this);
};

/**
 * Create the transport. It catches SIGINT and SIGTERM from now on (so a
 * signal before run() makes run() return at once) until destroy(); only one
 * transport should exist at a time.
 *
 * @param cb		called for each message received
 * @param data		data for cb
 * @return			transport
 */
sip_transport_t *sip_transport_create(sip_transport_recv_cb_t cb, void *data);

#endif /** SIP_TRANSPORT_H_ @}*/

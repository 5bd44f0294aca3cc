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
 * @defgroup sip_event_loop sip_event_loop
 * @{ @ingroup sip_frontend
 * The transport's single-threaded poll() loop: it waits on the signal pipe,
 * the bound sockets and the TCP connections, fires due timers, closes idle
 * connections and frees closed ones, and runs every callback on the thread
 * that called run().
 */

#ifndef SIP_EVENT_LOOP_H_
#define SIP_EVENT_LOOP_H_

#include "sip_listeners.h"

typedef struct sip_event_loop_t sip_event_loop_t;

/**
 * Called with each closed connection before the table frees it.
 *
 * @param data		data given to sip_event_loop_create()
 * @param conn		connection, closed
 */
typedef void (*sip_event_loop_gone_cb_t)(void *data, sip_connection_t *conn);

/**
 * Event loop of a transport.
 */
struct sip_event_loop_t {

	/**
	 * Call back once after a delay.
	 *
	 * @param ms		delay in milliseconds
	 * @param cb		callback
	 * @param data		data for cb
	 * @return			timer id (never 0), for cancel_timer()
	 */
	uint32_t (*add_timer)(sip_event_loop_t *this, uint32_t ms,
						  sip_transport_timer_cb_t cb, void *data);

	/**
	 * Cancel a timer that has not fired. Unknown ids are ignored.
	 *
	 * @param id		id from add_timer()
	 */
	void (*cancel_timer)(sip_event_loop_t *this, uint32_t id);

	/**
	 * Watch another descriptor (sip_transport_t.watch()).
	 *
	 * @param fd		descriptor
	 * @param events	events to wait for
	 * @param cb		called when it is ready
	 * @param data		data for cb
	 * @return			watch id (never 0), 0 if too many are watched
	 */
	uint32_t (*watch)(sip_event_loop_t *this, int fd, short events,
					  sip_transport_watch_cb_t cb, void *data);

	/**
	 * Change the events of a watch, 0 to remove it.
	 *
	 * @param id		id from watch()
	 * @param events	events to wait for
	 */
	void (*set_watch)(sip_event_loop_t *this, uint32_t id, short events);

	/**
	 * Run until stop() is called or SIGINT/SIGTERM arrives.
	 *
	 * @return			TRUE if ended by a signal
	 */
	bool (*run)(sip_event_loop_t *this);

	/**
	 * Make run() return after the current callback.
	 */
	void (*stop)(sip_event_loop_t *this);

	/**
	 * Drop every timer, stop catching signals (the sockets and connections
	 * belong to the caller).
	 */
	void (*destroy)(sip_event_loop_t *this);
};

/**
 * Create the loop over a transport's sockets and connections; it catches
 * SIGINT and SIGTERM from now on until destroy().
 *
 * @param listeners	bound sockets
 * @param conns		TCP connections
 * @param recv		called for each message received
 * @param recv_data	data for recv
 * @param gone		called for each connection freed, NULL for none
 * @param gone_data	data for gone
 * @return			loop
 */
sip_event_loop_t *sip_event_loop_create(sip_listeners_t *listeners,
										sip_connections_t *conns,
										sip_transport_recv_cb_t recv,
										void *recv_data,
										sip_event_loop_gone_cb_t gone,
										void *gone_data);

#endif /** SIP_EVENT_LOOP_H_ @}*/

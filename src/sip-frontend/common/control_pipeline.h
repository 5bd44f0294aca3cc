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
 * @defgroup control_pipeline control_pipeline
 * @{ @ingroup sip_frontend
 * Requests to the plugin's control socket that never block the frontend:
 * protocol v2 (docs/CONTROL.md), every request tagged, many in flight on one
 * connection, each reply handed to the callback of the request with its
 * tag, in whatever order they come. The socket is watched by the
 * transport's event loop. A lost connection is made again by a timer
 * (1 s, doubling up to 8 s), so that charon's return, and a restart (the
 * instance of its hello reply, control_instance), is noticed without
 * requests; requests sent meanwhile wait for it.
 */

#ifndef CONTROL_PIPELINE_H_
#define CONTROL_PIPELINE_H_

#include <stdbool.h>
#include <sys/types.h>

#include "control_instance.h"
#include "sip_transport.h"

typedef struct control_pipeline_t control_pipeline_t;

/** why a request got no reply: the connection was lost */
#define CONTROL_PIPELINE_LOST "ERR lost connection to charon lost"

/** first delay before connecting again after a loss, ms */
#define CONTROL_PIPELINE_RECONNECT_MIN 1000

/** longest delay between attempts to connect again, ms */
#define CONTROL_PIPELINE_RECONNECT_MAX 8000

/** why a request got no reply: charon did not answer in time */
#define CONTROL_PIPELINE_TIMEOUT "ERR lost no reply from charon in time"

/**
 * Called once with the reply to a request.
 *
 * @param data		data given to send()
 * @param reply		reply line without tag and line end: "OK ...",
 *					"ERR <code> ...", or CONTROL_PIPELINE_LOST /
 *					CONTROL_PIPELINE_TIMEOUT (code "lost": charon may or
 *					may not have carried the request out)
 */
typedef void (*control_pipeline_cb_t)(void *data, const char *reply);

/**
 * A pipeline of control requests.
 */
struct control_pipeline_t {

	/**
	 * Send a request. Its reply goes to cb exactly once, possibly before
	 * send() returns (a pipeline that answers at once). After the
	 * connection was lost, it waits for the timer to connect again; if
	 * charon restarted meanwhile, it is never sent and gets
	 * CONTROL_PIPELINE_LOST after the restart callback returned.
	 *
	 * @param request	request line without tag and line end
	 * @param cb		called with the reply
	 * @param data		data for cb
	 * @return			FALSE if it could not be sent (cb is not called)
	 */
	bool (*send)(control_pipeline_t *this, const char *request,
				 control_pipeline_cb_t cb, void *data);

	/**
	 * Requests sent and not answered yet.
	 *
	 * @return			count
	 */
	u_int (*get_pending)(control_pipeline_t *this);

	/**
	 * Wait, blocking, until every request in flight is answered (at
	 * shutdown, outside the event loop).
	 *
	 * @param ms		milliseconds to wait at most
	 * @return			TRUE if none is left
	 */
	bool (*drain)(control_pipeline_t *this, u_int ms);

	/**
	 * Set whom a connection made again tells that charon restarted, before
	 * any request is sent on it (none of those waiting is sent then). It
	 * runs from the event loop's timer, never from within send().
	 *
	 * @param cb		callback, NULL for none
	 * @param data		data for cb
	 */
	void (*set_restart)(control_pipeline_t *this, control_restart_cb_t cb,
						void *data);

	/**
	 * Close; requests in flight get CONTROL_PIPELINE_LOST.
	 */
	void (*destroy)(control_pipeline_t *this);
};

/**
 * Create over the control socket, watched by a transport's event loop. It
 * connects (with hello version=2, blocking) when the first request needs
 * it, and after the connection was lost from a timer of the event loop.
 *
 * @param path		socket path
 * @param transport	event loop to watch the socket with
 * @param timeout	seconds charon may stay silent (no reply at all) with
 *					requests in flight before they fail and the
 *					connection is dropped, 0 for CONTROL_TIMEOUT
 * @return			pipeline
 */
control_pipeline_t *control_pipeline_create(const char *path,
											sip_transport_t *transport,
											u_int timeout);

#endif /** CONTROL_PIPELINE_H_ @}*/

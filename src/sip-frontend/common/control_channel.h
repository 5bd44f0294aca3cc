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
 * @defgroup control_channel control_channel
 * @{ @ingroup sip_frontend
 * A frontend's connection to the plugin's control socket: made (with
 * hello) when a request needs it, dropped when it breaks, and counted, so
 * that what charon said about itself (caps) is asked again on a new
 * connection (a restarted charon may have another kernel backend). The
 * instance in charon's hello reply tells whether a new connection reached
 * a restarted charon (control_instance).
 */

#ifndef CONTROL_CHANNEL_H_
#define CONTROL_CHANNEL_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "control_instance.h"

typedef struct control_channel_t control_channel_t;
typedef enum control_channel_state_t control_channel_state_t;

/**
 * What connect() found or did.
 */
enum control_channel_state_t {
	/** connected before the call */
	CONTROL_CHANNEL_OPEN,
	/** connected now, charon answered hello */
	CONTROL_CHANNEL_NEW,
	/** the socket could not be connected */
	CONTROL_CHANNEL_UNREACHABLE,
	/** charon did not answer hello with OK */
	CONTROL_CHANNEL_REFUSED,
};

/**
 * Connection to the control socket, protocol v1 (docs/CONTROL.md), kept
 * by value in the control client that uses it.
 */
struct control_channel_t {

	/** control socket path, NULL if not initialized */
	char *path;

	/** connected socket, -1 if none */
	int fd;

	/** connections made so far (hellos charon answered) */
	u_int connects;

	/** charon's instance on the last connection, and whom a new one
	 *  tells about a restart */
	control_instance_t instance;
};

/** a channel without a socket, for a control client on another transport */
#define CONTROL_CHANNEL_NONE { .fd = -1 }

/**
 * Set up a channel; it connects on the first control_channel_connect().
 *
 * @param this		channel
 * @param path		control socket path
 */
void control_channel_init(control_channel_t *this, const char *path);

/**
 * Set whom a new connection tells that charon restarted (another instance
 * than on the connection before), before any request is sent on it.
 *
 * @param this		channel, initialized
 * @param cb		callback, NULL for none
 * @param data		data for cb
 */
void control_channel_set_restart(control_channel_t *this,
								 control_restart_cb_t cb, void *data);

/**
 * Connect and say hello unless connected. A new connection to another
 * charon instance calls the restart callback before this returns.
 *
 * @param this		channel
 * @param reply		receives the hello reply (NEW, REFUSED) or why the
 *					socket could not be connected (UNREACHABLE)
 * @param size		size of reply
 * @return			what was found or done
 */
control_channel_state_t control_channel_connect(control_channel_t *this,
												char *reply, size_t size);

/**
 * Send one request on the connection and read its one-line reply. Unless
 * charon answered (an ERR reply is an answer) the connection is dropped,
 * so the next control_channel_connect() makes a new one.
 *
 * @param this		channel
 * @param request	request line, without line end
 * @param reply		receives the reply line, or why there is none
 * @param size		size of reply
 * @return			TRUE if reply holds an OK or ERR line
 */
bool control_channel_call(control_channel_t *this, const char *request,
						  char *reply, size_t size);

/**
 * Look, without blocking, whether charon closed the connection (it
 * stopped or restarted) while no request was in flight; the connection
 * is dropped if so, or if charon sent anything unasked.
 *
 * @param this		channel
 * @return			TRUE if connected
 */
bool control_channel_check(control_channel_t *this);

/**
 * Close the connection and free the path.
 *
 * @param this		channel
 */
void control_channel_deinit(control_channel_t *this);

#endif /** CONTROL_CHANNEL_H_ @}*/

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
 * @defgroup pcscf_status_socket pcscf_status_socket
 * @{ @ingroup pcscf
 * imsaka-pcscf's status socket (option status_socket): a UNIX stream
 * socket on the event loop that answers `hello version=1` and `stats`, one
 * line each, as charon's imsaka socket answers its `stats`
 * (docs/PCSCF.md, "Counters"). Every client is non-blocking, its request
 * line bounded, their number capped. The listening socket and the clients
 * sit in one epoll set, so the event loop watches one descriptor however
 * many clients there are.
 */

#ifndef PCSCF_STATUS_SOCKET_H_
#define PCSCF_STATUS_SOCKET_H_

#include <sip_transport.h>

typedef struct pcscf_status_socket_t pcscf_status_socket_t;

/** longest request line, without its newline */
#define PCSCF_STATUS_LINE_MAX 128

/** clients served at once; one more is told so and closed */
#define PCSCF_STATUS_CLIENTS_MAX 8

/** longest reply line, with its newline */
#define PCSCF_STATUS_REPLY_MAX 2048

/**
 * Print the counters for a `stats` request.
 *
 * @param data		data given to pcscf_status_socket_create()
 * @param buf		buffer for "key=value key=value ..."
 * @param size		its size
 * @return			FALSE if they did not fit
 */
typedef bool (*pcscf_status_stats_t)(void *data, char *buf, size_t size);

/**
 * The status socket.
 */
struct pcscf_status_socket_t {

	/**
	 * Number of clients connected.
	 *
	 * @return			count
	 */
	u_int (*get_clients)(pcscf_status_socket_t *this);

	/**
	 * Close the clients and the socket and remove its file.
	 */
	void (*destroy)(pcscf_status_socket_t *this);
};

/**
 * Create the socket file (mode 0660) and serve it on the transport's event
 * loop. A file left at path by an earlier process is replaced only if it
 * is a socket nothing listens on.
 *
 * @param path		socket file
 * @param transport	transport whose event loop serves it
 * @param stats		prints the counters
 * @param data		data for stats
 * @return			socket, NULL if it could not be made (logged)
 */
pcscf_status_socket_t *pcscf_status_socket_create(const char *path,
												  sip_transport_t *transport,
												  pcscf_status_stats_t stats,
												  void *data);

#endif /** PCSCF_STATUS_SOCKET_H_ @}*/

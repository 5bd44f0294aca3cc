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
 * @defgroup imsakactl_control_client control_client
 * @{ @ingroup imsakactl
 * Client side of the plugin's control socket, protocol v1 (docs/CONTROL.md).
 */

#ifndef IMSAKACTL_CONTROL_CLIENT_H_
#define IMSAKACTL_CONTROL_CLIENT_H_

#include <stdbool.h>
#include <stddef.h>

/** default path of the control socket */
#define CONTROL_SOCKET_DEFAULT "/var/run/charon.imsaka"

/** longest request line the plugin accepts */
#define CONTROL_LINE_MAX 4096

/** longest reply line read */
#define CONTROL_REPLY_LINE_MAX 16384

/** most reply lines read for one request */
#define CONTROL_REPLY_LINES_MAX 100000

/** seconds to wait for each part of a reply */
#define CONTROL_TIMEOUT 30

/**
 * Called for each reply line.
 *
 * @param data		data given to control_request()
 * @param line		line without line end
 * @return			false to stop reading (the reply is then incomplete)
 */
typedef bool (*control_line_cb_t)(void *data, const char *line);

/**
 * Connect to the control socket.
 *
 * @param path		socket path
 * @return			file descriptor, -1 on error (errno set)
 */
int control_connect(const char *path);

/**
 * Send one request and read its reply: one line starting with OK or ERR,
 * or lines ended by END.
 *
 * @param fd		connected socket
 * @param request	request line, without line end
 * @param cb		called for each reply line
 * @param data		data for cb
 * @param is_err	receives whether the reply is an ERR line
 * @param error		receives a message on failure, static
 * @return			false if sending or reading failed
 */
bool control_request(int fd, const char *request, control_line_cb_t cb,
					 void *data, bool *is_err, const char **error);

#endif /** IMSAKACTL_CONTROL_CLIENT_H_ @}*/

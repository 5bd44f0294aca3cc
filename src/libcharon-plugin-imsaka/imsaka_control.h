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
 * @defgroup imsaka_control imsaka_control
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTROL_H_
#define IMSAKA_CONTROL_H_

#include "imsaka_control_commands.h"

typedef struct imsaka_control_t imsaka_control_t;

/** default URI of the control socket (charon.plugins.imsaka.socket) */
#define IMSAKA_CONTROL_SOCKET "unix:///var/run/charon.imsaka"

/**
 * The control socket: a UNIX stream service speaking the line protocol v1
 * or, after "hello version=2", v2 with tagged requests (docs/CONTROL.md).
 * The requests of one connection are answered in the order they arrive.
 */
struct imsaka_control_t {

	/**
	 * Stop the service, close client connections, remove the socket file.
	 */
	void (*destroy)(imsaka_control_t *this);
};

/**
 * Create the socket service.
 *
 * @param env		what commands act on, copied; its objects must outlive
 *					the service
 * @return			service, NULL if the socket cannot be created
 */
imsaka_control_t *imsaka_control_create(imsaka_control_env_t *env);

#endif /** IMSAKA_CONTROL_H_ @}*/

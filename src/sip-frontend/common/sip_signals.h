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
 * @defgroup sip_signals sip_signals
 * @{ @ingroup sip_frontend
 * SIGINT and SIGTERM turned into a readable file descriptor (self-pipe), for
 * the transport's poll() loop.
 */

#ifndef SIP_SIGNALS_H_
#define SIP_SIGNALS_H_

#include <stdbool.h>

typedef struct sip_signals_t sip_signals_t;

/**
 * Catches SIGINT and SIGTERM while it exists.
 */
struct sip_signals_t {

	/**
	 * File descriptor that becomes readable when a signal arrived.
	 *
	 * @return			fd, -1 if the pipe could not be created
	 */
	int (*get_fd)(sip_signals_t *this);

	/**
	 * Take the signals that arrived.
	 *
	 * @param sig		receives the last signal number, if any
	 * @return			TRUE if one arrived
	 */
	bool (*take)(sip_signals_t *this, int *sig);

	/**
	 * Restore the previous signal actions.
	 */
	void (*destroy)(sip_signals_t *this);
};

/**
 * Install the handlers; the latest object created gets the signals.
 *
 * @return			object
 */
sip_signals_t *sip_signals_create(void);

#endif /** SIP_SIGNALS_H_ @}*/

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
 * @defgroup ue_charon_watch ue_charon_watch
 * @{ @ingroup imsaka_ue
 * Notices that charon stopped or restarted while the UE asks nothing of it
 * (registered, between re-registrations): a timer of the event loop looks
 * at the control connection every UE_CHARON_WATCH_INTERVAL ms without
 * blocking; when charon closed it, it connects again after 1 s, doubling
 * up to 8 s while charon is away. The connection's hello tells a restart
 * (ue_control_client set_restart()).
 */

#ifndef UE_CHARON_WATCH_H_
#define UE_CHARON_WATCH_H_

#include <sip_transport.h>

#include "ue_control_client.h"

typedef struct ue_charon_watch_t ue_charon_watch_t;

/** ms between looks at a connection that is up */
#define UE_CHARON_WATCH_INTERVAL 2000

/** first delay before connecting again, ms */
#define UE_CHARON_WATCH_RETRY_MIN 1000

/** longest delay between attempts to connect again, ms */
#define UE_CHARON_WATCH_RETRY_MAX 8000

/**
 * Watch over the control connection.
 */
struct ue_charon_watch_t {

	/**
	 * Whether charon's control socket answered at the last look.
	 *
	 * @return			TRUE if connected
	 */
	bool (*is_up)(ue_charon_watch_t *this);

	/**
	 * Stop watching and free.
	 */
	void (*destroy)(ue_charon_watch_t *this);
};

/**
 * Start watching.
 *
 * @param transport	event loop (timers)
 * @param control	control client, kept by reference
 * @return			watch
 */
ue_charon_watch_t *ue_charon_watch_create(sip_transport_t *transport,
										  ue_control_client_t *control);

#endif /** UE_CHARON_WATCH_H_ @}*/

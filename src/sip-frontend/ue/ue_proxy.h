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
 * @defgroup ue_proxy ue_proxy
 * @{ @ingroup imsaka_ue
 *
 * A local outbound proxy for an unmodified SIP user agent: requests it
 * receives on its listen address (UDP and TCP) go, with a Via and a Route
 * added, over the protected client port to the P-CSCF's protected server
 * port; responses come back the same way. Before the registration is
 * complete the UA gets 503.
 */

#ifndef UE_PROXY_H_
#define UE_PROXY_H_

#include "ue_registration.h"

/** most requests relayed at a time */
#define UE_PROXY_MAX_PENDING 64

typedef struct ue_proxy_t ue_proxy_t;

/**
 * The outbound proxy.
 */
struct ue_proxy_t {

	/**
	 * Take a message if it is the proxy's: a request from the UA, or a
	 * response to a request relayed.
	 *
	 * @param peer		where it came from and arrived
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			TRUE if it was the proxy's
	 */
	bool (*receive)(ue_proxy_t *this, const sip_peer_t *peer,
					const char *msg, size_t len);

	/**
	 * Stop listening and free.
	 */
	void (*destroy)(ue_proxy_t *this);
};

/**
 * Create the proxy and listen on config->proxy (UDP and TCP).
 *
 * @param config	options, kept by reference
 * @param transport	transport, kept by reference
 * @param reg		registration giving the route, kept by reference
 * @return			proxy, NULL if it cannot listen
 */
ue_proxy_t *ue_proxy_create(const ue_config_t *config,
							sip_transport_t *transport, ue_registration_t *reg);

#endif /** UE_PROXY_H_ @}*/

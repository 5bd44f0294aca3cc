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
 * @defgroup ue_probe ue_probe
 * @{ @ingroup imsaka_ue
 *
 * One request (OPTIONS or MESSAGE) of the UE itself over the protected
 * ports once registered, to show that the SA set carries traffic
 * (imsaka-ue --once --request), or that the P-CSCF unit still answers
 * (the keep-alive probe of ue_failover_t).
 */

#ifndef UE_PROBE_H_
#define UE_PROBE_H_

#include "ue_registration.h"

typedef struct ue_probe_t ue_probe_t;

/**
 * Told the final status code (408 on timeout, 0 if it could not be sent).
 *
 * @param data		data given to ue_probe_create()
 * @param code		status code
 */
typedef void (*ue_probe_cb_t)(void *data, int code);

/**
 * The probe request.
 */
struct ue_probe_t {

	/**
	 * Send the request over the registration's route.
	 *
	 * @param method	"OPTIONS" or "MESSAGE"
	 * @param uri		Request-URI and To
	 * @return			FALSE if not registered or not sent
	 */
	bool (*send)(ue_probe_t *this, const char *method, const char *uri);

	/**
	 * Take the response to the request.
	 *
	 * @param peer		where it came from
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			TRUE if it was the probe's
	 */
	bool (*receive)(ue_probe_t *this, const sip_peer_t *peer,
					const char *msg, size_t len);

	/**
	 * Stop waiting for the response to the request in flight, if any; its
	 * callback is not called.
	 */
	void (*cancel)(ue_probe_t *this);

	/**
	 * Free.
	 */
	void (*destroy)(ue_probe_t *this);
};

/**
 * Create a probe.
 *
 * @param config	options, kept by reference
 * @param transport	transport, kept by reference
 * @param reg		registration, kept by reference
 * @param level	log level of its lines: 1 for a request an operator
 *					asked for, 2 for the periodic keep-alive probe
 * @param cb		told the final status
 * @param data		data for cb
 * @return			probe
 */
ue_probe_t *ue_probe_create(const ue_config_t *config,
							sip_transport_t *transport, ue_registration_t *reg,
							int level, ue_probe_cb_t cb, void *data);

#endif /** UE_PROBE_H_ @}*/

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
 * @defgroup pcscf_probe pcscf_probe
 * @{ @ingroup pcscf
 *
 * OPTIONS addressed to the P-CSCF itself (RFC 3261 11): a Request-URI
 * without user part whose host is one of its addresses or aliases. Such
 * a request is a probe and is answered here, never forwarded:
 * - from the core (a dispatcher in front of the S-CSCFs probing its
 *   destinations), over the unprotected ports from a probe_from source:
 *   200 while charon's control socket answers, else 503 with a
 *   Retry-After, so that the dispatcher stops sending to this unit;
 * - from a registered UE in the protection of its agreement (its
 *   keep-alive): 200, the protection in force being what it wants to know.
 * A stopping P-CSCF answers 503 to both.
 */

#ifndef PCSCF_PROBE_H_
#define PCSCF_PROBE_H_

#include <sip_transport.h>

#include "pcscf_config.h"
#include "pcscf_control_client.h"
#include "pcscf_counters.h"
#include "pcscf_forwarder.h"

typedef struct pcscf_probe_t pcscf_probe_t;

/**
 * Answers to OPTIONS addressed to the P-CSCF.
 */
struct pcscf_probe_t {

	/**
	 * Whether a request is an OPTIONS whose Request-URI names the P-CSCF:
	 * no user part, host one of listen, core, protected_address,
	 * public_address or aliases, port absent or one of the P-CSCF's on
	 * that address.
	 *
	 * @param req		request
	 * @return			TRUE if it is such a probe
	 */
	bool (*is_probe)(pcscf_probe_t *this, sip_msg_t *req);

	/**
	 * Answer a probe that came over the unprotected ports, if its source
	 * may probe (option probe_from): 200, or 503 with Retry-After when
	 * charon's control socket does not answer or the P-CSCF is stopping.
	 *
	 * @param req		the probe
	 * @param from		where it came from
	 * @return			FALSE if the source may not probe (nothing sent:
	 *					the caller treats it as any unprotected request)
	 */
	bool (*from_core)(pcscf_probe_t *this, sip_msg_t *req,
					  const sip_peer_t *from);

	/**
	 * Answer a probe of a registered UE that came in the protection of
	 * its agreement in force: 200, 503 when the P-CSCF is stopping.
	 *
	 * @param req		the probe
	 * @param from		where it came from
	 * @param impi		the UE's IMPI, for the log
	 */
	void (*from_ue)(pcscf_probe_t *this, sip_msg_t *req,
					const sip_peer_t *from, const char *impi);

	/**
	 * The P-CSCF is stopping: every probe is answered 503 from now on.
	 */
	void (*set_stopping)(pcscf_probe_t *this);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_probe_t *this);
};

/**
 * Create the answers to probes.
 *
 * @param config	configuration, kept by reference
 * @param forwarder	sends the answers
 * @param control	tells whether charon's control socket answers
 * @param counters	counts options-answered, options-unavailable
 * @return			object
 */
pcscf_probe_t *pcscf_probe_create(const pcscf_config_t *config,
								  pcscf_forwarder_t *forwarder,
								  pcscf_control_client_t *control,
								  pcscf_counters_t *counters);

#endif /** PCSCF_PROBE_H_ @}*/

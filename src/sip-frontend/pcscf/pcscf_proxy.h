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
 * @defgroup pcscf_proxy pcscf_proxy
 * @{ @ingroup pcscf
 *
 * The P-CSCF's message handling: where a message arrived decides what it
 * is (unprotected port, protected ports, responses of the S-CSCF), the
 * registration handling takes REGISTERs and their responses, other
 * requests of registered UEs are forwarded statelessly, OPTIONS addressed
 * to the P-CSCF itself are answered (pcscf_probe).
 */

#ifndef PCSCF_PROXY_H_
#define PCSCF_PROXY_H_

#include <sip_transport.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_counters.h"

typedef struct pcscf_proxy_t pcscf_proxy_t;

/**
 * The P-CSCF.
 */
struct pcscf_proxy_t {

	/**
	 * Bind the sockets: unprotected UDP and TCP on listen:port, protected
	 * ones on protected_address:port_c, port_c + 1 and port_s, and
	 * core:port if core differs from listen.
	 *
	 * @return			FALSE if one failed (logged)
	 */
	bool (*listen)(pcscf_proxy_t *this);

	/**
	 * Handle one message (the transport's receive callback).
	 *
	 * @param peer		where it came from and arrived
	 * @param buf		message
	 * @param len		length of buf
	 */
	void (*receive)(pcscf_proxy_t *this, const sip_peer_t *peer,
					const char *buf, size_t len);

	/**
	 * The P-CSCF is about to stop: OPTIONS probes addressed to it are
	 * answered 503 from now on, everything else as before.
	 */
	void (*set_stopping)(pcscf_proxy_t *this);

	/**
	 * Delete every registration and its context (SIGTERM); probes are
	 * answered 503 from now on.
	 *
	 * @return			number of registrations deleted
	 */
	unsigned int (*shutdown)(pcscf_proxy_t *this);

	/**
	 * Number of registrations held.
	 *
	 * @return			count
	 */
	unsigned int (*get_count)(pcscf_proxy_t *this);

	/**
	 * The counters, their gauges brought up to date.
	 *
	 * @return			counters, owned by the P-CSCF
	 */
	pcscf_counters_t *(*get_counters)(pcscf_proxy_t *this);

	/**
	 * Print the counters as a `stats` reply carries them
	 * (pcscf_status_stats_t).
	 *
	 * @param buf		buffer
	 * @param size		its size
	 * @return			FALSE if they did not fit
	 */
	bool (*print_stats)(pcscf_proxy_t *this, char *buf, size_t size);

	/**
	 * Destroy, after shutdown(); the control client given to
	 * pcscf_proxy_create() must be destroyed in between (its requests in
	 * flight fail into the registrations and count in the counters this
	 * frees), or be given to a new proxy before it handles anything more.
	 */
	void (*destroy)(pcscf_proxy_t *this);
};

/**
 * Create the P-CSCF.
 *
 * @param config	configuration, kept by reference
 * @param transport	transport to send and set timers with
 * @param control	the plugin's control socket; its failed requests are
 *					counted from now on
 * @return			P-CSCF
 */
pcscf_proxy_t *pcscf_proxy_create(const pcscf_config_t *config,
								  sip_transport_t *transport,
								  pcscf_control_client_t *control);

#endif /** PCSCF_PROXY_H_ @}*/

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
 * @defgroup pcscf_lifecycle pcscf_lifecycle
 * @{ @ingroup pcscf
 *
 * How registrations and their handshakes end: the step and expiry timers,
 * giving up a handshake (also when the S-CSCF did not answer), removing a
 * registration with its contexts, the short linger that lets a final
 * response through the protection before it goes, the protected
 * endpoints of the registrations table, and dropping them all when charon
 * restarted.
 */

#ifndef PCSCF_LIFECYCLE_H_
#define PCSCF_LIFECYCLE_H_

#include <sip_transport.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_counters.h"
#include "pcscf_registrations.h"
#include "pcscf_transactions.h"

typedef struct pcscf_lifecycle_t pcscf_lifecycle_t;

/**
 * Timers and ends of registrations.
 */
struct pcscf_lifecycle_t {

	/**
	 * Give the handshake up: undo its protection, delete its context if
	 * it has its own; a registration without an agreement in force, or one
	 * de-registered whose 200 is out, goes too.
	 *
	 * @param reg		registration
	 * @param why		for the log line
	 * @return			FALSE if the registration is gone
	 */
	bool (*abort)(pcscf_lifecycle_t *this, pcscf_registration_t *reg,
				  const char *why);

	/**
	 * Remove a registration with its protection and contexts.
	 *
	 * @param reg		registration, destroyed
	 * @param why		for the log line
	 */
	void (*remove)(pcscf_lifecycle_t *this, pcscf_registration_t *reg,
				   const char *why);

	/**
	 * Give the handshake up once a final response sent in its protection
	 * (a 403 to SM7) is out.
	 *
	 * @param reg		registration
	 */
	void (*abort_later)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * The S-CSCF left a REGISTER of a registration unanswered for
	 * scscf_timeout and its 408 went to the UE. If it is the REGISTER the
	 * registration waits on, the handshake is given up (once the 408 is
	 * out when it travels in the handshake's protection, SM7); a
	 * registration in force stays, its agreement untouched, and a refresh
	 * or de-registration changes nothing.
	 *
	 * @param tx		the REGISTER's transaction
	 */
	void (*scscf_silent)(pcscf_lifecycle_t *this, pcscf_transaction_t *tx);

	/**
	 * Remove the registration once a final response sent in its
	 * protection (the 200 of a de-registration) is out.
	 *
	 * @param reg		registration
	 */
	void (*remove_later)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * (Re)start the timer of a handshake step (auth_timeout).
	 *
	 * @param reg		registration
	 */
	void (*arm_step)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * Stop the timer of a handshake step.
	 *
	 * @param reg		registration
	 */
	void (*disarm_step)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * (Re)start the expiry timer for reg->expires and a grace period.
	 *
	 * @param reg		registration
	 */
	void (*arm_expiry)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * Bind the protected UE address:ports of the agreement in force and
	 * of the handshake in the registrations table.
	 *
	 * @param reg		registration
	 */
	void (*bind)(pcscf_lifecycle_t *this, pcscf_registration_t *reg);

	/**
	 * Delete every registration and its charon contexts (SIGTERM); the
	 * protection goes with the contexts.
	 *
	 * @return			number of registrations deleted
	 */
	u_int (*shutdown)(pcscf_lifecycle_t *this);

	/**
	 * charon restarted: every context and SA set of the registrations is
	 * gone with it. Every registration is dropped without a request about
	 * its contexts (their numbers may name other contexts now); what the
	 * mechanisms set up outside charon goes as for a removal. A second
	 * call for the same new instance (the other control connection
	 * noticed it too) does nothing.
	 *
	 * @param old		charon's instance before
	 * @param now		charon's instance now
	 * @return			number of registrations dropped
	 */
	u_int (*charon_restarted)(pcscf_lifecycle_t *this, const char *old,
							  const char *now);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_lifecycle_t *this);
};

/**
 * Create the timers and ends of registrations.
 *
 * @param config		configuration (auth_timeout)
 * @param transport		transport (timers)
 * @param control		charon's control socket
 * @param registrations	table of registrations
 * @param counters		counters of outcomes (expiries, timeouts)
 * @return				object
 */
pcscf_lifecycle_t *pcscf_lifecycle_create(const pcscf_config_t *config,
										  sip_transport_t *transport,
										  pcscf_control_client_t *control,
										  pcscf_registrations_t *registrations,
										  pcscf_counters_t *counters);

/**
 * The control connections' restart callback (control_restart_cb_t):
 * charon_restarted() of the lifecycle given as data. For the pipelined
 * connection, whose restart callback runs from the event loop; not for
 * the blocking one, whose callback may run within the handling of a
 * REGISTER that holds a registration.
 *
 * @param lifecycle	pcscf_lifecycle_t
 * @param old		charon's instance before
 * @param now		charon's instance now
 */
void pcscf_lifecycle_restart_cb(void *lifecycle, const char *old,
								const char *now);

/**
 * The forwarder's timeout callback (pcscf_forwarder_timeout_t):
 * scscf_silent() of the lifecycle given as data.
 *
 * @param lifecycle	pcscf_lifecycle_t
 * @param tx		the REGISTER's transaction
 */
void pcscf_lifecycle_timeout_cb(void *lifecycle, pcscf_transaction_t *tx);

#endif /** PCSCF_LIFECYCLE_H_ @}*/

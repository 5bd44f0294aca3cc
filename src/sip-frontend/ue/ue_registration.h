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
 * @defgroup ue_registration ue_registration
 * @{ @ingroup imsaka_ue
 *
 * The UE's IMS AKA registration (TS 24.229 5.1.1, TS 33.203 UE side) with
 * imsaka's NAT-T extension, as a state machine driven by responses and
 * timers: idle -> sm1-sent -> sm7-sent -> registered -> re-registering
 * -> registered ... -> deregistering -> deregistered (or failed).
 */

#ifndef UE_REGISTRATION_H_
#define UE_REGISTRATION_H_

#include <sip_transport.h>

#include "ue_control_client.h"
#include "ue_config.h"
#include "ue_state.h"

typedef struct ue_registration_t ue_registration_t;
typedef struct ue_route_t ue_route_t;
typedef struct ue_reg_failure_t ue_reg_failure_t;

/**
 * States of the registration.
 */
typedef enum {
	UE_REG_IDLE,
	UE_REG_SM1_SENT,
	UE_REG_SM7_SENT,
	UE_REG_REGISTERED,
	UE_REG_REREGISTERING,
	UE_REG_DEREGISTERING,
	UE_REG_DEREGISTERED,
	UE_REG_FAILED,
} ue_reg_state_t;

/**
 * How protected requests leave while registered.
 */
struct ue_route_t {
	/** UDP from the UE's protected address:port_c to the P-CSCF's
	 *  protected address:port_s */
	sip_peer_t peer;
	/** Via sent-by: the UE's protected address:port_s */
	imsaka_addr_t via;
	/** peer is a TLS connection to the P-CSCF (tls-psk, tls-aka), the
	 *  Via sent-by the UE's unprotected address */
	bool tls;
};

/**
 * Why the last registration failed, as far as the P-CSCF unit is
 * concerned (whether it is dead or overloaded).
 */
struct ue_reg_failure_t {
	/** a REGISTER got no final response (timer F) */
	bool timeout;
	/** final status of the REGISTER that failed, 0 if none */
	int code;
	/** seconds of its Retry-After, 0 if none */
	uint32_t retry_after;
};

/**
 * Told about every change to registered, deregistered or failed.
 *
 * @param data		data given to ue_registration_create()
 * @param state		new state
 */
typedef void (*ue_registration_cb_t)(void *data, ue_reg_state_t state);

/**
 * The registration of one IMPU.
 */
struct ue_registration_t {

	/**
	 * Start registering: ctx-create, spi-alloc, SM1.
	 *
	 * @return			FALSE if not idle, deregistered or failed, or if the
	 *					start failed (the state is then failed)
	 */
	bool (*start)(ue_registration_t *this);

	/**
	 * Take a message received, if it is a response to our REGISTER.
	 *
	 * @param peer		where it came from
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			TRUE if it was ours
	 */
	bool (*receive)(ue_registration_t *this, const sip_peer_t *peer,
					const char *msg, size_t len);

	/**
	 * De-register (protected REGISTER with Expires: 0) when registered,
	 * then ctx-delete; without a registration just clean up. Called again
	 * while waiting for the 200, it stops waiting and cleans up.
	 */
	void (*deregister)(ue_registration_t *this);

	/**
	 * charon restarted: unless the context is one made since, the set
	 * and the context are gone with it; they are forgotten without
	 * asking charon, and the registration starts again from SM1 (a
	 * de-registration ends).
	 *
	 * @param old		charon's instance before
	 * @param now		charon's instance now
	 */
	void (*charon_restarted)(ue_registration_t *this, const char *old,
							 const char *now);

	/**
	 * The P-CSCF unit stopped answering: forget the registration locally
	 * (the sets and ctx-delete in charon, no de-REGISTER to the dead unit).
	 * The state becomes idle, the owner is not called back.
	 */
	void (*abandon)(ue_registration_t *this);

	/**
	 * Why the last registration failed.
	 *
	 * @return			cause of the last failure, zeroed since start()
	 */
	ue_reg_failure_t (*get_failure)(ue_registration_t *this);

	/**
	 * Current state.
	 *
	 * @return			state
	 */
	ue_reg_state_t (*get_state)(ue_registration_t *this);

	/**
	 * How to send a protected request now.
	 *
	 * @param route		receives the route
	 * @return			FALSE if not registered
	 */
	bool (*get_route)(ue_registration_t *this, ue_route_t *route);

	/**
	 * Snapshot of the registration (also written to the state file).
	 *
	 * @param state		receives the snapshot
	 */
	void (*get_snapshot)(ue_registration_t *this, ue_state_t *state);

	/**
	 * Cancel timers and free; does not talk to charon (deregister first).
	 */
	void (*destroy)(ue_registration_t *this);
};

/**
 * Name of a state as reported.
 *
 * @param state		state
 * @return			name, e.g. "sm1-sent"
 */
const char *ue_reg_state_name(ue_reg_state_t state);

/**
 * Create the registration and bind its sockets (UDP on the unprotected
 * port and on the protected ports port_c, port_c + 1 and port_s).
 *
 * @param config	options, kept by reference
 * @param charon	control socket client, kept by reference
 * @param transport	transport, kept by reference
 * @param cb		told about registered, deregistered and failed
 * @param data		data for cb
 * @return			registration, NULL if a socket could not be bound
 */
ue_registration_t *ue_registration_create(const ue_config_t *config,
										  ue_control_client_t *control,
										  sip_transport_t *transport,
										  ue_registration_cb_t cb, void *data);

#endif /** UE_REGISTRATION_H_ @}*/

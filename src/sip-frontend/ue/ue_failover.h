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
 * @defgroup ue_failover ue_failover
 * @{ @ingroup imsaka_ue
 *
 * Moving between the P-CSCF units of option pcscf (docs/UE.md): a unit is
 * dead when a REGISTER to it times out or, with option probe_interval, when
 * the keep-alive probe (an OPTIONS over the protected ports to the P-CSCF)
 * times out. The registration is then dropped locally and, after the RFC
 * 5626 section 4.5 backoff, made again from SM1 on the next unit, round
 * robin. A 503 with Retry-After is waited out on the same unit once; the
 * second 503 in a row moves on. Active when more than one unit is listed or
 * probe_interval is set; otherwise every failure is left to the owner, as
 * with one P-CSCF before.
 */

#ifndef UE_FAILOVER_H_
#define UE_FAILOVER_H_

#include "ue_registration.h"

typedef struct ue_failover_t ue_failover_t;

/** consecutive 503s of one unit after which the next unit is tried */
#define UE_FAILOVER_MAX_BUSY 2

/**
 * Failover between the P-CSCF units of one registration.
 */
struct ue_failover_t {

	/**
	 * The registration's callback (ue_registration_cb_t), passed on by the
	 * owner before it acts itself.
	 *
	 * @param state		new state of the registration
	 * @return			TRUE if a failure was taken in hand (the failover
	 *					registers again itself); FALSE if the owner decides
	 *					(retry_interval, or --once ends)
	 */
	bool (*changed)(ue_failover_t *this, ue_reg_state_t state);

	/**
	 * Take the response to the keep-alive probe.
	 *
	 * @param peer		where it came from
	 * @param msg		message bytes
	 * @param len		length of msg
	 * @return			TRUE if it was the probe's
	 */
	bool (*receive)(ue_failover_t *this, const sip_peer_t *peer,
					const char *msg, size_t len);

	/**
	 * The unit in use, or the one registered on next while waiting.
	 *
	 * @return			index into the units of the configuration
	 */
	unsigned int (*get_unit)(ue_failover_t *this);

	/**
	 * Cancel the timers, free the probe.
	 */
	void (*destroy)(ue_failover_t *this);
};

/**
 * The RFC 5626 section 4.5 wait before registering again:
 * min(max, base * 2^failures) times a factor in [0.5, 1.0) drawn from a
 * random number.
 *
 * @param base		base-time, seconds
 * @param max		max-time, seconds
 * @param failures	consecutive failures, this one included
 * @param random	uniform random number over 32 bits
 * @return			wait in ms
 */
uint32_t ue_failover_backoff_ms(uint32_t base, uint32_t max,
								unsigned int failures, uint32_t random);

/**
 * Create the failover of a registration; the unit in use is the first.
 *
 * @param config	options, kept by reference; its pcscf and
 *					pcscf_protected are set to the unit registered on
 * @param transport	transport and timers, kept by reference
 * @param reg		registration, kept by reference
 * @param once		--once: give up when every unit failed in a row
 * @param seed		seed of the random backoff factor
 * @return			failover
 */
ue_failover_t *ue_failover_create(ue_config_t *config,
								  sip_transport_t *transport,
								  ue_registration_t *reg, bool once,
								  uint32_t seed);

#endif /** UE_FAILOVER_H_ @}*/

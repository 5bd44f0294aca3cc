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
 * @defgroup pcscf_registrations pcscf_registrations
 * @{ @ingroup pcscf
 *
 * The registrations of the P-CSCF, by IMPI, by the UE's protected
 * address and port and by IMPU, each a hash table lookup; bounded.
 */

#ifndef PCSCF_REGISTRATIONS_H_
#define PCSCF_REGISTRATIONS_H_

#include "pcscf_registration.h"

typedef struct pcscf_registrations_t pcscf_registrations_t;

/**
 * Table of registrations; it owns those added.
 */
struct pcscf_registrations_t {

	/**
	 * Add a registration.
	 *
	 * @param reg		registration, owned by the table on success
	 * @return			FALSE if the table is full or holds the IMPI
	 */
	bool (*add)(pcscf_registrations_t *this, pcscf_registration_t *reg);

	/**
	 * Find by IMPI.
	 *
	 * @param impi		IMPI
	 * @return			registration or NULL
	 */
	pcscf_registration_t *(*get)(pcscf_registrations_t *this,
								 const char *impi);

	/**
	 * Find by a protected address and port of a UE.
	 *
	 * @param addr		address and port
	 * @return			registration or NULL
	 */
	pcscf_registration_t *(*find_endpoint)(pcscf_registrations_t *this,
										   const imsaka_addr_t *addr);

	/**
	 * Find a registered UE by its public identity (compared without
	 * regard to case).
	 *
	 * @param impu		user@host
	 * @return			registration with registered set, or NULL
	 */
	pcscf_registration_t *(*find_impu)(pcscf_registrations_t *this,
									   const char *impu);

	/**
	 * Set the public identity of a registration in the table (copied,
	 * allocated to size), replacing an earlier one.
	 *
	 * @param reg		registration in the table
	 * @param impu		user@host, or NULL or "" for none
	 * @return			FALSE if memory ran out (the registration has none)
	 */
	bool (*set_impu)(pcscf_registrations_t *this, pcscf_registration_t *reg,
					 const char *impu);

	/**
	 * Set the protected addresses and ports a registration answers to,
	 * replacing the earlier ones. An address bound to another registration
	 * moves to this one.
	 *
	 * @param reg		registration in the table
	 * @param endpoints	addresses with ports
	 * @param count		number of addresses, at most 4
	 */
	void (*bind)(pcscf_registrations_t *this, pcscf_registration_t *reg,
				 const imsaka_addr_t *endpoints, int count);

	/**
	 * Take a registration out of the table (it is the caller's then).
	 *
	 * @param reg		registration
	 */
	void (*remove)(pcscf_registrations_t *this, pcscf_registration_t *reg);

	/**
	 * Take any registration out of the table (for shutdown).
	 *
	 * @return			registration or NULL if empty
	 */
	pcscf_registration_t *(*remove_any)(pcscf_registrations_t *this);

	/**
	 * Take every registration out of the table, in one pass (charon
	 * restarted).
	 *
	 * @param cb		called with each registration, the caller's then
	 * @param data		data for cb
	 * @return			number of registrations taken out
	 */
	u_int (*remove_all)(pcscf_registrations_t *this,
						void (*cb)(void *data, pcscf_registration_t *reg),
						void *data);

	/**
	 * Move a registration's handshake to a step, counting the handshakes
	 * in flight (step not PCSCF_STEP_NONE).
	 *
	 * @param reg		registration in the table
	 * @param step		its new step
	 */
	void (*set_step)(pcscf_registrations_t *this, pcscf_registration_t *reg,
					 pcscf_step_t step);

	/**
	 * Number of handshakes in flight.
	 *
	 * @return			registrations in the table with a step
	 */
	u_int (*get_handshakes)(pcscf_registrations_t *this);

	/**
	 * Number of handshakes ended (any way) since the table was created.
	 *
	 * @return			handshakes ended
	 */
	uint64_t (*get_handshakes_ended)(pcscf_registrations_t *this);

	/**
	 * Number of registrations in force (an agreement promoted), counted
	 * when asked.
	 *
	 * @return			registrations in the table that are registered
	 */
	u_int (*get_registered)(pcscf_registrations_t *this);

	/**
	 * Number of registrations.
	 *
	 * @return			count
	 */
	unsigned int (*get_count)(pcscf_registrations_t *this);

	/**
	 * Destroy the table and the registrations it holds.
	 */
	void (*destroy)(pcscf_registrations_t *this);
};

/**
 * Create an empty table.
 *
 * @param max		most registrations held
 * @return			table
 */
pcscf_registrations_t *pcscf_registrations_create(unsigned int max);

#endif /** PCSCF_REGISTRATIONS_H_ @}*/

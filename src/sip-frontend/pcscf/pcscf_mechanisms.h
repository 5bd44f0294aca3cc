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
 * @defgroup pcscf_mechanisms pcscf_mechanisms
 * @{ @ingroup pcscf
 *
 * The sec-agree mechanisms the P-CSCF implements, one pcscf_mechanism_t
 * each, found by the mechanism negotiation agreed on. A new mechanism is
 * a pcscf_mechanism_<name>.c/.h and a row in pcscf_mechanisms.c.
 */

#ifndef PCSCF_MECHANISMS_H_
#define PCSCF_MECHANISMS_H_

#include "pcscf_mechanism.h"

typedef struct pcscf_mechanisms_t pcscf_mechanisms_t;

/**
 * The mechanisms by sec-agree mechanism.
 */
struct pcscf_mechanisms_t {

	/**
	 * The mechanism of an agreement.
	 *
	 * @param mech		mechanism agreed
	 * @return			its object, NULL if the P-CSCF has none
	 */
	pcscf_mechanism_t *(*get)(pcscf_mechanisms_t *this,
							  imsaka_secagree_mech_t mech);

	/**
	 * Destroy the mechanisms.
	 */
	void (*destroy)(pcscf_mechanisms_t *this);
};

/**
 * Create every mechanism of the table.
 *
 * @param env		what they work with, must outlive them
 * @return			object
 */
pcscf_mechanisms_t *pcscf_mechanisms_create(const pcscf_mechanism_env_t *env);

#endif /** PCSCF_MECHANISMS_H_ @}*/

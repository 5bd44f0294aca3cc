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
 * @defgroup pcscf_backend_policy pcscf_backend_policy
 * @{ @ingroup pcscf
 *
 * The ipsec-3gpp policy the P-CSCF negotiates with: the configured one less
 * what charon's kernel backend cannot install (kernel-libipsec does
 * UDP-enc-tun only, so no phone's mod=trans offer is taken there). Asked
 * at startup and again after charon reconnects.
 */

#ifndef PCSCF_BACKEND_POLICY_H_
#define PCSCF_BACKEND_POLICY_H_

#include "pcscf_control_client.h"

#include <nat_detect.h>
#include <secagree.h>

typedef struct pcscf_backend_policy_t pcscf_backend_policy_t;

/**
 * The policy as charon's backend allows it.
 */
struct pcscf_backend_policy_t {

	/**
	 * The policy to negotiate with now. Asks charon when it has not
	 * answered yet or reconnected, and logs what changed in one line; while
	 * charon's backend is unknown, the configured policy.
	 *
	 * @return			policy, valid until the next call
	 */
	const imsaka_secagree_list_t *(*get)(pcscf_backend_policy_t *this);

	/**
	 * The Security-Server of a 494: the current policy, less what cannot
	 * cross a NAT when one was found.
	 *
	 * @param nat		NATs found on SM1
	 * @return			policy, valid until the next call
	 */
	const imsaka_secagree_list_t *(*refusal)(pcscf_backend_policy_t *this,
									   imsaka_nat_t nat);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_backend_policy_t *this);
};

/**
 * Create the policy for a charon.
 *
 * @param configured	the configured policy, kept by the caller
 * @param charon		the plugin
 * @return				object
 */
pcscf_backend_policy_t *pcscf_backend_policy_create(
							const imsaka_secagree_list_t *configured,
							pcscf_control_client_t *control);

#endif /** PCSCF_BACKEND_POLICY_H_ @}*/

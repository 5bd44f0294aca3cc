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
 * @defgroup pcscf_mechanism_ipsec pcscf_mechanism_ipsec
 * @{ @ingroup pcscf
 *
 * ipsec-3gpp (TS 33.203 7): SPIs from charon, a temporary SA set installed
 * at SM4, SM7 checked against its address and ports, the set promoted at
 * SM10; NAT keep-alives with a NAT in front of the P-CSCF.
 */

#ifndef PCSCF_MECHANISM_IPSEC_H_
#define PCSCF_MECHANISM_IPSEC_H_

#include "pcscf_mechanism.h"

/**
 * Create the ipsec-3gpp mechanism.
 *
 * @param env		what it works with
 * @return			object
 */
pcscf_mechanism_t *pcscf_mechanism_ipsec_create(
										const pcscf_mechanism_env_t *env);

#endif /** PCSCF_MECHANISM_IPSEC_H_ @}*/

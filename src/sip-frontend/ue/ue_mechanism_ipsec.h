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
 * @defgroup ue_mechanism_ipsec ue_mechanism_ipsec
 * @{ @ingroup imsaka_ue
 *
 * The mechanism ipsec-3gpp (TS 33.203 7): SA sets charon installs and
 * promotes, requests over UDP between the protected ports.
 */

#ifndef UE_MECHANISM_IPSEC_H_
#define UE_MECHANISM_IPSEC_H_

#include "ue_mechanism.h"

/**
 * Create the ipsec-3gpp mechanism of a registration.
 *
 * @param env		what it works with, copied
 * @return			mechanism
 */
ue_mechanism_t *ue_mechanism_ipsec_create(const ue_mechanism_env_t *env);

#endif /** UE_MECHANISM_IPSEC_H_ @}*/

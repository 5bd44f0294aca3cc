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
 * @defgroup ue_mechanisms ue_mechanisms
 * @{ @ingroup imsaka_ue
 *
 * The mechanisms the UE implements, by the secagree mechanism SM6 agreed.
 */

#ifndef UE_MECHANISMS_H_
#define UE_MECHANISMS_H_

#include <secagree.h>

#include "ue_mechanism.h"

/**
 * Create the mechanism of a registration.
 *
 * @param mech		mechanism SM6 agreed
 * @param env		what it works with, copied
 * @return			mechanism, NULL if the UE has none of that name
 */
ue_mechanism_t *ue_mechanisms_create(imsaka_secagree_mech_t mech,
									 const ue_mechanism_env_t *env);

#endif /** UE_MECHANISMS_H_ @}*/

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
 * @defgroup ue_mechanism_tls_psk ue_mechanism_tls_psk
 * @{ @ingroup imsaka_ue
 *
 * The mechanism tls-psk (docs/TLS-PSK.md): a TLS connection to the
 * P-CSCF's TLS port with the PSK charon derives from CK/IK.
 */

#ifndef UE_MECHANISM_TLS_PSK_H_
#define UE_MECHANISM_TLS_PSK_H_

#include "ue_mechanism.h"

/**
 * Create the tls-psk mechanism of a registration.
 *
 * @param env		what it works with, copied
 * @return			mechanism
 */
ue_mechanism_t *ue_mechanism_tls_psk_create(const ue_mechanism_env_t *env);

#endif /** UE_MECHANISM_TLS_PSK_H_ @}*/

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
 * @defgroup pcscf_mechanism_tls_psk pcscf_mechanism_tls_psk
 * @{ @ingroup pcscf
 *
 * tls-psk: no SA set; at SM4 charon derives a PSK from CK/IK and the RAND
 * of the challenge for a new sid, which goes into the PSK table; SM7 must
 * come on a TLS connection with that sid; at SM10 charon's context is held
 * for the registration (CK/IK, for a challenged de-REGISTER).
 */

#ifndef PCSCF_MECHANISM_TLS_PSK_H_
#define PCSCF_MECHANISM_TLS_PSK_H_

#include "pcscf_mechanism.h"

/**
 * Create the tls-psk mechanism.
 *
 * @param env		what it works with (env->tls, once set, the PSK table)
 * @return			object
 */
pcscf_mechanism_t *pcscf_mechanism_tls_psk_create(
										const pcscf_mechanism_env_t *env);

#endif /** PCSCF_MECHANISM_TLS_PSK_H_ @}*/

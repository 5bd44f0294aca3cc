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
 * @defgroup pcscf_mechanism_tls_aka pcscf_mechanism_tls_aka
 * @{ @ingroup pcscf
 *
 * tls-aka (docs/TLS-AKA.md): no SA set, no TLS handshake; at SM4 charon
 * derives the TLS traffic secrets of the agreed suite and SM6's sid from
 * CK/IK, SM6 goes in plaintext on SM1's TCP connection and everything
 * after it in TLS records; SM7 and all later requests must come on that
 * connection, which ends with its keys.
 */

#ifndef PCSCF_MECHANISM_TLS_AKA_H_
#define PCSCF_MECHANISM_TLS_AKA_H_

#include "pcscf_mechanism.h"

/**
 * Create the tls-aka mechanism.
 *
 * @param env		what it works with
 * @return			object
 */
pcscf_mechanism_t *pcscf_mechanism_tls_aka_create(
										const pcscf_mechanism_env_t *env);

#endif /** PCSCF_MECHANISM_TLS_AKA_H_ @}*/

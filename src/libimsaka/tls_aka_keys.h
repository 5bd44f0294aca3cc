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
 * @defgroup imsaka_tls_aka_keys tls_aka_keys
 * @{ @ingroup libimsaka
 *
 * The tls-aka key schedule (docs/TLS-AKA.md): from IMS AKA's CK and IK,
 * the chosen cipher suite and the P-CSCF's session id to the two TLS 1.3
 * application traffic secrets, with no handshake:
 *
 *   K_tls  = KDF(CK || IK, FC = 0x5A, P0 = suite (2 bytes, big-endian),
 *                P1 = sid, P2 = "tls-aka")              TS 33.220 Annex B
 *   master = HKDF-Extract(salt = 0, IKM = K_tls)         suite's hash
 *   ue_ap_traffic_secret_0    = HKDF-Expand-Label(master, "ue ap traffic",
 *                                                 "", Hash.length)
 *   pcscf_ap_traffic_secret_0 = HKDF-Expand-Label(master, "pcscf ap traffic",
 *                                                 "", Hash.length)
 *
 * The UE writes with the first and the P-CSCF with the second; key and IV
 * follow from each as in TLS 1.3 (tls_traffic.h).
 */

#ifndef IMSAKA_TLS_AKA_KEYS_H_
#define IMSAKA_TLS_AKA_KEYS_H_

#include "tls_suite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** function code of K_tls; project-specific, see docs/TLS-AKA.md */
#define IMSAKA_TLS_AKA_FC		0x5A
/** longest session id (sid=, docs/PROTOCOL.md) */
#define IMSAKA_TLS_AKA_SID_MAX	32

/**
 * The traffic secrets of one tls-aka session.
 */
typedef struct {
	/** cipher suite */
	const imsaka_tls_suite_t *suite;
	/** ue_ap_traffic_secret_0: the UE's write secret */
	uint8_t ue[IMSAKA_TLS_MAX_HASH_LEN];
	/** pcscf_ap_traffic_secret_0: the P-CSCF's write secret */
	uint8_t pcscf[IMSAKA_TLS_MAX_HASH_LEN];
	/** length of each, the suite's hash length */
	size_t len;
} imsaka_tls_aka_secrets_t;

/**
 * Derive the traffic secrets of a tls-aka session.
 *
 * @param ck		cipher key CK
 * @param ik		integrity key IK
 * @param suite		chosen cipher suite code point, e.g. 0x1301
 * @param sid		session id from SM6
 * @param sid_len	session id length, 1..32
 * @param out		receives the secrets (wiped on failure)
 * @return			FALSE for an unknown suite, a bad sid length or an
 *					OpenSSL failure
 */
bool imsaka_tls_aka_keys(const uint8_t ck[static 16],
						 const uint8_t ik[static 16], uint16_t suite,
						 const uint8_t *sid, size_t sid_len,
						 imsaka_tls_aka_secrets_t *out);

/**
 * Wipe the secrets.
 *
 * @param secrets	secrets to wipe
 */
void imsaka_tls_aka_secrets_wipe(imsaka_tls_aka_secrets_t *secrets);

#endif /** IMSAKA_TLS_AKA_KEYS_H_ @}*/

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
 * @defgroup imsaka_tls_psk imsaka_tls_psk
 * @{ @ingroup imsaka
 *
 * The tls-psk pre-shared key (docs/TLS-PSK.md), modelled on GBA's Ks_NAF
 * (TS 33.220 4.5.2, Ks = CK || IK):
 *
 *   PSK = KDF(CK || IK, FC = 0x5B, P0 = "tls-psk", P1 = RAND,
 *             P2 = IMPI, P3 = PSK identity)           TS 33.220 Annex B
 *
 * RAND makes every AKA run's key new even if a card repeated CK/IK, the
 * IMPI binds it to the subscriber, the identity (the P-CSCF's sid of SM6)
 * to one TLS session setup.
 */

#ifndef IMSAKA_TLS_PSK_H_
#define IMSAKA_TLS_PSK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** function code of the PSK; project-specific, see docs/TLS-PSK.md */
#define IMSAKA_TLS_PSK_FC		0x5B
/** PSK length, the KDF's output */
#define IMSAKA_TLS_PSK_LEN		32
/** longest PSK identity (the sid of docs/PROTOCOL.md) */
#define IMSAKA_TLS_PSK_ID_MAX	32
/** longest IMPI taken */
#define IMSAKA_TLS_PSK_IMPI_MAX	255

/**
 * Derive the tls-psk PSK.
 *
 * @param ck		cipher key CK
 * @param ik		integrity key IK
 * @param rand		RAND of the AKA run that gave CK and IK
 * @param impi		private user identity, not NUL-terminated
 * @param impi_len	its length, 1..IMSAKA_TLS_PSK_IMPI_MAX
 * @param id		PSK identity (sid) bytes
 * @param id_len	its length, 1..IMSAKA_TLS_PSK_ID_MAX
 * @param psk		receives the PSK (zeroed on failure)
 * @return			FALSE on a bad length or an OpenSSL failure
 */
bool imsaka_tls_psk_derive(const uint8_t ck[static 16],
						   const uint8_t ik[static 16],
						   const uint8_t rand[static 16],
						   const char *impi, size_t impi_len,
						   const uint8_t *id, size_t id_len,
						   uint8_t psk[static IMSAKA_TLS_PSK_LEN]);

#endif /** IMSAKA_TLS_PSK_H_ @}*/

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
 * @defgroup imsaka_sa_keys imsaka_sa_keys
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SA_KEYS_H_
#define IMSAKA_SA_KEYS_H_

#include <library.h>

#include <key_expansion.h>
#include <milenage.h>

typedef struct imsaka_sa_keys_t imsaka_sa_keys_t;

/**
 * ESP keys of a set as strongSwan algorithms (TS 33.203 Annex I). All four
 * SAs of a set use the same keys.
 */
struct imsaka_sa_keys_t {

	/** storage of the keys, wipe with imsaka_sa_keys_wipe() */
	imsaka_esp_keys_t keys;

	/** strongSwan encryption algorithm, ENCR_NULL if none (an AEAD for
	 * aes-gcm and aes-gmac) */
	uint16_t enc_alg;

	/** encryption key (AEADs: key and salt), points into keys */
	chunk_t enc_key;

	/** strongSwan integrity algorithm, AUTH_UNDEFINED if none or AEAD */
	uint16_t int_alg;

	/** integrity key, points into keys */
	chunk_t int_key;
};

/**
 * Derive the ESP keys of an alg/ealg pair from CK and IK.
 *
 * @param alg		integrity algorithm
 * @param ealg		encryption algorithm
 * @param ck		cipher key from AKA
 * @param ik		integrity key from AKA
 * @param out		receives the keys, wipe with imsaka_sa_keys_wipe()
 * @return			FALSE if the pair is invalid
 */
bool imsaka_sa_keys_derive(imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg,
						   const uint8_t ck[IMSAKA_CK_LEN],
						   const uint8_t ik[IMSAKA_IK_LEN],
						   imsaka_sa_keys_t *out);

/**
 * Wipe keys derived with imsaka_sa_keys_derive().
 *
 * @param keys		keys to wipe
 */
void imsaka_sa_keys_wipe(imsaka_sa_keys_t *keys);

#endif /** IMSAKA_SA_KEYS_H_ @}*/

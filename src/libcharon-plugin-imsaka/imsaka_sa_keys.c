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

#include "imsaka_sa_keys.h"

#include <crypto/crypters/crypter.h>
#include <crypto/signers/signer.h>

/*
 * Described in header
 */
bool imsaka_sa_keys_derive(imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg,
						   const uint8_t ck[IMSAKA_CK_LEN],
						   const uint8_t ik[IMSAKA_IK_LEN],
						   imsaka_sa_keys_t *out)
{
	*out = (imsaka_sa_keys_t){
		.enc_alg = ENCR_NULL,
		.int_alg = AUTH_UNDEFINED,
	};
	if (!imsaka_esp_keys(alg, ealg, ck, ik, &out->keys))
	{
		return FALSE;
	}
	switch (ealg)
	{
		case IMSAKA_ESP_EALG_DES_EDE3_CBC:
			out->enc_alg = ENCR_3DES;
			break;
		case IMSAKA_ESP_EALG_AES_CBC:
			out->enc_alg = ENCR_AES_CBC;
			break;
		case IMSAKA_ESP_EALG_AES_GCM:
			out->enc_alg = ENCR_AES_GCM_ICV16;
			break;
		case IMSAKA_ESP_EALG_NULL:
		default:
			break;
	}
	out->enc_key = chunk_create(out->keys.encr, out->keys.encr_len);
	switch (alg)
	{
		case IMSAKA_ESP_ALG_HMAC_MD5_96:
			out->int_alg = AUTH_HMAC_MD5_96;
			break;
		case IMSAKA_ESP_ALG_HMAC_SHA1_96:
			out->int_alg = AUTH_HMAC_SHA1_96;
			break;
		case IMSAKA_ESP_ALG_AES_GMAC:
			/* RFC 4543 ENCR_NULL_AUTH_AES_GMAC is an AEAD keyed IK || salt */
			out->enc_alg = ENCR_NULL_AUTH_AES_GMAC;
			out->enc_key = chunk_create(out->keys.integ, out->keys.integ_len);
			return TRUE;
		case IMSAKA_ESP_ALG_NULL:
		default:
			break;
	}
	out->int_key = chunk_create(out->keys.integ, out->keys.integ_len);
	return TRUE;
}

/*
 * Described in header
 */
void imsaka_sa_keys_wipe(imsaka_sa_keys_t *keys)
{
	imsaka_esp_keys_wipe(&keys->keys);
	memwipe(keys, sizeof(*keys));
}

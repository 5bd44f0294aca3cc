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

#include "tls_aka_keys.h"
#include "tls_hkdf.h"
#include "kdf.h"

#include <string.h>
#include <openssl/crypto.h>

/** P2 of K_tls */
#define TLS_AKA_LABEL	"tls-aka"

/*
 * Described in header
 */
bool imsaka_tls_aka_keys(const uint8_t ck[static 16],
						 const uint8_t ik[static 16], uint16_t suite,
						 const uint8_t *sid, size_t sid_len,
						 imsaka_tls_aka_secrets_t *out)
{
	uint8_t key[32], k_tls[IMSAKA_KDF_LEN], master[IMSAKA_TLS_MAX_HASH_LEN];
	uint8_t id[2] = { suite >> 8, suite & 0xff };
	imsaka_kdf_param_t params[] = {
		{ id, sizeof(id) },
		{ sid, sid_len },
		{ (const uint8_t*)TLS_AKA_LABEL, strlen(TLS_AKA_LABEL) },
	};
	const imsaka_tls_suite_t *s;
	bool ok;

	memset(out, 0, sizeof(*out));
	s = imsaka_tls_suite_get(suite);
	if (!s || !sid || !sid_len || sid_len > IMSAKA_TLS_AKA_SID_MAX)
	{
		return false;
	}
	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	ok = imsaka_kdf(key, sizeof(key), IMSAKA_TLS_AKA_FC, params,
					sizeof(params) / sizeof(params[0]), k_tls) &&
		 imsaka_tls_hkdf_extract(s->digest, NULL, 0, k_tls, sizeof(k_tls),
								 master, s->hash_len) &&
		 imsaka_tls_hkdf_expand_label(s->digest, master, s->hash_len,
									  "ue ap traffic", NULL, 0, out->ue,
									  s->hash_len) &&
		 imsaka_tls_hkdf_expand_label(s->digest, master, s->hash_len,
									  "pcscf ap traffic", NULL, 0, out->pcscf,
									  s->hash_len);
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(k_tls, sizeof(k_tls));
	OPENSSL_cleanse(master, sizeof(master));
	if (!ok)
	{
		imsaka_tls_aka_secrets_wipe(out);
		return false;
	}
	out->suite = s;
	out->len = s->hash_len;
	return true;
}

/*
 * Described in header
 */
void imsaka_tls_aka_secrets_wipe(imsaka_tls_aka_secrets_t *secrets)
{
	OPENSSL_cleanse(secrets, sizeof(*secrets));
}

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

#include "kdf.h"

#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

/*
 * Described in header
 */
bool imsaka_kdf(const uint8_t *key, size_t key_len, uint8_t fc,
				const imsaka_kdf_param_t *params, size_t count,
				uint8_t out[static 32])
{
	OSSL_PARAM digest[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	uint8_t l[2];
	size_t i, len = 0;
	bool ok = false;

	for (i = 0; i < count; i++)
	{
		if (params[i].len > 0xffff)
		{
			memset(out, 0, IMSAKA_KDF_LEN);
			return false;
		}
	}
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac)
	{
		ctx = EVP_MAC_CTX_new(mac);
	}
	if (ctx && EVP_MAC_init(ctx, key, key_len, digest) &&
		EVP_MAC_update(ctx, &fc, 1))
	{
		ok = true;
		for (i = 0; ok && i < count; i++)
		{
			l[0] = params[i].len >> 8;
			l[1] = params[i].len & 0xff;
			ok = (!params[i].len ||
				  EVP_MAC_update(ctx, params[i].ptr, params[i].len)) &&
				 EVP_MAC_update(ctx, l, 2);
		}
		ok = ok && EVP_MAC_final(ctx, out, &len, IMSAKA_KDF_LEN) &&
			 len == IMSAKA_KDF_LEN;
	}
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (!ok)
	{
		OPENSSL_cleanse(out, IMSAKA_KDF_LEN);
	}
	return ok;
}

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

#include "key_expansion.h"
#include "kdf.h"

#include <string.h>
#include <openssl/crypto.h>

#define NAME(value, name) [value] = name,

/** names, indexed by imsaka_esp_alg_t */
static const char *alg_names[] = {
	IMSAKA_ESP_ALG_NAMES(NAME)
};

/** names, indexed by imsaka_esp_ealg_t */
static const char *ealg_names[] = {
	IMSAKA_ESP_EALG_NAMES(NAME)
};

#undef NAME

#define countof(array) (sizeof(array) / sizeof((array)[0]))

_Static_assert(countof(alg_names) == IMSAKA_ESP_ALG_COUNT &&
			   countof(ealg_names) == IMSAKA_ESP_EALG_COUNT,
			   "a name for every algorithm");

/**
 * Index of an exact name in a table, -1 if absent.
 */
static int find_name(const char *names[], size_t count, const char *name)
{
	size_t i;

	for (i = 0; name && i < count; i++)
	{
		if (!strcmp(names[i], name))
		{
			return i;
		}
	}
	return -1;
}

/*
 * Described in header
 */
bool imsaka_esp_alg_from_name(const char *name, imsaka_esp_alg_t *alg)
{
	int i = find_name(alg_names, countof(alg_names), name);

	if (i < 0)
	{
		return false;
	}
	*alg = i;
	return true;
}

/*
 * Described in header
 */
const char *imsaka_esp_alg_name(imsaka_esp_alg_t alg)
{
	return (unsigned)alg < countof(alg_names) ? alg_names[alg] : NULL;
}

/*
 * Described in header
 */
bool imsaka_esp_ealg_from_name(const char *name, imsaka_esp_ealg_t *ealg)
{
	int i = find_name(ealg_names, countof(ealg_names), name);

	if (i < 0)
	{
		return false;
	}
	*ealg = i;
	return true;
}

/*
 * Described in header
 */
const char *imsaka_esp_ealg_name(imsaka_esp_ealg_t ealg)
{
	return (unsigned)ealg < countof(ealg_names) ? ealg_names[ealg] : NULL;
}

/*
 * Described in header
 */
bool imsaka_esp_combination_valid(imsaka_esp_alg_t alg,
								  imsaka_esp_ealg_t ealg)
{
	switch (alg)
	{
		case IMSAKA_ESP_ALG_HMAC_MD5_96:
		case IMSAKA_ESP_ALG_HMAC_SHA1_96:
			return ealg == IMSAKA_ESP_EALG_DES_EDE3_CBC ||
				   ealg == IMSAKA_ESP_EALG_AES_CBC ||
				   ealg == IMSAKA_ESP_EALG_NULL;
		case IMSAKA_ESP_ALG_NULL:
			/* AES-GCM authenticates itself; nothing else may go unprotected */
			return ealg == IMSAKA_ESP_EALG_AES_GCM;
		case IMSAKA_ESP_ALG_AES_GMAC:
			/* integrity only */
			return ealg == IMSAKA_ESP_EALG_NULL;
		case IMSAKA_ESP_ALG_COUNT:
			break;
	}
	return false;
}

/**
 * salt = last 4 bytes of KDF(CK || IK, fc, label)
 */
static bool derive_salt(const uint8_t ck[16], const uint8_t ik[16], uint8_t fc,
						const char *label, uint8_t salt[4])
{
	imsaka_kdf_param_t p0 = {
		.ptr = (const uint8_t*)label,
		.len = strlen(label),
	};
	uint8_t key[32], out[IMSAKA_KDF_LEN];
	bool ok;

	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	ok = imsaka_kdf(key, sizeof(key), fc, &p0, 1, out);
	memcpy(salt, out + IMSAKA_KDF_LEN - 4, 4);
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(out, sizeof(out));
	return ok;
}

/*
 * Described in header
 */
bool imsaka_esp_keys(imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg,
					 const uint8_t ck[static 16], const uint8_t ik[static 16],
					 imsaka_esp_keys_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!imsaka_esp_combination_valid(alg, ealg))
	{
		return false;
	}
	out->alg = alg;
	out->ealg = ealg;
	switch (alg)
	{
		case IMSAKA_ESP_ALG_HMAC_MD5_96:
			memcpy(out->integ, ik, 16);
			out->integ_len = 16;
			break;
		case IMSAKA_ESP_ALG_HMAC_SHA1_96:
			memcpy(out->integ, ik, 16);
			out->integ_len = 20;
			break;
		case IMSAKA_ESP_ALG_AES_GMAC:
			memcpy(out->integ, ik, 16);
			out->integ_len = 20;
			if (!derive_salt(ck, ik, 0x58, "AES_GMAC_SALT", out->integ + 16))
			{
				imsaka_esp_keys_wipe(out);
				return false;
			}
			break;
		case IMSAKA_ESP_ALG_NULL:
		case IMSAKA_ESP_ALG_COUNT:	/* not a valid combination */
			break;
	}
	switch (ealg)
	{
		case IMSAKA_ESP_EALG_DES_EDE3_CBC:
			memcpy(out->encr, ck, 16);
			memcpy(out->encr + 16, ck, 8);
			out->encr_len = 24;
			break;
		case IMSAKA_ESP_EALG_AES_CBC:
			memcpy(out->encr, ck, 16);
			out->encr_len = 16;
			break;
		case IMSAKA_ESP_EALG_AES_GCM:
			memcpy(out->encr, ck, 16);
			out->encr_len = 20;
			if (!derive_salt(ck, ik, 0x59, "AES_GCM_SALT", out->encr + 16))
			{
				imsaka_esp_keys_wipe(out);
				return false;
			}
			break;
		case IMSAKA_ESP_EALG_NULL:
		case IMSAKA_ESP_EALG_COUNT:	/* not a valid combination */
			break;
	}
	return true;
}

/*
 * Described in header
 */
void imsaka_esp_keys_wipe(imsaka_esp_keys_t *keys)
{
	OPENSSL_cleanse(keys, sizeof(*keys));
}

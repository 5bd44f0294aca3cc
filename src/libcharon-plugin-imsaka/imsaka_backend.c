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

#include "imsaka_backend.h"
#include "imsaka_sa_keys.h"

#include <daemon.h>

#include <pthread.h>

/** what the crypto plugins can do for an alg/ealg pair */
typedef enum {
	PROBE_UNKNOWN = 0,
	PROBE_YES,
	PROBE_NO,
} probe_t;

/**
 * What charon's crypto plugins can do, probed once per pair at first use
 * rather than by creating crypters and signers on every sa-install and
 * caps: charon loads its plugins once, at startup. Kept per crypto
 * factory, so a library initialized anew (unit tests) probes anew.
 */
static struct {
	/** protects the rest */
	pthread_mutex_t mutex;
	/** factory probed */
	crypto_factory_t *factory;
	/** results per pair */
	probe_t pairs[IMSAKA_ESP_ALG_COUNT][IMSAKA_ESP_EALG_COUNT];
} crypto_cache = {
	.mutex = PTHREAD_MUTEX_INITIALIZER,
};

/*
 * Described in header
 */
imsaka_backend_type_t imsaka_backend_type()
{
	/* of the backends of this release, only kernel-libipsec needs UDP
	 * encapsulation (its ESP rides on charon's socket) */
	if (charon->kernel->get_features(charon->kernel) &
		KERNEL_REQUIRE_UDP_ENCAPSULATION)
	{
		return IMSAKA_BACKEND_USERSPACE;
	}
	return IMSAKA_BACKEND_KERNEL;
}

/**
 * Whether a space-separated list holds a word
 */
static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *pos = list;

	while ((pos = strstr(pos, word)))
	{
		if ((pos == list || pos[-1] == ' ') &&
			(pos[len] == ' ' || pos[len] == '\0'))
		{
			return TRUE;
		}
		pos += len;
	}
	return FALSE;
}

/*
 * Described in header
 */
const char *imsaka_backend_name()
{
	const char *loaded;

	loaded = lib->plugins->loaded_plugins(lib->plugins);
	if (imsaka_backend_type() == IMSAKA_BACKEND_USERSPACE)
	{
		return has_word(loaded, "kernel-libipsec") ? "kernel-libipsec"
												   : "userspace";
	}
	if (has_word(loaded, "kernel-netlink"))
	{
		return "kernel-netlink";
	}
	return has_word(loaded, "kernel-pfkey") ? "kernel-pfkey" : "kernel";
}

/*
 * Described in header
 */
bool imsaka_backend_mode_supported(imsaka_secagree_mod_t mode)
{
	if (imsaka_backend_type() == IMSAKA_BACKEND_USERSPACE)
	{
		return mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN;
	}
	return mode < IMSAKA_SECAGREE_MOD_COUNT;
}

/**
 * Whether charon's crypto plugins can do the algorithms of keys
 */
static bool crypto_supported(imsaka_sa_keys_t *keys)
{
	crypter_t *crypter;
	signer_t *signer;
	aead_t *aead;
	bool ok;

	if (encryption_algorithm_is_aead(keys->enc_alg))
	{
		aead = lib->crypto->create_aead(lib->crypto, keys->enc_alg,
										keys->enc_key.len - 4, 4);
		ok = aead != NULL;
		DESTROY_IF(aead);
	}
	else
	{	/* libipsec needs a crypter for ENCR_NULL too (the null plugin) */
		crypter = lib->crypto->create_crypter(lib->crypto, keys->enc_alg,
											  keys->enc_key.len);
		ok = crypter != NULL;
		DESTROY_IF(crypter);
	}
	if (ok && keys->int_alg != AUTH_UNDEFINED)
	{
		signer = lib->crypto->create_signer(lib->crypto, keys->int_alg);
		ok = signer != NULL;
		DESTROY_IF(signer);
	}
	return ok;
}

/**
 * Whether charon's crypto plugins can do a valid pair, probed at first use
 */
static bool crypto_cached(imsaka_esp_alg_t alg, imsaka_esp_ealg_t ealg)
{
	uint8_t ck[IMSAKA_CK_LEN] = {}, ik[IMSAKA_IK_LEN] = {};
	imsaka_sa_keys_t keys;
	probe_t probe;

	pthread_mutex_lock(&crypto_cache.mutex);
	if (crypto_cache.factory != lib->crypto)
	{
		memset(crypto_cache.pairs, 0, sizeof(crypto_cache.pairs));
		crypto_cache.factory = lib->crypto;
	}
	probe = crypto_cache.pairs[alg][ealg];
	if (probe == PROBE_UNKNOWN)
	{
		probe = PROBE_NO;
		if (imsaka_sa_keys_derive(alg, ealg, ck, ik, &keys))
		{
			probe = crypto_supported(&keys) ? PROBE_YES : PROBE_NO;
			imsaka_sa_keys_wipe(&keys);
		}
		crypto_cache.pairs[alg][ealg] = probe;
		DBG2(DBG_KNL, "crypto plugins %s alg=%s ealg=%s",
			 probe == PROBE_YES ? "can do" : "lack", imsaka_esp_alg_name(alg),
			 imsaka_esp_ealg_name(ealg));
	}
	pthread_mutex_unlock(&crypto_cache.mutex);
	return probe == PROBE_YES;
}

/*
 * Described in header
 */
bool imsaka_backend_algs_supported(imsaka_esp_alg_t alg,
								   imsaka_esp_ealg_t ealg)
{
	if (alg >= IMSAKA_ESP_ALG_COUNT || ealg >= IMSAKA_ESP_EALG_COUNT ||
		!imsaka_esp_combination_valid(alg, ealg))
	{
		return FALSE;
	}
	if (imsaka_backend_type() == IMSAKA_BACKEND_KERNEL)
	{	/* the kernel does the crypto; it reports what it lacks on add_sa */
		return TRUE;
	}
	/* kernel-libipsec uses charon's crypto plugins */
	return crypto_cached(alg, ealg);
}

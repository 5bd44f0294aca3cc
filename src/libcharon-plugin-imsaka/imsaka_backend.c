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

/*
 * Described in header
 */
bool imsaka_backend_algs_supported(imsaka_esp_alg_t alg,
								   imsaka_esp_ealg_t ealg)
{
	uint8_t ck[IMSAKA_CK_LEN] = {}, ik[IMSAKA_IK_LEN] = {};
	imsaka_sa_keys_t keys;
	bool ok;

	if (!imsaka_sa_keys_derive(alg, ealg, ck, ik, &keys))
	{
		return FALSE;
	}
	if (imsaka_backend_type() == IMSAKA_BACKEND_KERNEL)
	{	/* the kernel does the crypto; it reports what it lacks on add_sa */
		ok = TRUE;
	}
	else
	{	/* kernel-libipsec uses charon's crypto plugins */
		ok = crypto_supported(&keys);
	}
	imsaka_sa_keys_wipe(&keys);
	return ok;
}

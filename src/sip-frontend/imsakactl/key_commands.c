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

/*
 * Offline key derivation commands of imsakactl: the ESP keys of an SA set
 * from CK and IK (TS 33.203 Annex I) and the generic KDF of TS 33.220
 * Annex B. Exit 0 on success, 1 for a bad value, 2 for a wrong command
 * line.
 */

#include "aka_args.h"

#include <hex.h>
#include <kdf.h>
#include <key_expansion.h>

#include <string.h>
#include <openssl/crypto.h>

static int esp_keys(aka_args_t *a)
{
	imsaka_esp_ealg_t ealg = IMSAKA_ESP_EALG_NULL;
	imsaka_esp_keys_t keys;
	imsaka_esp_alg_t alg;

	if (!aka_args_hex(a, OPT_CK, a->ck, 16) ||
		!aka_args_hex(a, OPT_IK, a->ik, 16))
	{
		return IMSAKACTL_FAILED;
	}
	if (!imsaka_esp_alg_from_name(a->opt[OPT_ALG], &alg))
	{
		imsakactl_error(a->cmd, "unknown --alg '%s' (hmac-md5-96, "
						"hmac-sha-1-96, aes-gmac, null)", a->opt[OPT_ALG]);
		return IMSAKACTL_FAILED;
	}
	if (a->opt[OPT_EALG] && !imsaka_esp_ealg_from_name(a->opt[OPT_EALG], &ealg))
	{
		imsakactl_error(a->cmd, "unknown --ealg '%s' (des-ede3-cbc, aes-cbc, "
						"aes-gcm, null)", a->opt[OPT_EALG]);
		return IMSAKACTL_FAILED;
	}
	if (!imsaka_esp_keys(alg, ealg, a->ck, a->ik, &keys))
	{
		imsakactl_error(a->cmd, "alg %s cannot be combined with ealg %s",
						imsaka_esp_alg_name(alg), imsaka_esp_ealg_name(ealg));
		return IMSAKACTL_FAILED;
	}
	printf("alg: %s\n", imsaka_esp_alg_name(alg));
	printf("ealg: %s\n", imsaka_esp_ealg_name(ealg));
	/* keys of null algorithms are omitted; salts are included in the key
	 * (as XFRM and strongSwan take them) and shown apart too */
	if (keys.integ_len)
	{
		aka_args_print_hex("integ-key", keys.integ, keys.integ_len);
	}
	if (alg == IMSAKA_ESP_ALG_AES_GMAC)
	{
		aka_args_print_hex("integ-salt", keys.integ + 16, 4);
	}
	if (keys.encr_len)
	{
		aka_args_print_hex("encr-key", keys.encr, keys.encr_len);
	}
	if (ealg == IMSAKA_ESP_EALG_AES_GCM)
	{
		aka_args_print_hex("encr-salt", keys.encr + 16, 4);
	}
	imsaka_esp_keys_wipe(&keys);
	return IMSAKACTL_OK;
}

static int run_esp_keys(int argc, char *argv[])
{
	static const int allowed[] = { OPT_CK, OPT_IK, OPT_ALG, OPT_EALG, -1 };
	static const int need[] = { OPT_CK, OPT_IK, OPT_ALG, -1 };

	return aka_args_run(argc, argv, allowed, need, false, esp_keys);
}

IMSAKACTL_COMMAND(esp_keys_command,
	.name = "esp-keys",
	.args = "--ck HEX --ik HEX --alg NAME [--ealg NAME]",
	.description = "ESP keys from CK and IK (TS 33.203 Annex I)",
	.run = run_esp_keys,
)

static int kdf(aka_args_t *a)
{
	imsaka_kdf_param_t params[MAX_PARAMS];
	uint8_t fc, out[IMSAKA_KDF_LEN];
	size_t key_len, len;
	const char *p;
	int i;

	if (!imsaka_hex_decode_var(a->opt[OPT_KEY], a->key, sizeof(a->key),
							   &key_len) ||
		!key_len)
	{
		imsakactl_error(a->cmd, "--key must be 1 to %zu bytes of hex",
						sizeof(a->key));
		return IMSAKACTL_FAILED;
	}
	if (!aka_args_hex(a, OPT_FC, &fc, 1))
	{
		return IMSAKACTL_FAILED;
	}
	for (i = 0; i < a->param_count; i++)
	{
		/* "text" in double quotes, else hex */
		p = a->params[i];
		len = strlen(p);
		if (len >= 2 && p[0] == '"' && p[len - 1] == '"')
		{
			if (len - 2 > sizeof(a->param_buf[i]))
			{
				imsakactl_error(a->cmd, "--param %d longer than %zu bytes",
								i + 1, sizeof(a->param_buf[i]));
				return IMSAKACTL_FAILED;
			}
			memcpy(a->param_buf[i], p + 1, len - 2);
			len -= 2;
		}
		else if (!imsaka_hex_decode_var(p, a->param_buf[i],
										sizeof(a->param_buf[i]), &len))
		{
			imsakactl_error(a->cmd, "--param %d must be hex or \"text\" of at "
							"most %zu bytes", i + 1, sizeof(a->param_buf[i]));
			return IMSAKACTL_FAILED;
		}
		params[i].ptr = a->param_buf[i];
		params[i].len = len;
	}
	if (!imsaka_kdf(a->key, key_len, fc, params, a->param_count, out))
	{
		imsakactl_error(a->cmd, "KDF failed");
		return IMSAKACTL_FAILED;
	}
	aka_args_print_hex("out", out, sizeof(out));
	OPENSSL_cleanse(out, sizeof(out));
	return IMSAKACTL_OK;
}

static int run_kdf(int argc, char *argv[])
{
	static const int allowed[] = { OPT_KEY, OPT_FC, OPT_PARAM, -1 };
	static const int need[] = { OPT_KEY, OPT_FC, -1 };

	return aka_args_run(argc, argv, allowed, need, false, kdf);
}

IMSAKACTL_COMMAND(kdf_command,
	.name = "kdf",
	.args = "--key HEX --fc HEX [--param HEX|'\"text\"' ...]",
	.description = "TS 33.220 Annex B KDF (HMAC-SHA-256)",
	.run = run_kdf,
)


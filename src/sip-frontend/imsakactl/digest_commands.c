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
 * Offline Digest AKA command of imsakactl: the password RFC 3310 / RFC 4169
 * derive from RES, CK and IK and the Digest response built with it, as a
 * UE sends it. Exit 0 on success, 1 for a bad value, 2 for a wrong command
 * line.
 */

#include "aka_args.h"

#include <digest_aka.h>
#include <hex.h>

#include <string.h>
#include <openssl/crypto.h>

static int digest_aka(aka_args_t *a)
{
	imsaka_digest_params_t p;
	imsaka_digest_aka_version_t version;
	imsaka_digest_aka_error_t err;
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	size_t res_len = 0, pw_len = 0;

	if (!strcmp(a->opt[OPT_VERSION], "1"))
	{
		version = IMSAKA_DIGEST_AKAV1_MD5;
	}
	else if (!strcmp(a->opt[OPT_VERSION], "2"))
	{
		version = IMSAKA_DIGEST_AKAV2_MD5;
	}
	else if (!imsaka_digest_aka_algorithm_from_name(a->opt[OPT_VERSION],
													&version))
	{
		imsakactl_error(a->cmd, "--version must be 1, 2, AKAv1-MD5 or "
						"AKAv2-MD5 (got '%s')", a->opt[OPT_VERSION]);
		return IMSAKACTL_FAILED;
	}
	if (!aka_args_hex(a, OPT_CK, a->ck, 16) ||
		!aka_args_hex(a, OPT_IK, a->ik, 16))
	{
		return IMSAKACTL_FAILED;
	}
	/* no --res: empty password, as after a sync failure (RFC 3310 3.4) */
	if (a->opt[OPT_RES])
	{
		if (!imsaka_hex_decode_var(a->opt[OPT_RES], a->res, sizeof(a->res),
								   &res_len) ||
			(err = imsaka_digest_aka_password(version, a->res, res_len, a->ck,
								a->ik, password, &pw_len)))
		{
			imsakactl_error(a->cmd, "--res must be 4 to 16 bytes of hex");
			return IMSAKACTL_FAILED;
		}
	}
	p = (imsaka_digest_params_t){
		.username = a->opt[OPT_USERNAME],
		.realm = a->opt[OPT_REALM],
		.method = a->opt[OPT_METHOD],
		.uri = a->opt[OPT_URI],
		.nonce = a->opt[OPT_NONCE],
		.qop = a->opt[OPT_QOP],
		.nc = a->opt[OPT_NC] ?: "00000001",
		.cnonce = a->opt[OPT_CNONCE],
	};
	if (p.qop && !p.cnonce)
	{
		imsakactl_error(a->cmd, "--qop needs --cnonce");
		return IMSAKACTL_USAGE;
	}
	err = imsaka_digest_response(&p, password, pw_len, response);
	if (err)
	{
		imsakactl_error(a->cmd, "%s", imsaka_digest_aka_strerror(err));
		OPENSSL_cleanse(password, sizeof(password));
		return IMSAKACTL_FAILED;
	}
	printf("algorithm: %s\n", imsaka_digest_aka_algorithm_name(version));
	if (version == IMSAKA_DIGEST_AKAV1_MD5)
	{
		aka_args_print_hex("password", password, pw_len);
	}
	else
	{
		printf("password: %.*s\n", (int)pw_len, password);
	}
	printf("response: %s\n", response);
	OPENSSL_cleanse(password, sizeof(password));
	return IMSAKACTL_OK;
}

static int run_digest_aka(int argc, char *argv[])
{
	static const int allowed[] = {
		OPT_VERSION, OPT_RES, OPT_CK, OPT_IK, OPT_USERNAME, OPT_REALM,
		OPT_METHOD, OPT_URI, OPT_NONCE, OPT_QOP, OPT_NC, OPT_CNONCE, -1
	};
	static const int need[] = {
		OPT_VERSION, OPT_CK, OPT_IK, OPT_USERNAME, OPT_REALM, OPT_METHOD,
		OPT_URI, OPT_NONCE, -1
	};

	return aka_args_run(argc, argv, allowed, need, false, digest_aka);
}

IMSAKACTL_COMMAND(digest_aka_command,
	.name = "digest-aka",
	.args = "--version 1|2 [--res HEX] --ck HEX --ik HEX --username U "
			"--realm R --method M --uri URI --nonce N [--qop auth --cnonce C "
			"[--nc 00000001]]",
	.description = "Digest AKAv1/v2-MD5 password and response",
	.run = run_digest_aka,
)

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

#include "aka_args.h"

#include <hex.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

/** the options, in the order of aka_opt_t */
static const struct option long_options[] = {
	{ "k", required_argument, NULL, OPT_K },
	{ "op", required_argument, NULL, OPT_OP },
	{ "opc", required_argument, NULL, OPT_OPC },
	{ "rand", required_argument, NULL, OPT_RAND },
	{ "sqn", required_argument, NULL, OPT_SQN },
	{ "amf", required_argument, NULL, OPT_AMF },
	{ "autn", required_argument, NULL, OPT_AUTN },
	{ "sqn-ms", required_argument, NULL, OPT_SQN_MS },
	{ "delta", required_argument, NULL, OPT_DELTA },
	{ "auts", required_argument, NULL, OPT_AUTS },
	{ "ck", required_argument, NULL, OPT_CK },
	{ "ik", required_argument, NULL, OPT_IK },
	{ "alg", required_argument, NULL, OPT_ALG },
	{ "ealg", required_argument, NULL, OPT_EALG },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "fc", required_argument, NULL, OPT_FC },
	{ "param", required_argument, NULL, OPT_PARAM },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "res", required_argument, NULL, OPT_RES },
	{ "username", required_argument, NULL, OPT_USERNAME },
	{ "realm", required_argument, NULL, OPT_REALM },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "uri", required_argument, NULL, OPT_URI },
	{ "nonce", required_argument, NULL, OPT_NONCE },
	{ "qop", required_argument, NULL, OPT_QOP },
	{ "nc", required_argument, NULL, OPT_NC },
	{ "cnonce", required_argument, NULL, OPT_CNONCE },
	{ NULL, 0, NULL, 0 },
};

/**
 * Parse the command line; only the options in allowed (terminated by -1)
 * are accepted. Call aka_args_finish() afterwards in any case.
 *
 * @param a			receives the options
 * @param argc		number of arguments, argv[0] is the command name
 * @param argv		arguments
 * @param allowed	options the command takes, terminated by -1
 * @return			IMSAKACTL_OK or IMSAKACTL_USAGE (printed)
 */
static int aka_args_parse(aka_args_t *a, int argc, char *argv[],
				   const int *allowed)
{
	int c, i;
	bool ok;

	memset(a, 0, sizeof(*a));
	a->cmd = argv[0];
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1)
	{
		for (ok = false, i = 0; c >= 0 && c < OPT_COUNT && allowed[i] >= 0;
			 i++)
		{
			ok = ok || allowed[i] == c;
		}
		if (!ok)
		{
			imsakactl_error(a->cmd, "unknown option or missing value: %s",
							argv[optind - 1]);
			return IMSAKACTL_USAGE;
		}
		if (c == OPT_PARAM)
		{
			if (a->param_count == MAX_PARAMS)
			{
				imsakactl_error(a->cmd, "at most %d --param", MAX_PARAMS);
				return IMSAKACTL_USAGE;
			}
			a->params[a->param_count++] = optarg;
			continue;
		}
		if (a->opt[c])
		{
			imsakactl_error(a->cmd, "--%s given twice", long_options[c].name);
			return IMSAKACTL_USAGE;
		}
		a->opt[c] = optarg;
	}
	if (optind < argc)
	{
		imsakactl_error(a->cmd, "unexpected argument '%s'", argv[optind]);
		return IMSAKACTL_USAGE;
	}
	return IMSAKACTL_OK;
}

/**
 * Check that the listed options were given.
 *
 * @param a			parsed options
 * @param required	options needed, terminated by -1
 * @return			IMSAKACTL_OK or IMSAKACTL_USAGE (printed)
 */
static int aka_args_require(aka_args_t *a, const int *required)
{
	int i;

	for (i = 0; required[i] >= 0; i++)
	{
		if (!a->opt[required[i]])
		{
			imsakactl_error(a->cmd, "missing --%s",
							long_options[required[i]].name);
			return IMSAKACTL_USAGE;
		}
	}
	return IMSAKACTL_OK;
}

/*
 * Described in header
 */
bool aka_args_hex(aka_args_t *a, int opt, uint8_t *out, size_t len)
{
	const char *hex = a->opt[opt];

	if (!imsaka_hex_decode(hex, out, len))
	{
		if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		{
			hex += 2;
		}
		if (strspn(hex, "0123456789abcdefABCDEF") == strlen(hex) &&
			strlen(hex) % 2 == 0)
		{
			imsakactl_error(a->cmd, "--%s must be %zu bytes of hex (got %zu)",
							long_options[opt].name, len, strlen(hex) / 2);
		}
		else
		{	/* the value itself is not echoed: it may be a key */
			imsakactl_error(a->cmd, "--%s must be %zu bytes of hex (got %s)",
							long_options[opt].name, len,
							strspn(hex, "0123456789abcdefABCDEF") ==
								strlen(hex) ? "an odd number of digits"
											: "a non-hex character");
		}
		return false;
	}
	return true;
}

/**
 * Wipe everything secret and pass the exit code through.
 *
 * @param a			parsed options and secrets
 * @param status	exit code of the command
 * @return			status
 */
static int aka_args_finish(aka_args_t *a, int status)
{
	imsaka_milenage_wipe(&a->m);
	OPENSSL_cleanse(a, sizeof(*a));
	return status;
}

/*
 * Described in header
 */
void aka_args_print_hex(const char *name, const uint8_t *data,
						size_t len)
{
	char hex[2 * 256 + 1];

	imsaka_hex_encode(data, len, hex);
	printf("%s: %s\n", name, hex);
	OPENSSL_cleanse(hex, sizeof(hex));
}

/**
 * Set up Milenage from --k and --op or --opc.
 *
 * @param a			parsed options, receives the Milenage state
 * @return			IMSAKACTL_OK, IMSAKACTL_FAILED or IMSAKACTL_USAGE
 *					(printed)
 */
static int aka_args_load_subscriber(aka_args_t *a)
{
	static const int need[] = { OPT_K, -1 };
	int status;

	if ((status = aka_args_require(a, need)) != IMSAKACTL_OK)
	{
		return status;
	}
	if (!a->opt[OPT_OP] == !a->opt[OPT_OPC])
	{
		imsakactl_error(a->cmd, "give exactly one of --op and --opc");
		return IMSAKACTL_USAGE;
	}
	if (!aka_args_hex(a, OPT_K, a->k, IMSAKA_K_LEN))
	{
		return IMSAKACTL_FAILED;
	}
	if (a->opt[OPT_OP])
	{
		if (!aka_args_hex(a, OPT_OP, a->op, IMSAKA_OP_LEN))
		{
			return IMSAKACTL_FAILED;
		}
		imsaka_milenage_opc(a->k, a->op, a->opc);
	}
	else if (!aka_args_hex(a, OPT_OPC, a->opc, IMSAKA_OP_LEN))
	{
		return IMSAKACTL_FAILED;
	}
	imsaka_milenage_init(&a->m, a->k, a->opc);
	return IMSAKACTL_OK;
}

/*
 * Described in header
 */
int aka_args_run(int argc, char *argv[], const int *allowed,
				 const int *required, bool subscriber,
				 int (*body)(aka_args_t *a))
{
	aka_args_t a;
	int status;

	if (!(status = aka_args_parse(&a, argc, argv, allowed)) &&
		!(status = aka_args_require(&a, required)) &&
		!(subscriber && (status = aka_args_load_subscriber(&a))))
	{
		status = body(&a);
	}
	return aka_args_finish(&a, status);
}

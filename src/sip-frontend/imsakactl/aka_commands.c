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
 * Offline AKA commands of imsakactl: compute and check what the network
 * and the UE compute (vectors, AUTN, AUTS, ESP keys, KDF, Digest AKA), for
 * operators and tests. Output is one "name: value" per line, hex lowercase.
 * Exit 0 on success, 1 for a bad value or a failed check, 2 for a wrong
 * command line.
 */

#include "command.h"

#include <aka.h>
#include <base64.h>
#include <digest_aka.h>
#include <hex.h>
#include <kdf.h>
#include <key_expansion.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

/** most --param options of kdf */
#define MAX_PARAMS 16

/** options, their index in the values array */
enum {
	OPT_K, OPT_OP, OPT_OPC, OPT_RAND, OPT_SQN, OPT_AMF, OPT_AUTN, OPT_SQN_MS,
	OPT_DELTA, OPT_AUTS, OPT_CK, OPT_IK, OPT_ALG, OPT_EALG, OPT_KEY, OPT_FC,
	OPT_PARAM, OPT_VERSION, OPT_RES, OPT_USERNAME, OPT_REALM, OPT_METHOD,
	OPT_URI, OPT_NONCE, OPT_QOP, OPT_NC, OPT_CNONCE,
	OPT_COUNT,
};

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
 * Parsed command line and decoded secrets of one command run.
 */
typedef struct {
	/** command name, for messages */
	const char *cmd;
	/** option values as given, NULL if absent */
	const char *opt[OPT_COUNT];
	/** --param values, in order */
	const char *params[MAX_PARAMS];
	/** number of --param */
	int param_count;
	/** decoded secrets, wiped by finish() */
	uint8_t k[16], op[16], opc[16], ck[16], ik[16], res[16];
	uint8_t key[256], param_buf[MAX_PARAMS][256];
	/** Milenage state, wiped by finish() */
	imsaka_milenage_t m;
} args_t;

/**
 * Parse the command line; only the options in allowed (terminated by -1)
 * are accepted.
 */
static int parse(args_t *a, int argc, char *argv[], const int *allowed)
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
 * Check that the listed options (terminated by -1) were given.
 */
static int require(args_t *a, const int *required)
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

/**
 * Decode an option as exactly len bytes of hex.
 */
static bool hex_opt(args_t *a, int opt, uint8_t *out, size_t len)
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
 */
static int finish(args_t *a, int status)
{
	imsaka_milenage_wipe(&a->m);
	OPENSSL_cleanse(a, sizeof(*a));
	return status;
}

static void print_hex(const char *name, const uint8_t *data, size_t len)
{
	char hex[2 * 256 + 1];

	imsaka_hex_encode(data, len, hex);
	printf("%s: %s\n", name, hex);
	OPENSSL_cleanse(hex, sizeof(hex));
}

/**
 * Set up Milenage from --k and --op or --opc.
 */
static int load_subscriber(args_t *a)
{
	static const int need[] = { OPT_K, -1 };
	int status;

	if ((status = require(a, need)) != IMSAKACTL_OK)
	{
		return status;
	}
	if (!a->opt[OPT_OP] == !a->opt[OPT_OPC])
	{
		imsakactl_error(a->cmd, "give exactly one of --op and --opc");
		return IMSAKACTL_USAGE;
	}
	if (!hex_opt(a, OPT_K, a->k, IMSAKA_K_LEN))
	{
		return IMSAKACTL_FAILED;
	}
	if (a->opt[OPT_OP])
	{
		if (!hex_opt(a, OPT_OP, a->op, IMSAKA_OP_LEN))
		{
			return IMSAKACTL_FAILED;
		}
		imsaka_milenage_opc(a->k, a->op, a->opc);
	}
	else if (!hex_opt(a, OPT_OPC, a->opc, IMSAKA_OP_LEN))
	{
		return IMSAKACTL_FAILED;
	}
	imsaka_milenage_init(&a->m, a->k, a->opc);
	return IMSAKACTL_OK;
}

/** options of every command built on a subscriber key */
#define SUBSCRIBER_OPTS OPT_K, OPT_OP, OPT_OPC, OPT_RAND

static int run_aka_vector(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_SQN, OPT_AMF, -1 };
	static const int need[] = { OPT_RAND, OPT_SQN, -1 };
	uint8_t rand[16], sqn[6], amf[2] = { 0x80, 0x00 }, ak[6], mac_a[8];
	imsaka_aka_vector_t v;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)) ||
		(status = load_subscriber(&a)))
	{
		return finish(&a, status);
	}
	if (!hex_opt(&a, OPT_RAND, rand, sizeof(rand)) ||
		!hex_opt(&a, OPT_SQN, sqn, sizeof(sqn)) ||
		(a.opt[OPT_AMF] && !hex_opt(&a, OPT_AMF, amf, sizeof(amf))))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	imsaka_aka_vector(&a.m, rand, sqn, amf, &v);
	imsaka_milenage_f2345(&a.m, rand, NULL, NULL, NULL, ak);
	imsaka_milenage_f1(&a.m, rand, sqn, amf, mac_a, NULL);
	print_hex("rand", v.rand, sizeof(v.rand));
	print_hex("autn", v.autn, sizeof(v.autn));
	print_hex("xres", v.xres, sizeof(v.xres));
	print_hex("ck", v.ck, sizeof(v.ck));
	print_hex("ik", v.ik, sizeof(v.ik));
	print_hex("ak", ak, sizeof(ak));
	print_hex("mac-a", mac_a, sizeof(mac_a));
	print_hex("opc", a.opc, sizeof(a.opc));
	imsaka_aka_vector_wipe(&v);
	OPENSSL_cleanse(ak, sizeof(ak));
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(aka_vector_command,
	.name = "aka-vector",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --sqn HEX [--amf HEX]",
	.description = "build an authentication vector (network side)",
	.run = run_aka_vector,
)

/**
 * Parse --delta: decimal, or "none".
 */
static bool parse_delta(args_t *a, uint64_t *delta)
{
	const char *s = a->opt[OPT_DELTA];
	unsigned long long v;
	char *end;

	if (!s)
	{
		*delta = IMSAKA_SQN_DELTA_DEFAULT;
		return true;
	}
	if (!strcmp(s, "none"))
	{
		*delta = IMSAKA_SQN_DELTA_NONE;
		return true;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v == 0)
	{
		imsakactl_error(a->cmd, "--delta must be a positive decimal number "
						"or none (got '%s')", s);
		return false;
	}
	*delta = v;
	return true;
}

/**
 * Set up the UE's SQN state from --sqn-ms (and --delta).
 */
static bool load_sqn_ms(args_t *a, imsaka_sqn_ms_t *ms)
{
	uint8_t sqn_ms[6];
	uint64_t delta;

	if (!parse_delta(a, &delta) ||
		!hex_opt(a, OPT_SQN_MS, sqn_ms, sizeof(sqn_ms)))
	{
		return false;
	}
	imsaka_sqn_ms_init(ms, IMSAKA_SQN_IND_BITS, delta);
	imsaka_sqn_ms_set(ms, sqn_ms);
	return true;
}

static void print_auts(const uint8_t auts[14])
{
	char b64[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1];

	imsaka_digest_aka_auts_encode(auts, b64);
	print_hex("auts", auts, 14);
	printf("auts-base64: %s\n", b64);
}

static int run_aka_check(int argc, char *argv[])
{
	static const int allowed[] = {
		SUBSCRIBER_OPTS, OPT_AUTN, OPT_SQN_MS, OPT_DELTA, -1
	};
	static const int need[] = { OPT_RAND, OPT_AUTN, -1 };
	uint8_t rand[16], autn[16], sqn[6], auts[14];
	imsaka_sqn_ms_t ms;
	imsaka_aka_status_t result;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)) ||
		(status = load_subscriber(&a)))
	{
		return finish(&a, status);
	}
	if (a.opt[OPT_DELTA] && !a.opt[OPT_SQN_MS])
	{
		imsakactl_error(a.cmd, "--delta needs --sqn-ms");
		return finish(&a, IMSAKACTL_USAGE);
	}
	if (!hex_opt(&a, OPT_RAND, rand, sizeof(rand)) ||
		!hex_opt(&a, OPT_AUTN, autn, sizeof(autn)) ||
		(a.opt[OPT_SQN_MS] && !load_sqn_ms(&a, &ms)))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	result = imsaka_aka_check(&a.m, a.opt[OPT_SQN_MS] ? &ms : NULL, rand,
							  autn, a.res, a.ck, a.ik);
	switch (result)
	{
		case IMSAKA_AKA_OK:
			imsaka_aka_autn_sqn(&a.m, rand, autn, sqn);
			printf("result: ok\n");
			print_hex("sqn", sqn, sizeof(sqn));
			print_hex("amf", autn + 6, 2);
			print_hex("res", a.res, IMSAKA_RES_LEN);
			print_hex("ck", a.ck, IMSAKA_CK_LEN);
			print_hex("ik", a.ik, IMSAKA_IK_LEN);
			return finish(&a, IMSAKACTL_OK);
		case IMSAKA_AKA_SYNC_FAILURE:
			imsaka_aka_autn_sqn(&a.m, rand, autn, sqn);
			printf("result: sync failure\n");
			print_hex("sqn", sqn, sizeof(sqn));
			imsaka_aka_auts(&a.m, &ms, rand, auts);
			print_auts(auts);
			return finish(&a, IMSAKACTL_FAILED);
		case IMSAKA_AKA_MAC_FAILURE:
		default:
			printf("result: MAC failure\n");
			return finish(&a, IMSAKACTL_FAILED);
	}
}

IMSAKACTL_COMMAND(aka_check_command,
	.name = "aka-check",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --autn HEX "
			"[--sqn-ms HEX [--delta N|none]]",
	.description = "verify an AUTN as the UE does",
	.run = run_aka_check,
)

static int run_aka_auts(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_SQN_MS, -1 };
	static const int need[] = { OPT_RAND, OPT_SQN_MS, -1 };
	uint8_t rand[16], auts[14];
	imsaka_sqn_ms_t ms;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)) ||
		(status = load_subscriber(&a)))
	{
		return finish(&a, status);
	}
	if (!hex_opt(&a, OPT_RAND, rand, sizeof(rand)) || !load_sqn_ms(&a, &ms))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	imsaka_aka_auts(&a.m, &ms, rand, auts);
	print_auts(auts);
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(aka_auts_command,
	.name = "aka-auts",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --sqn-ms HEX",
	.description = "build AUTS after a sync failure (UE side)",
	.run = run_aka_auts,
)

static int run_aka_auts_check(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_AUTS, -1 };
	static const int need[] = { OPT_RAND, OPT_AUTS, -1 };
	uint8_t rand[16], auts[14], sqn_ms[6];
	const char *text;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)) ||
		(status = load_subscriber(&a)) ||
		!hex_opt(&a, OPT_RAND, rand, sizeof(rand)))
	{
		return finish(&a, status ?: IMSAKACTL_FAILED);
	}
	/* 28 hex digits, or the 20 characters of the auts parameter */
	text = a.opt[OPT_AUTS];
	if (!imsaka_hex_decode(text, auts, sizeof(auts)) &&
		imsaka_digest_aka_auts_decode(text, strlen(text), auts) !=
														IMSAKA_DIGEST_AKA_OK)
	{
		imsakactl_error(a.cmd, "--auts must be 14 bytes as hex or base64");
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (!imsaka_aka_check_auts(&a.m, rand, auts, sqn_ms))
	{
		printf("result: MAC-S failure\n");
		return finish(&a, IMSAKACTL_FAILED);
	}
	printf("result: ok\n");
	print_hex("sqn-ms", sqn_ms, sizeof(sqn_ms));
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(aka_auts_check_command,
	.name = "aka-auts-check",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --auts HEX|BASE64",
	.description = "verify AUTS and recover SQN_MS (network side)",
	.run = run_aka_auts_check,
)

static int run_esp_keys(int argc, char *argv[])
{
	static const int allowed[] = { OPT_CK, OPT_IK, OPT_ALG, OPT_EALG, -1 };
	static const int need[] = { OPT_CK, OPT_IK, OPT_ALG, -1 };
	imsaka_esp_ealg_t ealg = IMSAKA_ESP_EALG_NULL;
	imsaka_esp_keys_t keys;
	imsaka_esp_alg_t alg;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)))
	{
		return finish(&a, status);
	}
	if (!hex_opt(&a, OPT_CK, a.ck, 16) || !hex_opt(&a, OPT_IK, a.ik, 16))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (!imsaka_esp_alg_from_name(a.opt[OPT_ALG], &alg))
	{
		imsakactl_error(a.cmd, "unknown --alg '%s' (hmac-md5-96, "
						"hmac-sha-1-96, aes-gmac, null)", a.opt[OPT_ALG]);
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (a.opt[OPT_EALG] && !imsaka_esp_ealg_from_name(a.opt[OPT_EALG], &ealg))
	{
		imsakactl_error(a.cmd, "unknown --ealg '%s' (des-ede3-cbc, aes-cbc, "
						"aes-gcm, null)", a.opt[OPT_EALG]);
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (!imsaka_esp_keys(alg, ealg, a.ck, a.ik, &keys))
	{
		imsakactl_error(a.cmd, "alg %s cannot be combined with ealg %s",
						imsaka_esp_alg_name(alg), imsaka_esp_ealg_name(ealg));
		return finish(&a, IMSAKACTL_FAILED);
	}
	printf("alg: %s\n", imsaka_esp_alg_name(alg));
	printf("ealg: %s\n", imsaka_esp_ealg_name(ealg));
	/* keys of null algorithms are omitted; salts are included in the key
	 * (as XFRM and strongSwan take them) and shown apart too */
	if (keys.integ_len)
	{
		print_hex("integ-key", keys.integ, keys.integ_len);
	}
	if (alg == IMSAKA_ESP_ALG_AES_GMAC)
	{
		print_hex("integ-salt", keys.integ + 16, 4);
	}
	if (keys.encr_len)
	{
		print_hex("encr-key", keys.encr, keys.encr_len);
	}
	if (ealg == IMSAKA_ESP_EALG_AES_GCM)
	{
		print_hex("encr-salt", keys.encr + 16, 4);
	}
	imsaka_esp_keys_wipe(&keys);
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(esp_keys_command,
	.name = "esp-keys",
	.args = "--ck HEX --ik HEX --alg NAME [--ealg NAME]",
	.description = "ESP keys from CK and IK (TS 33.203 Annex I)",
	.run = run_esp_keys,
)

static int run_kdf(int argc, char *argv[])
{
	static const int allowed[] = { OPT_KEY, OPT_FC, OPT_PARAM, -1 };
	static const int need[] = { OPT_KEY, OPT_FC, -1 };
	imsaka_kdf_param_t params[MAX_PARAMS];
	uint8_t fc, out[IMSAKA_KDF_LEN];
	size_t key_len, len;
	const char *p;
	args_t a;
	int status, i;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)))
	{
		return finish(&a, status);
	}
	if (!imsaka_hex_decode_var(a.opt[OPT_KEY], a.key, sizeof(a.key), &key_len) ||
		!key_len)
	{
		imsakactl_error(a.cmd, "--key must be 1 to %zu bytes of hex",
						sizeof(a.key));
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (!hex_opt(&a, OPT_FC, &fc, 1))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	for (i = 0; i < a.param_count; i++)
	{
		/* "text" in double quotes, else hex */
		p = a.params[i];
		len = strlen(p);
		if (len >= 2 && p[0] == '"' && p[len - 1] == '"')
		{
			if (len - 2 > sizeof(a.param_buf[i]))
			{
				imsakactl_error(a.cmd, "--param %d longer than %zu bytes",
								i + 1, sizeof(a.param_buf[i]));
				return finish(&a, IMSAKACTL_FAILED);
			}
			memcpy(a.param_buf[i], p + 1, len - 2);
			len -= 2;
		}
		else if (!imsaka_hex_decode_var(p, a.param_buf[i],
										sizeof(a.param_buf[i]), &len))
		{
			imsakactl_error(a.cmd, "--param %d must be hex or \"text\" of at "
							"most %zu bytes", i + 1, sizeof(a.param_buf[i]));
			return finish(&a, IMSAKACTL_FAILED);
		}
		params[i].ptr = a.param_buf[i];
		params[i].len = len;
	}
	if (!imsaka_kdf(a.key, key_len, fc, params, a.param_count, out))
	{
		imsakactl_error(a.cmd, "KDF failed");
		return finish(&a, IMSAKACTL_FAILED);
	}
	print_hex("out", out, sizeof(out));
	OPENSSL_cleanse(out, sizeof(out));
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(kdf_command,
	.name = "kdf",
	.args = "--key HEX --fc HEX [--param HEX|'\"text\"' ...]",
	.description = "TS 33.220 Annex B KDF (HMAC-SHA-256)",
	.run = run_kdf,
)

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
	imsaka_digest_params_t p;
	imsaka_digest_aka_version_t version;
	imsaka_digest_aka_error_t err;
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	size_t res_len = 0, pw_len = 0;
	args_t a;
	int status;

	if ((status = parse(&a, argc, argv, allowed)) ||
		(status = require(&a, need)))
	{
		return finish(&a, status);
	}
	if (!strcmp(a.opt[OPT_VERSION], "1"))
	{
		version = IMSAKA_DIGEST_AKAV1_MD5;
	}
	else if (!strcmp(a.opt[OPT_VERSION], "2"))
	{
		version = IMSAKA_DIGEST_AKAV2_MD5;
	}
	else if (!imsaka_digest_aka_algorithm_from_name(a.opt[OPT_VERSION],
													&version))
	{
		imsakactl_error(a.cmd, "--version must be 1, 2, AKAv1-MD5 or "
						"AKAv2-MD5 (got '%s')", a.opt[OPT_VERSION]);
		return finish(&a, IMSAKACTL_FAILED);
	}
	if (!hex_opt(&a, OPT_CK, a.ck, 16) || !hex_opt(&a, OPT_IK, a.ik, 16))
	{
		return finish(&a, IMSAKACTL_FAILED);
	}
	/* no --res: empty password, as after a sync failure (RFC 3310 3.4) */
	if (a.opt[OPT_RES])
	{
		if (!imsaka_hex_decode_var(a.opt[OPT_RES], a.res, sizeof(a.res),
								   &res_len) ||
			(err = imsaka_digest_aka_password(version, a.res, res_len, a.ck,
								a.ik, password, &pw_len)))
		{
			imsakactl_error(a.cmd, "--res must be 4 to 16 bytes of hex");
			return finish(&a, IMSAKACTL_FAILED);
		}
	}
	p = (imsaka_digest_params_t){
		.username = a.opt[OPT_USERNAME],
		.realm = a.opt[OPT_REALM],
		.method = a.opt[OPT_METHOD],
		.uri = a.opt[OPT_URI],
		.nonce = a.opt[OPT_NONCE],
		.qop = a.opt[OPT_QOP],
		.nc = a.opt[OPT_NC] ?: "00000001",
		.cnonce = a.opt[OPT_CNONCE],
	};
	if (p.qop && !p.cnonce)
	{
		imsakactl_error(a.cmd, "--qop needs --cnonce");
		return finish(&a, IMSAKACTL_USAGE);
	}
	err = imsaka_digest_response(&p, password, pw_len, response);
	if (err)
	{
		imsakactl_error(a.cmd, "%s", imsaka_digest_aka_strerror(err));
		OPENSSL_cleanse(password, sizeof(password));
		return finish(&a, IMSAKACTL_FAILED);
	}
	printf("algorithm: %s\n", imsaka_digest_aka_algorithm_name(version));
	if (version == IMSAKA_DIGEST_AKAV1_MD5)
	{
		print_hex("password", password, pw_len);
	}
	else
	{
		printf("password: %.*s\n", (int)pw_len, password);
	}
	printf("response: %s\n", response);
	OPENSSL_cleanse(password, sizeof(password));
	return finish(&a, IMSAKACTL_OK);
}

IMSAKACTL_COMMAND(digest_aka_command,
	.name = "digest-aka",
	.args = "--version 1|2 [--res HEX] --ck HEX --ik HEX --username U "
			"--realm R --method M --uri URI --nonce N [--qop auth --cnonce C "
			"[--nc 00000001]]",
	.description = "Digest AKAv1/v2-MD5 password and response",
	.run = run_digest_aka,
)

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
 * Offline AKA commands of imsakactl: build and check what the network and
 * the UE compute in an authentication (vector, AUTN, AUTS), for operators
 * and tests. Exit 0 on success, 1 for a bad value or a failed check, 2 for
 * a wrong command line.
 */

#include "aka_args.h"

#include <aka.h>
#include <digest_aka.h>
#include <hex.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

static int aka_vector(aka_args_t *a)
{
	uint8_t rand[16], sqn[6], amf[2] = { 0x80, 0x00 }, ak[6], mac_a[8];
	imsaka_aka_vector_t v;

	if (!aka_args_hex(a, OPT_RAND, rand, sizeof(rand)) ||
		!aka_args_hex(a, OPT_SQN, sqn, sizeof(sqn)) ||
		(a->opt[OPT_AMF] && !aka_args_hex(a, OPT_AMF, amf, sizeof(amf))))
	{
		return IMSAKACTL_FAILED;
	}
	imsaka_aka_vector(&a->m, rand, sqn, amf, &v);
	imsaka_milenage_f2345(&a->m, rand, NULL, NULL, NULL, ak);
	imsaka_milenage_f1(&a->m, rand, sqn, amf, mac_a, NULL);
	aka_args_print_hex("rand", v.rand, sizeof(v.rand));
	aka_args_print_hex("autn", v.autn, sizeof(v.autn));
	aka_args_print_hex("xres", v.xres, sizeof(v.xres));
	aka_args_print_hex("ck", v.ck, sizeof(v.ck));
	aka_args_print_hex("ik", v.ik, sizeof(v.ik));
	aka_args_print_hex("ak", ak, sizeof(ak));
	aka_args_print_hex("mac-a", mac_a, sizeof(mac_a));
	aka_args_print_hex("opc", a->opc, sizeof(a->opc));
	imsaka_aka_vector_wipe(&v);
	OPENSSL_cleanse(ak, sizeof(ak));
	return IMSAKACTL_OK;
}

static int run_aka_vector(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_SQN, OPT_AMF, -1 };
	static const int need[] = { OPT_RAND, OPT_SQN, -1 };

	return aka_args_run(argc, argv, allowed, need, true, aka_vector);
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
static bool parse_delta(aka_args_t *a, uint64_t *delta)
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
static bool load_sqn_ms(aka_args_t *a, imsaka_sqn_ms_t *ms)
{
	uint8_t sqn_ms[6];
	uint64_t delta;

	if (!parse_delta(a, &delta) ||
		!aka_args_hex(a, OPT_SQN_MS, sqn_ms, sizeof(sqn_ms)))
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
	aka_args_print_hex("auts", auts, 14);
	printf("auts-base64: %s\n", b64);
}

static int aka_check(aka_args_t *a)
{
	uint8_t rand[16], autn[16], sqn[6], auts[14];
	imsaka_sqn_ms_t ms;
	imsaka_aka_status_t result;

	if (a->opt[OPT_DELTA] && !a->opt[OPT_SQN_MS])
	{
		imsakactl_error(a->cmd, "--delta needs --sqn-ms");
		return IMSAKACTL_USAGE;
	}
	if (!aka_args_hex(a, OPT_RAND, rand, sizeof(rand)) ||
		!aka_args_hex(a, OPT_AUTN, autn, sizeof(autn)) ||
		(a->opt[OPT_SQN_MS] && !load_sqn_ms(a, &ms)))
	{
		return IMSAKACTL_FAILED;
	}
	result = imsaka_aka_check(&a->m, a->opt[OPT_SQN_MS] ? &ms : NULL, rand,
							  autn, a->res, a->ck, a->ik);
	switch (result)
	{
		case IMSAKA_AKA_OK:
			imsaka_aka_autn_sqn(&a->m, rand, autn, sqn);
			printf("result: ok\n");
			aka_args_print_hex("sqn", sqn, sizeof(sqn));
			aka_args_print_hex("amf", autn + 6, 2);
			aka_args_print_hex("res", a->res, IMSAKA_RES_LEN);
			aka_args_print_hex("ck", a->ck, IMSAKA_CK_LEN);
			aka_args_print_hex("ik", a->ik, IMSAKA_IK_LEN);
			return IMSAKACTL_OK;
		case IMSAKA_AKA_SYNC_FAILURE:
			imsaka_aka_autn_sqn(&a->m, rand, autn, sqn);
			printf("result: sync failure\n");
			aka_args_print_hex("sqn", sqn, sizeof(sqn));
			imsaka_aka_auts(&a->m, &ms, rand, auts);
			print_auts(auts);
			return IMSAKACTL_FAILED;
		case IMSAKA_AKA_MAC_FAILURE:
		default:
			printf("result: MAC failure\n");
			return IMSAKACTL_FAILED;
	}
}

static int run_aka_check(int argc, char *argv[])
{
	static const int allowed[] = {
		SUBSCRIBER_OPTS, OPT_AUTN, OPT_SQN_MS, OPT_DELTA, -1
	};
	static const int need[] = { OPT_RAND, OPT_AUTN, -1 };

	return aka_args_run(argc, argv, allowed, need, true, aka_check);
}

IMSAKACTL_COMMAND(aka_check_command,
	.name = "aka-check",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --autn HEX "
			"[--sqn-ms HEX [--delta N|none]]",
	.description = "verify an AUTN as the UE does",
	.run = run_aka_check,
)

static int aka_auts(aka_args_t *a)
{
	uint8_t rand[16], auts[14];
	imsaka_sqn_ms_t ms;

	if (!aka_args_hex(a, OPT_RAND, rand, sizeof(rand)) ||
		!load_sqn_ms(a, &ms))
	{
		return IMSAKACTL_FAILED;
	}
	imsaka_aka_auts(&a->m, &ms, rand, auts);
	print_auts(auts);
	return IMSAKACTL_OK;
}

static int run_aka_auts(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_SQN_MS, -1 };
	static const int need[] = { OPT_RAND, OPT_SQN_MS, -1 };

	return aka_args_run(argc, argv, allowed, need, true, aka_auts);
}

IMSAKACTL_COMMAND(aka_auts_command,
	.name = "aka-auts",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --sqn-ms HEX",
	.description = "build AUTS after a sync failure (UE side)",
	.run = run_aka_auts,
)

static int aka_auts_check(aka_args_t *a)
{
	uint8_t rand[16], auts[14], sqn_ms[6];
	const char *text;

	if (!aka_args_hex(a, OPT_RAND, rand, sizeof(rand)))
	{
		return IMSAKACTL_FAILED;
	}
	/* 28 hex digits, or the 20 characters of the auts parameter */
	text = a->opt[OPT_AUTS];
	if (!imsaka_hex_decode(text, auts, sizeof(auts)) &&
		imsaka_digest_aka_auts_decode(text, strlen(text), auts) !=
														IMSAKA_DIGEST_AKA_OK)
	{
		imsakactl_error(a->cmd, "--auts must be 14 bytes as hex or base64");
		return IMSAKACTL_FAILED;
	}
	if (!imsaka_aka_check_auts(&a->m, rand, auts, sqn_ms))
	{
		printf("result: MAC-S failure\n");
		return IMSAKACTL_FAILED;
	}
	printf("result: ok\n");
	aka_args_print_hex("sqn-ms", sqn_ms, sizeof(sqn_ms));
	return IMSAKACTL_OK;
}

static int run_aka_auts_check(int argc, char *argv[])
{
	static const int allowed[] = { SUBSCRIBER_OPTS, OPT_AUTS, -1 };
	static const int need[] = { OPT_RAND, OPT_AUTS, -1 };

	return aka_args_run(argc, argv, allowed, need, true, aka_auts_check);
}

IMSAKACTL_COMMAND(aka_auts_check_command,
	.name = "aka-auts-check",
	.args = "--k HEX (--op HEX | --opc HEX) --rand HEX --auts HEX|BASE64",
	.description = "verify AUTS and recover SQN_MS (network side)",
	.run = run_aka_auts_check,
)


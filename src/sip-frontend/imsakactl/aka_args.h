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

/**
 * @defgroup imsakactl_aka_args aka_args
 * @{ @ingroup imsakactl
 * Command line of the offline AKA commands (aka_commands, key_commands,
 * digest_commands): one option table shared by all, each command naming the
 * options it takes; decoded secrets live in one struct that is wiped before
 * the command returns. Output is one "name: value" per line, hex lowercase.
 */

#ifndef IMSAKACTL_AKA_ARGS_H_
#define IMSAKACTL_AKA_ARGS_H_

#include "command.h"

#include <milenage.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** most --param options of kdf */
#define MAX_PARAMS 16

/**
 * Options, their index in aka_args_t.opt.
 */
typedef enum {
	OPT_K, OPT_OP, OPT_OPC, OPT_RAND, OPT_SQN, OPT_AMF, OPT_AUTN, OPT_SQN_MS,
	OPT_DELTA, OPT_AUTS, OPT_CK, OPT_IK, OPT_ALG, OPT_EALG, OPT_KEY, OPT_FC,
	OPT_PARAM, OPT_VERSION, OPT_RES, OPT_USERNAME, OPT_REALM, OPT_METHOD,
	OPT_URI, OPT_NONCE, OPT_QOP, OPT_NC, OPT_CNONCE,
	OPT_COUNT,
} aka_opt_t;

/** options of every command built on a subscriber key */
#define SUBSCRIBER_OPTS OPT_K, OPT_OP, OPT_OPC, OPT_RAND

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
	/** decoded secrets, wiped when aka_args_run() returns */
	uint8_t k[16], op[16], opc[16], ck[16], ik[16], res[16];
	uint8_t key[256], param_buf[MAX_PARAMS][256];
	/** Milenage state, wiped when aka_args_run() returns */
	imsaka_milenage_t m;
} aka_args_t;

/**
 * Decode an option as exactly len bytes of hex; a bad value is not echoed
 * (it may be a key).
 *
 * @param a			parsed options
 * @param opt		option
 * @param out		receives the bytes
 * @param len		bytes expected
 * @return			FALSE if not len bytes of hex (printed)
 */
bool aka_args_hex(aka_args_t *a, int opt, uint8_t *out, size_t len);

/**
 * Run a command: parse its command line, check what it needs, set up
 * Milenage if it is built on a subscriber key, run its body and wipe
 * everything secret afterwards.
 *
 * @param argc		number of arguments, argv[0] is the command name
 * @param argv		arguments
 * @param allowed	options the command takes, terminated by -1
 * @param required	options it needs, terminated by -1
 * @param subscriber	whether to load --k and --op/--opc first
 * @param body		the command on the parsed options, returns
 *					IMSAKACTL_OK, IMSAKACTL_FAILED or IMSAKACTL_USAGE
 * @return			exit code of the command
 */
int aka_args_run(int argc, char *argv[], const int *allowed,
				 const int *required, bool subscriber,
				 int (*body)(aka_args_t *a));

/**
 * Print "name: hex" and wipe the hex text.
 *
 * @param name		name of the value
 * @param data		bytes, 256 at most
 * @param len		length of data
 */
void aka_args_print_hex(const char *name, const uint8_t *data,
						size_t len);

#endif /** IMSAKACTL_AKA_ARGS_H_ @}*/

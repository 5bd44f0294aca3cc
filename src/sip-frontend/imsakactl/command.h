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
 * @defgroup imsakactl_command command
 * @{ @ingroup imsakactl
 */

#ifndef IMSAKACTL_COMMAND_H_
#define IMSAKACTL_COMMAND_H_

#include <stdio.h>

/** command succeeded */
#define IMSAKACTL_OK		0
/** command ran and failed (bad input value, check failed, peer error) */
#define IMSAKACTL_FAILED	1
/** command line itself was wrong (unknown option, missing argument) */
#define IMSAKACTL_USAGE		2

typedef struct imsakactl_command_t imsakactl_command_t;

/**
 * One imsakactl sub-command, registered from its own file.
 */
struct imsakactl_command_t {

	/** name on the command line, e.g. "aka-vector" */
	const char *name;

	/** synopsis of the arguments, e.g. "--k HEX --opc HEX ..." */
	const char *args;

	/** one line of description */
	const char *description;

	/**
	 * Run the command.
	 *
	 * @param argc		number of arguments, argv[0] is the command name
	 * @param argv		arguments, getopt_long() ready
	 * @return			IMSAKACTL_OK, IMSAKACTL_FAILED or IMSAKACTL_USAGE
	 */
	int (*run)(int argc, char *argv[]);
};

/**
 * Register a command; call from a constructor function of the command's
 * file, see IMSAKACTL_COMMAND.
 *
 * @param command	command, statically allocated
 */
void imsakactl_command_register(const imsakactl_command_t *command);

/**
 * Print an error for the command to stderr, prefixed "imsakactl NAME: ".
 *
 * @param command	command name
 * @param fmt		printf() format
 */
void imsakactl_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * Define and register a command in one statement at file scope.
 */
#define IMSAKACTL_COMMAND(ident, ...) \
	static const imsakactl_command_t ident = { __VA_ARGS__ }; \
	static void __attribute__((constructor)) ident##_register(void) \
	{ \
		imsakactl_command_register(&ident); \
	}

#endif /** IMSAKACTL_COMMAND_H_ @}*/

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
 * imsakactl: the operator's tool. Each sub-command lives in its own file
 * and registers itself with IMSAKACTL_COMMAND.
 */

#include "command.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/** room for the registered commands */
#define MAX_COMMANDS 64

static const imsakactl_command_t *commands[MAX_COMMANDS];
static int command_count;

/*
 * Described in header
 */
void imsakactl_command_register(const imsakactl_command_t *command)
{
	if (command_count == MAX_COMMANDS)
	{
		fprintf(stderr, "imsakactl: too many commands, %s dropped\n",
				command->name);
		return;
	}
	commands[command_count++] = command;
}

/*
 * Described in header
 */
void imsakactl_error(const char *command, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "imsakactl %s: ", command);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
}

static int compare_commands(const void *a, const void *b)
{
	const imsakactl_command_t *const *ca = a, *const *cb = b;

	return strcmp((*ca)->name, (*cb)->name);
}

static void usage(FILE *out)
{
	int i;

	fprintf(out, "imsakactl %s, IMS access security control\n\n"
			"usage: imsakactl COMMAND [OPTIONS]\n\n", IMSAKA_VERSION);
	for (i = 0; i < command_count; i++)
	{
		fprintf(out, "  %-16s %s\n", commands[i]->name,
				commands[i]->description);
		if (commands[i]->args && *commands[i]->args)
		{
			fprintf(out, "  %-16s   %s\n", "", commands[i]->args);
		}
	}
	fprintf(out, "\nAll keys and binary values are hex, without 0x.\n");
}

int main(int argc, char *argv[])
{
	int i;

	qsort(commands, command_count, sizeof(commands[0]), compare_commands);
	if (argc < 2)
	{
		usage(stderr);
		return IMSAKACTL_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
		!strcmp(argv[1], "-h"))
	{
		usage(stdout);
		return IMSAKACTL_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version"))
	{
		printf("imsakactl %s\n", IMSAKA_VERSION);
		return IMSAKACTL_OK;
	}
	for (i = 0; i < command_count; i++)
	{
		if (!strcmp(argv[1], commands[i]->name))
		{
			return commands[i]->run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "imsakactl: unknown command '%s' (see imsakactl help)\n",
			argv[1]);
	return IMSAKACTL_USAGE;
}

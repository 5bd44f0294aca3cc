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
 * Commands of imsakactl that talk to the imsaka plugin in charon over its
 * control socket: list (pretty-printed) and call (any raw request).
 */

#include "command.h"
#include "control_client.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** most key=value pairs on a listed line */
#define KV_MAX 40

static const struct option control_options[] = {
	{ "socket", required_argument, NULL, 's' },
	{ "ctx", required_argument, NULL, 'c' },
	{ "raw", no_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

/**
 * Options of the control commands
 */
typedef struct {
	const char *socket;
	const char *ctx;
	bool raw;
} control_args_t;

static int parse_args(const char *cmd, int argc, char *argv[],
					  control_args_t *args, bool list)
{
	char *end;
	int c;

	*args = (control_args_t){ .socket = CONTROL_SOCKET_DEFAULT };
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", control_options, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				args->socket = optarg;
				break;
			case 'c':
				if (!list)
				{
					goto usage;
				}
				strtoul(optarg, &end, 10);
				if (*optarg < '0' || *optarg > '9' || *end)
				{
					imsakactl_error(cmd, "--ctx %s is not a number", optarg);
					return IMSAKACTL_USAGE;
				}
				args->ctx = optarg;
				break;
			case 'r':
				if (!list)
				{
					goto usage;
				}
				args->raw = true;
				break;
			default:
				goto usage;
		}
	}
	return IMSAKACTL_OK;

usage:
	imsakactl_error(cmd, "unknown option or missing value: %s",
					argv[optind - 1]);
	return IMSAKACTL_USAGE;
}

static int connect_or_fail(const char *cmd, const char *path)
{
	int fd;

	fd = control_connect(path);
	if (fd < 0)
	{
		imsakactl_error(cmd, "connecting to %s failed: %s (is charon running "
						"with the imsaka plugin? --socket PATH)", path,
						strerror(errno));
	}
	return fd;
}

static bool print_raw(void *data, const char *line)
{
	printf("%s\n", line);
	return true;
}

/**
 * A line of list split into its type word and key=value pairs
 */
typedef struct {
	char buf[CONTROL_REPLY_LINE_MAX + 1];
	const char *type;
	const char *key[KV_MAX];
	const char *value[KV_MAX];
	int count;
} kv_line_t;

static void kv_split(kv_line_t *kv, const char *line)
{
	char *pos, *eq, *save = NULL;

	snprintf(kv->buf, sizeof(kv->buf), "%s", line);
	kv->count = 0;
	kv->type = strtok_r(kv->buf, " ", &save);
	while (kv->count < KV_MAX && (pos = strtok_r(NULL, " ", &save)))
	{
		eq = strchr(pos, '=');
		if (!eq)
		{
			continue;
		}
		*eq = '\0';
		kv->key[kv->count] = pos;
		kv->value[kv->count] = eq + 1;
		kv->count++;
	}
}

static const char *kv(kv_line_t *line, const char *key)
{
	int i;

	for (i = 0; i < line->count; i++)
	{
		if (!strcmp(line->key[i], key))
		{
			return line->value[i];
		}
	}
	return "?";
}

/**
 * Pretty-print one line of list
 */
static bool print_pretty(void *data, const char *line)
{
	kv_line_t *l;
	int *contexts = data;

	l = malloc(sizeof(*l));
	kv_split(l, line);
	if (!l->type)
	{
		free(l);
		return true;
	}
	if (!strcmp(l->type, "ctx"))
	{
		(*contexts)++;
		printf("ctx %s: %s %s, %s, keys %s, age %ss, keep-alive %s, "
			   "hold %s\n", kv(l, "id"), kv(l, "role"), kv(l, "impi"),
			   kv(l, "state"), kv(l, "keys"), kv(l, "age"), kv(l, "keepalive"),
			   kv(l, "hold"));
	}
	else if (!strcmp(l->type, "set"))
	{
		printf("  %s: %s, %s/%s, %ss left%s\n"
			   "    local  %s[c %s, s %s] spi-c %s spi-s %s, outer %s\n"
			   "    remote %s[c %s, s %s] spi-c %s spi-s %s, outer %s\n",
			   kv(l, "which"), kv(l, "mod"), kv(l, "alg"), kv(l, "ealg"),
			   kv(l, "lifetime"),
			   strcmp(kv(l, "installed"), "yes") ? ", NOT INSTALLED" : "",
			   kv(l, "local"), kv(l, "port-c"), kv(l, "port-s"),
			   kv(l, "spi-c"), kv(l, "spi-s"), kv(l, "local-outer"),
			   kv(l, "remote"), kv(l, "rport-c"), kv(l, "rport-s"),
			   kv(l, "rspi-c"), kv(l, "rspi-s"), kv(l, "remote-outer"));
	}
	else if (!strcmp(l->type, "sa"))
	{
		printf("    %-3s spi %-10s port %s %s %s: %s bytes, %s packets\n",
			   kv(l, "dir"), kv(l, "spi"), kv(l, "lport"),
			   strcmp(kv(l, "dir"), "in") ? "->" : "<-", kv(l, "rport"),
			   kv(l, "bytes"), kv(l, "packets"));
	}
	else if (!strcmp(l->type, "END"))
	{
		if (!*contexts)
		{
			printf("no registration contexts\n");
		}
	}
	else
	{
		/* ERR and whatever a newer plugin sends */
		printf("%s\n", line);
	}
	free(l);
	return true;
}

static int run_list(int argc, char *argv[])
{
	control_args_t args;
	sip_error_t err = {};
	char request[64];
	int fd, ret, contexts = 0;
	bool is_err, ok;

	ret = parse_args(argv[0], argc, argv, &args, true);
	if (ret != IMSAKACTL_OK)
	{
		return ret;
	}
	if (optind != argc)
	{
		imsakactl_error(argv[0], "unexpected argument %s", argv[optind]);
		return IMSAKACTL_USAGE;
	}
	snprintf(request, sizeof(request), "list%s%s", args.ctx ? " ctx=" : "",
			 args.ctx ?: "");
	fd = connect_or_fail(argv[0], args.socket);
	if (fd < 0)
	{
		return IMSAKACTL_FAILED;
	}
	ok = control_request(fd, request, args.raw ? print_raw : print_pretty,
						 &contexts, &is_err, &err);
	close(fd);
	if (!ok)
	{
		imsakactl_error(argv[0], "%s", err.reason);
		return IMSAKACTL_FAILED;
	}
	return is_err ? IMSAKACTL_FAILED : IMSAKACTL_OK;
}

static int run_call(int argc, char *argv[])
{
	control_args_t args;
	sip_error_t err = {};
	char request[CONTROL_LINE_MAX + 2];
	size_t len = 0, n;
	int fd, ret, i;
	bool is_err, ok;

	ret = parse_args(argv[0], argc, argv, &args, false);
	if (ret != IMSAKACTL_OK)
	{
		return ret;
	}
	if (optind == argc)
	{
		imsakactl_error(argv[0], "missing request, e.g. "
						"imsakactl call -- hello version=1");
		return IMSAKACTL_USAGE;
	}
	request[0] = '\0';
	for (i = optind; i < argc; i++)
	{
		n = strlen(argv[i]);
		if (len + n + 1 > CONTROL_LINE_MAX)
		{
			imsakactl_error(argv[0], "request longer than %d bytes",
							CONTROL_LINE_MAX);
			return IMSAKACTL_USAGE;
		}
		if (len)
		{
			request[len++] = ' ';
		}
		memcpy(request + len, argv[i], n + 1);
		len += n;
	}
	fd = connect_or_fail(argv[0], args.socket);
	if (fd < 0)
	{
		return IMSAKACTL_FAILED;
	}
	ok = control_request(fd, request, print_raw, NULL, &is_err, &err);
	close(fd);
	if (!ok)
	{
		imsakactl_error(argv[0], "%s", err.reason);
		return IMSAKACTL_FAILED;
	}
	return is_err ? IMSAKACTL_FAILED : IMSAKACTL_OK;
}

IMSAKACTL_COMMAND(control_list_cmd,
	.name = "list",
	.args = "[--socket PATH] [--ctx N] [--raw]",
	.description = "list registration contexts and SA sets of charon",
	.run = run_list,
)

IMSAKACTL_COMMAND(control_call_cmd,
	.name = "call",
	.args = "[--socket PATH] -- REQUEST (e.g. hello version=1)",
	.description = "send one control request to charon, print the reply",
	.run = run_call,
)

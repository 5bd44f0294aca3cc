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
 * imsakactl stats: the counters of a daemon that answers "stats" with one
 * line "OK key=value ..." (the plugin's control socket, imsaka-pcscf's
 * status socket; docs/CONTROL.md), as aligned "key value" lines or one
 * JSON object. The reply is not trusted: the control client bounds the
 * line, every key must be [a-z0-9-]+ and appear once, every value a
 * decimal number that fits 64 bits; anything else names the bad token and
 * fails.
 */

#include "command.h"
#include "control_client.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** most keys a reply may carry */
#define STATS_KEYS_MAX 256

/** longest key accepted */
#define STATS_KEY_MAX 64

/** most characters of a reply quoted in an error */
#define QUOTE_MAX 200

/**
 * The reply, parsed: keys in the daemon's order
 */
typedef struct {
	/** the reply line as read */
	char line[CONTROL_REPLY_LINE_MAX + 1];
	/** whether a line arrived */
	bool got;
	/** keys, pointing into line */
	const char *key[STATS_KEYS_MAX];
	/** values */
	uint64_t value[STATS_KEYS_MAX];
	/** number of keys */
	int count;
} stats_reply_t;

static const struct option stats_options[] = {
	{ "socket", required_argument, NULL, 's' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

/**
 * control_line_cb_t: keep the reply line; a line before it that is no
 * reply ends the reading
 */
static bool keep_reply(void *data, const char *line)
{
	stats_reply_t *reply = data;

	snprintf(reply->line, sizeof(reply->line), "%s", line);
	reply->got = true;
	return !strncmp(line, "OK", 2) || !strncmp(line, "ERR", 3);
}

/**
 * Strict unsigned decimal of 64 bits: digits only, no sign, no white space
 * (what strtoull() with its *end, errno and sign checks accepts, without
 * its signs and spaces)
 */
static bool parse_u64(const char *text, uint64_t *out)
{
	uint64_t value = 0;
	const char *pos;

	if (!*text)
	{
		return false;
	}
	for (pos = text; *pos; pos++)
	{
		if (*pos < '0' || *pos > '9' ||
			value > (UINT64_MAX - (*pos - '0')) / 10)
		{
			return false;
		}
		value = value * 10 + (*pos - '0');
	}
	*out = value;
	return true;
}

/**
 * Whether a key is [a-z0-9-]+ of at most STATS_KEY_MAX characters
 */
static bool key_valid(const char *key, size_t len)
{
	return len && len <= STATS_KEY_MAX &&
		   strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/**
 * Copy text of the reply for a message: at most QUOTE_MAX characters, "..."
 * if cut, unprintable ones (terminal controls) replaced by '?'
 */
static const char *quote(const char *text, char buf[QUOTE_MAX + 4])
{
	size_t i;

	for (i = 0; i < QUOTE_MAX && text[i]; i++)
	{
		buf[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	}
	strcpy(buf + i, text[i] ? "..." : "");
	return buf;
}

/**
 * Report a bad token of the reply
 */
static void bad_token(const char *cmd, const char *why, const char *token)
{
	char buf[QUOTE_MAX + 4];

	imsakactl_error(cmd, "malformed reply: %s '%s'", why, quote(token, buf));
}

/**
 * Split "OK key=value ..." into its keys and values
 */
static bool parse_reply(const char *cmd, stats_reply_t *reply)
{
	char *token, *eq, *save = NULL;
	int i;

	if (strncmp(reply->line, "OK", 2) ||
		(reply->line[2] && reply->line[2] != ' '))
	{
		bad_token(cmd, "not an OK reply", reply->line);
		return false;
	}
	for (token = strtok_r(reply->line + 2, " ", &save); token;
		 token = strtok_r(NULL, " ", &save))
	{
		eq = strchr(token, '=');
		if (!eq || !key_valid(token, eq - token))
		{
			bad_token(cmd, "bad key in", token);
			return false;
		}
		if (reply->count == STATS_KEYS_MAX)
		{
			bad_token(cmd, "more than 256 keys at", token);
			return false;
		}
		*eq = '\0';
		for (i = 0; i < reply->count; i++)
		{
			if (!strcmp(reply->key[i], token))
			{
				bad_token(cmd, "key given twice:", token);
				return false;
			}
		}
		if (!parse_u64(eq + 1, &reply->value[reply->count]))
		{
			*eq = '=';
			bad_token(cmd, "value is not a decimal number in", token);
			return false;
		}
		reply->key[reply->count++] = token;
	}
	if (!reply->count)
	{
		imsakactl_error(cmd, "malformed reply: no counters");
		return false;
	}
	return true;
}

/**
 * Print "key value" lines, values in one column
 */
static void print_pretty(stats_reply_t *reply)
{
	int i, width = 0;

	for (i = 0; i < reply->count; i++)
	{
		if ((int)strlen(reply->key[i]) > width)
		{
			width = strlen(reply->key[i]);
		}
	}
	for (i = 0; i < reply->count; i++)
	{
		printf("%-*s %llu\n", width, reply->key[i],
			   (unsigned long long)reply->value[i]);
	}
}

/**
 * Print one flat JSON object; keys need no escaping ([a-z0-9-]+)
 */
static void print_json(stats_reply_t *reply)
{
	int i;

	printf("{");
	for (i = 0; i < reply->count; i++)
	{
		printf("%s\"%s\": %llu", i ? ", " : "", reply->key[i],
			   (unsigned long long)reply->value[i]);
	}
	printf("}\n");
}

static int run_stats(int argc, char *argv[])
{
	const char *path = CONTROL_SOCKET_DEFAULT;
	char buf[QUOTE_MAX + 4];
	stats_reply_t *reply;
	sip_error_t err = {};
	bool json = false, is_err, ok;
	int c, fd, ret = IMSAKACTL_FAILED;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", stats_options, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				path = optarg;
				break;
			case 'j':
				json = true;
				break;
			default:
				imsakactl_error(argv[0], "unknown option or missing value: "
								"%s", argv[optind - 1]);
				return IMSAKACTL_USAGE;
		}
	}
	if (optind != argc)
	{
		imsakactl_error(argv[0], "unexpected argument %s", argv[optind]);
		return IMSAKACTL_USAGE;
	}
	fd = control_connect(path);
	if (fd < 0)
	{
		imsakactl_error(argv[0], "connecting to %s failed: %s (--socket "
						"PATH)", path, strerror(errno));
		return IMSAKACTL_FAILED;
	}
	reply = calloc(1, sizeof(*reply));
	ok = control_request(fd, "stats", keep_reply, reply, &is_err, &err);
	close(fd);
	if (reply->got && strncmp(reply->line, "OK", 2) &&
		strncmp(reply->line, "ERR", 3))
	{
		bad_token(argv[0], "not a reply", reply->line);
	}
	else if (!ok)
	{
		imsakactl_error(argv[0], "%s", err.reason);
	}
	else if (is_err)
	{
		imsakactl_error(argv[0], "%s answered: %s", path,
						quote(reply->line, buf));
	}
	else if (parse_reply(argv[0], reply))
	{
		if (json)
		{
			print_json(reply);
		}
		else
		{
			print_pretty(reply);
		}
		ret = IMSAKACTL_OK;
	}
	free(reply);
	return ret;
}

IMSAKACTL_COMMAND(stats_cmd,
	.name = "stats",
	.args = "[--socket PATH] [--json]",
	.description = "print the counters of charon's imsaka plugin (or of "
				   "imsaka-pcscf, --socket)",
	.run = run_stats,
)

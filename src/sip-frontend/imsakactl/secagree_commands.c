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
 * Offline security agreement commands: secagree-parse prints the model of
 * a Security-Client/-Server/-Verify value, secagree-negotiate what a
 * P-CSCF would choose from an offer.
 */

#include "command.h"

#include <secagree.h>
#include <secagree_negotiate.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** longest printed entry or list */
#define OUT_LEN (2 * IMSAKA_SECAGREE_MAX_TEXT)

/**
 * Skip an optional "Security-Client:" (or -Server, -Verify) prefix.
 */
static const char *skip_header_name(const char *value)
{
	static const char *const names[] = {
		"Security-Client", "Security-Server", "Security-Verify",
	};
	size_t i, len;

	value += strspn(value, " \t");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		len = strlen(names[i]);
		if (!strncasecmp(value, names[i], len) &&
			value[len + strspn(value + len, " \t")] == ':')
		{
			value += len + strspn(value + len, " \t") + 1;
			break;
		}
	}
	return value;
}

/**
 * Parse one header value into list, reporting errors for the command.
 */
static bool parse(const char *command, const char *what,
				  imsaka_secagree_list_t *list, const char *value)
{
	size_t start = list->text_len, len;
	imsaka_secagree_err_t err;

	value = skip_header_name(value);
	len = strcspn(value, "\r\n");
	err = imsaka_secagree_list_parse(list, value, len);
	if (err != IMSAKA_SECAGREE_OK)
	{
		imsakactl_error(command, "%s: %s at offset %zu", what,
					 imsaka_secagree_strerror(err), list->error_offset - start);
		fprintf(stderr, "  %.*s\n  %*s^\n", (int)len, value,
				(int)(list->error_offset - start), "");
		return false;
	}
	return true;
}

/**
 * Print one entry: index, then mechanism and parameters as on the wire.
 */
static void print_entry(const imsaka_secagree_list_t *list, unsigned int i,
						const char *prefix)
{
	const imsaka_secagree_entry_t *e = &list->entries[i];
	char buf[OUT_LEN];

	if (imsaka_secagree_entry_build(list, e, buf, sizeof(buf), NULL) != IMSAKA_SECAGREE_OK)
	{
		strcpy(buf, "(too long to print)");
	}
	printf("%s%u: %s", prefix, i + 1, buf);
	if (e->mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
	{
		printf("  [q=%.3f ealg=%s mod=%s prot=%s]",
			   imsaka_secagree_entry_q(e) / 1000.0,
			   imsaka_esp_ealg_name(imsaka_secagree_entry_ealg(e)),
			   imsaka_secagree_mod_name(imsaka_secagree_entry_mod(e)),
			   imsaka_secagree_entry_prot(e) == IMSAKA_SECAGREE_PROT_ESP ? "esp" : "ah");
	}
	if (e->unsupported)
	{
		printf("  [unknown value: never chosen]");
	}
	printf("\n");
}

static int secagree_parse(int argc, char *argv[])
{
	imsaka_secagree_list_t *list = malloc(sizeof(*list));
	char line[IMSAKA_SECAGREE_MAX_TEXT + 64];
	unsigned int i;
	int status = IMSAKACTL_OK;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1]))
	{
		imsakactl_error(argv[0], "usage: %s [HEADER-VALUE | -]", argv[0]);
		free(list);
		return IMSAKACTL_USAGE;
	}
	imsaka_secagree_list_init(list);
	if (argc == 2 && strcmp(argv[1], "-"))
	{
		if (!parse(argv[0], "value", list, argv[1]))
		{
			status = IMSAKACTL_FAILED;
		}
	}
	else
	{
		/* one header field per line, appended as several headers are */
		while (status == IMSAKACTL_OK && fgets(line, sizeof(line), stdin))
		{
			if (!strchr(line, '\n') && !feof(stdin))
			{
				imsakactl_error(argv[0], "line longer than %zu bytes",
							 sizeof(line) - 2);
				status = IMSAKACTL_FAILED;
			}
			else if (line[strspn(line, " \t\r\n")] &&
					 !parse(argv[0], "value", list, line))
			{
				status = IMSAKACTL_FAILED;
			}
		}
		if (status == IMSAKACTL_OK && !list->count)
		{
			imsakactl_error(argv[0], "value: %s",
						 imsaka_secagree_strerror(IMSAKA_SECAGREE_ERR_EMPTY));
			status = IMSAKACTL_FAILED;
		}
	}
	for (i = 0; status == IMSAKACTL_OK && i < list->count; i++)
	{
		print_entry(list, i, "");
	}
	free(list);
	return status;
}

IMSAKACTL_COMMAND(secagree_parse_cmd,
	.name = "secagree-parse",
	.args = "[HEADER-VALUE | -]  (stdin: one header field per line)",
	.description = "parse Security-Client/-Server/-Verify, print the entries",
	.run = secagree_parse,
);

/**
 * Print why each pair was or was not a candidate.
 */
static void print_pairs(FILE *out, const imsaka_secagree_list_t *client,
						const imsaka_secagree_list_t *server, imsaka_nat_t nat)
{
	const char *why;
	unsigned int ci, si;

	for (ci = 0; ci < client->count; ci++)
	{
		for (si = 0; si < server->count; si++)
		{
			why = imsaka_secagree_match(client, &client->entries[ci], server,
								  &server->entries[si], nat, NULL);
			fprintf(out, "  client %u / server %u: %s\n", ci + 1, si + 1,
					why ?: "fits");
		}
	}
}

static int secagree_negotiate(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "client", required_argument, NULL, 'c' },
		{ "server", required_argument, NULL, 's' },
		{ "nat", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const nat_names[] = { "none", "ue", "pcscf", "both" };
	imsaka_secagree_list_t *client = NULL, *server = NULL;
	const char *client_value = NULL, *server_value = NULL;
	imsaka_secagree_choice_t choice;
	imsaka_nat_t nat = IMSAKA_NAT_NONE;
	imsaka_secagree_err_t err;
	bool verbose = false, found;
	int c, i, status = IMSAKACTL_USAGE;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:s:n:v", options, NULL)) != -1)
	{
		switch (c)
		{
			case 'c':
				client_value = optarg;
				break;
			case 's':
				server_value = optarg;
				break;
			case 'n':
				for (i = 0, found = false; i < 4 && !found; i++)
				{
					if (!strcasecmp(optarg, nat_names[i]))
					{
						nat = i;
						found = true;
					}
				}
				if (!found)
				{
					imsakactl_error(argv[0], "--nat is none, ue, pcscf or both");
					return IMSAKACTL_USAGE;
				}
				break;
			case 'v':
				verbose = true;
				break;
			default:
				return IMSAKACTL_USAGE;
		}
	}
	if (!client_value || !server_value || optind != argc)
	{
		imsakactl_error(argv[0], "usage: %s --client LIST --server LIST "
					 "[--nat none|ue|pcscf|both] [--verbose]", argv[0]);
		return IMSAKACTL_USAGE;
	}
	client = malloc(sizeof(*client));
	server = malloc(sizeof(*server));
	imsaka_secagree_list_init(client);
	imsaka_secagree_list_init(server);
	status = IMSAKACTL_FAILED;
	if (!parse(argv[0], "--client", client, client_value) ||
		!parse(argv[0], "--server", server, server_value))
	{
		goto out;
	}
	err = imsaka_secagree_negotiate(client, server, nat, &choice);
	if (err != IMSAKA_SECAGREE_OK)
	{
		imsakactl_error(argv[0], "%s (answer %d)", imsaka_secagree_strerror(err),
					 imsaka_secagree_response_code(err));
		print_pairs(stderr, client, server, nat);
		goto out;
	}
	printf("mechanism: %s\n", imsaka_secagree_mech_name(choice.mech));
	if (choice.mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
	{
		printf("alg: %s\nealg: %s\nprot: %s\nmod: %s%s\n",
			   imsaka_esp_alg_name(choice.alg),
			   imsaka_esp_ealg_name(choice.ealg),
			   choice.prot == IMSAKA_SECAGREE_PROT_ESP ? "esp" : "ah",
			   imsaka_secagree_mod_name(choice.mod),
			   nat ? " (a NAT was found)" : "");
	}
	if (choice.suite_count)
	{
		printf("suites:");
		for (i = 0; i < choice.suite_count; i++)
		{
			printf(" %04x", choice.suites[i]);
		}
		printf("\n");
	}
	print_entry(client, choice.client, "client entry ");
	print_entry(server, choice.server, "server entry ");
	printf("why: %u of %u pairs fit; chosen by the server's q (%.3f), then "
		   "its order, then the client's q (%.3f), then its order\n",
		   choice.candidates, client->count * server->count,
		   imsaka_secagree_entry_q(&server->entries[choice.server]) / 1000.0,
		   imsaka_secagree_entry_q(&client->entries[choice.client]) / 1000.0);
	if (verbose)
	{
		print_pairs(stdout, client, server, nat);
	}
	status = IMSAKACTL_OK;
out:
	free(client);
	free(server);
	return status;
}

IMSAKACTL_COMMAND(secagree_negotiate_cmd,
	.name = "secagree-negotiate",
	.args = "--client LIST --server LIST [--nat none|ue|pcscf|both] [-v]",
	.description = "show the mechanism a P-CSCF policy chooses from an offer",
	.run = secagree_negotiate,
);

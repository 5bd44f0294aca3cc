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
 * imsakactl ladder: the ladder diagram of the SIP messages in captures,
 * decoded by tshark with the ESP and TLS keys of the run. The command
 * parses its options and ties the pieces together: ladder_tshark (runs
 * tshark), ladder_fields (its lines), ladder_model (messages, NAT legs,
 * SM1..SM12), ladder_svg and ladder_html (the outputs).
 */

#include "command.h"
#include "ladder_fields.h"
#include "ladder_hosts.h"
#include "ladder_html.h"
#include "ladder_model.h"
#include "ladder_svg.h"
#include "ladder_tshark.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/** most captures */
#define CAPTURES_MAX 16
/** most SIP sightings read from all captures together */
#define SIGHTINGS_MAX 4000
/** most warnings printed on lines refused */
#define WARNINGS_MAX 10

static const char *name = "ladder";

static const struct option ladder_options[] = {
	{ "capture", required_argument, NULL, 'c' },
	{ "esp-sa", required_argument, NULL, 'e' },
	{ "tls-keylog", required_argument, NULL, 'k' },
	{ "psk", required_argument, NULL, 'p' },
	{ "psk-file", required_argument, NULL, 'P' },
	{ "hosts", required_argument, NULL, 'H' },
	{ "svg", required_argument, NULL, 's' },
	{ "html", required_argument, NULL, 'h' },
	{ "title", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 },
};

/**
 * State of reading the lines of one capture
 */
typedef struct {
	ladder_model_t *model;
	const char *capture;
	unsigned index;
	unsigned lines;
	unsigned refused;
	unsigned added;
	bool full;
} reading_t;

static bool on_line(void *ctx, char *line, bool cut)
{
	reading_t *r = ctx;
	ladder_sighting_t sighting;
	char err[160];

	r->lines++;
	if (cut)
	{
		snprintf(err, sizeof(err), "longer than %d bytes",
				 LADDER_FIELDS_LINE_MAX - 1);
	}
	if (cut || !ladder_fields_parse(line, r->index, &sighting, err,
									sizeof(err)))
	{
		if (r->refused++ < WARNINGS_MAX)
		{
			imsakactl_error(name, "%s: line %u refused: %s", r->capture,
							r->lines, err);
		}
		return true;
	}
	if (!r->model->add(r->model, &sighting))
	{
		imsakactl_error(name, "more than %d SIP messages, the rest is not "
						"drawn", SIGHTINGS_MAX);
		r->full = true;
		return false;
	}
	r->added++;
	return true;
}

static bool write_output(const char *path, ladder_model_t *model,
						 const char *title, bool html)
{
	FILE *out;
	bool ok;

	out = fopen(path, "we");
	if (!out)
	{
		imsakactl_error(name, "%s: %s", path, strerror(errno));
		return false;
	}
	ok = html ? ladder_html_write(model, title, out)
			  : ladder_svg_write(model, title, out);
	if (fclose(out) != 0 || !ok)
	{
		imsakactl_error(name, "writing %s failed", path);
		return false;
	}
	return true;
}

static int run(int argc, char *argv[])
{
	const char *captures[CAPTURES_MAX], *svg = NULL, *html = NULL;
	const char *title = "SIP ladder";
	ladder_tshark_t *tshark;
	ladder_hosts_t *hosts;
	ladder_model_t *model = NULL;
	reading_t reading;
	int c, i, count = 0, rc = IMSAKACTL_USAGE;
	unsigned total = 0;
	char err[512];

	tshark = ladder_tshark_create("tshark");
	hosts = ladder_hosts_create();
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", ladder_options, NULL)) != -1)
	{
		switch (c)
		{
			case 'c':
				if (count == CAPTURES_MAX)
				{
					imsakactl_error(name, "more than %d captures",
									CAPTURES_MAX);
					goto out;
				}
				captures[count++] = optarg;
				continue;
			case 'e':
				if (!tshark->add_esp_sa_file(tshark, optarg, err, sizeof(err)))
				{
					imsakactl_error(name, "--esp-sa %s", err);
					rc = IMSAKACTL_FAILED;
					goto out;
				}
				continue;
			case 'k':
				if (!tshark->set_tls_keylog(tshark, optarg, err, sizeof(err)))
				{
					imsakactl_error(name, "--tls-keylog: %s", err);
					rc = IMSAKACTL_FAILED;
					goto out;
				}
				continue;
			case 'p':
				if (!tshark->add_psk(tshark, optarg, err, sizeof(err)))
				{
					imsakactl_error(name, "--psk: %s", err);
					goto out;
				}
				/* keep it out of ps from now on */
				memset(optarg, '0', strlen(optarg));
				continue;
			case 'P':
				if (!tshark->add_psk_file(tshark, optarg, err, sizeof(err)))
				{
					imsakactl_error(name, "--psk-file %s", err);
					goto out;
				}
				continue;
			case 'H':
				if (!hosts->add(hosts, optarg, err, sizeof(err)))
				{
					imsakactl_error(name, "%s", err);
					goto out;
				}
				continue;
			case 's':
				svg = optarg;
				continue;
			case 'h':
				html = optarg;
				continue;
			case 't':
				title = optarg;
				continue;
			default:
				imsakactl_error(name, "unknown option or missing argument: %s",
								argv[optind - 1]);
				goto out;
		}
	}
	if (optind < argc || !count || !svg)
	{
		imsakactl_error(name, "usage: imsakactl ladder --capture PCAP "
						"[--esp-sa FILE]... [--tls-keylog FILE] [--psk HEX]... "
						"[--psk-file FILE]... "
						"[--hosts NAME=ADDR[,ADDR...]]... --svg OUT.svg "
						"[--html OUT.html] [--title TEXT]");
		goto out;
	}
	rc = IMSAKACTL_FAILED;
	model = ladder_model_create(SIGHTINGS_MAX);
	for (i = 0; i < count; i++)
	{
		reading = (reading_t){
			.model = model,
			.capture = captures[i],
			.index = i,
		};
		if (!tshark->run(tshark, captures[i], on_line, &reading, err,
						 sizeof(err)))
		{
			imsakactl_error(name, "%s", err);
			goto out;
		}
		if (reading.refused > WARNINGS_MAX)
		{
			imsakactl_error(name, "%s: %u lines refused in all", captures[i],
							reading.refused);
		}
		total += reading.added;
		if (reading.full)
		{
			break;
		}
	}
	model->build(model, hosts);
	if (!write_output(svg, model, title, false) ||
		(html && !write_output(html, model, title, true)))
	{
		goto out;
	}
	printf("%d arrows, %d columns from %u SIP messages seen: %s%s%s\n",
		   model->get_arrow_count(model), model->get_column_count(model),
		   total, svg, html ? ", " : "", html ?: "");
	if (!total)
	{
		imsakactl_error(name, "no SIP message in the captures (keys "
						"missing?)");
		goto out;
	}
	rc = IMSAKACTL_OK;

out:
	if (model)
	{
		model->destroy(model);
	}
	hosts->destroy(hosts);
	tshark->destroy(tshark);
	return rc;
}

IMSAKACTL_COMMAND(ladder_command,
	.name = "ladder",
	.args = "--capture PCAP [--esp-sa FILE]... [--tls-keylog FILE] "
			"[--psk HEX]... [--psk-file FILE]... "
			"[--hosts NAME=ADDR[,ADDR...]]... --svg OUT.svg "
			"[--html OUT.html] [--title TEXT]",
	.description = "ladder diagram (SVG, HTML) of the SIP in captures, "
				   "decrypted by tshark",
	.run = run,
)

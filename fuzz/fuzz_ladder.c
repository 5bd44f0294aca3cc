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
 * libFuzzer target: imsakactl ladder behind tshark. A capture is hostile
 * (its SIP fields are whatever a peer sent), and tshark passes them on:
 * every input line is one line of tshark's field output for the field
 * parser, or, starting with "H ", a --hosts specification. Whatever parses
 * goes into the model (duplicates, NAT legs, SM numbering), and the SVG and
 * HTML writers write the ladder; none may fault, and the SVG must not
 * carry a '<' that is not markup (input text is escaped).
 */

#include "ladder_fields.h"
#include "ladder_hosts.h"
#include "ladder_html.h"
#include "ladder_model.h"
#include "ladder_svg.h"

#include <library.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** sightings kept per input */
#define SIGHTINGS 256

/** the text of an input line, cut at its newline and NUL-terminated */
static char *line_of(const uint8_t *data, size_t len)
{
	char *line = malloc(len + 1);

	memcpy(line, data, len);
	line[len] = '\0';
	return line;
}

/** every '<' of the SVG starts a tag of the writer's, never input text */
static void check_svg(const char *svg, size_t len)
{
	const char *pos = svg, *end = svg + len;

	while ((pos = memchr(pos, '<', end - pos)))
	{
		pos++;
		if (pos == end || !(*pos == '/' || *pos == '?' || *pos == '!' ||
			(*pos >= 'a' && *pos <= 'z')))
		{
			fprintf(stderr, "SVG has a '<' that is not markup\n");
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialized;
	ladder_sighting_t sighting;
	ladder_hosts_t *hosts;
	ladder_model_t *model;
	const uint8_t *pos = data, *end = data + size, *nl;
	char err[256], *line, *out;
	size_t out_len;
	FILE *f;

	if (!initialized)
	{
		library_init(NULL, "fuzz_ladder");
		initialized = TRUE;
	}
	hosts = ladder_hosts_create();
	model = ladder_model_create(SIGHTINGS);
	while (pos < end)
	{
		nl = memchr(pos, '\n', end - pos);
		line = line_of(pos, (nl ? nl : end) - pos);
		if (strncmp(line, "H ", 2) == 0)
		{
			hosts->add(hosts, line + 2, err, sizeof(err));
		}
		else if (ladder_fields_parse(line, 0, &sighting, err, sizeof(err)))
		{
			model->add(model, &sighting);
		}
		free(line);
		pos = nl ? nl + 1 : end;
	}
	model->build(model, hosts);

	out = NULL;
	f = open_memstream(&out, &out_len);
	if (f && ladder_svg_write(model, "fuzz <title> & \"more\"", f))
	{
		fflush(f);
		check_svg(out, out_len);
	}
	if (f)
	{
		fclose(f);
	}
	free(out);
	out = NULL;
	f = open_memstream(&out, &out_len);
	if (f)
	{
		ladder_html_write(model, "fuzz", f);
		fclose(f);
	}
	free(out);
	model->destroy(model);
	hosts->destroy(hosts);
	return 0;
}

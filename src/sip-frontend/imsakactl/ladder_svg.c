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

#include "ladder_svg.h"
#include "ladder_xml.h"

#include <library.h>

/** left gutter holding the times */
#define GUTTER 80
/** distance of two life lines */
#define COLUMN_WIDTH 250
/** y of the column heads */
#define HEAD_Y 20
/** height of a column head */
#define HEAD_HEIGHT 30
/** y of the first arrow */
#define FIRST_ROW 100
/** distance of two arrows */
#define ROW_HEIGHT 58

/*
 * Described in header
 */
int ladder_svg_column_x(int column)
{
	return GUTTER + COLUMN_WIDTH / 2 + column * COLUMN_WIDTH;
}

/*
 * Described in header
 */
int ladder_svg_row_y(int row)
{
	return FIRST_ROW + row * ROW_HEIGHT;
}

/**
 * Colour (and marker) of a protection
 */
static const char *kind(const ladder_arrow_t *arrow)
{
	switch (arrow->msg.protection)
	{
		case LADDER_PROT_ESP_UDP:
		case LADDER_PROT_ESP:
			return "esp";
		case LADDER_PROT_TLS:
			return "tls";
		default:
			return "plain";
	}
}

static void text(FILE *out, int x, int y, const char *cls, const char *value)
{
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"%s\">", x, y, cls);
	ladder_xml_print(out, value);
	fputs("</text>\n", out);
}

static void write_arrow(FILE *out, const ladder_arrow_t *arrow, int row)
{
	int x1, x2, y, mid;
	char buf[LADDER_TEXT_LEN + 32];

	x1 = ladder_svg_column_x(arrow->from);
	x2 = ladder_svg_column_x(arrow->to);
	y = ladder_svg_row_y(row);
	fprintf(out, "<g class=\"msg %s%s\">\n", kind(arrow),
			arrow->retransmission ? " retrans" : "");
	snprintf(buf, sizeof(buf), "+%.3f s", arrow->seconds);
	text(out, 6, y + 4, "time", buf);
	if (x1 == x2)
	{	/* a message a host sent itself: a loop to the right */
		fprintf(out, "<path d=\"M%d %d h40 v14 h-40\" class=\"line\" "
				"marker-end=\"url(#head-%s)\"/>\n", x1, y - 7, kind(arrow));
		mid = x1 + 50;
	}
	else
	{
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"class=\"line\" marker-end=\"url(#head-%s)\"/>\n",
				x1, y, x2 + (x2 > x1 ? -2 : 2), y, kind(arrow));
		mid = (x1 + x2) / 2;
	}
	snprintf(buf, sizeof(buf), "%s%s%s%s", arrow->step,
			 arrow->step[0] ? " " : "", arrow->label,
			 arrow->retransmission ? " (again)" : "");
	text(out, mid, y - 7, "label", buf);
	text(out, mid, y + 14, "prot", arrow->protection);
	if (arrow->rewrite[0])
	{
		text(out, mid, y + 27, "nat", arrow->rewrite);
	}
	fputs("</g>\n", out);
}

/*
 * Described in header
 */
bool ladder_svg_write(ladder_model_t *model, const char *title, FILE *out)
{
	int columns, arrows, width, height, i, x;

	columns = model->get_column_count(model);
	arrows = model->get_arrow_count(model);
	width = ladder_svg_column_x(max(columns, 1) - 1) + COLUMN_WIDTH / 2 + 10;
	height = ladder_svg_row_y(arrows) + 10;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
			"height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
			width, height, width, height);
	fputs("<title>", out);
	ladder_xml_print(out, title);
	fputs("</title>\n", out);
	fputs("<style>\n"
		"text { font-family: sans-serif; font-size: 12px; "
			"text-anchor: middle; fill: #1f2328; }\n"
		"text.time { text-anchor: start; fill: #656d76; font-size: 11px; }\n"
		"text.head { font-weight: bold; font-size: 14px; }\n"
		"text.label { font-weight: bold; }\n"
		"text.prot, text.nat { font-size: 11px; }\n"
		"text.nat { fill: #bc4c00; }\n"
		".life { stroke: #afb8c1; stroke-dasharray: 4 4; }\n"
		".head-box { fill: #f6f8fa; stroke: #57606a; }\n"
		".line { stroke-width: 2; fill: none; }\n"
		".plain .line { stroke: #57606a; }\n"
		".esp .line { stroke: #1a7f37; }\n"
		".tls .line { stroke: #0969da; }\n"
		".esp text.prot { fill: #1a7f37; }\n"
		".tls text.prot { fill: #0969da; }\n"
		".retrans .line { stroke-dasharray: 6 3; }\n"
		"</style>\n", out);
	fputs("<defs>\n", out);
	fputs("<marker id=\"head-plain\" viewBox=\"0 0 10 10\" refX=\"10\" "
		"refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
		"<path d=\"M0 0 L10 5 L0 10 z\" fill=\"#57606a\"/></marker>\n", out);
	fputs("<marker id=\"head-esp\" viewBox=\"0 0 10 10\" refX=\"10\" "
		"refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
		"<path d=\"M0 0 L10 5 L0 10 z\" fill=\"#1a7f37\"/></marker>\n", out);
	fputs("<marker id=\"head-tls\" viewBox=\"0 0 10 10\" refX=\"10\" "
		"refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
		"<path d=\"M0 0 L10 5 L0 10 z\" fill=\"#0969da\"/></marker>\n", out);
	fputs("</defs>\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
			width, height);
	for (i = 0; i < columns; i++)
	{
		x = ladder_svg_column_x(i);
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"class=\"life\"/>\n", x, HEAD_Y + HEAD_HEIGHT, x, height - 5);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				"rx=\"4\" class=\"head-box\"/>\n", x - COLUMN_WIDTH / 2 + 20,
				HEAD_Y, COLUMN_WIDTH - 40, HEAD_HEIGHT);
		text(out, x, HEAD_Y + 20, "head", model->get_column(model, i));
	}
	for (i = 0; i < arrows; i++)
	{
		write_arrow(out, model->get_arrow(model, i), i);
	}
	fputs("</svg>\n", out);
	return !ferror(out);
}

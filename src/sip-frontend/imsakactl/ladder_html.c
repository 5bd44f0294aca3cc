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

#include "ladder_html.h"
#include "ladder_svg.h"
#include "ladder_xml.h"

#include <library.h>

static void cell(FILE *out, const char *value)
{
	fputs("<td>", out);
	ladder_xml_print(out, value);
	fputs("</td>", out);
}

static void row(FILE *out, ladder_model_t *model, const ladder_arrow_t *arrow,
				int i)
{
	char buf[64];

	fprintf(out, "<tr class=\"%s\">", arrow->msg.protection ==
			LADDER_PROT_PLAIN ? "plain" : "protected");
	snprintf(buf, sizeof(buf), "%d", i + 1);
	cell(out, buf);
	snprintf(buf, sizeof(buf), "+%.3f s", arrow->seconds);
	cell(out, buf);
	cell(out, arrow->step);
	cell(out, model->get_column(model, arrow->from));
	cell(out, model->get_column(model, arrow->to));
	cell(out, arrow->label);
	snprintf(buf, sizeof(buf), "%u %s", arrow->msg.cseq,
			 arrow->msg.cseq_method);
	cell(out, buf);
	cell(out, arrow->msg.call_id);
	cell(out, arrow->protection);
	cell(out, arrow->addresses);
	cell(out, arrow->rewrite);
	fputs("</tr>\n", out);
}

/*
 * Described in header
 */
bool ladder_html_write(ladder_model_t *model, const char *title, FILE *out)
{
	int i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>", out);
	ladder_xml_print(out, title);
	fputs("</title>\n<style>\n"
		"body { font-family: sans-serif; margin: 16px; color: #1f2328; "
			"background: #ffffff; }\n"
		"table { border-collapse: collapse; margin-top: 16px; "
			"font-size: 13px; }\n"
		"th, td { border: 1px solid #d0d7de; padding: 3px 8px; "
			"text-align: left; }\n"
		"th { background: #f6f8fa; }\n"
		"tr.protected td:nth-child(9) { color: #1a7f37; }\n"
		"</style>\n</head>\n<body>\n<h1>", out);
	ladder_xml_print(out, title);
	fputs("</h1>\n", out);
	if (!ladder_svg_write(model, title, out))
	{
		return FALSE;
	}
	fputs("<table>\n<tr><th>#</th><th>time</th><th>step</th><th>from</th>"
		"<th>to</th><th>message</th><th>CSeq</th><th>Call-ID</th>"
		"<th>protection</th><th>addresses</th><th>NAT</th></tr>\n", out);
	for (i = 0; i < model->get_arrow_count(model); i++)
	{
		row(out, model, model->get_arrow(model, i), i);
	}
	fputs("</table>\n</body>\n</html>\n", out);
	return !ferror(out);
}

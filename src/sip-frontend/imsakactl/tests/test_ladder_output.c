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
 * Tests of the SVG and HTML writers: the recorded registration's arrows
 * in order at their places, nothing external, hostile text escaped.
 */

#include "ladder_tests.h"
#include "../ladder_html.h"
#include "../ladder_svg.h"

#include <library.h>

/**
 * Output of a writer as a string (free() it)
 */
static char *write_to_string(ladder_model_t *model, const char *title,
							 bool html)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	out = open_memstream(&text, &len);
	ck_assert(out);
	ck_assert(html ? ladder_html_write(model, title, out)
				   : ladder_svg_write(model, title, out));
	fclose(out);
	return text;
}

/**
 * Nothing a renderer would fetch or run
 */
static void assert_self_contained(const char *text)
{
	const char *pos;

	ck_assert(!strstr(text, "<script"));
	ck_assert(!strstr(text, "@import"));
	ck_assert(!strstr(text, "href"));
	for (pos = text; (pos = strstr(pos, "url(")); pos++)
	{
		ck_assert(strneq(pos, "url(#", 5));
	}
	for (pos = text; (pos = strstr(pos, "http")); pos++)
	{
		ck_assert(strneq(pos, "http://www.w3.org/2000/svg", 26));
	}
}

START_TEST(test_svg_order)
{
	static const char *steps[] = {
		">SM1 REGISTER<", ">SM2/SM3 REGISTER<", ">SM4/SM5 401 (REGISTER)<",
		">SM6 401 (REGISTER)<", ">SM7 REGISTER<", ">SM8/SM9 REGISTER<",
		">SM10/SM11 200 (REGISTER)<", ">SM12 200 (REGISTER)<",
	};
	ladder_model_t *model;
	const char *pos;
	char *svg;
	int i;

	model = ladder_tests_model();
	svg = write_to_string(model, "reg-nat-ue", FALSE);
	ck_assert(strneq(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 38));
	ck_assert(strstr(svg, "</svg>\n") == svg + strlen(svg) - 7);
	pos = svg;
	for (i = 0; i < countof(steps); i++)
	{
		pos = strstr(pos, steps[i]);
		ck_assert_msg(pos, "%s missing or out of order", steps[i]);
	}
	ck_assert(strstr(svg, ">ESP-in-UDP spi=0x0aac8a85<"));
	ck_assert(strstr(svg, ">NAT: source 10.1.0.10:5060 -&gt; 192.0.2.1:26129<"));
	assert_self_contained(svg);
	free(svg);
	model->destroy(model);
}
END_TEST

START_TEST(test_svg_layout)
{
	const ladder_arrow_t *arrow;
	ladder_model_t *model;
	char *svg, want[128];
	int i;

	for (i = 1; i < 8; i++)
	{
		ck_assert_int_gt(ladder_svg_column_x(i), ladder_svg_column_x(i - 1));
		ck_assert_int_gt(ladder_svg_row_y(i), ladder_svg_row_y(i - 1));
	}
	model = ladder_tests_model();
	svg = write_to_string(model, "reg-nat-ue", FALSE);
	for (i = 0; i < model->get_arrow_count(model); i++)
	{
		/* each arrow a line from its sender's life line to (the arrow
		 * head short of) the receiver's, at its own row */
		arrow = model->get_arrow(model, i);
		snprintf(want, sizeof(want), "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
				 "y2=\"%d\"", ladder_svg_column_x(arrow->from),
				 ladder_svg_row_y(i), ladder_svg_column_x(arrow->to) +
				 (arrow->to > arrow->from ? -2 : 2), ladder_svg_row_y(i));
		ck_assert_msg(strstr(svg, want), "arrow %d: no %s", i, want);
	}
	/* one head per column */
	for (i = 0; i < model->get_column_count(model); i++)
	{
		snprintf(want, sizeof(want), "class=\"head\">%s</text>",
				 model->get_column(model, i));
		ck_assert(strstr(svg, want));
	}
	free(svg);
	model->destroy(model);
}
END_TEST

START_TEST(test_html)
{
	ladder_model_t *model;
	const char *pos;
	char *html;
	int rows = 0;

	model = ladder_tests_model();
	html = write_to_string(model, "reg-nat-ue", TRUE);
	ck_assert(strneq(html, "<!DOCTYPE html>", 15));
	ck_assert(strstr(html, "<svg xmlns="));
	for (pos = html; (pos = strstr(pos, "<tr class=")); pos++)
	{
		rows++;
	}
	ck_assert_int_eq(rows, model->get_arrow_count(model));
	ck_assert(strstr(html, "<td>595cd26eeb8f396b00193e21e05e0cfb</td>"));
	assert_self_contained(html);
	free(html);
	model->destroy(model);
}
END_TEST

START_TEST(test_escaped)
{
	ladder_sighting_t s = {
		.time_us = 1,
		.protection = LADDER_PROT_PLAIN,
		.src = { "10.0.0.1", 5060 },
		.dst = { "10.0.0.2", 5060 },
		.method = "MESSAGE",
		.cseq = 1,
		.cseq_method = "MESSAGE",
		.call_id = "<script>alert('x')</script>&amp;\"",
	};
	ladder_model_t *model;
	ladder_hosts_t *hosts;
	char *html, *svg;

	s.inner_src = s.src;
	s.inner_dst = s.dst;
	hosts = ladder_hosts_create();
	model = ladder_model_create(1);
	ck_assert(model->add(model, &s));
	model->build(model, hosts);
	html = write_to_string(model, "<title>\xff", TRUE);
	svg = write_to_string(model, "<title>\xff", FALSE);
	ck_assert(strstr(html, "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
					 "&amp;amp;&quot;</td>"));
	ck_assert(strstr(html, "<title>&lt;title&gt;?</title>"));
	ck_assert(strstr(svg, "<title>&lt;title&gt;?</title>"));
	assert_self_contained(html);
	assert_self_contained(svg);
	free(html);
	free(svg);
	model->destroy(model);
	hosts->destroy(hosts);
}
END_TEST

Suite *ladder_output_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("ladder output");
	tc = tcase_create("svg");
	tcase_add_test(tc, test_svg_order);
	tcase_add_test(tc, test_svg_layout);
	suite_add_tcase(s, tc);
	tc = tcase_create("html");
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_escaped);
	suite_add_tcase(s, tc);
	return s;
}

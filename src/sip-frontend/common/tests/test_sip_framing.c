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

#include "frontend_tests.h"

#include <sip_framing.h>

#include <string.h>

/**
 * Framing cases: input, largest message, expected status, skip, length
 */
static const struct {
	const char *in;
	size_t max;
	sip_frame_status_t status;
	size_t skip;
	size_t len;
} cases[] = {
	/* 0: no body */
	{ "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n", 1000,
	  SIP_FRAME_COMPLETE, 0, 46 },
	/* 1: body, compact form, lower case, spaces around the value */
	{ "MESSAGE sip:a@b SIP/2.0\r\nl :  5 \r\n\r\nhelloNEXT", 1000,
	  SIP_FRAME_COMPLETE, 0, 41 },
	/* 2: case-insensitive name, keep-alives before */
	{ "\r\n\r\nSIP/2.0 200 OK\r\ncontent-LENGTH:2\r\n\r\nab", 1000,
	  SIP_FRAME_COMPLETE, 4, 38 },
	/* 3: body not complete */
	{ "SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\nabc", 1000,
	  SIP_FRAME_INCOMPLETE, 0, 0 },
	/* 4: header not complete */
	{ "SIP/2.0 200 OK\r\nContent-Len", 1000, SIP_FRAME_INCOMPLETE, 0, 0 },
	/* 5: only keep-alives */
	{ "\r\n\r\n", 1000, SIP_FRAME_INCOMPLETE, 4, 0 },
	/* 6: no Content-Length */
	{ "SIP/2.0 200 OK\r\nVia: x\r\n\r\n", 1000, SIP_FRAME_BAD, 0, 0 },
	/* 7: not a number */
	{ "SIP/2.0 200 OK\r\nContent-Length: 1x\r\n\r\n", 1000,
	  SIP_FRAME_BAD, 0, 0 },
	/* 8: negative */
	{ "SIP/2.0 200 OK\r\nContent-Length: -1\r\n\r\n", 1000,
	  SIP_FRAME_BAD, 0, 0 },
	/* 9: twice, different */
	{ "SIP/2.0 200 OK\r\nContent-Length: 1\r\nl: 2\r\n\r\nab", 1000,
	  SIP_FRAME_BAD, 0, 0 },
	/* 10: twice, same */
	{ "SIP/2.0 200 OK\r\nContent-Length: 1\r\nl: 1\r\n\r\na", 1000,
	  SIP_FRAME_COMPLETE, 0, 44 },
	/* 11: body beyond the limit */
	{ "SIP/2.0 200 OK\r\nContent-Length: 100\r\n\r\n", 60,
	  SIP_FRAME_TOO_LONG, 0, 0 },
	/* 12: huge number */
	{ "SIP/2.0 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
	  1000, SIP_FRAME_BAD, 0, 0 },
	/* 13: header beyond the limit, no end */
	{ "SIP/2.0 200 OK\r\nVia: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 30,
	  SIP_FRAME_TOO_LONG, 0, 0 },
	/* 14: colon in the request line is not a header */
	{ "INVITE sip:l:5@b SIP/2.0\r\nContent-Length: 0\r\n\r\n", 1000,
	  SIP_FRAME_COMPLETE, 0, 47 },
	/* 15: a header merely starting with l is not Content-Length */
	{ "SIP/2.0 200 OK\r\nLength: 3\r\n\r\n", 1000, SIP_FRAME_BAD, 0, 0 },
};

START_TEST(test_frame_cases)
{
	sip_frame_status_t status;
	sip_error_t err = {};
	size_t skip, len;

	status = sip_frame_next(cases[_i].in, strlen(cases[_i].in), cases[_i].max,
							&skip, &len, &err);
	ck_assert_msg(status == cases[_i].status, "case %d: status %d, not %d",
				  _i, status, cases[_i].status);
	ck_assert_msg(skip == cases[_i].skip, "case %d: skip %zu", _i, skip);
	ck_assert_msg(len == cases[_i].len, "case %d: length %zu", _i, len);
	if (status == SIP_FRAME_BAD || status == SIP_FRAME_TOO_LONG)
	{
		ck_assert_msg(err.reason[0], "case %d: no error text", _i);
	}
}
END_TEST

Suite *sip_framing_suite_create(void)
{
	Suite *s = suite_create("sip_framing");
	TCase *tc = tcase_create("cases");

	tcase_add_loop_test(tc, test_frame_cases, 0,
						sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return s;
}

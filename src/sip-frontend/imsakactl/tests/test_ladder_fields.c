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
 * Tests of the parser of tshark's lines: the recorded lines of a real
 * registration, then one field at a time made invalid or hostile.
 */

#include "ladder_tests.h"
#include "../ladder_fields.h"

#include <library.h>

/** most fields */
#define FIELDS_MAX 32

/**
 * The fields of the first fixture line (SM1 on the UE's side of the NAT),
 * split, to change one at a time
 */
static char *base[FIELDS_MAX];
static char *lines[64];
static int count;

static void setup(void)
{
	char *pos;
	int i = 0;

	count = ladder_tests_read("reg-nat-ue.fields", lines, countof(lines));
	pos = strdup(lines[0]);
	while (pos && i < FIELDS_MAX)
	{
		base[i++] = pos;
		pos = strchr(pos, LADDER_FIELDS_SEPARATOR);
		if (pos)
		{
			*pos++ = '\0';
		}
	}
	ck_assert_int_eq(i, ladder_fields_count());
}

static void teardown(void)
{
	int i;

	free(base[0]);
	for (i = 0; i < count; i++)
	{
		free(lines[i]);
	}
}

static int field(const char *name)
{
	int i;

	for (i = 0; i < ladder_fields_count(); i++)
	{
		if (streq(ladder_fields_name(i), name))
		{
			return i;
		}
	}
	ck_abort_msg("no field %s", name);
	return -1;
}

/**
 * The base line with field name set to value (NULL: unchanged)
 */
static char *line_with(const char *name, const char *value)
{
	static char line[LADDER_FIELDS_LINE_MAX];
	int i, changed = name ? field(name) : -1;
	size_t len = 0;

	for (i = 0; i < ladder_fields_count(); i++)
	{
		len += snprintf(line + len, sizeof(line) - len, "%s%s",
						i ? "\x1f" : "", i == changed ? value : base[i]);
	}
	return line;
}

START_TEST(test_fixture_lines)
{
	ladder_sighting_t s;
	char err[160];
	int i, esp = 0, plain = 0;

	ck_assert_int_eq(count, LADDER_TESTS_FIXTURE_LINES);
	for (i = 0; i < count; i++)
	{
		ck_assert_msg(ladder_fields_parse(lines[i], 3, &s, err, sizeof(err)),
					  "line %d: %s", i + 1, err);
		ck_assert_int_eq(s.capture, 3);
		ck_assert(s.call_id[0]);
		ck_assert(s.method[0] ? s.status == 0 : s.status >= 100);
		esp += s.protection == LADDER_PROT_ESP_UDP;
		plain += s.protection == LADDER_PROT_PLAIN;
	}
	ck_assert_int_eq(esp + plain, count);
	ck_assert_int_gt(esp, 0);
	ck_assert_int_gt(plain, 0);
}
END_TEST

START_TEST(test_sm1)
{
	ladder_sighting_t s;
	char err[160];

	ck_assert(ladder_fields_parse(line_with(NULL, NULL), 0, &s, err,
								  sizeof(err)));
	ck_assert_str_eq(s.method, "REGISTER");
	ck_assert_int_eq(s.status, 0);
	ck_assert_int_eq(s.cseq, 1);
	ck_assert_str_eq(s.cseq_method, "REGISTER");
	ck_assert_str_eq(s.call_id, "595cd26eeb8f396b00193e21e05e0cfb");
	ck_assert_str_eq(s.src.addr, "10.1.0.10");
	ck_assert_int_eq(s.src.port, 5060);
	ck_assert_str_eq(s.dst.addr, "192.0.2.20");
	ck_assert_int_eq(s.dst.port, 5060);
	ck_assert_str_eq(s.inner_dst.addr, "192.0.2.20");
	ck_assert(!s.tcp);
	ck_assert(s.has_ip_id);
	ck_assert_int_eq(s.protection, LADDER_PROT_PLAIN);
	ck_assert_str_eq(s.client_mech, "ipsec-3gpp");
	ck_assert_str_eq(s.server_mech, "");
	ck_assert(!s.expires_zero);
	ck_assert(s.time_us > 1700000000ULL * 1000000);
}
END_TEST

START_TEST(test_sm7_in_esp)
{
	ladder_sighting_t s;
	char err[160];
	int i;

	for (i = 0; i < count; i++)
	{
		ck_assert(ladder_fields_parse(lines[i], 0, &s, err, sizeof(err)));
		if (s.cseq == 2 && streq(s.method, "REGISTER"))
		{
			break;
		}
	}
	ck_assert_int_lt(i, count);
	ck_assert_int_eq(s.protection, LADDER_PROT_ESP_UDP);
	ck_assert_int_eq(s.spi, 0x0aac8a85);
	ck_assert_str_eq(s.src.addr, "10.1.0.10");
	ck_assert_int_eq(s.src.port, 4500);
	ck_assert_int_eq(s.dst.port, 4500);
	ck_assert_str_eq(s.inner_src.addr, "10.1.0.10");
	ck_assert_int_eq(s.inner_src.port, 5064);
	ck_assert_str_eq(s.inner_dst.addr, "10.2.0.1");
	ck_assert_int_eq(s.inner_dst.port, 5064);
	ck_assert(s.tcp);
	ck_assert_str_eq(s.verify_mech, "ipsec-3gpp");
}
END_TEST

/**
 * One field made invalid: the line is refused
 */
static struct {
	const char *field;
	const char *value;
} invalid[] = {
	{ "frame.number", "" },
	{ "frame.number", "12a" },
	{ "frame.number", "-1" },
	{ "frame.time_epoch", "" },
	{ "frame.time_epoch", "17.9x" },
	{ "frame.time_epoch", "99999999999999999999.1" },
	{ "frame.protocols", "sll:ethertype:sip" },
	{ "ip.src", "" },
	{ "ip.src", "10.1.0.300" },
	{ "ip.src", "fd00::1" },
	{ "ip.dst", "192.0.2.20 " },
	{ "udp.srcport", "70000" },
	{ "udp.srcport", "" },
	{ "udp.dstport", "0x10" },
	{ "ip.id", "12345" },
	{ "ip.id", "0x10000" },
	{ "sip.Method", "REG ISTER" },
	{ "sip.Method", "<b>" },
	{ "sip.CSeq.seq", "" },
	{ "sip.CSeq.seq", "4294967296" },
	{ "sip.CSeq.method", "" },
	{ "sip.Call-ID", "" },
};

START_TEST(test_invalid_field)
{
	ladder_sighting_t s;
	char err[160] = "";

	ck_assert_msg(!ladder_fields_parse(line_with(invalid[_i].field,
							invalid[_i].value), 0, &s, err, sizeof(err)),
				  "%s=%s accepted", invalid[_i].field, invalid[_i].value);
	ck_assert(err[0]);
}
END_TEST

START_TEST(test_status)
{
	ladder_sighting_t s;
	char err[160], *line;

	/* a response: no method, a status of 100..699 */
	base[field("sip.Method")] = "";
	base[field("sip.Status-Code")] = "99";
	ck_assert(!ladder_fields_parse(line_with(NULL, NULL), 0, &s, err,
								   sizeof(err)));
	base[field("sip.Status-Code")] = "700";
	ck_assert(!ladder_fields_parse(line_with(NULL, NULL), 0, &s, err,
								   sizeof(err)));
	base[field("sip.Status-Code")] = "401";
	line = line_with(NULL, NULL);
	ck_assert(ladder_fields_parse(line, 0, &s, err, sizeof(err)));
	ck_assert_int_eq(s.status, 401);
	ck_assert_str_eq(s.method, "");
}
END_TEST

START_TEST(test_field_count)
{
	ladder_sighting_t s;
	char err[160], line[LADDER_FIELDS_LINE_MAX];

	snprintf(line, sizeof(line), "%s\x1f", line_with(NULL, NULL));
	ck_assert(!ladder_fields_parse(line, 0, &s, err, sizeof(err)));
	ck_assert(strstr(err, "fields"));
	snprintf(line, sizeof(line), "%s", line_with(NULL, NULL));
	*strrchr(line, '\x1f') = '\0';
	ck_assert(!ladder_fields_parse(line, 0, &s, err, sizeof(err)));
	ck_assert(strstr(err, "fields"));
	ck_assert(!ladder_fields_parse("", 0, &s, err, sizeof(err)));
}
END_TEST

START_TEST(test_hostile_text)
{
	ladder_sighting_t s;
	char err[160], id[400];

	/* markup and bytes outside ASCII stay in the Call-ID, the writers
	 * escape them; control characters and 8 bit bytes become '?' */
	ck_assert(ladder_fields_parse(line_with("sip.Call-ID",
						"<script>\x01\xc3\xa4&\"x"), 0, &s, err, sizeof(err)));
	ck_assert_str_eq(s.call_id, "<script>???&\"x");
	memset(id, 'a', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	ck_assert(ladder_fields_parse(line_with("sip.Call-ID", id), 0, &s, err,
								  sizeof(err)));
	ck_assert_int_eq(strlen(s.call_id), LADDER_CALL_ID_LEN - 1);
	ck_assert_str_eq(s.call_id + LADDER_CALL_ID_LEN - 4, "...");
	/* a mechanism is a token: what follows it is ignored */
	ck_assert(ladder_fields_parse(line_with("sip.Security-Server",
						"TLS-PSK<x>;q=0.1"), 0, &s, err, sizeof(err)));
	ck_assert_str_eq(s.server_mech, "tls-psk");
}
END_TEST

START_TEST(test_protocols)
{
	ladder_sighting_t s;
	char err[160];

	/* the recorded line has no TCP ports */
	ck_assert(!ladder_fields_parse(line_with("frame.protocols",
						"sll:ethertype:ip:tcp:tls:sip"), 0, &s, err,
						sizeof(err)));
	ck_assert(strstr(err, "port"));
	base[field("tcp.srcport")] = "40000";
	base[field("tcp.dstport")] = "5061";
	ck_assert(ladder_fields_parse(line_with("frame.protocols",
						"sll:ethertype:ip:tcp:tls:sip"), 0, &s, err,
						sizeof(err)));
	ck_assert_int_eq(s.protection, LADDER_PROT_TLS);
	ck_assert(s.tcp);
	ck_assert_int_eq(s.src.port, 40000);
	ck_assert_int_eq(s.dst.port, 5061);
	/* ESP without a valid SPI is refused */
	ck_assert(!ladder_fields_parse(line_with("frame.protocols",
						"sll:ethertype:ip:esp:ip:udp:sip"), 0, &s, err,
						sizeof(err)));
	ck_assert(strstr(err, "esp.spi"));
}
END_TEST

START_TEST(test_ipv6)
{
	ladder_sighting_t s;
	char err[160];

	base[field("frame.protocols")] = "sll:ethertype:ipv6:udp:sip";
	base[field("ip.src")] = "";
	base[field("ip.dst")] = "";
	base[field("ip.id")] = "";
	base[field("ipv6.src")] = "2001:db8:2::1";
	base[field("ipv6.dst")] = "2001:db8:2::20";
	ck_assert_msg(ladder_fields_parse(line_with(NULL, NULL), 0, &s, err,
									  sizeof(err)), "%s", err);
	ck_assert_str_eq(s.src.addr, "2001:db8:2::1");
	ck_assert_str_eq(s.dst.addr, "2001:db8:2::20");
	ck_assert(!s.has_ip_id);
	/* an IPv4 address where IPv6 is expected */
	ck_assert(!ladder_fields_parse(line_with("ipv6.src", "10.1.0.10"), 0, &s,
								   err, sizeof(err)));
	/* IPv4 inside IPv6 (a tunnel): outer and inner of their families */
	base[field("frame.protocols")] = "sll:ethertype:ipv6:udp:udpencap:esp:"
									 "ip:udp:sip";
	base[field("ip.src")] = "10.1.0.10";
	base[field("ip.dst")] = "10.2.0.1";
	base[field("udp.srcport")] = "4500\x1e" "5064";
	base[field("udp.dstport")] = "4500\x1e" "5066";
	base[field("esp.spi")] = "0x0000c351";
	ck_assert_msg(ladder_fields_parse(line_with(NULL, NULL), 0, &s, err,
									  sizeof(err)), "%s", err);
	ck_assert_int_eq(s.protection, LADDER_PROT_ESP_UDP);
	ck_assert_str_eq(s.src.addr, "2001:db8:2::1");
	ck_assert_int_eq(s.src.port, 4500);
	ck_assert_str_eq(s.inner_src.addr, "10.1.0.10");
	ck_assert_int_eq(s.inner_src.port, 5064);
	ck_assert_int_eq(s.inner_dst.port, 5066);
	ck_assert_int_eq(s.spi, 0xc351);
}
END_TEST

Suite *ladder_fields_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("ladder fields");
	tc = tcase_create("recorded");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fixture_lines);
	tcase_add_test(tc, test_sm1);
	tcase_add_test(tc, test_sm7_in_esp);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_invalid_field, 0, countof(invalid));
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_field_count);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hostile_text);
	tcase_add_test(tc, test_protocols);
	tcase_add_test(tc, test_ipv6);
	suite_add_tcase(s, tc);
	return s;
}

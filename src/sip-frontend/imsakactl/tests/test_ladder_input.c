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
 * Tests of the inputs besides tshark's lines: esp_sa lines rewritten for
 * tshark, and the host table of --hosts.
 */

#include "ladder_tests.h"
#include "../ladder_esp_sa.h"
#include "../ladder_hosts.h"
#include "../ladder_tshark.h"

#include <stdio.h>
#include <unistd.h>

#include <library.h>

/** keys are test values (the fixture's are those of a test run) */
#define KEY16 "0x00f2d7e7eba2a9c57d916d258490414c"
#define KEY20 "0x9475fee1c007631582513264d3d9ba9b00000000"

static struct {
	const char *line;
	ladder_esp_sa_result_t result;
	const char *out;
} esp_sa[] = {
	/* as charon.plugins.imsaka.esp_keys_file writes it */
	{ "\"IPv4\",\"192.0.2.20\",\"192.0.2.1\",\"0x0967985b\",\"AES-CBC [RFC3602]\","
	  "\"" KEY16 "\",\"HMAC-SHA-1-96 [RFC2404]\",\"" KEY20 "\"",
	  LADDER_ESP_SA_OK,
	  "\"IPv4\",\"*\",\"*\",\"0x0967985b\",\"AES-CBC [RFC3602]\","
	  "\"" KEY16 "\",\"HMAC-SHA-1-96 [RFC2404]\",\"" KEY20 "\"" },
	/* strongSwan's save-keys spelling of 3DES */
	{ "\"IPv6\",\"fd00::1\",\"fd00::2\",\"0x1\",\"TripleDes-CBC [RFC2451]\","
	  "\"0x00\",\"HMAC-MD5-96 [RFC2403]\",\"0x11\"",
	  LADDER_ESP_SA_OK,
	  "\"IPv6\",\"*\",\"*\",\"0x1\",\"TripleDES-CBC [RFC2451]\","
	  "\"0x00\",\"HMAC-MD5-96 [RFC2403]\",\"0x11\"" },
	/* aes-gcm: the 16 octet ICV of TS 33.203 */
	{ "\"IPv4\",\"a\",\"b\",\"0xc351\",\"AES-GCM [RFC4106]\",\"0x0011\","
	  "\"ANY 128 bit authentication [no checking]\",\"\"",
	  LADDER_ESP_SA_OK,
	  "\"IPv4\",\"*\",\"*\",\"0xc351\",\"AES-GCM with 16 octet ICV [RFC4106]\","
	  "\"0x0011\",\"NULL\",\"\"" },
	/* aes-gmac: tshark cannot cut out its IV */
	{ "\"IPv4\",\"a\",\"b\",\"0xc351\",\"NULL\",\"\","
	  "\"ANY 128 bit authentication [no checking]\",\"0x0011\"",
	  LADDER_ESP_SA_UNSUPPORTED, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0xc351\",\"NULL\",\"\",\"NULL\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0xc351\",\"NULL\",\"\",\"NULL\",\"\",\"x\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"c351\",\"NULL\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0x123456789\",\"NULL\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPX\",\"a\",\"b\",\"0x1\",\"NULL\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0x1\",\"NULL\",\"0xzz\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	/* a quote or a line break would change the UAT file */
	{ "\"IPv4\",\"a\",\"b\",\"0x1\",\"NU\"LL\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0x1\",\"NU\nLL\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "\"IPv4\",\"a\",\"b\",\"0x1\",\"\",\"\",\"NULL\",\"\"",
	  LADDER_ESP_SA_INVALID, NULL },
	{ "", LADDER_ESP_SA_INVALID, NULL },
};

START_TEST(test_esp_sa)
{
	char out[LADDER_ESP_SA_LINE_MAX], err[128] = "";

	ck_assert_int_eq(ladder_esp_sa_rewrite(esp_sa[_i].line, out, sizeof(out),
								err, sizeof(err)), esp_sa[_i].result);
	if (esp_sa[_i].out)
	{
		ck_assert_str_eq(out, esp_sa[_i].out);
	}
	else
	{
		ck_assert(err[0]);
		/* no key material in the reason */
		ck_assert(!strstr(err, "0011"));
	}
}
END_TEST

START_TEST(test_esp_sa_long)
{
	char line[2 * LADDER_ESP_SA_LINE_MAX], out[LADDER_ESP_SA_LINE_MAX];
	char err[128];

	snprintf(line, sizeof(line), "\"IPv4\",\"a\",\"b\",\"0x1\",\"NULL\",\"0x%0*d\","
			 "\"NULL\",\"\"", LADDER_ESP_SA_LINE_MAX, 0);
	ck_assert_int_eq(ladder_esp_sa_rewrite(line, out, sizeof(out), err,
								sizeof(err)), LADDER_ESP_SA_INVALID);
}
END_TEST

START_TEST(test_hosts)
{
	ladder_hosts_t *hosts;
	char err[160];

	hosts = ladder_hosts_create();
	ck_assert(hosts->add(hosts, "ue=10.1.0.10,fd00:1::10", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "p-cscf.1=2001:db8:2:0::20", err, sizeof(err)));
	ck_assert_int_eq(hosts->get_count(hosts), 2);
	ck_assert_int_eq(hosts->lookup(hosts, "10.1.0.10"), 0);
	ck_assert_int_eq(hosts->lookup(hosts, "fd00:1:0::10"), 0);
	ck_assert_int_eq(hosts->lookup(hosts, "2001:db8:2::20"), 1);
	ck_assert_int_eq(hosts->lookup(hosts, "10.1.0.11"), -1);
	ck_assert_int_eq(hosts->lookup(hosts, "not an address"), -1);
	ck_assert_str_eq(hosts->get_name(hosts, 1), "p-cscf.1");
	ck_assert(hosts->get_name(hosts, 2) == NULL);
	hosts->destroy(hosts);
}
END_TEST

static const char *bad_hosts[] = {
	"ue",
	"=10.1.0.10",
	"ue=",
	"ue=10.1.0.10,",
	"ue=10.1.0.256",
	"u e=10.1.0.10",
	"<ue>=10.1.0.10",
	"ue=10.1.0.10,,10.1.0.11",
	"a-name-much-longer-than-thirty-one=10.1.0.10",
	"ue=1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9",
};

START_TEST(test_hosts_refused)
{
	ladder_hosts_t *hosts;
	char err[160] = "";

	hosts = ladder_hosts_create();
	ck_assert_msg(!hosts->add(hosts, bad_hosts[_i], err, sizeof(err)),
				  "'%s' accepted", bad_hosts[_i]);
	ck_assert(err[0]);
	ck_assert_int_eq(hosts->get_count(hosts), 0);
	hosts->destroy(hosts);
}
END_TEST

START_TEST(test_hosts_full)
{
	ladder_hosts_t *hosts;
	char err[160], spec[64];
	int i;

	hosts = ladder_hosts_create();
	for (i = 0; i < LADDER_HOSTS_MAX; i++)
	{
		snprintf(spec, sizeof(spec), "h%d=10.0.0.%d", i, i + 1);
		ck_assert(hosts->add(hosts, spec, err, sizeof(err)));
	}
	ck_assert(!hosts->add(hosts, "one-more=10.0.1.1", err, sizeof(err)));
	ck_assert_int_eq(hosts->get_count(hosts), LADDER_HOSTS_MAX);
	hosts->destroy(hosts);
}
END_TEST

/**
 * PSK files: the text of the file, and whether it is a valid PSK
 */
static struct {
	const char *text;
	bool ok;
} psk_files[] = {
	{ "00112233445566778899aabbccddeeff", TRUE },
	{ "00112233445566778899aabbccddeeff\n", TRUE },
	{ "  \t00112233445566778899AABBCCDDEEFF\r\n\n", TRUE },
	{ "", FALSE },
	{ "\n", FALSE },
	{ "0011223", FALSE },
	{ "00112233 44556677", FALSE },
	{ "0011zz33", FALSE },
	{ "00112233\n# a second line", FALSE },
	/* 65 bytes: one more than a PSK may have */
	{ "0011223344556677889900112233445566778899001122334455667788990011"
	  "223344556677889900112233445566778899001122334455667788990011223344",
	  FALSE },
};

START_TEST(test_psk_file)
{
	char path[] = "/tmp/imsaka-psk-XXXXXX", err[256] = "";
	ladder_tshark_t *tshark;
	FILE *file;
	int fd;

	fd = mkstemp(path);
	ck_assert(fd >= 0);
	file = fdopen(fd, "w");
	ck_assert(file);
	ck_assert(fputs(psk_files[_i].text, file) >= 0);
	ck_assert(fclose(file) == 0);
	tshark = ladder_tshark_create("tshark");
	ck_assert_msg(tshark->add_psk_file(tshark, path, err, sizeof(err)) ==
				  psk_files[_i].ok, "'%s': %s", psk_files[_i].text, err);
	if (!psk_files[_i].ok)
	{
		/* the reason names the file, never the key */
		ck_assert(strstr(err, path));
		ck_assert(!strstr(err, "0011"));
	}
	tshark->destroy(tshark);
	unlink(path);
}
END_TEST

START_TEST(test_psk_file_missing)
{
	ladder_tshark_t *tshark;
	char err[256] = "";

	tshark = ladder_tshark_create("tshark");
	ck_assert(!tshark->add_psk_file(tshark, "/nonexistent/psk", err,
									sizeof(err)));
	ck_assert(strstr(err, "/nonexistent/psk"));
	tshark->destroy(tshark);
}
END_TEST

Suite *ladder_input_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("ladder inputs");
	tc = tcase_create("esp_sa");
	tcase_add_loop_test(tc, test_esp_sa, 0, countof(esp_sa));
	tcase_add_test(tc, test_esp_sa_long);
	suite_add_tcase(s, tc);
	tc = tcase_create("hosts");
	tcase_add_test(tc, test_hosts);
	tcase_add_loop_test(tc, test_hosts_refused, 0, countof(bad_hosts));
	tcase_add_test(tc, test_hosts_full);
	suite_add_tcase(s, tc);
	tc = tcase_create("psk files");
	tcase_add_loop_test(tc, test_psk_file, 0, countof(psk_files));
	tcase_add_test(tc, test_psk_file_missing);
	suite_add_tcase(s, tc);
	return s;
}

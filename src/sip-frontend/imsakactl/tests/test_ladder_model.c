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
 * Tests of the message model: the recorded registration behind a NAT,
 * then small made-up message sets for copies, retransmissions and
 * columns.
 */

#include "ladder_tests.h"

#include <library.h>

START_TEST(test_registration)
{
	static const struct {
		const char *step, *from, *to, *label, *protection;
	} want[] = {
		{ "SM1", "ue", "nat", "REGISTER", "plain" },
		{ "SM1", "nat", "pcscf", "REGISTER", "plain" },
		{ "SM2/SM3", "pcscf", "scscf", "REGISTER", "plain" },
		{ "SM4/SM5", "scscf", "pcscf", "401 (REGISTER)", "plain" },
		{ "SM6", "pcscf", "nat", "401 (REGISTER)", "plain" },
		{ "SM6", "nat", "ue", "401 (REGISTER)", "plain" },
		{ "SM7", "ue", "nat", "REGISTER", "ESP-in-UDP spi=0x0aac8a85" },
		{ "SM7", "nat", "pcscf", "REGISTER", "ESP-in-UDP spi=0x0aac8a85" },
		{ "SM8/SM9", "pcscf", "scscf", "REGISTER", "plain" },
		{ "SM10/SM11", "scscf", "pcscf", "200 (REGISTER)", "plain" },
		{ "SM12", "pcscf", "nat", "200 (REGISTER)", "ESP-in-UDP spi=0x0967985a" },
		{ "SM12", "nat", "ue", "200 (REGISTER)", "ESP-in-UDP spi=0x0967985a" },
		{ "", "ue", "nat", "MESSAGE", "ESP-in-UDP spi=0x0aac8a85" },
		{ "", "nat", "pcscf", "MESSAGE", "ESP-in-UDP spi=0x0aac8a85" },
		{ "", "pcscf", "scscf", "MESSAGE", "plain" },
		{ "", "scscf", "pcscf", "200 (MESSAGE)", "plain" },
		{ "", "pcscf", "nat", "200 (MESSAGE)", "ESP-in-UDP spi=0x0967985a" },
		{ "", "nat", "ue", "200 (MESSAGE)", "ESP-in-UDP spi=0x0967985a" },
	};
	const ladder_arrow_t *arrow;
	ladder_model_t *model;
	int i;

	model = ladder_tests_model();
	ck_assert_int_eq(model->get_column_count(model), 4);
	ck_assert_str_eq(model->get_column(model, 0), "ue");
	ck_assert_str_eq(model->get_column(model, 1), "nat");
	ck_assert_str_eq(model->get_column(model, 2), "pcscf");
	ck_assert_str_eq(model->get_column(model, 3), "scscf");
	ck_assert_int_eq(model->get_arrow_count(model), countof(want));
	for (i = 0; i < countof(want); i++)
	{
		arrow = model->get_arrow(model, i);
		ck_assert_msg(streq(arrow->step, want[i].step), "arrow %d: %s", i,
					  arrow->step);
		ck_assert_str_eq(model->get_column(model, arrow->from), want[i].from);
		ck_assert_str_eq(model->get_column(model, arrow->to), want[i].to);
		ck_assert_str_eq(arrow->label, want[i].label);
		ck_assert_str_eq(arrow->protection, want[i].protection);
		ck_assert(!arrow->retransmission);
		ck_assert(i == 0 || arrow->seconds >=
					model->get_arrow(model, i - 1)->seconds);
		/* the NAT's leg towards the receiver carries the rewrite */
		ck_assert(!arrow->rewrite[0] == (!streq(want[i].from, "nat")));
	}
	ck_assert_str_eq(model->get_arrow(model, 1)->rewrite,
					 "NAT: source 10.1.0.10:5060 -> 192.0.2.1:26129");
	ck_assert_str_eq(model->get_arrow(model, 5)->rewrite,
					 "NAT: destination 192.0.2.1:26129 -> 10.1.0.10:5060");
	ck_assert(strstr(model->get_arrow(model, 6)->addresses,
					 "inside TCP 10.1.0.10:5064 -> 10.2.0.1:5064"));
	model->destroy(model);
}
END_TEST

/**
 * A made-up sighting
 */
static ladder_sighting_t sighting(unsigned ms, const char *src, const char *dst,
								  const char *method, uint16_t status,
								  uint32_t cseq, int ip_id)
{
	ladder_sighting_t s = {
		.time_us = 1000000000ULL * 1000000 + ms * 1000ULL,
		.status = status,
		.cseq = cseq,
		.has_ip_id = ip_id >= 0,
		.ip_id = ip_id,
		.protection = LADDER_PROT_PLAIN,
		.src.port = 5060,
		.dst.port = 5060,
	};

	snprintf(s.src.addr, sizeof(s.src.addr), "%s", src);
	snprintf(s.dst.addr, sizeof(s.dst.addr), "%s", dst);
	s.inner_src = s.src;
	s.inner_dst = s.dst;
	snprintf(s.method, sizeof(s.method), "%s", method);
	snprintf(s.cseq_method, sizeof(s.cseq_method), "REGISTER");
	snprintf(s.call_id, sizeof(s.call_id), "c1");
	return s;
}

static ladder_model_t *build(ladder_sighting_t *s, int count, bool named)
{
	ladder_hosts_t *hosts;
	ladder_model_t *model;
	char err[128];
	int i;

	hosts = ladder_hosts_create();
	if (named)
	{
		ck_assert(hosts->add(hosts, "ue=10.0.0.1", err, sizeof(err)));
		ck_assert(hosts->add(hosts, "pcscf=10.0.0.2,fd00::2", err,
							 sizeof(err)));
		ck_assert(hosts->add(hosts, "scscf=10.0.0.3", err, sizeof(err)));
	}
	model = ladder_model_create(count);
	for (i = 0; i < count; i++)
	{
		ck_assert(model->add(model, &s[i]));
	}
	model->build(model, hosts);
	hosts->destroy(hosts);
	return model;
}

START_TEST(test_retransmission)
{
	/* added out of order; SM1 sent twice, the P-CSCF's copy once */
	ladder_sighting_t s[] = {
		sighting(600, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 1, 2),
		sighting(0, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 1, 1),
		sighting(0, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 1, 1),
		sighting(700, "10.0.0.2", "10.0.0.3", "REGISTER", 0, 1, 3),
		sighting(800, "10.0.0.3", "10.0.0.2", "", 401, 1, 4),
		sighting(900, "10.0.0.2", "10.0.0.1", "", 401, 1, 5),
		sighting(1000, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 2, 6),
		sighting(1100, "10.0.0.2", "10.0.0.3", "REGISTER", 0, 2, 7),
		sighting(1200, "10.0.0.3", "10.0.0.2", "", 200, 2, 8),
		sighting(1300, "10.0.0.2", "10.0.0.1", "", 200, 2, 9),
	};
	static const char *steps[] = {
		"SM1", "", "SM2/SM3", "SM4/SM5", "SM6", "SM7", "SM8/SM9",
		"SM10/SM11", "SM12",
	};
	ladder_model_t *model;
	int i;

	model = build(s, countof(s), TRUE);
	ck_assert_int_eq(model->get_arrow_count(model), countof(steps));
	for (i = 0; i < countof(steps); i++)
	{
		ck_assert_str_eq(model->get_arrow(model, i)->step, steps[i]);
		ck_assert(model->get_arrow(model, i)->retransmission == (i == 1));
	}
	ck_assert_int_eq(model->get_column_count(model), 3);
	model->destroy(model);
}
END_TEST

START_TEST(test_unnumbered)
{
	/* a REGISTER accepted without a challenge, one challenged and never
	 * accepted: no step numbers */
	ladder_sighting_t s[] = {
		sighting(0, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 1, 1),
		sighting(10, "10.0.0.2", "10.0.0.1", "", 200, 1, 2),
		sighting(20, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 2, 3),
		sighting(30, "10.0.0.2", "10.0.0.1", "", 401, 2, 4),
		sighting(40, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 3, 5),
		sighting(50, "10.0.0.2", "10.0.0.1", "", 403, 3, 6),
	};
	ladder_model_t *model;
	int i;

	model = build(s, countof(s), TRUE);
	ck_assert_int_eq(model->get_arrow_count(model), countof(s));
	for (i = 0; i < countof(s); i++)
	{
		ck_assert_str_eq(model->get_arrow(model, i)->step, "");
	}
	model->destroy(model);
}
END_TEST

START_TEST(test_columns)
{
	/* unknown addresses get columns of their own, after the hosts; an
	 * IPv6 packet (no identification) seen twice at once is one */
	ladder_sighting_t s[] = {
		sighting(0, "192.0.2.99", "10.0.0.2", "OPTIONS", 0, 1, 1),
		sighting(10, "10.0.0.3", "fd00::2", "MESSAGE", 0, 1, -1),
		sighting(10, "10.0.0.3", "fd00::2", "MESSAGE", 0, 1, -1),
		sighting(20, "10.0.0.2", "2001:db8::7", "", 200, 1, -1),
	};
	ladder_model_t *model;

	model = build(s, countof(s), TRUE);
	ck_assert_int_eq(model->get_column_count(model), 4);
	ck_assert_str_eq(model->get_column(model, 0), "pcscf");
	ck_assert_str_eq(model->get_column(model, 1), "scscf");
	ck_assert_str_eq(model->get_column(model, 2), "192.0.2.99");
	ck_assert_str_eq(model->get_column(model, 3), "2001:db8::7");
	ck_assert_int_eq(model->get_arrow_count(model), 3);
	ck_assert_int_eq(model->get_arrow(model, 1)->from, 1);
	ck_assert_int_eq(model->get_arrow(model, 1)->to, 0);
	ck_assert_str_eq(model->get_arrow(model, 2)->label, "200 (REGISTER)");
	model->destroy(model);

	/* without hosts: every address a column, in order of appearance */
	model = build(s, countof(s), FALSE);
	ck_assert_int_eq(model->get_column_count(model), 5);
	ck_assert_str_eq(model->get_column(model, 0), "192.0.2.99");
	ck_assert_str_eq(model->get_column(model, 1), "10.0.0.2");
	model->destroy(model);
}
END_TEST

START_TEST(test_two_nats)
{
	/* the UE's NAT rewrites the source, the P-CSCF's NAT the destination
	 * (a port forward): three sightings, three legs through both NATs */
	ladder_sighting_t s[] = {
		sighting(0, "10.0.0.1", "192.0.2.2", "REGISTER", 0, 1, 1),
		sighting(1, "192.0.2.1", "192.0.2.2", "REGISTER", 0, 1, 1),
		sighting(2, "192.0.2.1", "10.0.0.2", "REGISTER", 0, 1, 1),
	};
	ladder_model_t *model;
	ladder_hosts_t *hosts;
	char err[128];
	int i;

	s[1].src.port = 40000;
	s[2].src.port = 40000;
	hosts = ladder_hosts_create();
	ck_assert(hosts->add(hosts, "ue=10.0.0.1", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "nat=192.0.2.1", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "nat2=192.0.2.2", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "pcscf=10.0.0.2", err, sizeof(err)));
	model = ladder_model_create(countof(s));
	for (i = 0; i < countof(s); i++)
	{
		ck_assert(model->add(model, &s[i]));
	}
	model->build(model, hosts);
	ck_assert_int_eq(model->get_arrow_count(model), 3);
	for (i = 0; i < 3; i++)
	{
		ck_assert_int_eq(model->get_arrow(model, i)->from, i);
		ck_assert_int_eq(model->get_arrow(model, i)->to, i + 1);
	}
	ck_assert_str_eq(model->get_arrow(model, 0)->rewrite, "");
	ck_assert_str_eq(model->get_arrow(model, 1)->rewrite,
					 "NAT: source 10.0.0.1:5060 -> 192.0.2.1:40000");
	ck_assert_str_eq(model->get_arrow(model, 2)->rewrite,
					 "NAT: destination 192.0.2.2:5060 -> 10.0.0.2:5060");
	model->destroy(model);
	hosts->destroy(hosts);
}
END_TEST

START_TEST(test_tls)
{
	/* TLS is named by the mechanism the Call-ID agreed on: SM7's
	 * Security-Verify, else the Security-Server of SM6 */
	ladder_sighting_t s[] = {
		sighting(0, "10.0.0.1", "10.0.0.2", "", 401, 1, 1),
		sighting(10, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 2, 2),
		sighting(20, "10.0.0.1", "10.0.0.2", "REGISTER", 0, 3, 3),
	};
	ladder_model_t *model;
	int i;

	snprintf(s[0].server_mech, sizeof(s[0].server_mech), "tls-aka");
	for (i = 1; i < countof(s); i++)
	{
		s[i].protection = LADDER_PROT_TLS;
		s[i].tcp = TRUE;
		s[i].src.port = 40000;
	}
	model = build(s, countof(s), TRUE);
	ck_assert_str_eq(model->get_arrow(model, 1)->protection, "tls-aka");
	ck_assert_str_eq(model->get_arrow(model, 1)->addresses,
					 "TLS/TCP 10.0.0.1:40000 -> 10.0.0.2:5060");
	model->destroy(model);

	snprintf(s[1].verify_mech, sizeof(s[1].verify_mech), "tls-psk");
	model = build(s, countof(s), TRUE);
	ck_assert_str_eq(model->get_arrow(model, 2)->protection, "TLS-PSK");
	model->destroy(model);

	s[0].server_mech[0] = s[1].verify_mech[0] = '\0';
	model = build(s, countof(s), TRUE);
	ck_assert_str_eq(model->get_arrow(model, 2)->protection, "TLS");
	model->destroy(model);
}
END_TEST

START_TEST(test_full)
{
	ladder_sighting_t s = sighting(0, "10.0.0.1", "10.0.0.2", "REGISTER",
								   0, 1, 1);
	ladder_model_t *model;

	model = ladder_model_create(2);
	ck_assert(model->add(model, &s));
	ck_assert(model->add(model, &s));
	ck_assert(!model->add(model, &s));
	model->destroy(model);
}
END_TEST

Suite *ladder_model_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("ladder model");
	tc = tcase_create("recorded");
	tcase_add_test(tc, test_registration);
	suite_add_tcase(s, tc);
	tc = tcase_create("made up");
	tcase_add_test(tc, test_retransmission);
	tcase_add_test(tc, test_unnumbered);
	tcase_add_test(tc, test_columns);
	tcase_add_test(tc, test_two_nats);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_full);
	suite_add_tcase(s, tc);
	return s;
}

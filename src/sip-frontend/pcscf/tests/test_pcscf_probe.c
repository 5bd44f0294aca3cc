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
 * OPTIONS addressed to the P-CSCF itself: which Request-URIs name it, who
 * may probe it over the unprotected ports, the 200 and the 503 as sent,
 * a registered UE's keep-alive in its protection, and OPTIONS to anyone
 * else forwarded as before (the registration fixture's fake charon and
 * transport).
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include "pcscf_register_fixture.h"
#include "../pcscf_networks.h"
#include "../pcscf_probe.h"
#include "../pcscf_sip.h"

/** an OPTIONS to a Request-URI from a Via sent-by, CSeq 10 (free it) */
static char *options_text(const char *uri, const char *via)
{
	char *text;

	ck_assert(asprintf(&text,
		"OPTIONS %s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %s;branch=z9hG4bKprobe1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:dispatcher@localhost>;tag=d1\r\n"
		"To: <%s>\r\n"
		"Call-ID: probe1@localhost\r\n"
		"CSeq: 10 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n", uri, via, uri) > 0);
	return text;
}

/** Request-URIs and whether they name the P-CSCF of the fixture (listen
 *  192.0.2.20:5060, protected 10.2.0.1 port_c 5062/5063 port_s 5064,
 *  alias pcscf1.ims.example.net) */
static struct {
	const char *uri;
	bool own;
} uris[] = {
	{ "sip:192.0.2.20", true },
	{ "sip:192.0.2.20:5060", true },
	{ "sips:192.0.2.20:5060", true },
	{ "SIP:192.0.2.20:5060", true },
	{ "sip:192.0.2.20:5060;transport=udp", true },
	{ "sip:10.2.0.1:5064", true },
	{ "sip:10.2.0.1:5062", true },
	{ "sip:10.2.0.1:5063", true },
	{ "sip:10.2.0.1", true },
	{ "sip:pcscf1.ims.example.net", true },
	{ "sip:PCSCF1.ims.example.net:5064", true },
	/* a port not its own on the address */
	{ "sip:192.0.2.20:5064", false },
	{ "sip:10.2.0.1:5060", false },
	{ "sip:192.0.2.20:5061", false },
	{ "sip:pcscf1.ims.example.net:5070", false },
	/* someone else, or a user at the P-CSCF */
	{ "sip:192.0.2.21:5060", false },
	{ "sip:192.0.2.30:5060", false },
	{ "sip:pcscf2.ims.example.net", false },
	{ "sip:ims.example.net", false },
	{ "sip:bob@192.0.2.20:5060", false },
	{ "sip:bob@ims.example.net", false },
	{ "tel:+4930123456", false },
};

START_TEST(test_is_probe)
{
	pcscf_probe_t *probe;
	sip_msg_t *msg;
	char *text;

	snprintf(config.aliases[0], sizeof(config.aliases[0]), "%s",
			 "pcscf1.ims.example.net");
	config.alias_count = 1;
	probe = pcscf_probe_create(&config, NULL, NULL, NULL);
	text = options_text(uris[_i].uri, "192.0.2.30:5060");
	msg = pcscf_sip_parse(text, strlen(text));
	ck_assert_msg(msg, "%s does not parse", uris[_i].uri);
	ck_assert_msg(probe->is_probe(probe, msg) ==
				  uris[_i].own, "%s", uris[_i].uri);
	imsaka_sip_free(msg);
	free(text);
	/* the same URI in another method is no probe */
	ck_assert(asprintf(&text, "MESSAGE %s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.30:5060;branch=z9hG4bKm1\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: m1\r\n"
		"CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n", uris[_i].uri) > 0);
	msg = pcscf_sip_parse(text, strlen(text));
	ck_assert(msg);
	ck_assert(!probe->is_probe(probe, msg));
	imsaka_sip_free(msg);
	free(text);
	probe->destroy(probe);
}
END_TEST

/** the Kamailio dispatcher's probe of the unit, from the S-CSCF's side */
START_TEST(test_core_probe)
{
	char *text, vias[512], sent_vias[512], value[256];
	const char *sent;

	text = options_text("sip:192.0.2.20:5060", "192.0.2.30:5060");
	receive_text(&scscf, text);
	ck_assert_int_eq(transport->sent_count, 1);
	sent = sent_to(&scscf);
	ck_assert_msg(strncmp(sent, "SIP/2.0 200 OK\r\n", 16) == 0, "%s", sent);
	via_lines(text, vias, sizeof(vias));
	via_lines(sent, sent_vias, sizeof(sent_vias));
	ck_assert_str_eq(sent_vias, vias);
	ck_assert(header_value(sent, "CSeq", value, sizeof(value)));
	ck_assert_str_eq(value, "10 OPTIONS");
	ck_assert(header_value(sent, "Call-ID", value, sizeof(value)));
	ck_assert_str_eq(value, "probe1@localhost");
	ck_assert(header_value(sent, "To", value, sizeof(value)));
	ck_assert_msg(strncmp(value, "<sip:192.0.2.20:5060>;tag=", 26) == 0,
				  "%s", value);
	ck_assert_int_gt(strlen(value), 26);
	ck_assert(header_value(sent, "From", value, sizeof(value)));
	ck_assert_str_eq(value, "<sip:dispatcher@localhost>;tag=d1");
	ck_assert(header_value(sent, "Allow", value, sizeof(value)));
	ck_assert(strstr(value, "OPTIONS"));
	ck_assert(strstr(value, "REGISTER"));
	ck_assert(header_value(sent, "Accept", value, sizeof(value)));
	ck_assert_str_eq(value, "application/sdp");
	ck_assert(header_value(sent, "Supported", value, sizeof(value)));
	ck_assert(strstr(value, "sec-agree"));
	ck_assert(strstr(value, "path"));
	ck_assert(header_value(sent, "Content-Length", value, sizeof(value)));
	ck_assert_str_eq(value, "0");
	ck_assert(!strstr(sent, "Retry-After"));
	ck_assert_int_gt(fake.hellos, 0);
	/* nothing asked of charon's registration side */
	ck_assert_int_eq(fake.count, 0);
	assert_counters(PCSCF_OPTIONS_ANSWERED, 1, PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** charon's control socket gone: 503 with Retry-After until it is back */
START_TEST(test_core_probe_charon_down)
{
	char *text, value[64];
	const char *sent;

	text = options_text("sip:192.0.2.20", "192.0.2.30:5060");
	fake.down = true;
	receive_text(&scscf, text);
	ck_assert_int_eq(transport->sent_count, 1);
	sent = sent_to(&scscf);
	ck_assert_msg(strncmp(sent, "SIP/2.0 503 ", 12) == 0, "%s", sent);
	ck_assert(header_value(sent, "Retry-After", value, sizeof(value)));
	ck_assert_str_eq(value, "10");
	ck_assert(header_value(sent, "CSeq", value, sizeof(value)));
	ck_assert_str_eq(value, "10 OPTIONS");
	ck_assert(!strstr(sent, "\r\nAllow:"));
	assert_counters(PCSCF_OPTIONS_UNAVAILABLE, 1, PCSCF_COUNTER_MAX);
	/* back */
	fake.down = false;
	receive_text(&scscf, text);
	ck_assert(strncmp(sent_to(&scscf), "SIP/2.0 200 ", 12) == 0);
	assert_counters(PCSCF_OPTIONS_UNAVAILABLE, 1, PCSCF_OPTIONS_ANSWERED, 1,
					PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** a stopping P-CSCF: 503 to the core and to its UEs */
START_TEST(test_probe_stopping)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;

	register_ue();
	proxy->set_stopping(proxy);
	text = options_text("sip:192.0.2.20:5060", "192.0.2.30:5060");
	receive_text(&scscf, text);
	ck_assert(strncmp(sent_to(&scscf), "SIP/2.0 503 ", 12) == 0);
	free(text);
	text = options_text("sip:10.2.0.1:5064", "10.1.0.10:5064");
	receive_text(&ue, text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 503 ", 12) == 0);
	free(text);
}
END_TEST

/** loopback and the S-CSCF may probe by default; probe_from replaces both */
START_TEST(test_probe_from)
{
	sip_peer_t peer = scscf;
	char *text;

	text = options_text("sip:192.0.2.20:5060", "127.0.0.1:5090");
	parse_addr("127.0.0.1:5090", &peer.remote);
	receive_text(&peer, text);
	ck_assert(strncmp(sent_to(&peer), "SIP/2.0 200 ", 12) == 0);
	/* the S-CSCF's address, another port */
	parse_addr("192.0.2.30:5080", &peer.remote);
	receive_text(&peer, text);
	ck_assert(strncmp(sent_to(&peer), "SIP/2.0 200 ", 12) == 0);
	assert_counters(PCSCF_OPTIONS_ANSWERED, 2, PCSCF_COUNTER_MAX);

	ck_assert(pcscf_networks_parse("198.51.100.0/24", config.probe_from,
								   &config.probe_from_count));
	config.probe_from_scscf = false;
	parse_addr("198.51.100.77:5060", &peer.remote);
	receive_text(&peer, text);
	ck_assert(strncmp(sent_to(&peer), "SIP/2.0 200 ", 12) == 0);
	/* loopback no more; the S-CSCF's requests as before (501) */
	parse_addr("127.0.0.1:5090", &peer.remote);
	receive_text(&peer, text);
	ck_assert(strncmp(sent_to(&peer), "SIP/2.0 403 ", 12) == 0);
	receive_text(&scscf, text);
	ck_assert(strncmp(sent_to(&scscf), "SIP/2.0 501 ", 12) == 0);
	assert_counters(PCSCF_OPTIONS_ANSWERED, 3, PCSCF_UNPROTECTED_REFUSED, 1,
					PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** an unprotected probe from a UE's address: refused as any unprotected
 *  request, registered or not, charon there or not */
START_TEST(test_unprotected_ue_probe_refused)
{
	char *text;

	text = options_text("sip:192.0.2.20:5060", "10.1.0.10:5060");
	receive_text(&ue_unprotected, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 403 ", 12) == 0);
	register_ue();
	receive_text(&ue_unprotected, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 403 ", 12) == 0);
	ck_assert_int_eq(fake.hellos, 0);
	assert_counters(PCSCF_UNPROTECTED_REFUSED, 2, PCSCF_REG_INITIAL, 1,
					PCSCF_MECH_IPSEC_3GPP, 1, PCSCF_GAUGE_REGISTRATIONS, 1,
					PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** a registered UE's keep-alive over its protected ports: 200 from the
 *  P-CSCF, not forwarded, whatever charon's control socket does */
START_TEST(test_protected_probe)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text, value[256];
	const char *sent;

	register_ue();
	fake_transport_clear(transport);
	text = options_text("sip:10.2.0.1:5064", "10.1.0.10:5064");
	receive_text(&ue, text);
	ck_assert_int_eq(transport->sent_count, 1);
	sent = sent_to(&ue);
	ck_assert_msg(strncmp(sent, "SIP/2.0 200 OK\r\n", 16) == 0, "%s", sent);
	ck_assert(header_value(sent, "CSeq", value, sizeof(value)));
	ck_assert_str_eq(value, "10 OPTIONS");
	ck_assert(header_value(sent, "Allow", value, sizeof(value)));
	fake.down = true;
	receive_text(&ue, text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200 OK\r\n", 16) == 0);
	ck_assert_int_eq(transport->sent_count, 2);
	/* on port_pc: refused as any request there */
	ue.local.port = 5062;
	receive_text(&ue, text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 403 ", 12) == 0);
	/* from an address no set has: dropped */
	ue = protected_peer(6000, 5064);
	receive_text(&ue, text);
	ck_assert_int_eq(transport->sent_count, 3);
	assert_counters(PCSCF_OPTIONS_ANSWERED, 2, PCSCF_PROTECTED_REFUSED, 1,
					PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** OPTIONS to a user, or to another host, is forwarded as before */
START_TEST(test_options_to_others_forwarded)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;
	const char *sent;

	register_ue();
	text = options_text("sip:bob@ims.example.net", "10.1.0.10:5064");
	receive_text(&ue, text);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "OPTIONS sip:bob@ims.example.net ", 32) == 0);
	free(text);
	text = options_text("sip:192.0.2.21:5060", "10.1.0.10:5064");
	receive_text(&ue, text);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "OPTIONS sip:192.0.2.21:5060 ", 28) == 0);
	/* a user at the P-CSCF's own address is a user */
	free(text);
	text = options_text("sip:carol@10.2.0.1:5064", "10.1.0.10:5064");
	receive_text(&ue, text);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "OPTIONS sip:carol@10.2.0.1:5064 ", 32) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	free(text);
}
END_TEST

/** lists of prefixes: what parses, what each holds */
static struct {
	const char *list;
	int count;
	const char *in, *out;
} networks[] = {
	{ "192.0.2.0/24", 1, "192.0.2.200", "192.0.3.1" },
	{ "192.0.2.30", 1, "192.0.2.30:5060", "192.0.2.31" },
	{ " 10.0.0.0/8 , 2001:db8::/32 ", 2, "2001:db8:1::5", "2001:db9::1" },
	{ "::1", 1, "::1", "127.0.0.1" },
	{ "0.0.0.0/0", 1, "203.0.113.9", "::1" },
	{ "172.16.0.0/12", 1, "172.31.255.255", "172.32.0.0" },
	{ "", 0, NULL, "127.0.0.1" },
	/* refused */
	{ "192.0.2.1/24", -1 },
	{ "192.0.2.0/33", -1 },
	{ "2001:db8::/129", -1 },
	{ "192.0.2.0/", -1 },
	{ "192.0.2.0/-1", -1 },
	{ "192.0.2.0/24x", -1 },
	{ "192.0.2.30:5060", -1 },
	{ "localhost", -1 },
	{ "192.0.2.1,", -1 },
	{ "192.0.2.1,,192.0.2.2", -1 },
	{ "1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,1.0.0.6,1.0.0.7,1.0.0.8,"
	  "1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,1.0.0.13,1.0.0.14,1.0.0.15,"
	  "1.0.0.16,1.0.0.17", -1 },
};

START_TEST(test_networks)
{
	pcscf_network_t nets[PCSCF_NETWORKS_MAX];
	imsaka_addr_t addr;
	int count;

	if (networks[_i].count < 0)
	{
		ck_assert_msg(!pcscf_networks_parse(networks[_i].list, nets, &count),
					  "%s", networks[_i].list);
		return;
	}
	ck_assert_msg(pcscf_networks_parse(networks[_i].list, nets, &count),
				  "%s", networks[_i].list);
	ck_assert_int_eq(count, networks[_i].count);
	if (networks[_i].in)
	{
		parse_addr(networks[_i].in, &addr);
		ck_assert(pcscf_networks_contain(nets, count, &addr));
	}
	parse_addr(networks[_i].out, &addr);
	ck_assert(!pcscf_networks_contain(nets, count, &addr));
}
END_TEST

Suite *pcscf_probe_suite_create(void)
{
	Suite *s = suite_create("pcscf probe");
	TCase *tc;

	tc = tcase_create("networks");
	tcase_add_loop_test(tc, test_networks, 0, countof(networks));
	suite_add_tcase(s, tc);

	tc = tcase_create("request-uri");
	tcase_add_checked_fixture(tc, register_setup, register_teardown);
	tcase_add_loop_test(tc, test_is_probe, 0, countof(uris));
	suite_add_tcase(s, tc);

	tc = tcase_create("answers");
	tcase_add_checked_fixture(tc, register_setup_caps, register_teardown);
	tcase_add_test(tc, test_core_probe);
	tcase_add_test(tc, test_core_probe_charon_down);
	tcase_add_test(tc, test_probe_stopping);
	tcase_add_test(tc, test_probe_from);
	tcase_add_test(tc, test_unprotected_ue_probe_refused);
	tcase_add_test(tc, test_protected_probe);
	tcase_add_test(tc, test_options_to_others_forwarded);
	suite_add_tcase(s, tc);
	return s;
}

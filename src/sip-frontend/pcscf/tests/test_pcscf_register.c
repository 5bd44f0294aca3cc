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
 * The P-CSCF driven with SIP texts: SM1 from a UE behind a NAT, the
 * S-CSCF's 401 with CK and IK, SM7, the 200; re-registration,
 * de-registration, expiry and shutdown, with a fake charon and a fake
 * transport.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include <hex.h>
#include <nat_detect.h>

#include "pcscf_register_fixture.h"

START_TEST(test_registration_behind_nat)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	imsaka_secagree_list_t server;
	const imsaka_secagree_entry_t *e;
	char value[2048], hex[41];
	const char *sent;

	fake_log_start(3);
	/* SM1 -> SM2 */
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	/* no charon context before the keys: sa-prepare makes it */
	ck_assert(!fake.count);
	sent = sent_to(&scscf);
	ck_assert(strstr(sent, "\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;"
					 "branch=z9hG4bK-imsaka-"));
	ck_assert(strstr(sent, "\r\nVia: SIP/2.0/UDP 10.1.0.10:5060;"
					 "branch=z9hG4bKue1;rport=20001;received=192.0.2.1") ||
			  strstr(sent, "\r\nVia: SIP/2.0/UDP 10.1.0.10:5060;"
					 "branch=z9hG4bKue1;received=192.0.2.1;rport=20001"));
	ck_assert(!strstr(sent, "Security-Client"));
	ck_assert(!strstr(sent, "sec-agree"));
	ck_assert(strstr(sent, "Path: <sip:term@192.0.2.20:5060;lr>"));
	ck_assert(strstr(sent, "integrity-protected=\"no\""));
	ck_assert(strstr(sent, "nonce=\"\""));

	/* SM4 -> SM6 */
	receive_free(&scscf, sm4_text(1, true));
	/* one request: context, keys, SPIs, temporary set */
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake_control_find(&fake, "sa-prepare"),
		"sa-prepare impi=" IMPI " ck=" CK_HEX " ik=" IK_HEX " "
		"local=10.2.0.1 port-c=5062 port-s=5064 "
		"remote=10.1.0.10 rport-c=5064 "
		"rport-s=5066 rspi-c=1111 rspi-s=2222 mod=UDP-enc-tun "
		"alg=hmac-sha-1-96 ealg=aes-cbc local-outer=192.0.2.20:4500 "
		"remote-outer=192.0.2.1:4500");
	sent = sent_to(&ue_unprotected);
	ck_assert(strncmp(sent, "SIP/2.0 401", 11) == 0);
	ck_assert(!strstr(sent, "ck="));
	ck_assert(!strstr(sent, "ik="));
	ck_assert(!strstr(sent, CK_HEX));
	ck_assert(!strstr(sent, IK_HEX));
	ck_assert(strstr(sent, "nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\""));
	ck_assert(strstr(sent, "algorithm=AKAv1-MD5"));
	ck_assert(!strstr(sent, "192.0.2.20:5060;branch"));
	e = security_server(sent, &server, value, sizeof(value));
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(e->spi_c, 65536);
	ck_assert_int_eq(e->spi_s, 65537);
	ck_assert_int_eq(e->port_c, 5062);
	ck_assert_int_eq(e->port_s, 5064);
	ck_assert_int_eq(e->alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(e->ealg, IMSAKA_ESP_EALG_AES_CBC);
	ck_assert_int_eq(imsaka_secagree_entry_mod(e), IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert(e->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_P));
	natd_hash("192.0.2.20:5060", hex);
	ck_assert(strstr(value, hex));
	natd_hash("192.0.2.1:20001", hex);
	ck_assert(strstr(value, hex));

	/* SM7 -> SM8 */
	fake_control_clear(&fake);
	receive_free(&sm7_peer, sm7_text(sent, "192.0.2.20:5060", OA, NULL));
	ck_assert_int_eq(fake.count, 0);
	sent = sent_to(&scscf);
	ck_assert(strstr(sent, "REGISTER sip:ims.example.net"));
	ck_assert(strstr(sent, "integrity-protected=\"yes\""));
	ck_assert(!strstr(sent, "Security-Client"));
	ck_assert(!strstr(sent, "Security-Verify"));
	ck_assert(!strstr(sent, "sec-agree"));

	/* SM10 -> SM12 */
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert_str_eq(fake.requests[0], "sa-promote ctx=1 expires=600");
	ck_assert_int_eq(fake.count, 1);
	sent = sent_to(&sm7_peer);
	ck_assert(strncmp(sent, "SIP/2.0 200", 11) == 0);
	ck_assert(header_value(sent, "Security-Server", value, sizeof(value)));
	ck_assert(strstr(value, "oa-pl=\"192.0.2.20:5060\""));
	ck_assert(!strstr(value, "oa-pp"));
	ck_assert(fake_transport_longest_timer(transport)->ms >= 600 * 1000);
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	/* every step logged, keys never below level 4 */
	ck_assert(strstr(fake_log_text(), IMPI " SM1 forwarded"));
	ck_assert(strstr(fake_log_text(), IMPI " SM4 keys taken, temporary set "
					 "installed, SM6 sent"));
	ck_assert(strstr(fake_log_text(), "nat=ue mod=UDP-enc-tun"));
	ck_assert(strstr(fake_log_text(), IMPI " SM10 set promoted"));
	ck_assert(!strstr(fake_log_text(), CK_HEX));
	ck_assert(!strstr(fake_log_text(), IK_HEX));
	fake_log_start(0);
}
END_TEST

START_TEST(test_requests_after_registration)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;
	const char *sent;
	static const char options[] =
		"OPTIONS sip:bob@ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:5064;branch=z9hG4bKopt1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"Route: <sip:10.2.0.1:5064;lr>\r\n"
		"From: <sip:alice@ims.example.net>;tag=o1\r\n"
		"To: <sip:bob@ims.example.net>\r\n"
		"Call-ID: opt1@10.1.0.10\r\n"
		"CSeq: 1 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n";

	register_ue();
	/* protected: forwarded, the answer goes back the protected way */
	receive_text(&ue, options);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "OPTIONS sip:bob@ims.example.net", 31) == 0);
	ck_assert(!strstr(sent, "Route:"));
	ck_assert(asprintf(&text, "SIP/2.0 200 OK\r\n%s"
		"From: <sip:alice@ims.example.net>;tag=o1\r\n"
		"To: <sip:bob@ims.example.net>;tag=b\r\nCall-ID: opt1@10.1.0.10\r\n"
		"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
		({ static char v[1024]; via_lines(sent, v, sizeof(v)); v; })) > 0);
	receive_text(&scscf, text);
	free(text);
	sent = sent_to(&ue);
	ck_assert(strncmp(sent, "SIP/2.0 200 OK", 14) == 0);
	ck_assert(!strstr(sent, "z9hG4bK-imsaka"));
	/* unprotected from the same UE: 403 */
	receive_text(&ue_unprotected, options);
	sent = sent_to(&ue_unprotected);
	ck_assert(strncmp(sent, "SIP/2.0 403", 11) == 0);
	/* from an unknown protected address: dropped */
	transport->sent_count ? fake_transport_clear(transport) : (void)0;
	ue.remote.port = 6000;
	receive_text(&ue, options);
	ck_assert_int_eq(transport->sent_count, 0);
}
END_TEST

START_TEST(test_deregistration)
{
	sip_peer_t ue = protected_peer(5064, 5064);

	register_ue();
	fake_control_clear(&fake);
	receive_free(&ue, register_text("5064", 3, "", "0"));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	scscf_answers("200 OK", 3, "");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	/* the 200 travels over the set, which goes 2 s later */
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(transport->aborts, 0);
	fire_linger();
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	/* first the TCP connections of the set were reset: port_ps <-> port_uc
	 * and port_pc <-> port_us, nothing of theirs may follow in clear */
	ck_assert_int_eq(transport->aborts, 2);
	ck_assert(imsaka_addr_equals(&transport->aborted_local[0], &ue.local));
	ck_assert(imsaka_addr_equals(&transport->aborted_remote[0], &ue.remote));
	ck_assert_int_eq(transport->aborted_local[1].port, 5062);
	ck_assert_int_eq(transport->aborted_remote[1].port, 5066);
}
END_TEST

/**
 * A UE that de-registered and registers again at once (new SM1 inside the
 * 2 s the old set lingers for its 200): the new handshake is not taken
 * down with the old registration when the linger ends
 */
START_TEST(test_register_again_while_deregistered_lingers)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sm6;
	int i;

	register_ue();
	receive_free(&ue, register_text("5064", 3, "", "0"));
	scscf_answers("200 OK", 3, "");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	fake_control_clear(&fake);
	/* the old registration goes when the new SM1 comes, not 2 s later
	 * in the middle of the new handshake */
	sm6 = register_to_sm6("192.0.2.20:5060");
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	for (i = 0; i < transport->timer_count; i++)
	{
		ck_assert(!transport->timers[i].active ||
				  transport->timers[i].ms != 2000);
	}
	fake_control_clear(&fake);
	receive_free(&ue, sm7_text(sm6, "192.0.2.20:5060", OA, NULL));
	sent_to(&scscf);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/**
 * A registered UE that registers again from SM1 (a new flow, after a
 * failure): the new set gets a context of its own, and promoting it
 * removes the context in force in the same request, never two sets in
 * force for one UE
 */
START_TEST(test_new_initial_registration_replaces)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sm6;

	register_ue();
	fake_control_clear(&fake);
	sm6 = register_to_sm6("192.0.2.20:5060");
	ck_assert(strstr(fake_control_find(&fake, "sa-prepare"),
					 "sa-prepare impi=" IMPI " "));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	receive_free(&ue, sm7_text(sm6, "192.0.2.20:5060", OA, NULL));
	sent_to(&scscf);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert_str_eq(fake_control_find(&fake, "sa-promote"),
					 "sa-promote ctx=2 expires=600 replaces=1");
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

START_TEST(test_deregistration_challenged)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sent;

	register_ue();
	fake_control_clear(&fake);
	receive_free(&ue, register_text("5064", 3, "", "0"));
	sent_to(&scscf);
	/* the S-CSCF challenges the de-REGISTER: the 401 reaches the UE, but
	 * never with CK/IK, and the registration stays */
	receive_free(&scscf, sm4_text(3, true));
	sent = sent_to(&ue);
	ck_assert(strncmp(sent, "SIP/2.0 401", 11) == 0);
	ck_assert(strstr(sent, "nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\""));
	ck_assert(!strstr(sent, "ck="));
	ck_assert(!strstr(sent, "ik="));
	ck_assert(!strstr(sent, CK_HEX));
	ck_assert(!strstr(sent, IK_HEX));
	ck_assert(!fake_control_find(&fake, "ctx-keys"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* answered, the de-registration goes through */
	receive_free(&ue, register_text("5064", 4, "", "0"));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	scscf_answers("200 OK", 4, "");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	fire_linger();
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	/* the challenge is no failure (caps: an older plugin's ERR) */
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_REG_DEREGISTERED, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_deregistration_malformed_401)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sent;

	register_ue();
	receive_free(&ue, register_text("5064", 3, "", "0"));
	sent_to(&scscf);
	/* a WWW-Authenticate the P-CSCF cannot parse might hide keys: 500 */
	scscf_answers("401 Unauthorized", 3, "WWW-Authenticate: Digest "
		"realm=\"ims.example.net\", ck=\"" CK_HEX "\", ik=\"" IK_HEX "\", "
		"nonce=\"unterminated\r\n");
	sent = sent_to(&ue);
	ck_assert(strncmp(sent, "SIP/2.0 500", 11) == 0);
	ck_assert(!strstr(sent, CK_HEX));
	ck_assert(!strstr(sent, IK_HEX));
}
END_TEST

START_TEST(test_pcscf_behind_nat)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char value[2048];
	const char *sm6;

	/* the UE sends to nat2's 192.0.2.2, which forwards to 192.0.2.20 */
	parse_addr("192.0.2.2:5060", &config.public_address);
	sm6 = register_to_sm6("192.0.2.2:5060");
	ck_assert(strstr(fake_control_find(&fake, "sa-prepare"),
					 "local-outer=192.0.2.20:4500 remote-outer=192.0.2.1:4500"));
	/* keep-alives from SM4 on: the binding exists before the UE's first
	 * ESP packet, whose mapping the plugin then makes it follow */
	ck_assert_str_eq(fake_control_find(&fake, "keepalive-start"),
					 "keepalive-start ctx=1 src=192.0.2.20:4500 "
					 "dst=192.0.2.1:4500");
	fake_control_clear(&fake);
	/* SM7 repeats the hash-pp of SM1 (192.0.2.2) */
	receive_free(&ue, sm7_text(sm6, "192.0.2.2:5060", OA, NULL));
	sent_to(&scscf);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	/* not again at SM10: that would undo what the plugin learned */
	ck_assert(fake_control_find(&fake, "sa-promote ctx=1"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
	ck_assert(header_value(sent_to(&ue), "Security-Server", value, sizeof(value)));
	ck_assert(strstr(value, "oa-pl=\"192.0.2.20:5060\""));
	ck_assert(strstr(value, "oa-pp=\"192.0.2.2:5060\""));
}
END_TEST

START_TEST(test_only_pcscf_behind_nat)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;
	const char *sm6;

	/* the UE itself is not behind a NAT: its port 4500 is known, the
	 * keep-alives start after its first ESP packet, at SM10 */
	parse_addr("10.1.0.10:5060", &ue_unprotected.remote);
	parse_addr("192.0.2.2:5060", &config.public_address);
	sm6 = register_to_sm6("192.0.2.2:5060");
	ck_assert(strstr(fake_control_find(&fake, "sa-prepare"),
					 "local-outer=192.0.2.20:4500 remote-outer=10.1.0.10:4500"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
	text = sm7_text(sm6, "192.0.2.2:5060",
					";oa-ul=\"10.1.0.10:5060\";oa-up=\"10.1.0.10:5060\"", NULL);
	receive_text(&ue, text);
	free(text);
	sent_to(&scscf);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert_str_eq(fake_control_find(&fake, "keepalive-start"),
					 "keepalive-start ctx=1 src=192.0.2.20:4500 "
					 "dst=10.1.0.10:4500");
}
END_TEST

START_TEST(test_ue_behind_nat_no_keepalives)
{
	/* only the P-CSCF's own NAT needs its keep-alives */
	register_ue();
	ck_assert(fake_control_find(&fake, "sa-promote ctx=1"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
}
END_TEST

START_TEST(test_expiry_and_shutdown)
{
	fake_timer_t *timer;

	register_ue();
	fake_control_clear(&fake);
	timer = fake_transport_longest_timer(transport);
	ck_assert(timer);
	ck_assert_int_eq(timer->ms, (600 + 30) * 1000);
	timer->active = false;
	timer->cb(timer->data);
	ck_assert_str_eq(fake_control_find(&fake, "ctx-delete"), "ctx-delete ctx=1");
	ck_assert_int_eq(proxy->get_count(proxy), 0);

	register_ue();
	fake_control_clear(&fake);
	ck_assert_int_eq(proxy->shutdown(proxy), 1);
	ck_assert_str_eq(fake_control_find(&fake, "ctx-delete"), "ctx-delete ctx=2");
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_reregistration)
{
	sip_peer_t ue = protected_peer(5064, 5064), ue2 = protected_peer(5065, 5064);
	char server[2048], security[6000];
	const char *sent;

	register_ue();
	ck_assert(header_value(fake_transport_last(transport)->text, "Security-Server",
					 server, sizeof(server)) || true);
	/* the Security-Server in force is the one of SM6 */
	fake_control_clear(&fake);
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, NULL);
	receive_free(&ue, register_text("5065", 3, security, "600"));
	sent = sent_to(&scscf);
	ck_assert(!strstr(sent, "Security-Client"));
	ck_assert(!fake_control_find(&fake, "ctx-create"));
	receive_free(&scscf, sm4_text(3, true));
	/* the context in force gets the new keys and the new set */
	ck_assert(strstr(fake_control_find(&fake, "sa-prepare"),
					 "sa-prepare ctx=1 ck="));
	ck_assert(strstr(fake_control_find(&fake, "sa-prepare"),
					 " local=10.2.0.1 port-c=5063 port-s=5064 "
					 "remote=10.1.0.10 rport-c=5065 "
					 "rport-s=5066 rspi-c=3333 rspi-s=4444"));
	sent = sent_to(&ue);
	ck_assert(header_value(sent, "Security-Server", server, sizeof(server)));
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, server);
	receive_free(&ue2, register_text("5065", 4, security, "600"));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	scscf_answers("200 OK", 4,
				  "Contact: <sip:alice@10.1.0.10:5065>;expires=300\r\n");
	ck_assert(fake_control_find(&fake, "sa-promote ctx=1 expires=300"));
	ck_assert(!fake_control_find(&fake, "ctx-hold"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert(strncmp(sent_to(&ue2), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/**
 * A re-registration the S-CSCF accepts without a challenge: the set in
 * force stays, and charon must keep it as long as the registration now
 * lasts
 */
START_TEST(test_reregistration_not_challenged)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char security[6000];

	register_ue();
	fake_control_clear(&fake);
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, NULL);
	receive_free(&ue, register_text("5065", 3, security, "600"));
	scscf_answers("200 OK", 3,
				  "Contact: <sip:alice@10.1.0.10:5065>;expires=900\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert(fake_control_find(&fake, "ctx-hold ctx=1 expires=900"));
	ck_assert(!fake_control_find(&fake, "sa-promote"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

Suite *pcscf_register_suite_create(void)
{
	Suite *s = suite_create("pcscf registration");
	TCase *tc;

	tc = tcase_create("registration");
	tcase_add_checked_fixture(tc, register_setup, register_teardown);
	tcase_add_test(tc, test_registration_behind_nat);
	tcase_add_test(tc, test_requests_after_registration);
	tcase_add_test(tc, test_deregistration);
	tcase_add_test(tc, test_deregistration_challenged);
	tcase_add_test(tc, test_register_again_while_deregistered_lingers);
	tcase_add_test(tc, test_new_initial_registration_replaces);
	tcase_add_test(tc, test_deregistration_malformed_401);
	tcase_add_test(tc, test_reregistration);
	tcase_add_test(tc, test_reregistration_not_challenged);
	tcase_add_test(tc, test_expiry_and_shutdown);
	tcase_add_test(tc, test_pcscf_behind_nat);
	tcase_add_test(tc, test_ue_behind_nat_no_keepalives);
	tcase_add_test(tc, test_only_pcscf_behind_nat);
	pcscf_register_tls_psk_tests(tc);
	pcscf_register_tls_aka_tests(tc);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_checked_fixture(tc, register_setup, register_teardown);
	pcscf_register_refusal_tests(tc);
	suite_add_tcase(s, tc);

	tc = tcase_create("pipelined");
	tcase_add_checked_fixture(tc, register_setup, register_teardown);
	pcscf_register_pipeline_tests(tc);
	suite_add_tcase(s, tc);
	return s;
}


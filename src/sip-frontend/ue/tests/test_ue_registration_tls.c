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
 * The registration state machine with tls-psk and tls-aka (and the refresh
 * both share with ipsec-3gpp) against a fake charon and a scripted P-CSCF.
 */

#include "registration_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hex.h>
#include <sip_tls_aka_filter.h>
#include <sip_message.h>

/**
 * SM12 of a set of a TLS mechanism: registered without sa-promote, charon
 * holds the context, the state file names the mechanism
 */
static void answer_sm12_held(const char *mech)
{
	char state[1024], line[32];

	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	ck_assert_int_eq(bench.fc->promotes, 0);
	ck_assert_int_eq(bench.fc->holds, 1);
	ck_assert(fake_control_called(bench.fc, "ctx-hold ctx=7 expires=600"));
	bench_read_state(state, sizeof(state));
	snprintf(line, sizeof(line), "\nmech=%s\n", mech);
	ck_assert_msg(strstr(state, "\nmode=-\n") && strstr(state, line), "%s",
				  state);
}

START_TEST(test_tls_psk_registration)
{
	const fake_sent_t *sent;
	imsaka_secagree_list_t *list;
	ue_route_t route;
	imsaka_addr_t pcscf_tls = bench.config.pcscf;

	pcscf_tls.port = 5061;
	bench_offer_tls();
	ck_assert(bench.reg->start(bench.reg));
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.proto, SIP_UDP);
	list = malloc(sizeof(*list));
	bench_sent_list(IMSAKA_SIP_SECURITY_CLIENT, list);
	ck_assert_int_eq(list->entries[0].mech, IMSAKA_SECAGREE_MECH_TLS_PSK);
	ck_assert_int_eq(list->entries[0].suite_count, 2);
	ck_assert_int_eq(list->entries[0].suites[0], 0x00a8);
	ck_assert_int_eq(list->entries[0].q, 1000);
	ck_assert_int_eq(list->entries[1].mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(list->entries[1].q, 500);

	/* SM6 with tls-psk: the PSK, a TLS connection, SM7 inside; no set */
	bench_answer_sm6();
	ck_assert_msg(strstr(bench.fc->log, "tls-psk ctx=7 rand="
					 "000102030405060708090a0b0c0d0e0f sid=" SCRIPT_SID), "%s", bench.fc->log);
	ck_assert(!strstr(bench.fc->log, "sa-install"));
	ck_assert(!strstr(bench.fc->log, "keepalive-start"));
	ck_assert_int_eq(bench.ft->connects, 1);
	ck_assert(imsaka_addr_equals(&bench.ft->conn_peer.remote, &pcscf_tls));
	ck_assert_int_eq(bench.ft->conn_peer.local.port, 0);
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, bench.ft->last_conn);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-psk"));
	ck_assert(strstr(sent->msg, "sid=" SCRIPT_SID) ||
			  strstr(sent->msg, "sid=\"" SCRIPT_SID));
	ck_assert(strstr(sent->msg, "response=\""));
	ck_assert(strstr(sent->msg, "Via: SIP/2.0/TCP "));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM7_SENT);

	/* SM12: registered without sa-promote, charon holds the context */
	answer_sm12_held("tls-psk");
	ck_assert(bench.reg->get_route(bench.reg, &route));
	ck_assert(route.tls);
	ck_assert_int_eq(route.peer.proto, SIP_TCP);
	ck_assert_uint_eq(route.peer.conn, bench.ft->last_conn);

	/* the connection closed: the next route opens another with the key */
	bench.ft->conn_open = false;
	ck_assert(bench.reg->get_route(bench.reg, &route));
	ck_assert_int_eq(bench.ft->connects, 2);
	ck_assert_uint_eq(route.peer.conn, bench.ft->last_conn);

	/* de-registration over TLS, no SA set to remove */
	bench.reg->deregister(bench.reg);
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, bench.ft->last_conn);
	ck_assert(strstr(sent->msg, "Expires: 0"));
	bench_answer(200);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(bench.fc->removes, 0);
	ck_assert_int_eq(bench.fc->deletes, 1);
	free(list);
}
END_TEST

START_TEST(test_tls_psk_offer_only)
{
	const fake_sent_t *sent;

	bench.reg->destroy(bench.reg);
	bench_offer_mechanisms("tls-psk");
	bench.config.offer.tls_suites[0] = 0x1301;
	bench.config.offer.tls_suite_count = 1;
	bench_create_reg();
	ck_assert(bench.reg->start(bench.reg));
	sent = fake_transport_last(bench.ft);
	ck_assert(strstr(sent->msg, "Security-Client: tls-psk;cs=1301\\r\\n") ||
			  strstr(sent->msg, "Security-Client: tls-psk;cs=1301\r\n"));
	ck_assert(!strstr(sent->msg, "ipsec-3gpp"));
}
END_TEST


START_TEST(test_tls_aka_registration)
{
	const fake_sent_t *sent;
	imsaka_secagree_list_t *list;
	sip_stream_filter_t *pcscf;
	chunk_t wire, plain;
	uint8_t ue_secret[32], pcscf_secret[32];
	ue_route_t route;
	size_t i;

	bench_offer_tls_aka();
	ck_assert(bench.reg->start(bench.reg));
	/* SM1 over TCP to the P-CSCF's port, from any local port, on a
	 * connection opened for it (no filter) */
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_int_eq(bench.ft->connects, 1);
	ck_assert_uint_eq(sent->peer.conn, bench.ft->last_conn);
	ck_assert(imsaka_addr_equals(&bench.ft->conn_peer.remote, &bench.config.pcscf));
	ck_assert_int_eq(bench.ft->conn_peer.local.port, 0);
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &bench.config.pcscf));
	ck_assert_int_eq(sent->peer.local.port, 0);
	ck_assert(strstr(sent->msg, "Via: SIP/2.0/TCP "));
	list = malloc(sizeof(*list));
	bench_sent_list(IMSAKA_SIP_SECURITY_CLIENT, list);
	ck_assert_int_eq(list->entries[0].mech, IMSAKA_SECAGREE_MECH_TLS_AKA);
	ck_assert_int_eq(list->entries[0].suite_count, 3);
	ck_assert_int_eq(list->entries[0].suites[0], 0x1301);
	ck_assert_int_eq(list->entries[0].suites[2], 0x1303);
	ck_assert_int_eq(list->entries[0].q, 1000);
	ck_assert_int_eq(list->entries[1].mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(list->entries[1].q, 500);
	ck_assert_msg(strstr(sent->msg, "cs=1301.1302.1303"), "%s", sent->msg);

	/* SM6 with tls-aka;cs=1303.1302.1301: keys for 1303, the filter on
	 * SM6's connection, SM7 on it; no set, no keep-alives */
	bench_answer_sm6();
	ck_assert_msg(strstr(bench.fc->log, "tls-aka-keys ctx=7 suite=1303 sid="
						 SCRIPT_SID), "%s", bench.fc->log);
	ck_assert(!strstr(bench.fc->log, "sa-install"));
	ck_assert(!strstr(bench.fc->log, "keepalive-start"));
	ck_assert_int_eq(bench.ft->connects, 1);
	ck_assert_int_eq(bench.ft->filters_set, 1);
	ck_assert_uint_eq(bench.ft->filter_conn, 101);
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-aka;cs=1303.1302.1301;"
					 "sid=" SCRIPT_SID));
	ck_assert(strstr(sent->msg, "response=\""));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM7_SENT);

	/* the UE's filter writes with the ue secret: a P-CSCF filter opens it */
	ck_assert(imsaka_hex_decode(FAKE_TLS_AKA_UE_HEX, ue_secret, 32));
	ck_assert(imsaka_hex_decode(FAKE_TLS_AKA_PCSCF_HEX, pcscf_secret, 32));
	pcscf = sip_tls_aka_filter_create(0x1303, SIP_TLS_AKA_PCSCF, ue_secret,
									  pcscf_secret, 32, NULL);
	ck_assert(pcscf);
	ck_assert(bench.ft->filter->output(bench.ft->filter, sent->msg, sent->len, &wire));
	ck_assert_int_eq(wire.ptr[0], 23);
	for (i = 0; i + 8 <= wire.len; i++)
	{	/* no plain SIP on the wire */
		ck_assert(memcmp(wire.ptr + i, "REGISTER", 8) != 0);
	}
	ck_assert(pcscf->input(pcscf, (char*)wire.ptr, wire.len, &plain, &wire));
	ck_assert_uint_eq(plain.len, sent->len);
	ck_assert(memeq(plain.ptr, sent->msg, plain.len));
	chunk_free(&plain);
	pcscf->destroy(pcscf);

	/* SM12: registered without sa-promote; requests go on the connection */
	answer_sm12_held("tls-aka");
	ck_assert(bench.reg->get_route(bench.reg, &route));
	ck_assert_int_eq(route.peer.proto, SIP_TCP);
	ck_assert_uint_eq(route.peer.conn, 101);

	/* the connection closed: its keys are gone, no new connection */
	bench.ft->conn_open = false;
	ck_assert(!bench.reg->get_route(bench.reg, &route));
	ck_assert_int_eq(bench.ft->connects, 1);
	bench.ft->conn_open = true;

	/* de-registration on the connection, no SA set to remove */
	bench.reg->deregister(bench.reg);
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Expires: 0"));
	bench_answer(200);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(bench.fc->removes, 0);
	free(list);
}
END_TEST

START_TEST(test_tls_aka_sm6_over_udp_fails)
{
	const fake_sent_t *last;
	sip_peer_t peer;

	bench_offer_tls_aka();
	ck_assert(bench.reg->start(bench.reg));
	last = fake_transport_last(bench.ft);
	peer = (sip_peer_t){ .proto = SIP_UDP, .local = last->peer.local,
						 .remote = last->peer.remote };
	bench_answer_sm6_on(&peer);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_FAILED);
	ck_assert_int_eq(bench.ft->filters_set, 0);
}
END_TEST


/**
 * tls-aka re-registration: the keys of a connection cannot change, so it is
 * an SM1 on a new TCP connection; the set in force serves until the new
 * SM12, then its connection is closed
 */
START_TEST(test_tls_aka_reregistration)
{
	const fake_sent_t *sent;
	uint32_t first;

	bench_offer_tls_aka();
	bench_register();
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	first = bench.ft->last_conn;
	ck_assert_uint_eq(first, 101);

	/* the timer: an unprotected SM1 on a second connection */
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REREGISTERING);
	ck_assert_int_eq(bench.ft->connects, 2);
	ck_assert_int_eq(bench.ft->conn_peer.local.port, 0);
	ck_assert(imsaka_addr_equals(&bench.ft->conn_peer.remote, &bench.config.pcscf));
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert(strstr(sent->msg, "REGISTER sip:"));
	ck_assert(strstr(sent->msg, "Security-Client: "));
	ck_assert(strstr(sent->msg, "tls-aka;q=1;cs=1301.1302.1303"));
	ck_assert(!strstr(sent->msg, "Security-Verify"));
	ck_assert(bench_auth_is(bench_get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE, ""));
	ck_assert(strstr(sent->msg, "Expires: 600"));
	/* the first connection stays, its set is in force */
	ck_assert_int_eq(bench.closes, 0);
	ck_assert_int_eq(bench.fc->deletes, 0);

	/* SM6 on the new connection: new keys on it, SM7 inside */
	bench_answer_sm6();
	ck_assert_int_eq(bench_count_of(bench.fc->log, "tls-aka-keys ctx=7"), 2);
	ck_assert_int_eq(bench.ft->filters_set, 2);
	ck_assert_uint_eq(bench.ft->filter_conn, 102);
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-aka;"));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REREGISTERING);
	ck_assert(!strstr(bench.fc->log, "sa-install"));

	/* SM12: the new set in force, the first connection closed */
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	ck_assert_int_eq(bench.closes, 1);
	ck_assert_uint_eq(bench.closed_conn, first);
	ck_assert_int_eq(bench.fc->deletes, 0);
	/* the re-registration holds the context again */
	ck_assert_int_eq(bench.fc->holds, 2);
	ck_assert_int_eq(bench.fc->promotes, 0);

	/* de-registration on the new connection */
	bench.reg->deregister(bench.reg);
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "Expires: 0"));
}
END_TEST

/** tls-aka: an SM6 on another connection than its SM1's is refused */
START_TEST(test_tls_aka_sm6_other_connection)
{
	sip_peer_t peer;

	bench_offer_tls_aka();
	bench_register();
	ck_assert(fake_transport_fire(bench.ft));
	peer = fake_transport_last(bench.ft)->peer;
	ck_assert_uint_eq(peer.conn, 102);
	/* the 401 of the re-registration comes on the first connection */
	peer.conn = 101;
	bench_answer_sm6_on(&peer);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_FAILED);
	ck_assert_int_eq(bench.ft->filters_set, 1);
	/* the re-registration's connection is closed */
	ck_assert_uint_eq(bench.closed_conn, 102);
}
END_TEST

/** tls-aka: the SM1 with auts goes on a new connection (the P-CSCF switched
 * the first one after its SM6) */
START_TEST(test_tls_aka_sync_new_connection)
{
	const fake_sent_t *sent;

	bench_offer_tls_aka();
	ck_assert(bench.reg->start(bench.reg));
	bench.fc->aka_status = UE_AKA_SYNC;
	bench.fc->sync_times = 1;
	bench_answer_sm6();
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(bench.ft->connects, 2);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "auts="));
	ck_assert_uint_eq(bench.closed_conn, 101);
	ck_assert_int_eq(bench.ft->filters_set, 0);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM1_SENT);
	bench.fc->aka_status = UE_AKA_OK;
	bench_answer_sm6();
	ck_assert_uint_eq(bench.ft->filter_conn, 102);
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
}
END_TEST

/**
 * tls-psk re-registration: the protected re-REGISTER over the TLS
 * connection in force, then a new PSK and connection for SM7; the old
 * connection is closed after SM12
 */
START_TEST(test_tls_psk_reregistration)
{
	const fake_sent_t *sent;

	bench_offer_tls();
	bench_register();
	ck_assert_int_eq(bench.ft->connects, 1);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REREGISTERING);
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-psk"));
	ck_assert(bench_auth_is(bench_get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE,
					  FAKE_RESPONSE));
	bench_answer_sm6();
	ck_assert_int_eq(bench_count_of(bench.fc->log, "tls-psk ctx=7 rand="), 2);
	ck_assert_int_eq(bench.ft->connects, 2);
	sent = fake_transport_last(bench.ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert_int_eq(bench.closes, 0);
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	ck_assert_int_eq(bench.closes, 1);
	ck_assert_uint_eq(bench.closed_conn, 101);
	ck_assert_int_eq(bench.fc->holds, 2);
	ck_assert_int_eq(bench.fc->promotes, 0);
	bench.reg->deregister(bench.reg);
	ck_assert_uint_eq(fake_transport_last(bench.ft)->peer.conn, 102);
}
END_TEST

/** tls-psk: a context charon does not hold fails the registration */
START_TEST(test_tls_psk_hold_fails)
{
	bench_offer_tls();
	ck_assert(bench.reg->start(bench.reg));
	bench_answer_sm6();
	bench.fc->fail_hold = true;
	bench_answer_sm12(600, false);
	ck_assert(fake_control_called(bench.fc, "ctx-hold ctx=7 expires=600"));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_FAILED);
	ck_assert_int_eq(bench.fc->deletes, 1);
}
END_TEST

/**
 * A re-registration the S-CSCF does not challenge: charon holds the
 * context again (tls-psk: no set; ipsec-3gpp: the set in force must last
 * as long as the registration now does); _i = 0 tls-psk, 1 ipsec-3gpp
 */
START_TEST(test_refresh_holds)
{
	if (_i == 0)
	{
		bench_offer_tls();
	}
	bench_register();
	ck_assert_int_eq(bench.fc->holds, _i == 0 ? 1 : 0);
	ck_assert_int_eq(bench.fc->promotes, _i == 0 ? 0 : 1);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REREGISTERING);
	bench_answer(200);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	ck_assert_int_eq(bench.fc->holds, _i == 0 ? 2 : 1);
	ck_assert_int_eq(bench.fc->held_expires, bench.config.expires);
	ck_assert_int_eq(bench.fc->promotes, _i == 0 ? 0 : 1);
}
END_TEST

Suite *ue_registration_tls_suite_create(void)
{
	Suite *s = suite_create("ue_registration_tls");
	TCase *tc;

	tc = bench_tcase_create(s, "tls-psk");
	tcase_add_test(tc, test_tls_psk_registration);
	tcase_add_test(tc, test_tls_psk_offer_only);
	tcase_add_test(tc, test_tls_psk_reregistration);
	tcase_add_test(tc, test_tls_psk_hold_fails);
	tcase_add_loop_test(tc, test_refresh_holds, 0, 2);

	tc = bench_tcase_create(s, "tls-aka");
	tcase_add_test(tc, test_tls_aka_registration);
	tcase_add_test(tc, test_tls_aka_sm6_over_udp_fails);
	tcase_add_test(tc, test_tls_aka_reregistration);
	tcase_add_test(tc, test_tls_aka_sm6_other_connection);
	tcase_add_test(tc, test_tls_aka_sync_new_connection);
	return s;
}

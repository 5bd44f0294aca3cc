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
 * Races of one UE's REGISTERs: a de-REGISTER while a re-registration is
 * in flight and the other way round, a re-REGISTER in the turn of the
 * registration's expiry, the S-CSCF's answers out of order or twice, and
 * charon's replies after the registration went. After each: charon holds
 * one set in force for the UE or none and no temporary set once the
 * timers fired, whatever goes to a protected port leaves while a set
 * exists, CK/IK never reach the UE, and each REGISTER of the UE has one
 * final answer.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include <hex.h>

#include "pcscf_register_races.h"

/** the set in force of port 5064, and the new one of port 5065 */
#define OLD_SET protected_peer(5064, 5064)
#define NEW_SET protected_peer(5065, 5064)

/**
 * A de-REGISTER while a re-registration is at its SM1 (forwarded, no 401
 * yet); the S-CSCF answers the re-REGISTER's 401 before or after the
 * de-REGISTER's 200
 */
START_TEST(test_dereg_during_rereg_sm1)
{
	sip_peer_t ue = OLD_SET;

	registered();
	ue_sends(&ue, 3, rereg_text(3, true));
	ck_assert(forwarded(3));
	ue_sends(&ue, 4, register_text("5064", 4, "", "0"));
	ck_assert(forwarded(4));
	check_always(false);
	if (_i == 0)
	{
		scscf_sends(challenge(3));
		scscf_sends(answer(4, "200 OK", ""));
	}
	else
	{
		scscf_sends(answer(4, "200 OK", ""));
		scscf_sends(challenge(3));
	}
	/* the 401 of the replaced re-REGISTER reaches the UE without keys,
	 * no set is made from it */
	ck_assert_int_eq(answered(3), 401);
	ck_assert_int_eq(answered(4), 200);
	ck_assert_int_eq(request_index("sa-prepare ctx=1 "), -1);
	/* the 200 went in the set, which goes after it */
	ck_assert_int_eq(request_index("ctx-delete ctx=1"), -1);
	check_settled(false);
	ck_assert_int_ge(request_index("ctx-delete ctx=1"), 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

/**
 * A de-REGISTER over the set in force while a re-registration's
 * temporary set is installed (after SM4, before SM7): the handshake goes,
 * the de-registration is forwarded
 */
START_TEST(test_dereg_during_rereg_sm4)
{
	sip_peer_t ue = OLD_SET;

	registered();
	ue_sends(&ue, 3, rereg_text(3, true));
	scscf_sends(challenge(3));
	ck_assert_int_eq(answered(3), 401);
	ck_assert_int_ge(request_index("sa-prepare ctx=1 "), 0);
	ue_sends(&ue, 4, register_text("5064", 4, "", "0"));
	ck_assert(forwarded(4));
	/* the temporary set went at once, the one in force carries the 200 */
	ck_assert_int_ge(request_index("sa-remove ctx=1 set=temp"), 0);
	check_always(false);
	scscf_sends(answer(4, "200 OK", ""));
	ck_assert_int_eq(answered(4), 200);
	check_settled(false);
	ck_assert_int_ge(request_index("ctx-delete ctx=1"), 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

/**
 * A re-REGISTER (new set, or a refresh, answered with or without an
 * expires value) while a de-REGISTER is forwarded
 * and its 200 not back: the registration follows the last REGISTER
 */
START_TEST(test_rereg_during_dereg)
{
	sip_peer_t ue = OLD_SET, ue2 = NEW_SET;
	const char *sm6;

	registered();
	ue_sends(&ue, 3, register_text("5064", 3, "", "0"));
	ck_assert(forwarded(3));
	ue_sends(&ue, 4, rereg_text(4, _i == 0));
	ck_assert(forwarded(4));
	/* the de-registration's 200 is passed on, the registration stays for
	 * the REGISTER that came after */
	scscf_sends(answer(3, "200 OK", ""));
	ck_assert_int_eq(answered(3), 200);
	check_always(false);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	if (_i == 0)
	{
		scscf_sends(challenge(4));
		sm6 = fake_transport_last(transport)->text;
		ck_assert_int_eq(answered(4), 401);
		ue_sends(&ue2, 5, rereg_sm7_text(5, sm6));
		scscf_sends(accept_(5, 600));
		ck_assert_int_eq(answered(5), 200);
		ck_assert_int_ge(request_index("sa-promote ctx=1 "), 0);
	}
	else
	{	/* a refresh; its 200 without an expires value (2) takes the
		 * default, not the de-REGISTER's 0 */
		scscf_sends(_i == 1 ? accept_(4, 600) : answer(4, "200 OK", ""));
		ck_assert_int_eq(answered(4), 200);
		ck_assert_int_ge(request_index("ctx-hold ctx=1 "), 0);
	}
	check_settled(false);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	ck_assert_int_eq(request_index("ctx-delete"), -1);
}
END_TEST

/**
 * A re-REGISTER in the turn of the registration's expiry: the expiry
 * fires right after its SM1 was forwarded (0), after its SM4 (1), after
 * its SM7 (2, the 200 comes late)
 */
START_TEST(test_rereg_racing_expiry)
{
	sip_peer_t ue = OLD_SET, ue2 = NEW_SET;
	const char *sm6 = NULL;
	char *sm7 = NULL;

	registered();
	ue_sends(&ue, 3, rereg_text(3, true));
	if (_i >= 1)
	{
		scscf_sends(challenge(3));
		sm6 = fake_transport_last(transport)->text;
		ck_assert_int_eq(answered(3), 401);
		sm7 = rereg_sm7_text(4, sm6);
	}
	if (_i == 2)
	{
		ue_sends(&ue2, 4, sm7);
		ck_assert(forwarded(4));
	}
	expire();
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert_int_ge(request_index("ctx-delete ctx=1"), 0);
	switch (_i)
	{
		case 0:
			/* the late 401 goes on without keys, nothing is made of it */
			scscf_sends(challenge(3));
			ck_assert_int_eq(answered(3), 401);
			break;
		case 1:
			/* SM7 finds no set (charon would not pass it) */
			fake_transport_clear(transport);
			ue_sends(&ue2, 4, sm7);
			ck_assert_int_eq(transport->sent_count, 0);
			ue_superseded[4] = 1;
			break;
		case 2:
			/* the late 200 promotes nothing */
			scscf_sends(accept_(4, 600));
			break;
	}
	ck_assert_int_eq(request_count("sa-promote"), 1);
	check_settled(true);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert_str_eq(fake.requests[fake.count - 1], "ctx-delete ctx=1");
}
END_TEST

/**
 * The UE sends SM1 again as a new REGISTER (2) before the 401 of the
 * first (1): the S-CSCF answers the second first
 */
START_TEST(test_sm1_answers_out_of_order)
{
	sip_peer_t ue = OLD_SET;
	char security[6000], server[2048], client[2048];
	const char *sm6;

	ue_sends(&ue_unprotected, 1, sm1_text("192.0.2.20:5060"));
	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	sec_agree_headers(security, sizeof(security), client, NULL);
	ue_sends(&ue_unprotected, 2, register_text("5060", 2, security, "600"));
	scscf_sends(challenge(2));
	sm6 = fake_transport_last(transport)->text;
	ck_assert_int_eq(answered(2), 401);
	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	/* the first 401 late: on to the UE without keys, no set of its own */
	scscf_sends(challenge(1));
	ck_assert_int_eq(answered(1), 401);
	ck_assert_int_eq(fake.count, 1);
	check_always(false);
	/* and twice: the handshake's 401 again with SM6's Security-Server */
	scscf_sends(challenge(2));
	ue_extra[2] = 1;
	ck_assert(strstr(fake_transport_last(transport)->text, server));
	security_client(client, sizeof(client), "192.0.2.20:5060", OA);
	sec_agree_headers(security, sizeof(security), client, server);
	ue_sends(&ue, 3, register_text("5064", 3, security, "600"));
	scscf_sends(accept_(3, 600));
	ck_assert_int_eq(answered(3), 200);
	/* the 200 twice: passed on, promoted once */
	scscf_sends(accept_(3, 600));
	ue_extra[3] = 1;
	ck_assert_int_eq(request_index("sa-promote ctx=1 expires=600"),
					 fake.count - 1);
	check_settled(false);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/**
 * Two re-REGISTERs with a new set: the 401 of the second before the
 * answer of the first (a 401, or a 200)
 */
START_TEST(test_rereg_answers_out_of_order)
{
	sip_peer_t ue = OLD_SET, ue2 = NEW_SET;
	const char *sm6;

	registered();
	ue_sends(&ue, 3, rereg_text(3, true));
	ue_sends(&ue, 4, rereg_text(4, true));
	scscf_sends(challenge(4));
	sm6 = fake_transport_last(transport)->text;
	ck_assert_int_eq(answered(4), 401);
	scscf_sends(_i == 0 ? challenge(3) : accept_(3, 600));
	ck_assert_int_eq(answered(3), _i == 0 ? 401 : 200);
	/* one sa-prepare, the handshake of the second goes on */
	ck_assert_int_eq(request_index("sa-prepare ctx=1 "), fake.count - 1);
	check_always(false);
	ue_sends(&ue2, 5, rereg_sm7_text(5, sm6));
	scscf_sends(accept_(5, 600));
	ck_assert_int_eq(answered(5), 200);
	check_settled(false);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/**
 * A de-REGISTER's 200 twice: passed on while its set lingers, the
 * registration goes once
 */
START_TEST(test_dereg_200_twice)
{
	sip_peer_t ue = OLD_SET;
	char *ok;

	registered();
	ue_sends(&ue, 3, register_text("5064", 3, "", "0"));
	ok = answer(3, "200 OK", "");
	receive_text(&scscf, ok);
	receive_text(&scscf, ok);
	free(ok);
	ue_extra[3] = 1;
	ck_assert_int_eq(request_index("ctx-delete"), -1);
	check_settled(false);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert_int_eq(request_index("ctx-delete ctx=1"), fake.count - 1);
}
END_TEST

/**
 * charon's sa-prepare of a re-registration comes after a de-REGISTER
 * (0) or a refresh (1) gave the handshake up, and after the de-registered
 * registration went (0)
 */
START_TEST(test_sa_prepare_after_given_up)
{
	sip_peer_t ue = OLD_SET;

	registered();
	fake.defer = true;
	ue_sends(&ue, 3, rereg_text(3, true));
	scscf_sends(challenge(3));
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	ue_sends(&ue, 4, _i == 0 ? register_text("5064", 4, "", "0")
							 : rereg_text(4, false));
	ck_assert(forwarded(4));
	/* the 401 that waited for charon is superseded */
	ue_superseded[3] = 1;
	if (_i == 0)
	{
		scscf_sends(answer(4, "200 OK", "Expires: 0\r\n"));
		fire_linger();
		ck_assert_int_eq(proxy->get_count(proxy), 0);
	}
	else
	{
		scscf_sends(accept_(4, 600));
	}
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert_int_eq(answered(3), 0);
	check_settled(false);
	ck_assert_int_eq(proxy->get_count(proxy), _i == 0 ? 0 : 1);
}
END_TEST

/**
 * charon's sa-promote of a re-registration comes after the registration
 * expired
 */
START_TEST(test_sa_promote_after_expiry)
{
	sip_peer_t ue = OLD_SET, ue2 = NEW_SET;
	const char *sm6;

	registered();
	ue_sends(&ue, 3, rereg_text(3, true));
	scscf_sends(challenge(3));
	sm6 = fake_transport_last(transport)->text;
	ue_sends(&ue2, 4, rereg_sm7_text(4, sm6));
	fake.defer = true;
	scscf_sends(accept_(4, 600));
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	expire();
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	/* the registration is held by the request: its reply frees it, the
	 * 200 has no set to travel in */
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert_int_eq(answered(4), 0);
	ue_superseded[4] = 1;
	check_settled(true);
	ck_assert_str_eq(fake.requests[fake.count - 1], "ctx-delete ctx=1");
}
END_TEST

#define TLS_PSK_CLIENT "tls-psk;cs=00a8;q=0.9"

/** the P-CSCF again, offering tls-psk (cs 00a8) before ipsec-3gpp */
static void offer_tls_psk(void)
{
	proxy->destroy(proxy);
	ck_assert(pcscf_policy_tls_suites("00a8", config.tls_suites,
									  &config.tls_suite_count));
	ck_assert(pcscf_policy_mechanisms("tls-psk, ipsec-3gpp",
									  config.tls_suites,
									  config.tls_suite_count, NULL, 0,
									  &config.policy, &config.tls_psk, NULL));
	config.tls_port = 5061;
	proxy = pcscf_proxy_create(&config, &transport->public, control);
	ck_assert(proxy->listen(proxy));
}

/** a REGISTER n offering tls-psk before ipsec-3gpp, with a
 *  Security-Verify if verify given (free it) */
static char *tls_text(int n, const char *verify)
{
	char client[2048], offered[2600], security[6000];

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(offered, sizeof(offered), "%s, %s", TLS_PSK_CLIENT, client);
	sec_agree_headers(security, sizeof(security), offered, verify);
	return register_text("5060", n, security, "600");
}

/** TLS connection conn comes with the PSK identity of an SM6 */
static sip_peer_t tls_connected(uint32_t conn, const char *sm6)
{
	sip_peer_t peer = { .proto = SIP_TCP, .conn = conn };
	const imsaka_secagree_entry_t *e;
	imsaka_secagree_list_t server;
	char value[2048];

	parse_addr("192.0.2.20:5061", &peer.local);
	parse_addr("192.0.2.1:30000", &peer.remote);
	e = security_server(sm6, &server, value, sizeof(value));
	transport->tls_conn = conn;
	imsaka_hex_encode(e->sid, e->sid_len, transport->tls_identity);
	return peer;
}

/** SM6's Security-Server (static) */
static const char *server_of(const char *sm6)
{
	static char server[2048];

	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	return server;
}

/** registered over tls-psk on TLS connection 7 (REGISTERs 1 and 2) */
static sip_peer_t tls_registered(void)
{
	const char *sm6;
	sip_peer_t tls;

	offer_tls_psk();
	ue_sends(&ue_unprotected, 1, tls_text(1, NULL));
	scscf_sends(challenge(1));
	sm6 = fake_transport_last(transport)->text;
	tls = tls_connected(7, sm6);
	ue_sends(&tls, 2, tls_text(2, server_of(sm6)));
	scscf_sends(accept_(2, 600));
	ck_assert_int_eq(answered(2), 200);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	return tls;
}

/**
 * tls-psk: a de-REGISTER on the connection in force while a
 * re-registration's new key (another sid) waits for its SM7 (0), or
 * while charon makes it (1)
 */
START_TEST(test_tls_psk_dereg_during_rereg)
{
	sip_peer_t tls;

	tls = tls_registered();
	fake.defer = _i == 1;
	ue_sends(&tls, 3, tls_text(3, NULL));
	ck_assert(forwarded(3));
	scscf_sends(challenge(3));
	if (_i == 0)
	{
		ck_assert_int_eq(answered(3), 401);
		ck_assert_int_ge(request_index("tls-psk ctx=1 "), 0);
	}
	else
	{
		ck_assert_int_eq(fake_control_waiting(&fake), 1);
		ue_superseded[3] = 1;
	}
	ue_sends(&tls, 4, register_text("5060", 4, "", "0"));
	ck_assert(forwarded(4));
	scscf_sends(answer(4, "200 OK", ""));
	ck_assert_int_eq(answered(4), 200);
	ck_assert_int_eq(fake_transport_last(transport)->peer.conn, 7);
	ck_assert_int_eq(request_index("ctx-delete"), -1);
	check_settled(false);
	ck_assert_int_ge(request_index("ctx-delete ctx=1"), 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	if (_i == 0)
	{
		ck_assert_int_eq(answered(3), 401);
	}
}
END_TEST

/**
 * tls-psk: a re-REGISTER in the turn of the registration's expiry, after
 * its SM1 was forwarded
 */
START_TEST(test_tls_psk_rereg_racing_expiry)
{
	sip_peer_t tls;

	tls = tls_registered();
	ue_sends(&tls, 3, tls_text(3, NULL));
	expire();
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	scscf_sends(challenge(3));
	ck_assert_int_eq(answered(3), 401);
	ck_assert_int_eq(request_count("ctx-keys"), 1);
	check_settled(true);
	ck_assert_str_eq(fake.requests[fake.count - 1], "ctx-delete ctx=1");
}
END_TEST

/*
 * Described in header
 */
Suite *pcscf_register_races_suite_create(void)
{
	Suite *s = suite_create("pcscf registration races");
	TCase *tc;

	tc = tcase_create("races");
	tcase_add_checked_fixture(tc, races_setup, register_teardown);
	tcase_add_loop_test(tc, test_dereg_during_rereg_sm1, 0, 2);
	tcase_add_test(tc, test_dereg_during_rereg_sm4);
	tcase_add_loop_test(tc, test_rereg_during_dereg, 0, 3);
	tcase_add_loop_test(tc, test_rereg_racing_expiry, 0, 3);
	tcase_add_test(tc, test_sm1_answers_out_of_order);
	tcase_add_loop_test(tc, test_rereg_answers_out_of_order, 0, 2);
	tcase_add_test(tc, test_dereg_200_twice);
	tcase_add_loop_test(tc, test_sa_prepare_after_given_up, 0, 2);
	tcase_add_test(tc, test_sa_promote_after_expiry);
	tcase_add_loop_test(tc, test_tls_psk_dereg_during_rereg, 0, 2);
	tcase_add_test(tc, test_tls_psk_rereg_racing_expiry);
	suite_add_tcase(s, tc);
	return s;
}

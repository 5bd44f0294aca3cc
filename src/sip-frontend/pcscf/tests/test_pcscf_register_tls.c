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
 * Registrations over tls-psk (a TLS connection with SM6's sid) and over
 * tls-aka (records on SM1's TCP connection from SM6 on), their refusals,
 * re-registration and the end of their connections.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include <hex.h>

#include "pcscf_register_fixture.h"

#define RAND_HEX "0a33e4f6646a36e4f6e5e4646a3334f6"

/** the P-CSCF again, offering tls-psk (cs 00a8, 1301) before ipsec-3gpp */
static void offer_tls(void)
{
	proxy->destroy(proxy);
	ck_assert(pcscf_policy_tls_suites("00a8, 1301", config.tls_suites,
									  &config.tls_suite_count));
	ck_assert(pcscf_policy_mechanisms("tls-psk, ipsec-3gpp", config.tls_suites,
									  config.tls_suite_count, NULL, 0,
									  &config.policy, &config.tls_psk, NULL));
	ck_assert(config.tls_psk);
	config.tls_port = 5061;
	proxy = pcscf_proxy_create(&config, &transport->public, control);
	ck_assert(proxy->listen(proxy));
	ck_assert_int_eq(transport->filtered_count, 1);
}

/** a TLS connection from the UE's NAT to the P-CSCF's tls_port */
static sip_peer_t tls_peer(uint32_t conn)
{
	sip_peer_t peer = { .proto = SIP_TCP, .conn = conn };

	parse_addr("192.0.2.20:5061", &peer.local);
	parse_addr("192.0.2.1:30000", &peer.remote);
	return peer;
}

#define TLS_PSK_CLIENT "tls-psk;cs=00a8;q=0.9"
#define TLS_AKA_CLIENT "tls-aka;cs=1301.1302.1303;q=0.9"

/**
 * A REGISTER from port 5060 whose Security-Client offers a TLS entry
 * before the ipsec-3gpp ones; Security-Verify if verify given (free it)
 */
static char *offer_text(int cseq, const char *offer, const char *verify)
{
	char client[2048], offered[2600], security[6000];

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(offered, sizeof(offered), "%s, %s", offer, client);
	sec_agree_headers(security, sizeof(security), offered, verify);
	return register_text("5060", cseq, security, "600");
}

/** SM1 offering tls-psk;cs=00a8 and the ipsec-3gpp entries; returns SM6 */
static const char *tls_register_to_sm6(void)
{
	return sm1_to_sm6(&ue_unprotected, offer_text(1, TLS_PSK_CLIENT, NULL));
}

/** SM7 of tls-psk: SM1's Security-Client, Security-Verify from SM6 */
static char *tls_sm7_text(const char *sm6)
{
	char server[2048];

	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	return offer_text(2, TLS_PSK_CLIENT, server);
}

/** the sid of SM6's tls-psk Security-Server, as hex */
static void sm6_sid(const char *sm6, char sid[65])
{
	const imsaka_secagree_entry_t *e;
	imsaka_secagree_list_t server;
	char value[2048];

	e = security_server(sm6, &server, value, sizeof(value));
	imsaka_hex_encode(e->sid, e->sid_len, sid);
}

/** TLS connection 7 comes with PSK identity sid */
static void tls_connected(const char *sid)
{
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity), "%s",
			 sid);
}

static const char tls_message[] =
	"MESSAGE sip:bob@ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/TCP 10.1.0.10:5060;branch=z9hG4bKmsg1;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:alice@ims.example.net>;tag=m1\r\n"
	"To: <sip:bob@ims.example.net>\r\n"
	"Call-ID: msg1@10.1.0.10\r\n"
	"CSeq: 1 MESSAGE\r\n"
	"Content-Length: 0\r\n\r\n";

/**
 * SM7 (freed here) on a TLS (tls-psk or tls-aka) connection: forwarded
 * integrity-protected; SM10 -> SM12 on the same connection with nothing
 * promoted in charon; a later request on it forwarded
 */
static void tls_sm7_to_sm12(const sip_peer_t *conn, char *sm7)
{
	const char *sent;

	receive_free(conn, sm7);
	sent = sent_to(&scscf);
	ck_assert(strstr(sent, "integrity-protected=\"yes\""));
	ck_assert(!strstr(sent, "Security-Verify"));

	fake_control_clear(&fake);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	/* no SA set to promote: the context is held for the registration */
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.requests[0], "ctx-hold ctx=1 expires=600");
	ck_assert(strncmp(sent_to(conn), "SIP/2.0 200", 11) == 0);
	ck_assert_uint_eq(fake_transport_last(transport)->peer.conn, conn->conn);
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	receive_text(conn, tls_message);
	ck_assert(strncmp(sent_to(&scscf), "MESSAGE sip:bob", 15) == 0);
}

START_TEST(test_tls_psk_registration)
{
	sip_peer_t tls = tls_peer(7);
	imsaka_secagree_list_t server;
	const imsaka_secagree_entry_t *e;
	char value[2048], request[256], sid[65];
	const char *sm6;

	offer_tls();
	sm6 = tls_register_to_sm6();
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert(!strstr(sm6, CK_HEX));
	e = security_server(sm6, &server, value, sizeof(value));
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_TLS_PSK);
	ck_assert_int_eq(e->suite_count, 1);
	ck_assert_int_eq(e->suites[0], 0x00a8);
	ck_assert_int_eq(e->sid_len, 16);
	ck_assert_int_eq(e->q, 900);
	imsaka_hex_encode(e->sid, e->sid_len, sid);
	/* keys to charon, the PSK for that sid; no SA set */
	ck_assert(fake_control_find(&fake, "ctx-keys ctx=1"));
	snprintf(request, sizeof(request), "tls-psk ctx=1 rand=" RAND_HEX
			 " sid=%s", sid);
	ck_assert_str_eq(fake_control_find(&fake, "tls-psk"), request);
	ck_assert(!fake_control_find(&fake, "spi-alloc"));
	ck_assert(!fake_control_find(&fake, "sa-install"));

	/* SM7 on the TLS connection of that sid */
	tls_connected(sid);
	tls_sm7_to_sm12(&tls, tls_sm7_text(sm6));
	/* unprotected ones refused */
	receive_text(&ue_unprotected, tls_message);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 403", 11) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_TLS_PSK, 1,
					PCSCF_UNPROTECTED_REFUSED, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	/* a connection with another identity gets nothing */
	fake_transport_clear(transport);
	tls.conn = 8;
	receive_text(&tls, tls_message);
	ck_assert_int_eq(transport->sent_count, 0);

	/* a refresh without a new Security-Client holds the context again */
	tls.conn = 7;
	fake_control_clear(&fake);
	receive_free(&tls, register_text("5060", 3, "", "300"));
	scscf_answers("200 OK", 3,
				  "Contact: <sip:alice@10.1.0.10:5060>;expires=300\r\n");
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.requests[0], "ctx-hold ctx=1 expires=300");

	/* de-registration drops the key: the connection's requests go nowhere */
	receive_free(&tls, register_text("5060", 4, "", "0"));
	scscf_answers("200 OK", 4, "");
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 200", 11) == 0);
	fire_linger();
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert(!fake_control_find(&fake, "sa-remove"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	fake_transport_clear(transport);
	receive_text(&tls, tls_message);
	ck_assert_int_eq(transport->sent_count, 0);
}
END_TEST

/**
 * A context charon does not hold (gone, or an old plugin) fails the
 * registration at SM10 as a failed sa-promote does
 */
START_TEST(test_tls_psk_ctx_hold_fails)
{
	sip_peer_t tls = tls_peer(7);
	const char *sm6;
	char sid[65];

	offer_tls();
	sm6 = tls_register_to_sm6();
	sm6_sid(sm6, sid);
	tls_connected(sid);
	receive_free(&tls, tls_sm7_text(sm6));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	fake_control_clear(&fake);
	fake.fail = "ctx-hold";
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	ck_assert(fake_control_find(&fake, "ctx-hold ctx=1 expires=600"));
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 500", 11) == 0);
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_tls_psk_sm7_wrong_connection)
{
	sip_peer_t tls = tls_peer(7), sm7_peer = protected_peer(5064, 5064);
	const char *sm6;
	char *text;

	offer_tls();
	sm6 = tls_register_to_sm6();
	text = tls_sm7_text(sm6);
	/* over IPsec ports, where there is no SA set: dropped */
	receive_text(&sm7_peer, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 401", 11) == 0);
	/* on a TLS connection whose identity is unknown: dropped */
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity),
			 "00112233445566778899aabbccddeeff");
	receive_text(&tls, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 401", 11) == 0);
	free(text);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

START_TEST(test_tls_psk_sm7_tampered_verify)
{
	sip_peer_t tls = tls_peer(7);
	char sid[65], *text, *pos;
	const char *sm6;

	offer_tls();
	sm6 = tls_register_to_sm6();
	sm6_sid(sm6, sid);
	tls_connected(sid);
	/* a downgraded cs in Security-Verify: 403, the key goes */
	text = tls_sm7_text(sm6);
	pos = strstr(text, "Security-Verify: ");
	ck_assert(pos);
	pos = strstr(pos, "cs=00a8");
	ck_assert(pos);
	memcpy(pos + 3, "00ae", 4);
	receive_text(&tls, text);
	free(text);
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 403", 11) == 0);
	fire_linger();
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	fake_transport_clear(transport);
	receive_text(&tls, tls_message);
	ck_assert_int_eq(transport->sent_count, 0);
}
END_TEST

/** the P-CSCF again, offering tls-aka (cs 1303, 1301) before ipsec-3gpp */
static void offer_tls_aka(void)
{
	proxy->destroy(proxy);
	ck_assert(pcscf_policy_tls_aka_suites("1303, 1301", config.tls_aka_suites,
										  &config.tls_aka_suite_count));
	ck_assert(pcscf_policy_mechanisms("tls-aka, ipsec-3gpp", config.tls_suites,
									  config.tls_suite_count,
									  config.tls_aka_suites,
									  config.tls_aka_suite_count,
									  &config.policy, &config.tls_psk,
									  &config.tls_aka));
	ck_assert(config.tls_aka);
	ck_assert(!config.tls_psk);
	proxy = pcscf_proxy_create(&config, &transport->public, control);
	ck_assert(proxy->listen(proxy));
	ck_assert_int_eq(transport->filtered_count, 0);
}

/** SM1 from the UE's NAT over TCP connection conn to port 5060 */
static sip_peer_t tcp_peer(uint32_t conn)
{
	sip_peer_t peer = ue_unprotected;

	peer.proto = SIP_TCP;
	peer.conn = conn;
	return peer;
}

/** SM1 offering tls-aka and the ipsec-3gpp entries from peer; returns SM6 */
static const char *tls_aka_register_to_sm6(const sip_peer_t *peer)
{
	return sm1_to_sm6(peer, offer_text(1, TLS_AKA_CLIENT, NULL));
}

/** SM7 of tls-aka: SM1's Security-Client, Security-Verify as given */
static char *tls_aka_sm7_text(const char *verify)
{
	return offer_text(2, TLS_AKA_CLIENT, verify);
}

START_TEST(test_tls_aka_registration)
{
	sip_peer_t tcp = tcp_peer(9), other = tcp_peer(8);
	imsaka_secagree_list_t server;
	const imsaka_secagree_entry_t *e;
	char value[2048], request[256], sid[65];
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&tcp);
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert(!strstr(sm6, CK_HEX));
	ck_assert_uint_eq(fake_transport_last(transport)->peer.conn, 9);
	e = security_server(sm6, &server, value, sizeof(value));
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_TLS_AKA);
	/* the P-CSCF's order, intersected with the UE's */
	ck_assert_int_eq(e->suite_count, 2);
	ck_assert_int_eq(e->suites[0], 0x1303);
	ck_assert_int_eq(e->suites[1], 0x1301);
	ck_assert_int_eq(e->sid_len, 16);
	imsaka_hex_encode(e->sid, e->sid_len, sid);
	ck_assert(fake_control_find(&fake, "ctx-keys ctx=1"));
	snprintf(request, sizeof(request), "tls-aka-keys ctx=1 suite=1303 sid=%s",
			 sid);
	ck_assert_str_eq(fake_control_find(&fake, "tls-aka-keys"), request);
	ck_assert(!fake_control_find(&fake, "spi-alloc"));
	ck_assert(!fake_control_find(&fake, "sa-install"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
	/* the filter goes on SM1's connection right after SM6 */
	ck_assert_int_eq(transport->filters_set, 1);
	ck_assert_uint_eq(transport->filter_conn, 9);
	ck_assert_int_eq(transport->filter_sent_count, transport->sent_count);
	ck_assert_str_eq(transport->tls_identity, IMPI);

	/* SM7 on it, Security-Verify = SM6's Security-Server */
	fake_transport_clear(transport);
	tls_sm7_to_sm12(&tcp, tls_aka_sm7_text(value));
	/* on another (plain) connection refused */
	receive_text(&other, tls_message);
	ck_assert(strncmp(sent_to(&other), "SIP/2.0 403", 11) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_TLS_AKA, 1,
					PCSCF_UNPROTECTED_REFUSED, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	ck_assert_uint_eq(transport->closed_conn, 0);
}
END_TEST

/**
 * The UE closes the tls-aka connection before SM7 (e.g. its AKA failed):
 * the handshake is given up at once, not at the step timeout
 */
START_TEST(test_tls_aka_connection_closed)
{
	sip_peer_t tcp = tcp_peer(9);

	offer_tls_aka();
	tls_aka_register_to_sm6(&tcp);
	ck_assert(transport->close_cb);
	fake_control_clear(&fake);
	/* another connection, another identity, none: nothing */
	transport->close_cb(transport->close_data, 8, IMPI);
	transport->close_cb(transport->close_data, 9, "bob@ims.example.net");
	transport->close_cb(transport->close_data, 9, NULL);
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	transport->close_cb(transport->close_data, 9, IMPI);
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

/** SM6's Security-Server with the suites reordered */
static void reorder_suites(char *server)
{
	char *pos = strstr(server, "cs=1303.1301");

	ck_assert(pos);
	memcpy(pos + 3, "1301.1303", 9);
}

/** SM6's Security-Server with another sid */
static void change_sid(char *server)
{
	char *pos = strstr(server, "sid=");

	ck_assert(pos);
	pos[4] = pos[4] == '0' ? '1' : '0';
}

/** how SM7's Security-Verify differs from SM6, and whether the UE closes
 *  the connection on reading the 403 */
static const struct {
	void (*tamper)(char *server);
	bool ue_closes;
} tampered_verify[] = {
	{ reorder_suites, false },
	{ reorder_suites, true },
	{ change_sid, false },
};

/**
 * SM7 whose Security-Verify is not SM6's Security-Server gets a 403; the
 * handshake and its connection go when the 403 is out or as soon as the
 * UE closes the connection on reading it, for the reason it was refused
 */
START_TEST(test_tls_aka_sm7_tampered_verify)
{
	sip_peer_t tcp = tcp_peer(9);
	char value[2048];
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&tcp);
	ck_assert(header_value(sm6, "Security-Server", value, sizeof(value)));
	tampered_verify[_i].tamper(value);
	receive_free(&tcp, tls_aka_sm7_text(value));
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 403", 11) == 0);
	ck_assert_uint_eq(transport->closed_conn, 0);
	fake_log_start(1);
	if (tampered_verify[_i].ue_closes)
	{
		transport->close_cb(transport->close_data, 9, IMPI);
	}
	else
	{
		fire_linger();
		ck_assert_uint_eq(transport->closed_conn, 9);
	}
	ck_assert_msg(strstr(fake_log_text(), "handshake aborted by SM7 checks"),
				  "%s", fake_log_text());
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
}
END_TEST

START_TEST(test_tls_aka_over_udp_500)
{
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&ue_unprotected);
	ck_assert(strncmp(sm6, "SIP/2.0 500", 11) == 0);
	ck_assert_int_eq(transport->filters_set, 0);
	ck_assert(!fake_control_find(&fake, "tls-aka-keys"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

/** a REGISTER offering tls-aka only (no hashes), cseq as given, with a
 *  Security-Verify if verify given (free it) */
static char *tls_aka_only_text(int cseq, const char *verify)
{
	char security[6000];

	sec_agree_headers(security, sizeof(security), TLS_AKA_CLIENT, verify);
	return register_text("5060", cseq, security, "600");
}

/** SM1..SM12 of tls-aka on a TCP connection; server receives SM6's
 *  Security-Server */
static void tls_aka_register(const sip_peer_t *peer, char *server,
							 size_t size)
{
	const char *sm6;

	sm6 = tls_aka_register_to_sm6(peer);
	ck_assert(header_value(sm6, "Security-Server", server, size));
	fake_transport_clear(transport);
	tls_sm7_to_sm12(peer, tls_aka_sm7_text(server));
}

/**
 * The Via verdict of an SM1 over TCP: the connection's ephemeral source
 * port is no NAT, another address is
 */
START_TEST(test_tls_aka_sm1_tcp_via_verdict)
{
	sip_peer_t direct = tcp_peer(9), natted = tcp_peer(8),
			   udp = ue_unprotected;

	offer_tls_aka();
	parse_addr("10.1.0.10:43210", &direct.remote);
	fake_log_start(1);
	receive_free(&direct, tls_aka_only_text(1, NULL));
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from "
						 "10.1.0.10:43210 nat=none mech=tls-aka"), "%s",
				  fake_log_text());

	/* from the NAT's address (192.0.2.1:20001): ue */
	fake_log_start(1);
	receive_free(&natted, tls_aka_only_text(2, NULL));
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from "
						 "192.0.2.1:20001 nat=ue mech=tls-aka"), "%s",
				  fake_log_text());

	/* over UDP the port does not count either (sent-by 5060, source
	 * 43210: a phone sending from another port), it is logged */
	parse_addr("10.1.0.10:43210", &udp.remote);
	fake_log_start(1);
	receive_free(&udp, tls_aka_only_text(3, NULL));
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from "
						 "10.1.0.10:43210 nat=none"), "%s", fake_log_text());
	ck_assert_msg(strstr(fake_log_text(), "SM1 from port 43210 while its Via "
						 "names 5060: the same address, so no NAT"), "%s",
				  fake_log_text());
}
END_TEST

/**
 * tls-aka re-registration: an SM1 on a new TCP connection while the
 * registration is in force; the new keys go on the new connection, and the
 * first one is closed with the SM12 of the new registration
 */
START_TEST(test_tls_aka_reregistration)
{
	sip_peer_t first = tcp_peer(9), second = tcp_peer(10);
	char value[2048];
	const char *sm6;

	offer_tls_aka();
	tls_aka_register(&first, value, sizeof(value));
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	/* SM1 of the re-registration on the second connection */
	fake_control_clear(&fake);
	receive_free(&second, tls_aka_only_text(3, NULL));
	ck_assert(strstr(sent_to(&scscf), "REGISTER sip:"));
	receive_free(&scscf, sm4_text(3, true));
	/* a new initial registration: a context of its own, at SM4 */
	ck_assert(fake_control_find(&fake, "ctx-create"));
	sm6 = sent_to(&second);
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert_uint_eq(fake_transport_last(transport)->peer.conn, 10);
	ck_assert(fake_control_find(&fake, "tls-aka-keys ctx=2"));
	ck_assert_int_eq(transport->filters_set, 2);
	ck_assert_uint_eq(transport->filter_conn, 10);
	/* the registration in force stays meanwhile */
	ck_assert_uint_eq(transport->closed_conn, 0);
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	/* SM7 on the second connection; SM12 closes the first */
	ck_assert(header_value(sm6, "Security-Server", value, sizeof(value)));
	receive_free(&second, tls_aka_only_text(4, value));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	scscf_answers("200 OK", 4,
				  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&second), "SIP/2.0 200", 11) == 0);
	ck_assert_uint_eq(transport->closed_conn, 9);
	/* the new registration's context is held, the replaced one goes */
	ck_assert_str_eq(fake_control_find(&fake, "ctx-hold"),
					 "ctx-hold ctx=2 expires=600");
	ck_assert(!fake_control_find(&fake, "sa-promote"));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert(!fake_control_find(&fake, "ctx-delete ctx=2"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	receive_text(&second, tls_message);
	ck_assert(strncmp(sent_to(&scscf), "MESSAGE sip:bob", 15) == 0);
}
END_TEST

/**
 * A protected REGISTER with a new Security-Client on the tls-aka
 * connection in force is refused: its keys cannot change
 */
START_TEST(test_tls_aka_rereg_in_connection_refused)
{
	sip_peer_t tcp = tcp_peer(9);
	char value[2048];

	offer_tls_aka();
	tls_aka_register(&tcp, value, sizeof(value));
	fake_transport_clear(transport);
	fake_control_clear(&fake);
	receive_free(&tcp, tls_aka_only_text(3, value));
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(transport->sent_count, 1);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_uint_eq(transport->closed_conn, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* the registration in force goes on */
	receive_text(&tcp, tls_message);
	ck_assert(strncmp(sent_to(&scscf), "MESSAGE sip:bob", 15) == 0);
}
END_TEST

/*
 * Described in header
 */
void pcscf_register_tls_psk_tests(TCase *tc)
{
	tcase_add_test(tc, test_tls_psk_registration);
	tcase_add_test(tc, test_tls_psk_ctx_hold_fails);
	tcase_add_test(tc, test_tls_psk_sm7_wrong_connection);
	tcase_add_test(tc, test_tls_psk_sm7_tampered_verify);
}

/*
 * Described in header
 */
void pcscf_register_tls_aka_tests(TCase *tc)
{
	tcase_add_test(tc, test_tls_aka_registration);
	tcase_add_test(tc, test_tls_aka_connection_closed);
	tcase_add_loop_test(tc, test_tls_aka_sm7_tampered_verify, 0,
						countof(tampered_verify));
	tcase_add_test(tc, test_tls_aka_over_udp_500);
	tcase_add_test(tc, test_tls_aka_sm1_tcp_via_verdict);
	tcase_add_test(tc, test_tls_aka_reregistration);
	tcase_add_test(tc, test_tls_aka_rereg_in_connection_refused);
}

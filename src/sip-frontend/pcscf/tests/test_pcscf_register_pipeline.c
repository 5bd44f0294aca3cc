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
 * Registrations while charon works: the pipelined sa-prepare and
 * sa-promote, and the chains of the TLS mechanisms (ctx-create, ctx-keys,
 * tls-psk or tls-aka-keys; ctx-hold), answered late, out of order, for a
 * handshake given up, or never (connection lost); retransmissions
 * meanwhile; overload control.
 */

#include <library.h>

#include <stdio.h>

#include <hex.h>

#include "pcscf_register_fixture.h"

/** text with every from replaced by to (frees text, free the result) */
static char *replace_all(char *text, const char *from, const char *to)
{
	char *out = calloc(1, strlen(text) * 2 + 1), *o = out;
	const char *p = text, *hit;

	while ((hit = strstr(p, from)))
	{
		memcpy(o, p, hit - p);
		o += hit - p;
		strcpy(o, to);
		o += strlen(to);
		p = hit + strlen(from);
	}
	strcpy(o, p);
	free(text);
	return out;
}

/** a REGISTER of alice's made another UE's: IMPI, branch, Call-ID (frees
 *  text, free the result) */
static char *as_user(char *text, const char *name)
{
	char other[64];

	snprintf(other, sizeof(other), "z9hG4bK%s", name);
	text = replace_all(text, "z9hG4bKue", other);
	snprintf(other, sizeof(other), "%s@10.1.0.10", name);
	text = replace_all(text, "reg1@10.1.0.10", other);
	return replace_all(text, "alice", name);
}

/** the spi-s of the Security-Server of a message */
static uint32_t server_spi_s(const char *msg)
{
	imsaka_secagree_list_t server;
	char value[2048];

	return security_server(msg, &server, value, sizeof(value))->spi_s;
}

/** messages sent so far */
static int sent_count(void)
{
	return transport->sent_count;
}

START_TEST(test_sm4_and_sm10_wait_for_charon)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *sm4, *ok;
	const char *sm6;
	int before;

	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	sm4 = sm4_text(1, true);
	before = sent_count();
	receive_text(&scscf, sm4);
	/* charon works on it: nothing to the UE yet, the loop is free */
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	ck_assert_int_eq(sent_count(), before);
	/* the S-CSCF retransmits its 401: absorbed, no second sa-prepare */
	receive_text(&scscf, sm4);
	free(sm4);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_int_eq(sent_count(), before);
	ck_assert(fake_control_answer(&fake, 0, NULL));
	sm6 = sent_to(&ue_unprotected);
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert_int_eq(server_spi_s(sm6), 65537);

	receive_free(&ue, sm7_text(sm6, "192.0.2.20:5060", OA, NULL));
	sent_to(&scscf);
	ok = scscf_response("200 OK", 2,
						"Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	before = sent_count();
	receive_text(&scscf, ok);
	ck_assert(fake_control_find(&fake, "sa-promote ctx=1 expires=600"));
	ck_assert_int_eq(sent_count(), before);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* a retransmitted 200 while charon promotes: absorbed */
	receive_text(&scscf, ok);
	free(ok);
	ck_assert_int_eq(sent_count(), before);
	ck_assert(fake_control_answer(&fake, 1, NULL));
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(fake_control_waiting(&fake), 0);
}
END_TEST

START_TEST(test_replies_out_of_order)
{
	char *alice_sm4, *bob_sm1, *bob_sm4;
	const char *sm6;

	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	alice_sm4 = sm4_text(1, true);
	bob_sm1 = as_user(sm1_text("192.0.2.20:5060"), "bob");
	receive_text(&ue_unprotected, bob_sm1);
	free(bob_sm1);
	bob_sm4 = sm4_text(1, true);
	receive_free(&scscf, alice_sm4);
	receive_free(&scscf, bob_sm4);
	ck_assert_int_eq(fake_control_waiting(&fake), 2);
	ck_assert(strstr(fake.requests[0], "impi=alice@"));
	ck_assert(strstr(fake.requests[1], "impi=bob@"));
	/* bob's reply first (SPIs 65538/65539), then alice's (65536/65537) */
	ck_assert(fake_control_answer(&fake, 1, NULL));
	sm6 = fake_transport_last(transport)->text;
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert_int_eq(server_spi_s(sm6), 65539);
	ck_assert(fake_control_answer(&fake, 0, NULL));
	sm6 = fake_transport_last(transport)->text;
	ck_assert_int_eq(server_spi_s(sm6), 65537);
	ck_assert_int_eq(proxy->get_count(proxy), 2);
}
END_TEST

START_TEST(test_given_up_while_waiting)
{
	char security[2200], client[2048];
	int before;

	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	/* the UE starts over (a new REGISTER) while charon works on the set */
	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	sec_agree_headers(security, sizeof(security), client, NULL);
	receive_free(&ue_unprotected, register_text("5060", 2, security, "600"));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	before = sent_count();
	/* the late reply: the context made for the old handshake goes, and
	 * the old SM6 never leaves */
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert_int_eq(sent_count(), before);
	ck_assert_str_eq(fake_control_find(&fake, "ctx-delete"),
					 "ctx-delete ctx=1");
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* the new handshake goes on with a context of its own */
	receive_free(&scscf, sm4_text(2, true));
	ck_assert(fake_control_answer(&fake, 2, NULL));
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 401", 11) == 0);
	ck_assert(strstr(fake.requests[2], "sa-prepare impi=" IMPI));
}
END_TEST

START_TEST(test_charon_lost_mid_batch)
{
	char *bob_sm1, *alice_sm4;

	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	alice_sm4 = sm4_text(1, true);
	bob_sm1 = as_user(sm1_text("192.0.2.20:5060"), "bob");
	receive_text(&ue_unprotected, bob_sm1);
	free(bob_sm1);
	receive_free(&scscf, alice_sm4);
	receive_free(&scscf, sm4_text(1, true));
	ck_assert_int_eq(fake_control_waiting(&fake), 2);
	/* the connection breaks with both in flight: each UE gets a 500,
	 * nothing is left to undo (charon carries a request out fully or
	 * not at all; a restarted one has nothing) */
	ck_assert(fake_control_answer(&fake, 0, CONTROL_PIPELINE_LOST));
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	ck_assert(fake_control_answer(&fake, 1, CONTROL_PIPELINE_LOST));
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	ck_assert_int_eq(fake.count, 2);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_shutdown_while_waiting)
{
	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	ck_assert_int_eq(proxy->shutdown(proxy), 1);
	/* the registration is out of the table, held by the request; the
	 * reply frees it and deletes the context it made */
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
}
END_TEST

START_TEST(test_overload_503)
{
	char *bob_sm1, *retry, value[32];
	int i;

	config.max_handshakes = 1;
	config.retry_after = 10;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	for (i = 0; i < 20; i++)
	{
		bob_sm1 = as_user(sm1_text("192.0.2.20:5060"), "bob");
		receive_text(&ue_unprotected, bob_sm1);
		free(bob_sm1);
		retry = (char*)sent_to(&ue_unprotected);
		ck_assert(strncmp(retry, "SIP/2.0 503", 11) == 0);
		/* paced (pcscf_pacing): at most twice retry_after */
		ck_assert(header_value(retry, "Retry-After", value, sizeof(value)));
		ck_assert_int_ge(atoi(value), 1);
		ck_assert_int_le(atoi(value), 20);
	}
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	assert_counters(PCSCF_REG_FAILED_CAPACITY, 20, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_GAUGE_HANDSHAKES, 1, PCSCF_COUNTER_MAX);
	/* a retransmission of the handshake in flight is no new one */
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	/* once it is done, the next one is taken */
	receive_free(&scscf, sm4_text(1, false));
	bob_sm1 = as_user(sm1_text("192.0.2.20:5060"), "bob");
	receive_text(&ue_unprotected, bob_sm1);
	free(bob_sm1);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
}
END_TEST

START_TEST(test_charon_queue_503)
{
	char *bob_sm1, *retry, value[32];

	config.max_charon_queue = 1;
	fake.defer = true;
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	/* charon has a backlog: a new handshake waits, SIP is not the limit */
	bob_sm1 = as_user(sm1_text("192.0.2.20:5060"), "bob");
	receive_text(&ue_unprotected, bob_sm1);
	retry = (char*)sent_to(&ue_unprotected);
	ck_assert(strncmp(retry, "SIP/2.0 503", 11) == 0);
	ck_assert(header_value(retry, "Retry-After", value, sizeof(value)));
	ck_assert_int_ge(atoi(value), 1);
	ck_assert_int_le(atoi(value), 2 * config.retry_after);
	/* once charon answered, it is taken */
	ck_assert(fake_control_answer(&fake, 0, NULL));
	receive_text(&ue_unprotected, bob_sm1);
	free(bob_sm1);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
}
END_TEST

/**
 * Start a handshake of user name; TRUE if it went on to the S-CSCF, FALSE
 * if it got a 503
 */
static bool start_as(const char *name)
{
	fake_sent_t *last;

	receive_free(&ue_unprotected, as_user(sm1_text("192.0.2.20:5060"), name));
	last = fake_transport_last(transport);
	ck_assert(last);
	if (strncmp(last->text, "REGISTER ", 9) == 0)
	{
		return true;
	}
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 503", 11) == 0);
	return false;
}

START_TEST(test_backlog_503)
{
	char name[16];
	int i;

	/* no rate measured yet: the floor of handshakes in flight */
	config.handshake_backlog = 4;
	for (i = 0; i < PCSCF_HANDSHAKE_BACKLOG_FLOOR; i++)
	{
		snprintf(name, sizeof(name), "u%d", i);
		ck_assert(start_as(name));
	}
	ck_assert(!start_as("late"));
	assert_counters(PCSCF_REG_FAILED_CAPACITY, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_GAUGE_HANDSHAKES, PCSCF_HANDSHAKE_BACKLOG_FLOOR,
					PCSCF_COUNTER_MAX);
}
END_TEST

/**
 * The refusals of a burst are summed up in a line a second at most; those
 * after the last line get one when the second is over, as the burst ended
 */
START_TEST(test_refusal_burst_logged)
{
	char name[16];
	const char *log, *line;
	int i, first, refused = 0, n;

	config.handshake_backlog = 4;
	for (i = 0; i < PCSCF_HANDSHAKE_BACKLOG_FLOOR; i++)
	{
		snprintf(name, sizeof(name), "u%d", i);
		ck_assert(start_as(name));
	}
	fake_log_start(1);
	first = transport->timer_count;
	for (i = 0; i < 3; i++)
	{
		snprintf(name, sizeof(name), "late%d", i);
		ck_assert(!start_as(name));
	}
	/* the second's timer, unless a second passed between refusals */
	for (i = first; i < transport->timer_count; i++)
	{
		if (transport->timers[i].active && transport->timers[i].ms <= 1000)
		{
			transport->timers[i].active = false;
			transport->timers[i].cb(transport->timers[i].data);
		}
	}
	/* every refusal in a level-1 line, each line with the pace */
	log = fake_log_text();
	for (line = strstr(log, " refused with 503 (last: "); line;
		 line = strstr(line + 1, " refused with 503 (last: "))
	{
		while (line > log && line[-1] != '\n')
		{
			line--;
		}
		ck_assert_int_eq(sscanf(line, "%d REGISTER", &n), 1);
		refused += n;
		line = strchr(line, '\n');
		ck_assert(line);
	}
	ck_assert_msg(refused == 3, "%s", log);
	ck_assert_msg(strstr(log, "handshakes in flight than end in "
						 "handshake_backlog"), "%s", log);
	fake_log_start(0);
}
END_TEST

START_TEST(test_backlog_off)
{
	char name[16];
	int i;

	config.handshake_backlog = 0;
	for (i = 0; i <= PCSCF_HANDSHAKE_BACKLOG_FLOOR; i++)
	{
		snprintf(name, sizeof(name), "u%d", i);
		ck_assert(start_as(name));
	}
}
END_TEST

START_TEST(test_sm7_again_after_200)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *sm7, *ok;
	const char *sm6;

	sm6 = register_to_sm6("192.0.2.20:5060");
	sm7 = sm7_text(sm6, "192.0.2.20:5060", OA, NULL);
	receive_text(&ue, sm7);
	sent_to(&scscf);
	ok = scscf_response("200 OK", 2,
						"Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	receive_text(&scscf, ok);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	fake_control_clear(&fake);
	fake_log_start(2);
	/* SM7 again (the UE did not get the 200): to the S-CSCF again, not a
	 * new agreement from its Security-Client */
	receive_text(&ue, sm7);
	free(sm7);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	ck_assert_msg(strstr(fake_log_text(), "protected REGISTER retransmitted"),
				  "%s", fake_log_text());
	ck_assert(!strstr(fake_log_text(), "re-registration"));
	/* the S-CSCF's same 200 goes to the UE, nothing changes in charon */
	receive_text(&scscf, ok);
	free(ok);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

#define TLS_PSK_CLIENT "tls-psk;cs=00a8;q=0.9"
#define TLS_AKA_CLIENT "tls-aka;cs=1301;q=0.9"

/** the P-CSCF again, offering the mechanisms given (tls-psk cs 00a8,
 *  tls-aka cs 1301) */
static void offer(const char *mechanisms)
{
	proxy->destroy(proxy);
	ck_assert(pcscf_policy_tls_suites("00a8", config.tls_suites,
									  &config.tls_suite_count));
	ck_assert(pcscf_policy_tls_aka_suites("1301", config.tls_aka_suites,
										  &config.tls_aka_suite_count));
	ck_assert(pcscf_policy_mechanisms(mechanisms, config.tls_suites,
									  config.tls_suite_count,
									  config.tls_aka_suites,
									  config.tls_aka_suite_count,
									  &config.policy, &config.tls_psk,
									  &config.tls_aka));
	config.tls_port = 5061;
	proxy = pcscf_proxy_create(&config, &transport->public, control);
	ck_assert(proxy->listen(proxy));
}

/** a REGISTER offering a TLS entry before the ipsec-3gpp ones, with a
 *  Security-Verify if verify given (free it) */
static char *tls_text(int cseq, const char *offer, const char *verify)
{
	char client[2048], offered[2600], security[6000];

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(offered, sizeof(offered), "%s, %s", offer, client);
	sec_agree_headers(security, sizeof(security), offered, verify);
	return register_text("5060", cseq, security, "600");
}

/** the sid of a message's TLS Security-Server, as hex */
static void server_sid(const char *msg, char sid[65])
{
	const imsaka_secagree_entry_t *e;
	imsaka_secagree_list_t server;
	char value[2048];

	e = security_server(msg, &server, value, sizeof(value));
	imsaka_hex_encode(e->sid, e->sid_len, sid);
}

/** the sid= of the recorded request starting with prefix */
static const char *request_sid(const char *prefix)
{
	const char *request = fake_control_find(&fake, prefix), *sid;

	ck_assert_msg(request, "no request %s", prefix);
	sid = strstr(request, " sid=");
	ck_assert(sid);
	return sid + 5;
}

START_TEST(test_tls_psk_waits_for_charon)
{
	sip_peer_t tls = { .proto = SIP_TCP, .conn = 7 };
	char *sm4, *ok, server[2048], sid[65];
	const char *sm6;
	int before;

	parse_addr("192.0.2.20:5061", &tls.local);
	parse_addr("192.0.2.1:30000", &tls.remote);
	offer("tls-psk, ipsec-3gpp");
	fake.defer = true;
	receive_free(&ue_unprotected, tls_text(1, TLS_PSK_CLIENT, NULL));
	sm4 = sm4_text(1, true);
	before = sent_count();
	receive_text(&scscf, sm4);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.requests[0], "ctx-create role=pcscf impi=" IMPI);
	/* the S-CSCF retransmits its 401 meanwhile: absorbed */
	receive_text(&scscf, sm4);
	free(sm4);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_int_eq(sent_count(), before);
	/* the keys go once ctx-create gave the context, the PSK once they
	 * are in it; SM6 only after the PSK */
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert_int_eq(fake.count, 2);
	ck_assert_str_eq(fake.requests[1], "ctx-keys ctx=1 ck=" CK_HEX
					 " ik=" IK_HEX);
	ck_assert_int_eq(sent_count(), before);
	ck_assert(fake_control_answer(&fake, 1, NULL));
	ck_assert_int_eq(fake.count, 3);
	ck_assert(strncmp(fake.requests[2], "tls-psk ctx=1 rand=", 19) == 0);
	ck_assert_int_eq(sent_count(), before);
	ck_assert(fake_control_answer(&fake, 2, NULL));
	sm6 = sent_to(&ue_unprotected);
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	server_sid(sm6, sid);
	ck_assert_str_eq(request_sid("tls-psk"), sid);
	ck_assert_int_eq(fake_control_waiting(&fake), 0);

	/* SM7 on the TLS connection of that sid: the PSK was in the table */
	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity), "%s",
			 sid);
	receive_free(&tls, tls_text(2, TLS_PSK_CLIENT, server));
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	/* SM10: the 200 waits for ctx-hold, its retransmission is absorbed */
	ok = scscf_response("200 OK", 2,
						"Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	before = sent_count();
	receive_text(&scscf, ok);
	ck_assert_str_eq(fake.requests[3], "ctx-hold ctx=1 expires=600");
	receive_text(&scscf, ok);
	free(ok);
	ck_assert_int_eq(sent_count(), before);
	ck_assert_int_eq(fake.count, 4);
	ck_assert(fake_control_answer(&fake, 3, NULL));
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
}
END_TEST

START_TEST(test_tls_psk_replies_out_of_order)
{
	char *bob_sm1, *alice_sm4, sid[65];
	const char *sm6;

	offer("tls-psk, ipsec-3gpp");
	fake.defer = true;
	receive_free(&ue_unprotected, tls_text(1, TLS_PSK_CLIENT, NULL));
	alice_sm4 = sm4_text(1, true);
	bob_sm1 = as_user(tls_text(1, TLS_PSK_CLIENT, NULL), "bob");
	receive_free(&ue_unprotected, bob_sm1);
	receive_free(&scscf, alice_sm4);
	receive_free(&scscf, sm4_text(1, true));
	ck_assert_str_eq(fake.requests[0], "ctx-create role=pcscf impi=" IMPI);
	ck_assert_str_eq(fake.requests[1], "ctx-create role=pcscf "
					 "impi=bob@ims.example.net");
	/* bob's context first (ctx 2), then alice's (ctx 1) */
	ck_assert(fake_control_answer(&fake, 1, NULL));
	ck_assert(strncmp(fake.requests[2], "ctx-keys ctx=2 ", 15) == 0);
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert(strncmp(fake.requests[3], "ctx-keys ctx=1 ", 15) == 0);
	/* alice's keys first, then bob's */
	ck_assert(fake_control_answer(&fake, 3, NULL));
	ck_assert(strncmp(fake.requests[4], "tls-psk ctx=1 ", 14) == 0);
	ck_assert(fake_control_answer(&fake, 2, NULL));
	ck_assert(strncmp(fake.requests[5], "tls-psk ctx=2 ", 14) == 0);
	/* bob's PSK first: his SM6 with the sid of his context */
	ck_assert(fake_control_answer(&fake, 5, NULL));
	sm6 = fake_transport_last(transport)->text;
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert(strstr(sm6, "branch=z9hG4bKbob"));
	server_sid(sm6, sid);
	ck_assert_str_eq(request_sid("tls-psk ctx=2 "), sid);
	ck_assert(fake_control_answer(&fake, 4, NULL));
	sm6 = fake_transport_last(transport)->text;
	ck_assert(strstr(sm6, "branch=z9hG4bKue"));
	server_sid(sm6, sid);
	ck_assert_str_eq(request_sid("tls-psk ctx=1 "), sid);
	ck_assert_int_eq(proxy->get_count(proxy), 2);
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
}
END_TEST

/** which reply of a tls-psk chain comes after the handshake was given up */
static const struct {
	/** replies answered before the UE starts over */
	int before;
	/** requests sent in all for the old handshake */
	int requests;
} late_reply[] = {
	/* ctx-create late: the keys still go, the context goes after */
	{ 0, 2 },
	/* ctx-keys late */
	{ 1, 2 },
	/* tls-psk late */
	{ 2, 3 },
};

START_TEST(test_tls_psk_reply_after_given_up)
{
	char *sm1;
	int i, before;

	offer("tls-psk, ipsec-3gpp");
	fake.defer = true;
	receive_free(&ue_unprotected, tls_text(1, TLS_PSK_CLIENT, NULL));
	receive_free(&scscf, sm4_text(1, true));
	for (i = 0; i < late_reply[_i].before; i++)
	{
		ck_assert(fake_control_answer(&fake, i, NULL));
	}
	/* the UE starts over while charon works on the chain */
	sm1 = tls_text(2, TLS_PSK_CLIENT, NULL);
	receive_free(&ue_unprotected, sm1);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	before = sent_count();
	fake_log_start(1);
	/* the late replies: the chain ends, the context made for it goes,
	 * no PSK is added, the old SM6 never leaves */
	for (i = late_reply[_i].before; fake_control_waiting(&fake); i++)
	{
		ck_assert(fake_control_answer(&fake, i, NULL));
	}
	ck_assert_int_eq(sent_count(), before);
	ck_assert_msg(!strstr(fake_log_text(), "tls-psk key"), "%s",
				  fake_log_text());
	ck_assert_int_eq(fake.count, late_reply[_i].requests + 1);
	ck_assert_str_eq(fake.requests[fake.count - 1], "ctx-delete ctx=1");
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* the new handshake goes on with a context of its own */
	receive_free(&scscf, sm4_text(2, true));
	ck_assert_str_eq(fake.requests[fake.count - 1],
					 "ctx-create role=pcscf impi=" IMPI);
}
END_TEST

/** SM1 of tls-aka over TCP connection 9 */
static sip_peer_t tls_aka_peer(void)
{
	sip_peer_t tcp = ue_unprotected;

	tcp.proto = SIP_TCP;
	tcp.conn = 9;
	return tcp;
}

START_TEST(test_tls_aka_lost_mid_chain)
{
	sip_peer_t tcp = tls_aka_peer();

	offer("tls-aka, ipsec-3gpp");
	fake.defer = true;
	receive_free(&tcp, tls_text(1, TLS_AKA_CLIENT, NULL));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert(strncmp(fake.requests[1], "ctx-keys ctx=1 ", 15) == 0);
	/* the connection breaks with ctx-keys in flight: the context made
	 * for it goes, the UE gets a 500, no record keys are asked */
	ck_assert(fake_control_answer(&fake, 1, CONTROL_PIPELINE_LOST));
	ck_assert_str_eq(fake.requests[2], "ctx-delete ctx=1");
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 500", 11) == 0);
	ck_assert(!fake_control_find(&fake, "tls-aka-keys"));
	ck_assert_int_eq(fake.count, 3);
	ck_assert_int_eq(transport->filters_set, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_tls_aka_keys_after_given_up)
{
	sip_peer_t tcp = tls_aka_peer();
	int before;

	offer("tls-aka, ipsec-3gpp");
	fake.defer = true;
	receive_free(&tcp, tls_text(1, TLS_AKA_CLIENT, NULL));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert(fake_control_answer(&fake, 0, NULL));
	ck_assert(fake_control_answer(&fake, 1, NULL));
	ck_assert(strncmp(fake.requests[2], "tls-aka-keys ctx=1 suite=1301 ",
					  30) == 0);
	/* the UE starts over on the connection */
	receive_free(&tcp, tls_text(2, TLS_AKA_CLIENT, NULL));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	before = sent_count();
	/* the late secrets: no record layer, the context goes */
	ck_assert(fake_control_answer(&fake, 2, NULL));
	ck_assert_int_eq(sent_count(), before);
	ck_assert_int_eq(transport->filters_set, 0);
	ck_assert_str_eq(fake.requests[3], "ctx-delete ctx=1");
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

START_TEST(test_tls_charon_queue_503)
{
	char *bob_sm1;

	config.max_charon_queue = 1;
	offer("tls-psk, ipsec-3gpp");
	fake.defer = true;
	receive_free(&ue_unprotected, tls_text(1, TLS_PSK_CLIENT, NULL));
	receive_free(&scscf, sm4_text(1, true));
	ck_assert(fake_control_answer(&fake, 0, NULL));
	/* the chain's ctx-keys is with charon: a new handshake waits */
	ck_assert_int_eq(fake_control_waiting(&fake), 1);
	bob_sm1 = as_user(tls_text(1, TLS_PSK_CLIENT, NULL), "bob");
	receive_text(&ue_unprotected, bob_sm1);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 503", 11) == 0);
	ck_assert(fake_control_answer(&fake, 1, NULL));
	ck_assert(fake_control_answer(&fake, 2, NULL));
	receive_text(&ue_unprotected, bob_sm1);
	free(bob_sm1);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
}
END_TEST

void pcscf_register_pipeline_tests(TCase *tc)
{
	tcase_add_test(tc, test_sm4_and_sm10_wait_for_charon);
	tcase_add_test(tc, test_replies_out_of_order);
	tcase_add_test(tc, test_given_up_while_waiting);
	tcase_add_test(tc, test_charon_lost_mid_batch);
	tcase_add_test(tc, test_shutdown_while_waiting);
	tcase_add_test(tc, test_overload_503);
	tcase_add_test(tc, test_sm7_again_after_200);
	tcase_add_test(tc, test_charon_queue_503);
	tcase_add_test(tc, test_backlog_503);
	tcase_add_test(tc, test_refusal_burst_logged);
	tcase_add_test(tc, test_backlog_off);
	tcase_add_test(tc, test_tls_psk_waits_for_charon);
	tcase_add_test(tc, test_tls_psk_replies_out_of_order);
	tcase_add_loop_test(tc, test_tls_psk_reply_after_given_up, 0,
						countof(late_reply));
	tcase_add_test(tc, test_tls_aka_lost_mid_chain);
	tcase_add_test(tc, test_tls_aka_keys_after_given_up);
	tcase_add_test(tc, test_tls_charon_queue_503);
}

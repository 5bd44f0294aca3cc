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
 * The bench the registration tests share: a registration under test over
 * a fake charon and a fake transport, and a scripted P-CSCF answering it.
 */

#include "registration_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sip_message.h>

ue_reg_bench_t bench;

static void fake_close_conn(sip_transport_t *transport, uint32_t conn)
{
	bench.closes++;
	bench.closed_conn = conn;
	if (conn == bench.ft->last_conn)
	{
		bench.ft->conn_open = false;
	}
}

static void on_state(void *data, ue_reg_state_t state)
{
	bench.last_state = state;
	bench.callbacks++;
}

/**
 * Create the registration under test with the current config
 */
void bench_create_reg(void)
{
	bench.reg = ue_registration_create(&bench.config, &bench.fc->public,
									   &bench.ft->public, on_state, NULL);
	ck_assert(bench.reg);
}

/**
 * A test case with the bench fixture, added to a suite
 */
TCase *bench_tcase_create(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, bench_setup, bench_teardown);
	suite_add_tcase(s, tc);
	return tc;
}

void bench_setup(void)
{
	test_config(&bench.config);
	snprintf(bench.state_file, sizeof(bench.state_file),
			 "/tmp/ue_tests_state.%d", getpid());
	snprintf(bench.config.state_file, sizeof(bench.config.state_file), "%s",
			 bench.state_file);
	bench.ft = fake_transport_create();
	bench.ft->public.close_conn = fake_close_conn;
	bench.closes = 0;
	bench.closed_conn = 0;
	bench.fc = fake_control_create();
	bench_create_reg();
	bench.script = calloc(1, sizeof(*bench.script));
	/* UE behind a NAT (public 192.0.2.1:20000), imsaka P-CSCF */
	bench.script->source = test_addr("192.0.2.1:20000");
	bench.script->local = test_addr("192.0.2.20:5060");
	bench.script->natp = true;
	bench.last_state = UE_REG_IDLE;
	bench.callbacks = 0;
}

void bench_teardown(void)
{
	bench.reg->destroy(bench.reg);
	bench.fc->public.destroy(&bench.fc->public);
	bench.ft->public.destroy(&bench.ft->public);
	free(bench.script);
	unlink(bench.state_file);
}

/** deliver a message as coming from the P-CSCF to where the last went */
bool bench_deliver(const char *text)
{
	const fake_sent_t *last = fake_transport_last(bench.ft);
	sip_peer_t peer = {
		.proto = last->peer.proto,
		.local = last->peer.local,
		.remote = last->peer.remote,
		.conn = last->peer.conn,
	};

	if (peer.proto == SIP_TCP && !peer.conn)
	{	/* the connection the transport opened for it */
		peer.conn = FAKE_TCP_CONN;
	}
	return bench.reg->receive(bench.reg, &peer, text, strlen(text));
}

void bench_answer_sm6(void)
{
	char *sm6 = pcscf_sm6(bench.script, fake_transport_last(bench.ft)->msg);

	ck_assert(bench_deliver(sm6));
	free(sm6);
}

/** answer the last message sent with a bare response of a status code */
void bench_answer(int code)
{
	char *resp = pcscf_response(fake_transport_last(bench.ft)->msg, code);

	ck_assert(bench_deliver(resp));
	free(resp);
}

void bench_answer_sm12(uint32_t expires, bool tamper)
{
	char *sm12 = pcscf_sm12(bench.script, fake_transport_last(bench.ft)->msg,
							expires,
							tamper);

	ck_assert(bench_deliver(sm12));
	free(sm12);
}

/** answer the last message sent with SM6 coming over another peer */
void bench_answer_sm6_on(const sip_peer_t *peer)
{
	char *sm6 = pcscf_sm6(bench.script, fake_transport_last(bench.ft)->msg);

	ck_assert(bench.reg->receive(bench.reg, peer, sm6, strlen(sm6)));
	free(sm6);
}

/** register: start, SM6, SM12 with expires 600 */
void bench_register(void)
{
	ck_assert(bench.reg->start(bench.reg));
	bench_answer_sm6();
	bench_answer_sm12(600, false);
}

void bench_get_list(osip_message_t *msg, const char *name,
					 imsaka_secagree_list_t *list)
{
	ck_assert_int_eq(imsaka_sip_sec_get(msg, name, list), IMSAKA_SECAGREE_OK);
}

/** a security list of the last message sent */
void bench_sent_list(const char *name, imsaka_secagree_list_t *list)
{
	const fake_sent_t *last = fake_transport_last(bench.ft);
	sip_msg_t *msg = imsaka_sip_parse(last->msg, last->len);

	ck_assert(msg);
	bench_get_list(msg, name, list);
	imsaka_sip_free(msg);
}

/** the Authorization of a raw message, parsed with imsaka's grammar (libosip2
 * drops parameters it does not know, such as auts) */
imsaka_digest_t *bench_get_auth(const char *text)
{
	static imsaka_digest_t auth;
	const char *start = strstr(text, "\r\nAuthorization: "), *end;

	ck_assert(start);
	start += strlen("\r\nAuthorization: ");
	end = strstr(start, "\r\n");
	ck_assert(end);
	ck_assert_int_eq(imsaka_digest_parse(&auth, IMSAKA_DIGEST_CREDENTIALS,
										 start, end - start), IMSAKA_SECAGREE_OK);
	return &auth;
}

bool bench_auth_is(imsaka_digest_t *auth, imsaka_digest_param_t param,
					const char *value)
{
	const char *v;
	size_t len;

	return imsaka_digest_get(auth, param, &v, &len) &&
		   len == strlen(value) && strncmp(v, value, len) == 0;
}

/** read the state file into a buffer */
void bench_read_state(char *buf, size_t size)
{
	FILE *f = fopen(bench.state_file, "r");
	size_t n;

	ck_assert(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/** count the lines of the fake charon's log starting with prefix */
int bench_control_calls(const char *prefix)
{
	const char *pos = bench.fc->log;
	int n = 0;

	while (pos && *pos)
	{
		n += strncmp(pos, prefix, strlen(prefix)) == 0;
		pos = strchr(pos, '\n');
		pos = pos ? pos + 1 : NULL;
	}
	return n;
}

/** set option mechanisms */
void bench_offer_mechanisms(const char *mechanisms)
{
	sip_error_t err = {};

	ck_assert_msg(ue_config_parse_mechanisms(&bench.config.offer, mechanisms,
											 &err), "%s", err.reason);
}

/** the UE again, offering tls-psk (00a8, 1301) before ipsec-3gpp */
void bench_offer_tls(void)
{
	bench.reg->destroy(bench.reg);
	bench_offer_mechanisms("tls-psk, ipsec-3gpp");
	bench.config.offer.tls_suites[0] = 0x00a8;
	bench.config.offer.tls_suites[1] = 0x1301;
	bench.config.offer.tls_suite_count = 2;
	bench.config.tls_port = 5061;
	bench_create_reg();
	bench.script->tls = true;
}

/** the UE again, offering tls-aka (1301, 1302, 1303) before ipsec-3gpp */
void bench_offer_tls_aka(void)
{
	bench.reg->destroy(bench.reg);
	bench_offer_mechanisms("tls-aka, ipsec-3gpp");
	bench.config.offer.tls_aka_suites[0] = 0x1301;
	bench.config.offer.tls_aka_suites[1] = 0x1302;
	bench.config.offer.tls_aka_suites[2] = 0x1303;
	bench.config.offer.tls_aka_suite_count = 3;
	bench_create_reg();
	bench.script->tls_aka = true;
}

/** count the occurrences of a string */
int bench_count_of(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle)))
	{
		n++;
		haystack++;
	}
	return n;
}

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
 * The registration state machine against a fake charon and a scripted
 * P-CSCF that answers with real SIP texts (docs/PROTOCOL.md, the
 * registration contract of the project).
 */

#include "ue_tests.h"

#include <sip_tls_aka_filter.h>
#include <hex.h>
#include "fake_control.h"
#include "fake_transport.h"
#include "pcscf_script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nat_detect.h>
#include <secagree_natt.h>
#include <sip_message.h>

#include "ue_registration.h"

static ue_config_t config;
static fake_transport_t *ft;
static fake_control_t *fc;
static ue_registration_t *reg;
static pcscf_script_t *script;
static ue_reg_state_t last_state;
static int callbacks;
static char state_file[64];
/** close_conn() calls and the last connection closed */
static int closes;
static uint32_t closed_conn;

static void fake_close_conn(sip_transport_t *transport, uint32_t conn)
{
	closes++;
	closed_conn = conn;
	if (conn == ft->last_conn)
	{
		ft->conn_open = false;
	}
}

static void on_state(void *data, ue_reg_state_t state)
{
	last_state = state;
	callbacks++;
}

/**
 * Create the registration under test with the current config
 */
static void create_reg(void)
{
	reg = ue_registration_create(&config, &fc->public, &ft->public, on_state,
								 NULL);
	ck_assert(reg);
}

static void setup(void)
{
	test_config(&config);
	snprintf(state_file, sizeof(state_file), "/tmp/ue_tests_state.%d",
			 getpid());
	snprintf(config.state_file, sizeof(config.state_file), "%s", state_file);
	ft = fake_transport_create();
	ft->public.close_conn = fake_close_conn;
	closes = 0;
	closed_conn = 0;
	fc = fake_control_create();
	create_reg();
	script = calloc(1, sizeof(*script));
	/* UE behind a NAT (public 192.0.2.1:20000), imsaka P-CSCF */
	script->source = test_addr("192.0.2.1:20000");
	script->local = test_addr("192.0.2.20:5060");
	script->natp = true;
	last_state = UE_REG_IDLE;
	callbacks = 0;
}

static void teardown(void)
{
	reg->destroy(reg);
	fc->public.destroy(&fc->public);
	ft->public.destroy(&ft->public);
	free(script);
	unlink(state_file);
}

/** deliver a message as coming from the P-CSCF to where the last went */
static bool deliver(const char *text)
{
	const fake_sent_t *last = fake_transport_last(ft);
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
	return reg->receive(reg, &peer, text, strlen(text));
}

static void answer_sm6(void)
{
	char *sm6 = pcscf_sm6(script, fake_transport_last(ft)->msg);

	ck_assert(deliver(sm6));
	free(sm6);
}

/** answer the last message sent with a bare response of a status code */
static void answer(int code)
{
	char *resp = pcscf_response(fake_transport_last(ft)->msg, code);

	ck_assert(deliver(resp));
	free(resp);
}

static void answer_sm12(uint32_t expires, bool tamper)
{
	char *sm12 = pcscf_sm12(script, fake_transport_last(ft)->msg, expires,
							tamper);

	ck_assert(deliver(sm12));
	free(sm12);
}

static void get_list(osip_message_t *msg, const char *name,
					 imsaka_secagree_list_t *list)
{
	ck_assert_int_eq(imsaka_sip_sec_get(msg, name, list), IMSAKA_SECAGREE_OK);
}

/** the Authorization of a raw message, parsed with imsaka's grammar (libosip2
 * drops parameters it does not know, such as auts) */
static imsaka_digest_t *get_auth(const char *text)
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

static bool auth_is(imsaka_digest_t *auth, imsaka_digest_param_t param,
					const char *value)
{
	const char *v;
	size_t len;

	return imsaka_digest_get(auth, param, &v, &len) &&
		   len == strlen(value) && strncmp(v, value, len) == 0;
}

START_TEST(test_sm1)
{
	const fake_sent_t *sent;
	osip_message_t *sm1;
	imsaka_secagree_list_t list;
	imsaka_addr_t local = test_addr("10.1.0.10:5060");
	imsaka_addr_t pcscf = test_addr("192.0.2.20:5060");
	uint8_t hash_ul[IMSAKA_SECAGREE_HASH_LEN], hash_pp[IMSAKA_SECAGREE_HASH_LEN];
	imsaka_digest_t *auth;
	bool require, proxy_require;
	unsigned int i;

	ck_assert(reg->start(reg));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM1_SENT);
	ck_assert(fake_control_called(fc, "ctx-create role=ue "
								 "impi=alice@ims.example.net"));
	ck_assert(fake_control_called(fc, "spi-alloc ctx=7"));
	ck_assert_int_eq(ft->sent_count, 1);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_UDP);
	ck_assert(imsaka_addr_equals(&sent->peer.local, &local));
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &pcscf));

	sm1 = test_parse(sent->msg);
	ck_assert(MSG_IS_REGISTER(sm1));
	ck_assert_str_eq(sm1->req_uri->host, "ims.example.net");
	ck_assert(strstr(sent->msg, "Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bK"));
	ck_assert(strstr(sent->msg, ";rport\r\n"));
	ck_assert(strstr(sent->msg, "Expires: 600\r\n"));
	ck_assert(strstr(sent->msg, "Contact: <sip:alice@10.1.0.10:5066>\r\n"));
	imsaka_sip_secagree_tags(sm1, &require, &proxy_require);
	ck_assert(require && proxy_require);

	get_list(sm1, IMSAKA_SIP_SECURITY_CLIENT, &list);
	/* 2 modes x 2 algs x 1 ealg, UDP-enc-tun first, trans without mod */
	ck_assert_int_eq(list.count, 4);
	ck_assert(imsaka_nat_hash(1000, 1001, &local, hash_ul));
	ck_assert(imsaka_nat_hash(1000, 1001, &pcscf, hash_pp));
	for (i = 0; i < list.count; i++)
	{
		imsaka_secagree_entry_t *e = &list.entries[i];

		ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
		ck_assert_int_eq(e->spi_c, 1000);
		ck_assert_int_eq(e->spi_s, 1001);
		ck_assert_int_eq(e->port_c, 5064);
		ck_assert_int_eq(e->port_s, 5066);
		ck_assert_int_eq(e->ealg, IMSAKA_ESP_EALG_AES_CBC);
		ck_assert_int_eq(e->alg, i % 2 ? IMSAKA_ESP_ALG_HMAC_MD5_96
									   : IMSAKA_ESP_ALG_HMAC_SHA1_96);
		ck_assert(!!(e->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD)) == (i < 2));
		ck_assert_int_eq(imsaka_secagree_entry_mod(e), i < 2
						 ? IMSAKA_SECAGREE_MOD_UDP_ENC_TUN : IMSAKA_SECAGREE_MOD_TRANS);
		ck_assert(e->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_U));
		ck_assert(memcmp(e->hash_ul, hash_ul, sizeof(hash_ul)) == 0);
		ck_assert(memcmp(e->hash_pp, hash_pp, sizeof(hash_pp)) == 0);
		ck_assert(!(e->present & IMSAKA_SECAGREE_OA_BITS));
	}
	auth = get_auth(sent->msg);
	ck_assert(auth_is(auth, IMSAKA_DIGEST_USERNAME, "alice@ims.example.net"));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_REALM, "ims.example.net"));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_URI, "sip:ims.example.net"));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_NONCE, ""));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_RESPONSE, ""));
	osip_message_free(sm1);
}
END_TEST

/** SM1 on a charon with kernel-libipsec: only its entries are offered */
START_TEST(test_sm1_backend_caps)
{
	osip_message_t *sm1;
	imsaka_secagree_list_t list;
	unsigned int i;

	fc->caps = "OK backend=kernel-libipsec mod=UDP-enc-tun "
			   "pairs=hmac-sha-1-96/aes-cbc";
	ck_assert(reg->start(reg));
	sm1 = test_parse(fake_transport_last(ft)->msg);
	get_list(sm1, IMSAKA_SIP_SECURITY_CLIENT, &list);
	/* of 2 modes x 2 algs x aes-cbc, sha1/aes-cbc/UDP-enc-tun alone */
	ck_assert_int_eq(list.count, 1);
	ck_assert_int_eq(list.entries[0].alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(imsaka_secagree_entry_mod(&list.entries[0]),
					 IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	osip_message_free(sm1);

	/* a phone profile there offers nothing it could install: no SM1 */
	reg->destroy(reg);
	fc->caps_asked = 0;
	config.offer.phone = true;
	config.offer.mod[0] = IMSAKA_SECAGREE_MOD_TRANS;
	config.offer.mod_count = 1;
	create_reg();
	ft->sent_count = 0;
	ck_assert(!reg->start(reg));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	for (i = 0; i < ft->sent_count; i++)
	{
		ck_assert(!strstr(ft->sent[i].msg, "REGISTER"));
	}
}
END_TEST

/** SM6 behind a NAT: select, verdict, aka-digest, sa-install, keep-alive,
 *  SM7 that the P-CSCF's own checks accept */
START_TEST(test_sm6_nat)
{
	const fake_sent_t *sent;
	osip_message_t *sm7;
	imsaka_secagree_list_t client, verify;
	imsaka_digest_t *auth;
	const imsaka_secagree_entry_t *natt;

	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(script->nat, IMSAKA_NAT_UE);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM7_SENT);

	/* aka-digest with the challenge's values */
	ck_assert_str_eq(fc->nonce, SCRIPT_NONCE);
	ck_assert_str_eq(fc->realm, "ims.example.net");
	ck_assert_str_eq(fc->uri, "sip:ims.example.net");
	ck_assert_str_eq(fc->username, "alice@ims.example.net");
	ck_assert(fc->qop);
	ck_assert_int_eq(fc->nc, 1);
	ck_assert_int_eq(strlen(fc->cnonce), 32);

	/* sa-install per the contract */
	ck_assert_int_eq(fc->installs, 1);
	ck_assert(imsaka_addr_equals(&fc->sa.local, &(imsaka_addr_t){
									 .family = 4, .ip = { 10, 1, 0, 10 } }));
	ck_assert(imsaka_addr_equals(&fc->sa.remote, &(imsaka_addr_t){
									 .family = 4, .ip = { 10, 2, 0, 1 } }));
	ck_assert_int_eq(fc->sa.port_c, 5064);
	ck_assert_int_eq(fc->sa.port_s, 5066);
	ck_assert_int_eq(fc->sa.spi_c, 1000);
	ck_assert_int_eq(fc->sa.spi_s, 1001);
	ck_assert_int_eq(fc->sa.rport_c, 5062);
	ck_assert_int_eq(fc->sa.rport_s, 5064);
	ck_assert_int_eq(fc->sa.rspi_c, 2000);
	ck_assert_int_eq(fc->sa.rspi_s, 2001);
	ck_assert_int_eq(fc->sa.mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert_int_eq(fc->sa.alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(fc->sa.ealg, IMSAKA_ESP_EALG_AES_CBC);
	ck_assert(imsaka_addr_equals(&fc->sa.local_outer,
								 &(imsaka_addr_t){ .family = 4, .port = 4500,
												   .ip = { 10, 1, 0, 10 } }));
	ck_assert(imsaka_addr_equals(&fc->sa.remote_outer,
								 &(imsaka_addr_t){ .family = 4, .port = 4500,
												   .ip = { 192, 0, 2, 20 } }));
	/* keep-alives before SM7 */
	ck_assert_int_eq(fc->keepalive_starts, 1);
	ck_assert(imsaka_addr_equals(&fc->ka_src, &fc->sa.local_outer));
	ck_assert(imsaka_addr_equals(&fc->ka_dst, &fc->sa.remote_outer));
	ck_assert(strstr(fc->log, "sa-install") <
			  strstr(fc->log, "keepalive-start"));

	/* SM7 protected from port_c to the P-CSCF's port_s */
	ck_assert_int_eq(ft->sent_count, 2);
	sent = fake_transport_last(ft);
	ck_assert(imsaka_addr_equals(&sent->peer.local,
								 &(imsaka_addr_t){ .family = 4, .port = 5064,
												   .ip = { 10, 1, 0, 10 } }));
	ck_assert(imsaka_addr_equals(&sent->peer.remote,
								 &(imsaka_addr_t){ .family = 4, .port = 5064,
												   .ip = { 10, 2, 0, 1 } }));
	/* over 1300 bytes, SM7 goes over TCP (RFC 3261 18.1.1) */
	ck_assert(strstr(sent->msg, sent->peer.proto == SIP_TCP ?
					 "Via: SIP/2.0/TCP 10.1.0.10:5066;branch=" :
					 "Via: SIP/2.0/UDP 10.1.0.10:5066;branch="));
	sm7 = test_parse(sent->msg);
	get_list(sm7, IMSAKA_SIP_SECURITY_CLIENT, &client);
	get_list(sm7, IMSAKA_SIP_SECURITY_VERIFY, &verify);
	/* Security-Verify is SM6's Security-Server */
	ck_assert(imsaka_secagree_list_equals(&verify, &script->server, 0));
	/* Security-Client is SM1's plus oa-ul, oa-up */
	ck_assert(imsaka_secagree_list_equals(&client, &script->client,
									IMSAKA_SECAGREE_OA_BITS));
	ck_assert_int_eq(imsaka_secagree_natt_find(&client, &natt), IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_addr_equals(&natt->oa_ul, &config.local));
	ck_assert(imsaka_addr_equals(&natt->oa_up, &script->source));
	/* and the P-CSCF's own SM7 checks pass */
	ck_assert_int_eq(imsaka_secagree_check_sm7(&script->client, &script->server,
										 &client, &verify), IMSAKA_SECAGREE_OK);
	auth = get_auth(sent->msg);
	ck_assert(auth_is(auth, IMSAKA_DIGEST_RESPONSE, FAKE_RESPONSE));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_NONCE, SCRIPT_NONCE));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_NC, "00000001"));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_CNONCE, fc->cnonce));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_ALGORITHM, "AKAv1-MD5"));
	ck_assert(!(auth->present & (1 << IMSAKA_DIGEST_AUTS)));
	osip_message_free(sm7);
}
END_TEST

/** no NAT, a P-CSCF preferring trans: no outer addresses, no keep-alives */
START_TEST(test_sm6_no_nat)
{
	ue_state_t state;

	script->source = config.local;
	script->prefer_trans = true;
	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(script->nat, IMSAKA_NAT_NONE);
	ck_assert_int_eq(fc->installs, 1);
	ck_assert_int_eq(fc->sa.mod, IMSAKA_SECAGREE_MOD_TRANS);
	ck_assert_int_eq(fc->sa.local_outer.family, 0);
	ck_assert_int_eq(fc->keepalive_starts, 0);
	reg->get_snapshot(reg, &state);
	ck_assert_int_eq(state.nat, IMSAKA_NAT_NONE);
	ck_assert_str_eq(state.mode, "trans");
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM7_SENT);
}
END_TEST

/** a NAT in front of the P-CSCF only: hashes find it, no keep-alives */
START_TEST(test_sm6_nat_pcscf)
{
	ue_state_t state;

	script->source = config.local;
	script->local = test_addr("198.51.100.20:5060");
	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(script->nat, IMSAKA_NAT_PCSCF);
	reg->get_snapshot(reg, &state);
	ck_assert_int_eq(state.nat, IMSAKA_NAT_PCSCF);
	ck_assert_int_eq(fc->sa.mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert_int_eq(fc->keepalive_starts, 0);
}
END_TEST

/** a standard P-CSCF (no nat-p): no oa values in SM7, no SM12 check */
START_TEST(test_sm6_standard_pcscf)
{
	osip_message_t *sm7;
	imsaka_secagree_list_t client;

	script->natp = false;
	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(fc->keepalive_starts, 1);	/* Via says NAT */
	sm7 = test_parse(fake_transport_last(ft)->msg);
	get_list(sm7, IMSAKA_SIP_SECURITY_CLIENT, &client);
	ck_assert(imsaka_secagree_list_equals(&client, &script->client, 0));
	osip_message_free(sm7);
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
}
END_TEST

START_TEST(test_sm6_no_server)
{

	ck_assert(reg->start(reg));
	answer(401);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert(!fake_control_called(fc, "aka-digest"));
	ck_assert_int_eq(fc->installs, 0);
	ck_assert_int_eq(fc->deletes, 1);
}
END_TEST

START_TEST(test_sync_failure)
{
	const fake_sent_t *sent;
	osip_message_t *msg;
	imsaka_digest_t *auth;
	imsaka_secagree_list_t client;

	fc->aka_status = UE_AKA_SYNC;
	fc->sync_times = 1;
	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(fc->installs, 0);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM1_SENT);
	ck_assert_int_eq(ft->sent_count, 2);
	sent = fake_transport_last(ft);
	/* unprotected again, with auts and the response */
	ck_assert(imsaka_addr_equals(&sent->peer.local, &config.local));
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &config.pcscf));
	msg = test_parse(sent->msg);
	auth = get_auth(sent->msg);
	ck_assert(auth_is(auth, IMSAKA_DIGEST_AUTS, FAKE_AUTS));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_RESPONSE, FAKE_RESPONSE));
	ck_assert(auth_is(auth, IMSAKA_DIGEST_NONCE, SCRIPT_NONCE));
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	/* fresh SPIs */
	ck_assert_int_eq(client.entries[0].spi_c, 1002);
	ck_assert_int_eq(msg->cseq->number[0], '2');
	osip_message_free(msg);

	/* the next challenge succeeds */
	answer_sm6();
	ck_assert_int_eq(fc->installs, 1);
	ck_assert_int_eq(fc->sa.spi_c, 1002);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM7_SENT);
}
END_TEST

START_TEST(test_sync_repeated)
{
	fc->aka_status = UE_AKA_SYNC;
	fc->sync_times = 10;
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm6();
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM1_SENT);
	answer_sm6();
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(fc->installs, 0);
}
END_TEST

START_TEST(test_auth_failure)
{
	fc->aka_status = UE_AKA_AUTH;
	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(last_state, UE_REG_FAILED);
	ck_assert_int_eq(fc->installs, 0);
	ck_assert_int_eq(fc->keepalive_starts, 0);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
	/* no SM7 */
	ck_assert_int_eq(ft->sent_count, 1);
	ck_assert_int_eq(fake_transport_timers(ft), 0);
}
END_TEST

/** read the state file into a buffer */
static void read_state(char *buf, size_t size)
{
	FILE *f = fopen(state_file, "r");
	size_t n;

	ck_assert(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

START_TEST(test_sm12)
{
	fake_timer_t *timer;
	ue_route_t route;
	char text[1024];

	ck_assert(reg->start(reg));
	ck_assert(!reg->get_route(reg, &route));
	/* nothing agreed before SM6 */
	read_state(text, sizeof(text));
	ck_assert_msg(strstr(text, "state=sm1-sent\n") &&
				  strstr(text, "\nmech=-\n"), "%s", text);
	answer_sm6();
	answer_sm12(300, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(last_state, UE_REG_REGISTERED);
	ck_assert(fake_control_called(fc, "sa-promote ctx=7 expires=300"));
	/* the set carries the registration: no ctx-hold */
	ck_assert_int_eq(fc->holds, 0);
	/* re-registration 60 s before expiry */
	timer = fake_transport_latest(ft);
	ck_assert(timer);
	ck_assert_int_eq(timer->ms, 240000);
	ck_assert(reg->get_route(reg, &route));
	ck_assert_int_eq(route.peer.local.port, 5064);
	ck_assert_int_eq(route.peer.remote.port, 5064);
	ck_assert_int_eq(route.via.port, 5066);

	read_state(text, sizeof(text));
	ck_assert(strstr(text, "state=registered\n"));
	ck_assert(strstr(text, "nat=ue\n"));
	ck_assert(strstr(text, "mode=UDP-enc-tun\n"));
	ck_assert(strstr(text, "spi-uc=1000\nspi-us=1001\nspi-pc=2000\n"
					 "spi-ps=2001\n"));
	ck_assert(strstr(text, "port-uc=5064\nport-us=5066\nport-pc=5062\n"
					 "port-ps=5064\n"));
	ck_assert(strstr(text, "expires=300\n"));
	ck_assert(strstr(text, "keepalive=yes\n"));
	ck_assert_msg(strstr(text, "\nmech=ipsec-3gpp\n"), "%s", text);
}
END_TEST

START_TEST(test_sm12_tampered)
{
	char text[1024];

	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, true);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(fc->promotes, 0);
	ck_assert(fake_control_called(fc, "sa-remove ctx=7 set=all"));
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
	ck_assert_int_eq(fake_transport_timers(ft), 0);
	read_state(text, sizeof(text));
	ck_assert(strstr(text, "state=failed\n"));
}
END_TEST

START_TEST(test_forbidden)
{

	ck_assert(reg->start(reg));
	answer_sm6();
	answer(403);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert(fake_control_called(fc, "sa-remove ctx=7 set=all"));
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
}
END_TEST

START_TEST(test_retry_other_port)
{
	imsaka_secagree_list_t client;
	osip_message_t *msg;

	ck_assert(reg->start(reg));
	answer_sm6();
	ck_assert_int_eq(fake_transport_last(ft)->peer.local.port, 5064);
	answer(403);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	/* the next registration starts from the other client port, so its
	 * SM7 does not meet the one before's TCP connection */
	ck_assert(reg->start(reg));
	msg = test_parse(fake_transport_last(ft)->msg);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	ck_assert_int_eq(client.entries[0].port_c, 5065);
	ck_assert_int_eq(client.entries[0].port_s, 5066);
	osip_message_free(msg);
	answer_sm6();
	ck_assert_int_eq(fc->sa.port_c, 5065);
	ck_assert_int_eq(fake_transport_last(ft)->peer.local.port, 5065);
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	/* and back after that one */
	reg->deregister(reg);
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert(reg->start(reg));
	msg = test_parse(fake_transport_last(ft)->msg);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	ck_assert_int_eq(client.entries[0].port_c, 5064);
	osip_message_free(msg);
}
END_TEST

/** not ours: another branch, a request, garbage */
START_TEST(test_foreign)
{
	char *resp, *p;

	ck_assert(reg->start(reg));
	resp = pcscf_response(fake_transport_last(ft)->msg, 401);
	p = strstr(resp, "branch=z9hG4bK");
	ck_assert(p);
	p[14] = p[14] == 'x' ? 'y' : 'x';
	ck_assert(!deliver(resp));
	free(resp);
	ck_assert(!deliver(fake_transport_last(ft)->msg));
	ck_assert(!deliver("SIP/2.0 401\r\n\r\n"));
	ck_assert(!deliver("\x01\x02garbage"));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM1_SENT);
}
END_TEST

/** RFC 3261 timers E and F: T1, 2T1, ... T2, then give up at 64*T1 */
START_TEST(test_retransmission)
{
	uint64_t times[16];
	int fired = 0, i;

	ck_assert(reg->start(reg));
	while (reg->get_state(reg) == UE_REG_SM1_SENT && fired < 100)
	{
		ck_assert(fake_transport_fire(ft));
		times[fired < 16 ? fired : 15] = ft->now;
		fired++;
	}
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	/* 500, 1500, 3500, 7500, 11500, ... 31500, then F at 32000 */
	ck_assert_int_eq(ft->sent_count, 11);
	ck_assert_int_eq(times[0], 500);
	ck_assert_int_eq(times[1], 1500);
	ck_assert_int_eq(times[2], 3500);
	ck_assert_int_eq(times[3], 7500);
	ck_assert_int_eq(times[4], 11500);
	ck_assert_int_eq(ft->now, 32000);
	for (i = 1; i < ft->sent_count; i++)
	{
		ck_assert_str_eq(ft->sent[i].msg, ft->sent[0].msg);
	}
	ck_assert_int_eq(fake_transport_timers(ft), 0);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
	ck_assert_int_eq(last_state, UE_REG_FAILED);
}
END_TEST

/** re-registration: new SPIs, the other client port, protected */
START_TEST(test_reregistration)
{
	const fake_sent_t *sent;
	osip_message_t *msg;
	imsaka_secagree_list_t client, verify, server1;
	const imsaka_secagree_entry_t *natt;
	ue_route_t route;

	ck_assert(reg->start(reg));
	answer_sm6();
	server1 = script->server;
	answer_sm12(600, false);
	ck_assert(fake_transport_fire(ft));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REREGISTERING);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.local.port, 5064);
	ck_assert_int_eq(sent->peer.remote.port, 5064);
	msg = test_parse(sent->msg);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	get_list(msg, IMSAKA_SIP_SECURITY_VERIFY, &verify);
	ck_assert_int_eq(client.entries[0].spi_c, 1002);
	ck_assert_int_eq(client.entries[0].port_c, 5065);
	ck_assert_int_eq(client.entries[0].port_s, 5066);
	ck_assert(imsaka_secagree_list_equals(&verify, &server1, 0));
	ck_assert(auth_is(get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE, FAKE_RESPONSE));
	osip_message_free(msg);

	/* still usable while re-registering */
	ck_assert(reg->get_route(reg, &route));
	ck_assert_int_eq(route.peer.local.port, 5064);

	/* the re-REGISTER arrives over the tunnel; the P-CSCF keeps the outer
	 * addresses of the first SM1 for the NAT-T values (docs/PCSCF.md) */
	script->via = test_addr("10.1.0.10:5064");
	answer_sm6();
	ck_assert_int_eq(script->nat, IMSAKA_NAT_UE);
	ck_assert_int_eq(fc->installs, 2);
	ck_assert_int_eq(fc->sa.port_c, 5065);
	ck_assert_int_eq(fc->sa.spi_c, 1002);
	/* keep-alives go on from the first registration */
	ck_assert_int_eq(fc->keepalive_starts, 1);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.local.port, 5065);
	/* its SM7 passes the P-CSCF's checks: oa-ul and oa-up are those of
	 * the first registration */
	msg = test_parse(sent->msg);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	get_list(msg, IMSAKA_SIP_SECURITY_VERIFY, &verify);
	ck_assert_int_eq(imsaka_secagree_natt_find(&client, &natt), IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_addr_equals(&natt->oa_ul, &config.local));
	ck_assert(imsaka_addr_equals(&natt->oa_up,
								 &(imsaka_addr_t){ .family = 4, .port = 20000,
												   .ip = { 192, 0, 2, 1 } }));
	ck_assert_int_eq(imsaka_secagree_check_sm7(&script->client, &script->server,
										 &client, &verify), IMSAKA_SECAGREE_OK);
	osip_message_free(msg);
	answer_sm12(600, false);
	ck_assert_int_eq(fc->promotes, 2);
	ck_assert_int_eq(fc->holds, 0);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert(reg->get_route(reg, &route));
	ck_assert_int_eq(route.peer.local.port, 5065);

	/* and back to port_c the time after */
	ck_assert(fake_transport_fire(ft));
	msg = test_parse(fake_transport_last(ft)->msg);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, &client);
	ck_assert_int_eq(client.entries[0].port_c, 5064);
	ck_assert_int_eq(fake_transport_last(ft)->peer.local.port, 5065);
	osip_message_free(msg);
}
END_TEST

START_TEST(test_deregistration)
{
	const fake_sent_t *sent;

	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	reg->deregister(reg);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERING);
	sent = fake_transport_last(ft);
	ck_assert(strstr(sent->msg, "Expires: 0\r\n"));
	ck_assert(strstr(sent->msg, "Security-Verify: "));
	ck_assert_int_eq(sent->peer.local.port, 5064);
	ck_assert_int_eq(fc->deletes, 0);
	ck_assert_int_eq(ft->aborts, 0);
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(last_state, UE_REG_DEREGISTERED);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
	ck_assert_int_eq(fake_transport_timers(ft), 0);
	/* the set's TCP connections were reset before it went: port_uc <->
	 * port_ps and port_us <-> port_pc of the P-CSCF's protected address */
	ck_assert_int_eq(ft->aborts, 2);
	ck_assert_int_eq(ft->aborted_local[0].port, sent->peer.local.port);
	ck_assert(imsaka_addr_equals(&ft->aborted_remote[0], &sent->peer.remote));
	ck_assert_int_eq(ft->aborted_local[1].port, 5066);
}
END_TEST

START_TEST(test_deregistration_timeout)
{
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	reg->deregister(reg);
	while (fake_transport_fire(ft))
	{
	}
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	/* bounded by dereg_timeout */
	ck_assert_int_eq(ft->now, config.dereg_timeout * 1000);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
}
END_TEST

/** count the lines of the fake charon's log starting with prefix */
static int charon_calls(const char *prefix)
{
	const char *pos = fc->log;
	int n = 0;

	while (pos && *pos)
	{
		n += strncmp(pos, prefix, strlen(prefix)) == 0;
		pos = strchr(pos, '\n');
		pos = pos ? pos + 1 : NULL;
	}
	return n;
}

START_TEST(test_deregistration_challenged)
{
	const fake_sent_t *sent;
	char *resp;
	int cseq;

	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	ck_assert_int_eq(charon_calls("aka-digest"), 1);
	reg->deregister(reg);
	sent = fake_transport_last(ft);
	cseq = ft->sent_count;
	/* the S-CSCF authenticates the de-REGISTER: answered once, over the
	 * set in force, without a new set */
	resp = pcscf_sm6(script, sent->msg);
	ck_assert(deliver(resp));
	free(resp);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERING);
	ck_assert_int_eq(ft->sent_count, cseq + 1);
	ck_assert_int_eq(charon_calls("aka-digest"), 2);
	ck_assert_int_eq(fc->installs, 1);
	sent = fake_transport_last(ft);
	ck_assert(strncmp(sent->msg, "REGISTER ", 9) == 0);
	ck_assert(strstr(sent->msg, "Expires: 0\r\n"));
	ck_assert_int_eq(sent->peer.local.port, 5064);
	ck_assert_int_eq(sent->peer.remote.port, 5064);
	ck_assert(auth_is(get_auth(sent->msg), IMSAKA_DIGEST_NONCE, SCRIPT_NONCE));
	ck_assert(auth_is(get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE,
					  FAKE_RESPONSE));
	ck_assert_int_eq(fc->deletes, 0);
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
	ck_assert_int_eq(fake_transport_timers(ft), 0);
}
END_TEST

START_TEST(test_deregistration_challenged_twice)
{
	char *resp;
	int sent;

	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	reg->deregister(reg);
	resp = pcscf_sm6(script, fake_transport_last(ft)->msg);
	ck_assert(deliver(resp));
	free(resp);
	sent = ft->sent_count;
	/* a second challenge is not answered: de-registered locally */
	resp = pcscf_sm6(script, fake_transport_last(ft)->msg);
	ck_assert(deliver(resp));
	free(resp);
	ck_assert_int_eq(ft->sent_count, sent);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
}
END_TEST

START_TEST(test_deregistration_challenge_not_authentic)
{
	char *resp;
	int sent;

	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	reg->deregister(reg);
	sent = ft->sent_count;
	fc->aka_status = UE_AKA_AUTH;
	resp = pcscf_sm6(script, fake_transport_last(ft)->msg);
	ck_assert(deliver(resp));
	free(resp);
	ck_assert_int_eq(ft->sent_count, sent);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert(fake_control_called(fc, "ctx-delete ctx=7"));
}
END_TEST

/** set option mechanisms */
static void offer_mechanisms(const char *mechanisms)
{
	char error[80];

	ck_assert_msg(ue_config_parse_mechanisms(&config.offer, mechanisms,
											 error, sizeof(error)),
				  "%s", error);
}

/** the UE again, offering tls-psk (00a8, 1301) before ipsec-3gpp */
static void offer_tls(void)
{
	reg->destroy(reg);
	offer_mechanisms("tls-psk, ipsec-3gpp");
	config.offer.tls_suites[0] = 0x00a8;
	config.offer.tls_suites[1] = 0x1301;
	config.offer.tls_suite_count = 2;
	config.tls_port = 5061;
	create_reg();
	script->tls = true;
}

START_TEST(test_tls_psk_registration)
{
	const fake_sent_t *sent;
	osip_message_t *msg;
	imsaka_secagree_list_t *list;
	ue_route_t route;
	imsaka_addr_t pcscf_tls = config.pcscf;
	char state[1024];

	pcscf_tls.port = 5061;
	offer_tls();
	ck_assert(reg->start(reg));
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_UDP);
	list = malloc(sizeof(*list));
	ck_assert_int_eq(osip_message_init(&msg), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(msg, sent->msg, sent->len),
					 OSIP_SUCCESS);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, list);
	osip_message_free(msg);
	ck_assert_int_eq(list->entries[0].mech, IMSAKA_SECAGREE_MECH_TLS_PSK);
	ck_assert_int_eq(list->entries[0].suite_count, 2);
	ck_assert_int_eq(list->entries[0].suites[0], 0x00a8);
	ck_assert_int_eq(list->entries[0].q, 1000);
	ck_assert_int_eq(list->entries[1].mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(list->entries[1].q, 500);

	/* SM6 with tls-psk: the PSK, a TLS connection, SM7 inside; no set */
	answer_sm6();
	ck_assert_msg(strstr(fc->log, "tls-psk ctx=7 rand="
					 "000102030405060708090a0b0c0d0e0f sid=" SCRIPT_SID), "%s", fc->log);
	ck_assert(!strstr(fc->log, "sa-install"));
	ck_assert(!strstr(fc->log, "keepalive-start"));
	ck_assert_int_eq(ft->connects, 1);
	ck_assert(imsaka_addr_equals(&ft->conn_peer.remote, &pcscf_tls));
	ck_assert_int_eq(ft->conn_peer.local.port, 0);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, ft->last_conn);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-psk"));
	ck_assert(strstr(sent->msg, "sid=" SCRIPT_SID) ||
			  strstr(sent->msg, "sid=\"" SCRIPT_SID));
	ck_assert(strstr(sent->msg, "response=\""));
	ck_assert(strstr(sent->msg, "Via: SIP/2.0/TCP "));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM7_SENT);

	/* SM12: registered without sa-promote, charon holds the context */
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(fc->promotes, 0);
	ck_assert_int_eq(fc->holds, 1);
	ck_assert(fake_control_called(fc, "ctx-hold ctx=7 expires=600"));
	read_state(state, sizeof(state));
	ck_assert_msg(strstr(state, "\nmode=-\n") &&
				  strstr(state, "\nmech=tls-psk\n"), "%s", state);
	ck_assert(reg->get_route(reg, &route));
	ck_assert(route.tls);
	ck_assert_int_eq(route.peer.proto, SIP_TCP);
	ck_assert_uint_eq(route.peer.conn, ft->last_conn);

	/* the connection closed: the next route opens another with the key */
	ft->conn_open = false;
	ck_assert(reg->get_route(reg, &route));
	ck_assert_int_eq(ft->connects, 2);
	ck_assert_uint_eq(route.peer.conn, ft->last_conn);

	/* de-registration over TLS, no SA set to remove */
	reg->deregister(reg);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, ft->last_conn);
	ck_assert(strstr(sent->msg, "Expires: 0"));
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(fc->removes, 0);
	ck_assert_int_eq(fc->deletes, 1);
	free(list);
}
END_TEST

START_TEST(test_tls_psk_offer_only)
{
	const fake_sent_t *sent;

	reg->destroy(reg);
	offer_mechanisms("tls-psk");
	config.offer.tls_suites[0] = 0x1301;
	config.offer.tls_suite_count = 1;
	create_reg();
	ck_assert(reg->start(reg));
	sent = fake_transport_last(ft);
	ck_assert(strstr(sent->msg, "Security-Client: tls-psk;cs=1301\\r\\n") ||
			  strstr(sent->msg, "Security-Client: tls-psk;cs=1301\r\n"));
	ck_assert(!strstr(sent->msg, "ipsec-3gpp"));
}
END_TEST

/** the UE again, offering tls-aka (1301, 1302, 1303) before ipsec-3gpp */
static void offer_tls_aka(void)
{
	reg->destroy(reg);
	offer_mechanisms("tls-aka, ipsec-3gpp");
	config.offer.tls_aka_suites[0] = 0x1301;
	config.offer.tls_aka_suites[1] = 0x1302;
	config.offer.tls_aka_suites[2] = 0x1303;
	config.offer.tls_aka_suite_count = 3;
	create_reg();
	script->tls_aka = true;
}

START_TEST(test_tls_aka_registration)
{
	const fake_sent_t *sent;
	osip_message_t *msg;
	imsaka_secagree_list_t *list;
	sip_stream_filter_t *pcscf;
	chunk_t wire, plain;
	uint8_t ue_secret[32], pcscf_secret[32];
	ue_route_t route;
	size_t i;
	char state[1024];

	offer_tls_aka();
	ck_assert(reg->start(reg));
	/* SM1 over TCP to the P-CSCF's port, from any local port, on a
	 * connection opened for it (no filter) */
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_int_eq(ft->connects, 1);
	ck_assert_uint_eq(sent->peer.conn, ft->last_conn);
	ck_assert(imsaka_addr_equals(&ft->conn_peer.remote, &config.pcscf));
	ck_assert_int_eq(ft->conn_peer.local.port, 0);
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &config.pcscf));
	ck_assert_int_eq(sent->peer.local.port, 0);
	ck_assert(strstr(sent->msg, "Via: SIP/2.0/TCP "));
	list = malloc(sizeof(*list));
	ck_assert_int_eq(osip_message_init(&msg), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(msg, sent->msg, sent->len),
					 OSIP_SUCCESS);
	get_list(msg, IMSAKA_SIP_SECURITY_CLIENT, list);
	osip_message_free(msg);
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
	answer_sm6();
	ck_assert_msg(strstr(fc->log, "tls-aka-keys ctx=7 suite=1303 sid="
						 SCRIPT_SID), "%s", fc->log);
	ck_assert(!strstr(fc->log, "sa-install"));
	ck_assert(!strstr(fc->log, "keepalive-start"));
	ck_assert_int_eq(ft->connects, 1);
	ck_assert_int_eq(ft->filters_set, 1);
	ck_assert_uint_eq(ft->filter_conn, 101);
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-aka;cs=1303.1302.1301;"
					 "sid=" SCRIPT_SID));
	ck_assert(strstr(sent->msg, "response=\""));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM7_SENT);

	/* the UE's filter writes with the ue secret: a P-CSCF filter opens it */
	ck_assert(imsaka_hex_decode(FAKE_TLS_AKA_UE_HEX, ue_secret, 32));
	ck_assert(imsaka_hex_decode(FAKE_TLS_AKA_PCSCF_HEX, pcscf_secret, 32));
	pcscf = sip_tls_aka_filter_create(0x1303, SIP_TLS_AKA_PCSCF, ue_secret,
									  pcscf_secret, 32, NULL);
	ck_assert(pcscf);
	ck_assert(ft->filter->output(ft->filter, sent->msg, sent->len, &wire));
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
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(fc->promotes, 0);
	ck_assert_int_eq(fc->holds, 1);
	ck_assert(fake_control_called(fc, "ctx-hold ctx=7 expires=600"));
	read_state(state, sizeof(state));
	ck_assert_msg(strstr(state, "\nmode=-\n") &&
				  strstr(state, "\nmech=tls-aka\n"), "%s", state);
	ck_assert(reg->get_route(reg, &route));
	ck_assert_int_eq(route.peer.proto, SIP_TCP);
	ck_assert_uint_eq(route.peer.conn, 101);

	/* the connection closed: its keys are gone, no new connection */
	ft->conn_open = false;
	ck_assert(!reg->get_route(reg, &route));
	ck_assert_int_eq(ft->connects, 1);
	ft->conn_open = true;

	/* de-registration on the connection, no SA set to remove */
	reg->deregister(reg);
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Expires: 0"));
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(fc->removes, 0);
	free(list);
}
END_TEST

START_TEST(test_tls_aka_sm6_over_udp_fails)
{
	char *sm6;
	const fake_sent_t *last;
	sip_peer_t peer;

	offer_tls_aka();
	ck_assert(reg->start(reg));
	last = fake_transport_last(ft);
	sm6 = pcscf_sm6(script, last->msg);
	peer = (sip_peer_t){ .proto = SIP_UDP, .local = last->peer.local,
						 .remote = last->peer.remote };
	ck_assert(reg->receive(reg, &peer, sm6, strlen(sm6)));
	free(sm6);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(ft->filters_set, 0);
}
END_TEST

/** count the occurrences of a string */
static int count_of(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle)))
	{
		n++;
		haystack++;
	}
	return n;
}

/**
 * tls-aka re-registration: the keys of a connection cannot change, so it is
 * an SM1 on a new TCP connection; the set in force serves until the new
 * SM12, then its connection is closed
 */
START_TEST(test_tls_aka_reregistration)
{
	const fake_sent_t *sent;
	uint32_t first;

	offer_tls_aka();
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	first = ft->last_conn;
	ck_assert_uint_eq(first, 101);

	/* the timer: an unprotected SM1 on a second connection */
	ck_assert(fake_transport_fire(ft));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REREGISTERING);
	ck_assert_int_eq(ft->connects, 2);
	ck_assert_int_eq(ft->conn_peer.local.port, 0);
	ck_assert(imsaka_addr_equals(&ft->conn_peer.remote, &config.pcscf));
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert_int_eq(sent->peer.proto, SIP_TCP);
	ck_assert(strstr(sent->msg, "REGISTER sip:"));
	ck_assert(strstr(sent->msg, "Security-Client: "));
	ck_assert(strstr(sent->msg, "tls-aka;q=1;cs=1301.1302.1303"));
	ck_assert(!strstr(sent->msg, "Security-Verify"));
	ck_assert(auth_is(get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE, ""));
	ck_assert(strstr(sent->msg, "Expires: 600"));
	/* the first connection stays, its set is in force */
	ck_assert_int_eq(closes, 0);
	ck_assert_int_eq(fc->deletes, 0);

	/* SM6 on the new connection: new keys on it, SM7 inside */
	answer_sm6();
	ck_assert_int_eq(count_of(fc->log, "tls-aka-keys ctx=7"), 2);
	ck_assert_int_eq(ft->filters_set, 2);
	ck_assert_uint_eq(ft->filter_conn, 102);
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-aka;"));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REREGISTERING);
	ck_assert(!strstr(fc->log, "sa-install"));

	/* SM12: the new set in force, the first connection closed */
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(closes, 1);
	ck_assert_uint_eq(closed_conn, first);
	ck_assert_int_eq(fc->deletes, 0);
	/* the re-registration holds the context again */
	ck_assert_int_eq(fc->holds, 2);
	ck_assert_int_eq(fc->promotes, 0);

	/* de-registration on the new connection */
	reg->deregister(reg);
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "Expires: 0"));
}
END_TEST

/** tls-aka: an SM6 on another connection than its SM1's is refused */
START_TEST(test_tls_aka_sm6_other_connection)
{
	char *sm6;
	const fake_sent_t *last;
	sip_peer_t peer;

	offer_tls_aka();
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	ck_assert(fake_transport_fire(ft));
	last = fake_transport_last(ft);
	ck_assert_uint_eq(last->peer.conn, 102);
	/* the 401 of the re-registration comes on the first connection */
	sm6 = pcscf_sm6(script, last->msg);
	peer = last->peer;
	peer.conn = 101;
	ck_assert(reg->receive(reg, &peer, sm6, strlen(sm6)));
	free(sm6);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(ft->filters_set, 1);
	/* the re-registration's connection is closed */
	ck_assert_uint_eq(closed_conn, 102);
}
END_TEST

/** tls-aka: the SM1 with auts goes on a new connection (the P-CSCF switched
 * the first one after its SM6) */
START_TEST(test_tls_aka_sync_new_connection)
{
	const fake_sent_t *sent;

	offer_tls_aka();
	ck_assert(reg->start(reg));
	fc->aka_status = UE_AKA_SYNC;
	fc->sync_times = 1;
	answer_sm6();
	sent = fake_transport_last(ft);
	ck_assert_int_eq(ft->connects, 2);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert(strstr(sent->msg, "auts="));
	ck_assert_uint_eq(closed_conn, 101);
	ck_assert_int_eq(ft->filters_set, 0);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_SM1_SENT);
	fc->aka_status = UE_AKA_OK;
	answer_sm6();
	ck_assert_uint_eq(ft->filter_conn, 102);
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
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

	offer_tls();
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	ck_assert_int_eq(ft->connects, 1);
	ck_assert(fake_transport_fire(ft));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REREGISTERING);
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 101);
	ck_assert(strstr(sent->msg, "Security-Verify: tls-psk"));
	ck_assert(auth_is(get_auth(sent->msg), IMSAKA_DIGEST_RESPONSE,
					  FAKE_RESPONSE));
	answer_sm6();
	ck_assert_int_eq(count_of(fc->log, "tls-psk ctx=7 rand="), 2);
	ck_assert_int_eq(ft->connects, 2);
	sent = fake_transport_last(ft);
	ck_assert_uint_eq(sent->peer.conn, 102);
	ck_assert_int_eq(closes, 0);
	answer_sm12(600, false);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(closes, 1);
	ck_assert_uint_eq(closed_conn, 101);
	ck_assert_int_eq(fc->holds, 2);
	ck_assert_int_eq(fc->promotes, 0);
	reg->deregister(reg);
	ck_assert_uint_eq(fake_transport_last(ft)->peer.conn, 102);
}
END_TEST

/** tls-psk: a context charon does not hold fails the registration */
START_TEST(test_tls_psk_hold_fails)
{
	offer_tls();
	ck_assert(reg->start(reg));
	answer_sm6();
	fc->fail_hold = true;
	answer_sm12(600, false);
	ck_assert(fake_control_called(fc, "ctx-hold ctx=7 expires=600"));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_FAILED);
	ck_assert_int_eq(fc->deletes, 1);
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
		offer_tls();
	}
	ck_assert(reg->start(reg));
	answer_sm6();
	answer_sm12(600, false);
	ck_assert_int_eq(fc->holds, _i == 0 ? 1 : 0);
	ck_assert_int_eq(fc->promotes, _i == 0 ? 0 : 1);
	ck_assert(fake_transport_fire(ft));
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REREGISTERING);
	answer(200);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
	ck_assert_int_eq(fc->holds, _i == 0 ? 2 : 1);
	ck_assert_int_eq(fc->held_expires, config.expires);
	ck_assert_int_eq(fc->promotes, _i == 0 ? 0 : 1);
}
END_TEST

Suite *ue_registration_suite_create(void)
{
	Suite *s = suite_create("ue_registration");
	TCase *tc;

	tc = tcase_create("sm1");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sm1);
	tcase_add_test(tc, test_sm1_backend_caps);
	tcase_add_test(tc, test_foreign);
	tcase_add_test(tc, test_retransmission);
	suite_add_tcase(s, tc);

	tc = tcase_create("sm6");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sm6_nat);
	tcase_add_test(tc, test_sm6_no_nat);
	tcase_add_test(tc, test_sm6_nat_pcscf);
	tcase_add_test(tc, test_sm6_standard_pcscf);
	tcase_add_test(tc, test_sm6_no_server);
	tcase_add_test(tc, test_sync_failure);
	tcase_add_test(tc, test_sync_repeated);
	tcase_add_test(tc, test_auth_failure);
	suite_add_tcase(s, tc);

	tc = tcase_create("sm12");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sm12);
	tcase_add_test(tc, test_sm12_tampered);
	tcase_add_test(tc, test_forbidden);
	tcase_add_test(tc, test_retry_other_port);
	tcase_add_test(tc, test_reregistration);
	tcase_add_test(tc, test_deregistration);
	tcase_add_test(tc, test_deregistration_timeout);
	tcase_add_test(tc, test_deregistration_challenged);
	tcase_add_test(tc, test_deregistration_challenged_twice);
	tcase_add_test(tc, test_deregistration_challenge_not_authentic);
	tcase_add_test(tc, test_tls_psk_registration);
	tcase_add_test(tc, test_tls_psk_offer_only);
	tcase_add_test(tc, test_tls_aka_registration);
	tcase_add_test(tc, test_tls_aka_sm6_over_udp_fails);
	tcase_add_test(tc, test_tls_aka_reregistration);
	tcase_add_test(tc, test_tls_aka_sm6_other_connection);
	tcase_add_test(tc, test_tls_aka_sync_new_connection);
	tcase_add_test(tc, test_tls_psk_reregistration);
	tcase_add_test(tc, test_tls_psk_hold_fails);
	tcase_add_loop_test(tc, test_refresh_holds, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

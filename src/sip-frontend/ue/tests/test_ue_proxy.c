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
 * The outbound proxy: 503 before registration, relaying over the
 * protected ports after it, responses back to the UA; and the probe
 * request of --once.
 */

#define _GNU_SOURCE
#include "ue_tests.h"
#include "fake_control.h"
#include "fake_transport.h"
#include "pcscf_script.h"

#include <stdlib.h>
#include <string.h>

#include "ue_probe.h"
#include "ue_proxy.h"
#include "ue_registration.h"

static ue_config_t config;
static fake_transport_t *ft;
static fake_control_t *fc;
static ue_registration_t *reg;
static ue_proxy_t *proxy;
static pcscf_script_t script;

/* what an unmodified UA sends to its outbound proxy */
static const char ua_options[] =
	"OPTIONS sip:bob@ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKua1;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:alice@ims.example.net>;tag=ua\r\n"
	"To: <sip:bob@ims.example.net>\r\n"
	"Call-ID: ua-call-1\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Content-Length: 0\r\n\r\n";

static void on_state(void *data, ue_reg_state_t state)
{
}

static void setup(void)
{
	test_config(&config);
	ft = fake_transport_create();
	fc = fake_control_create();
	reg = ue_registration_create(&config, &fc->public, &ft->public, on_state,
								 NULL);
	proxy = ue_proxy_create(&config, &ft->public, reg);
	ck_assert(reg && proxy);
	memset(&script, 0, sizeof(script));
	script.source = test_addr("192.0.2.1:20000");
	script.local = test_addr("192.0.2.20:5060");
	script.natp = true;
}

static void teardown(void)
{
	proxy->destroy(proxy);
	reg->destroy(reg);
	fc->public.destroy(&fc->public);
	ft->public.destroy(&ft->public);
}

static sip_peer_t ua_peer(void)
{
	return (sip_peer_t){
		.proto = SIP_UDP,
		.local = config.proxy,
		.remote = test_addr("127.0.0.1:5080"),
	};
}

static void from_pcscf(const char *text)
{
	const fake_sent_t *last = fake_transport_last(ft);
	sip_peer_t peer = {
		.proto = SIP_UDP, .local = last->peer.local,
		.remote = last->peer.remote,
	};

	ck_assert(reg->receive(reg, &peer, text, strlen(text)));
}

static void register_ue(void)
{
	char *text;

	ck_assert(reg->start(reg));
	text = pcscf_sm6(&script, fake_transport_last(ft)->msg);
	from_pcscf(text);
	free(text);
	text = pcscf_sm12(&script, fake_transport_last(ft)->msg, 600, false);
	from_pcscf(text);
	free(text);
	ck_assert_int_eq(reg->get_state(reg), UE_REG_REGISTERED);
}

START_TEST(test_listen)
{
	int i, udp = 0, tcp = 0;

	for (i = 0; i < ft->listen_count; i++)
	{
		if (imsaka_addr_equals(&ft->listening[i].addr, &config.proxy))
		{
			udp += ft->listening[i].proto == SIP_UDP;
			tcp += ft->listening[i].proto == SIP_TCP;
		}
	}
	ck_assert_int_eq(udp, 1);
	ck_assert_int_eq(tcp, 1);
}
END_TEST

START_TEST(test_503_before_registration)
{
	sip_peer_t peer = ua_peer();
	const fake_sent_t *sent;
	osip_message_t *resp;

	ck_assert(proxy->receive(proxy, &peer, ua_options, strlen(ua_options)));
	ck_assert_int_eq(ft->sent_count, 1);
	sent = fake_transport_last(ft);
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &peer.remote));
	ck_assert(imsaka_addr_equals(&sent->peer.local, &config.proxy));
	resp = test_parse(sent->msg);
	ck_assert_int_eq(resp->status_code, 503);
	ck_assert_str_eq(resp->call_id->number, "ua-call-1");
	osip_message_free(resp);

	/* still 503 while registering */
	ck_assert(reg->start(reg));
	ck_assert(proxy->receive(proxy, &peer, ua_options, strlen(ua_options)));
	resp = test_parse(fake_transport_last(ft)->msg);
	ck_assert_int_eq(resp->status_code, 503);
	osip_message_free(resp);
}
END_TEST

START_TEST(test_relay)
{
	sip_peer_t peer = ua_peer(), from;
	const fake_sent_t *sent;
	imsaka_addr_t port_uc = test_addr("10.1.0.10:5064");
	imsaka_addr_t port_ps = test_addr("10.2.0.1:5064");
	osip_message_t *req, *resp;
	osip_via_t *via;
	osip_route_t *route;
	char *text;

	register_ue();
	ck_assert(proxy->receive(proxy, &peer, ua_options, strlen(ua_options)));
	sent = fake_transport_last(ft);
	/* protected: port_c to the P-CSCF's port_s */
	ck_assert(imsaka_addr_equals(&sent->peer.local, &port_uc));
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &port_ps));
	req = test_parse(sent->msg);
	ck_assert_int_eq(osip_list_size(&req->vias), 2);
	via = osip_list_get(&req->vias, 0);
	ck_assert_str_eq(via->host, "10.1.0.10");
	ck_assert_str_eq(via->port, "5066");
	via = osip_list_get(&req->vias, 1);
	ck_assert_str_eq(via->port, "5080");
	route = osip_list_get(&req->routes, 0);
	ck_assert(route);
	ck_assert_str_eq(route->url->host, "10.2.0.1");
	ck_assert_str_eq(route->url->port, "5064");
	ck_assert(strcasestr(sent->msg, "Max-Forwards: 69\r\n"));

	/* the answer comes back on port_c and goes to the UA without our Via */
	text = pcscf_response(sent->msg, 200);
	osip_message_free(req);
	from = (sip_peer_t){ .proto = SIP_UDP, .local = sent->peer.local,
						 .remote = sent->peer.remote };
	ck_assert(!reg->receive(reg, &from, text, strlen(text)));
	ck_assert(proxy->receive(proxy, &from, text, strlen(text)));
	free(text);
	sent = fake_transport_last(ft);
	ck_assert(imsaka_addr_equals(&sent->peer.remote, &peer.remote));
	ck_assert(imsaka_addr_equals(&sent->peer.local, &config.proxy));
	resp = test_parse(sent->msg);
	ck_assert_int_eq(resp->status_code, 200);
	ck_assert_int_eq(osip_list_size(&resp->vias), 1);
	via = osip_list_get(&resp->vias, 0);
	ck_assert_str_eq(via->port, "5080");
	osip_message_free(resp);
}
END_TEST

START_TEST(test_max_forwards)
{
	sip_peer_t peer = ua_peer();
	char *text = strdup(ua_options), *mf;
	osip_message_t *resp;

	mf = strstr(text, "Max-Forwards: 70");
	memcpy(mf, "Max-Forwards: 00", 16);
	register_ue();
	ck_assert(proxy->receive(proxy, &peer, text, strlen(text)));
	free(text);
	resp = test_parse(fake_transport_last(ft)->msg);
	ck_assert_int_eq(resp->status_code, 483);
	osip_message_free(resp);
}
END_TEST

static int probe_code;

static void on_probe(void *data, int code)
{
	probe_code = code;
}

START_TEST(test_probe)
{
	ue_probe_t *probe = ue_probe_create(&config, &ft->public, reg, 1,
										on_probe, NULL);
	const fake_sent_t *sent;
	sip_peer_t from;
	char *text;

	probe_code = -1;
	ck_assert(!probe->send(probe, "OPTIONS", "sip:alice@ims.example.net"));
	register_ue();
	ck_assert(probe->send(probe, "MESSAGE", "sip:alice@ims.example.net"));
	sent = fake_transport_last(ft);
	ck_assert_int_eq(sent->peer.local.port, 5064);
	ck_assert(strstr(sent->msg, "MESSAGE sip:alice@ims.example.net SIP/2.0"));
	ck_assert(strstr(sent->msg, "Route: <sip:10.2.0.1:5064;lr>"));
	text = pcscf_response(sent->msg, 200);
	from = (sip_peer_t){ .proto = SIP_UDP, .local = sent->peer.local,
						 .remote = sent->peer.remote };
	ck_assert(!proxy->receive(proxy, &from, text, strlen(text)));
	ck_assert(probe->receive(probe, &from, text, strlen(text)));
	free(text);
	ck_assert_int_eq(probe_code, 200);
	probe->destroy(probe);
}
END_TEST

Suite *ue_proxy_suite_create(void)
{
	Suite *s = suite_create("ue_proxy");
	TCase *tc = tcase_create("relay");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_listen);
	tcase_add_test(tc, test_503_before_registration);
	tcase_add_test(tc, test_relay);
	tcase_add_test(tc, test_max_forwards);
	tcase_add_test(tc, test_probe);
	suite_add_tcase(s, tc);
	return s;
}

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
 * S-CSCF's 401 with CK and IK, SM7, the 200; tamper cases, refusals,
 * re-registration, de-registration, expiry and shutdown, with a fake
 * charon and a fake transport.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include <hex.h>
#include <nat_detect.h>
#include <sip_message.h>

#include "pcscf_tests.h"
#include "pcscf_fakes.h"
#include "../pcscf_config.h"
#include "../pcscf_policy.h"
#include "../pcscf_proxy.h"

#define IMPI "alice@ims.example.net"
#define CK_HEX "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK_HEX "f769bcd751044604127672711c6d3441"

static pcscf_config_t config;
static fake_transport_t *transport;
static fake_control_t fake;
static pcscf_control_client_t *control;
static pcscf_proxy_t *proxy;

/* where SM1 comes from (the UE's NAT) and arrives */
static sip_peer_t ue_unprotected;
/* the S-CSCF */
static sip_peer_t scscf;

static void addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), false, a),
					 IMSAKA_SECAGREE_OK);
}

static void setup(void)
{
	const char *bad;

	pcscf_config_defaults(&config);
	addr("192.0.2.20:5060", &config.listen);
	addr("10.2.0.1", &config.protected_address);
	config.core = config.listen;
	addr("192.0.2.30:5060", &config.scscf);
	ck_assert(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96",
								 "aes-cbc, null", "UDP-enc-tun, trans",
								 &config.policy, &bad));
	transport = fake_transport_create();
	control = fake_control_create(&fake);
	proxy = pcscf_proxy_create(&config, &transport->public, control);

	ue_unprotected = (sip_peer_t){ .proto = SIP_UDP };
	addr("192.0.2.20:5060", &ue_unprotected.local);
	addr("192.0.2.1:20001", &ue_unprotected.remote);
	scscf = (sip_peer_t){ .proto = SIP_UDP };
	addr("192.0.2.20:5060", &scscf.local);
	addr("192.0.2.30:5060", &scscf.remote);
}

static void teardown(void)
{
	proxy->destroy(proxy);
	control->destroy(control);
	fake_control_clear(&fake);
	fake_transport_destroy(transport);
}

/** a protected peer: UE 10.1.0.10:port to the P-CSCF's 10.2.0.1:local */
static sip_peer_t protected_peer(uint16_t port, uint16_t local)
{
	sip_peer_t peer = { .proto = SIP_UDP };

	addr("10.2.0.1", &peer.local);
	peer.local.port = local;
	addr("10.1.0.10", &peer.remote);
	peer.remote.port = port;
	return peer;
}

static void receive(const sip_peer_t *peer, const char *text)
{
	proxy->receive(proxy, peer, text, strlen(text));
}

/** fire the timer after which the SAs of a final response go (2 s) */
static void fire_linger(void)
{
	int i;

	for (i = 0; i < transport->timer_count; i++)
	{
		if (transport->timers[i].active && transport->timers[i].ms == 2000)
		{
			transport->timers[i].active = false;
			transport->timers[i].cb(transport->timers[i].data);
			return;
		}
	}
	ck_abort_msg("no 2 s timer");
}

/** NAT-D hash of the UE's SPIs 1111/2222 and an address, as hex */
static void hash(const char *address, char out[41])
{
	uint8_t h[IMSAKA_SECAGREE_HASH_LEN];
	imsaka_addr_t a;

	ck_assert_int_eq(imsaka_addr_parse(address, strlen(address), true, &a),
					 IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_nat_hash(1111, 2222, &a, h));
	imsaka_hex_encode(h, sizeof(h), out);
}

/** the UE's Security-Client: a UDP-enc-tun and a trans entry */
static void security_client(char *buf, size_t size, const char *pcscf,
							const char *extra)
{
	char ul[41], pp[41];

	hash("10.1.0.10:5060", ul);
	hash(pcscf, pp);
	snprintf(buf, size,
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;nat-u;hash-ul=%s;"
		"hash-pp=%s%s, "
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;nat-u;hash-ul=%s;"
		"hash-pp=%s%s", ul, pp, extra, ul, pp, extra);
}

/** a REGISTER; security headers given whole */
static char *register_text(const char *via_port, int cseq,
						   const char *security, const char *expires)
{
	char *text;

	ck_assert(asprintf(&text,
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:%s;branch=z9hG4bKue%d;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: %d REGISTER\r\n"
		"Contact: <sip:alice@10.1.0.10:%s>\r\n"
		"Expires: %s\r\n"
		"Supported: path\r\n"
		"%s"
		"Authorization: Digest username=\"" IMPI "\", "
		"realm=\"ims.example.net\", uri=\"sip:ims.example.net\", "
		"nonce=\"\", response=\"\"\r\n"
		"Content-Length: 0\r\n\r\n", via_port, cseq, cseq, via_port,
		expires, security) > 0);
	return text;
}

/** SM1 from the UE behind its NAT, sent to pcscf */
static char *sm1_text(const char *pcscf)
{
	char client[2048], security[2200];

	security_client(client, sizeof(client), pcscf, "");
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n", client);
	return register_text("5060", 1, security, "600");
}

/** all Via lines of a text */
static void vias(const char *text, char *buf, size_t size)
{
	const char *pos = text, *end;
	size_t n = 0;

	buf[0] = '\0';
	while ((pos = strstr(pos, "\r\nVia: ")))
	{
		pos += 2;
		end = strstr(pos, "\r\n");
		n += snprintf(buf + n, size - n, "%.*s\r\n", (int)(end - pos + 2) - 2,
					  pos);
		pos = end;
	}
}

/** value of the first header field of a name in a text */
static bool header(const char *text, const char *name, char *buf, size_t size)
{
	char needle[64];
	const char *pos, *end;

	snprintf(needle, sizeof(needle), "\r\n%s: ", name);
	pos = strstr(text, needle);
	if (!pos)
	{
		return false;
	}
	pos += strlen(needle);
	end = strstr(pos, "\r\n");
	snprintf(buf, size, "%.*s", (int)(end - pos), pos);
	return true;
}

/** a response of the S-CSCF to the last request forwarded */
static char *scscf_response(const char *status, int cseq, const char *extra)
{
	fake_sent_t *last = fake_transport_last(transport);
	char via[2048], *text;

	ck_assert(last);
	ck_assert(imsaka_addr_equals(&last->peer.remote, &scscf.remote));
	vias(last->text, via, sizeof(via));
	ck_assert(asprintf(&text, "SIP/2.0 %s\r\n%s"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: %d REGISTER\r\n%s"
		"Content-Length: 0\r\n\r\n", status, via, cseq, extra) > 0);
	return text;
}

/** the S-CSCF's 401 with CK and IK */
static char *sm4_text(int cseq, bool keys)
{
	return scscf_response("401 Unauthorized", cseq, keys ?
		"WWW-Authenticate: Digest realm=\"ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", "
		"algorithm=AKAv1-MD5, qop=\"auth\", ck=\"" CK_HEX "\", "
		"ik=\"" IK_HEX "\"\r\n" :
		"WWW-Authenticate: Digest realm=\"ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", "
		"algorithm=AKAv1-MD5, qop=\"auth\"\r\n");
}

/** the last message sent, asserting where it went */
static const char *sent_to(const sip_peer_t *peer)
{
	fake_sent_t *last = fake_transport_last(transport);

	ck_assert(last);
	ck_assert(imsaka_addr_equals(&last->peer.remote, &peer->remote));
	ck_assert(imsaka_addr_equals(&last->peer.local, &peer->local));
	return last->text;
}

/** SM1 and SM4: returns SM6 as sent to the UE */
static const char *register_to_sm6(const char *pcscf)
{
	char *text;
	const char *sent;

	text = sm1_text(pcscf);
	receive(&ue_unprotected, text);
	free(text);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "REGISTER ", 9) == 0);
	text = sm4_text(1, true);
	receive(&scscf, text);
	free(text);
	return sent_to(&ue_unprotected);
}

/** SM7 as the UE sends it after SM6 */
static char *sm7_text(const char *sm6, const char *pcscf, const char *oa,
					  const char *verify)
{
	char client[2048], security[6000], server[2048];

	security_client(client, sizeof(client), pcscf, oa);
	ck_assert(header(sm6, "Security-Server", server, sizeof(server)));
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n"
			 "Security-Verify: %s\r\n", client, verify ?: server);
	return register_text("5064", 2, security, "600");
}

#define OA ";oa-ul=\"10.1.0.10:5060\";oa-up=\"192.0.2.1:20001\""

/** a whole registration through SM12 */
static void register_ue(void)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	const char *sm6;
	char *text;

	sm6 = register_to_sm6("192.0.2.20:5060");
	text = sm7_text(sm6, "192.0.2.20:5060", OA, NULL);
	receive(&sm7_peer, text);
	free(text);
	sent_to(&scscf);
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&sm7_peer), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}

START_TEST(test_registration_behind_nat)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	imsaka_secagree_list_t server;
	const imsaka_secagree_entry_t *e;
	char value[2048], hex[41], *text;
	const char *sent;

	fake_log_start(3);
	/* SM1 -> SM2 */
	text = sm1_text("192.0.2.20:5060");
	receive(&ue_unprotected, text);
	free(text);
	ck_assert_str_eq(fake_control_find(&fake, "ctx-create"),
					 "ctx-create role=pcscf impi=" IMPI);
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
	text = sm4_text(1, true);
	receive(&scscf, text);
	free(text);
	ck_assert_str_eq(fake_control_find(&fake, "ctx-keys"),
					 "ctx-keys ctx=1 ck=" CK_HEX " ik=" IK_HEX);
	ck_assert(fake_control_find(&fake, "spi-alloc ctx=1"));
	ck_assert_str_eq(fake_control_find(&fake, "sa-install"),
		"sa-install ctx=1 local=10.2.0.1 port-c=5062 port-s=5064 "
		"spi-c=65536 spi-s=65537 remote=10.1.0.10 rport-c=5064 "
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
	ck_assert(header(sent, "Security-Server", value, sizeof(value)));
	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_parse(&server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(server.count, 1);
	e = &server.entries[0];
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(e->spi_c, 65536);
	ck_assert_int_eq(e->spi_s, 65537);
	ck_assert_int_eq(e->port_c, 5062);
	ck_assert_int_eq(e->port_s, 5064);
	ck_assert_int_eq(e->alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(e->ealg, IMSAKA_ESP_EALG_AES_CBC);
	ck_assert_int_eq(imsaka_secagree_entry_mod(e), IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert(e->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_P));
	hash("192.0.2.20:5060", hex);
	ck_assert(strstr(value, hex));
	hash("192.0.2.1:20001", hex);
	ck_assert(strstr(value, hex));

	/* SM7 -> SM8 */
	fake_control_clear(&fake);
	text = sm7_text(sent, "192.0.2.20:5060", OA, NULL);
	receive(&sm7_peer, text);
	free(text);
	ck_assert_int_eq(fake.count, 0);
	sent = sent_to(&scscf);
	ck_assert(strstr(sent, "REGISTER sip:ims.example.net"));
	ck_assert(strstr(sent, "integrity-protected=\"yes\""));
	ck_assert(!strstr(sent, "Security-Client"));
	ck_assert(!strstr(sent, "Security-Verify"));
	ck_assert(!strstr(sent, "sec-agree"));

	/* SM10 -> SM12 */
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
	ck_assert_str_eq(fake.requests[0], "sa-promote ctx=1 expires=600");
	ck_assert_int_eq(fake.count, 1);
	sent = sent_to(&sm7_peer);
	ck_assert(strncmp(sent, "SIP/2.0 200", 11) == 0);
	ck_assert(header(sent, "Security-Server", value, sizeof(value)));
	ck_assert(strstr(value, "oa-pl=\"192.0.2.20:5060\""));
	ck_assert(!strstr(value, "oa-pp"));
	ck_assert(fake_transport_longest_timer(transport)->ms >= 600 * 1000);
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	/* every step logged, keys never below level 4 */
	ck_assert(strstr(fake_log_text(), IMPI " SM1 forwarded"));
	ck_assert(strstr(fake_log_text(), IMPI " SM4 keys taken"));
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
	receive(&ue, options);
	sent = sent_to(&scscf);
	ck_assert(strncmp(sent, "OPTIONS sip:bob@ims.example.net", 31) == 0);
	ck_assert(!strstr(sent, "Route:"));
	ck_assert(asprintf(&text, "SIP/2.0 200 OK\r\n%s"
		"From: <sip:alice@ims.example.net>;tag=o1\r\n"
		"To: <sip:bob@ims.example.net>;tag=b\r\nCall-ID: opt1@10.1.0.10\r\n"
		"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
		({ static char v[1024]; vias(sent, v, sizeof(v)); v; })) > 0);
	receive(&scscf, text);
	free(text);
	sent = sent_to(&ue);
	ck_assert(strncmp(sent, "SIP/2.0 200 OK", 14) == 0);
	ck_assert(!strstr(sent, "z9hG4bK-imsaka"));
	/* unprotected from the same UE: 403 */
	receive(&ue_unprotected, options);
	sent = sent_to(&ue_unprotected);
	ck_assert(strncmp(sent, "SIP/2.0 403", 11) == 0);
	/* from an unknown protected address: dropped */
	transport->sent_count ? fake_transport_clear(transport) : (void)0;
	ue.remote.port = 6000;
	receive(&ue, options);
	ck_assert_int_eq(transport->sent_count, 0);
}
END_TEST

START_TEST(test_deregistration)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;

	register_ue();
	fake_control_clear(&fake);
	text = register_text("5064", 3, "", "0");
	receive(&ue, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	text = scscf_response("200 OK", 3, "");
	receive(&scscf, text);
	free(text);
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

START_TEST(test_deregistration_challenged)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sent;
	char *text;

	register_ue();
	fake_control_clear(&fake);
	text = register_text("5064", 3, "", "0");
	receive(&ue, text);
	free(text);
	sent_to(&scscf);
	/* the S-CSCF challenges the de-REGISTER: the 401 reaches the UE, but
	 * never with CK/IK, and the registration stays */
	text = sm4_text(3, true);
	receive(&scscf, text);
	free(text);
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
	text = register_text("5064", 4, "", "0");
	receive(&ue, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	text = scscf_response("200 OK", 4, "");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	fire_linger();
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_deregistration_malformed_401)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	const char *sent;
	char *text;

	register_ue();
	text = register_text("5064", 3, "", "0");
	receive(&ue, text);
	free(text);
	sent_to(&scscf);
	/* a WWW-Authenticate the P-CSCF cannot parse might hide keys: 500 */
	text = scscf_response("401 Unauthorized", 3, "WWW-Authenticate: Digest "
		"realm=\"ims.example.net\", ck=\"" CK_HEX "\", ik=\"" IK_HEX "\", "
		"nonce=\"unterminated\r\n");
	receive(&scscf, text);
	free(text);
	sent = sent_to(&ue);
	ck_assert(strncmp(sent, "SIP/2.0 500", 11) == 0);
	ck_assert(!strstr(sent, CK_HEX));
	ck_assert(!strstr(sent, IK_HEX));
}
END_TEST

/* SM7 tampering: what changes, where SM7 comes from */
static struct {
	const char *name;
	const char *oa;
	bool change_hash, drop_nat_u, drop_entry, change_verify;
	uint16_t port;
} tamper[] = {
	{ "changed hash-ul", OA, true, false, false, false, 5064 },
	{ "dropped nat-u", OA, false, true, false, false, 5064 },
	{ "dropped entry", OA, false, false, true, false, 5064 },
	{ "changed Security-Verify", OA, false, false, false, true, 5064 },
	{ "wrong source port", OA, false, false, false, false, 5066 },
	{ "missing oa", "", false, false, false, false, 5064 },
	{ "changed oa-up", ";oa-ul=\"10.1.0.10:5060\";oa-up=\"192.0.2.1:20002\"",
	  false, false, false, false, 5064 },
};

/** replace the first occurrence of from in text by to */
static void replace(char *text, const char *from, const char *to)
{
	char *pos = strstr(text, from), *rest;

	ck_assert_msg(pos, "%s not found", from);
	rest = strdup(pos + strlen(from));
	strcpy(pos, to);
	strcat(pos, rest);
	free(rest);
}

START_TEST(test_sm7_tamper)
{
	sip_peer_t peer = protected_peer(tamper[_i].port, 5064);
	char verify[2048], *text, ul[41], *p;
	const char *sm6;
	int before;

	sm6 = register_to_sm6("192.0.2.20:5060");
	ck_assert(header(sm6, "Security-Server", verify, sizeof(verify)));
	if (tamper[_i].change_verify)
	{
		replace(verify, "spi-c=65536", "spi-c=65538");
	}
	text = sm7_text(sm6, "192.0.2.20:5060", tamper[_i].oa, verify);
	text = realloc(text, strlen(text) + 64);
	if (tamper[_i].change_hash)
	{
		hash("10.1.0.10:5060", ul);
		p = strstr(text, ul);
		p[39] = p[39] == '0' ? '1' : '0';
	}
	if (tamper[_i].drop_nat_u)
	{
		replace(text, ";nat-u;", ";");
		replace(text, ";nat-u;", ";");
	}
	if (tamper[_i].drop_entry)
	{
		replace(text, "mod=trans", "mod=tun");
	}
	fake_control_clear(&fake);
	before = transport->sent_count;
	receive(&peer, text);
	free(text);
	ck_assert_int_eq(transport->sent_count, before + 1);
	ck_assert_msg(strncmp(sent_to(&peer), "SIP/2.0 403", 11) == 0,
				  "%s: not refused", tamper[_i].name);
	/* the 403 travels over the temporary set, which goes 2 s later */
	ck_assert(!fake_control_find(&fake, "sa-remove"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	fire_linger();
	ck_assert(fake_control_find(&fake, "sa-remove ctx=1 set=temp"));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_no_agreement_494)
{
	char *text, value[2048];
	const char *sent;

	/* aes-gcm is not in the policy */
	text = register_text("5060", 1, "Require: sec-agree\r\n"
		"Proxy-Require: sec-agree\r\n"
		"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-gcm;"
		"mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=5064;port-s=5066\r\n",
		"600");
	receive(&ue_unprotected, text);
	free(text);
	sent = sent_to(&ue_unprotected);
	ck_assert(strncmp(sent, "SIP/2.0 494", 11) == 0);
	ck_assert(header(sent, "Security-Server", value, sizeof(value)));
	ck_assert(strstr(value, "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;"
					 "mod=UDP-enc-tun") || strstr(value, "hmac-sha-1-96"));
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_nat_without_natt_494)
{
	char *text, value[2048];
	const char *sent;

	/* behind a NAT, offering trans only and no nat-u */
	text = register_text("5060", 1, "Require: sec-agree\r\n"
		"Proxy-Require: sec-agree\r\n"
		"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066\r\n", "600");
	fake_log_start(1);
	receive(&ue_unprotected, text);
	free(text);
	sent = sent_to(&ue_unprotected);
	ck_assert(strncmp(sent, "SIP/2.0 494", 11) == 0);
	/* the 494 lists only what crosses the NAT */
	ck_assert(header(sent, "Security-Server", value, sizeof(value)));
	ck_assert_msg(strstr(value, "mod=UDP-enc-tun"), "%s", value);
	ck_assert_msg(!strstr(value, "mod=trans"), "%s", value);
	ck_assert_msg(strstr(fake_log_text(), "REGISTER refused with 494: the UE "
						 "is behind a NAT and offers no mod=UDP-enc-tun"),
				  "%s", fake_log_text());
	ck_assert_int_eq(fake.count, 0);
}
END_TEST

/** a phone's Security-Client (six mod=trans offers, one set of SPIs and
 * ports, ealg omitted for null) */
#define PHONE_CLIENT "Security-Client: " \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000, " \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000, " \
	"ipsec-3gpp;alg=hmac-md5-96;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000, " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000, " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000, " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;prot=esp;mod=trans;" \
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000\r\n"

/** charon's kernel-libipsec: UDP-enc-tun only */
#define CAPS_LIBIPSEC "OK backend=kernel-libipsec mod=UDP-enc-tun " \
	"pairs=hmac-md5-96/aes-cbc,hmac-sha-1-96/aes-cbc"

/** start the P-CSCF again on a charon answering caps with a reply */
static void restart_with_caps(const char *caps)
{
	proxy->destroy(proxy);
	control->destroy(control);
	fake_control_clear(&fake);
	control = fake_control_create(&fake);
	fake.caps = caps;
	fake_log_start(1);
	proxy = pcscf_proxy_create(&config, &transport->public, control);
}

/** a phone's SM1 without NAT, from port 1025 while its Via names 5060 */
static sip_peer_t send_phone_sm1(void)
{
	sip_peer_t phone = ue_unprotected;
	char *text;

	addr("10.1.0.10:1025", &phone.remote);
	text = register_text("5060", 1, "Require: sec-agree\r\n"
		"Proxy-Require: sec-agree\r\n" PHONE_CLIENT, "600");
	receive(&phone, text);
	free(text);
	return phone;
}

START_TEST(test_backend_refuses_phone)
{
	sip_peer_t phone;
	char value[2048];
	const char *sent;

	/* the P-CSCF starts on a charon with kernel-libipsec */
	restart_with_caps(CAPS_LIBIPSEC);
	ck_assert_int_eq(fake.caps_asked, 1);
	ck_assert_msg(strstr(fake_log_text(), "charon's kernel-libipsec installs "
						 "mod=UDP-enc-tun only: 6 of 8 ipsec-3gpp entries of "
						 "the policy left out; phones offer mod=trans, which "
						 "needs kernel-netlink"), "%s", fake_log_text());

	/* a phone without NAT, from another port than its Via names */
	phone = send_phone_sm1();
	sent = sent_to(&phone);
	ck_assert_msg(strncmp(sent, "SIP/2.0 494", 11) == 0, "%s", sent);
	ck_assert(header(sent, "Security-Server", value, sizeof(value)));
	ck_assert_msg(strstr(value, "alg=hmac-sha-1-96;ealg=aes-cbc;"
						 "mod=UDP-enc-tun"), "%s", value);
	ck_assert_msg(!strstr(value, "trans") && !strstr(value, "null"), "%s",
				  value);
	ck_assert_msg(strstr(fake_log_text(), IMPI " REGISTER refused with 494: "
						 "charon's kernel backend cannot install what the UE "
						 "offers (mod=trans needs kernel-netlink"), "%s",
				  fake_log_text());
	ck_assert_msg(strstr(fake_log_text(), IMPI " SM1 from port 1025 while its "
						 "Via names 5060") == NULL, "%s", fake_log_text());
	/* no vector spent, nothing asked of charon, asked caps once */
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(transport->sent_count, 1);
	ck_assert_int_eq(fake.caps_asked, 1);
}
END_TEST

START_TEST(test_backend_takes_phone)
{
	const char *sent;

	/* kernel-netlink: every mode; the phone gets the policy's first pair
	 * among its offers, sha1/aes-cbc (policy order, not the phone's) */
	restart_with_caps("OK backend=kernel-netlink mod=trans,tun,UDP-enc-tun "
		"pairs=hmac-md5-96/aes-cbc,hmac-md5-96/null,hmac-sha-1-96/aes-cbc,"
		"hmac-sha-1-96/null");
	ck_assert_msg(strstr(fake_log_text(), "charon's kernel-netlink installs "
						 "mod=trans,tun,UDP-enc-tun: all 8 ipsec-3gpp entries"),
				  "%s", fake_log_text());
	send_phone_sm1();
	sent = sent_to(&scscf);
	ck_assert_msg(strncmp(sent, "REGISTER ", 9) == 0, "%s", sent);
	ck_assert(fake_control_find(&fake, "ctx-create"));
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from 10.1.0.10:1025 "
						 "nat=none mod=trans"), "%s", fake_log_text());
	}
END_TEST

static const char *garbage_clients[] = {
	"ipsec-3gpp;alg=hmac-sha-1-96;spi-c=abc;spi-s=1;port-c=1;port-s=2",
	"ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=1;port-c=70000;port-s=2",
	"ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=1;port-c=1;port-s=2;"
		"hash-ul=zz",
	"ipsec-3gpp;alg=\"unterminated",
	";;;,,,",
};

START_TEST(test_garbage_400)
{
	char security[512], *text;

	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n",
			 garbage_clients[_i]);
	text = register_text("5060", 1, security, "600");
	receive(&ue_unprotected, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 400", 11) == 0);
	ck_assert_int_eq(fake.count, 0);
}
END_TEST

START_TEST(test_garbage_dropped)
{
	static const char *garbage[] = {
		"", "REGISTER\r\n\r\n", "\xff\xfe\x00\x01",
		"SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;"
			"branch=z9hG4bK-imsaka-0000000000000000\r\nFrom: <sip:a@b>;tag=1"
			"\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n"
			"Content-Length: 0\r\n\r\n",
	};
	int i;

	for (i = 0; i < countof(garbage); i++)
	{
		proxy->receive(proxy, &ue_unprotected, garbage[i], strlen(garbage[i]));
		proxy->receive(proxy, &scscf, garbage[i], strlen(garbage[i]));
	}
	ck_assert_int_eq(transport->sent_count, 0);
	ck_assert_int_eq(fake.count, 0);
}
END_TEST

START_TEST(test_without_secagree)
{
	char *text;

	text = register_text("5060", 1, "", "600");
	receive(&ue_unprotected, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 421", 11) == 0);
	ck_assert(strstr(sent_to(&ue_unprotected), "Require: sec-agree"));
	/* SIPp interop: forwarded as a plain digest registration */
	config.allow_unprotected = true;
	receive(&ue_unprotected, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "nonce=\"\""));
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_401_without_keys)
{
	char *text;

	text = sm1_text("192.0.2.20:5060");
	receive(&ue_unprotected, text);
	free(text);
	text = sm4_text(1, false);
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	ck_assert(!strstr(sent_to(&ue_unprotected), "WWW-Authenticate"));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert(!fake_control_find(&fake, "sa-install"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_sa_install_fails)
{
	fake.fail = "sa-install";
	register_to_sm6("192.0.2.20:5060");
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_pcscf_behind_nat)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char value[2048], *text;
	const char *sm6;

	/* the UE sends to nat2's 192.0.2.2, which forwards to 192.0.2.20 */
	addr("192.0.2.2:5060", &config.public_address);
	sm6 = register_to_sm6("192.0.2.2:5060");
	ck_assert(strstr(fake_control_find(&fake, "sa-install"),
					 "local-outer=192.0.2.20:4500 remote-outer=192.0.2.1:4500"));
	/* keep-alives from SM4 on: the binding exists before the UE's first
	 * ESP packet, whose mapping the plugin then makes it follow */
	ck_assert_str_eq(fake_control_find(&fake, "keepalive-start"),
					 "keepalive-start ctx=1 src=192.0.2.20:4500 "
					 "dst=192.0.2.1:4500");
	fake_control_clear(&fake);
	/* SM7 repeats the hash-pp of SM1 (192.0.2.2) */
	text = sm7_text(sm6, "192.0.2.2:5060", OA, NULL);
	receive(&ue, text);
	free(text);
	sent_to(&scscf);
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
	/* not again at SM10: that would undo what the plugin learned */
	ck_assert(fake_control_find(&fake, "sa-promote ctx=1"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
	ck_assert(header(sent_to(&ue), "Security-Server", value, sizeof(value)));
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
	addr("10.1.0.10:5060", &ue_unprotected.remote);
	addr("192.0.2.2:5060", &config.public_address);
	sm6 = register_to_sm6("192.0.2.2:5060");
	ck_assert(strstr(fake_control_find(&fake, "sa-install"),
					 "local-outer=192.0.2.20:4500 remote-outer=10.1.0.10:4500"));
	ck_assert(!fake_control_find(&fake, "keepalive-start"));
	text = sm7_text(sm6, "192.0.2.2:5060",
					";oa-ul=\"10.1.0.10:5060\";oa-up=\"10.1.0.10:5060\"", NULL);
	receive(&ue, text);
	free(text);
	sent_to(&scscf);
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
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
	char server[2048], security[6000], client[2048], *text;
	const char *sent;

	register_ue();
	ck_assert(header(fake_transport_last(transport)->text, "Security-Server",
					 server, sizeof(server)) || true);
	/* the Security-Server in force is the one of SM6 */
	fake_control_clear(&fake);
	snprintf(client, sizeof(client), "ipsec-3gpp;alg=hmac-sha-1-96;"
			 "ealg=aes-cbc;mod=UDP-enc-tun;spi-c=3333;spi-s=4444;"
			 "port-c=5065;port-s=5066");
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n", client);
	text = register_text("5065", 3, security, "600");
	receive(&ue, text);
	free(text);
	sent = sent_to(&scscf);
	ck_assert(!strstr(sent, "Security-Client"));
	ck_assert(!fake_control_find(&fake, "ctx-create"));
	text = sm4_text(3, true);
	receive(&scscf, text);
	free(text);
	ck_assert(fake_control_find(&fake, "ctx-keys ctx=1"));
	ck_assert(strstr(fake_control_find(&fake, "sa-install"),
					 "sa-install ctx=1 local=10.2.0.1 port-c=5063 port-s=5064 "
					 "spi-c=65538 spi-s=65539 remote=10.1.0.10 rport-c=5065 "
					 "rport-s=5066 rspi-c=3333 rspi-s=4444"));
	sent = sent_to(&ue);
	ck_assert(header(sent, "Security-Server", server, sizeof(server)));
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n"
			 "Security-Verify: %s\r\n", client, server);
	text = register_text("5065", 4, security, "600");
	receive(&ue2, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	text = scscf_response("200 OK", 4,
						  "Contact: <sip:alice@10.1.0.10:5065>;expires=300\r\n");
	receive(&scscf, text);
	free(text);
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
	char security[6000], *text;

	register_ue();
	fake_control_clear(&fake);
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: ipsec-3gpp;"
			 "alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;spi-c=3333;"
			 "spi-s=4444;port-c=5065;port-s=5066\r\n");
	text = register_text("5065", 3, security, "600");
	receive(&ue, text);
	free(text);
	text = scscf_response("200 OK", 3,
						  "Contact: <sip:alice@10.1.0.10:5065>;expires=900\r\n");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert(fake_control_find(&fake, "ctx-hold ctx=1 expires=900"));
	ck_assert(!fake_control_find(&fake, "sa-promote"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

START_TEST(test_unprotected_reregister_wrong_impi)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char *text;

	register_ue();
	text = register_text("5064", 3, "", "600");
	text = realloc(text, strlen(text) + 16);
	replace(text, "username=\"alice@", "username=\"mallory@");
	receive(&ue, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

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

	addr("192.0.2.20:5061", &peer.local);
	addr("192.0.2.1:30000", &peer.remote);
	return peer;
}

/** SM1 offering tls-psk;cs=00a8 and the ipsec-3gpp entries; returns SM6 */
static const char *tls_register_to_sm6(void)
{
	char client[2048], security[2600], *text;

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: "
			 "tls-psk;cs=00a8;q=0.9, %s\r\n", client);
	text = register_text("5060", 1, security, "600");
	receive(&ue_unprotected, text);
	free(text);
	sent_to(&scscf);
	text = sm4_text(1, true);
	receive(&scscf, text);
	free(text);
	return sent_to(&ue_unprotected);
}

/** SM7 of tls-psk: SM1's Security-Client, Security-Verify as given */
static char *tls_sm7_text(const char *sm6)
{
	char client[2048], security[6000], server[2048];

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	ck_assert(header(sm6, "Security-Server", server, sizeof(server)));
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: "
			 "tls-psk;cs=00a8;q=0.9, %s\r\nSecurity-Verify: %s\r\n", client,
			 server);
	return register_text("5060", 2, security, "600");
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
	char *text;

	receive(conn, sm7);
	free(sm7);
	sent = sent_to(&scscf);
	ck_assert(strstr(sent, "integrity-protected=\"yes\""));
	ck_assert(!strstr(sent, "Security-Verify"));

	fake_control_clear(&fake);
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
	/* no SA set to promote: the context is held for the registration */
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.requests[0], "ctx-hold ctx=1 expires=600");
	ck_assert(strncmp(sent_to(conn), "SIP/2.0 200", 11) == 0);
	ck_assert_uint_eq(fake_transport_last(transport)->peer.conn, conn->conn);
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	receive(conn, tls_message);
	ck_assert(strncmp(sent_to(&scscf), "MESSAGE sip:bob", 15) == 0);
}

START_TEST(test_tls_psk_registration)
{
	sip_peer_t tls = tls_peer(7);
	imsaka_secagree_list_t server;
	const imsaka_secagree_entry_t *e;
	char value[2048], request[256], sid[65], *text;
	const char *sm6;

	offer_tls();
	sm6 = tls_register_to_sm6();
	ck_assert(strncmp(sm6, "SIP/2.0 401", 11) == 0);
	ck_assert(!strstr(sm6, CK_HEX));
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_parse(&server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(server.count, 1);
	e = &server.entries[0];
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
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity), "%s",
			 sid);
	tls_sm7_to_sm12(&tls, tls_sm7_text(sm6));
	/* unprotected ones refused */
	receive(&ue_unprotected, tls_message);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 403", 11) == 0);
	/* a connection with another identity gets nothing */
	fake_transport_clear(transport);
	tls.conn = 8;
	receive(&tls, tls_message);
	ck_assert_int_eq(transport->sent_count, 0);

	/* a refresh without a new Security-Client holds the context again */
	tls.conn = 7;
	fake_control_clear(&fake);
	text = register_text("5060", 3, "", "300");
	receive(&tls, text);
	free(text);
	text = scscf_response("200 OK", 3,
						  "Contact: <sip:alice@10.1.0.10:5060>;expires=300\r\n");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.requests[0], "ctx-hold ctx=1 expires=300");

	/* de-registration drops the key: the connection's requests go nowhere */
	text = register_text("5060", 4, "", "0");
	receive(&tls, text);
	free(text);
	text = scscf_response("200 OK", 4, "");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 200", 11) == 0);
	fire_linger();
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert(!fake_control_find(&fake, "sa-remove"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	fake_transport_clear(transport);
	receive(&tls, tls_message);
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
	char sid[65], value[2048], *text;
	imsaka_secagree_list_t server;
	const char *sm6;

	offer_tls();
	sm6 = tls_register_to_sm6();
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_parse(&server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	imsaka_hex_encode(server.entries[0].sid, server.entries[0].sid_len, sid);
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity), "%s",
			 sid);
	text = tls_sm7_text(sm6);
	receive(&tls, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	fake_control_clear(&fake);
	fake.fail = "ctx-hold";
	text = scscf_response("200 OK", 2,
						  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
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
	receive(&sm7_peer, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 401", 11) == 0);
	/* on a TLS connection whose identity is unknown: dropped */
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity),
			 "00112233445566778899aabbccddeeff");
	receive(&tls, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 401", 11) == 0);
	free(text);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

START_TEST(test_tls_psk_sm7_tampered_verify)
{
	sip_peer_t tls = tls_peer(7);
	imsaka_secagree_list_t server;
	char value[2048], sid[65], *text, *pos;
	const char *sm6;

	offer_tls();
	sm6 = tls_register_to_sm6();
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_parse(&server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	imsaka_hex_encode(server.entries[0].sid, 16, sid);
	transport->tls_conn = 7;
	snprintf(transport->tls_identity, sizeof(transport->tls_identity), "%s",
			 sid);
	/* a downgraded cs in Security-Verify: 403, the key goes */
	text = tls_sm7_text(sm6);
	pos = strstr(text, "Security-Verify: ");
	ck_assert(pos);
	pos = strstr(pos, "cs=00a8");
	ck_assert(pos);
	memcpy(pos + 3, "00ae", 4);
	receive(&tls, text);
	free(text);
	ck_assert(strncmp(sent_to(&tls), "SIP/2.0 403", 11) == 0);
	fire_linger();
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	fake_transport_clear(transport);
	receive(&tls, tls_message);
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

#define TLS_AKA_CLIENT "tls-aka;cs=1301.1302.1303;q=0.9"

/** SM1 offering tls-aka and the ipsec-3gpp entries from peer; returns SM6 */
static const char *tls_aka_register_to_sm6(const sip_peer_t *peer)
{
	char client[2048], security[2600], *text;

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: "
			 TLS_AKA_CLIENT ", %s\r\n", client);
	text = register_text("5060", 1, security, "600");
	receive(peer, text);
	free(text);
	sent_to(&scscf);
	text = sm4_text(1, true);
	receive(&scscf, text);
	free(text);
	return sent_to(peer);
}

/** SM7 of tls-aka: SM1's Security-Client, Security-Verify as given */
static char *tls_aka_sm7_text(const char *verify)
{
	char client[2048], security[6000];

	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: "
			 TLS_AKA_CLIENT ", %s\r\nSecurity-Verify: %s\r\n", client,
			 verify);
	return register_text("5060", 2, security, "600");
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
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_parse(&server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(server.count, 1);
	e = &server.entries[0];
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
	receive(&other, tls_message);
	ck_assert(strncmp(sent_to(&other), "SIP/2.0 403", 11) == 0);
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

/**
 * SM7 with the suites reordered in its Security-Verify gets a 403; the
 * handshake and its connection go when the 403 is out (_i = 0) or as soon
 * as the UE closes the connection on reading it (_i = 1), for the reason it
 * was refused
 */
START_TEST(test_tls_aka_sm7_tampered_verify)
{
	sip_peer_t tcp = tcp_peer(9);
	char value[2048], *text, *pos;
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&tcp);
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	pos = strstr(value, "cs=1303.1301");
	ck_assert(pos);
	memcpy(pos + 3, "1301.1303", 9);
	text = tls_aka_sm7_text(value);
	receive(&tcp, text);
	free(text);
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 403", 11) == 0);
	ck_assert_uint_eq(transport->closed_conn, 0);
	fake_log_start(1);
	if (_i == 0)
	{
		fire_linger();
		ck_assert_uint_eq(transport->closed_conn, 9);
	}
	else
	{
		transport->close_cb(transport->close_data, 9, IMPI);
	}
	ck_assert_msg(strstr(fake_log_text(), "handshake aborted by SM7 checks"),
				  "%s", fake_log_text());
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
}
END_TEST

START_TEST(test_tls_aka_sm7_changed_sid)
{
	sip_peer_t tcp = tcp_peer(9);
	char value[2048], *text, *pos;
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&tcp);
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	pos = strstr(value, "sid=");
	ck_assert(pos);
	pos[4] = pos[4] == '0' ? '1' : '0';
	text = tls_aka_sm7_text(value);
	receive(&tcp, text);
	free(text);
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 403", 11) == 0);
	fire_linger();
	ck_assert_uint_eq(transport->closed_conn, 9);
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

/** an SM1 offering tls-aka only (no hashes), cseq as given */
static char *tls_aka_only_sm1(int cseq)
{
	return register_text("5060", cseq, "Require: sec-agree\r\n"
						 "Proxy-Require: sec-agree\r\nSecurity-Client: "
						 TLS_AKA_CLIENT "\r\n", "600");
}

/**
 * The Via verdict of an SM1 over TCP: the connection's ephemeral source
 * port is no NAT, another address is
 */
START_TEST(test_tls_aka_sm1_tcp_via_verdict)
{
	sip_peer_t direct = tcp_peer(9), natted = tcp_peer(8),
			   udp = ue_unprotected;
	char *text;

	offer_tls_aka();
	addr("10.1.0.10:43210", &direct.remote);
	fake_log_start(1);
	text = tls_aka_only_sm1(1);
	receive(&direct, text);
	free(text);
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from "
						 "10.1.0.10:43210 nat=none mech=tls-aka"), "%s",
				  fake_log_text());

	/* from the NAT's address (192.0.2.1:20001): ue */
	fake_log_start(1);
	text = tls_aka_only_sm1(2);
	receive(&natted, text);
	free(text);
	ck_assert_msg(strstr(fake_log_text(), "SM1 forwarded: from "
						 "192.0.2.1:20001 nat=ue mech=tls-aka"), "%s",
				  fake_log_text());

	/* over UDP the port does not count either (sent-by 5060, source
	 * 43210: a phone sending from another port), it is logged */
	addr("10.1.0.10:43210", &udp.remote);
	fake_log_start(1);
	text = tls_aka_only_sm1(3);
	receive(&udp, text);
	free(text);
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
	char value[2048], security[6000], *text;
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&first);
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	fake_transport_clear(transport);
	tls_sm7_to_sm12(&first, tls_aka_sm7_text(value));
	ck_assert_int_eq(proxy->get_count(proxy), 1);

	/* SM1 of the re-registration on the second connection */
	fake_control_clear(&fake);
	text = tls_aka_only_sm1(3);
	receive(&second, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "REGISTER sip:"));
	ck_assert(fake_control_find(&fake, "ctx-create"));
	text = sm4_text(3, true);
	receive(&scscf, text);
	free(text);
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
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: " TLS_AKA_CLIENT
			 "\r\nSecurity-Verify: %s\r\n", value);
	text = register_text("5060", 4, security, "600");
	receive(&second, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	text = scscf_response("200 OK", 4,
						  "Contact: <sip:alice@10.1.0.10:5060>;expires=600\r\n");
	receive(&scscf, text);
	free(text);
	ck_assert(strncmp(sent_to(&second), "SIP/2.0 200", 11) == 0);
	ck_assert_uint_eq(transport->closed_conn, 9);
	/* the new registration's context is held, the replaced one goes */
	ck_assert_str_eq(fake_control_find(&fake, "ctx-hold"),
					 "ctx-hold ctx=2 expires=600");
	ck_assert(!fake_control_find(&fake, "sa-promote"));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert(!fake_control_find(&fake, "ctx-delete ctx=2"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	receive(&second, tls_message);
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
	char value[2048], security[6000], *text;
	const char *sm6;

	offer_tls_aka();
	sm6 = tls_aka_register_to_sm6(&tcp);
	ck_assert(header(sm6, "Security-Server", value, sizeof(value)));
	fake_transport_clear(transport);
	tls_sm7_to_sm12(&tcp, tls_aka_sm7_text(value));
	fake_transport_clear(transport);
	fake_control_clear(&fake);
	snprintf(security, sizeof(security), "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: " TLS_AKA_CLIENT
			 "\r\nSecurity-Verify: %s\r\n", value);
	text = register_text("5060", 3, security, "600");
	receive(&tcp, text);
	free(text);
	ck_assert(strncmp(sent_to(&tcp), "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(transport->sent_count, 1);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_uint_eq(transport->closed_conn, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* the registration in force goes on */
	receive(&tcp, tls_message);
	ck_assert(strncmp(sent_to(&scscf), "MESSAGE sip:bob", 15) == 0);
}
END_TEST

Suite *pcscf_register_suite_create(void)
{
	Suite *s = suite_create("pcscf registration");
	TCase *tc;

	tc = tcase_create("registration");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_registration_behind_nat);
	tcase_add_test(tc, test_requests_after_registration);
	tcase_add_test(tc, test_deregistration);
	tcase_add_test(tc, test_deregistration_challenged);
	tcase_add_test(tc, test_deregistration_malformed_401);
	tcase_add_test(tc, test_reregistration);
	tcase_add_test(tc, test_reregistration_not_challenged);
	tcase_add_test(tc, test_expiry_and_shutdown);
	tcase_add_test(tc, test_pcscf_behind_nat);
	tcase_add_test(tc, test_ue_behind_nat_no_keepalives);
	tcase_add_test(tc, test_only_pcscf_behind_nat);
	tcase_add_test(tc, test_tls_psk_registration);
	tcase_add_test(tc, test_tls_psk_ctx_hold_fails);
	tcase_add_test(tc, test_tls_psk_sm7_wrong_connection);
	tcase_add_test(tc, test_tls_psk_sm7_tampered_verify);
	tcase_add_test(tc, test_tls_aka_registration);
	tcase_add_test(tc, test_tls_aka_connection_closed);
	tcase_add_loop_test(tc, test_tls_aka_sm7_tampered_verify, 0, 2);
	tcase_add_test(tc, test_tls_aka_sm7_changed_sid);
	tcase_add_test(tc, test_tls_aka_over_udp_500);
	tcase_add_test(tc, test_tls_aka_sm1_tcp_via_verdict);
	tcase_add_test(tc, test_tls_aka_reregistration);
	tcase_add_test(tc, test_tls_aka_rereg_in_connection_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_sm7_tamper, 0, countof(tamper));
	tcase_add_test(tc, test_no_agreement_494);
	tcase_add_test(tc, test_nat_without_natt_494);
	tcase_add_test(tc, test_backend_refuses_phone);
	tcase_add_test(tc, test_backend_takes_phone);
	tcase_add_loop_test(tc, test_garbage_400, 0, countof(garbage_clients));
	tcase_add_test(tc, test_garbage_dropped);
	tcase_add_test(tc, test_without_secagree);
	tcase_add_test(tc, test_401_without_keys);
	tcase_add_test(tc, test_sa_install_fails);
	tcase_add_test(tc, test_unprotected_reregister_wrong_impi);
	suite_add_tcase(s, tc);
	return s;
}

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
 * The P-CSCF of the registration tests: configuration, fake charon and
 * transport, and the SIP texts of a UE and an S-CSCF.
 */

#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <library.h>

#include <hex.h>
#include <nat_detect.h>
#include <sip_message.h>

#include "pcscf_register_fixture.h"

pcscf_config_t config;
fake_transport_t *transport;
fake_control_t fake;
pcscf_control_client_t *control;
pcscf_proxy_t *proxy;

/* where SM1 comes from (the UE's NAT) and arrives */
sip_peer_t ue_unprotected;
/* the S-CSCF */
sip_peer_t scscf;

void parse_addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), false, a),
					 IMSAKA_SECAGREE_OK);
}

void register_setup(void)
{
	sip_error_t err = {};

	pcscf_config_defaults(&config);
	parse_addr("192.0.2.20:5060", &config.listen);
	parse_addr("10.2.0.1", &config.protected_address);
	config.core = config.listen;
	parse_addr("192.0.2.30:5060", &config.scscf);
	ck_assert(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96",
								 "aes-cbc, null", "UDP-enc-tun, trans",
								 &config.policy, &err));
	transport = fake_transport_create();
	control = fake_control_create(&fake);
	proxy = pcscf_proxy_create(&config, &transport->public, control);

	ue_unprotected = (sip_peer_t){ .proto = SIP_UDP };
	parse_addr("192.0.2.20:5060", &ue_unprotected.local);
	parse_addr("192.0.2.1:20001", &ue_unprotected.remote);
	scscf = (sip_peer_t){ .proto = SIP_UDP };
	parse_addr("192.0.2.20:5060", &scscf.local);
	parse_addr("192.0.2.30:5060", &scscf.remote);
}

/** what a kernel-netlink charon can install */
#define CAPS_NETLINK "OK backend=kernel-netlink mod=trans,tun,UDP-enc-tun " \
	"pairs=hmac-md5-96/aes-cbc,hmac-md5-96/null,hmac-sha-1-96/aes-cbc," \
	"hmac-sha-1-96/null,hmac-sha-1-96/des-ede3-cbc"

void register_setup_caps(void)
{
	register_setup();
	proxy->shutdown(proxy);
	control->destroy(control);
	proxy->destroy(proxy);
	fake_control_clear(&fake);
	control = fake_control_create(&fake);
	fake.caps = CAPS_NETLINK;
	fake.down = false;
	fake.hellos = 0;
	proxy = pcscf_proxy_create(&config, &transport->public, control);
}

void register_teardown(void)
{
	/* as imsaka-pcscf does: registrations deleted, then requests in flight
	 * fail before the proxy goes */
	proxy->shutdown(proxy);
	control->destroy(control);
	proxy->destroy(proxy);
	fake_control_clear(&fake);
	fake_transport_destroy(transport);
}

/** a protected peer: UE 10.1.0.10:port to the P-CSCF's 10.2.0.1:local */
sip_peer_t protected_peer(uint16_t port, uint16_t local)
{
	sip_peer_t peer = { .proto = SIP_UDP };

	parse_addr("10.2.0.1", &peer.local);
	peer.local.port = local;
	parse_addr("10.1.0.10", &peer.remote);
	peer.remote.port = port;
	return peer;
}

void receive_text(const sip_peer_t *peer, const char *text)
{
	proxy->receive(proxy, peer, text, strlen(text));
}

void receive_free(const sip_peer_t *peer, char *text)
{
	receive_text(peer, text);
	free(text);
}

/** fire the timer after which the SAs of a final response go (2 s) */
void fire_linger(void)
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
void natd_hash(const char *address, char out[41])
{
	uint8_t h[IMSAKA_SECAGREE_HASH_LEN];
	imsaka_addr_t a;

	ck_assert_int_eq(imsaka_addr_parse(address, strlen(address), true, &a),
					 IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_nat_hash(1111, 2222, &a, h));
	imsaka_hex_encode(h, sizeof(h), out);
}

/** the sec-agree headers of a REGISTER: Security-Verify if verify given */
void sec_agree_headers(char *buf, size_t size, const char *client,
					   const char *verify)
{
	snprintf(buf, size, "Require: sec-agree\r\n"
			 "Proxy-Require: sec-agree\r\nSecurity-Client: %s\r\n%s%s%s",
			 client, verify ? "Security-Verify: " : "", verify ?: "",
			 verify ? "\r\n" : "");
}

/** the UE's Security-Client: a UDP-enc-tun and a trans entry */
void security_client(char *buf, size_t size, const char *pcscf,
							const char *extra)
{
	char ul[41], pp[41];

	natd_hash("10.1.0.10:5060", ul);
	natd_hash(pcscf, pp);
	snprintf(buf, size,
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;nat-u;hash-ul=%s;"
		"hash-pp=%s%s, "
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;nat-u;hash-ul=%s;"
		"hash-pp=%s%s", ul, pp, extra, ul, pp, extra);
}

/** a REGISTER; security headers given whole */
char *register_text(const char *via_port, int cseq,
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

/** SM1 offering a Security-Client given whole */
char *sm1_offering(const char *client)
{
	char security[2200];

	sec_agree_headers(security, sizeof(security), client, NULL);
	return register_text("5060", 1, security, "600");
}

/** SM1 from the UE behind its NAT, sent to pcscf */
char *sm1_text(const char *pcscf)
{
	char client[2048];

	security_client(client, sizeof(client), pcscf, "");
	return sm1_offering(client);
}

/** all Via lines of a text */
void via_lines(const char *text, char *buf, size_t size)
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
bool header_value(const char *text, const char *name, char *buf, size_t size)
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

/** the one entry of a message's Security-Server, asserting it parses */
const imsaka_secagree_entry_t *security_server(const char *msg,
									imsaka_secagree_list_t *server,
									char *value, size_t size)
{
	ck_assert(header_value(msg, "Security-Server", value, size));
	imsaka_secagree_list_init(server);
	ck_assert_int_eq(imsaka_secagree_list_parse(server, value, strlen(value)),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(server->count, 1);
	return &server->entries[0];
}

/** a response of the S-CSCF to the last request forwarded */
char *scscf_response(const char *status, int cseq, const char *extra)
{
	fake_sent_t *last = fake_transport_last(transport);
	char via[2048], *text;

	ck_assert(last);
	ck_assert(imsaka_addr_equals(&last->peer.remote, &scscf.remote));
	via_lines(last->text, via, sizeof(via));
	ck_assert(asprintf(&text, "SIP/2.0 %s\r\n%s"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: %d REGISTER\r\n%s"
		"Content-Length: 0\r\n\r\n", status, via, cseq, extra) > 0);
	return text;
}

/** the S-CSCF answers the last request forwarded */
void scscf_answers(const char *status, int cseq, const char *extra)
{
	receive_free(&scscf, scscf_response(status, cseq, extra));
}

/** the S-CSCF's 401 with CK and IK */
char *sm4_text(int cseq, bool keys)
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
const char *sent_to(const sip_peer_t *peer)
{
	fake_sent_t *last = fake_transport_last(transport);

	ck_assert(last);
	ck_assert(imsaka_addr_equals(&last->peer.remote, &peer->remote));
	ck_assert(imsaka_addr_equals(&last->peer.local, &peer->local));
	return last->text;
}

/** SM1 (freed here) from a peer, and SM4: returns SM6 as sent to it */
const char *sm1_to_sm6(const sip_peer_t *peer, char *sm1)
{
	receive_free(peer, sm1);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	receive_free(&scscf, sm4_text(1, true));
	return sent_to(peer);
}

/** SM1 and SM4: returns SM6 as sent to the UE */
const char *register_to_sm6(const char *pcscf)
{
	return sm1_to_sm6(&ue_unprotected, sm1_text(pcscf));
}

/** SM7 as the UE sends it after SM6 */
char *sm7_text(const char *sm6, const char *pcscf, const char *oa,
					  const char *verify)
{
	char client[2048], security[6000], server[2048];

	security_client(client, sizeof(client), pcscf, oa);
	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	sec_agree_headers(security, sizeof(security), client, verify ?: server);
	return register_text("5064", 2, security, "600");
}

/** a whole registration through SM12 */
void register_ue(void)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	const char *sm6;

	sm6 = register_to_sm6("192.0.2.20:5060");
	receive_free(&sm7_peer, sm7_text(sm6, "192.0.2.20:5060", OA, NULL));
	sent_to(&scscf);
	scscf_answers("200 OK", 2,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&sm7_peer), "SIP/2.0 200", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}

/** assert the P-CSCF's counters: those given have their values, all others
 *  are 0 */
void assert_counters(int counter, ...)
{
	uint64_t expected[PCSCF_COUNTER_MAX] = {};
	pcscf_counters_t *counters = proxy->get_counters(proxy);
	char line[2048];
	va_list args;
	int i;

	va_start(args, counter);
	while (counter != PCSCF_COUNTER_MAX)
	{
		ck_assert(counter >= 0 && counter < PCSCF_COUNTER_MAX);
		expected[counter] = va_arg(args, int);
		counter = va_arg(args, int);
	}
	va_end(args);
	ck_assert(counters->print(counters, line, sizeof(line)));
	for (i = 0; i < PCSCF_COUNTER_MAX; i++)
	{
		ck_assert_msg(counters->get(counters, i) == expected[i],
					  "%s=%" PRIu64 ", expected %" PRIu64 " (%s)",
					  pcscf_counter_name(i), counters->get(counters, i),
					  expected[i], line);
	}
}

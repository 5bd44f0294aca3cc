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
 * REGISTERs the P-CSCF refuses or aborts: a tampered SM7, no agreement,
 * a NAT without NAT-T, what charon's backend cannot install, garbage,
 * a 401 without keys, a failing sa-prepare, an S-CSCF that does not
 * answer (408).
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include "pcscf_register_fixture.h"

/* SM7 tampering: what changes, where SM7 comes from */
static struct {
	const char *name;
	const char *oa;
	bool change_hash, drop_nat_u, drop_entry, change_verify;
	uint16_t port;
	/** the SM7 check that finds it, as counted */
	pcscf_counter_t counter;
} tamper[] = {
	/* one entry's hash changed: the entries disagree */
	{ "changed hash-ul", OA, true, false, false, false, 5064,
	  PCSCF_SM7_TAMPER_NATT_INCONSISTENT },
	{ "dropped nat-u", OA, false, true, false, false, 5064,
	  PCSCF_SM7_TAMPER_NATT_DOWNGRADE },
	{ "dropped entry", OA, false, false, true, false, 5064,
	  PCSCF_SM7_TAMPER_CLIENT_CHANGED },
	{ "changed Security-Verify", OA, false, false, false, true, 5064,
	  PCSCF_SM7_TAMPER_VERIFY_MISMATCH },
	{ "wrong source port", OA, false, false, false, false, 5066,
	  PCSCF_SM7_TAMPER_UNPROTECTED },
	{ "missing oa", "", false, false, false, false, 5064,
	  PCSCF_SM7_TAMPER_NATT_MISSING_OA },
	{ "changed oa-up", ";oa-ul=\"10.1.0.10:5060\";oa-up=\"192.0.2.1:20002\"",
	  false, false, false, false, 5064, PCSCF_SM7_TAMPER_NATT_OA },
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
	ck_assert(header_value(sm6, "Security-Server", verify, sizeof(verify)));
	if (tamper[_i].change_verify)
	{
		replace(verify, "spi-c=65536", "spi-c=65538");
	}
	text = sm7_text(sm6, "192.0.2.20:5060", tamper[_i].oa, verify);
	text = realloc(text, strlen(text) + 64);
	if (tamper[_i].change_hash)
	{
		natd_hash("10.1.0.10:5060", ul);
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
	receive_text(&peer, text);
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
	/* counted once, under the check that found it (caps: an older
	 * plugin's ERR) */
	assert_counters(tamper[_i].counter, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
}
END_TEST

/** SM1 offering client gets a 494: server receives its Security-Server */
static void sm1_refused_494(const char *client, char *server, size_t size)
{
	const char *sent;

	receive_free(&ue_unprotected, sm1_offering(client));
	sent = sent_to(&ue_unprotected);
	ck_assert_msg(strncmp(sent, "SIP/2.0 494", 11) == 0, "%s", sent);
	ck_assert(header_value(sent, "Security-Server", server, size));
	assert_counters(PCSCF_REG_FAILED_SECAGREE, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
}

START_TEST(test_no_agreement_494)
{
	char value[2048];

	/* aes-gcm is not in the policy */
	sm1_refused_494("ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-gcm;"
		"mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=5064;port-s=5066",
		value, sizeof(value));
	ck_assert(strstr(value, "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;"
					 "mod=UDP-enc-tun") || strstr(value, "hmac-sha-1-96"));
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_nat_without_natt_494)
{
	char value[2048];

	/* behind a NAT, offering trans only and no nat-u */
	fake_log_start(1);
	sm1_refused_494("ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066",
		value, sizeof(value));
	/* the 494 lists only what crosses the NAT */
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
#define PHONE_CLIENT \
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
		"spi-c=1111;spi-s=2222;port-c=8001;port-s=8000"

/** charon's kernel-libipsec: UDP-enc-tun only */
#define CAPS_LIBIPSEC "OK backend=kernel-libipsec mod=UDP-enc-tun " \
	"pairs=hmac-md5-96/aes-cbc,hmac-sha-1-96/aes-cbc"

/** start the P-CSCF again on a charon answering caps with a reply */
static void restart_with_caps(const char *caps)
{
	proxy->shutdown(proxy);
	control->destroy(control);
	proxy->destroy(proxy);
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

	parse_addr("10.1.0.10:1025", &phone.remote);
	receive_free(&phone, sm1_offering(PHONE_CLIENT));
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
	ck_assert(header_value(sent, "Security-Server", value, sizeof(value)));
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
	receive_free(&ue_unprotected, sm1_offering(garbage_clients[_i]));
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 400", 11) == 0);
	ck_assert_int_eq(fake.count, 0);
	assert_counters(PCSCF_REG_FAILED_MALFORMED, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
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
	receive_text(&ue_unprotected, text);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 421", 11) == 0);
	ck_assert(strstr(sent_to(&ue_unprotected), "Require: sec-agree"));
	assert_counters(PCSCF_REG_FAILED_SECAGREE, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
	/* SIPp interop: forwarded as a plain digest registration */
	config.allow_unprotected = true;
	receive_text(&ue_unprotected, text);
	free(text);
	ck_assert(strstr(sent_to(&scscf), "nonce=\"\""));
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
}
END_TEST

START_TEST(test_401_without_keys)
{
	receive_free(&ue_unprotected, sm1_text("192.0.2.20:5060"));
	receive_free(&scscf, sm4_text(1, false));
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	ck_assert(!strstr(sent_to(&ue_unprotected), "WWW-Authenticate"));
	/* charon never heard of it: nothing to undo */
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	assert_counters(PCSCF_REG_FAILED_INTERNAL, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_sa_prepare_fails)
{
	fake.fail = "sa-prepare";
	register_to_sm6("192.0.2.20:5060");
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	/* charon undid it all itself: no context known, none to delete */
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert(!fake_control_find(&fake, "sa-remove"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
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
	receive_text(&ue, text);
	free(text);
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_REG_FAILED_FORBIDDEN, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
}
END_TEST

/** the active timer waiting for the S-CSCF's answer, NULL if none */
static fake_timer_t *scscf_timer(void)
{
	int i;

	for (i = 0; i < transport->timer_count; i++)
	{
		if (transport->timers[i].active &&
			transport->timers[i].ms == config.scscf_timeout * 1000)
		{
			return &transport->timers[i];
		}
	}
	return NULL;
}

/** the S-CSCF's time is up */
static void fire_scscf_timer(void)
{
	fake_timer_t *timer = scscf_timer();

	ck_assert_msg(timer, "no scscf_timeout timer");
	timer->active = false;
	timer->cb(timer->data);
}

/** messages sent to the S-CSCF so far */
static int sent_to_scscf(void)
{
	int i, n = 0;

	for (i = 0; i < transport->sent_count; i++)
	{
		n += imsaka_addr_equals(&transport->sent[i].peer.remote,
								&scscf.remote);
	}
	return n;
}

/** a 408 to the REGISTER of CSeq cseq, with the UE's Via alone */
static void assert_408(const char *sent, int cseq)
{
	char value[256], expected[64];

	ck_assert_msg(strncmp(sent, "SIP/2.0 408", 11) == 0, "%s", sent);
	ck_assert(header_value(sent, "Via", value, sizeof(value)));
	snprintf(expected, sizeof(expected), "branch=z9hG4bKue%d", cseq);
	ck_assert_msg(strstr(value, expected), "%s", value);
	ck_assert(!strstr(sent, "z9hG4bK-imsaka"));
	ck_assert(header_value(sent, "CSeq", value, sizeof(value)));
	snprintf(expected, sizeof(expected), "%d REGISTER", cseq);
	ck_assert_str_eq(value, expected);
	ck_assert(header_value(sent, "Call-ID", value, sizeof(value)));
	ck_assert_str_eq(value, "reg1@10.1.0.10");
	ck_assert(header_value(sent, "To", value, sizeof(value)));
	ck_assert(strstr(value, ";tag="));
}

START_TEST(test_sm1_unanswered_408)
{
	char *sm1 = sm1_text("192.0.2.20:5060"), *late;
	char client[2048], security[2200];
	const char *sent;
	int before;

	fake_log_start(1);
	receive_text(&ue_unprotected, sm1);
	/* a retransmission before the time is up goes on as before */
	receive_text(&ue_unprotected, sm1);
	ck_assert_int_eq(sent_to_scscf(), 2);
	late = sm4_text(1, true);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	before = transport->sent_count;
	fire_scscf_timer();
	ck_assert_int_eq(transport->sent_count, before + 1);
	sent = sent_to(&ue_unprotected);
	assert_408(sent, 1);
	ck_assert(strstr(fake_log_text(), IMPI ": the S-CSCF did not answer the "
					 "REGISTER within 8 s, 408 sent"));
	assert_counters(PCSCF_REG_FAILED_TIMEOUT, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
	/* nothing was asked of charon, nothing is left */
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert(!scscf_timer());
	ck_assert(!fake_transport_longest_timer(transport));

	/* a retransmission now gets the same 408, and nothing else happens */
	receive_text(&ue_unprotected, sm1);
	ck_assert_int_eq(transport->sent_count, before + 2);
	ck_assert_str_eq(sent_to(&ue_unprotected), transport->sent[before].text);
	ck_assert_int_eq(sent_to_scscf(), 2);
	ck_assert_int_eq(proxy->get_count(proxy), 0);

	/* the S-CSCF's 401 comes late: dropped, its keys go nowhere */
	receive_free(&scscf, late);
	ck_assert_int_eq(transport->sent_count, before + 2);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert(strstr(fake_log_text(), IMPI ": 401 of the S-CSCF after the "
					 "408 to its REGISTER, dropped"));
	free(sm1);

	/* a new REGISTER (another branch and CSeq) starts as ever */
	security_client(client, sizeof(client), "192.0.2.20:5060", "");
	sec_agree_headers(security, sizeof(security), client, NULL);
	receive_free(&ue_unprotected, register_text("5060", 5, security, "600"));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	ck_assert(scscf_timer());
}
END_TEST

START_TEST(test_sm7_unanswered_408)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	const char *sm6;
	char *sm7, *late;
	int before;

	sm6 = register_to_sm6("192.0.2.20:5060");
	/* the S-CSCF answered SM1: no 408 due for it */
	ck_assert(!scscf_timer());
	sm7 = sm7_text(sm6, "192.0.2.20:5060", OA, NULL);
	receive_text(&sm7_peer, sm7);
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	late = scscf_response("200 OK", 2,
				"Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	fake_control_clear(&fake);
	before = transport->sent_count;
	fire_scscf_timer();
	/* the 408 goes as SM12 would: over the temporary set */
	ck_assert_int_eq(transport->sent_count, before + 1);
	assert_408(sent_to(&sm7_peer), 2);
	ck_assert(!fake_control_find(&fake, "sa-remove"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	/* SM7 again while the set lingers: the 408 again, not forwarded */
	receive_text(&sm7_peer, sm7);
	ck_assert_int_eq(transport->sent_count, before + 2);
	ck_assert_str_eq(sent_to(&sm7_peer), transport->sent[before].text);
	ck_assert_int_eq(sent_to_scscf(), 2);
	fire_linger();
	ck_assert(fake_control_find(&fake, "sa-remove ctx=1 set=temp"));
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	/* the late 200 changes nothing */
	fake_control_clear(&fake);
	receive_free(&scscf, late);
	ck_assert_int_eq(transport->sent_count, before + 2);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	ck_assert(!fake_transport_longest_timer(transport));
	free(sm7);
}
END_TEST

/* protected REGISTERs of a registration the S-CSCF leaves unanswered */
static struct {
	const char *name;
	bool new_set;
	const char *expires;
} unanswered[] = {
	{ "re-REGISTER with a new set", true, "600" },
	{ "re-REGISTER without a new set", false, "600" },
	{ "de-REGISTER", false, "0" },
};

START_TEST(test_reregister_unanswered_408)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	char security[6000] = "", *late;
	int before;

	register_ue();
	if (unanswered[_i].new_set)
	{
		sec_agree_headers(security, sizeof(security), REREG_CLIENT, NULL);
	}
	receive_free(&ue, register_text("5065", 3, security,
									unanswered[_i].expires));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	late = scscf_response("200 OK", 3,
				"Contact: <sip:alice@10.1.0.10:5065>;expires=900\r\n");
	fake_control_clear(&fake);
	before = transport->sent_count;
	fire_scscf_timer();
	/* over the set in force, which stays with its registration */
	ck_assert_int_eq(transport->sent_count, before + 1);
	assert_408(sent_to(&ue), 3);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	/* the late 200 changes nothing: no promotion, hold or removal */
	receive_free(&scscf, late);
	ck_assert_int_eq(transport->sent_count, before + 1);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
	ck_assert_msg(fake_transport_longest_timer(transport)->ms ==
				  (600 + 30) * 1000, "%s: expiry changed", unanswered[_i].name);
	/* the registration serves the next REGISTER */
	receive_free(&ue, register_text("5065", 4, "", "600"));
	ck_assert(strncmp(sent_to(&scscf), "REGISTER ", 9) == 0);
	scscf_answers("200 OK", 4,
				  "Contact: <sip:alice@10.1.0.10:5065>;expires=900\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	ck_assert(fake_control_find(&fake, "ctx-hold ctx=1 expires=900"));
	ck_assert(!fake_control_find(&fake, "ctx-delete"));
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/*
 * Described in header
 */
void pcscf_register_refusal_tests(TCase *tc)
{
	tcase_add_loop_test(tc, test_sm7_tamper, 0, countof(tamper));
	tcase_add_test(tc, test_no_agreement_494);
	tcase_add_test(tc, test_nat_without_natt_494);
	tcase_add_test(tc, test_backend_refuses_phone);
	tcase_add_test(tc, test_backend_takes_phone);
	tcase_add_loop_test(tc, test_garbage_400, 0, countof(garbage_clients));
	tcase_add_test(tc, test_garbage_dropped);
	tcase_add_test(tc, test_without_secagree);
	tcase_add_test(tc, test_401_without_keys);
	tcase_add_test(tc, test_sa_prepare_fails);
	tcase_add_test(tc, test_unprotected_reregister_wrong_impi);
	tcase_add_test(tc, test_sm1_unanswered_408);
	tcase_add_test(tc, test_sm7_unanswered_408);
	tcase_add_loop_test(tc, test_reregister_unanswered_408, 0,
						countof(unanswered));
}

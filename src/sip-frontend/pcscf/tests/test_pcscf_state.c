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
 * What the P-CSCF keeps per UE: the registration table's indexes (IMPI,
 * protected address:port, IMPU), an agreement's lists existing only while
 * its handshake runs and its Security-Server kept as text once in force,
 * re-registrations checked against that text, and the heap a registered
 * UE costs (N UEs registered through the proxy against the fake charon,
 * measured with mallinfo2()).
 */

#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>

#include <library.h>

#include <hex.h>
#include <nat_detect.h>

#include "pcscf_register_fixture.h"
#include "../pcscf_registrations.h"
#include "../pcscf_transactions.h"

/** UEs registered for the memory figure */
#define MEMORY_UES 2000

/** the target: bytes of state per registered UE */
#define TARGET_BYTES 2048

/** the registration fixture's P-CSCF, with room for MEMORY_UES and a
 *  policy of one entry */
static void setup(void)
{
	sip_error_t err = {};

	register_setup();
	proxy->destroy(proxy);
	config.max_registrations = MEMORY_UES + 16;
	ck_assert(pcscf_policy_build("hmac-sha-1-96", "aes-cbc", "UDP-enc-tun",
								 &config.policy, &err));
	proxy = pcscf_proxy_create(&config, &transport->public, control);
}

/**
 * One emulated UE: IMPI ue<n>@ims.example.net, protected address
 * 10.1.<n/250>.<n%250+1>, behind a NAT 192.0.2.1 that gives it port
 * 20000+n.
 */
typedef struct {
	int n;
	char impi[64];
	char ip[32];
	char public[32];
	sip_peer_t unprotected;
	sip_peer_t protected;
} ue_t;

static void ue_init(ue_t *ue, int n)
{
	ue->n = n;
	snprintf(ue->impi, sizeof(ue->impi), "ue%d@ims.example.net", n);
	snprintf(ue->ip, sizeof(ue->ip), "10.1.%d.%d", n / 250, n % 250 + 1);
	snprintf(ue->public, sizeof(ue->public), "192.0.2.1:%d", 20000 + n);
	ue->unprotected = ue_unprotected;
	parse_addr(ue->public, &ue->unprotected.remote);
	ue->protected = protected_peer(5064, 5064);
	parse_addr(ue->ip, &ue->protected.remote);
	ue->protected.remote.port = 5064;
}

/** the UE's Security-Client, with oa-ul/oa-up for SM7 if oa */
static void ue_security_client(const ue_t *ue, bool oa, char *buf,
							   size_t size)
{
	char via[48], ul[41], pp[41], extra[128] = "";

	snprintf(via, sizeof(via), "%s:5060", ue->ip);
	natd_hash(via, ul);
	natd_hash("192.0.2.20:5060", pp);
	if (oa)
	{
		snprintf(extra, sizeof(extra), ";oa-ul=\"%s\";oa-up=\"%s\"", via,
				 ue->public);
	}
	snprintf(buf, size,
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;"
		"spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;nat-u;hash-ul=%s;"
		"hash-pp=%s%s", ul, pp, extra);
}

/** a REGISTER of a UE; security headers given whole */
static char *ue_register_text(const ue_t *ue, const char *via_port, int cseq,
						   const char *security, const char *expires)
{
	char *text;

	ck_assert(asprintf(&text,
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %s:%s;branch=z9hG4bKue%d-%d;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:ue%d@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:ue%d@ims.example.net>\r\n"
		"Call-ID: reg%d@%s\r\n"
		"CSeq: %d REGISTER\r\n"
		"Contact: <sip:ue%d@%s:%s>\r\n"
		"Expires: %s\r\n"
		"Supported: path\r\n"
		"%s"
		"Authorization: Digest username=\"%s\", "
		"realm=\"ims.example.net\", uri=\"sip:ims.example.net\", "
		"nonce=\"\", response=\"\"\r\n"
		"Content-Length: 0\r\n\r\n", ue->ip, via_port, ue->n, cseq, ue->n,
		ue->n, ue->n, ue->ip, cseq, ue->n, ue->ip, via_port, expires,
		security, ue->impi) > 0);
	return text;
}

/** a response of the S-CSCF to the last request forwarded */
static void scscf_respond(const ue_t *ue, const char *status, int cseq,
						  const char *extra)
{
	char via[2048], *text;

	via_lines(sent_to(&scscf), via, sizeof(via));
	ck_assert(asprintf(&text, "SIP/2.0 %s\r\n%s"
		"From: <sip:ue%d@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:ue%d@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg%d@%s\r\n"
		"CSeq: %d REGISTER\r\n%s"
		"Content-Length: 0\r\n\r\n", status, via, ue->n, ue->n, ue->n,
		ue->ip, cseq, extra) > 0);
	receive_free(&scscf, text);
}

#define SM4_AUTHENTICATE "WWW-Authenticate: Digest realm=\"ims.example.net\", " \
	"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", " \
	"algorithm=AKAv1-MD5, qop=\"auth\", " \
	"ck=\"" CK_HEX "\", ik=\"" IK_HEX "\"\r\n"

/** SM1..SM12 of a UE; server receives SM6's Security-Server */
static void ue_register(const ue_t *ue, char *server, size_t size)
{
	char client[1024], security[4096], *text;

	ue_security_client(ue, false, client, sizeof(client));
	sec_agree_headers(security, sizeof(security), client, NULL);
	text = ue_register_text(ue, "5060", 1, security, "600");
	receive_free(&ue->unprotected, text);
	scscf_respond(ue, "401 Unauthorized", 1, SM4_AUTHENTICATE);
	ck_assert(header_value(sent_to(&ue->unprotected), "Security-Server",
						   server, size));

	ue_security_client(ue, true, client, sizeof(client));
	sec_agree_headers(security, sizeof(security), client, server);
	text = ue_register_text(ue, "5064", 2, security, "600");
	receive_free(&ue->protected, text);
	ck_assert(strstr(sent_to(&scscf), "integrity-protected=\"yes\""));
	scscf_respond(ue, "200 OK", 2, "Expires: 600\r\n");
	ck_assert(strncmp(sent_to(&ue->protected), "SIP/2.0 200", 11) == 0);
}

/** a protected re-REGISTER with a new set and a Security-Verify */
static const char *reregister(const ue_t *ue, int cseq, const char *verify)
{
	char security[4096], *text;

	sec_agree_headers(security, sizeof(security), REREG_CLIENT, verify);
	text = ue_register_text(ue, "5064", cseq, security, "600");
	fake_transport_clear(transport);
	receive_free(&ue->protected, text);
	ck_assert(fake_transport_last(transport));
	return fake_transport_last(transport)->text;
}

START_TEST(test_reregistration_verify)
{
	char server[2048], other[2048];
	const char *sent;
	ue_t ue;

	ue_init(&ue, 7);
	ue_register(&ue, server, sizeof(server));
	/* the Security-Verify equal to SM6's Security-Server: forwarded */
	sent = reregister(&ue, 3, server);
	ck_assert(strncmp(sent, "REGISTER ", 9) == 0);
	ck_assert(!strstr(sent, "Security-Verify"));

	/* another SPI in it: 403, the registration stays */
	snprintf(other, sizeof(other), "%s", server);
	ck_assert(strstr(other, "spi-c=65536"));
	memcpy(strstr(other, "spi-c=65536"), "spi-c=65534", 11);
	sent = reregister(&ue, 4, other);
	ck_assert(strncmp(sent, "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 1);
}
END_TEST

/**
 * Bytes malloc() has handed out
 */
static size_t heap_used(void)
{
	return mallinfo2().uordblks;
}

/**
 * Heap bytes of one forwarded transaction (the forwarder keeps one per
 * REGISTER for 64*T1 s; SM1 and SM7 make two per registration)
 */
static size_t transaction_bytes(void)
{
	void *tx = malloc(sizeof(pcscf_transaction_t));
	size_t size;

	ck_assert(tx);
	size = malloc_usable_size(tx) + sizeof(size_t);
	free(tx);
	return size;
}

/**
 * Register UE n, then clear what the fakes recorded: their records are
 * not the P-CSCF's
 */
static void register_n(int n)
{
	char server[2048];
	ue_t ue;

	ue_init(&ue, n);
	ue_register(&ue, server, sizeof(server));
	fake_transport_clear(transport);
	fake_control_clear(&fake);
	transport->timer_count = 0;
}

START_TEST(test_memory_per_ue)
{
	size_t before, registered, after, total, own, transactions;
	int i;

	/* one UE first, so that what is made once is not counted */
	register_n(MEMORY_UES);
	before = heap_used();
	for (i = 0; i < MEMORY_UES; i++)
	{
		register_n(i);
	}
	registered = heap_used();
	ck_assert_int_eq(proxy->get_count(proxy), MEMORY_UES + 1);
	/* what removing the registrations frees is their own state */
	ck_assert_int_eq(proxy->shutdown(proxy), MEMORY_UES + 1);
	fake_control_clear(&fake);
	after = heap_used();
	total = (registered - before) / MEMORY_UES;
	own = (registered - after) / MEMORY_UES;
	transactions = 2 * transaction_bytes();
	printf("imsaka-pcscf heap per registered UE (%d UEs, fake charon): "
		   "%zu bytes: the registration %zu, hash table slots %zu, the two "
		   "forwarded REGISTER transactions (kept 32 s) %zu\n", MEMORY_UES,
		   total, own, total - own - min(total - own, transactions),
		   transactions);
	ck_assert_uint_lt(own, TARGET_BYTES / 2);
	ck_assert_uint_lt(total - min(total, transactions), TARGET_BYTES);
}
END_TEST

/** a registration in a table, with an IMPU */
static pcscf_registration_t *table_add(pcscf_registrations_t *table,
									   const char *impi, const char *impu)
{
	pcscf_registration_t *reg = pcscf_registration_create(impi);

	ck_assert(reg);
	ck_assert(table->add(table, reg));
	ck_assert(table->set_impu(table, reg, impu));
	return reg;
}

START_TEST(test_table_indexes)
{
	pcscf_registrations_t *table = pcscf_registrations_create(3);
	pcscf_registration_t *a, *b, *c, *d;
	imsaka_addr_t ep[2];

	a = table_add(table, "a@x", "alice@ims.example.net");
	b = table_add(table, "b@x", "Alice@IMS.example.net");
	c = table_add(table, "c@x", "alice@ims.example.net");
	/* bounded, and one registration per IMPI */
	d = pcscf_registration_create("d@x");
	ck_assert(!table->add(table, d));
	pcscf_registration_destroy(d);
	ck_assert_int_eq(table->get_count(table), 3);
	ck_assert(table->get(table, "b@x") == b);
	ck_assert(!table->get(table, "B@x"));

	/* by IMPU: only registered ones, case ignored, any of the chain */
	ck_assert(!table->find_impu(table, "alice@ims.example.net"));
	b->registered = true;
	ck_assert(table->find_impu(table, "ALICE@ims.example.net") == b);
	table->remove(table, b);
	pcscf_registration_destroy(b);
	ck_assert(!table->find_impu(table, "alice@ims.example.net"));
	a->registered = true;
	ck_assert(table->find_impu(table, "alice@ims.example.net") == a);
	/* the head of the chain goes, the rest stays found */
	c->registered = true;
	table->remove(table, a);
	ck_assert(table->find_impu(table, "alice@ims.example.net") == c);
	ck_assert(table->add(table, a));
	/* a new IMPU moves it */
	ck_assert(table->set_impu(table, c, "carol@ims.example.net"));
	ck_assert_str_eq(c->impu, "carol@ims.example.net");
	ck_assert(table->find_impu(table, "carol@ims.example.net") == c);
	ck_assert(table->find_impu(table, "alice@ims.example.net") == a);
	ck_assert(table->set_impu(table, a, NULL));
	ck_assert(!table->find_impu(table, "alice@ims.example.net"));

	/* by protected address:port; an address moves to its new owner */
	parse_addr("10.1.0.10:5064", &ep[0]);
	parse_addr("10.1.0.10:5066", &ep[1]);
	table->bind(table, a, ep, 2);
	ck_assert(table->find_endpoint(table, &ep[1]) == a);
	table->bind(table, c, &ep[1], 1);
	ck_assert(table->find_endpoint(table, &ep[1]) == c);
	ck_assert(table->find_endpoint(table, &ep[0]) == a);
	ep[0].port = 5065;
	ck_assert(!table->find_endpoint(table, &ep[0]));
	table->remove(table, c);
	ck_assert(!table->find_endpoint(table, &ep[1]));
	pcscf_registration_destroy(c);
	table->destroy(table);
}
END_TEST

START_TEST(test_agreement_lifecycle)
{
	pcscf_registration_t *reg = pcscf_registration_create("a@x");
	pcscf_secagree_t *next;
	imsaka_secagree_list_t verify;
	const char *client = "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
						 "spi-c=1111;spi-s=2222;port-c=5064;port-s=5066";

	/* SM1: the client list exists while the handshake runs */
	next = pcscf_secagree_create();
	ck_assert(next && next->client && !next->server);
	ck_assert_int_eq(imsaka_secagree_list_parse(next->client, client,
										  strlen(client)), IMSAKA_SECAGREE_OK);
	next->choice.client = 0;
	next->choice.alg = IMSAKA_ESP_ALG_HMAC_SHA1_96;
	next->choice.ealg = IMSAKA_ESP_EALG_AES_CBC;
	pcscf_secagree_take_chosen(next);
	ck_assert_int_eq(next->ue_spi_s, 2222);
	next->spi_c = 7001;
	next->spi_s = 7002;
	next->port_c = 5062;
	next->port_s = 5064;
	ck_assert_int_eq(pcscf_secagree_ipsec_server(next), IMSAKA_SECAGREE_OK);
	ck_assert(next->server && next->server->count == 1);
	reg->next = *next;
	free(next);

	/* SM10: in force, as text only */
	ck_assert(pcscf_registration_promote(reg));
	ck_assert(!reg->current.client && !reg->current.server);
	ck_assert(!reg->next.client && !reg->next.server && !reg->next.ctx);
	ck_assert_str_eq(reg->current.server_text, "ipsec-3gpp;"
					 "alg=hmac-sha-1-96;ealg=aes-cbc;spi-c=7001;spi-s=7002;"
					 "port-c=5062;port-s=5064");
	ck_assert_int_eq(reg->current.spi_s, 7002);
	ck_assert_int_eq(reg->current.ue_port_c, 5064);

	/* the Security-Verify of a re-registration against that text */
	imsaka_secagree_list_init(&verify);
	ck_assert_int_eq(imsaka_secagree_list_parse(&verify, reg->current.server_text,
						strlen(reg->current.server_text)), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(pcscf_registration_check_verify(reg, &verify),
					 IMSAKA_SECAGREE_OK);
	verify.entries[0].spi_s = 7003;
	ck_assert_int_eq(pcscf_registration_check_verify(reg, &verify),
					 IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH);
	imsaka_secagree_list_init(&verify);
	ck_assert_int_eq(pcscf_registration_check_verify(reg, &verify),
					 IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH);
	pcscf_registration_destroy(reg);
}
END_TEST

Suite *pcscf_state_suite_create(void)
{
	Suite *s = suite_create("pcscf registration state");
	TCase *tc;

	tc = tcase_create("table and agreement");
	tcase_add_test(tc, test_table_indexes);
	tcase_add_test(tc, test_agreement_lifecycle);
	suite_add_tcase(s, tc);

	tc = tcase_create("through the proxy");
	tcase_add_checked_fixture(tc, setup, register_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reregistration_verify);
	tcase_add_test(tc, test_memory_per_ue);
	suite_add_tcase(s, tc);
	return s;
}

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
 * tls-psk between the UE's client context (ue_tls_psk) and the P-CSCF's
 * server context (pcscf_tls_psk), joined by an OpenSSL BIO pair: TLS 1.2
 * PSK suites and TLS 1.3 external PSKs, the suite the agreement chose,
 * and the refusals (unknown or removed identity, wrong key).
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "tls_psk_pair.h"
#include "../../common/tests/check_runner.h"
#include "../../common/tests/tls_psk_test_keys.h"
#include "../pcscf_tls_psk.h"
#include "../../ue/ue_tls_psk.h"

static pcscf_tls_psk_t *server;
static ue_tls_psk_t *client;
static SSL *s_ssl, *c_ssl;

/**
 * Create both contexts with the same settings and the registration's PSK
 * with the suites SM6 agreed
 */
static void contexts(int versions, bool dhe, const uint16_t *suites,
					 int count)
{
	server = pcscf_tls_psk_create(versions, dhe, 4);
	client = ue_tls_psk_create(versions, dhe);
	ck_assert(server && client);
	ck_assert(server->add(server, sid, impi, psk, suites, count));
}

static void teardown()
{
	SSL_free(s_ssl);
	SSL_free(c_ssl);
	s_ssl = c_ssl = NULL;
	if (server)
	{
		server->destroy(server);
	}
	if (client)
	{
		client->destroy(client);
	}
	server = NULL;
	client = NULL;
}

/**
 * Join a client and a server connection and run the handshake
 *
 * @return			TRUE if both finished it
 */
static bool handshake(const char *identity, const uint8_t *key,
					  const uint16_t *suites, int count)
{
	c_ssl = client->connect(client, identity, key, suites, count);
	s_ssl = server->accept(server);
	ck_assert(c_ssl && s_ssl);
	return tls_psk_pair_handshake(c_ssl, s_ssl);
}

/**
 * Send SIP text both ways over the joined connections
 */
static void exchange()
{
	const char *req = "OPTIONS sip:pcscf SIP/2.0\r\n\r\n";
	const char *resp = "SIP/2.0 200 OK\r\n\r\n";
	char buf[128];
	int n;

	ck_assert_int_eq(SSL_write(c_ssl, req, strlen(req)), strlen(req));
	n = SSL_read(s_ssl, buf, sizeof(buf));
	ck_assert_int_eq(n, strlen(req));
	ck_assert(memeq(buf, req, n));
	ck_assert_int_eq(SSL_write(s_ssl, resp, strlen(resp)), strlen(resp));
	n = SSL_read(c_ssl, buf, sizeof(buf));
	ck_assert_int_eq(n, strlen(resp));
	ck_assert(memeq(buf, resp, n));
}

/** the handshakes that must work: versions, DHE, suites agreed, result */
static const struct {
	int versions;
	bool dhe;
	uint16_t suites[3];
	int count;
	const char *cipher;
	int version;
} good[] = {
	{ UE_TLS_V12, FALSE, { 0x00a8 }, 1, "PSK-AES128-GCM-SHA256",
	  TLS1_2_VERSION },
	{ UE_TLS_V12, FALSE, { 0x00ae, 0x00a8 }, 2, "PSK-AES128-CBC-SHA256",
	  TLS1_2_VERSION },
	{ UE_TLS_V12, TRUE, { 0x00aa }, 1, "DHE-PSK-AES128-GCM-SHA256",
	  TLS1_2_VERSION },
	{ UE_TLS_V12, FALSE, { 0xc037 }, 1, "ECDHE-PSK-AES128-CBC-SHA256",
	  TLS1_2_VERSION },
	{ UE_TLS_V13, TRUE, { 0x1301 }, 1, "TLS_AES_128_GCM_SHA256",
	  TLS1_3_VERSION },
	{ UE_TLS_V13, FALSE, { 0x1303 }, 1, "TLS_CHACHA20_POLY1305_SHA256",
	  TLS1_3_VERSION },
	{ UE_TLS_V12 | UE_TLS_V13, TRUE, { 0x1301, 0x00a8 }, 2,
	  "TLS_AES_128_GCM_SHA256", TLS1_3_VERSION },
	{ UE_TLS_V12 | UE_TLS_V13, TRUE, { 0x00a8 }, 1,
	  "PSK-AES128-GCM-SHA256", TLS1_2_VERSION },
};

START_TEST(test_handshake)
{
	char who[PCSCF_TLS_PSK_IMPI_MAX + 1], id[PCSCF_TLS_PSK_IDENTITY_MAX + 1];

	contexts(good[_i].versions, good[_i].dhe, good[_i].suites,
			 good[_i].count);
	ck_assert(handshake(sid, psk, good[_i].suites, good[_i].count));
	ck_assert_str_eq(SSL_CIPHER_get_name(SSL_get_current_cipher(c_ssl)),
					 good[_i].cipher);
	ck_assert_int_eq(SSL_version(s_ssl), good[_i].version);
	ck_assert(server->peer(server, s_ssl, who, sizeof(who), id));
	ck_assert_str_eq(who, impi);
	ck_assert_str_eq(id, sid);
	if (good[_i].version == TLS1_3_VERSION && good[_i].dhe)
	{	/* psk_dhe_ke: a key share group was used; without dhe psk_ke is
		 * only allowed, OpenSSL 3.0 clients still offer psk_dhe_ke */
		ck_assert(SSL_get_negotiated_group(s_ssl) != 0);
	}
	exchange();
}
END_TEST

START_TEST(test_unknown_identity)
{
	uint16_t suite = _i ? 0x1301 : 0x00a8;

	contexts(_i ? UE_TLS_V13 : UE_TLS_V12, TRUE, &suite, 1);
	ck_assert(!handshake("00112233445566778899aabbccddeeff", psk, &suite, 1));
}
END_TEST

START_TEST(test_wrong_psk)
{
	uint16_t suite = _i ? 0x1301 : 0x00a8;
	uint8_t other[32];

	memcpy(other, psk, sizeof(other));
	other[31] ^= 0x01;
	contexts(_i ? UE_TLS_V13 : UE_TLS_V12, TRUE, &suite, 1);
	ck_assert(!handshake(sid, other, &suite, 1));
}
END_TEST

START_TEST(test_removed)
{
	uint16_t suite = _i ? 0x1301 : 0x00a8;

	contexts(_i ? UE_TLS_V13 : UE_TLS_V12, TRUE, &suite, 1);
	ck_assert(server->add(server, "01", "bob@ims.example.net", psk, &suite,
						  1));
	ck_assert_int_eq(server->remove_impi(server, impi), 1);
	ck_assert_int_eq(server->count(server), 1);
	ck_assert(!handshake(sid, psk, &suite, 1));
}
END_TEST

/** a client (holding the PSK) that negotiates a suite SM6 did not agree:
 *  versions, agreed suite, the client's suite */
static const struct {
	int versions;
	uint16_t agreed;
	uint16_t offered;
} other_suite[] = {
	{ UE_TLS_V12, 0x00a8, 0x00a9 },
	{ UE_TLS_V12, 0x00a8, 0x00aa },
	{ UE_TLS_V13, 0x1303, 0x1301 },
	{ UE_TLS_V12 | UE_TLS_V13, 0x00a8, 0x1301 },
	{ UE_TLS_V12 | UE_TLS_V13, 0x1301, 0x00a8 },
};

START_TEST(test_suite_not_agreed)
{
	char who[PCSCF_TLS_PSK_IMPI_MAX + 1];

	contexts(other_suite[_i].versions, TRUE, &other_suite[_i].agreed, 1);
	ck_assert(!handshake(sid, psk, &other_suite[_i].offered, 1));
	ck_assert(!server->peer(server, s_ssl, who, sizeof(who), NULL));
	ck_assert(!server->identity(server, s_ssl, who, sizeof(who)));
}
END_TEST

START_TEST(test_no_usable_suite)
{
	uint16_t suites[] = { 0x002f, 0x1302 };

	contexts(UE_TLS_V12 | UE_TLS_V13, TRUE, suites, 2);
	ck_assert(!client->connect(client, sid, psk, suites, 2));
	/* TLS 1.3 suite with a TLS 1.2 only client */
	client->destroy(client);
	client = ue_tls_psk_create(UE_TLS_V12, TRUE);
	ck_assert(!client->connect(client, sid, psk, suites + 1, 1));
	ck_assert(!client->connect(client, "", psk, suites, 1));
	ck_assert(!client->connect(client, sid, psk, suites, 0));
}
END_TEST

START_TEST(test_suite_usable)
{
	ck_assert(ue_tls_psk_suite_usable(0x00a8, UE_TLS_V12));
	ck_assert(ue_tls_psk_suite_usable(0x00ae, UE_TLS_V12));
	ck_assert(!ue_tls_psk_suite_usable(0x00a8, UE_TLS_V13));
	ck_assert(ue_tls_psk_suite_usable(0x1301, UE_TLS_V13));
	ck_assert(!ue_tls_psk_suite_usable(0x1301, UE_TLS_V12));
	ck_assert(!ue_tls_psk_suite_usable(0x1302, UE_TLS_V13));
	ck_assert(!ue_tls_psk_suite_usable(0x002f, UE_TLS_V12));
	ck_assert(!ue_tls_psk_suite_usable(0xffff, UE_TLS_V12 | UE_TLS_V13));
}
END_TEST

START_TEST(test_table)
{
	char long_id[PCSCF_TLS_PSK_IDENTITY_MAX + 2];
	uint16_t suites[PCSCF_TLS_PSK_SUITES_MAX + 1] = { 0x00a8 };

	server = pcscf_tls_psk_create(UE_TLS_V12, TRUE, 2);
	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	ck_assert(!server->add(server, long_id, impi, psk, suites, 1));
	ck_assert(!server->add(server, "", impi, psk, suites, 1));
	ck_assert(!server->add(server, "01", "", psk, suites, 1));
	ck_assert(!server->add(server, "01", impi, psk, suites, 0));
	ck_assert(!server->add(server, "01", impi, psk, NULL, 1));
	ck_assert(!server->add(server, "01", impi, psk, suites,
						   PCSCF_TLS_PSK_SUITES_MAX + 1));
	ck_assert(server->add(server, "01", impi, psk, suites, 1));
	ck_assert(server->add(server, "02", impi, psk, suites,
						  PCSCF_TLS_PSK_SUITES_MAX));
	ck_assert(!server->add(server, "03", impi, psk, suites, 1));
	/* replacing one of the same identity needs no room */
	ck_assert(server->add(server, "02", "bob@ims.example.net", psk, suites,
						  1));
	ck_assert_int_eq(server->count(server), 2);
	ck_assert(server->remove(server, "01"));
	ck_assert(!server->remove(server, "01"));
	ck_assert_int_eq(server->remove_impi(server, "bob@ims.example.net"), 1);
	ck_assert_int_eq(server->count(server), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tls-psk");
	TCase *tc = tcase_create("handshakes");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_handshake, 0, countof(good));
	tcase_add_loop_test(tc, test_unknown_identity, 0, 2);
	tcase_add_loop_test(tc, test_wrong_psk, 0, 2);
	tcase_add_loop_test(tc, test_removed, 0, 2);
	tcase_add_loop_test(tc, test_suite_not_agreed, 0, countof(other_suite));
	tcase_add_test(tc, test_no_usable_suite);
	tcase_add_test(tc, test_suite_usable);
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return check_runner_run("pcscf_tls_tests", &s, 1);
}

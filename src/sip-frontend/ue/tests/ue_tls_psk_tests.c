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
 * The UE's tls-psk contexts per agreed suite list (ue_tls_psk): the same
 * list reuses one OpenSSL context, another list (or order) gets its own
 * and keeps its order, at most UE_TLS_PSK_CTXS_MAX are kept (the least
 * recently used one goes), and a connection outlives the eviction of its
 * context and the UE's context itself. Handshakes against the P-CSCF's
 * server context.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "../ue_tls_psk.h"
#include "../../pcscf/pcscf_tls_psk.h"
#include "../../pcscf/tests/tls_psk_pair.h"
#include "../../common/tests/check_runner.h"
#include "../../common/tests/tls_psk_test_keys.h"

/** every suite the tests' lists put first, as if SM6 had agreed them */
static const uint16_t agreed[] = { 0x00a8, 0x00ae, 0x1301 };

static pcscf_tls_psk_t *server;
static ue_tls_psk_t *client;

/** client connections of a test, freed by the teardown */
static SSL *conns[2 * UE_TLS_PSK_CTXS_MAX + 4];
static int nconns;

static void setup()
{
	server = pcscf_tls_psk_create(PCSCF_TLS_V12 | PCSCF_TLS_V13, TRUE, 4);
	client = ue_tls_psk_create(UE_TLS_V12 | UE_TLS_V13, TRUE);
	ck_assert(server && client);
	ck_assert(server->add(server, sid, impi, psk, agreed, countof(agreed)));
}

static void teardown()
{
	int i;

	for (i = 0; i < nconns; i++)
	{
		SSL_free(conns[i]);
	}
	nconns = 0;
	if (client)
	{
		client->destroy(client);
	}
	server->destroy(server);
	client = NULL;
	server = NULL;
}

/**
 * A client connection for a suite list, kept until the teardown
 */
static SSL *connect_list(const uint16_t *suites, int count)
{
	SSL *ssl;

	ck_assert(nconns < countof(conns));
	ssl = client->connect(client, sid, psk, suites, count);
	ck_assert(ssl);
	conns[nconns++] = ssl;
	return ssl;
}

/**
 * Run a client connection's handshake against a new server connection
 *
 * @return			name of the cipher both agreed, NULL on failure
 */
static const char *handshake(SSL *c_ssl)
{
	const char *name = NULL;
	SSL *s_ssl;

	s_ssl = server->accept(server);
	ck_assert(s_ssl);
	if (tls_psk_pair_handshake(c_ssl, s_ssl) &&
		SSL_get_current_cipher(c_ssl) == SSL_get_current_cipher(s_ssl))
	{
		name = SSL_CIPHER_get_name(SSL_get_current_cipher(c_ssl));
	}
	SSL_free(s_ssl);
	return name;
}

START_TEST(test_same_list_reuses)
{
	uint16_t suites[] = { 0x00a8, 0x1301 };
	SSL *a, *b;

	a = connect_list(suites, 2);
	b = connect_list(suites, 2);
	ck_assert(a != b);
	ck_assert(SSL_get_SSL_CTX(a) == SSL_get_SSL_CTX(b));
	/* both usable, each with its own PSK data */
	ck_assert_str_eq(handshake(a), "TLS_AES_128_GCM_SHA256");
	ck_assert_str_eq(handshake(b), "TLS_AES_128_GCM_SHA256");
}
END_TEST

START_TEST(test_other_list_own_context)
{
	uint16_t gcm_first[] = { 0x00a8, 0x00ae }, cbc_first[] = { 0x00ae, 0x00a8 };
	uint16_t tls13[] = { 0x1301 };
	SSL *a, *b, *c, *a2;

	a = connect_list(gcm_first, 2);
	b = connect_list(cbc_first, 2);
	c = connect_list(tls13, 1);
	ck_assert(SSL_get_SSL_CTX(a) != SSL_get_SSL_CTX(b));
	ck_assert(SSL_get_SSL_CTX(a) != SSL_get_SSL_CTX(c));
	ck_assert(SSL_get_SSL_CTX(b) != SSL_get_SSL_CTX(c));
	/* each context offers its list in its order, and only its versions */
	ck_assert_str_eq(handshake(a), "PSK-AES128-GCM-SHA256");
	ck_assert_str_eq(handshake(b), "PSK-AES128-CBC-SHA256");
	ck_assert_str_eq(handshake(c), "TLS_AES_128_GCM_SHA256");
	ck_assert_int_eq(SSL_version(a), TLS1_2_VERSION);
	ck_assert_int_eq(SSL_version(c), TLS1_3_VERSION);
	/* the first list's context is still the one used */
	a2 = connect_list(gcm_first, 2);
	ck_assert(SSL_get_SSL_CTX(a2) == SSL_get_SSL_CTX(a));
	ck_assert_str_eq(handshake(a2), "PSK-AES128-GCM-SHA256");
}
END_TEST

START_TEST(test_bounded)
{
	uint16_t lists[UE_TLS_PSK_CTXS_MAX + 1][2];
	SSL_CTX *ctxs[UE_TLS_PSK_CTXS_MAX + 1];
	SSL *first, *again;
	int i, j;

	/* distinct lists: 00a8 and an unknown code point skipped */
	for (i = 0; i <= UE_TLS_PSK_CTXS_MAX; i++)
	{
		lists[i][0] = 0x00a8;
		lists[i][1] = 0xff00 + i;
	}
	/* as many lists as contexts are kept: all distinct */
	first = connect_list(lists[0], 2);
	ctxs[0] = SSL_get_SSL_CTX(first);
	for (i = 1; i < UE_TLS_PSK_CTXS_MAX; i++)
	{
		ctxs[i] = SSL_get_SSL_CTX(connect_list(lists[i], 2));
		for (j = 0; j < i; j++)
		{
			ck_assert(ctxs[i] != ctxs[j]);
		}
	}
	/* list 0 used again: now the most recently used, list 1 the least */
	ck_assert(SSL_get_SSL_CTX(connect_list(lists[0], 2)) == ctxs[0]);
	/* one list more: list 1's context goes, list 0's stays */
	ctxs[i] = SSL_get_SSL_CTX(connect_list(lists[i], 2));
	ck_assert(SSL_get_SSL_CTX(connect_list(lists[0], 2)) == ctxs[0]);
	for (i = 2; i <= UE_TLS_PSK_CTXS_MAX; i++)
	{
		ck_assert(SSL_get_SSL_CTX(connect_list(lists[i], 2)) == ctxs[i]);
	}
	/* list 1 gets a new one (its old one is still held by its connection,
	 * so the address cannot come back) */
	again = connect_list(lists[1], 2);
	ck_assert(SSL_get_SSL_CTX(again) != ctxs[1]);
	ck_assert_str_eq(handshake(again), "PSK-AES128-GCM-SHA256");
	/* the connection whose context was dropped still works */
	ck_assert(SSL_get_SSL_CTX(conns[1]) == ctxs[1]);
	ck_assert_str_eq(handshake(conns[1]), "PSK-AES128-GCM-SHA256");
}
END_TEST

START_TEST(test_outlives_context)
{
	uint16_t suite = 0x00a8;
	SSL *ssl;

	ssl = connect_list(&suite, 1);
	client->destroy(client);
	client = NULL;
	ck_assert_str_eq(handshake(ssl), "PSK-AES128-GCM-SHA256");
}
END_TEST

START_TEST(test_refused)
{
	uint16_t none[] = { 0x002f, 0x1302 }, suite = 0x00a8;
	uint16_t many[17] = { 0x00a8 };

	ck_assert(!client->connect(client, sid, psk, none, 2));
	ck_assert(!client->connect(client, sid, psk, none, 2));
	ck_assert(!client->connect(client, sid, psk, many, 17));
	ck_assert(!client->connect(client, sid, psk, NULL, 1));
	ck_assert(!client->connect(client, "", psk, &suite, 1));
	/* a usable list after those still works */
	ck_assert_str_eq(handshake(connect_list(&suite, 1)),
					 "PSK-AES128-GCM-SHA256");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ue tls-psk contexts");
	TCase *tc = tcase_create("contexts per suite list");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_same_list_reuses);
	tcase_add_test(tc, test_other_list_own_context);
	tcase_add_test(tc, test_bounded);
	tcase_add_test(tc, test_outlives_context);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return check_runner_run("ue_tls_psk_tests", &s, 1);
}

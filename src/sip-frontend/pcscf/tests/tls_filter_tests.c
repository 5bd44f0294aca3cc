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
 * tls-psk on the transport: the UE's client context and the P-CSCF's
 * server context as stream filters (sip_tls_filter) on TCP connections
 * over 127.0.0.1, SIP framed inside, the PSK identity of the accepted
 * connection, and the refusal of an unknown identity.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include <sip_transport.h>
#include <sip_sockaddr.h>
#include <sip_tls_filter.h>

#include "check_runner.h"
#include "tls_psk_test_keys.h"
#include "transport_test.h"
#include "../pcscf_tls_psk.h"
#include "../../ue/ue_tls_psk.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#define MSG1 "REGISTER sip:ims.example.net SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n" \
			 "Content-Length: 0\r\n\r\n"
#define MSG2 "SIP/2.0 200 OK\r\nl: 5\r\n\r\nhello"

static struct {
	sip_transport_t *t;
	int count;
	sip_peer_t peers[4];
	char msgs[4][512];
} rx;

/** the suites the tests use, as SM6 would agree them */
static const uint16_t agreed[] = { 0x00a8, 0x1301 };

static pcscf_tls_psk_t *server;
static ue_tls_psk_t *client;

static void on_recv(void *data, const sip_peer_t *peer, const char *msg,
					size_t len)
{
	ck_assert_int_lt(rx.count, 4);
	ck_assert_uint_lt(len, sizeof(rx.msgs[0]));
	rx.peers[rx.count] = *peer;
	memcpy(rx.msgs[rx.count], msg, len);
	rx.msgs[rx.count][len] = '\0';
	rx.count++;
	rx.t->stop(rx.t);
}

static void on_watchdog(void *data)
{
	rx.t->stop(rx.t);
}

static void run_once(uint32_t ms)
{
	uint32_t id;

	id = rx.t->add_timer(rx.t, ms, on_watchdog, NULL);
	rx.t->run(rx.t);
	rx.t->cancel_timer(rx.t, id);
}

static bool server_identity(void *data, SSL *ssl, char *buf, size_t size)
{
	return server->identity(server, ssl, buf, size);
}

static sip_stream_filter_t *server_filter(void *data, const sip_peer_t *peer)
{
	SSL *ssl = server->accept(server);

	return ssl ? sip_tls_filter_create(ssl, NULL, server_identity, NULL) : NULL;
}

static imsaka_addr_t free_addr(void)
{
	return transport_test_free_addr("127.0.0.1", SOCK_STREAM);
}

static void setup(void)
{
	memset(&rx, 0, sizeof(rx));
	rx.t = sip_transport_create(on_recv, NULL);
	server = pcscf_tls_psk_create(PCSCF_TLS_V12 | PCSCF_TLS_V13, TRUE, 4);
	client = ue_tls_psk_create(UE_TLS_V12 | UE_TLS_V13, TRUE);
	ck_assert(server && client);
	ck_assert(server->add(server, sid, impi, psk, agreed, countof(agreed)));
}

static void teardown(void)
{
	rx.t->destroy(rx.t);
	server->destroy(server);
	client->destroy(client);
}

static uint16_t suites[] = { 0x00a8, 0x1301 };

START_TEST(test_tls_on_transport)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	uint32_t conn;
	char id[80], who[256];
	SSL *ssl;

	b = free_addr();
	a = b;
	a.port = 0;
	ck_assert(rx.t->listen_filtered(rx.t, &b, server_filter, NULL));
	ssl = client->connect(client, sid, psk, &suites[_i], 1);
	ck_assert(ssl);
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	conn = rx.t->connect(rx.t, &peer, sip_tls_filter_create(ssl, sid, NULL, NULL));
	ck_assert_uint_ne(conn, 0);
	/* sent before the handshake: waits for it */
	peer.conn = conn;
	ck_assert(rx.t->send(rx.t, &peer, MSG1, strlen(MSG1)));
	run_once(3000);
	ck_assert_int_eq(rx.count, 1);
	ck_assert_str_eq(rx.msgs[0], MSG1);
	ck_assert(rx.t->get_identity(rx.t, rx.peers[0].conn, id, sizeof(id)));
	ck_assert_str_eq(id, sid);
	ck_assert(server->impi_of(server, id, who, sizeof(who)));
	ck_assert_str_eq(who, impi);
	ck_assert(rx.t->get_identity(rx.t, conn, id, sizeof(id)));
	ck_assert_str_eq(id, sid);

	ck_assert(rx.t->send(rx.t, &rx.peers[0], MSG2, strlen(MSG2)));
	run_once(3000);
	ck_assert_int_eq(rx.count, 2);
	ck_assert_str_eq(rx.msgs[1], MSG2);
	ck_assert_uint_eq(rx.peers[1].conn, conn);
}
END_TEST

START_TEST(test_tls_unknown_identity)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	uint32_t conn;
	SSL *ssl;

	b = free_addr();
	a = b;
	a.port = 0;
	ck_assert(rx.t->listen_filtered(rx.t, &b, server_filter, NULL));
	ck_assert(server->remove(server, sid));
	ssl = client->connect(client, sid, psk, &suites[_i], 1);
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	conn = rx.t->connect(rx.t, &peer, sip_tls_filter_create(ssl, sid, NULL, NULL));
	peer.conn = conn;
	ck_assert(rx.t->send(rx.t, &peer, MSG1, strlen(MSG1)));
	run_once(500);
	ck_assert_int_eq(rx.count, 0);
	ck_assert(!rx.t->is_open(rx.t, conn));
}
END_TEST

/**
 * Closing a TLS connection at the P-CSCF: the queued answer, then
 * close_notify, reach an OpenSSL client on a plain socket
 */
START_TEST(test_tls_close_notify)
{
	struct pollfd pfd = { .events = POLLIN };
	char buf[512];
	int fd, i, r = 0, len = 0;
	imsaka_addr_t b;
	SSL *ssl;

	b = free_addr();
	ck_assert(rx.t->listen_filtered(rx.t, &b, server_filter, NULL));
	ssl = client->connect(client, sid, psk, &suites[_i], 1);
	ck_assert(ssl);
	fd = transport_test_tcp_client(&b);
	ck_assert(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	ck_assert(SSL_set_fd(ssl, fd) == 1);
	for (i = 0; i < 100 && (r = SSL_connect(ssl)) != 1; i++)
	{
		ck_assert_int_eq(SSL_get_error(ssl, r), SSL_ERROR_WANT_READ);
		run_once(20);
	}
	ck_assert_int_eq(r, 1);
	ck_assert_int_eq(SSL_write(ssl, MSG1, strlen(MSG1)), strlen(MSG1));
	run_once(3000);
	ck_assert_int_eq(rx.count, 1);

	ck_assert(rx.t->send(rx.t, &rx.peers[0], MSG2, strlen(MSG2)));
	rx.t->close_conn(rx.t, rx.peers[0].conn);
	pfd.fd = fd;
	for (i = 0; i < 20; i++)
	{
		r = SSL_read(ssl, buf + len, sizeof(buf) - 1 - len);
		if (r > 0)
		{
			len += r;
			continue;
		}
		if (SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
		{
			break;
		}
		/* returns once readable; the bound only ends a hang */
		ck_assert_int_eq(poll(&pfd, 1, 30000), 1);
	}
	buf[len] = '\0';
	ck_assert_str_eq(buf, MSG2);
	ck_assert_int_eq(SSL_get_error(ssl, r), SSL_ERROR_ZERO_RETURN);
	SSL_free(ssl);
	close(fd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tls-psk transport");
	TCase *tc = tcase_create("transport");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_tls_on_transport, 0, 2);
	tcase_add_loop_test(tc, test_tls_unknown_identity, 0, 2);
	tcase_add_loop_test(tc, test_tls_close_notify, 0, 2);
	suite_add_tcase(s, tc);
	return check_runner_run("tls_filter_tests", &s, 1);
}

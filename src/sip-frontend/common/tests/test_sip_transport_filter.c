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
 * The transport's stream filters (a XOR filter stands in for TLS):
 * filtered listeners and connections, wire bytes, failures, a filter set
 * on an open connection.
 */

#include "frontend_tests.h"
#include "transport_test.h"

#include <sip_transport.h>
#include <sip_sockaddr.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** watchdog of each run, ms */
#define WATCHDOG_MS 3000

#define MSG1 "OPTIONS sip:a@example.net SIP/2.0\r\nVia: SIP/2.0/UDP x\r\n" \
			 "Content-Length: 0\r\n\r\n"
#define MSG2 "MESSAGE sip:a@example.net SIP/2.0\r\nl: 5\r\n\r\nhello"

/** receive collector of the running test */
static transport_test_rx_t *const rx = &transport_test_rx;

/**
 * XOR filter of the tests: wire = plaintext ^ key; a wire byte 0xff (after
 * XOR) is an error; identity "xor-<key>"
 */
typedef struct {
	sip_stream_filter_t public;
	u_char key;
	int *destroyed;
} xor_filter_t;

static bool xor_input(sip_stream_filter_t *public, const char *in, size_t len,
					  chunk_t *plain, chunk_t *wire)
{
	xor_filter_t *this = (xor_filter_t*)public;
	size_t i;

	*wire = chunk_empty;
	*plain = chunk_alloc(len);
	for (i = 0; i < len; i++)
	{
		plain->ptr[i] = in[i] ^ this->key;
		if (plain->ptr[i] == 0xff)
		{
			return false;
		}
	}
	return true;
}

static bool xor_output(sip_stream_filter_t *public, const char *msg,
					   size_t len, chunk_t *wire)
{
	xor_filter_t *this = (xor_filter_t*)public;
	size_t i;

	*wire = len ? chunk_alloc(len) : chunk_empty;
	for (i = 0; i < len; i++)
	{
		wire->ptr[i] = msg[i] ^ this->key;
	}
	return true;
}

static bool xor_identity(sip_stream_filter_t *public, char *buf, size_t size)
{
	xor_filter_t *this = (xor_filter_t*)public;

	return snprintf(buf, size, "xor-%02x", this->key) < (int)size;
}

static void xor_destroy(sip_stream_filter_t *public)
{
	xor_filter_t *this = (xor_filter_t*)public;

	if (this->destroyed)
	{
		(*this->destroyed)++;
	}
	free(this);
}

/** filters destroyed */
static int xor_destroyed;

static sip_stream_filter_t *xor_create(u_char key)
{
	xor_filter_t *this = calloc(1, sizeof(*this));

	this->public = (sip_stream_filter_t){
		.input = xor_input,
		.output = xor_output,
		.get_identity = xor_identity,
		.destroy = xor_destroy,
	};
	this->key = key;
	this->destroyed = &xor_destroyed;
	return &this->public;
}

/** connections the factory saw, and whether it refuses */
static int factory_calls;
static bool factory_refuses;

static sip_stream_filter_t *xor_factory(void *data, const sip_peer_t *peer)
{
	ck_assert_int_eq(peer->proto, SIP_TCP);
	ck_assert_uint_ne(peer->conn, 0);
	factory_calls++;
	if (factory_refuses)
	{
		return NULL;
	}
	return xor_create((u_char)(uintptr_t)data);
}

static void xor_str(const char *in, char *out)
{
	size_t i;

	for (i = 0; in[i]; i++)
	{
		out[i] = in[i] ^ 0x5a;
	}
	out[i] = '\0';
}

START_TEST(test_filter_roundtrip)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	char id[64];
	uint32_t conn;

	xor_destroyed = factory_calls = 0;
	factory_refuses = false;
	b = transport_test_loop_addr(_i, SOCK_STREAM);
	a = transport_test_loop_addr(_i, SOCK_STREAM);
	ck_assert(rx->transport->listen_filtered(rx->transport, &b, xor_factory,
											 (void*)(uintptr_t)0x5a));
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	conn = rx->transport->connect(rx->transport, &peer, xor_create(0x5a));
	ck_assert_uint_ne(conn, 0);
	ck_assert(rx->transport->is_open(rx->transport, conn));
	peer.conn = conn;
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	ck_assert(rx->transport->send(rx->transport, &peer, MSG2, strlen(MSG2)));
	transport_test_run_until(rx, 2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert_int_eq(factory_calls, 1);
	ck_assert(rx->transport->get_identity(rx->transport, rx->peers[0].conn, id,
										  sizeof(id)));
	ck_assert_str_eq(id, "xor-5a");
	ck_assert(!rx->transport->get_identity(rx->transport, rx->peers[0].conn, id,
										   4));
	/* the answer goes back through both filters */
	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								  strlen(MSG2)));
	transport_test_run_until(rx, 3, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 3);
	ck_assert_str_eq(rx->msgs[2], MSG2);
	ck_assert_uint_eq(rx->peers[2].conn, conn);
	rx->transport->unlisten(rx->transport, SIP_TCP, &b);
	/* the accepted connection is gone: nothing goes out in the clear */
	ck_assert(rx->transport->listen_filtered(rx->transport, &b, xor_factory,
											 (void*)(uintptr_t)0x5a));
	ck_assert(!rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								   strlen(MSG2)));
}
END_TEST

START_TEST(test_filter_wire_bytes)
{
	char wire[256], buf[256];
	ssize_t n;
	int fd;

	factory_refuses = false;
	fd = transport_test_filtered_client(rx, xor_factory,
										(void*)(uintptr_t)0x5a, NULL);
	/* plaintext on the wire is not framed: XORed, it is no SIP */
	xor_str(MSG1, wire);
	transport_test_write_str(fd, wire);
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	/* the answer is XORed on the wire */
	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG1,
								  strlen(MSG1)));
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_eq(n, strlen(MSG1));
	buf[n] = '\0';
	ck_assert_str_eq(buf, wire);
	close(fd);
}
END_TEST

START_TEST(test_filter_error_closes)
{
	int fd;

	xor_destroyed = 0;
	factory_refuses = false;
	fd = transport_test_filtered_client(rx, xor_factory,
										(void*)(uintptr_t)0x5a, NULL);
	/* 0xa5 ^ 0x5a = 0xff: the filter fails */
	transport_test_write_str(fd, "\xa5");
	transport_test_run_until(rx, 1, 300);
	ck_assert_int_eq(rx->count, 0);
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);
	/* the closed connection is dropped in the loop, with its filter */
	transport_test_run_until(rx, 1, 100);
	ck_assert_int_eq(xor_destroyed, 1);
}
END_TEST

START_TEST(test_filter_factory_refuses)
{
	int fd;

	factory_calls = 0;
	factory_refuses = true;
	fd = transport_test_filtered_client(rx, xor_factory, NULL, NULL);
	transport_test_write_str(fd, MSG1);
	transport_test_run_until(rx, 1, 300);
	ck_assert_int_eq(factory_calls, 1);
	ck_assert_int_eq(rx->count, 0);
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);
}
END_TEST

START_TEST(test_filter_set_on_open)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	uint32_t conn;

	b = transport_test_loop_addr(0, SOCK_STREAM);
	a = transport_test_loop_addr(0, SOCK_STREAM);
	ck_assert(rx->transport->listen_filtered(rx->transport, &b, xor_factory,
											 (void*)(uintptr_t)0x33));
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	conn = rx->transport->connect(rx->transport, &peer, NULL);
	ck_assert_uint_ne(conn, 0);
	ck_assert(rx->transport->set_filter(rx->transport, conn, xor_create(0x33)));
	/* one filter only: a second is refused, and the connection closed */
	xor_destroyed = 0;
	ck_assert(!rx->transport->set_filter(rx->transport, conn, xor_create(1)));
	ck_assert_int_eq(xor_destroyed, 1);
	ck_assert(!rx->transport->is_open(rx->transport, conn));
	ck_assert(!rx->transport->set_filter(rx->transport, 4711, xor_create(1)));
	ck_assert_int_eq(xor_destroyed, 2);

	conn = rx->transport->connect(rx->transport, &peer, NULL);
	ck_assert(rx->transport->set_filter(rx->transport, conn, xor_create(0x33)));
	peer.conn = conn;
	ck_assert(rx->transport->send(rx->transport, &peer, MSG2, strlen(MSG2)));
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG2);
}
END_TEST

Suite *sip_transport_filter_suite_create(void)
{
	Suite *s = suite_create("sip_transport_filter");
	TCase *tc;

	tc = tcase_create("filter");
	tcase_add_checked_fixture(tc, transport_test_setup,
							  transport_test_teardown);
	tcase_add_loop_test(tc, test_filter_roundtrip, 0, 2);
	tcase_add_test(tc, test_filter_wire_bytes);
	tcase_add_test(tc, test_filter_error_closes);
	tcase_add_test(tc, test_filter_factory_refuses);
	tcase_add_test(tc, test_filter_set_on_open);
	suite_add_tcase(s, tc);

	return s;
}

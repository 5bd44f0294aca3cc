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


#include "frontend_tests.h"

#include <stdio.h>
#include "transport_test.h"

#include <sip_transport.h>
#include <sip_sockaddr.h>
#include <sip_tls_aka_filter.h>

#include <tls_record.h>

#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

/** watchdog of each run, ms */
#define WATCHDOG_MS 3000

#define MSG1 "REGISTER sip:ims.example.net SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n" \
			 "Content-Length: 0\r\n\r\n"
#define MSG2 "SIP/2.0 200 OK\r\nl: 5\r\n\r\nhello"

/** receive collector of the running test */
static transport_test_rx_t *const rx = &transport_test_rx;

/** the two traffic secrets of the tests (any 32 bytes) */
static uint8_t ue_secret[32], pcscf_secret[32];

static sip_stream_filter_t *make(uint16_t suite, sip_tls_aka_role_t role);

/**
 * The switch of tls-aka, from the receive callback: the first message
 * arrives at the "P-CSCF", the second (its plaintext answer) at the "UE"
 */
static void switch_filters(transport_test_rx_t *r, const sip_peer_t *peer)
{
	if (r->count == 0)
	{	/* the "P-CSCF": answer in plaintext, then records */
		ck_assert(r->transport->send(r->transport, peer, MSG2, strlen(MSG2)));
		ck_assert(r->transport->set_filter(r->transport, peer->conn,
										  make(0x1301, SIP_TLS_AKA_PCSCF)));
	}
	else if (r->count == 1)
	{	/* the "UE": read the plaintext answer, then records */
		ck_assert(r->transport->set_filter(r->transport, peer->conn,
										  make(0x1301, SIP_TLS_AKA_UE)));
		ck_assert(r->transport->send(r->transport, peer, MSG1, strlen(MSG1)));
	}
}

static void run_until(int stop_after, uint32_t ms)
{
	transport_test_run_until(rx, stop_after, ms);
}

static imsaka_addr_t free_addr(void)
{
	return transport_test_loop_addr(0, SOCK_STREAM);
}

/** suite of the running test */
static const uint16_t suites[] = { 0x1301, 0x1302, 0x1303 };

static size_t secret_len(uint16_t suite)
{
	return suite == 0x1302 ? 32 + 16 : 32;
}

static uint8_t ue48[48], pcscf48[48];

static sip_stream_filter_t *make(uint16_t suite, sip_tls_aka_role_t role)
{
	return sip_tls_aka_filter_create(suite, role,
			secret_len(suite) == 48 ? ue48 : ue_secret,
			secret_len(suite) == 48 ? pcscf48 : pcscf_secret,
			secret_len(suite), role == SIP_TLS_AKA_PCSCF ? "alice" : NULL);
}

static sip_stream_filter_t *pcscf_factory(void *data, const sip_peer_t *peer)
{
	return make((uint16_t)(uintptr_t)data, SIP_TLS_AKA_PCSCF);
}

static void setup(void)
{
	int i;

	for (i = 0; i < 48; i++)
	{
		ue48[i] = i;
		pcscf48[i] = 0x80 | i;
	}
	memcpy(ue_secret, ue48, 32);
	memcpy(pcscf_secret, pcscf48, 32);
	transport_test_setup();
}

/**
 * A UE and a P-CSCF filter on the transport exchange SIP both ways
 */
START_TEST(test_both_ways)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	uint32_t conn;
	uint16_t suite = suites[_i];
	char id[64];

	a = free_addr();
	b = free_addr();
	ck_assert(rx->transport->listen_filtered(rx->transport, &b, pcscf_factory,
											 (void*)(uintptr_t)suite));
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	/* plain connection first, the filter is set before anything is read */
	conn = rx->transport->connect(rx->transport, &peer, NULL);
	ck_assert_uint_ne(conn, 0);
	ck_assert(rx->transport->set_filter(rx->transport, conn,
									   make(suite, SIP_TLS_AKA_UE)));
	peer.conn = conn;
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	ck_assert(rx->transport->send(rx->transport, &peer, MSG2, strlen(MSG2)));
	run_until(2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert_uint_ne(rx->peers[0].conn, conn);
	ck_assert(rx->transport->get_identity(rx->transport, rx->peers[0].conn, id,
										  sizeof(id)));
	ck_assert_str_eq(id, "alice");
	ck_assert(!rx->transport->get_identity(rx->transport, conn, id,
										   sizeof(id)));
	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								  strlen(MSG2)));
	run_until(3, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 3);
	ck_assert_str_eq(rx->msgs[2], MSG2);
	ck_assert_uint_eq(rx->peers[2].conn, conn);
	/* closed on request */
	rx->transport->close_conn(rx->transport, conn);
	ck_assert(!rx->transport->is_open(rx->transport, conn));
}
END_TEST

/**
 * Read one record from fd and open it
 */
static imsaka_tls_err_t read_record(int fd, imsaka_tls_record_t *rec,
									uint8_t *buf, size_t size,
									imsaka_tls_plain_t *plain)
{
	return rec->open(rec, buf, transport_test_read_record(fd, buf, size),
					 plain);
}

/**
 * A P-CSCF filter listening for a suite, a plain TCP client to it with an
 * independent record layer (UE side), and MSG1 sealed by that layer (with
 * padding) received by the transport
 *
 * @param ue		receives the client's record layer
 * @return			the client's socket
 */
static int record_client(uint16_t suite, size_t padding,
						 imsaka_tls_record_t **ue)
{
	uint8_t buf[2048];
	size_t len;
	int fd;

	fd = transport_test_filtered_client(rx, pcscf_factory,
										(void*)(uintptr_t)suite, NULL);
	*ue = imsaka_tls_record_create(suite, secret_len(suite) == 48 ? ue48 :
								   ue_secret, secret_len(suite) == 48 ?
								   pcscf48 : pcscf_secret, secret_len(suite));
	ck_assert(*ue);
	ck_assert((*ue)->seal(*ue, (const uint8_t*)MSG1, strlen(MSG1), padding,
						  buf, sizeof(buf), &len) == IMSAKA_TLS_OK);
	ck_assert_int_eq(buf[0], 23);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	run_until(1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	return fd;
}

/**
 * The wire holds TLS 1.3 records an independent record layer opens; a
 * flipped byte closes the connection after a bad_record_mac alert
 */
START_TEST(test_wire_and_tamper)
{
	imsaka_tls_record_t *ue;
	imsaka_tls_plain_t plain;
	uint8_t buf[2048];
	size_t len;
	int fd;

	/* a record sealed by an independent record layer */
	fd = record_client(0x1301, 7, &ue);

	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								  strlen(MSG2)));
	ck_assert(read_record(fd, ue, buf, sizeof(buf), &plain) == IMSAKA_TLS_OK);
	ck_assert_int_eq(plain.type, IMSAKA_TLS_CT_APPLICATION_DATA);
	ck_assert_uint_eq(plain.len, strlen(MSG2));
	ck_assert(memeq(plain.data, MSG2, plain.len));

	/* one flipped ciphertext byte */
	ck_assert(ue->seal(ue, (const uint8_t*)MSG1, strlen(MSG1), 0, buf,
					   sizeof(buf), &len) == IMSAKA_TLS_OK);
	buf[IMSAKA_TLS_HEADER_LEN + 3] ^= 0x01;
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	run_until(2, 300);
	ck_assert_int_eq(rx->count, 1);
	ck_assert(read_record(fd, ue, buf, sizeof(buf), &plain) ==
			  IMSAKA_TLS_ERR_PEER_ALERT);
	ck_assert_int_eq(plain.alert, 20);	/* bad_record_mac */
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);
	ue->destroy(ue);
}
END_TEST

/**
 * Closing a protected connection sends close_notify after what was queued
 */
/** what the close callback was told */
static struct {
	int count;
	uint32_t conn;
	char identity[64];
} gone;

static void on_gone(void *data, uint32_t conn, const char *identity)
{
	gone.count++;
	gone.conn = conn;
	snprintf(gone.identity, sizeof(gone.identity), "%s",
			 identity ? identity : "(none)");
}

START_TEST(test_close_notify)
{
	imsaka_tls_record_t *ue;
	imsaka_tls_plain_t plain;
	uint8_t buf[2048];
	int fd;

	fd = record_client(0x1302, 0, &ue);
	memset(&gone, 0, sizeof(gone));
	rx->transport->on_close(rx->transport, on_gone, NULL);
	/* the answer is queued, then the connection closed at once */
	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								  strlen(MSG2)));
	rx->transport->close_conn(rx->transport, rx->peers[0].conn);
	/* the loop tells of it once, with the filter's identity */
	run_until(2, 100);
	ck_assert_int_eq(gone.count, 1);
	ck_assert_uint_eq(gone.conn, rx->peers[0].conn);
	ck_assert_str_eq(gone.identity, "alice");
	ck_assert(read_record(fd, ue, buf, sizeof(buf), &plain) == IMSAKA_TLS_OK);
	ck_assert_uint_eq(plain.len, strlen(MSG2));
	ck_assert(read_record(fd, ue, buf, sizeof(buf), &plain) ==
			  IMSAKA_TLS_CLOSED);
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);
	ue->destroy(ue);
}
END_TEST

/**
 * Plain SIP on a protected connection, and a wrong key, close it
 */
START_TEST(test_plain_and_wrong_key)
{
	imsaka_tls_record_t *wrong;
	imsaka_addr_t b;
	uint8_t buf[2048];
	size_t len;
	int fd;

	fd = transport_test_filtered_client(rx, pcscf_factory,
										(void*)(uintptr_t)0x1303, &b);
	ck_assert_int_eq(write(fd, MSG1, strlen(MSG1)), (ssize_t)strlen(MSG1));
	run_until(1, 300);
	ck_assert_int_eq(rx->count, 0);
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);

	/* keys swapped: the P-CSCF's own write secret */
	wrong = imsaka_tls_record_create(0x1303, pcscf_secret, ue_secret, 32);
	ck_assert(wrong);
	fd = transport_test_tcp_client(&b);
	ck_assert(wrong->seal(wrong, (const uint8_t*)MSG1, strlen(MSG1), 0, buf,
						  sizeof(buf), &len) == IMSAKA_TLS_OK);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	run_until(1, 300);
	ck_assert_int_eq(rx->count, 0);
	ck_assert(transport_test_closed_by_peer(fd));
	close(fd);
	wrong->destroy(wrong);
}
END_TEST

/**
 * The switch of tls-aka: both sides set the filter from the receive
 * callback of the last plaintext message, records flow both ways after it
 */
START_TEST(test_switch_in_callback)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;
	uint32_t conn;

	a = free_addr();
	b = free_addr();
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	conn = rx->transport->connect(rx->transport, &peer, NULL);
	ck_assert_uint_ne(conn, 0);
	peer.conn = conn;
	rx->on_msg = switch_filters;
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	run_until(3, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 3);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert_uint_eq(rx->peers[1].conn, conn);
	/* the third went inside records: the P-CSCF side's filter opened it */
	ck_assert_str_eq(rx->msgs[2], MSG1);
	ck_assert_uint_eq(rx->peers[2].conn, rx->peers[0].conn);
	ck_assert(rx->transport->send(rx->transport, &rx->peers[2], MSG2,
								  strlen(MSG2)));
	run_until(4, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 4);
	ck_assert_str_eq(rx->msgs[3], MSG2);
	ck_assert_uint_eq(rx->peers[3].conn, conn);
	/* a second filter is refused (and closes the connection) */
	ck_assert(!rx->transport->set_filter(rx->transport, conn,
										make(0x1301, SIP_TLS_AKA_UE)));
}
END_TEST

START_TEST(test_refused_inputs)
{
	ck_assert(!sip_tls_aka_filter_create(0x1304, SIP_TLS_AKA_UE, ue_secret,
										 pcscf_secret, 32, NULL));
	ck_assert(!sip_tls_aka_filter_create(0x1302, SIP_TLS_AKA_UE, ue_secret,
										 pcscf_secret, 32, NULL));
}
END_TEST

Suite *sip_tls_aka_filter_suite_create(void)
{
	Suite *s = suite_create("sip_tls_aka_filter");
	TCase *tc;

	tc = tcase_create("transport");
	tcase_add_checked_fixture(tc, setup, transport_test_teardown);
	tcase_add_loop_test(tc, test_both_ways, 0, 3);
	tcase_add_test(tc, test_wire_and_tamper);
	tcase_add_test(tc, test_close_notify);
	tcase_add_test(tc, test_switch_in_callback);
	tcase_add_test(tc, test_plain_and_wrong_key);
	tcase_add_test(tc, test_refused_inputs);
	suite_add_tcase(s, tc);
	return s;
}

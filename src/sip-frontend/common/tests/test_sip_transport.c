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
 * The transport over 127.0.0.1 and ::1: UDP, TCP framing and connection
 * handling, timers and signals of the loop.
 */

#include "frontend_tests.h"
#include "transport_test.h"

#include <sip_transport.h>
#include <sip_sockaddr.h>

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
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

START_TEST(test_udp_roundtrip)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;

	a = transport_test_loop_addr(_i, SOCK_DGRAM);
	b = transport_test_loop_addr(_i, SOCK_DGRAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_UDP, &a));
	ck_assert(rx->transport->listen(rx->transport, SIP_UDP, &b));
	ck_assert(!rx->transport->listen(rx->transport, SIP_UDP, &b));

	peer = (sip_peer_t){ .proto = SIP_UDP, .local = a, .remote = b };
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	ck_assert(!transport_test_run_until(rx, 1, WATCHDOG_MS));
	ck_assert(!rx->timed_out);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	ck_assert_int_eq(rx->peers[0].proto, SIP_UDP);
	ck_assert_uint_eq(rx->peers[0].conn, 0);
	ck_assert(imsaka_addr_equals(&rx->peers[0].local, &b));
	ck_assert(imsaka_addr_equals(&rx->peers[0].remote, &a));

	/* answer from where it arrived */
	peer = rx->peers[0];
	ck_assert(rx->transport->send(rx->transport, &peer, MSG2, strlen(MSG2)));
	transport_test_run_until(rx, 2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert(imsaka_addr_equals(&rx->peers[1].local, &a));
	ck_assert(imsaka_addr_equals(&rx->peers[1].remote, &b));

	/* not from an address not listened on, nor after unlisten */
	peer = (sip_peer_t){ .proto = SIP_UDP, .local = a, .remote = b };
	peer.local.port ^= 1;
	ck_assert(!rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	rx->transport->unlisten(rx->transport, SIP_UDP, &a);
	peer.local = a;
	ck_assert(!rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
}
END_TEST

START_TEST(test_udp_keepalive_skipped)
{
	struct sockaddr_storage sa;
	imsaka_addr_t b;
	socklen_t len;
	int fd;

	b = transport_test_loop_addr(_i, SOCK_DGRAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_UDP, &b));
	ck_assert(sip_sockaddr_from_addr(&b, &sa, &len));
	fd = socket(sa.ss_family, SOCK_DGRAM, 0);
	ck_assert_int_eq(sendto(fd, "\r\n\r\n", 4, 0, (struct sockaddr*)&sa, len), 4);
	ck_assert_int_eq(sendto(fd, "", 0, 0, (struct sockaddr*)&sa, len), 0);
	ck_assert_int_eq(sendto(fd, MSG2, strlen(MSG2), 0, (struct sockaddr*)&sa,
							len), strlen(MSG2));
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	close(fd);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG2);
}
END_TEST

START_TEST(test_tcp_roundtrip)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;

	b = transport_test_loop_addr(_i, SOCK_STREAM);
	a = transport_test_loop_addr(_i, SOCK_STREAM);
	a.port = 0;
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));

	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	ck_assert_int_eq(rx->peers[0].proto, SIP_TCP);
	ck_assert_uint_ne(rx->peers[0].conn, 0);
	ck_assert(imsaka_addr_equals(&rx->peers[0].local, &b));
	ck_assert_uint_ne(rx->peers[0].remote.port, 0);

	/* answer on the accepted connection, arrives on the outgoing one */
	ck_assert(rx->transport->send(rx->transport, &rx->peers[0], MSG2,
								  strlen(MSG2)));
	transport_test_run_until(rx, 2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert_uint_ne(rx->peers[1].conn, rx->peers[0].conn);
	ck_assert(imsaka_addr_equals(&rx->peers[1].remote, &b));
	ck_assert(imsaka_addr_equals(&rx->peers[1].local, &rx->peers[0].remote));

	/* a second message with conn 0 reuses the open connection */
	peer.local.port = 0;
	ck_assert(rx->transport->send(rx->transport, &peer, MSG2, strlen(MSG2)));
	transport_test_run_until(rx, 3, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 3);
	ck_assert_uint_eq(rx->peers[2].conn, rx->peers[0].conn);
}
END_TEST

START_TEST(test_tcp_abort)
{
	imsaka_addr_t b, other;
	struct pollfd pfd;
	char buf[64];
	int fd;

	b = transport_test_loop_addr(_i, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	fd = transport_test_tcp_client(&b);
	transport_test_write_str(fd, MSG1);
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);

	/* another remote port: not this connection, it still carries */
	other = rx->peers[0].remote;
	other.port++;
	rx->transport->abort_addr(rx->transport, &rx->peers[0].local, &other);
	transport_test_write_str(fd, MSG2);
	transport_test_run_until(rx, 2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);

	/* reset, not closed: the client sees ECONNRESET, no FIN (EOF) */
	rx->transport->abort_addr(rx->transport, &rx->peers[0].local,
							  &rx->peers[0].remote);
	ck_assert(!rx->transport->is_open(rx->transport, rx->peers[0].conn));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
	errno = 0;
	ck_assert_int_eq(recv(fd, buf, sizeof(buf), 0), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	close(fd);
}
END_TEST

START_TEST(test_tcp_from_listening_port)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;

	a = transport_test_loop_addr(_i, SOCK_STREAM);
	b = transport_test_loop_addr(_i, SOCK_STREAM);
	/* a protected client port: listened on and connected from */
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &a));
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));

	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	ck_assert(rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1)));
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert(imsaka_addr_equals(&rx->peers[0].local, &b));
	/* the connection comes from the listening port, not an ephemeral one */
	ck_assert(imsaka_addr_equals(&rx->peers[0].remote, &a));
}
END_TEST

START_TEST(test_tcp_two_in_one_segment)
{
	imsaka_addr_t b;
	int fd;

	b = transport_test_loop_addr(_i, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	fd = transport_test_tcp_client(&b);
	transport_test_write_str(fd, "\r\n" MSG1 MSG2);
	transport_test_run_until(rx, 2, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 2);
	ck_assert_str_eq(rx->msgs[0], MSG1);
	ck_assert_str_eq(rx->msgs[1], MSG2);
	ck_assert_uint_eq(rx->peers[0].conn, rx->peers[1].conn);
	close(fd);
}
END_TEST

/** client socket of the split test */
static int split_fd;

static void write_rest(void *data)
{
	transport_test_write_str(split_fd, data);
}

START_TEST(test_tcp_split_message)
{
	imsaka_addr_t b;

	b = transport_test_loop_addr(_i, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	split_fd = transport_test_tcp_client(&b);
	transport_test_write_str(split_fd,
							 "MESSAGE sip:a@example.net SIP/2.0\r\nCont");
	rx->transport->add_timer(rx->transport, 50, write_rest,
							 "ent-Length: 5\r\n\r\nhel");
	rx->transport->add_timer(rx->transport, 100, write_rest, "lo");
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	ck_assert_str_eq(rx->msgs[0], "MESSAGE sip:a@example.net SIP/2.0\r\n"
					 "Content-Length: 5\r\n\r\nhello");
	close(split_fd);
}
END_TEST

START_TEST(test_tcp_bad_framing_closes)
{
	static const char *bad[] = {
		"OPTIONS sip:a@example.net SIP/2.0\r\nVia: x\r\n\r\n",
		"OPTIONS sip:a@example.net SIP/2.0\r\nContent-Length: 70000\r\n\r\n",
		"OPTIONS sip:a@example.net SIP/2.0\r\nContent-Length: 1e3\r\n\r\n",
	};
	imsaka_addr_t b;
	int fd, i;

	b = transport_test_loop_addr(0, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	for (i = 0; i < 3; i++)
	{
		fd = transport_test_tcp_client(&b);
		transport_test_write_str(fd, bad[i]);
		transport_test_run_until(rx, 1, 200);
		ck_assert_msg(transport_test_closed_by_peer(fd),
					  "bad message %d: not closed", i);
		close(fd);
	}
	ck_assert_int_eq(rx->count, 0);

	/* a good one still works afterwards */
	fd = transport_test_tcp_client(&b);
	transport_test_write_str(fd, MSG1);
	transport_test_run_until(rx, 1, WATCHDOG_MS);
	ck_assert_int_eq(rx->count, 1);
	close(fd);
}
END_TEST

START_TEST(test_tcp_header_overflow_closes)
{
	imsaka_addr_t b;
	char *big;
	int fd;

	b = transport_test_loop_addr(0, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	fd = transport_test_tcp_client(&b);
	/* a header that never ends, longer than the largest message */
	big = malloc(SIP_TRANSPORT_MAX_MSG + 100);
	memset(big, 'a', SIP_TRANSPORT_MAX_MSG + 99);
	big[SIP_TRANSPORT_MAX_MSG + 99] = '\0';
	transport_test_write_str(fd, big);
	free(big);
	transport_test_run_until(rx, 1, 300);
	ck_assert(transport_test_closed_by_peer(fd));
	ck_assert_int_eq(rx->count, 0);
	close(fd);
}
END_TEST

START_TEST(test_tcp_keepalive_pong)
{
	struct pollfd pfd;
	imsaka_addr_t b;
	char buf[8];
	int fd;

	b = transport_test_loop_addr(0, SOCK_STREAM);
	ck_assert(rx->transport->listen(rx->transport, SIP_TCP, &b));
	fd = transport_test_tcp_client(&b);
	transport_test_write_str(fd, "\r\n\r\n");
	transport_test_run_until(rx, 1, 200);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
	ck_assert_int_eq(recv(fd, buf, sizeof(buf), 0), 2);
	ck_assert(!memcmp(buf, "\r\n", 2));
	ck_assert_int_eq(rx->count, 0);
	close(fd);
}
END_TEST

START_TEST(test_tcp_connect_refused)
{
	imsaka_addr_t a, b;
	sip_peer_t peer;

	b = transport_test_loop_addr(0, SOCK_STREAM);
	a = b;
	a.port = 0;
	peer = (sip_peer_t){ .proto = SIP_TCP, .local = a, .remote = b };
	/* queued while connecting; the failure closes the connection */
	rx->transport->send(rx->transport, &peer, MSG1, strlen(MSG1));
	transport_test_run_until(rx, 1, 200);
	ck_assert_int_eq(rx->count, 0);
	ck_assert(rx->timed_out);
}
END_TEST

/** order timers fired in */
static int order[8], order_count;

static void record_timer(void *data)
{
	order[order_count++] = (intptr_t)data;
	if (order_count == 3)
	{
		rx->transport->stop(rx->transport);
	}
}

START_TEST(test_transport_timers)
{
	uint32_t id;

	order_count = 0;
	rx->transport->add_timer(rx->transport, 60, record_timer, (void*)3);
	rx->transport->add_timer(rx->transport, 20, record_timer, (void*)1);
	id = rx->transport->add_timer(rx->transport, 30, record_timer, (void*)9);
	rx->transport->add_timer(rx->transport, 40, record_timer, (void*)2);
	rx->transport->cancel_timer(rx->transport, id);
	ck_assert(!rx->transport->run(rx->transport));
	ck_assert_int_eq(order_count, 3);
	ck_assert_int_eq(order[0], 1);
	ck_assert_int_eq(order[1], 2);
	ck_assert_int_eq(order[2], 3);
}
END_TEST

static void send_sigterm(void *data)
{
	raise(SIGTERM);
}

START_TEST(test_transport_signal)
{
	rx->transport->add_timer(rx->transport, 10, send_sigterm, NULL);
	ck_assert(transport_test_run_until(rx, 1, WATCHDOG_MS));
	ck_assert(!rx->timed_out);
}
END_TEST

START_TEST(test_listen_refused)
{
	imsaka_addr_t a;

	a = transport_test_loop_addr(0, SOCK_DGRAM);
	a.port = 0;
	ck_assert(!rx->transport->listen(rx->transport, SIP_UDP, &a));
	memset(&a, 0, sizeof(a));
	ck_assert(!rx->transport->listen(rx->transport, SIP_TCP, &a));
}
END_TEST

Suite *sip_transport_suite_create(void)
{
	Suite *s = suite_create("sip_transport");
	TCase *tc;

	tc = tcase_create("udp");
	tcase_add_checked_fixture(tc, transport_test_setup,
							  transport_test_teardown);
	tcase_add_loop_test(tc, test_udp_roundtrip, 0, 2);
	tcase_add_loop_test(tc, test_udp_keepalive_skipped, 0, 2);
	tcase_add_test(tc, test_listen_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("tcp");
	tcase_add_checked_fixture(tc, transport_test_setup,
							  transport_test_teardown);
	tcase_add_loop_test(tc, test_tcp_abort, 0, 2);
	tcase_add_loop_test(tc, test_tcp_roundtrip, 0, 2);
	tcase_add_loop_test(tc, test_tcp_from_listening_port, 0, 2);
	tcase_add_loop_test(tc, test_tcp_two_in_one_segment, 0, 2);
	tcase_add_loop_test(tc, test_tcp_split_message, 0, 2);
	tcase_add_test(tc, test_tcp_bad_framing_closes);
	tcase_add_test(tc, test_tcp_header_overflow_closes);
	tcase_add_test(tc, test_tcp_keepalive_pong);
	tcase_add_test(tc, test_tcp_connect_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("loop");
	tcase_add_checked_fixture(tc, transport_test_setup,
							  transport_test_teardown);
	tcase_add_test(tc, test_transport_timers);
	tcase_add_test(tc, test_transport_signal);
	suite_add_tcase(s, tc);
	return s;
}

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

#include "transport_test.h"

#include <sip_sockaddr.h>

#include <check.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * Described in header
 */
imsaka_addr_t transport_test_free_addr(const char *ip, int type)
{
	struct sockaddr_storage sa;
	imsaka_addr_t addr;
	socklen_t len = sizeof(sa);
	int fd;

	ck_assert_int_eq(imsaka_addr_parse(ip, strlen(ip), false, &addr), 0);
	fd = sip_sockaddr_bind(type, &addr);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr*)&sa, &len), 0);
	ck_assert(sip_sockaddr_to_addr((struct sockaddr*)&sa, &addr));
	close(fd);
	return addr;
}

/*
 * Described in header
 */
imsaka_addr_t transport_test_loop_addr(int fam, int type)
{
	return transport_test_free_addr(transport_test_loopback[fam], type);
}

/*
 * Described in header
 */
int transport_test_tcp_client(const imsaka_addr_t *addr)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd;

	ck_assert(sip_sockaddr_from_addr(addr, &sa, &len));
	fd = socket(sa.ss_family, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr*)&sa, len), 0);
	return fd;
}

/*
 * Described in header
 */
const char *transport_test_loopback[2] = { "127.0.0.1", "::1" };

/**
 * Receive callback: collect the message, stop at the count wanted
 */
static void on_recv(void *data, const sip_peer_t *peer, const char *msg,
					size_t len)
{
	transport_test_rx_t *r = data;

	if (r->on_msg)
	{
		r->on_msg(r, peer);
	}
	ck_assert_int_lt(r->count, TRANSPORT_TEST_MAX_RX);
	ck_assert_uint_lt(len, sizeof(r->msgs[0]));
	r->peers[r->count] = *peer;
	memcpy(r->msgs[r->count], msg, len);
	r->msgs[r->count][len] = '\0';
	r->lens[r->count] = len;
	if (++r->count == r->stop_after)
	{
		r->transport->stop(r->transport);
	}
}

/**
 * Watchdog timer: stop the loop
 */
static void on_watchdog(void *data)
{
	transport_test_rx_t *r = data;

	r->timed_out = true;
	r->transport->stop(r->transport);
}

/*
 * Described in header
 */
void transport_test_rx_init(transport_test_rx_t *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->transport = sip_transport_create(on_recv, rx);
}

/*
 * Described in header
 */
int transport_test_filtered_client(transport_test_rx_t *rx,
								   sip_stream_filter_factory_t factory,
								   void *data, imsaka_addr_t *addr)
{
	imsaka_addr_t b = transport_test_loop_addr(0, SOCK_STREAM);

	ck_assert(rx->transport->listen_filtered(rx->transport, &b, factory,
											 data));
	if (addr)
	{
		*addr = b;
	}
	return transport_test_tcp_client(&b);
}

/*
 * Described in header
 */
transport_test_rx_t transport_test_rx;

/*
 * Described in header
 */
void transport_test_setup(void)
{
	transport_test_rx_init(&transport_test_rx);
}

/*
 * Described in header
 */
void transport_test_teardown(void)
{
	transport_test_rx.transport->destroy(transport_test_rx.transport);
}

/*
 * Described in header
 */
bool transport_test_run_until(transport_test_rx_t *rx, int stop_after,
							  uint32_t watchdog_ms)
{
	uint32_t id;
	bool signaled;

	rx->stop_after = stop_after;
	rx->timed_out = false;
	id = rx->transport->add_timer(rx->transport, watchdog_ms, on_watchdog, rx);
	signaled = rx->transport->run(rx->transport);
	rx->transport->cancel_timer(rx->transport, id);
	return signaled;
}

/*
 * Described in header
 */
void transport_test_write_str(int fd, const char *str)
{
	ck_assert_int_eq(write(fd, str, strlen(str)), (ssize_t)strlen(str));
}

/*
 * Described in header
 */
bool transport_test_closed_by_peer(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[256];
	ssize_t n;

	/* a bound for a peer that never closes, not a speed assumption */
	while (poll(&pfd, 1, 30000) == 1)
	{
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
		{
			return true;
		}
	}
	return false;
}

/*
 * Described in header
 */
size_t transport_test_read_record(int fd, uint8_t *buf, size_t size)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t have = 0, need = 5;
	ssize_t n;

	/* the 5 byte header ends in the length of what follows */
	while (have < need)
	{
		ck_assert_int_eq(poll(&pfd, 1, 30000), 1);
		n = recv(fd, buf + have, need - have, 0);
		ck_assert_int_gt(n, 0);
		have += n;
		if (have == 5)
		{
			need += (buf[3] << 8) | buf[4];
			ck_assert_uint_le(need, size);
		}
	}
	return have;
}

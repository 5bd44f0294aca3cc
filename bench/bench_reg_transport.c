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

#define _GNU_SOURCE
#include "bench_reg_transport.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/**
 * Time of a clock, ms
 */
static double clock_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*
 * Described in header
 */
double bench_reg_now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/*
 * Described in header
 */
double bench_reg_real_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

/*
 * Described in header
 */
void bench_reg_transport_sin(const imsaka_addr_t *addr,
							 struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(addr->port);
	memcpy(&sin->sin_addr, addr->ip, 4);
}

/*
 * Described in header
 */
int bench_reg_transport_open(uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};
	int fd, on = 1, size = 8 << 20;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		return -1;
	}
	/* FORCE needs CAP_NET_ADMIN; the plain ones are capped by rmem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
	{
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
	{
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr*)&sin, sizeof(sin)) < 0)
	{
		fprintf(stderr, "bench_reg_load: bind 0.0.0.0:%u: %s\n", port,
				strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Described in header
 */
void bench_reg_transport_send(int fd, const imsaka_addr_t *src,
							  struct sockaddr_in *to, const char *msg,
							  size_t len)
{
	char control[CMSG_SPACE(sizeof(struct in_pktinfo))] = { 0 };
	struct iovec iov = { .iov_base = (char*)msg, .iov_len = len };
	struct msghdr mh = {
		.msg_name = to,
		.msg_namelen = sizeof(*to),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	struct in_pktinfo *pi;

	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi = (struct in_pktinfo*)CMSG_DATA(cm);
	memcpy(&pi->ipi_spec_dst, src->ip, 4);
	/* a dead unit's address has no route any more: counted as lost, the
	 * retransmission timer sends it again */
	if (sendmsg(fd, &mh, 0) < 0 && errno != EAGAIN &&
		errno != ENETUNREACH && errno != EHOSTUNREACH)
	{
		fprintf(stderr, "bench_reg_load: sendmsg: %s\n", strerror(errno));
	}
}

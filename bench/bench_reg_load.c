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
 * Registration load generator of bench/run-registration.sh: one process
 * emulating N UEs over non-blocking UDP, each with its own IPv4 address
 * (a local route on lo covers them; sendmsg() picks the source address
 * with IP_PKTINFO), at most W registrations outstanding. A registration
 * is two REGISTERs: the first one is challenged with 401, the second
 * answers with a response computed here (AKA from the UE's K/OP with
 * libimsaka's Milenage and Digest AKA, or an MD5 Digest password), and it
 * is done on the 200. Lost messages are sent again (500 ms, doubling, 5
 * tries). Towards imsaka-pcscf the UEs do sec-agree with the NAT-T
 * extension; SM7 goes from the UE's port_c to the P-CSCF's protected
 * port_s in plaintext (no ESP: the data plane is not in the measured path).
 *
 * usage: bench_reg_load -g FILE -n N             write the subscribers file
 *        bench_reg_load -m pcscf|direct|digest -n N -t ADDR:PORT
 *                       [-s ADDR:PORT] [-w W] [-b UE-BASE] [-N NAT-BASE]
 *                       [-P PASSWORD] [-T SECONDS] [-R RUN]
 * -N: the first REGISTER of UE i comes from NAT-BASE + i (an emulated NAT
 * in front of the UEs, port kept), not from UE-BASE + i named in its Via.
 * Prints "name: value" lines; exits 1 unless every UE registered.
 */

#define _GNU_SOURCE
#include "bench_reg_sip.h"
#include "bench_reg_ue.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/** first retransmission timeout, ms (doubles) */
#define RETRANSMIT_MS 500

/** tries per message */
#define MAX_TRIES 5

/** failures shown in detail */
#define SHOW_FAILURES 5

/**
 * An outstanding registration.
 */
typedef struct {
	/** UE number, or -1 if the slot is free */
	int ue;
	/** 1: first REGISTER sent, 2: second */
	int step;
	/** socket it was sent on */
	int fd;
	/** where it went, and where from */
	struct sockaddr_in to;
	imsaka_addr_t src;
	/** when it was sent last, and when the registration started, ms */
	double sent, start;
	/** tries of the current message */
	int tries;
	/** the message, for retransmissions */
	size_t len;
	char msg[BENCH_REG_MSG_MAX];
} slot_t;

/** settings */
static bench_reg_conf_t conf;

/** number of UEs */
static unsigned ue_count;

/** slot of each UE, -1 if none */
static int *slot_of;

/** slots */
static slot_t *slots;

/** counters */
static unsigned registered, failed, retransmissions, stray;

/** sum of registration times, ms */
static double latency_sum;

/**
 * Monotonic time, ms
 */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/**
 * Parse ADDR:PORT (IPv4)
 */
static bool parse_addr(const char *text, imsaka_addr_t *addr)
{
	return imsaka_addr_parse(text, strlen(text), true, addr) == IMSAKA_SECAGREE_OK &&
		   addr->family == 4;
}

/**
 * sockaddr of an imsaka_addr_t
 */
static void to_sin(const imsaka_addr_t *addr, struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(addr->port);
	memcpy(&sin->sin_addr, addr->ip, 4);
}

/**
 * A non-blocking UDP socket on 0.0.0.0:port with large buffers
 */
static int open_socket(uint16_t port)
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

/**
 * Send a slot's message from its UE's address
 */
static void transmit(slot_t *s)
{
	char control[CMSG_SPACE(sizeof(struct in_pktinfo))] = { 0 };
	struct iovec iov = { .iov_base = s->msg, .iov_len = s->len };
	struct msghdr mh = {
		.msg_name = &s->to,
		.msg_namelen = sizeof(s->to),
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
	memcpy(&pi->ipi_spec_dst, s->src.ip, 4);
	s->sent = now_ms();
	s->tries++;
	if (sendmsg(s->fd, &mh, 0) < 0 && errno != EAGAIN)
	{	/* counted as lost; the retransmission timer sends it again */
		fprintf(stderr, "bench_reg_load: sendmsg: %s\n", strerror(errno));
	}
}

/**
 * Give up a registration
 */
static void fail(slot_t *s, const char *why, const char *resp, size_t len)
{
	if (failed++ < SHOW_FAILURES)
	{
		fprintf(stderr, "bench_reg_load: UE %d step %d failed: %s%s%.*s\n",
				s->ue, s->step, why, resp ? ": " : "",
				resp ? (int)strcspn(resp, "\r\n") : 0, resp ?: "");
	}
	slot_of[s->ue] = -1;
	s->ue = -1;
}

/**
 * Handle a response from the server under test
 */
static void receive(int fd, int sock_c, const char *msg, size_t len)
{
	const char *value;
	size_t vlen;
	unsigned ue;
	slot_t *s;
	int code, cseq;

	code = bench_reg_sip_status(msg, len);
	if (!code || !bench_reg_sip_ue(msg, len, conf.callid, &ue) ||
		ue >= ue_count || slot_of[ue] < 0 ||
		!bench_reg_sip_header(msg, len, "CSeq", 0, &value, &vlen))
	{
		stray++;
		return;
	}
	s = &slots[slot_of[ue]];
	cseq = atoi(value);
	if (code < 200 || cseq != s->step)
	{	/* provisional, or a late answer to a retransmission */
		return;
	}
	if (s->step == 1 && code == 401)
	{
		const char *why;

		s->len = bench_reg_ue_answer(&conf, ue, msg, len, s->msg, &why);
		if (!s->len)
		{
			fail(s, why, msg, len);
			return;
		}
		s->step = 2;
		s->tries = 0;
		bench_reg_ue_addr(&conf, ue, &s->src);
		if (conf.mode == BENCH_REG_PCSCF)
		{
			s->fd = sock_c;
			to_sin(&conf.pcscf_protected, &s->to);
		}
		transmit(s);
		return;
	}
	if (s->step == 2 && code == 200)
	{
		if (conf.mode == BENCH_REG_PCSCF && fd != sock_c)
		{
			fail(s, "SM12 not on the UE's protected port_c", msg, len);
			return;
		}
		latency_sum += now_ms() - s->start;
		registered++;
		slot_of[ue] = -1;
		s->ue = -1;
		return;
	}
	fail(s, "unexpected response", msg, len);
}

/**
 * Start the registration of a UE in a free slot
 */
static bool start(slot_t *s, unsigned ue, int sock_u)
{
	s->len = bench_reg_ue_first(&conf, ue, s->msg);
	if (!s->len)
	{
		return false;
	}
	s->ue = ue;
	s->step = 1;
	s->tries = 0;
	s->fd = sock_u;
	s->start = now_ms();
	bench_reg_ue_source(&conf, ue, &s->src);
	to_sin(&conf.target, &s->to);
	slot_of[ue] = s - slots;
	transmit(s);
	return true;
}

/**
 * Retransmit or give up what has not been answered in time
 */
static void timeouts(unsigned window)
{
	double now = now_ms();
	unsigned i;

	for (i = 0; i < window; i++)
	{
		slot_t *s = &slots[i];

		if (s->ue < 0 || now - s->sent < RETRANSMIT_MS << (s->tries - 1))
		{
			continue;
		}
		if (s->tries >= MAX_TRIES)
		{
			fail(s, "no answer", NULL, 0);
			continue;
		}
		retransmissions++;
		transmit(s);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_reg_load -g FILE -n N\n"
			"       bench_reg_load -m pcscf|direct|digest -n N -t ADDR:PORT "
			"[-s ADDR:PORT]\n"
			"                      [-w WINDOW] [-b UE-BASE] [-N NAT-BASE] "
			"[-P PASSWORD] [-T SECONDS] [-R RUN]\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	const char *gen = NULL, *mode = NULL;
	unsigned n = 0, window = 64, next = 0, i, active;
	int opt, sock_u, sock_c = -1, run = getpid(), limit = 60;
	struct in_addr base, outer = { 0 };
	double t0, t1, last_scan;
	char buf[BENCH_REG_MSG_MAX + 1];
	FILE *out;

	conf.domain = "ims.example.net";
	conf.port = 15060;
	conf.port_c = 15064;
	conf.port_s = 15066;
	conf.password = "bench-secret";
	inet_pton(AF_INET, "10.64.0.0", &base);
	while ((opt = getopt(argc, argv, "g:m:n:t:s:w:b:N:P:T:R:")) != -1)
	{
		switch (opt)
		{
			case 'g': gen = optarg; break;
			case 'm': mode = optarg; break;
			case 'n': n = strtoul(optarg, NULL, 10); break;
			case 't':
				if (!parse_addr(optarg, &conf.target)) usage();
				break;
			case 's':
				if (!parse_addr(optarg, &conf.pcscf_protected)) usage();
				break;
			case 'w': window = strtoul(optarg, NULL, 10); break;
			case 'b':
				if (inet_pton(AF_INET, optarg, &base) != 1) usage();
				break;
			case 'N':
				if (inet_pton(AF_INET, optarg, &outer) != 1) usage();
				break;
			case 'P': conf.password = optarg; break;
			case 'T': limit = atoi(optarg); break;
			case 'R': run = atoi(optarg); break;
			default: usage();
		}
	}
	if (!n || n > 60000 || !window || window > 10000 || limit <= 0)
	{
		usage();
	}
	conf.base = ntohl(base.s_addr);
	conf.outer_base = ntohl(outer.s_addr);
	snprintf(conf.callid, sizeof(conf.callid), "r%dx", run);
	if (gen)
	{
		out = fopen(gen, "w");
		if (!out || !bench_reg_ue_subscribers(&conf, n, out) || fclose(out))
		{
			fprintf(stderr, "bench_reg_load: writing %s failed\n", gen);
			return 1;
		}
		return 0;
	}
	if (!mode || !conf.target.family)
	{
		usage();
	}
	if (strcmp(mode, "pcscf") == 0)
	{
		conf.mode = BENCH_REG_PCSCF;
		if (!conf.pcscf_protected.family)
		{
			usage();
		}
	}
	else if (strcmp(mode, "direct") == 0)
	{
		conf.mode = BENCH_REG_DIRECT;
	}
	else if (strcmp(mode, "digest") == 0)
	{
		conf.mode = BENCH_REG_DIGEST;
	}
	else
	{
		usage();
	}
	if (!bench_reg_ue_prepare(&conf, n))
	{
		fprintf(stderr, "bench_reg_load: preparing the UEs failed\n");
		return 1;
	}
	window = window < n ? window : n;
	ue_count = n;
	slot_of = malloc(n * sizeof(*slot_of));
	slots = calloc(window, sizeof(*slots));
	sock_u = open_socket(conf.port);
	if (conf.mode == BENCH_REG_PCSCF)
	{
		sock_c = open_socket(conf.port_c);
	}
	if (!slot_of || !slots || sock_u < 0 ||
		(conf.mode == BENCH_REG_PCSCF && sock_c < 0))
	{
		return 1;
	}
	for (i = 0; i < n; i++)
	{
		slot_of[i] = -1;
	}
	for (i = 0; i < window; i++)
	{
		slots[i].ue = -1;
	}

	t0 = last_scan = now_ms();
	for (;;)
	{
		struct pollfd pfd[2] = {
			{ .fd = sock_u, .events = POLLIN },
			{ .fd = sock_c, .events = POLLIN },
		};
		int fds = sock_c >= 0 ? 2 : 1, f;
		ssize_t len;

		active = 0;
		for (i = 0; i < window; i++)
		{
			if (slots[i].ue < 0 && next < n)
			{
				if (!start(&slots[i], next++, sock_u))
				{
					fprintf(stderr, "bench_reg_load: REGISTER too long\n");
					return 1;
				}
			}
			active += slots[i].ue >= 0;
		}
		if (!active && next >= n)
		{
			break;
		}
		if (now_ms() - t0 > limit * 1000.0)
		{
			fprintf(stderr, "bench_reg_load: %d s passed, %u outstanding "
					"given up\n", limit, active);
			failed += active;
			break;
		}
		if (poll(pfd, fds, 50) < 0 && errno != EINTR)
		{
			perror("poll");
			return 1;
		}
		for (f = 0; f < fds; f++)
		{
			if (!(pfd[f].revents & POLLIN))
			{
				continue;
			}
			while ((len = recv(pfd[f].fd, buf, BENCH_REG_MSG_MAX, 0)) > 0)
			{
				buf[len] = '\0';
				receive(pfd[f].fd, sock_c, buf, len);
			}
		}
		if (now_ms() - last_scan >= 50)
		{
			last_scan = now_ms();
			timeouts(window);
		}
	}
	t1 = now_ms();

	printf("mode: %s\n", mode);
	printf("ues: %u\n", n);
	printf("window: %u\n", window);
	printf("nat: %s\n", conf.outer_base ? "emulated (SM1 from another address)"
		   : "none");
	printf("registered: %u\n", registered);
	printf("failed: %u\n", failed);
	printf("retransmissions: %u\n", retransmissions);
	printf("stray responses: %u\n", stray);
	printf("seconds: %.3f\n", (t1 - t0) / 1000.0);
	printf("registrations/s: %.0f\n", registered / ((t1 - t0) / 1000.0));
	printf("mean registration ms: %.2f\n",
		   registered ? latency_sum / registered : 0.0);
	bench_reg_ue_cleanup();
	free(slots);
	free(slot_of);
	close(sock_u);
	if (sock_c >= 0)
	{
		close(sock_c);
	}
	return registered == n && !failed ? 0 : 1;
}

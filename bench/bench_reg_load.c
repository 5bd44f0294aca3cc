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
 * Storm mode (-S): every UE registers (window W, a failed attempt is tried
 * again after the RFC 5626 backoff of bench_reg_fleet), then the program
 * prints "ready" and reads a line "storm <seconds>" on stdin: the
 * registrations are gone (the P-CSCF and its charon were killed at that
 * CLOCK_REALTIME time and restarted), as a phone learns from a failed
 * re-registration or keepalive. Every UE then registers again at once (no
 * window, new SPIs), a failed attempt waits the backoff (or a 503's
 * Retry-After) and tries again, until all are registered or the storm's
 * time limit passes; outage per UE is from the kill to its 200.
 *
 * Soak mode (-E PERIOD -D SECONDS, pcscf only): every UE registers
 * (window W) asking for Expires 2 * PERIOD, and re-registers PERIOD after
 * each 200 (TS 24.229 5.1.1.4: at half the expiry when it is at most
 * 1200 s), for SECONDS after the last UE's first 200. A re-registration
 * is a protected re-REGISTER from the port_c of the set in force offering
 * the UE's next set (new SPIs, another port_c, TS 33.203 7.4) with the
 * Security-Verify of the set in force; challenged, its SM7 goes from the
 * new port_c. Three sets rotate: charon keeps the old set until the new
 * one carries inbound ESP, which never comes here, or expires. A failed
 * attempt waits the RFC 5626 backoff, then the UE starts over with an
 * unprotected SM1 (offering the next set).
 * Prints "soak progress: ..." lines every 5 s while it runs; then the
 * UEs' attempts in progress are finished (none started), and the totals.
 *
 * usage: bench_reg_load -g FILE -n N             write the subscribers file
 *        bench_reg_load -m pcscf|direct|digest -n N -t ADDR:PORT
 *                       [-s ADDR:PORT] [-w W] [-b UE-BASE] [-N NAT-BASE]
 *                       [-P PASSWORD] [-T SECONDS] [-R RUN]
 *                       [-S [-B BASE-S] [-M MAX-S] [-L STORM-SECONDS]]
 *                       [-E PERIOD -D SECONDS [-B BASE-S] [-M MAX-S]]
 * -N: the first REGISTER of UE i comes from NAT-BASE + i (an emulated NAT
 * in front of the UEs, port kept), not from UE-BASE + i named in its Via.
 * Prints "name: value" lines; exits 1 unless every UE registered.
 */

#define _GNU_SOURCE
#include "bench_reg_fleet.h"
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

/** longest Retry-After taken, s */
#define MAX_RETRY_AFTER 3600

/** soak: progress lines every, ms */
#define PROGRESS_MS 5000

/** soak: longest wait for the attempts in progress at the end, ms */
#define SOAK_DRAIN_MS 60000

/**
 * An outstanding registration.
 */
typedef struct {
	/** UE number, or -1 if the slot is free */
	int ue;
	/** 1: first REGISTER sent, 2: second */
	int step;
	/** the UE's set this attempt makes (0 unless rotate_sets) */
	unsigned set;
	/** TRUE: a protected re-REGISTER over the set in force */
	bool again;
	/** CSeq number of the REGISTER sent */
	unsigned cseq;
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

/**
 * What happened in one phase.
 */
typedef struct {
	/** registrations done (of them protected re-registrations), attempts
	 * failed */
	unsigned registered, again, failed;
	/** failed: no answer after MAX_TRIES, 5xx, 503 with Retry-After */
	unsigned timeouts, server_errors, retry_after;
	/** messages sent again, responses not matched */
	unsigned retransmissions, stray;
	/** sum of registration times, ms */
	double latency_sum;
} counters_t;

/** settings */
static bench_reg_conf_t conf;

/** when each UE registers */
static bench_reg_fleet_t *fleet;

/** failed attempts are tried again (storm mode) */
static bool retry;

/** number of UEs */
static unsigned ue_count;

/** slot of each UE, -1 if none */
static int *slot_of;

/** slots, and the stack of free ones */
static slot_t *slots;
static int *free_slots;
static unsigned slot_count, free_count;

/** sockets: unprotected, and port_c of each set towards the P-CSCF (-1 if
 * none) */
static int sock_u, sock_c[BENCH_REG_SETS] = { -1, -1, -1 };

/** soak: re-registration period, ms (0: no soak) */
static double period_ms;

/** soak: the set in force of each UE (-1: none), and whether the UE holds
 * it registered (else its next attempt starts with SM1) */
static signed char *in_force;
static bool *holds;

/** counters of the current phase */
static counters_t cnt;

/**
 * Time of a clock, ms
 */
static double clock_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/**
 * Monotonic time, ms
 */
static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
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
 * Free a slot
 */
static void release(slot_t *s)
{
	slot_of[s->ue] = -1;
	s->ue = -1;
	free_slots[free_count++] = s - slots;
}

/**
 * A registration attempt failed; retry_after_ms >= 0: a 503 asked for
 * that wait
 */
static void fail(slot_t *s, const char *why, const char *resp, size_t len,
				 double retry_after_ms)
{
	if (cnt.failed++ < SHOW_FAILURES)
	{
		fprintf(stderr, "bench_reg_load: UE %d step %d failed: %s%s%.*s\n",
				s->ue, s->step, why, resp ? ": " : "",
				resp ? (int)strcspn(resp, "\r\n") : 0, resp ?: "");
	}
	if (holds)
	{	/* starts over with SM1 */
		holds[s->ue] = false;
	}
	bench_reg_fleet_failed(fleet, s->ue, now_ms(), retry, retry_after_ms);
	release(s);
}

/**
 * A final response other than the expected 401 or 200
 */
static void refused(slot_t *s, int code, const char *msg, size_t len)
{
	unsigned seconds;

	if (code == 503 && bench_reg_sip_number(msg, len, "Retry-After",
											MAX_RETRY_AFTER, &seconds))
	{
		cnt.retry_after++;
		fail(s, "503 with Retry-After", msg, len, seconds * 1000.0);
		return;
	}
	if (code >= 500)
	{
		cnt.server_errors++;
	}
	fail(s, "unexpected response", msg, len, -1);
}

/**
 * Handle a response from the server under test
 */
static void receive(int fd, const char *msg, size_t len)
{
	unsigned ue, cseq;
	slot_t *s;
	int code;

	code = bench_reg_sip_status(msg, len);
	if (!code || !bench_reg_sip_ue(msg, len, conf.callid, &ue) ||
		ue >= ue_count || slot_of[ue] < 0 ||
		!bench_reg_sip_number(msg, len, "CSeq", ~0u, &cseq))
	{
		cnt.stray++;
		return;
	}
	s = &slots[slot_of[ue]];
	if (code < 200 || cseq != s->cseq)
	{	/* provisional, or a late answer to an earlier message */
		return;
	}
	if (s->step == 1 && code == 401)
	{
		const char *why;

		s->len = bench_reg_ue_answer(&conf, ue, s->set, s->again, s->cseq + 1,
									 msg, len, s->msg, &why);
		if (!s->len)
		{
			fail(s, why, msg, len, -1);
			return;
		}
		s->step = 2;
		s->cseq++;
		s->tries = 0;
		bench_reg_ue_addr(&conf, ue, &s->src);
		if (conf.mode == BENCH_REG_PCSCF)
		{
			s->fd = sock_c[s->set];
			to_sin(&conf.pcscf_protected, &s->to);
		}
		transmit(s);
		return;
	}
	if (s->step == 2 && code == 200)
	{
		if (conf.mode == BENCH_REG_PCSCF && fd != sock_c[s->set])
		{
			fail(s, "SM12 not on the UE's protected port_c", msg, len, -1);
			return;
		}
		cnt.latency_sum += now_ms() - s->start;
		cnt.registered++;
		cnt.again += s->again;
		bench_reg_fleet_registered(fleet, ue, now_ms());
		if (period_ms)
		{
			in_force[ue] = s->set;
			holds[ue] = true;
			bench_reg_ue_promote(ue);
			bench_reg_fleet_schedule(fleet, ue, now_ms() + period_ms);
		}
		release(s);
		return;
	}
	refused(s, code, msg, len);
}

/**
 * Start an attempt of a UE in a free slot
 */
static bool start(unsigned ue, unsigned cseq)
{
	slot_t *s = &slots[free_slots[--free_count]];

	s->set = 0;
	s->again = false;
	if (period_ms)
	{	/* the set after the one in force, protected if the UE holds one */
		s->set = (in_force[ue] + 1) % BENCH_REG_SETS;
		s->again = holds[ue];
	}
	if (s->again)
	{
		s->len = bench_reg_ue_again(&conf, ue, s->set, cseq, s->msg);
	}
	else
	{
		s->len = bench_reg_ue_first(&conf, ue, s->set, cseq, s->msg);
	}
	if (!s->len)
	{
		free_count++;
		return false;
	}
	s->ue = ue;
	s->step = 1;
	s->cseq = cseq;
	s->tries = 0;
	s->start = now_ms();
	if (s->again)
	{
		s->fd = sock_c[in_force[ue]];
		bench_reg_ue_addr(&conf, ue, &s->src);
		to_sin(&conf.pcscf_protected, &s->to);
	}
	else
	{
		s->fd = sock_u;
		bench_reg_ue_source(&conf, ue, &s->src);
		to_sin(&conf.target, &s->to);
	}
	slot_of[ue] = s - slots;
	transmit(s);
	return true;
}

/**
 * Retransmit or give up what has not been answered in time
 */
static void timeouts(void)
{
	double now = now_ms();
	unsigned i;

	for (i = 0; i < slot_count; i++)
	{
		slot_t *s = &slots[i];

		if (s->ue < 0 || now - s->sent < RETRANSMIT_MS << (s->tries - 1))
		{
			continue;
		}
		if (s->tries >= MAX_TRIES)
		{
			cnt.timeouts++;
			fail(s, "no answer", NULL, 0, -1);
			continue;
		}
		cnt.retransmissions++;
		transmit(s);
	}
}

/**
 * Read every response waiting on a socket
 */
static void drain(int fd)
{
	char buf[BENCH_REG_MSG_MAX + 1];
	ssize_t len;

	while ((len = recv(fd, buf, BENCH_REG_MSG_MAX, 0)) > 0)
	{
		buf[len] = '\0';
		receive(fd, buf, len);
	}
}

/**
 * Start attempts of the UEs the fleet makes due, at most window
 * outstanding
 */
static void start_due(unsigned window)
{
	unsigned cseq;
	int ue;

	while (free_count && slot_count - free_count < window &&
		   (ue = bench_reg_fleet_next(fleet, &cseq)) >= 0)
	{
		if (!start(ue, cseq))
		{
			fprintf(stderr, "bench_reg_load: REGISTER too long\n");
			exit(1);
		}
	}
}

/**
 * Wait up to 50 ms for responses and handle them; every 50 ms the
 * retransmissions and the UEs whose wait passed
 */
static void step(double *last_scan)
{
	struct pollfd pfd[1 + BENCH_REG_SETS] = {
		{ .fd = sock_u, .events = POLLIN },
	};
	int f;

	for (f = 0; f < BENCH_REG_SETS; f++)
	{
		pfd[1 + f] = (struct pollfd){ .fd = sock_c[f], .events = POLLIN };
	}
	if (poll(pfd, 1 + BENCH_REG_SETS, 50) < 0 && errno != EINTR)
	{
		perror("poll");
		exit(1);
	}
	for (f = 0; f < 1 + BENCH_REG_SETS; f++)
	{
		if (pfd[f].fd >= 0 && (pfd[f].revents & POLLIN))
		{
			drain(pfd[f].fd);
		}
	}
	if (now_ms() - *last_scan >= 50)
	{
		*last_scan = now_ms();
		timeouts();
		bench_reg_fleet_wake(fleet, *last_scan);
	}
}

/**
 * Give up the attempts outstanding
 */
static void give_up(void)
{
	unsigned i;

	cnt.failed += slot_count - free_count;
	for (i = 0; i < slot_count; i++)
	{
		if (slots[i].ue >= 0)
		{
			bench_reg_fleet_failed(fleet, slots[i].ue, now_ms(), false, -1);
			release(&slots[i]);
		}
	}
}

/**
 * Register the UEs the fleet makes due, at most window at a time, until
 * none is left or limit_ms passed; returns the ms it took
 */
static double run(unsigned window, double limit_ms)
{
	double t0, last_scan;
	unsigned active;

	memset(&cnt, 0, sizeof(cnt));
	t0 = last_scan = now_ms();
	for (;;)
	{
		start_due(window);
		if (bench_reg_fleet_finished(fleet))
		{
			break;
		}
		if (now_ms() - t0 > limit_ms)
		{
			active = slot_count - free_count;
			fprintf(stderr, "bench_reg_load: %.0f s passed, %u outstanding "
					"given up\n", limit_ms / 1000, active);
			give_up();
			break;
		}
		step(&last_scan);
	}
	return now_ms() - t0;
}

/**
 * The counters of a phase as "name: value" lines
 */
static void print_phase(const char *prefix, double ms)
{
	printf("%sregistered: %u\n", prefix, cnt.registered);
	printf("%sfailed: %u\n", prefix, cnt.failed);
	printf("%sretransmissions: %u\n", prefix, cnt.retransmissions);
	printf("%sstray responses: %u\n", prefix, cnt.stray);
	printf("%sseconds: %.3f\n", prefix, ms / 1000.0);
	printf("%sregistrations/s: %.0f\n", prefix, cnt.registered / (ms / 1000.0));
	printf("%smean registration ms: %.2f\n", prefix,
		   cnt.registered ? cnt.latency_sum / cnt.registered : 0.0);
}

/**
 * Soak: register every UE, keep them re-registering every period_ms for
 * soak_ms after the last one's first 200 (at most limit_ms for that first
 * round), finish what is in progress; returns TRUE if every UE registered
 * and no attempt failed
 */
static bool soak(unsigned window, double limit_ms, double soak_ms)
{
	double t0, last_scan, all = -1, end = -1, next_progress, now;
	unsigned registered;

	memset(&cnt, 0, sizeof(cnt));
	t0 = last_scan = now_ms();
	next_progress = t0 + PROGRESS_MS;
	bench_reg_fleet_queue_all(fleet);
	for (;;)
	{
		now = now_ms();
		if (end < 0)
		{
			start_due(window);
		}
		if (all < 0 &&
			bench_reg_fleet_registered_count(fleet) == ue_count)
		{
			all = now;
			printf("soak all registered s: %.3f\n", (all - t0) / 1000);
			fflush(stdout);
		}
		if (all < 0 && now - t0 > limit_ms)
		{
			fprintf(stderr, "bench_reg_load: not every UE registered in "
					"%.0f s\n", limit_ms / 1000);
			give_up();
			break;
		}
		if (end < 0 && all >= 0 && now - all >= soak_ms)
		{	/* no new attempts: finish those in progress */
			end = now;
		}
		if (end >= 0 && (free_count == slot_count ||
						 now - end > SOAK_DRAIN_MS))
		{
			give_up();
			break;
		}
		if (now >= next_progress)
		{
			next_progress += PROGRESS_MS;
			printf("soak progress: s=%.0f soak_s=%.0f registrations=%u "
				   "reregistrations=%u failed=%u outstanding=%u\n",
				   (now - t0) / 1000, all < 0 ? -1 : (now - all) / 1000,
				   cnt.registered, cnt.again, cnt.failed,
				   slot_count - free_count);
			fflush(stdout);
		}
		step(&last_scan);
	}
	registered = bench_reg_fleet_registered_count(fleet);
	now = now_ms();
	printf("soak ues: %u\n", ue_count);
	printf("soak period s: %.3f\n", period_ms / 1000);
	printf("soak expires s: %u\n", conf.expires);
	printf("soak after all registered s: %.3f\n", all < 0 ? 0 : ((end < 0 ? now : end) -
												   all) / 1000);
	print_phase("soak ", now - t0);
	printf("soak reregistrations: %u\n", cnt.again);
	printf("soak timeouts: %u\n", cnt.timeouts);
	printf("soak 5xx: %u\n", cnt.server_errors);
	printf("soak ues registered at the end: %u\n", registered);
	return all >= 0 && !cnt.failed && registered == ue_count;
}

/**
 * The storm: wait for the line naming the kill time, register every UE
 * again at once, print the figures; returns TRUE if all registered
 */
static bool storm(double base_ms, double max_ms, double limit_ms)
{
	char line[128];
	double kill_real, kill_ms, storm_ms, ms;
	unsigned registered;

	/* a UE registering while it holds its old set offers other SPIs */
	conf.spi_gen = 1;
	if (!bench_reg_ue_prepare(&conf, ue_count))
	{
		fprintf(stderr, "bench_reg_load: preparing the UEs failed\n");
		return false;
	}
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin) ||
		sscanf(line, "storm %lf", &kill_real) != 1)
	{
		fprintf(stderr, "bench_reg_load: no \"storm <seconds>\" line\n");
		return false;
	}
	storm_ms = now_ms();
	kill_ms = storm_ms - (clock_ms(CLOCK_REALTIME) - kill_real * 1000.0);
	bench_reg_fleet_queue_all(fleet);
	ms = run(ue_count, limit_ms);
	registered = bench_reg_fleet_registered_count(fleet);
	printf("storm ues: %u\n", ue_count);
	printf("storm backoff base s: %.3f\n", base_ms / 1000);
	printf("storm backoff max s: %.3f\n", max_ms / 1000);
	printf("storm restart s: %.3f\n", (storm_ms - kill_ms) / 1000);
	print_phase("storm ", ms);
	printf("storm timeouts: %u\n", cnt.timeouts);
	printf("storm 5xx: %u\n", cnt.server_errors);
	printf("storm 503 retry-after: %u\n", cnt.retry_after);
	printf("storm most attempts per UE: %u\n",
		   bench_reg_fleet_max_attempts(fleet));
	printf("storm permanent failures: %u\n", ue_count - registered);
	if (registered == ue_count)
	{
		printf("storm restoration s: %.3f\n",
			   bench_reg_fleet_percentile(fleet, kill_ms, 100) / 1000);
	}
	else
	{
		printf("storm restoration s: none\n");
	}
	printf("storm outage p50 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 50) / 1000);
	printf("storm outage p95 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 95) / 1000);
	printf("storm outage p99 s: %.3f\n",
		   bench_reg_fleet_percentile(fleet, kill_ms, 99) / 1000);
	return registered == ue_count;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_reg_load -g FILE -n N\n"
			"       bench_reg_load -m pcscf|direct|digest -n N -t ADDR:PORT "
			"[-s ADDR:PORT]\n"
			"                      [-w WINDOW] [-b UE-BASE] [-N NAT-BASE] "
			"[-P PASSWORD] [-T SECONDS] [-R RUN]\n"
			"                      [-S [-B BASE-S] [-M MAX-S] "
			"[-L STORM-SECONDS]]\n"
			"                      [-E PERIOD -D SECONDS [-B BASE-S] "
			"[-M MAX-S]]\n");
	exit(2);
}

/**
 * A positive number of seconds as ms
 */
static double seconds_ms(const char *text)
{
	char *end;
	double s;

	s = strtod(text, &end);
	if (end == text || *end || !(s > 0) || s > 86400)
	{
		usage();
	}
	return s * 1000;
}

int main(int argc, char *argv[])
{
	const char *gen = NULL, *mode = NULL;
	unsigned n = 0, window = 64, i;
	int opt, run_id = getpid();
	double limit_ms = 60000, base_ms = 1000, max_ms = 30000;
	double storm_limit_ms = 300000, soak_ms = 0, ms;
	bool storm_mode = false, ok;
	struct in_addr base, outer = { 0 };
	FILE *out;

	conf.domain = "ims.example.net";
	conf.port = 15060;
	conf.port_c = 15064;
	conf.port_s = 15066;
	conf.password = "bench-secret";
	inet_pton(AF_INET, "10.64.0.0", &base);
	while ((opt = getopt(argc, argv, "g:m:n:t:s:w:b:N:P:T:R:SB:M:L:E:D:")) != -1)
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
			case 'T': limit_ms = seconds_ms(optarg); break;
			case 'R': run_id = atoi(optarg); break;
			case 'S': storm_mode = true; break;
			case 'B': base_ms = seconds_ms(optarg); break;
			case 'M': max_ms = seconds_ms(optarg); break;
			case 'L': storm_limit_ms = seconds_ms(optarg); break;
			case 'E': period_ms = seconds_ms(optarg); break;
			case 'D': soak_ms = seconds_ms(optarg); break;
			default: usage();
		}
	}
	if (!n || n > BENCH_REG_MAX_UES || !window || window > 10000)
	{
		usage();
	}
	conf.base = ntohl(base.s_addr);
	conf.outer_base = ntohl(outer.s_addr);
	snprintf(conf.callid, sizeof(conf.callid), "r%dx", run_id);
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
	else if (period_ms)
	{	/* re-registrations are protected ones */
		usage();
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
	if (!period_ms != !soak_ms || (period_ms && storm_mode) ||
		period_ms > 86400000.0 / 2)
	{
		usage();
	}
	if (period_ms)
	{	/* TS 24.229 5.1.1.4: re-registered at half the expiry */
		conf.rotate_sets = true;
		conf.expires = 2 * (unsigned)(period_ms / 1000 + 0.5);
	}
	if (!bench_reg_ue_prepare(&conf, n))
	{
		fprintf(stderr, "bench_reg_load: preparing the UEs failed\n");
		return 1;
	}
	window = window < n ? window : n;
	ue_count = n;
	retry = storm_mode || period_ms;
	/* a storm has every UE outstanding at once */
	slot_count = storm_mode ? n : window;
	fleet = bench_reg_fleet_create(n, base_ms, max_ms, run_id);
	slot_of = malloc(n * sizeof(*slot_of));
	slots = calloc(slot_count, sizeof(*slots));
	free_slots = calloc(slot_count, sizeof(*free_slots));
	in_force = period_ms ? malloc(n) : NULL;
	holds = period_ms ? calloc(n, sizeof(*holds)) : NULL;
	sock_u = open_socket(conf.port);
	if (conf.mode == BENCH_REG_PCSCF)
	{
		for (i = 0; i < (conf.rotate_sets ? BENCH_REG_SETS : 1); i++)
		{
			sock_c[i] = open_socket(bench_reg_ue_port_c(&conf, i));
			if (sock_c[i] < 0)
			{
				return 1;
			}
		}
	}
	if (!fleet || !slot_of || !slots || !free_slots || sock_u < 0 ||
		(conf.rotate_sets && (!in_force || !holds)))
	{
		return 1;
	}
	for (i = 0; i < n; i++)
	{
		slot_of[i] = -1;
		if (in_force)
		{
			in_force[i] = -1;
		}
	}
	for (i = 0; i < slot_count; i++)
	{
		slots[i].ue = -1;
		free_slots[free_count++] = slot_count - 1 - i;
	}

	printf("mode: %s\n", mode);
	printf("ues: %u\n", n);
	printf("window: %u\n", window);
	printf("nat: %s\n", conf.outer_base ? "emulated (SM1 from another address)"
		   : "none");
	if (period_ms)
	{
		fflush(stdout);
		ok = soak(window, limit_ms, soak_ms);
	}
	else
	{
		bench_reg_fleet_queue_all(fleet);
		ms = run(window, limit_ms);
		print_phase("", ms);
		ok = cnt.registered == n && (storm_mode || !cnt.failed);
	}
	if (storm_mode && ok)
	{
		ok = storm(base_ms, max_ms, storm_limit_ms);
	}
	bench_reg_ue_cleanup();
	bench_reg_fleet_destroy(fleet);
	free(free_slots);
	free(slots);
	free(slot_of);
	free(in_force);
	free(holds);
	close(sock_u);
	for (i = 0; i < BENCH_REG_SETS; i++)
	{
		if (sock_c[i] >= 0)
		{
			close(sock_c[i]);
		}
	}
	return ok ? 0 : 1;
}

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
 * CPU cost of NAT-keepalives for many bindings, as percent of one core:
 *
 *  wheel-count      the timing wheel driven tick by tick through one full
 *                   interval with a send callback that only counts
 *  wheel-sendto     the same with a real sendto() of one byte per
 *                   keep-alive to a UDP socket of ours on 127.0.0.1
 *  sendto-floor     the same number of sendto() calls in a plain loop, the
 *                   kernel's share of wheel-sendto that any design pays
 *  wheel-scheduler  the wheel on lib->scheduler in real time, one job
 *  naive-scheduler  the baseline: one strongSwan scheduler job per binding,
 *                   rescheduled every interval, in real time
 *
 * The two wheel-* figures drive the wheel without waiting: CPU time of one
 * interval's ticks divided by the interval. The *-scheduler figures are
 * measured over SCHED-SECONDS of wall time with the scheduled interval
 * scaled to SCHED-SECONDS too (so each binding fires about once), then
 * reported per fire and extrapolated to the real interval: CPU per fire *
 * bindings / interval. Memory is the malloc'ed bytes per binding
 * (mallinfo2), including the cloned hosts.
 *
 * usage: keepalive [BINDINGS [INTERVAL-SECONDS [SCHED-SECONDS]]]
 *        (defaults 100000, 20, 20)
 */

#define _GNU_SOURCE
#include <imsaka_keepalive.h>

#include <library.h>
#include <processing/jobs/callback_job.h>
#include <processing/processor.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/** worker threads for the scheduled runs, charon's default is 16 */
#define THREADS 16

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t heap_used(void)
{
	return mallinfo2().uordblks;
}

/** keep-alives sent, by any design */
static refcount_t sent;

static void send_count(void *data, host_t *src, host_t *dst)
{
	ref_get(&sent);
}

/** socket for send_sendto */
static int tx = -1;

static void send_sendto(void *data, host_t *src, host_t *dst)
{
	static const char keepalive = 0xFF;

	if (sendto(tx, &keepalive, 1, 0, dst->get_sockaddr(dst),
			   *dst->get_sockaddr_len(dst)) == 1)
	{
		ref_get(&sent);
	}
}

/**
 * Destination of every binding: a UDP socket bound on 127.0.0.1 that is
 * never read, so the kernel discards what does not fit its buffer
 */
static host_t *discard_host(int *rx)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sin);

	*rx = socket(AF_INET, SOCK_DGRAM, 0);
	if (*rx < 0 || bind(*rx, (struct sockaddr*)&sin, len) ||
		getsockname(*rx, (struct sockaddr*)&sin, &len))
	{
		perror("discard socket");
		exit(EXIT_FAILURE);
	}
	return host_create_from_sockaddr((struct sockaddr*)&sin);
}

/**
 * Source of every binding, as it would be charon's NAT-T socket
 */
static host_t *src_host(void)
{
	return host_create_from_string("127.0.0.1", 4500);
}

/**
 * Add n bindings, printing the add rate and memory per binding
 */
static uintptr_t *add_all(imsaka_keepalive_t *ka, u_int n, host_t *dst,
						  const char *name)
{
	uintptr_t *ids;
	host_t *src = src_host();
	size_t heap;
	double start;
	u_int i;

	ids = malloc(n * sizeof(uintptr_t));
	heap = heap_used();
	start = wall_now();
	for (i = 0; i < n; i++)
	{
		ids[i] = ka->add(ka, src, dst);
	}
	printf("%s adds/s: %.0f\n", name, n / (wall_now() - start));
	printf("%s bytes/binding: %.0f\n", name,
		   (double)(heap_used() - heap) / n);
	src->destroy(src);
	return ids;
}

/**
 * Remove n bindings, printing the remove rate
 */
static void remove_all(imsaka_keepalive_t *ka, uintptr_t *ids, u_int n,
					   const char *name)
{
	double start;
	u_int i;

	start = wall_now();
	for (i = 0; i < n; i++)
	{
		if (!ka->remove(ka, ids[i]))
		{
			fprintf(stderr, "remove %u failed\n", i);
			exit(EXIT_FAILURE);
		}
	}
	printf("%s removes/s: %.0f\n", name, n / (wall_now() - start));
	free(ids);
}

/**
 * Drive the wheel through one interval without waiting
 */
static void wheel_direct(imsaka_keepalive_send_t send, const char *name,
						 u_int n, u_int interval_s, host_t *dst)
{
	imsaka_keepalive_t *ka;
	uintptr_t *ids;
	double cpu;
	u_int i;

	ka = imsaka_keepalive_create(send, NULL, interval_s * 1000,
								 IMSAKA_KEEPALIVE_TICK_DEFAULT);
	ids = add_all(ka, n, dst, name);
	sent = 0;
	cpu = cpu_now();
	/* the tick is 1 s, so interval_s ticks are one revolution */
	for (i = 0; i < interval_s; i++)
	{
		ka->run_tick(ka);
	}
	cpu = cpu_now() - cpu;
	printf("%s keepalives: %u\n", name, (u_int)sent);
	printf("%s cpu-s/interval: %.6f\n", name, cpu);
	printf("%s %%core: %.4f\n", name, 100.0 * cpu / interval_s);
	remove_all(ka, ids, n, name);
	ka->destroy(ka);
}

/**
 * The sendto() calls of one interval alone
 */
static void sendto_floor(u_int n, u_int interval_s, host_t *dst)
{
	const char *name = "sendto-floor";
	double cpu;
	u_int i;

	sent = 0;
	cpu = cpu_now();
	for (i = 0; i < n; i++)
	{
		send_sendto(NULL, NULL, dst);
	}
	cpu = cpu_now() - cpu;
	printf("%s keepalives: %u\n", name, (u_int)sent);
	printf("%s cpu-s/interval: %.6f\n", name, cpu);
	printf("%s %%core: %.4f\n", name, 100.0 * cpu / interval_s);
}

/**
 * Print the figures of a scheduled run
 */
static void print_scheduled(const char *name, u_int n, u_int interval_s,
							double cpu, double wall)
{
	double per_fire = sent ? cpu / sent : 0;

	printf("%s keepalives: %u in %.1fs\n", name, (u_int)sent, wall);
	printf("%s cpu-us/keepalive: %.3f\n", name, per_fire * 1e6);
	printf("%s %%core measured: %.4f\n", name, 100.0 * cpu / wall);
	printf("%s %%core: %.4f\n", name, 100.0 * per_fire * n / interval_s);
}

/**
 * The wheel on lib->scheduler, interval scaled to sched_s
 */
static void wheel_scheduled(u_int n, u_int interval_s, u_int sched_s,
							host_t *dst)
{
	const char *name = "wheel-scheduler";
	imsaka_keepalive_t *ka;
	uintptr_t *ids;
	double cpu, wall;

	/* as many ticks per interval as the real configuration has */
	ka = imsaka_keepalive_create(send_count, NULL, sched_s * 1000,
								 sched_s * 1000 / interval_s);
	ids = add_all(ka, n, dst, name);
	sent = 0;
	cpu = cpu_now();
	wall = wall_now();
	sleep(sched_s);
	cpu = cpu_now() - cpu;
	wall = wall_now() - wall;
	print_scheduled(name, n, interval_s, cpu, wall);
	remove_all(ka, ids, n, name);
	ka->destroy(ka);
}

/**
 * A binding of the naive design, the data of its own job
 */
typedef struct {
	host_t *src;
	host_t *dst;
	u_int interval_ms;
} naive_t;

/** tells the naive jobs to stop rescheduling */
static bool naive_stop;

static job_requeue_t naive_job(naive_t *this)
{
	if (naive_stop)
	{
		return JOB_REQUEUE_NONE;
	}
	send_count(NULL, this->src, this->dst);
	return JOB_RESCHEDULE_MS(this->interval_ms);
}

static void naive_destroy(naive_t *this)
{
	this->src->destroy(this->src);
	this->dst->destroy(this->dst);
	free(this);
}

/**
 * One scheduler job per binding, as ike_sa_t does for its keep-alives,
 * interval scaled to sched_s
 */
static void naive_scheduled(u_int n, u_int interval_s, u_int sched_s,
							host_t *dst)
{
	const char *name = "naive-scheduler";
	host_t *src = src_host();
	naive_t *naive;
	size_t heap;
	double cpu, wall;
	u_int i;

	heap = heap_used();
	wall = wall_now();
	for (i = 0; i < n; i++)
	{
		INIT(naive,
			.src = src->clone(src),
			.dst = dst->clone(dst),
			.interval_ms = sched_s * 1000,
		);
		/* the same jitter as the wheel: a random first fire */
		lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)naive_job, naive,
									(callback_job_cleanup_t)naive_destroy, NULL),
			random() % (sched_s * 1000));
	}
	printf("%s adds/s: %.0f\n", name, n / (wall_now() - wall));
	printf("%s bytes/binding: %.0f\n", name,
		   (double)(heap_used() - heap) / n);
	sent = 0;
	cpu = cpu_now();
	wall = wall_now();
	sleep(sched_s);
	cpu = cpu_now() - cpu;
	wall = wall_now() - wall;
	print_scheduled(name, n, interval_s, cpu, wall);
	naive_stop = TRUE;
	src->destroy(src);
}

static u_int arg(int argc, char *argv[], int i, u_int def)
{
	char *end;
	u_long value;

	if (argc <= i)
	{
		return def;
	}
	value = strtoul(argv[i], &end, 10);
	if (*end || !value || value > 10000000)
	{
		fprintf(stderr, "invalid argument '%s'\n", argv[i]);
		exit(EXIT_FAILURE);
	}
	return value;
}

int main(int argc, char *argv[])
{
	u_int n, interval_s, sched_s;
	host_t *dst;
	int rx;

	n = arg(argc, argv, 1, 100000);
	interval_s = arg(argc, argv, 2, 20);
	sched_s = arg(argc, argv, 3, 20);

	library_init(NULL, "keepalive-bench");
	dbg_default_set_level(0);
	dst = discard_host(&rx);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	printf("bindings: %u\ninterval-s: %u\nscheduled-s: %u\n", n, interval_s,
		   sched_s);

	wheel_direct(send_count, "wheel-count", n, interval_s, dst);
	wheel_direct(send_sendto, "wheel-sendto", n, interval_s, dst);
	sendto_floor(n, interval_s, dst);

	lib->processor->set_threads(lib->processor, THREADS);
	wheel_scheduled(n, interval_s, sched_s, dst);
	naive_scheduled(n, interval_s, sched_s, dst);

	lib->processor->cancel(lib->processor);
	dst->destroy(dst);
	close(tx);
	close(rx);
	library_deinit();
	return EXIT_SUCCESS;
}

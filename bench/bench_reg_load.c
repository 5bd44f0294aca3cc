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
 * Registration load generator of bench/run-registration.sh, run-soak.sh
 * and run-fleet.sh: one process emulating N UEs over non-blocking UDP,
 * each with its own IPv4 address (a local route on lo covers them;
 * sendmsg() picks the source address with IP_PKTINFO), at most W
 * registrations outstanding. A registration is two REGISTERs: the first
 * one is challenged with 401, the second answers with a response computed
 * here (AKA from the UE's K/OP with libimsaka's Milenage and Digest AKA,
 * or an MD5 Digest password), and it is done on the 200
 * (bench_reg_engine). Towards imsaka-pcscf the UEs do sec-agree with the
 * NAT-T extension; SM7 goes from the UE's port_c to the P-CSCF's
 * protected port_s in plaintext (no ESP: the data plane is not in the
 * measured path). With several P-CSCF units (-t and -s lists) UE i
 * registers with unit i % units.
 *
 * Storm mode (-S, bench_reg_storm), soak mode (-E PERIOD -D SECONDS,
 * bench_reg_soak) and failover mode (-F, bench_reg_failover) run after
 * or instead of the plain run.
 *
 * usage: bench_reg_load -g FILE -n N             write the subscribers file
 *        bench_reg_load -m pcscf|direct|digest -n N -t ADDR:PORT[,...]
 *                       [-s ADDR:PORT[,...]] [-w W] [-b UE-BASE] [-N NAT-BASE]
 *                       [-P PASSWORD] [-T SECONDS] [-R RUN] [-q RATE]
 *                       [-S [-B BASE-S] [-M MAX-S] [-L STORM-SECONDS]]
 *                       [-E PERIOD -D SECONDS [-B BASE-S] [-M MAX-S]]
 *                       [-F [-d DETECT-S] [-r MESSAGES/S] [--no-backoff]
 *                        [-B BASE-S] [-M MAX-S] [-L FAILOVER-SECONDS]]
 * -N: the first REGISTER of UE i comes from NAT-BASE + i (an emulated NAT
 * in front of the UEs, port kept), not from UE-BASE + i named in its Via.
 * -q: the plain run starts RATE registrations a second (a steady offered
 * load, still at most W outstanding) instead of as many as W allows.
 * Prints "name: value" lines; exits 1 unless every UE registered.
 */

#define _GNU_SOURCE
#include "bench_reg_engine.h"
#include "bench_reg_identity.h"
#include "bench_reg_failover.h"
#include "bench_reg_fleet.h"
#include "bench_reg_soak.h"
#include "bench_reg_storm.h"
#include "bench_reg_ue.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: bench_reg_load -g FILE -n N\n"
			"       bench_reg_load -m pcscf|direct|digest -n N "
			"-t ADDR:PORT[,...] [-s ADDR:PORT[,...]]\n"
			"                      [-w WINDOW] [-b UE-BASE] [-N NAT-BASE] "
			"[-P PASSWORD] [-T SECONDS] [-R RUN] [-q RATE]\n"
			"                      [-S [-B BASE-S] [-M MAX-S] "
			"[-L STORM-SECONDS]]\n"
			"                      [-E PERIOD -D SECONDS [-B BASE-S] "
			"[-M MAX-S]]\n"
			"                      [-F [-d DETECT-S] [-r MESSAGES/S] "
			"[--no-backoff] [-B BASE-S] [-M MAX-S]\n"
			"                       [-L FAILOVER-SECONDS]]\n");
	exit(2);
}

/**
 * A number of seconds, positive (or zero if allowed), as ms
 */
static double seconds_ms(const char *text, bool zero)
{
	char *end;
	double s;

	s = strtod(text, &end);
	if (end == text || *end || !(s > 0 || (zero && s == 0)) || s > 86400)
	{
		usage();
	}
	return s * 1000;
}

/**
 * A count in 1..max
 */
static unsigned count(const char *text, unsigned max)
{
	unsigned long v;
	char *end;

	v = strtoul(text, &end, 10);
	if (end == text || *end || !v || v > max)
	{
		usage();
	}
	return v;
}

/**
 * Parse a comma-separated list of IPv4 ADDR:PORT into addrs; returns how
 * many
 */
static unsigned parse_addrs(const char *text, imsaka_addr_t *addrs)
{
	const char *p = text, *comma;
	unsigned n = 0;
	size_t len;

	for (;;)
	{
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (n >= BENCH_REG_UNITS ||
			imsaka_addr_parse(p, len, true, &addrs[n]) != IMSAKA_SECAGREE_OK ||
			addrs[n].family != 4)
		{
			usage();
		}
		n++;
		if (!comma)
		{
			return n;
		}
		p = comma + 1;
	}
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "no-backoff", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	bench_reg_failover_conf_t fo = {
		.detect_ms = 5000,
		.backoff = true,
		.message_rate = 20,
	};
	const char *gen = NULL, *mode = NULL;
	unsigned n = 0, window = 64, units = 0, protected_units = 0, i;
	int opt, run_id = getpid();
	double limit_ms = 60000, base_ms = 1000, max_ms = 30000;
	double storm_limit_ms = 300000, soak_ms = 0, period_ms = 0, ms;
	double pace = 0;
	bool storm_mode = false, failover_mode = false, ok;
	struct in_addr base, outer = { 0 };
	bench_reg_conf_t conf = {
		.domain = "ims.example.net",
		.port = 15060,
		.port_c = 15064,
		.port_s = 15066,
		.password = "bench-secret",
	};
	bench_reg_fleet_t *fleet;
	bench_reg_engine_t *engine;
	FILE *out;

	inet_pton(AF_INET, "10.64.0.0", &base);
	while ((opt = getopt_long(argc, argv,
							  "g:m:n:t:s:w:b:N:P:T:R:SB:M:L:E:D:Fd:r:q:",
							  longopts, NULL)) != -1)
	{
		switch (opt)
		{
			case 'g': gen = optarg; break;
			case 'm': mode = optarg; break;
			case 'n': n = count(optarg, BENCH_REG_MAX_UES); break;
			case 't': units = parse_addrs(optarg, conf.target); break;
			case 's':
				protected_units = parse_addrs(optarg, conf.pcscf_protected);
				break;
			case 'w': window = count(optarg, 10000); break;
			case 'b':
				if (inet_pton(AF_INET, optarg, &base) != 1) usage();
				break;
			case 'N':
				if (inet_pton(AF_INET, optarg, &outer) != 1) usage();
				break;
			case 'P': conf.password = optarg; break;
			case 'T': limit_ms = seconds_ms(optarg, false); break;
			case 'R': run_id = atoi(optarg); break;
			case 'S': storm_mode = true; break;
			case 'B': base_ms = seconds_ms(optarg, false); break;
			case 'M': max_ms = seconds_ms(optarg, false); break;
			case 'L': storm_limit_ms = seconds_ms(optarg, false); break;
			case 'E': period_ms = seconds_ms(optarg, false); break;
			case 'D': soak_ms = seconds_ms(optarg, false); break;
			case 'F': failover_mode = true; break;
			case 'd': fo.detect_ms = seconds_ms(optarg, true); break;
			case 'r': fo.message_rate = seconds_ms(optarg, true) / 1000; break;
			case 'q': pace = seconds_ms(optarg, true) / 1000; break;
			case 'O': fo.backoff = false; break;
			default: usage();
		}
	}
	if (!n)
	{
		usage();
	}
	conf.base = ntohl(base.s_addr);
	conf.outer_base = ntohl(outer.s_addr);
	snprintf(conf.callid, sizeof(conf.callid), "r%dx", run_id);
	if (gen)
	{
		out = fopen(gen, "w");
		if (!out || !bench_reg_identity_subscribers(&conf, n, out) || fclose(out))
		{
			fprintf(stderr, "bench_reg_load: writing %s failed\n", gen);
			return 1;
		}
		return 0;
	}
	if (!mode || !units)
	{
		usage();
	}
	conf.units = units;
	if (strcmp(mode, "pcscf") == 0)
	{
		conf.mode = BENCH_REG_PCSCF;
		if (protected_units != units)
		{
			usage();
		}
	}
	else if (period_ms || failover_mode || units > 1)
	{	/* re-registrations are protected ones, MESSAGEs go to a unit */
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
		(failover_mode && (storm_mode || period_ms || units < 2)) ||
		period_ms > 86400000.0 / 2)
	{
		usage();
	}
	if (period_ms)
	{	/* TS 24.229 5.1.1.4: re-registered at half the expiry */
		conf.rotate_sets = true;
		conf.expires = 2 * (unsigned)(period_ms / 1000 + 0.5);
	}
	conf.unit_of = malloc(n);
	if (!conf.unit_of)
	{
		return 1;
	}
	for (i = 0; i < n; i++)
	{
		conf.unit_of[i] = i % units;
	}
	if (!bench_reg_ue_prepare(&conf, n))
	{
		fprintf(stderr, "bench_reg_load: preparing the UEs failed\n");
		return 1;
	}
	window = window < n ? window : n;
	fleet = bench_reg_fleet_create(n, base_ms, max_ms, run_id);
	/* a storm or failover has every UE outstanding at once */
	engine = fleet ? bench_reg_engine_create(&conf, fleet, n,
							storm_mode || failover_mode ? n : window,
							storm_mode || failover_mode || period_ms,
							period_ms) : NULL;
	if (!engine)
	{
		return 1;
	}
	printf("mode: %s\n", mode);
	printf("ues: %u\n", n);
	printf("units: %u\n", units);
	printf("window: %u\n", window);
	if (pace > 0)
	{
		printf("offered registrations/s: %.0f\n", pace);
	}
	printf("nat: %s\n", conf.outer_base ? "emulated (SM1 from another address)"
		   : "none");
	if (period_ms)
	{
		fflush(stdout);
		ok = bench_reg_soak_run(engine, fleet, &conf, n, period_ms, window,
								limit_ms, soak_ms);
	}
	else if (failover_mode)
	{
		fo.window = window;
		fo.first_limit_ms = limit_ms;
		fo.limit_ms = storm_limit_ms;
		fo.base_ms = base_ms;
		fo.max_ms = max_ms;
		ok = bench_reg_failover_run(engine, fleet, &conf, n, &fo);
	}
	else
	{
		if (pace > 0)
		{
			bench_reg_fleet_queue_paced(fleet, pace, bench_reg_now_ms());
		}
		else
		{
			bench_reg_fleet_queue_all(fleet);
		}
		ms = bench_reg_engine_run(engine, window, limit_ms);
		bench_reg_engine_print(engine, "", ms);
		ok = bench_reg_engine_counters(engine)->registered == n &&
			 (storm_mode || !bench_reg_engine_counters(engine)->failed);
		if (storm_mode && ok)
		{
			ok = bench_reg_storm_run(engine, fleet, &conf, n, base_ms, max_ms,
									 storm_limit_ms);
		}
	}
	bench_reg_ue_cleanup();
	bench_reg_engine_destroy(engine);
	bench_reg_fleet_destroy(fleet);
	free(conf.unit_of);
	return ok ? 0 : 1;
}

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
 * Milenage throughput on one core: full authentication vectors per second
 * (f1, f1*, f2, f3, f4, f5, f5* and AUTN, as the network builds them),
 * once with the same K reused and once with K changing every vector (key
 * schedule per subscriber), next to the AES-128 single-block rate of the
 * same implementation measured in the same run. A vector needs six AES
 * blocks, so AES rate / 6 is the bound.
 *
 * usage: milenage [SECONDS-PER-MEASUREMENT]
 */

#define _GNU_SOURCE
#include <aka.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** AES blocks per full vector: TEMP, OUT1..OUT5 */
#define BLOCKS_PER_VECTOR 6

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/** keeps results alive so the compiler can't drop the work */
static volatile uint8_t sink;

/**
 * Single AES blocks, one call each, inputs independent of outputs.
 */
static double bench_aes(imsaka_aes_impl_t impl, double seconds)
{
	uint8_t key[16] = { 0x2b }, in[16] = { 0 }, out[16], acc = 0;
	imsaka_aes128_t aes;
	uint64_t n = 0, i;
	double start, elapsed;

	imsaka_aes128_init(&aes, key, impl);
	start = now();
	do
	{
		for (i = 0; i < 4096; i++)
		{
			memcpy(in, &n, sizeof(n));
			imsaka_aes128_encrypt(&aes, in, out, 1);
			acc ^= out[0];
			n++;
		}
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	sink = acc;
	imsaka_aes128_wipe(&aes);
	return n / elapsed;
}

/**
 * Full vectors, K reused (same_k) or a new K (and key schedule) each time.
 */
static double bench_vectors(imsaka_aes_impl_t impl, bool same_k,
							double seconds)
{
	uint8_t k[16] = { 0x46 }, opc[16] = { 0xcd }, rand[16] = { 0x23 };
	uint8_t sqn[6] = { 0 }, amf[2] = { 0x80, 0x00 }, acc = 0;
	imsaka_aka_vector_t v;
	imsaka_milenage_t m;
	uint64_t n = 0, i;
	double start, elapsed;

	imsaka_milenage_init_impl(&m, k, opc, impl);
	start = now();
	do
	{
		for (i = 0; i < 1024; i++)
		{
			memcpy(rand, &n, sizeof(n));
			memcpy(sqn, &n, 6);
			if (!same_k)
			{
				memcpy(k, &n, sizeof(n));
				imsaka_milenage_init_impl(&m, k, opc, impl);
			}
			imsaka_aka_vector(&m, rand, sqn, amf, &v);
			acc ^= v.autn[15] ^ v.xres[0];
			n++;
		}
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	sink = acc;
	imsaka_aka_vector_wipe(&v);
	imsaka_milenage_wipe(&m);
	return n / elapsed;
}

int main(int argc, char *argv[])
{
	static const imsaka_aes_impl_t impls[] = {
		IMSAKA_AES_NI, IMSAKA_AES_OPENSSL,
	};
	double seconds = 1.0, aes, same, changing;
	const char *name;
	cpu_set_t cpus;
	char *end;
	int i;

	if (argc > 1)
	{
		seconds = strtod(argv[1], &end);
		if (*end || seconds <= 0 || seconds > 60)
		{
			fprintf(stderr, "usage: %s [SECONDS (0..60)]\n", argv[0]);
			return 2;
		}
	}
	/* one core: stay on the one we started on */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);

	printf("auto: %s\n", imsaka_aes128_impl_name(imsaka_aes128_auto()));
	for (i = 0; i < sizeof(impls) / sizeof(impls[0]); i++)
	{
		name = imsaka_aes128_impl_name(impls[i]);
		if (!imsaka_aes128_available(impls[i]))
		{
			printf("%s: not available on this CPU\n", name);
			continue;
		}
		aes = bench_aes(impls[i], seconds);
		same = bench_vectors(impls[i], true, seconds);
		changing = bench_vectors(impls[i], false, seconds);
		printf("%s aes128-blocks/s: %.0f\n", name, aes);
		printf("%s aes-bound-vectors/s: %.0f\n", name, aes / BLOCKS_PER_VECTOR);
		printf("%s vectors/s same-k: %.0f\n", name, same);
		printf("%s vectors/s k-changing: %.0f\n", name, changing);
		printf("%s ratio same-k: %.2f\n", name,
			   same / (aes / BLOCKS_PER_VECTOR));
		printf("%s ratio k-changing: %.2f\n", name,
			   changing / (aes / BLOCKS_PER_VECTOR));
	}
	return 0;
}

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

#include "bench_reg_identity.h"

#include <hex.h>

#include <string.h>

/** OP of every emulated subscriber */
static const uint8_t bench_op[16] = {
	0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x72, 0x65,
	0x67, 0x2d, 0x6f, 0x70, 0x2d, 0x30, 0x30, 0x31,
};

/** AMF the subscribers file gives */
#define BENCH_AMF "8000"

/**
 * K of a UE: splitmix64 of its number, so every UE has its own
 */
static void ue_k(unsigned ue, uint8_t k[16])
{
	uint64_t x = 0x696d73616b61ULL + ue, z;
	int i, j;

	for (i = 0; i < 2; i++)
	{
		x += 0x9e3779b97f4a7c15ULL;
		z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		for (j = 0; j < 8; j++)
		{
			k[i * 8 + j] = z >> (8 * j);
		}
	}
}

/*
 * Described in header
 */
void bench_reg_identity_keys(unsigned ue, uint8_t k[16], uint8_t op[16])
{
	ue_k(ue, k);
	memcpy(op, bench_op, 16);
}

/**
 * Address number ue of a block starting at base
 */
static void block_addr(uint32_t base, unsigned ue, imsaka_addr_t *addr)
{
	uint32_t a = base + (ue / 250) * 256 + ue % 250 + 1;

	memset(addr, 0, sizeof(*addr));
	addr->family = 4;
	addr->ip[0] = a >> 24;
	addr->ip[1] = a >> 16;
	addr->ip[2] = a >> 8;
	addr->ip[3] = a;
}

/*
 * Described in header
 */
void bench_reg_identity_addr(const bench_reg_conf_t *conf, unsigned ue,
							 imsaka_addr_t *addr)
{
	block_addr(conf->base, ue, addr);
}

/*
 * Described in header
 */
unsigned bench_reg_identity_unit(const bench_reg_conf_t *conf, unsigned ue)
{
	unsigned units = conf->units ?: 1;

	return conf->unit_of ? conf->unit_of[ue] % units : ue % units;
}

/*
 * Described in header
 */
void bench_reg_identity_source(const bench_reg_conf_t *conf, unsigned ue,
							   imsaka_addr_t *addr)
{
	block_addr(conf->outer_base ?: conf->base, ue, addr);
}

/*
 * Described in header
 */
bool bench_reg_identity_subscribers(const bench_reg_conf_t *conf,
									unsigned n,
									FILE *out)
{
	char k_hex[33], op_hex[33];
	uint8_t k[16];
	unsigned i;

	imsaka_hex_encode(bench_op, 16, op_hex);
	fprintf(out, "# %u emulated subscribers of the registration benchmark "
			"(bench/run-registration.sh)\nsubscribers {\n", n);
	for (i = 0; i < n; i++)
	{
		if (i % BENCH_REG_GROUP == 0)
		{
			fprintf(out, "%s\tg%u {\n", i ? "\t}\n" : "",
					i / BENCH_REG_GROUP);
		}
		ue_k(i, k);
		imsaka_hex_encode(k, 16, k_hex);
		fprintf(out, "\t\tu%u {\n\t\t\timpi = u%u@%s\n"
				"\t\t\timpu = sip:u%u@%s\n\t\t\tk = %s\n\t\t\top = %s\n"
				"\t\t\tamf = " BENCH_AMF "\n\t\t}\n",
				i, i, conf->domain, i, conf->domain, k_hex, op_hex);
	}
	memset(k, 0, sizeof(k));
	fprintf(out, "%s}\n", n ? "\t}\n" : "");
	return fflush(out) == 0 && !ferror(out);
}


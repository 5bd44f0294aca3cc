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

#include "milenage.h"

#include <string.h>
#include <openssl/crypto.h>

/** OUT1..OUT5 */
enum {
	OUT1 = (1 << 0),
	OUT2 = (1 << 1),
	OUT3 = (1 << 2),
	OUT4 = (1 << 3),
	OUT5 = (1 << 4),
};

/** rotation r2..r5 in bytes (TS 35.206 4.1: 0, 32, 64, 96 bits) */
static const int rot_bytes[] = { 0, 4, 8, 12 };

/**
 * x xor y, rotated left by r bytes (rot(x, r) of TS 35.206).
 */
static inline void xor_rot(uint8_t out[16], const uint8_t x[16],
						   const uint8_t y[16], int r)
{
	int i;

	for (i = 0; i < 16; i++)
	{
		out[i] = x[(i + r) & 15] ^ y[(i + r) & 15];
	}
}

/**
 * Compute the requested OUTi into outs[i - 1]. TEMP = E_K(RAND xor OPc) is
 * computed once; the OUTi blocks are independent and go to AES together.
 */
static bool milenage_outs(const imsaka_milenage_t *m, const uint8_t rand[16],
						  const uint8_t sqn[6], const uint8_t amf[2],
						  unsigned which, uint8_t outs[5][16])
{
	uint8_t temp[16], in1[16], blocks[5][16];
	int i, j, n = 0, idx[5];
	bool ok;

	for (i = 0; i < 16; i++)
	{
		temp[i] = rand[i] ^ m->opc[i];
	}
	if (!imsaka_aes128_encrypt(&m->aes, temp, temp, 1))
	{
		OPENSSL_cleanse(outs, 5 * 16);
		return false;
	}
	if (which & OUT1)
	{
		/* IN1 = SQN || AMF || SQN || AMF; r1 = 64 bits, c1 = 0 */
		memcpy(in1, sqn, 6);
		memcpy(in1 + 6, amf, 2);
		memcpy(in1 + 8, in1, 8);
		for (i = 0; i < 16; i++)
		{
			blocks[n][i] = temp[i] ^ in1[(i + 8) & 15] ^ m->opc[(i + 8) & 15];
		}
		idx[n++] = 0;
	}
	for (j = 0; j < 4; j++)
	{
		if (which & (OUT2 << j))
		{
			/* rot(TEMP xor OPc, r) xor c, c2..c5 = 1, 2, 4, 8 */
			xor_rot(blocks[n], temp, m->opc, rot_bytes[j]);
			blocks[n][15] ^= 1 << j;
			idx[n++] = j + 1;
		}
	}
	ok = imsaka_aes128_encrypt(&m->aes, blocks[0], blocks[0], n);
	for (j = 0; j < n; j++)
	{
		for (i = 0; i < 16; i++)
		{
			outs[idx[j]][i] = ok ? blocks[j][i] ^ m->opc[i] : 0;
		}
	}
	OPENSSL_cleanse(temp, sizeof(temp));
	OPENSSL_cleanse(blocks, sizeof(blocks));
	return ok;
}

/*
 * Described in header
 */
void imsaka_milenage_opc(const uint8_t k[static 16], const uint8_t op[static 16],
						 uint8_t opc[static 16])
{
	imsaka_aes128_t aes;
	uint8_t enc[16];
	int i;

	imsaka_aes128_init(&aes, k, IMSAKA_AES_AUTO);
	if (!imsaka_aes128_encrypt(&aes, op, enc, 1))
	{
		/* zeroed enc: callers can't tell, but OPc = OP is no secret leak */
		memset(enc, 0, sizeof(enc));
	}
	for (i = 0; i < 16; i++)
	{
		opc[i] = op[i] ^ enc[i];
	}
	OPENSSL_cleanse(enc, sizeof(enc));
	imsaka_aes128_wipe(&aes);
}

/*
 * Described in header
 */
bool imsaka_milenage_init_impl(imsaka_milenage_t *m, const uint8_t k[static 16],
							   const uint8_t opc[static 16],
							   imsaka_aes_impl_t impl)
{
	if (!imsaka_aes128_init(&m->aes, k, impl))
	{
		return false;
	}
	memcpy(m->opc, opc, IMSAKA_OP_LEN);
	return true;
}

/*
 * Described in header
 */
void imsaka_milenage_init(imsaka_milenage_t *m, const uint8_t k[static 16],
						  const uint8_t opc[static 16])
{
	imsaka_milenage_init_impl(m, k, opc, IMSAKA_AES_AUTO);
}

/*
 * Described in header
 */
void imsaka_milenage_f1(const imsaka_milenage_t *m, const uint8_t rand[static 16],
						const uint8_t sqn[static 6], const uint8_t amf[static 2],
						uint8_t mac_a[8], uint8_t mac_s[8])
{
	uint8_t outs[5][16];

	milenage_outs(m, rand, sqn, amf, OUT1, outs);
	if (mac_a)
	{
		memcpy(mac_a, outs[0], 8);
	}
	if (mac_s)
	{
		memcpy(mac_s, outs[0] + 8, 8);
	}
	OPENSSL_cleanse(outs, sizeof(outs));
}

/*
 * Described in header
 */
void imsaka_milenage_f2345(const imsaka_milenage_t *m,
						   const uint8_t rand[static 16], uint8_t res[8],
						   uint8_t ck[16], uint8_t ik[16], uint8_t ak[6])
{
	static const uint8_t zero[8];
	uint8_t outs[5][16];
	unsigned which = 0;

	which |= (res || ak) ? OUT2 : 0;
	which |= ck ? OUT3 : 0;
	which |= ik ? OUT4 : 0;
	if (!which)
	{
		return;
	}
	milenage_outs(m, rand, zero, zero, which, outs);
	if (res)
	{
		memcpy(res, outs[1] + 8, 8);
	}
	if (ak)
	{
		memcpy(ak, outs[1], 6);
	}
	if (ck)
	{
		memcpy(ck, outs[2], 16);
	}
	if (ik)
	{
		memcpy(ik, outs[3], 16);
	}
	OPENSSL_cleanse(outs, sizeof(outs));
}

/*
 * Described in header
 */
void imsaka_milenage_f5star(const imsaka_milenage_t *m,
							const uint8_t rand[static 16], uint8_t ak_s[6])
{
	static const uint8_t zero[8];
	uint8_t outs[5][16];

	milenage_outs(m, rand, zero, zero, OUT5, outs);
	memcpy(ak_s, outs[4], 6);
	OPENSSL_cleanse(outs, sizeof(outs));
}

/*
 * Described in header
 */
bool imsaka_milenage_all(const imsaka_milenage_t *m,
						 const uint8_t rand[static 16],
						 const uint8_t sqn[static 6],
						 const uint8_t amf[static 2], imsaka_milenage_out_t *out)
{
	uint8_t outs[5][16];
	bool ok;

	ok = milenage_outs(m, rand, sqn, amf, OUT1 | OUT2 | OUT3 | OUT4 | OUT5,
					   outs);
	memcpy(out->mac_a, outs[0], 8);
	memcpy(out->mac_s, outs[0] + 8, 8);
	memcpy(out->ak, outs[1], 6);
	memcpy(out->res, outs[1] + 8, 8);
	memcpy(out->ck, outs[2], 16);
	memcpy(out->ik, outs[3], 16);
	memcpy(out->ak_s, outs[4], 6);
	OPENSSL_cleanse(outs, sizeof(outs));
	return ok;
}

/*
 * Described in header
 */
void imsaka_milenage_wipe(imsaka_milenage_t *m)
{
	OPENSSL_cleanse(m, sizeof(*m));
}

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

#include "aka.h"

#include <string.h>
#include <openssl/crypto.h>

/** AMF of MAC-S in AUTS (TS 33.102 6.3.3) */
static const uint8_t amf_resync[IMSAKA_AMF_LEN] = { 0x00, 0x00 };

/*
 * Described in header
 */
void imsaka_aka_vector(const imsaka_milenage_t *m, const uint8_t rand[16],
					   const uint8_t sqn[6], const uint8_t amf[2],
					   imsaka_aka_vector_t *v)
{
	imsaka_milenage_out_t out;
	int i;

	imsaka_milenage_all(m, rand, sqn, amf, &out);
	memcpy(v->rand, rand, IMSAKA_RAND_LEN);
	for (i = 0; i < IMSAKA_SQN_LEN; i++)
	{
		v->autn[i] = sqn[i] ^ out.ak[i];
	}
	memcpy(v->autn + IMSAKA_SQN_LEN, amf, IMSAKA_AMF_LEN);
	memcpy(v->autn + IMSAKA_SQN_LEN + IMSAKA_AMF_LEN, out.mac_a,
		   IMSAKA_MAC_LEN);
	memcpy(v->xres, out.res, IMSAKA_RES_LEN);
	memcpy(v->ck, out.ck, IMSAKA_CK_LEN);
	memcpy(v->ik, out.ik, IMSAKA_IK_LEN);
	OPENSSL_cleanse(&out, sizeof(out));
}

/**
 * Remove the anonymity key: out = in xor ak.
 */
static void unmask(const uint8_t in[6], const uint8_t ak[6], uint8_t out[6])
{
	int i;

	for (i = 0; i < IMSAKA_SQN_LEN; i++)
	{
		out[i] = in[i] ^ ak[i];
	}
}

/*
 * Described in header
 */
imsaka_aka_status_t imsaka_aka_check(const imsaka_milenage_t *m,
									 imsaka_sqn_ms_t *ms, const uint8_t rand[16],
									 const uint8_t autn[16], uint8_t res[8],
									 uint8_t ck[16], uint8_t ik[16])
{
	static const uint8_t zero[IMSAKA_SQN_LEN];
	imsaka_milenage_out_t keys, mac;
	imsaka_aka_status_t status = IMSAKA_AKA_MAC_FAILURE;
	uint8_t sqn[IMSAKA_SQN_LEN];

	/* AK does not depend on SQN: first pass for AK, RES, CK, IK, second
	 * for MAC-A over the recovered SQN and the received AMF */
	if (imsaka_milenage_all(m, rand, zero, zero, &keys))
	{
		unmask(autn, keys.ak, sqn);
		if (imsaka_milenage_all(m, rand, sqn, autn + IMSAKA_SQN_LEN, &mac) &&
			CRYPTO_memcmp(mac.mac_a, autn + IMSAKA_SQN_LEN + IMSAKA_AMF_LEN,
						  IMSAKA_MAC_LEN) == 0)
		{
			status = IMSAKA_AKA_OK;
			if (ms && !imsaka_sqn_ms_accept(ms, sqn))
			{
				status = IMSAKA_AKA_SYNC_FAILURE;
			}
		}
	}
	if (status == IMSAKA_AKA_OK)
	{
		memcpy(res, keys.res, IMSAKA_RES_LEN);
		memcpy(ck, keys.ck, IMSAKA_CK_LEN);
		memcpy(ik, keys.ik, IMSAKA_IK_LEN);
	}
	else
	{
		OPENSSL_cleanse(res, IMSAKA_RES_LEN);
		OPENSSL_cleanse(ck, IMSAKA_CK_LEN);
		OPENSSL_cleanse(ik, IMSAKA_IK_LEN);
	}
	OPENSSL_cleanse(&keys, sizeof(keys));
	OPENSSL_cleanse(&mac, sizeof(mac));
	OPENSSL_cleanse(sqn, sizeof(sqn));
	return status;
}

/*
 * Described in header
 */
void imsaka_aka_autn_sqn(const imsaka_milenage_t *m, const uint8_t rand[16],
						 const uint8_t autn[16], uint8_t sqn[6])
{
	uint8_t ak[IMSAKA_AK_LEN];

	imsaka_milenage_f2345(m, rand, NULL, NULL, NULL, ak);
	unmask(autn, ak, sqn);
	OPENSSL_cleanse(ak, sizeof(ak));
}

/*
 * Described in header
 */
void imsaka_aka_auts(const imsaka_milenage_t *m, const imsaka_sqn_ms_t *ms,
					 const uint8_t rand[16], uint8_t auts[14])
{
	imsaka_milenage_out_t out;
	uint8_t sqn_ms[IMSAKA_SQN_LEN];

	imsaka_sqn_ms_highest(ms, sqn_ms);
	imsaka_milenage_all(m, rand, sqn_ms, amf_resync, &out);
	unmask(sqn_ms, out.ak_s, auts);
	memcpy(auts + IMSAKA_SQN_LEN, out.mac_s, IMSAKA_MAC_LEN);
	OPENSSL_cleanse(&out, sizeof(out));
}

/*
 * Described in header
 */
bool imsaka_aka_check_auts(const imsaka_milenage_t *m, const uint8_t rand[16],
						   const uint8_t auts[14], uint8_t sqn_ms[6])
{
	static const uint8_t zero[IMSAKA_SQN_LEN];
	imsaka_milenage_out_t out;
	bool ok = false;

	if (imsaka_milenage_all(m, rand, zero, zero, &out))
	{
		unmask(auts, out.ak_s, sqn_ms);
		ok = imsaka_milenage_all(m, rand, sqn_ms, amf_resync, &out) &&
			 CRYPTO_memcmp(out.mac_s, auts + IMSAKA_SQN_LEN,
						   IMSAKA_MAC_LEN) == 0;
	}
	if (!ok)
	{
		memset(sqn_ms, 0, IMSAKA_SQN_LEN);
	}
	OPENSSL_cleanse(&out, sizeof(out));
	return ok;
}

/*
 * Described in header
 */
void imsaka_aka_vector_wipe(imsaka_aka_vector_t *v)
{
	OPENSSL_cleanse(v, sizeof(*v));
}

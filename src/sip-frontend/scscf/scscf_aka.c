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

#include "scscf_aka.h"

#include <hex.h>
#include <library.h>

#include <ctype.h>
#include <openssl/rand.h>

/*
 * Described in header
 */
bool scscf_digest_value(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
						char *buf, size_t size)
{
	const char *value;
	size_t len;

	if (!imsaka_digest_get(hdr, param, &value, &len))
	{
		return FALSE;
	}
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
	{
		value++;
		len -= 2;
	}
	if (len >= size || memchr(value, '\\', len))
	{
		return FALSE;
	}
	memcpy(buf, value, len);
	buf[len] = '\0';
	return TRUE;
}

/**
 * Current time for the SQN generator, ms since the epoch
 */
static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Described in header
 */
bool scscf_aka_challenge_header(const scscf_challenge_t *challenge,
								const char *realm, char *header, size_t size)
{
	char ck[2 * IMSAKA_CK_LEN + 1], ik[2 * IMSAKA_IK_LEN + 1];
	imsaka_digest_t hdr;
	size_t len;
	bool ok;

	imsaka_hex_encode(challenge->vector.ck, IMSAKA_CK_LEN, ck);
	imsaka_hex_encode(challenge->vector.ik, IMSAKA_IK_LEN, ik);
	imsaka_digest_init(&hdr, IMSAKA_DIGEST_CHALLENGE);
	ok = imsaka_digest_set(&hdr, IMSAKA_DIGEST_REALM, realm) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(&hdr, IMSAKA_DIGEST_NONCE,
						   challenge->nonce) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(&hdr, IMSAKA_DIGEST_ALGORITHM,
				imsaka_digest_aka_algorithm_name(challenge->version)) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(&hdr, IMSAKA_DIGEST_QOP, "auth") == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(&hdr, IMSAKA_DIGEST_CK, ck) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(&hdr, IMSAKA_DIGEST_IK, ik) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_build(&hdr, header, size, &len) == IMSAKA_SECAGREE_OK;
	imsaka_digest_wipe(&hdr);
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	if (!ok)
	{
		DBG1(DBG_CFG, "building the challenge for '%s' failed",
			 challenge->sub->impi);
		return FALSE;
	}
	return TRUE;
}

/*
 * Described in header
 */
bool scscf_aka_challenge(scscf_challenge_t *challenge,
						 imsaka_digest_aka_version_t version,
						 const char *realm, char *header, size_t size)
{
	scscf_subscriber_t *sub = challenge->sub;
	uint8_t rand[IMSAKA_RAND_LEN], sqn[IMSAKA_SQN_LEN];

	if (RAND_bytes(rand, sizeof(rand)) != 1)
	{
		DBG1(DBG_CFG, "no random bytes for a challenge of '%s'", sub->impi);
		return FALSE;
	}
	imsaka_sqn_he_next(&sub->sqn, now_ms(), sqn);
	imsaka_aka_vector(&sub->milenage, rand, sqn, sub->amf, &challenge->vector);
	challenge->version = version;
	if (imsaka_digest_aka_nonce_build(rand, challenge->vector.autn, NULL, 0,
				challenge->nonce, sizeof(challenge->nonce)) != IMSAKA_DIGEST_AKA_OK)
	{
		DBG1(DBG_CFG, "building the nonce for '%s' failed", sub->impi);
		return FALSE;
	}
	if (!scscf_aka_challenge_header(challenge, realm, header, size))
	{
		return FALSE;
	}
	DBG2(DBG_CFG, "challenge for '%s' with SQN %llu", sub->impi,
		 (unsigned long long)imsaka_sqn_load(sqn));
	return TRUE;
}

/*
 * Described in header
 */
bool scscf_aka_verify(const scscf_challenge_t *challenge,
					  const imsaka_digest_t *cred, const char *method)
{
	char username[SCSCF_MAX_ID], realm[SCSCF_MAX_ID], uri[1024];
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1], qop[16], nc[16], cnonce[256];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	char expected[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	imsaka_digest_params_t params;
	size_t password_len, i;
	bool has_qop, ok;

	if (!scscf_digest_value(cred, IMSAKA_DIGEST_USERNAME, username,
							sizeof(username)) ||
		!scscf_digest_value(cred, IMSAKA_DIGEST_REALM, realm, sizeof(realm)) ||
		!scscf_digest_value(cred, IMSAKA_DIGEST_URI, uri, sizeof(uri)) ||
		!scscf_digest_value(cred, IMSAKA_DIGEST_NONCE, nonce, sizeof(nonce)) ||
		!scscf_digest_value(cred, IMSAKA_DIGEST_RESPONSE, response,
							sizeof(response)) ||
		strlen(response) != IMSAKA_DIGEST_RESPONSE_LEN)
	{
		DBG1(DBG_CFG, "Authorization of '%s' lacks a parameter or has a bad "
			 "one", challenge->sub->impi);
		return FALSE;
	}
	has_qop = scscf_digest_value(cred, IMSAKA_DIGEST_QOP, qop, sizeof(qop));
	if (has_qop &&
		(!scscf_digest_value(cred, IMSAKA_DIGEST_NC, nc, sizeof(nc)) ||
		 !scscf_digest_value(cred, IMSAKA_DIGEST_CNONCE, cnonce,
							 sizeof(cnonce))))
	{
		DBG1(DBG_CFG, "Authorization of '%s' has qop without nc or cnonce",
			 challenge->sub->impi);
		return FALSE;
	}
	if (!streq(nonce, challenge->nonce))
	{
		return FALSE;
	}
	params = (imsaka_digest_params_t){
		.username = username,
		.realm = realm,
		.method = method,
		.uri = uri,
		.nonce = nonce,
		.qop = has_qop ? qop : NULL,
		.nc = has_qop ? nc : NULL,
		.cnonce = has_qop ? cnonce : NULL,
	};
	ok = imsaka_digest_aka_password(challenge->version, challenge->vector.xres,
						IMSAKA_RES_LEN, challenge->vector.ck,
						challenge->vector.ik, password,
						&password_len) == IMSAKA_DIGEST_AKA_OK &&
		 imsaka_digest_response(&params, password, password_len,
								expected) == IMSAKA_DIGEST_AKA_OK;
	memwipe(password, sizeof(password));
	if (!ok)
	{
		DBG1(DBG_CFG, "computing the expected response of '%s' failed (qop "
			 "'%s')", challenge->sub->impi, has_qop ? qop : "");
		return FALSE;
	}
	for (i = 0; i < IMSAKA_DIGEST_RESPONSE_LEN; i++)
	{	/* hex digits in either case; expected is lower case */
		response[i] = tolower((unsigned char)response[i]);
	}
	ok = memeq_const(response, expected, IMSAKA_DIGEST_RESPONSE_LEN);
	memwipe(expected, sizeof(expected));
	return ok;
}

/*
 * Described in header
 */
bool scscf_aka_resync(scscf_challenge_t *challenge, const char *auts,
					  uint64_t *seq_ms)
{
	uint8_t raw[IMSAKA_AUTS_LEN], sqn_ms[IMSAKA_SQN_LEN];
	scscf_subscriber_t *sub = challenge->sub;

	if (imsaka_digest_aka_auts_decode(auts, strlen(auts), raw) !=
														IMSAKA_DIGEST_AKA_OK)
	{
		DBG1(DBG_CFG, "auts of '%s' is not base64 of 14 bytes", sub->impi);
		return FALSE;
	}
	if (!imsaka_aka_check_auts(&sub->milenage, challenge->vector.rand, raw,
							   sqn_ms))
	{
		DBG1(DBG_CFG, "auts of '%s' has a wrong MAC-S", sub->impi);
		return FALSE;
	}
	imsaka_sqn_he_resync(&sub->sqn, sqn_ms);
	*seq_ms = imsaka_sqn_load(sqn_ms) >> sub->sqn.ind_bits;
	DBG1(DBG_CFG, "SQN of '%s' resynchronised to %llu", sub->impi,
		 (unsigned long long)imsaka_sqn_load(sqn_ms));
	return TRUE;
}

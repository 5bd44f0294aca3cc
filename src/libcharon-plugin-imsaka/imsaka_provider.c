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

#include "imsaka_provider.h"
#include "imsaka_subscriber.h"

#include <time.h>

#include <daemon.h>

#include <aka.h>
#include <hex.h>

typedef struct private_imsaka_provider_t private_imsaka_provider_t;

/**
 * Private data of an imsaka_provider_t object.
 */
struct private_imsaka_provider_t {

	/**
	 * Public interface
	 */
	imsaka_provider_t public;

	/**
	 * SQN state of the subscribers
	 */
	imsaka_sqn_table_t *sqns;

	/**
	 * AMF for subscribers whose secret names none
	 */
	uint8_t amf[IMSAKA_AMF_LEN];
};

/**
 * Wall clock in milliseconds, the time base of the SQN generator
 */
static uint64_t now_ms()
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

METHOD(simaka_provider_t, get_quintuplet, bool,
	private_imsaka_provider_t *this, identification_t *id,
	char rand[AKA_RAND_LEN], char xres[AKA_RES_MAX], int *xres_len,
	char ck[AKA_CK_LEN], char ik[AKA_IK_LEN], char autn[AKA_AUTN_LEN])
{
	imsaka_subscriber_t sub;
	imsaka_sqn_state_t *state;
	imsaka_aka_vector_t vector;
	uint8_t sqn[IMSAKA_SQN_LEN];
	rng_t *rng;

	rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
	if (!rng || !rng->get_bytes(rng, IMSAKA_RAND_LEN, vector.rand))
	{
		DBG1(DBG_IKE, "generating RAND failed");
		DESTROY_IF(rng);
		return FALSE;
	}
	rng->destroy(rng);
	if (!imsaka_subscriber_get(id, &sub))
	{
		return FALSE;
	}
	state = this->sqns->lock(this->sqns, id);
	imsaka_sqn_he_next(&state->he, now_ms(), sqn);
	this->sqns->unlock(this->sqns);

	imsaka_aka_vector(&sub.milenage, vector.rand, sqn,
					  sub.has_amf ? sub.amf : this->amf, &vector);
	imsaka_subscriber_wipe(&sub);

	memcpy(rand, vector.rand, AKA_RAND_LEN);
	memcpy(autn, vector.autn, AKA_AUTN_LEN);
	memcpy(xres, vector.xres, IMSAKA_RES_LEN);
	memcpy(ck, vector.ck, AKA_CK_LEN);
	memcpy(ik, vector.ik, AKA_IK_LEN);
	*xres_len = IMSAKA_RES_LEN;
	memwipe(&vector, sizeof(vector));
	DBG2(DBG_IKE, "authentication vector generated for '%Y'", id);
	return TRUE;
}

METHOD(simaka_provider_t, resync, bool,
	private_imsaka_provider_t *this, identification_t *id,
	char rand[AKA_RAND_LEN], char auts[AKA_AUTS_LEN])
{
	imsaka_subscriber_t sub;
	imsaka_sqn_state_t *state;
	uint8_t sqn_ms[IMSAKA_SQN_LEN];
	bool ok;

	if (!imsaka_subscriber_get(id, &sub))
	{
		return FALSE;
	}
	ok = imsaka_aka_check_auts(&sub.milenage, (uint8_t*)rand, (uint8_t*)auts,
							   sqn_ms);
	imsaka_subscriber_wipe(&sub);
	if (!ok)
	{
		DBG1(DBG_IKE, "MAC-S in AUTS of '%Y' is wrong, no "
			 "resynchronisation", id);
		return FALSE;
	}
	state = this->sqns->lock(this->sqns, id);
	imsaka_sqn_he_resync(&state->he, sqn_ms);
	this->sqns->unlock(this->sqns);
	DBG1(DBG_IKE, "SQN of '%Y' resynchronised", id);
	return TRUE;
}

METHOD(imsaka_provider_t, destroy, void,
	private_imsaka_provider_t *this)
{
	free(this);
}

/*
 * Described in header
 */
imsaka_provider_t *imsaka_provider_create(imsaka_sqn_table_t *sqns)
{
	private_imsaka_provider_t *this;
	char *amf;

	INIT(this,
		.public = {
			.provider = {
				.get_triplet = (void*)return_false,
				.get_quintuplet = _get_quintuplet,
				.resync = _resync,
				.is_pseudonym = (void*)return_null,
				.gen_pseudonym = (void*)return_null,
				.is_reauth = (void*)return_null,
				.gen_reauth = (void*)return_null,
			},
			.destroy = _destroy,
		},
		.sqns = sqns,
	);

	amf = lib->settings->get_str(lib->settings, "%s.plugins.imsaka.amf",
								 "8000", lib->ns);
	if (!imsaka_hex_decode(amf, this->amf, sizeof(this->amf)))
	{
		DBG1(DBG_CFG, "charon.plugins.imsaka.amf '%s' is not 2 bytes "
			 "of hex (e.g. 8000)", amf);
		free(this);
		return NULL;
	}
	return &this->public;
}

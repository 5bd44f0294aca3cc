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

#include "imsaka_card.h"
#include "imsaka_subscriber.h"

#include <daemon.h>

#include <aka.h>

typedef struct private_imsaka_card_t private_imsaka_card_t;

/**
 * Private data of an imsaka_card_t object.
 */
struct private_imsaka_card_t {

	/**
	 * Public interface
	 */
	imsaka_card_t public;

	/**
	 * SQN state of the subscribers
	 */
	imsaka_sqn_table_t *sqns;

	/**
	 * Whether to check SQN freshness (off: accept any SQN with a valid MAC)
	 */
	bool sqn_check;
};

METHOD(simaka_card_t, get_quintuplet, status_t,
	private_imsaka_card_t *this, identification_t *id,
	char rand[AKA_RAND_LEN], char autn[AKA_AUTN_LEN], char ck[AKA_CK_LEN],
	char ik[AKA_IK_LEN], char res[AKA_RES_MAX], int *res_len)
{
	imsaka_subscriber_t sub;
	imsaka_sqn_state_t *state;
	imsaka_aka_status_t status;
	uint8_t sqn[IMSAKA_SQN_LEN];

	if (!imsaka_subscriber_get(id, &sub))
	{
		return FAILED;
	}
	state = this->sqns->lock(this->sqns, id);
	/* the first AUTN of a subscriber seeds its window: a USIM is
	 * personalised with the network's SQN, our pseudo-USIM learns it */
	status = imsaka_aka_check(&sub.milenage,
							  (this->sqn_check && state->ms_used) ? &state->ms
																  : NULL,
							  (uint8_t*)rand, (uint8_t*)autn, (uint8_t*)res,
							  (uint8_t*)ck, (uint8_t*)ik);
	if (status == IMSAKA_AKA_OK && !state->ms_used)
	{
		imsaka_aka_autn_sqn(&sub.milenage, (uint8_t*)rand, (uint8_t*)autn,
							sqn);
		imsaka_sqn_ms_set(&state->ms, sqn);
		state->ms_used = TRUE;
	}
	this->sqns->unlock(this->sqns);
	imsaka_subscriber_wipe(&sub);

	switch (status)
	{
		case IMSAKA_AKA_OK:
			*res_len = IMSAKA_RES_LEN;
			DBG2(DBG_IKE, "AUTN of '%Y' verified", id);
			return SUCCESS;
		case IMSAKA_AKA_SYNC_FAILURE:
			DBG1(DBG_IKE, "SQN in AUTN of '%Y' is not fresh, "
				 "requesting resynchronisation", id);
			return INVALID_STATE;
		case IMSAKA_AKA_MAC_FAILURE:
		default:
			DBG1(DBG_IKE, "MAC in AUTN of '%Y' is wrong: the network "
				 "is not authentic or K/OPc differ", id);
			return FAILED;
	}
}

METHOD(simaka_card_t, resync, bool,
	private_imsaka_card_t *this, identification_t *id,
	char rand[AKA_RAND_LEN], char auts[AKA_AUTS_LEN])
{
	imsaka_subscriber_t sub;
	imsaka_sqn_state_t *state;

	if (!imsaka_subscriber_get(id, &sub))
	{
		return FALSE;
	}
	state = this->sqns->lock(this->sqns, id);
	imsaka_aka_auts(&sub.milenage, &state->ms, (uint8_t*)rand,
					(uint8_t*)auts);
	this->sqns->unlock(this->sqns);
	imsaka_subscriber_wipe(&sub);
	DBG2(DBG_IKE, "AUTS built for '%Y'", id);
	return TRUE;
}

METHOD(imsaka_card_t, destroy, void,
	private_imsaka_card_t *this)
{
	free(this);
}

/*
 * Described in header
 */
imsaka_card_t *imsaka_card_create(imsaka_sqn_table_t *sqns)
{
	private_imsaka_card_t *this;

	INIT(this,
		.public = {
			.card = {
				.get_triplet = (void*)return_false,
				.get_quintuplet = _get_quintuplet,
				.resync = _resync,
				.get_pseudonym = (void*)return_null,
				.set_pseudonym = (void*)nop,
				.get_reauth = (void*)return_null,
				.set_reauth = (void*)nop,
			},
			.destroy = _destroy,
		},
		.sqns = sqns,
		.sqn_check = lib->settings->get_bool(lib->settings,
							"%s.plugins.imsaka.sqn.check", TRUE, lib->ns),
	);
	return &this->public;
}

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

/**
 * @defgroup imsaka_card imsaka_card
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CARD_H_
#define IMSAKA_CARD_H_

#include "imsaka_sqn_table.h"

#include <simaka_card.h>

typedef struct imsaka_card_t imsaka_card_t;

/**
 * The UE side of AKA: a Milenage pseudo-USIM keyed from charon's
 * credentials, registered as libsimaka AKA card and used by the control
 * socket for IMS AKA.
 */
struct imsaka_card_t {

	/**
	 * Implements simaka_card_t
	 */
	simaka_card_t card;

	/**
	 * Destroy the card.
	 */
	void (*destroy)(imsaka_card_t *this);
};

/**
 * Create the card.
 *
 * @param sqns		SQN state, shared with the provider
 * @return			card
 */
imsaka_card_t *imsaka_card_create(imsaka_sqn_table_t *sqns);

#endif /** IMSAKA_CARD_H_ @}*/

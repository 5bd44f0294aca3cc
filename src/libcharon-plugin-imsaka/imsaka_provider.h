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
 * @defgroup imsaka_provider imsaka_provider
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_PROVIDER_H_
#define IMSAKA_PROVIDER_H_

#include "imsaka_sqn_table.h"

#include <simaka_provider.h>

typedef struct imsaka_provider_t imsaka_provider_t;

/**
 * The network side of AKA: Milenage authentication vectors keyed from
 * charon's credentials, registered as libsimaka AKA provider.
 */
struct imsaka_provider_t {

	/**
	 * Implements simaka_provider_t
	 */
	simaka_provider_t provider;

	/**
	 * Destroy the provider.
	 */
	void (*destroy)(imsaka_provider_t *this);
};

/**
 * Create the provider, reading charon.plugins.imsaka.amf.
 *
 * @param sqns		SQN state, shared with the card
 * @return			provider, NULL if the configuration is invalid
 */
imsaka_provider_t *imsaka_provider_create(imsaka_sqn_table_t *sqns);

#endif /** IMSAKA_PROVIDER_H_ @}*/

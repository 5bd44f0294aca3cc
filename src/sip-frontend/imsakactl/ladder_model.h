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
 * @defgroup ladder_model ladder_model
 * @{ @ingroup imsakactl
 *
 * The messages of a ladder: the sightings of all captures merged in time,
 * the same packet seen twice (two captures, two interfaces, the plain
 * copy an IPsec host has before encryption) drawn once, a message seen
 * on both sides of a NAT drawn as two arrows through the NAT with the
 * rewrite (one more arrow per further NAT), and the messages of a
 * registration numbered SM1..SM12 as TS 33.203 clause 6.1 numbers them
 * (SM1..SM3 the REGISTER via P-, I- and S-CSCF, SM4..SM6 the 401 back,
 * SM7..SM12 likewise the second REGISTER). Without an I-CSCF the P-CSCF's
 * leg to the S-CSCF carries both numbers: "SM2/SM3", "SM4/SM5",
 * "SM8/SM9", "SM10/SM11".
 */

#ifndef LADDER_MODEL_H_
#define LADDER_MODEL_H_

#include "ladder_arrow.h"
#include "ladder_hosts.h"

typedef struct ladder_model_t ladder_model_t;

/**
 * Collects sightings and makes the ladder of them.
 */
struct ladder_model_t {

	/**
	 * Add a sighting (copied).
	 *
	 * @param sighting	one SIP message in one capture
	 * @return			FALSE if the model is full (the sighting dropped)
	 */
	bool (*add)(ladder_model_t *this, const ladder_sighting_t *sighting);

	/**
	 * Make columns and arrows of the sightings added.
	 *
	 * @param hosts		host names of the addresses
	 */
	void (*build)(ladder_model_t *this, ladder_hosts_t *hosts);

	/**
	 * Number of columns (after build()).
	 *
	 * @return			number of columns
	 */
	int (*get_column_count)(ladder_model_t *this);

	/**
	 * Label of a column: a host name or, for an unknown host, its address.
	 *
	 * @param i			column
	 * @return			label
	 */
	const char *(*get_column)(ladder_model_t *this, int i);

	/**
	 * Number of arrows (after build()).
	 *
	 * @return			number of arrows
	 */
	int (*get_arrow_count)(ladder_model_t *this);

	/**
	 * An arrow, in time order.
	 *
	 * @param i			arrow
	 * @return			arrow, owned by the model
	 */
	const ladder_arrow_t *(*get_arrow)(ladder_model_t *this, int i);

	/**
	 * Destroy the model.
	 */
	void (*destroy)(ladder_model_t *this);
};

/**
 * Create an empty model.
 *
 * @param max		most sightings kept
 * @return			model
 */
ladder_model_t *ladder_model_create(unsigned max);

#endif /** LADDER_MODEL_H_ @}*/

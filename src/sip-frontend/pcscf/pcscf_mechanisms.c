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

#include "pcscf_mechanisms.h"
#include "pcscf_mechanism_ipsec.h"
#include "pcscf_mechanism_tls_aka.h"
#include "pcscf_mechanism_tls_psk.h"

#include <library.h>

/**
 * One mechanism the P-CSCF implements.
 */
typedef struct {
	/** sec-agree mechanism agreed */
	imsaka_secagree_mech_t mech;
	/** constructor of its object */
	pcscf_mechanism_t *(*create)(const pcscf_mechanism_env_t *env);
} mechanism_row_t;

/** the mechanisms; a new one is a row and its pcscf_mechanism_<name>.c */
static const mechanism_row_t rows[] = {
	{ IMSAKA_SECAGREE_MECH_IPSEC_3GPP,	pcscf_mechanism_ipsec_create },
	{ IMSAKA_SECAGREE_MECH_TLS_PSK,		pcscf_mechanism_tls_psk_create },
	{ IMSAKA_SECAGREE_MECH_TLS_AKA,		pcscf_mechanism_tls_aka_create },
};

typedef struct private_pcscf_mechanisms_t private_pcscf_mechanisms_t;

/**
 * Private data.
 */
struct private_pcscf_mechanisms_t {

	/** public interface */
	pcscf_mechanisms_t public;

	/** the object of each row, in the order of rows */
	pcscf_mechanism_t *mechanisms[countof(rows)];
};

METHOD(pcscf_mechanisms_t, get, pcscf_mechanism_t*,
	private_pcscf_mechanisms_t *this, imsaka_secagree_mech_t mech)
{
	int i;

	for (i = 0; i < countof(rows); i++)
	{
		if (rows[i].mech == mech)
		{
			return this->mechanisms[i];
		}
	}
	return NULL;
}

METHOD(pcscf_mechanisms_t, destroy, void,
	private_pcscf_mechanisms_t *this)
{
	int i;

	for (i = 0; i < countof(rows); i++)
	{
		this->mechanisms[i]->destroy(this->mechanisms[i]);
	}
	free(this);
}

/*
 * Described in header
 */
pcscf_mechanisms_t *pcscf_mechanisms_create(const pcscf_mechanism_env_t *env)
{
	private_pcscf_mechanisms_t *this;
	int i;

	INIT(this,
		.public = {
			.get = _get,
			.destroy = _destroy,
		},
	);
	for (i = 0; i < countof(rows); i++)
	{
		this->mechanisms[i] = rows[i].create(env);
	}
	return &this->public;
}

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

#include "ue_mechanisms.h"
#include "ue_mechanism_ipsec.h"
#include "ue_mechanism_tls_aka.h"
#include "ue_mechanism_tls_psk.h"

#include <library.h>

/**
 * The constructor of each mechanism the UE offers
 */
static const struct {
	imsaka_secagree_mech_t mech;
	ue_mechanism_create_t create;
} mechanisms[] = {
	{ IMSAKA_SECAGREE_MECH_IPSEC_3GPP, ue_mechanism_ipsec_create },
	{ IMSAKA_SECAGREE_MECH_TLS_PSK, ue_mechanism_tls_psk_create },
	{ IMSAKA_SECAGREE_MECH_TLS_AKA, ue_mechanism_tls_aka_create },
};

/*
 * Described in header
 */
ue_mechanism_t *ue_mechanisms_create(imsaka_secagree_mech_t mech,
									 const ue_mechanism_env_t *env)
{
	int i;

	for (i = 0; i < countof(mechanisms); i++)
	{
		if (mechanisms[i].mech == mech)
		{
			return mechanisms[i].create(env);
		}
	}
	return NULL;
}

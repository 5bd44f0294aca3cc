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

#include "secagree_natt.h"

#include <string.h>

#define BIT IMSAKA_SECAGREE_BIT

/** NAT-T parameters that must be the same on all entries of a list */
#define NATT_VALUES (IMSAKA_SECAGREE_NATT_BITS)

/** both SPIs, needed to hash */
#define SPIS (BIT(IMSAKA_SECAGREE_P_SPI_C) | BIT(IMSAKA_SECAGREE_P_SPI_S))

/**
 * Find the next ipsec-3gpp entry of a list, from index *i on, that has any
 * of the parameters in params.
 *
 * @return			TRUE with *i its index, FALSE after the last
 */
static bool next_ipsec(const imsaka_secagree_list_t *list, unsigned int *i,
					   uint32_t params)
{
	const imsaka_secagree_entry_t *e;

	for (; *i < list->count; (*i)++)
	{
		e = &list->entries[*i];
		if (e->mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP && (e->present & params))
		{
			return true;
		}
	}
	return false;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_natt_find(const imsaka_secagree_list_t *list,
									const imsaka_secagree_entry_t **entry)
{
	const imsaka_secagree_entry_t *e;
	unsigned int i;

	*entry = NULL;
	for (i = 0; next_ipsec(list, &i, NATT_VALUES); i++)
	{
		e = &list->entries[i];
		if (!*entry)
		{
			*entry = e;
		}
		else if (!imsaka_secagree_entry_params_equal(list, *entry, list, e,
											   NATT_VALUES))
		{
			return IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT;
		}
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Set a hash parameter of an entry.
 */
static bool set_hash(imsaka_secagree_entry_t *entry, imsaka_secagree_param_t param,
					 uint8_t *field, uint32_t spi_c, uint32_t spi_s,
					 const imsaka_addr_t *addr)
{
	if (!imsaka_nat_hash(spi_c, spi_s, addr, field))
	{
		return false;
	}
	entry->present |= BIT(param);
	return true;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_natt_add_sm1(imsaka_secagree_list_t *client,
									   const imsaka_addr_t *ue_local,
									   const imsaka_addr_t *pcscf)
{
	imsaka_secagree_entry_t *e;
	unsigned int i, done = 0;

	for (i = 0; next_ipsec(client, &i, SPIS); i++)
	{
		e = &client->entries[i];
		if ((e->present & SPIS) != SPIS)
		{
			continue;
		}
		if (!set_hash(e, IMSAKA_SECAGREE_P_HASH_UL, e->hash_ul, e->spi_c, e->spi_s,
					  ue_local) ||
			!set_hash(e, IMSAKA_SECAGREE_P_HASH_PP, e->hash_pp, e->spi_c, e->spi_s,
					  pcscf))
		{
			return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
		}
		e->present |= BIT(IMSAKA_SECAGREE_P_NAT_U);
		done++;
	}
	return done ? IMSAKA_SECAGREE_OK : IMSAKA_SECAGREE_ERR_NO_OFFER;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_natt_add_sm6(imsaka_secagree_entry_t *server,
									   const imsaka_secagree_entry_t *ue,
									   const imsaka_addr_t *pcscf_local,
									   const imsaka_addr_t *ue_source)
{
	if (!set_hash(server, IMSAKA_SECAGREE_P_HASH_PL, server->hash_pl, ue->spi_c,
				  ue->spi_s, pcscf_local) ||
		!set_hash(server, IMSAKA_SECAGREE_P_HASH_UP, server->hash_up, ue->spi_c,
				  ue->spi_s, ue_source))
	{
		return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
	}
	server->present |= BIT(IMSAKA_SECAGREE_P_NAT_P);
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
void imsaka_secagree_natt_add_sm7(imsaka_secagree_list_t *client,
							const imsaka_addr_t *oa_ul,
							const imsaka_addr_t *oa_up)
{
	imsaka_secagree_entry_t *e;
	unsigned int i;

	for (i = 0; next_ipsec(client, &i, BIT(IMSAKA_SECAGREE_P_NAT_U)); i++)
	{
		e = &client->entries[i];
		e->oa_ul = *oa_ul;
		e->oa_up = *oa_up;
		e->present |= BIT(IMSAKA_SECAGREE_P_OA_UL) | BIT(IMSAKA_SECAGREE_P_OA_UP);
	}
}

/*
 * Described in header
 */
void imsaka_secagree_natt_add_sm12(imsaka_secagree_entry_t *server,
							 const imsaka_addr_t *oa_pl,
							 const imsaka_addr_t *oa_pp)
{
	server->oa_pl = *oa_pl;
	server->present |= BIT(IMSAKA_SECAGREE_P_OA_PL);
	if (oa_pp)
	{
		server->oa_pp = *oa_pp;
		server->present |= BIT(IMSAKA_SECAGREE_P_OA_PP);
	}
}

/**
 * Hash if the parameter is there, NULL otherwise.
 */
static const uint8_t *hash_of(const imsaka_secagree_entry_t *e,
							  imsaka_secagree_param_t param, const uint8_t *field)
{
	return (e->present & BIT(param)) ? field : NULL;
}

/*
 * Described in header
 */
bool imsaka_secagree_natt_detect_pcscf(const imsaka_secagree_list_t *sm1_client,
								 const imsaka_addr_t *source,
								 const imsaka_addr_t *local, imsaka_nat_t *nat)
{
	const imsaka_secagree_entry_t *e;

	if (imsaka_secagree_natt_find(sm1_client, &e) != IMSAKA_SECAGREE_OK || !e ||
		(e->present & SPIS) != SPIS ||
		!(e->present & (BIT(IMSAKA_SECAGREE_P_HASH_UL) | BIT(IMSAKA_SECAGREE_P_HASH_PP))))
	{
		return false;
	}
	*nat = imsaka_nat_detect_hashes(e->spi_c, e->spi_s,
							hash_of(e, IMSAKA_SECAGREE_P_HASH_UL, e->hash_ul), source,
							hash_of(e, IMSAKA_SECAGREE_P_HASH_PP, e->hash_pp), local);
	return true;
}

/*
 * Described in header
 */
bool imsaka_secagree_natt_detect_ue(const imsaka_secagree_list_t *sm1_client,
							  const imsaka_secagree_list_t *sm6_server,
							  const imsaka_addr_t *local,
							  const imsaka_addr_t *pcscf, imsaka_nat_t *nat)
{
	const imsaka_secagree_entry_t *ue, *p;

	if (imsaka_secagree_natt_find(sm1_client, &ue) != IMSAKA_SECAGREE_OK || !ue ||
		(ue->present & SPIS) != SPIS ||
		imsaka_secagree_natt_find(sm6_server, &p) != IMSAKA_SECAGREE_OK || !p ||
		!(p->present & (BIT(IMSAKA_SECAGREE_P_HASH_UP) | BIT(IMSAKA_SECAGREE_P_HASH_PL))))
	{
		return false;
	}
	*nat = imsaka_nat_detect_hashes(ue->spi_c, ue->spi_s,
							hash_of(p, IMSAKA_SECAGREE_P_HASH_UP, p->hash_up), local,
							hash_of(p, IMSAKA_SECAGREE_P_HASH_PL, p->hash_pl), pcscf);
	return true;
}

/**
 * Check that an OA value is there and hashes to a stored hash.
 */
static imsaka_secagree_err_t check_oa(const imsaka_secagree_entry_t *spis,
								const imsaka_secagree_entry_t *oa_entry,
								imsaka_secagree_param_t oa_param,
								const imsaka_addr_t *oa,
								const imsaka_secagree_entry_t *hash_entry,
								imsaka_secagree_param_t hash_param,
								const uint8_t *hash)
{
	if (!(oa_entry->present & BIT(oa_param)))
	{
		return IMSAKA_SECAGREE_ERR_NATT_MISSING_OA;
	}
	if (!(hash_entry->present & BIT(hash_param)) ||
		imsaka_nat_detect_hashes(spis->spi_c, spis->spi_s, hash, oa, NULL,
								 NULL) != IMSAKA_NAT_NONE)
	{
		return IMSAKA_SECAGREE_ERR_NATT_OA;
	}
	return IMSAKA_SECAGREE_OK;
}

/**
 * Compare a NAT-T flag and hashes of two lists' NAT-T entries.
 */
static imsaka_secagree_err_t compare(const imsaka_secagree_list_t *la,
							   const imsaka_secagree_entry_t *a,
							   const imsaka_secagree_list_t *lb,
							   const imsaka_secagree_entry_t *b,
							   imsaka_secagree_param_t flag, uint32_t hashes)
{
	bool fa = a && (a->present & BIT(flag)), fb = b && (b->present & BIT(flag));

	if (fa != fb)
	{
		return IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE;
	}
	if (!a && !b)
	{
		return IMSAKA_SECAGREE_OK;
	}
	if (!a || !b || !imsaka_secagree_entry_params_equal(la, a, lb, b, hashes))
	{
		return IMSAKA_SECAGREE_ERR_NATT_HASH;
	}
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_natt_check_sm7(const imsaka_secagree_list_t *sm1_client,
										 const imsaka_secagree_list_t *sm6_server,
										 const imsaka_secagree_list_t *sm7_client,
										 const imsaka_secagree_list_t *sm7_verify)
{
	const imsaka_secagree_entry_t *n1, *n6, *n7c, *n7v;
	imsaka_secagree_err_t err;

	if ((err = imsaka_secagree_natt_find(sm1_client, &n1)) != IMSAKA_SECAGREE_OK ||
		(err = imsaka_secagree_natt_find(sm6_server, &n6)) != IMSAKA_SECAGREE_OK ||
		(err = imsaka_secagree_natt_find(sm7_client, &n7c)) != IMSAKA_SECAGREE_OK ||
		(err = imsaka_secagree_natt_find(sm7_verify, &n7v)) != IMSAKA_SECAGREE_OK)
	{
		return err;
	}
	err = compare(sm1_client, n1, sm7_client, n7c, IMSAKA_SECAGREE_P_NAT_U,
				  BIT(IMSAKA_SECAGREE_P_HASH_UL) | BIT(IMSAKA_SECAGREE_P_HASH_PP));
	if (err == IMSAKA_SECAGREE_OK)
	{
		err = compare(sm6_server, n6, sm7_verify, n7v, IMSAKA_SECAGREE_P_NAT_P,
					  BIT(IMSAKA_SECAGREE_P_HASH_PL) | BIT(IMSAKA_SECAGREE_P_HASH_UP));
	}
	if (err != IMSAKA_SECAGREE_OK || !n1 || !n6 ||
		!(n1->present & BIT(IMSAKA_SECAGREE_P_NAT_U)) ||
		!(n6->present & BIT(IMSAKA_SECAGREE_P_NAT_P)))
	{
		return err;
	}
	err = check_oa(n1, n7c, IMSAKA_SECAGREE_P_OA_UL, &n7c->oa_ul,
				   n1, IMSAKA_SECAGREE_P_HASH_UL, n1->hash_ul);
	if (err == IMSAKA_SECAGREE_OK)
	{
		err = check_oa(n1, n7c, IMSAKA_SECAGREE_P_OA_UP, &n7c->oa_up,
					   n6, IMSAKA_SECAGREE_P_HASH_UP, n6->hash_up);
	}
	return err;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_natt_check_sm12(const imsaka_secagree_list_t *sm1_client,
										  const imsaka_secagree_list_t *sm6_server,
										  const imsaka_secagree_list_t *sm12_server)
{
	const imsaka_secagree_entry_t *n1, *n6, *n12;
	imsaka_secagree_err_t err;

	if ((err = imsaka_secagree_natt_find(sm1_client, &n1)) != IMSAKA_SECAGREE_OK ||
		(err = imsaka_secagree_natt_find(sm6_server, &n6)) != IMSAKA_SECAGREE_OK ||
		(err = imsaka_secagree_natt_find(sm12_server, &n12)) != IMSAKA_SECAGREE_OK)
	{
		return err;
	}
	if (!n1 || !n6 || !(n6->present & BIT(IMSAKA_SECAGREE_P_NAT_P)))
	{
		return IMSAKA_SECAGREE_OK;
	}
	if (!n12)
	{
		return IMSAKA_SECAGREE_ERR_NATT_MISSING_OA;
	}
	err = check_oa(n1, n12, IMSAKA_SECAGREE_P_OA_PL, &n12->oa_pl,
				   n6, IMSAKA_SECAGREE_P_HASH_PL, n6->hash_pl);
	if (err == IMSAKA_SECAGREE_OK && (n12->present & BIT(IMSAKA_SECAGREE_P_OA_PP)))
	{
		err = check_oa(n1, n12, IMSAKA_SECAGREE_P_OA_PP, &n12->oa_pp,
					   n1, IMSAKA_SECAGREE_P_HASH_PP, n1->hash_pp);
	}
	return err;
}

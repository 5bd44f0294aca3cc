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

#include "secagree_negotiate.h"
#include "secagree_lex.h"
#include "secagree_natt.h"

#include <string.h>
#include <strings.h>

#define BIT IMSAKA_SECAGREE_BIT
#define HAS(e, p) (((e)->present & BIT(IMSAKA_SECAGREE_P_##p)) != 0)

/** what an ipsec-3gpp offer needs */
#define IPSEC_NEEDS (BIT(IMSAKA_SECAGREE_P_ALG) | BIT(IMSAKA_SECAGREE_P_SPI_C) | \
	BIT(IMSAKA_SECAGREE_P_SPI_S) | BIT(IMSAKA_SECAGREE_P_PORT_C) | BIT(IMSAKA_SECAGREE_P_PORT_S))

/**
 * Intersect cipher suites, in the policy's order.
 */
static const char *match_suites(const imsaka_secagree_entry_t *offer,
								const imsaka_secagree_entry_t *policy, bool needed,
								imsaka_secagree_choice_t *choice)
{
	const imsaka_secagree_entry_t *from = HAS(policy, CS) ? policy : offer;
	unsigned int i, j, n = 0;

	for (i = 0; i < from->suite_count; i++)
	{
		for (j = 0; HAS(policy, CS) && HAS(offer, CS) &&
					j < offer->suite_count; j++)
		{
			if (offer->suites[j] == from->suites[i])
			{
				break;
			}
		}
		if (!(HAS(policy, CS) && HAS(offer, CS)) || j < offer->suite_count)
		{
			choice->suites[n++] = from->suites[i];
		}
	}
	choice->suite_count = n;
	if (!n && (needed || (HAS(policy, CS) && HAS(offer, CS))))
	{
		return "no common cipher suite";
	}
	return NULL;
}

/**
 * ipsec-3gpp: algorithms, protocol and mode.
 */
static const char *match_ipsec(const imsaka_secagree_entry_t *offer,
							   const imsaka_secagree_entry_t *policy,
							   imsaka_nat_t nat, imsaka_secagree_choice_t *choice)
{
	if ((offer->present & IPSEC_NEEDS) != IPSEC_NEEDS)
	{
		return "offer lacks alg, spi-c, spi-s, port-c or port-s";
	}
	choice->alg = offer->alg;
	choice->ealg = imsaka_secagree_entry_ealg(offer);
	choice->prot = imsaka_secagree_entry_prot(offer);
	choice->mod = imsaka_nat_mode(nat, imsaka_secagree_entry_mod(offer));
	if (choice->alg == IMSAKA_ESP_ALG_NULL &&
		choice->ealg != IMSAKA_ESP_EALG_AES_GCM)
	{
		return "alg null is only allowed with ealg aes-gcm";
	}
	if (HAS(policy, ALG) && policy->alg != choice->alg)
	{
		return "alg not allowed";
	}
	if (HAS(policy, EALG) && policy->ealg != choice->ealg)
	{
		return "ealg not allowed";
	}
	if (HAS(policy, PROT) && policy->prot != choice->prot)
	{
		return "prot not allowed";
	}
	if (choice->mod != imsaka_secagree_entry_mod(offer) && !HAS(offer, NAT_U))
	{
		return "NAT found but the entry offers no UDP-enc-tun";
	}
	if (HAS(policy, MOD) && policy->mod != choice->mod)
	{
		return "mod not allowed";
	}
	return NULL;
}

/*
 * Described in header
 */
const char *imsaka_secagree_match(const imsaka_secagree_list_t *lo,
							const imsaka_secagree_entry_t *offer,
							const imsaka_secagree_list_t *lp,
							const imsaka_secagree_entry_t *policy, imsaka_nat_t nat,
							imsaka_secagree_choice_t *choice)
{
	imsaka_secagree_choice_t local;

	choice = choice ?: &local;
	memset(choice, 0, sizeof(*choice));
	choice->ealg = IMSAKA_ESP_EALG_NULL;	/* not 0 */
	choice->mech = offer->mech;
	if (offer->mech != policy->mech ||
		(offer->mech == IMSAKA_SECAGREE_MECH_OTHER &&
		 (offer->mech_name.len != policy->mech_name.len ||
		  strncasecmp(lo->text + offer->mech_name.off,
					  lp->text + policy->mech_name.off,
					  offer->mech_name.len))))
	{
		return "mechanism differs";
	}
	if (offer->unsupported || policy->unsupported)
	{
		return "unknown parameter value";
	}
	switch (offer->mech)
	{
		case IMSAKA_SECAGREE_MECH_IPSEC_3GPP:
			return match_ipsec(offer, policy, nat, choice);
		case IMSAKA_SECAGREE_MECH_TLS_PSK:
			return match_suites(offer, policy, false, choice);
		case IMSAKA_SECAGREE_MECH_TLS_AKA:
			return match_suites(offer, policy, true, choice);
		case IMSAKA_SECAGREE_MECH_DIGEST:
			if (HAS(policy, D_ALG) &&
				!imsaka_secagree_entry_params_equal(lo, offer, lp, policy,
											  BIT(IMSAKA_SECAGREE_P_D_ALG)))
			{
				return "d-alg not allowed";
			}
			if (HAS(policy, D_QOP) &&
				!imsaka_secagree_entry_params_equal(lo, offer, lp, policy,
											  BIT(IMSAKA_SECAGREE_P_D_QOP)))
			{
				return "d-qop not allowed";
			}
			return NULL;
		default:
			return NULL;
	}
}

/**
 * Rank of a pair: server q, server order, then (if offer_q) offer q, then
 * offer order.
 */
static uint64_t rank(const imsaka_secagree_entry_t *offer, unsigned int oi,
					 const imsaka_secagree_entry_t *server, unsigned int si,
					 bool offer_q)
{
	return ((uint64_t)imsaka_secagree_entry_q(server) << 48) |
		   ((uint64_t)(0xffff - si) << 32) |
		   (offer_q ? (uint64_t)imsaka_secagree_entry_q(offer) << 16 : 0) |
		   (0xffff - oi);
}

/**
 * Choose the best ranked pair of a client entry and a server entry that
 * match. The P-CSCF (ue_view FALSE) knows the NAT state and weighs the
 * offer's q too; the UE takes the NAT state from each server entry and
 * follows the server's preference, then its own order.
 */
static imsaka_secagree_err_t select_pair(const imsaka_secagree_list_t *client,
									const imsaka_secagree_list_t *server,
									imsaka_nat_t nat, bool ue_view,
									imsaka_secagree_choice_t *choice)
{
	const imsaka_secagree_entry_t *s;
	imsaka_secagree_choice_t current;
	unsigned int ci, si, candidates = 0;
	uint64_t best = 0, r;

	if (!client->count)
	{
		return IMSAKA_SECAGREE_ERR_NO_OFFER;
	}
	for (si = 0; si < server->count; si++)
	{
		s = &server->entries[si];
		if (ue_view)
		{
			/* the server's UDP-enc-tun says it found a NAT */
			nat = (s->mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP &&
				   imsaka_secagree_entry_mod(s) == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN) ?
						IMSAKA_NAT_UE : IMSAKA_NAT_NONE;
		}
		for (ci = 0; ci < client->count; ci++)
		{
			if (imsaka_secagree_match(client, &client->entries[ci], server, s, nat,
								&current))
			{
				continue;
			}
			candidates++;
			r = rank(&client->entries[ci], ci, s, si, !ue_view);
			if (r > best)
			{
				best = r;
				current.client = ci;
				current.server = si;
				*choice = current;
			}
		}
	}
	if (!candidates)
	{
		return IMSAKA_SECAGREE_ERR_NO_COMMON;
	}
	choice->candidates = candidates;
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_negotiate(const imsaka_secagree_list_t *client,
									const imsaka_secagree_list_t *policy,
									imsaka_nat_t nat,
									imsaka_secagree_choice_t *choice)
{
	return select_pair(client, policy, nat, false, choice);
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_ue_select(const imsaka_secagree_list_t *client,
									const imsaka_secagree_list_t *server,
									imsaka_secagree_choice_t *choice)
{
	return select_pair(client, server, IMSAKA_NAT_NONE, true, choice);
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_check_verify(const imsaka_secagree_list_t *server,
									   const imsaka_secagree_list_t *verify)
{
	return imsaka_secagree_list_equals(server, verify, 0) ?
				IMSAKA_SECAGREE_OK : IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH;
}

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_secagree_check_sm7(const imsaka_secagree_list_t *sm1_client,
									const imsaka_secagree_list_t *sm6_server,
									const imsaka_secagree_list_t *sm7_client,
									const imsaka_secagree_list_t *sm7_verify)
{
	imsaka_secagree_err_t err;

	/* the specific NAT-T errors first, they say more */
	err = imsaka_secagree_natt_check_sm7(sm1_client, sm6_server, sm7_client,
								   sm7_verify);
	if (err != IMSAKA_SECAGREE_OK)
	{
		return err;
	}
	if (!imsaka_secagree_list_equals(sm1_client, sm7_client, IMSAKA_SECAGREE_OA_BITS))
	{
		return IMSAKA_SECAGREE_ERR_CLIENT_CHANGED;
	}
	return imsaka_secagree_check_verify(sm6_server, sm7_verify);
}

/*
 * Described in header
 */
bool imsaka_secagree_required(const char *value, size_t len)
{
	size_t pos = 0, start;

	while (pos < len)
	{
		pos = imsaka_lex_ws(value, len, pos);
		start = pos;
		pos = imsaka_lex_token(value, len, pos);
		if (imsaka_lex_ieq(value + start, pos - start, "sec-agree"))
		{
			return true;
		}
		while (pos < len && value[pos] != ',')
		{
			pos++;
		}
		pos++;
	}
	return false;
}

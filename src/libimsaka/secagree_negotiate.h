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
 * @defgroup secagree_negotiate secagree_negotiate
 * @{ @ingroup libimsaka
 *
 * Choosing a mechanism (RFC 3329 2.3.1, TS 33.203 7.2, TS 24.229 5.2.2),
 * and the checks of SM7 (P-CSCF) and of Security-Verify.
 *
 * Server side: among the pairs (offer entry, policy entry) that match, the
 * one with the highest policy q wins, then the earlier policy entry, then
 * the highest offer q, then the earlier offer entry. An absent q counts as
 * 1. A policy entry leaves unset what it accepts any value of (alg, ealg,
 * prot, mod, cs); an offer's absent ealg means null, absent mod trans,
 * absent prot esp.
 */

#ifndef IMSAKA_SECAGREE_NEGOTIATE_H_
#define IMSAKA_SECAGREE_NEGOTIATE_H_

#include "nat_detect.h"
#include "secagree.h"

typedef struct imsaka_secagree_choice_t imsaka_secagree_choice_t;

/**
 * Result of a negotiation.
 */
struct imsaka_secagree_choice_t {
	/** index of the chosen entry of the offer (Security-Client) */
	unsigned int client;
	/** index of the matching entry of the policy or Security-Server */
	unsigned int server;
	/** mechanism */
	imsaka_secagree_mech_t mech;
	/** ipsec-3gpp: integrity algorithm */
	imsaka_esp_alg_t alg;
	/** ipsec-3gpp: encryption algorithm */
	imsaka_esp_ealg_t ealg;
	/** ipsec-3gpp: protocol */
	imsaka_secagree_prot_t prot;
	/** ipsec-3gpp: mode, UDP-enc-tun whenever a NAT was found */
	imsaka_secagree_mod_t mod;
	/** tls-psk/tls-aka: suites both support, in the server's order */
	uint16_t suites[IMSAKA_SECAGREE_MAX_SUITES];
	/** number of suites */
	uint8_t suite_count;
	/** number of matching pairs the choice was made among */
	unsigned int candidates;
};

/**
 * Check whether one offered entry fits one policy entry.
 *
 * @param lo		list of the offer
 * @param offer		offered entry
 * @param lp		list of the policy
 * @param policy	policy entry (or the server's entry, on the UE)
 * @param nat		NATs found: any NAT requires UDP-enc-tun
 * @param choice	out: the result if they fit, may be NULL
 * @return			NULL if they fit, else why not (static text)
 */
const char *imsaka_secagree_match(const imsaka_secagree_list_t *lo,
							const imsaka_secagree_entry_t *offer,
							const imsaka_secagree_list_t *lp,
							const imsaka_secagree_entry_t *policy, imsaka_nat_t nat,
							imsaka_secagree_choice_t *choice);

/**
 * Server (P-CSCF) on SM1: choose among the offer what the policy allows.
 *
 * @param client	Security-Client received
 * @param policy	mechanisms the server supports, with its q-values
 * @param nat		NATs found on SM1
 * @param choice	out: the choice
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_NO_OFFER (empty offer) or
 *					IMSAKA_SECAGREE_ERR_NO_COMMON; both mean 494
 */
imsaka_secagree_err_t imsaka_secagree_negotiate(const imsaka_secagree_list_t *client,
									const imsaka_secagree_list_t *policy,
									imsaka_nat_t nat,
									imsaka_secagree_choice_t *choice);

/**
 * UE on SM6: choose the server's entry with the highest q (then the
 * earliest) that fits an entry the UE offered; UDP-enc-tun from the server
 * fits an offered entry of that mode or one carrying nat-u.
 *
 * @param client	Security-Client the UE sent
 * @param server	Security-Server received
 * @param choice	out: the choice (server is the index to mirror)
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_NO_OFFER or
 *					IMSAKA_SECAGREE_ERR_NO_COMMON
 */
imsaka_secagree_err_t imsaka_secagree_ue_select(const imsaka_secagree_list_t *client,
									const imsaka_secagree_list_t *server,
									imsaka_secagree_choice_t *choice);

/**
 * Check that a Security-Verify mirrors the Security-Server sent.
 *
 * @param server	Security-Server sent
 * @param verify	Security-Verify received
 * @return			IMSAKA_SECAGREE_OK or IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH
 */
imsaka_secagree_err_t imsaka_secagree_check_verify(const imsaka_secagree_list_t *server,
									   const imsaka_secagree_list_t *verify);

/**
 * P-CSCF on SM7: the NAT-T values are unchanged and their OA values
 * match (imsaka_secagree_natt_check_sm7()), Security-Client equals the one of SM1
 * apart from the OA values the UE adds, Security-Verify equals the
 * Security-Server of SM6. Abort the registration on any error.
 *
 * @param sm1_client	Security-Client received in SM1
 * @param sm6_server	Security-Server sent in SM6
 * @param sm7_client	Security-Client received in SM7
 * @param sm7_verify	Security-Verify received in SM7
 * @return			IMSAKA_SECAGREE_OK or the error found
 */
imsaka_secagree_err_t imsaka_secagree_check_sm7(const imsaka_secagree_list_t *sm1_client,
									const imsaka_secagree_list_t *sm6_server,
									const imsaka_secagree_list_t *sm7_client,
									const imsaka_secagree_list_t *sm7_verify);

/**
 * Look for the option tag sec-agree in a Require or Proxy-Require value.
 *
 * @param value		header field value, a comma list of option tags
 * @param len		length of value
 * @return			TRUE if sec-agree is listed
 */
bool imsaka_secagree_required(const char *value, size_t len);

#endif /** IMSAKA_SECAGREE_NEGOTIATE_H_ @}*/

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
 * @defgroup secagree_natt secagree_natt
 * @{ @ingroup libimsaka
 *
 * The NAT-T extension on ipsec-3gpp entries (docs/PROTOCOL.md): adding its
 * parameters for SM1, SM6, SM7 and SM12, detecting NATs from its hashes,
 * and checking in SM7 and SM12 that nothing was removed or changed.
 *
 * The NAT-T values of a list are those of its first ipsec-3gpp entry that
 * carries any; every other ipsec-3gpp entry carrying some must carry the
 * same.
 */

#ifndef IMSAKA_SECAGREE_NATT_H_
#define IMSAKA_SECAGREE_NATT_H_

#include "nat_detect.h"
#include "secagree.h"

/**
 * Find the entry carrying a list's NAT-T values.
 *
 * @param list		list
 * @param entry		out: the entry, NULL if the list carries none
 * @return			IMSAKA_SECAGREE_OK or IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT
 */
imsaka_secagree_err_t imsaka_secagree_natt_find(const imsaka_secagree_list_t *list,
									const imsaka_secagree_entry_t **entry);

/**
 * SM1, UE: add nat-u, hash-ul and hash-pp to every ipsec-3gpp entry of
 * its Security-Client, each hashed with the entry's SPIs.
 *
 * @param client	Security-Client to send
 * @param ue_local	address and port the UE sends SM1 from
 * @param pcscf		address and port the UE sends SM1 to
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_NO_OFFER if no ipsec-3gpp
 *					entry has both SPIs, IMSAKA_SECAGREE_ERR_BAD_ADDRESS
 */
imsaka_secagree_err_t imsaka_secagree_natt_add_sm1(imsaka_secagree_list_t *client,
									   const imsaka_addr_t *ue_local,
									   const imsaka_addr_t *pcscf);

/**
 * SM6, P-CSCF: add nat-p, hash-pl and hash-up to its ipsec-3gpp
 * Security-Server entry, hashed with the SPIs of the UE's chosen entry.
 *
 * @param server	P-CSCF's Security-Server entry
 * @param ue		UE's chosen Security-Client entry (for its SPIs)
 * @param pcscf_local	address and port SM1 arrived at
 * @param ue_source	source address and port of SM1
 * @return			IMSAKA_SECAGREE_OK or IMSAKA_SECAGREE_ERR_BAD_ADDRESS
 */
imsaka_secagree_err_t imsaka_secagree_natt_add_sm6(imsaka_secagree_entry_t *server,
									   const imsaka_secagree_entry_t *ue,
									   const imsaka_addr_t *pcscf_local,
									   const imsaka_addr_t *ue_source);

/**
 * SM7, UE: add oa-ul and oa-up to the ipsec-3gpp entries of the repeated
 * Security-Client that carry nat-u; only when SM6 carried nat-p.
 *
 * @param client	Security-Client of SM1, repeated
 * @param oa_ul		the UE's own address (as hashed in hash-ul)
 * @param oa_up		the UE's public address (received/rport of SM6's Via)
 */
void imsaka_secagree_natt_add_sm7(imsaka_secagree_list_t *client,
							const imsaka_addr_t *oa_ul,
							const imsaka_addr_t *oa_up);

/**
 * SM12, P-CSCF: add oa-pl and, if known, oa-pp to a Security-Server entry.
 *
 * @param server	entry sent in the 200 OK
 * @param oa_pl		the P-CSCF's own address (as hashed in hash-pl)
 * @param oa_pp		the P-CSCF's public address, NULL if not known
 */
void imsaka_secagree_natt_add_sm12(imsaka_secagree_entry_t *server,
							 const imsaka_addr_t *oa_pl,
							 const imsaka_addr_t *oa_pp);

/**
 * P-CSCF on SM1: detect NATs from hash-ul and hash-pp.
 *
 * @param sm1_client	Security-Client of SM1
 * @param source	source address and port of SM1
 * @param local		address and port SM1 arrived at
 * @param nat		out: NATs found
 * @return			FALSE if SM1 carries no NAT-T hashes
 */
bool imsaka_secagree_natt_detect_pcscf(const imsaka_secagree_list_t *sm1_client,
								 const imsaka_addr_t *source,
								 const imsaka_addr_t *local, imsaka_nat_t *nat);

/**
 * UE on SM6: detect NATs from hash-up and hash-pl.
 *
 * @param sm1_client	Security-Client the UE sent (for its SPIs)
 * @param sm6_server	Security-Server received
 * @param local		address and port the UE sent SM1 from
 * @param pcscf		address and port it sent SM1 to
 * @param nat		out: NATs found
 * @return			FALSE if SM6 carries no NAT-T hashes
 */
bool imsaka_secagree_natt_detect_ue(const imsaka_secagree_list_t *sm1_client,
							  const imsaka_secagree_list_t *sm6_server,
							  const imsaka_addr_t *local,
							  const imsaka_addr_t *pcscf, imsaka_nat_t *nat);

/**
 * P-CSCF on SM7: the NAT-T values must be those of SM1 and SM6, the OA
 * values must match the stored hashes.
 *
 * @param sm1_client	Security-Client received in SM1
 * @param sm6_server	Security-Server sent in SM6
 * @param sm7_client	Security-Client received in SM7
 * @param sm7_verify	Security-Verify received in SM7
 * @return			IMSAKA_SECAGREE_OK or the IMSAKA_SECAGREE_ERR_NATT_* found
 */
imsaka_secagree_err_t imsaka_secagree_natt_check_sm7(const imsaka_secagree_list_t *sm1_client,
										 const imsaka_secagree_list_t *sm6_server,
										 const imsaka_secagree_list_t *sm7_client,
										 const imsaka_secagree_list_t *sm7_verify);

/**
 * UE on SM12: oa-pl must match hash-pl of SM6 and oa-pp, if given, the
 * hash-pp the UE sent.
 *
 * @param sm1_client	Security-Client sent in SM1
 * @param sm6_server	Security-Server received in SM6
 * @param sm12_server	Security-Server received in SM12
 * @return			IMSAKA_SECAGREE_OK or the IMSAKA_SECAGREE_ERR_NATT_* found
 */
imsaka_secagree_err_t imsaka_secagree_natt_check_sm12(const imsaka_secagree_list_t *sm1_client,
										  const imsaka_secagree_list_t *sm6_server,
										  const imsaka_secagree_list_t *sm12_server);

#endif /** IMSAKA_SECAGREE_NATT_H_ @}*/

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
 * @defgroup imsaka_aka aka
 * @{ @ingroup libimsaka
 *
 * UMTS AKA with Milenage (TS 33.102 6.3): authentication vectors on the
 * network side, AUTN verification and AUTS on the UE side, AUTS
 * verification on the network side.
 */

#ifndef IMSAKA_AKA_H_
#define IMSAKA_AKA_H_

#include "milenage.h"
#include "sqn.h"

/**
 * An authentication vector (quintet without AK, which is folded into AUTN).
 */
typedef struct {
	/** RAND */
	uint8_t rand[IMSAKA_RAND_LEN];
	/** AUTN = SQN xor AK || AMF || MAC-A */
	uint8_t autn[IMSAKA_AUTN_LEN];
	/** expected response */
	uint8_t xres[IMSAKA_RES_LEN];
	/** cipher key */
	uint8_t ck[IMSAKA_CK_LEN];
	/** integrity key */
	uint8_t ik[IMSAKA_IK_LEN];
} imsaka_aka_vector_t;

/**
 * Result of verifying AUTN on the UE side.
 */
typedef enum {
	/** AUTN authentic and SQN fresh */
	IMSAKA_AKA_OK,
	/** MAC-A did not match: not from our home network */
	IMSAKA_AKA_MAC_FAILURE,
	/** MAC-A matched but the SQN is not fresh: send AUTS */
	IMSAKA_AKA_SYNC_FAILURE,
} imsaka_aka_status_t;

/**
 * Build an authentication vector (network side).
 *
 * @param m			subscriber's Milenage state
 * @param rand		fresh random challenge
 * @param sqn		SQN to use (see imsaka_sqn_he_next())
 * @param amf		AMF (usually 8000: separation bit set)
 * @param v			receives the vector; wipe it after use
 */
void imsaka_aka_vector(const imsaka_milenage_t *m, const uint8_t rand[16],
					   const uint8_t sqn[6], const uint8_t amf[2],
					   imsaka_aka_vector_t *v);

/**
 * Verify AUTN (UE side). MAC-A is checked first, in constant time; a MAC
 * failure changes nothing. With ms given, the SQN must be fresh (see
 * imsaka_sqn_ms_accept()) and is stored on success.
 *
 * @param m			subscriber's Milenage state
 * @param ms		SQN state, NULL to skip the SQN check
 * @param rand		RAND received
 * @param autn		AUTN received
 * @param res		receives RES, valid on IMSAKA_AKA_OK only (zeroed else)
 * @param ck		receives CK, valid on IMSAKA_AKA_OK only (zeroed else)
 * @param ik		receives IK, valid on IMSAKA_AKA_OK only (zeroed else)
 * @return			IMSAKA_AKA_OK, IMSAKA_AKA_MAC_FAILURE or
 *					IMSAKA_AKA_SYNC_FAILURE
 */
imsaka_aka_status_t imsaka_aka_check(const imsaka_milenage_t *m,
									 imsaka_sqn_ms_t *ms, const uint8_t rand[16],
									 const uint8_t autn[16], uint8_t res[8],
									 uint8_t ck[16], uint8_t ik[16]);

/**
 * Recover the SQN from an AUTN (SQN xor AK xor AK), without any check.
 *
 * @param m			subscriber's Milenage state
 * @param rand		RAND
 * @param autn		AUTN
 * @param sqn		receives the SQN
 */
void imsaka_aka_autn_sqn(const imsaka_milenage_t *m, const uint8_t rand[16],
						 const uint8_t autn[16], uint8_t sqn[6]);

/**
 * Build AUTS after a sync failure (UE side): SQN_MS xor AK* || MAC-S, with
 * SQN_MS the highest SQN accepted and MAC-S = f1* over AMF 0000
 * (TS 33.102 6.3.3).
 *
 * @param m			subscriber's Milenage state
 * @param ms		SQN state
 * @param rand		RAND of the rejected challenge
 * @param auts		receives AUTS
 */
void imsaka_aka_auts(const imsaka_milenage_t *m, const imsaka_sqn_ms_t *ms,
					 const uint8_t rand[16], uint8_t auts[14]);

/**
 * Verify AUTS and recover SQN_MS (network side).
 *
 * @param m			subscriber's Milenage state
 * @param rand		RAND of the challenge the UE rejected
 * @param auts		AUTS received
 * @param sqn_ms	receives SQN_MS (zeroed on failure)
 * @return			FALSE if MAC-S does not match
 */
bool imsaka_aka_check_auts(const imsaka_milenage_t *m, const uint8_t rand[16],
						   const uint8_t auts[14], uint8_t sqn_ms[6]);

/**
 * Wipe a vector.
 *
 * @param v			vector to wipe
 */
void imsaka_aka_vector_wipe(imsaka_aka_vector_t *v);

#endif /** IMSAKA_AKA_H_ @}*/

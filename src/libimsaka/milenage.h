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
 * @defgroup imsaka_milenage milenage
 * @{ @ingroup libimsaka
 *
 * Milenage, the 3GPP authentication and key generation functions f1, f1*,
 * f2, f3, f4, f5 and f5* (TS 35.206), with test sets of TS 35.207/35.208.
 */

#ifndef IMSAKA_MILENAGE_H_
#define IMSAKA_MILENAGE_H_

#include "aes128.h"

#include <stdbool.h>
#include <stdint.h>

/** subscriber key K */
#define IMSAKA_K_LEN 16
/** operator variant OP, and OPc */
#define IMSAKA_OP_LEN 16
/** random challenge RAND */
#define IMSAKA_RAND_LEN 16
/** sequence number SQN */
#define IMSAKA_SQN_LEN 6
/** authentication management field AMF */
#define IMSAKA_AMF_LEN 2
/** MAC-A (f1) and MAC-S (f1*) */
#define IMSAKA_MAC_LEN 8
/** RES / XRES (f2) */
#define IMSAKA_RES_LEN 8
/** cipher key CK (f3) */
#define IMSAKA_CK_LEN 16
/** integrity key IK (f4) */
#define IMSAKA_IK_LEN 16
/** anonymity keys AK (f5) and AK* (f5*) */
#define IMSAKA_AK_LEN 6
/** AUTN = SQN xor AK || AMF || MAC-A */
#define IMSAKA_AUTN_LEN 16
/** AUTS = SQN_MS xor AK* || MAC-S */
#define IMSAKA_AUTS_LEN 14

typedef struct imsaka_milenage_t imsaka_milenage_t;

/**
 * Milenage state of one subscriber: expanded K and OPc. Lives on the
 * stack; wipe it with imsaka_milenage_wipe().
 */
struct imsaka_milenage_t {
	/** E_K, expanded */
	imsaka_aes128_t aes;
	/** OPc */
	uint8_t opc[IMSAKA_OP_LEN];
};

/**
 * All Milenage outputs for one RAND/SQN/AMF.
 */
typedef struct {
	/** f1: network authentication code */
	uint8_t mac_a[IMSAKA_MAC_LEN];
	/** f1*: resynchronisation authentication code */
	uint8_t mac_s[IMSAKA_MAC_LEN];
	/** f2: response */
	uint8_t res[IMSAKA_RES_LEN];
	/** f3: cipher key */
	uint8_t ck[IMSAKA_CK_LEN];
	/** f4: integrity key */
	uint8_t ik[IMSAKA_IK_LEN];
	/** f5: anonymity key */
	uint8_t ak[IMSAKA_AK_LEN];
	/** f5*: resynchronisation anonymity key */
	uint8_t ak_s[IMSAKA_AK_LEN];
} imsaka_milenage_out_t;

/**
 * Derive OPc = OP xor E_K(OP).
 *
 * @param k			subscriber key K
 * @param op		operator variant OP
 * @param opc		receives OPc
 */
void imsaka_milenage_opc(const uint8_t k[static 16], const uint8_t op[static 16],
						 uint8_t opc[static 16]);

/**
 * Set up Milenage for a subscriber, with the AES implementation chosen
 * automatically (see IMSAKA_AES_AUTO).
 *
 * @param m			state to set up
 * @param k			subscriber key K
 * @param opc		OPc
 */
void imsaka_milenage_init(imsaka_milenage_t *m, const uint8_t k[static 16],
						  const uint8_t opc[static 16]);

/**
 * Set up Milenage with a given AES implementation (tests, benchmarks).
 *
 * @param m			state to set up
 * @param k			subscriber key K
 * @param opc		OPc
 * @param impl		AES implementation
 * @return			FALSE if impl is not available on this machine
 */
bool imsaka_milenage_init_impl(imsaka_milenage_t *m, const uint8_t k[static 16],
							   const uint8_t opc[static 16],
							   imsaka_aes_impl_t impl);

/**
 * f1 and f1*: MAC-A and MAC-S.
 *
 * @param m			subscriber state
 * @param rand		RAND
 * @param sqn		SQN
 * @param amf		AMF
 * @param mac_a		receives MAC-A (f1), or NULL
 * @param mac_s		receives MAC-S (f1*), or NULL
 */
void imsaka_milenage_f1(const imsaka_milenage_t *m, const uint8_t rand[static 16],
						const uint8_t sqn[static 6], const uint8_t amf[static 2],
						uint8_t mac_a[8], uint8_t mac_s[8]);

/**
 * f2, f3, f4 and f5: RES, CK, IK and AK.
 *
 * @param m			subscriber state
 * @param rand		RAND
 * @param res		receives RES (f2), or NULL
 * @param ck		receives CK (f3), or NULL
 * @param ik		receives IK (f4), or NULL
 * @param ak		receives AK (f5), or NULL
 */
void imsaka_milenage_f2345(const imsaka_milenage_t *m,
						   const uint8_t rand[static 16], uint8_t res[8],
						   uint8_t ck[16], uint8_t ik[16], uint8_t ak[6]);

/**
 * f5*: AK for resynchronisation.
 *
 * @param m			subscriber state
 * @param rand		RAND
 * @param ak_s		receives AK*
 */
void imsaka_milenage_f5star(const imsaka_milenage_t *m,
							const uint8_t rand[static 16], uint8_t ak_s[6]);

/**
 * f1, f1*, f2, f3, f4, f5 and f5* in one pass (six AES blocks, the last
 * five interleaved).
 *
 * The void functions above zero their outputs if the OpenSSL fallback
 * fails (out of memory); this one says so, and is what code that decides
 * on the result (AUTN checks) uses.
 *
 * @param m			subscriber state
 * @param rand		RAND
 * @param sqn		SQN
 * @param amf		AMF
 * @param out		receives all outputs (zeroed on failure)
 * @return			FALSE if the AES implementation failed
 */
bool imsaka_milenage_all(const imsaka_milenage_t *m,
						 const uint8_t rand[static 16],
						 const uint8_t sqn[static 6],
						 const uint8_t amf[static 2], imsaka_milenage_out_t *out);

/**
 * Wipe the subscriber state.
 *
 * @param m			state to wipe
 */
void imsaka_milenage_wipe(imsaka_milenage_t *m);

#endif /** IMSAKA_MILENAGE_H_ @}*/

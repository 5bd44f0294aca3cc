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
 * @defgroup scscf_aka scscf_aka
 * @{ @ingroup scscf
 * The registrar's side of IMS AKA (TS 33.203 6.1, TS 24.229 5.4.1.2):
 * authentication vectors, the WWW-Authenticate challenge with CK and IK
 * for the P-CSCF, verification of the Digest response (RFC 3310 / RFC 4169)
 * and SQN resynchronisation from an AUTS (TS 33.102 6.3.5).
 */

#ifndef SCSCF_AKA_H_
#define SCSCF_AKA_H_

#include "scscf_challenges.h"

#include <digest_header.h>

/**
 * The value of a Digest parameter without its quotes.
 *
 * @param hdr		parsed header
 * @param param		parameter
 * @param buf		receives the value, NUL-terminated
 * @param size		size of buf
 * @return			FALSE if absent, with a backslash escape, or too long
 */
bool scscf_digest_value(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
						char *buf, size_t size);

/**
 * Fill a challenge slot with a fresh vector (RAND from OpenSSL, SQN from the
 * subscriber's generator) and build the WWW-Authenticate value for it.
 *
 * @param challenge	slot from scscf_challenges_t.add()
 * @param version	AKAv1-MD5 or AKAv2-MD5
 * @param realm		realm
 * @param header	receives the header value; it holds CK and IK: wipe it
 * @param size		size of header
 * @return			FALSE on failure (logged)
 */
bool scscf_aka_challenge(scscf_challenge_t *challenge,
						 imsaka_digest_aka_version_t version,
						 const char *realm, char *header, size_t size);

/**
 * Build the WWW-Authenticate value of a challenge already made, to answer a
 * retransmission of the request that caused it with the same challenge.
 *
 * @param challenge	pending challenge
 * @param realm		realm
 * @param header	receives the header value; it holds CK and IK: wipe it
 * @param size		size of header
 * @return			FALSE on failure (logged)
 */
bool scscf_aka_challenge_header(const scscf_challenge_t *challenge,
								const char *realm, char *header, size_t size);

/**
 * Verify the response of credentials answering a challenge; the
 * comparison takes constant time.
 *
 * @param challenge	pending challenge
 * @param cred		parsed Authorization
 * @param method	request method, "REGISTER"
 * @return			TRUE if the response is right
 */
bool scscf_aka_verify(const scscf_challenge_t *challenge,
					  const imsaka_digest_t *cred, const char *method);

/**
 * Verify the AUTS answering a challenge (MAC-S) and resynchronise the
 * subscriber's SQN generator to SQN_MS.
 *
 * @param challenge	challenge whose RAND the UE rejected
 * @param auts		auts parameter, base64, without quotes
 * @param seq_ms	receives the SEQ of SQN_MS (the SQN without its IND)
 * @return			FALSE if it does not decode or MAC-S is wrong
 */
bool scscf_aka_resync(scscf_challenge_t *challenge, const char *auts,
					  uint64_t *seq_ms);

#endif /** SCSCF_AKA_H_ @}*/

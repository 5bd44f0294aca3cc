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
 * @defgroup scscf_test_authorization scscf_test_authorization
 * @{ @ingroup scscf_tests
 * The Authorization an emulated UE answers an imsaka-scscf challenge with,
 * for the S-CSCF's tests and the SQN benchmark: realm and uri of
 * ims.example.net, qop auth, nc 1, a fixed cnonce.
 */

#ifndef SCSCF_TEST_AUTHORIZATION_H_
#define SCSCF_TEST_AUTHORIZATION_H_

#include <aka.h>
#include <digest_aka.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Compute the Digest response and print the Authorization header value.
 *
 * @param impi		username
 * @param nonce		nonce of the challenge
 * @param version	AKAv1-MD5 or AKAv2-MD5
 * @param password	Digest AKA password (empty with an auts, RFC 3310 3.4)
 * @param password_len	its length
 * @param auts_b64	auts parameter value, "" for none
 * @param auth		receives the header value
 * @param size		size of auth
 * @return			FALSE if the response could not be computed or auth
 *					is too small
 */
bool scscf_test_authorization(const char *impi, const char *nonce,
							  imsaka_digest_aka_version_t version,
							  const uint8_t *password, size_t password_len,
							  const char *auts_b64, char *auth, size_t size);

/**
 * Answer a challenge as the USIM does: the password from RES, CK and IK,
 * or, if the card finds SQN out of range, an empty password and auts.
 *
 * @param m			the subscriber's Milenage
 * @param card		the card's SQN state, updated by the check
 * @param impi		username
 * @param nonce		nonce of the challenge (RAND || AUTN, base64)
 * @param version	AKAv1-MD5 or AKAv2-MD5
 * @param auth		receives the Authorization header value
 * @param size		size of auth
 * @return			IMSAKA_AKA_OK or IMSAKA_AKA_SYNC_FAILURE with auth
 *					set; IMSAKA_AKA_MAC_FAILURE if the nonce does not parse,
 *					the card rejects it or auth is too small
 */
imsaka_aka_status_t scscf_test_card_answer(const imsaka_milenage_t *m,
										   imsaka_sqn_ms_t *card,
										   const char *impi, const char *nonce,
										   imsaka_digest_aka_version_t version,
										   char *auth, size_t size);

#endif /** SCSCF_TEST_AUTHORIZATION_H_ @}*/

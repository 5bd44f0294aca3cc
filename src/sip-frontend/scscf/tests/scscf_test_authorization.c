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

#include "scscf_test_authorization.h"

#include <stdio.h>
#include <string.h>

#define REALM "ims.example.net"
#define URI "sip:ims.example.net"
#define CNONCE "0a4f113b"

/*
 * Described in header
 */
bool scscf_test_authorization(const char *impi, const char *nonce,
							  imsaka_digest_aka_version_t version,
							  const uint8_t *password, size_t password_len,
							  const char *auts_b64, char *auth, size_t size)
{
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	imsaka_digest_params_t params = {
		.username = impi,
		.realm = REALM,
		.method = "REGISTER",
		.uri = URI,
		.nonce = nonce,
		.qop = "auth",
		.nc = "00000001",
		.cnonce = CNONCE,
	};
	int n;

	if (imsaka_digest_response(&params, password, password_len,
							   response) != IMSAKA_DIGEST_AKA_OK)
	{
		return false;
	}
	n = snprintf(auth, size, "Digest username=\"%s\", realm=\"" REALM "\", "
				 "nonce=\"%s\", uri=\"" URI "\", response=\"%s\", "
				 "algorithm=%s, qop=auth, nc=00000001, cnonce=\"" CNONCE "\""
				 "%s%s%s", impi, nonce, response,
				 imsaka_digest_aka_algorithm_name(version),
				 *auts_b64 ? ", auts=\"" : "", auts_b64,
				 *auts_b64 ? "\"" : "");
	return n > 0 && (size_t)n < size;
}

/*
 * Described in header
 */
imsaka_aka_status_t scscf_test_card_answer(const imsaka_milenage_t *m,
										   imsaka_sqn_ms_t *card,
										   const char *impi, const char *nonce,
										   imsaka_digest_aka_version_t version,
										   char *auth, size_t size)
{
	uint8_t rand[16], autn[16], res[8], ck[16], ik[16], auts[14];
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	size_t password_len = 0;
	char auts_b64[32] = "";
	imsaka_aka_status_t status;

	if (imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), rand, autn, NULL,
									  0, NULL) != IMSAKA_DIGEST_AKA_OK)
	{
		return IMSAKA_AKA_MAC_FAILURE;
	}
	status = imsaka_aka_check(m, card, rand, autn, res, ck, ik);
	switch (status)
	{
		case IMSAKA_AKA_OK:
			if (imsaka_digest_aka_password(version, res, 8, ck, ik, password,
										   &password_len) != IMSAKA_DIGEST_AKA_OK)
			{
				return IMSAKA_AKA_MAC_FAILURE;
			}
			break;
		case IMSAKA_AKA_SYNC_FAILURE:
			/* RFC 3310 3.4: auts and an empty password */
			imsaka_aka_auts(m, card, rand, auts);
			imsaka_digest_aka_auts_encode(auts, auts_b64);
			break;
		default:
			return status;
	}
	if (!scscf_test_authorization(impi, nonce, version, password,
								  password_len, auts_b64, auth, size))
	{
		return IMSAKA_AKA_MAC_FAILURE;
	}
	return status;
}

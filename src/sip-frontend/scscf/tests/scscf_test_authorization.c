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

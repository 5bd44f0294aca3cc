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
 * @defgroup ue_auth ue_auth
 * @{ @ingroup imsaka_ue
 *
 * The Digest AKA headers of the UE (RFC 3310, RFC 4169, TS 24.229
 * 5.1.1.2 and 5.1.1.5): picking the challenge of a 401 and printing
 * the Authorization of SM1, SM7 and of a synchronisation failure.
 */

#ifndef UE_AUTH_H_
#define UE_AUTH_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <digest_header.h>
#include <sip_error.h>

#include "ue_config.h"
#include "ue_control_client.h"

typedef struct ue_challenge_t ue_challenge_t;

/**
 * The values of the challenge taken, without quotes.
 */
struct ue_challenge_t {
	/** nonce, base64 of RAND || AUTN */
	char nonce[IMSAKA_DIGEST_MAX_VALUE];
	/** realm */
	char realm[IMSAKA_DIGEST_MAX_VALUE];
	/** "AKAv1-MD5" or "AKAv2-MD5" */
	char algorithm[16];
	/** opaque, "" if none */
	char opaque[IMSAKA_DIGEST_MAX_VALUE];
	/** the challenge offered qop=auth */
	bool qop;
	/** client nonce (when qop) */
	char cnonce[33];
	/** nonce count (when qop) */
	uint32_t nc;
};

/**
 * The Authorization of an initial REGISTER (TS 24.229 5.1.1.2.1):
 * username, realm, uri, empty nonce and response.
 *
 * @param impi		username
 * @param realm		realm
 * @param uri		digest uri
 * @param buf		output
 * @param size		size of buf
 * @return			FALSE if it does not fit
 */
bool ue_auth_initial(const char *impi, const char *realm, const char *uri,
					 char *buf, size_t size);

/**
 * Answer a raw 401 with charon's aka-digest: take its challenge, ask
 * charon, print the Authorization (with auts after a synchronisation
 * failure). The response and auts are wiped before it returns.
 *
 * @param control	charon's control socket
 * @param ctx		charon context
 * @param config	options (impi, akav)
 * @param uri		digest uri
 * @param raw		raw 401
 * @param len		length of raw
 * @param ch		receives the challenge taken
 * @param auth		receives the Authorization (UE_AKA_OK, UE_AKA_SYNC);
 *					the caller wipes it
 * @param size		size of auth
 * @param err		receives why there is no Authorization
 * @return			UE_AKA_OK, UE_AKA_SYNC (auth carries auts), UE_AKA_AUTH
 *					(the network is not authentic) or UE_AKA_ERROR
 */
ue_aka_status_t ue_auth_answer(ue_control_client_t *control, uint32_t ctx,
							   const ue_config_t *config, const char *uri,
							   const char *raw, size_t len, ue_challenge_t *ch,
							   char *auth, size_t size, sip_error_t *err);

#endif /** UE_AUTH_H_ @}*/

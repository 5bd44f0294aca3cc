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
 * @defgroup ue_authorization ue_authorization
 * @{ @ingroup imsaka_ue
 *
 * The Digest AKA credentials of one registration: the answer to the last
 * 401 (charon's aka-digest, ue_auth), the Authorization the protected
 * REGISTERs carry after a successful authentication, and the
 * synchronisation failures in a row. Everything is wiped when it goes.
 */

#ifndef UE_AUTHORIZATION_H_
#define UE_AUTHORIZATION_H_

#include "ue_auth.h"

typedef struct ue_authorization_t ue_authorization_t;

/**
 * Credentials of one registration.
 */
struct ue_authorization_t {

	/**
	 * Answer the AKA challenge of a raw 401 with charon's aka-digest. A
	 * synchronisation failure beyond the most in a row is an error.
	 *
	 * @param ctx		charon context
	 * @param raw		raw 401
	 * @param len		length of raw
	 * @param err		receives why there is no answer
	 * @return			UE_AKA_OK, UE_AKA_SYNC (the answer carries auts),
	 *					UE_AKA_AUTH or UE_AKA_ERROR
	 */
	ue_aka_status_t (*answer)(ue_authorization_t *this, uint32_t ctx,
							  const char *raw, size_t len, sip_error_t *err);

	/**
	 * Authorization of the last answer.
	 *
	 * @return			header value, "" if none
	 */
	const char *(*get_answer)(ue_authorization_t *this);

	/**
	 * Nonce of the challenge last answered.
	 *
	 * @return			nonce, base64 of RAND || AUTN, "" if none
	 */
	const char *(*get_nonce)(ue_authorization_t *this);

	/**
	 * The last answer authenticated: protected REGISTERs carry it.
	 */
	void (*keep)(ue_authorization_t *this);

	/**
	 * Authorization protected REGISTERs carry.
	 *
	 * @return			header value, "" if none
	 */
	const char *(*get_kept)(ue_authorization_t *this);

	/**
	 * A new round of authentication (a registration or a refresh starts):
	 * synchronisation failures count from 0.
	 */
	void (*restart)(ue_authorization_t *this);

	/**
	 * Wipe the last answer and its challenge.
	 *
	 * @param kept		wipe the Authorization protected REGISTERs carry too
	 */
	void (*wipe)(ue_authorization_t *this, bool kept);

	/**
	 * Wipe and free.
	 */
	void (*destroy)(ue_authorization_t *this);
};

/**
 * Create the credentials of a registration.
 *
 * @param config	options (IMPI, AKA versions), kept by reference
 * @param control	charon's control socket, kept by reference
 * @param uri		digest uri, kept by reference
 * @return			credentials
 */
ue_authorization_t *ue_authorization_create(const ue_config_t *config,
											ue_control_client_t *control,
											const char *uri);

#endif /** UE_AUTHORIZATION_H_ @}*/

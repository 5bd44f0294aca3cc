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
 * @defgroup scscf_authorization scscf_authorization
 * @{ @ingroup scscf
 * The Authorization header field of a raw request, parsed with imsaka's
 * Digest grammar: libosip2 drops parameters it does not know (auts,
 * integrity-protected).
 */

#ifndef SCSCF_AUTHORIZATION_H_
#define SCSCF_AUTHORIZATION_H_

#include <digest_header.h>

/**
 * Result of looking for the Authorization
 */
typedef enum {
	/** no Authorization field */
	SCSCF_AUTHORIZATION_NONE,
	/** found and parsed */
	SCSCF_AUTHORIZATION_FOUND,
	/** found but malformed, too long, or more than one */
	SCSCF_AUTHORIZATION_BAD,
} scscf_authorization_t;

/**
 * Find and parse the Authorization field (not Proxy-Authorization) of a
 * raw message.
 *
 * @param msg		message text
 * @param len		length of msg
 * @param cred		receives the parsed credentials
 * @return			result
 */
scscf_authorization_t scscf_authorization_find(const char *msg, size_t len,
											   imsaka_digest_t *cred);

#endif /** SCSCF_AUTHORIZATION_H_ @}*/

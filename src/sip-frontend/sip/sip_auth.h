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
 * @defgroup sip_auth sip_auth
 * @{ @ingroup sip_message
 *
 * Digest header fields. libosip2 drops parameters it does not know, such
 * as the ck= and ik= of an S-CSCF's challenge (TS 24.229 5.4.1.2.1) and
 * the integrity-protected and auts of credentials, and empty ones such as
 * nonce="": these fields are read from the raw text and kept as text.
 */

#ifndef IMSAKA_SIP_AUTH_H_
#define IMSAKA_SIP_AUTH_H_

#include "sip_message.h"

/** most WWW-Authenticate header fields taken from one message */
#define IMSAKA_SIP_MAX_CHALLENGES 4

/**
 * Parse the WWW-Authenticate header fields of a raw message with imsaka's
 * own grammar.
 *
 * @param buf		raw message
 * @param len		length of buf
 * @param challenges	filled with up to IMSAKA_SIP_MAX_CHALLENGES fields
 * @param count		set to the number of fields found
 * @return			IMSAKA_SECAGREE_OK or the first parse error
 */
imsaka_secagree_err_t imsaka_sip_raw_challenges(const char *buf, size_t len,
						imsaka_digest_t challenges[IMSAKA_SIP_MAX_CHALLENGES],
						int *count);

/**
 * Replace the WWW-Authenticate fields of a message by challenges (typically
 * after imsaka_digest_strip_keys(), so the UE never sees CK and IK).
 *
 * @param msg		message to change; it owns the new fields
 * @param challenges	challenges to write, unchanged
 * @param count		number of challenges, 0 to only remove
 * @return			IMSAKA_SECAGREE_OK, a build error or IMSAKA_SECAGREE_ERR_INTERNAL
 */
imsaka_secagree_err_t imsaka_sip_set_challenges(sip_msg_t *msg,
						const imsaka_digest_t *challenges, int count);

/**
 * Replace the parsed Authorization and Proxy-Authorization fields by the
 * values found in the raw message, kept as text (sip_header.h).
 *
 * @param msg		message parsed from buf; it owns the new fields
 * @param buf		raw message
 * @param len		length of buf
 * @return			FALSE if a field is too long or libosip2 failed
 */
bool imsaka_sip_keep_raw_auth(sip_msg_t *msg, const char *buf, size_t len);

/**
 * The first Authorization field that parses as Digest credentials, after
 * imsaka_sip_keep_raw_auth().
 *
 * @param msg		request, unchanged
 * @param digest	receives the credentials
 * @return			FALSE if there is none
 */
bool imsaka_sip_credentials(sip_msg_t *msg, imsaka_digest_t *digest);

/**
 * Replace the first Authorization field that parses as Digest credentials
 * (the one imsaka_sip_credentials() returns), after
 * imsaka_sip_keep_raw_auth().
 *
 * @param msg		request; it owns the new value
 * @param digest	credentials to write, unchanged
 * @return			FALSE if there is no such field, or building or
 *					libosip2 failed
 */
bool imsaka_sip_set_credentials(sip_msg_t *msg, const imsaka_digest_t *digest);

#endif /** IMSAKA_SIP_AUTH_H_ @}*/

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
 * @defgroup sip_message sip_message
 * @{ @ingroup sip_frontend
 *
 * The one place where imsaka touches libosip2 message objects for security
 * agreement, NAT detection and Digest AKA. Ownership after each call is
 * stated per function; every libosip2 return is checked against
 * OSIP_SUCCESS.
 */

#ifndef IMSAKA_SIP_MESSAGE_H_
#define IMSAKA_SIP_MESSAGE_H_

#include <osipparser2/osip_parser.h>

#include <digest_header.h>
#include <nat_detect.h>
#include <secagree.h>

/**
 * A parsed SIP message. Code outside src/sip-frontend/sip/ names messages
 * only by this type and handles them only through the functions of this
 * folder, so libosip2 stays behind one adapter.
 */
typedef osip_message_t sip_msg_t;

/** header names of RFC 3329 */
#define IMSAKA_SIP_SECURITY_CLIENT	"Security-Client"
#define IMSAKA_SIP_SECURITY_SERVER	"Security-Server"
#define IMSAKA_SIP_SECURITY_VERIFY	"Security-Verify"

/** most WWW-Authenticate header fields taken from one message */
#define IMSAKA_SIP_MAX_CHALLENGES 4

/**
 * Collect all header fields of one sec-agree kind into a list. libosip2
 * splits comma lists into separate header fields; the list gets every entry
 * in message order either way.
 *
 * @param msg		message, unchanged
 * @param name		IMSAKA_SIP_SECURITY_CLIENT, _SERVER or _VERIFY
 * @param list		list to fill, initialized here
 * @return			IMSAKA_SECAGREE_OK (also when there is no such field) or the
 *					first parse error
 */
imsaka_secagree_err_t imsaka_sip_sec_get(osip_message_t *msg, const char *name,
								   imsaka_secagree_list_t *list);

/**
 * Replace all header fields of one sec-agree kind with one field holding
 * the list. An empty list removes the fields.
 *
 * @param msg		message to change; it owns the new field
 * @param name		header name
 * @param list		entries to write
 * @return			IMSAKA_SECAGREE_OK, a build error, or IMSAKA_SECAGREE_ERR_INTERNAL
 *					when libosip2 failed
 */
imsaka_secagree_err_t imsaka_sip_sec_set(osip_message_t *msg, const char *name,
								   const imsaka_secagree_list_t *list);

/**
 * Whether Require and Proxy-Require both list sec-agree (TS 24.229 5.1.1.2:
 * the UE puts it in both for ipsec-3gpp).
 *
 * @param msg		request
 * @param require	set to whether Require lists it
 * @param proxy_require	set to whether Proxy-Require lists it
 */
void imsaka_sip_secagree_tags(osip_message_t *msg, bool *require,
							   bool *proxy_require);

/**
 * At the P-CSCF: compare the top Via's sent-by with the packet source, add
 * received (when they differ) and fill rport (when the UE asked for it), as
 * RFC 3261 18.2.1 and RFC 3581 say.
 *
 * @param req		request; its top Via gets the parameters
 * @param source	address and port the request came from
 * @param nat		set to IMSAKA_NAT_UE or IMSAKA_NAT_NONE
 * @return			FALSE if the request has no usable top Via
 */
bool imsaka_sip_via_received(osip_message_t *req, const imsaka_addr_t *source,
							 imsaka_nat_t *nat);

/**
 * At the UE: compare the sent-by of the top Via of a response with the
 * received/rport the P-CSCF put there.
 *
 * @param resp		response, unchanged
 * @param nat		set to IMSAKA_NAT_UE or IMSAKA_NAT_NONE
 * @return			FALSE if the response has no usable top Via
 */
bool imsaka_sip_via_nat(osip_message_t *resp, imsaka_nat_t *nat);

/**
 * Parse the WWW-Authenticate header fields of a raw message with imsaka's
 * own grammar. libosip2 drops parameters it does not know, so the ck= and
 * ik= an S-CSCF puts there (TS 24.229 5.4.1.2.1) are only found in the raw
 * text.
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
 * @param msg		message to change
 * @param challenges	challenges to write
 * @param count		number of challenges
 * @return			IMSAKA_SECAGREE_OK, a build error or IMSAKA_SECAGREE_ERR_INTERNAL
 */
imsaka_secagree_err_t imsaka_sip_set_challenges(osip_message_t *msg,
						const imsaka_digest_t *challenges, int count);

/**
 * Build a response to a request, copying Via, From, To (with a tag when
 * given and none is there), Call-ID and CSeq, as RFC 3261 8.2.6.2 says.
 *
 * @param req		request
 * @param code		status code, e.g. 494
 * @param to_tag	tag to add to To, or NULL
 * @return			response owned by the caller (osip_message_free), NULL
 *					on failure
 */
osip_message_t *imsaka_sip_response(osip_message_t *req, int code,
									const char *to_tag);

#endif /** IMSAKA_SIP_MESSAGE_H_ @}*/

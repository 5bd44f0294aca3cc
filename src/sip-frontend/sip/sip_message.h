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
 * The libosip2 adapter: the one place where imsaka touches libosip2. A
 * message is parsed, printed, answered and freed here; the topic headers
 * included at the end give its header fields (sip_header.h), Via
 * (sip_via.h), URIs, Contact and Route (sip_uri.h), sec-agree (sip_secagree.h)
 * and Digest (sip_auth.h). Every function states who owns what after the
 * call; every libosip2 return is checked against OSIP_SUCCESS. Strings a
 * function returns as "borrowed" live as long as the message is unchanged.
 */

#ifndef IMSAKA_SIP_MESSAGE_H_
#define IMSAKA_SIP_MESSAGE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/**
 * Initialize the parser once per program, before the first parse.
 *
 * @param quiet		TRUE to silence libosip2's own trace output (a dropped
 *					message gets the caller's log line instead)
 * @return			FALSE if libosip2 failed
 */
bool imsaka_sip_init(bool quiet);

/**
 * Parse a message.
 *
 * @param buf		raw message, unchanged
 * @param len		length of buf
 * @return			message owned by the caller (imsaka_sip_free()), NULL
 *					if it does not parse
 */
sip_msg_t *imsaka_sip_parse(const char *buf, size_t len);

/**
 * Whether a message has what every SIP message must have to be handled:
 * From and To with a URI, Call-ID, CSeq with a method and a Via.
 *
 * @param msg		message, unchanged
 * @return			TRUE if all are there
 */
bool imsaka_sip_complete(sip_msg_t *msg);

/**
 * Free a message.
 *
 * @param msg		message, freed; NULL is ignored
 */
void imsaka_sip_free(sip_msg_t *msg);

/**
 * Print a message, with every change made through the adapter.
 *
 * @param msg		message, unchanged
 * @param len		receives the length of the text
 * @return			text owned by the caller (imsaka_sip_text_free()), NULL
 *					on failure
 */
char *imsaka_sip_print(sip_msg_t *msg, size_t *len);

/**
 * Free a text returned by the adapter.
 *
 * @param text		text, freed; NULL is ignored
 */
void imsaka_sip_text_free(char *text);

/**
 * Whether a message is a request.
 *
 * @param msg		message, unchanged
 * @return			TRUE for a request
 */
bool imsaka_sip_is_request(sip_msg_t *msg);

/**
 * Whether a message is a response.
 *
 * @param msg		message, unchanged
 * @return			TRUE for a response
 */
bool imsaka_sip_is_response(sip_msg_t *msg);

/**
 * Whether a message is a request of a method.
 *
 * @param msg		message, unchanged
 * @param method	method, e.g. "REGISTER" (compared case-sensitively, as
 *					RFC 3261 7.1 says)
 * @return			TRUE if it is such a request
 */
bool imsaka_sip_is_method(sip_msg_t *msg, const char *method);

/**
 * The method of a request's start line.
 *
 * @param msg		message, unchanged
 * @return			method (borrowed), "" for a response
 */
const char *imsaka_sip_method(sip_msg_t *msg);

/**
 * The status code of a response.
 *
 * @param msg		message, unchanged
 * @return			status code, 0 for a request
 */
int imsaka_sip_status(sip_msg_t *msg);

/**
 * The reason phrase of a response.
 *
 * @param msg		message, unchanged
 * @return			reason phrase (borrowed), "" if none
 */
const char *imsaka_sip_reason(sip_msg_t *msg);

/**
 * The Call-ID: its local part (before any '@').
 *
 * @param msg		message, unchanged
 * @return			value (borrowed), NULL if absent
 */
const char *imsaka_sip_call_id(sip_msg_t *msg);

/**
 * The host part of the Call-ID (after '@').
 *
 * @param msg		message, unchanged
 * @return			value (borrowed), NULL if absent
 */
const char *imsaka_sip_call_id_host(sip_msg_t *msg);

/**
 * The sequence number of CSeq, as text.
 *
 * @param msg		message, unchanged
 * @return			number (borrowed), NULL if absent
 */
const char *imsaka_sip_cseq_number(sip_msg_t *msg);

/**
 * The method of CSeq.
 *
 * @param msg		message, unchanged
 * @return			method (borrowed), NULL if absent
 */
const char *imsaka_sip_cseq_method(sip_msg_t *msg);

/**
 * Build a response to a request, copying Via, From, To (with a tag when
 * given and none is there), Call-ID and CSeq, as RFC 3261 8.2.6.2 says.
 *
 * @param req		request, unchanged
 * @param code		status code, e.g. 494
 * @param to_tag	tag to add to To (copied), or NULL
 * @return			response owned by the caller (imsaka_sip_free()), NULL
 *					on failure
 */
sip_msg_t *imsaka_sip_response(sip_msg_t *req, int code, const char *to_tag);

/**
 * Turn a response into a bare one of another status: every header field
 * kept as text (sip_header.h) and every body is dropped, Via, From, To,
 * Call-ID, CSeq and the parsed fields stay. Used where a relayed response
 * might carry something that must not go on (keys in an S-CSCF's answer).
 *
 * @param resp		response, changed in place; it owns the new reason
 * @param code		new status code
 * @param reason	new reason phrase (copied), NULL for the standard one
 * @return			FALSE if libosip2 failed (the response is then unusable)
 */
bool imsaka_sip_response_reset(sip_msg_t *resp, int code, const char *reason);

#include "sip_header.h"
#include "sip_via.h"
#include "sip_uri.h"
#include "sip_secagree.h"
#include "sip_auth.h"

#endif /** IMSAKA_SIP_MESSAGE_H_ @}*/

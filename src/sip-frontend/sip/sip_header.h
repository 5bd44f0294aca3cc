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
 * @defgroup sip_header sip_header
 * @{ @ingroup sip_message
 *
 * Header fields libosip2 keeps as text, such as Require, Supported, Path,
 * Expires, Max-Forwards and Security-* (not Via, From, To, Call-ID, CSeq,
 * Contact, Route, Record-Route, Allow, Accept*, Content-* or the Digest
 * ones, which it parses into objects of their own): get, add, replace,
 * remove; option tags; Max-Forwards and Expires.
 */

#ifndef IMSAKA_SIP_HEADER_H_
#define IMSAKA_SIP_HEADER_H_

#include "sip_message.h"

/**
 * The value of one field of a name.
 *
 * @param msg		message, unchanged
 * @param name		header name, compared without case
 * @param index		0 for the first field of that name, 1 for the next ...
 * @return			value (borrowed), "" for an empty field, NULL if there
 *					are not that many fields
 */
const char *imsaka_sip_header_get(sip_msg_t *msg, const char *name, int index);

/**
 * Add a field after the others.
 *
 * @param msg		message; it owns copies of name and value
 * @param name		header name
 * @param value		value
 * @return			FALSE if libosip2 failed
 */
bool imsaka_sip_header_add(sip_msg_t *msg, const char *name,
						   const char *value);

/**
 * Add a field before every other field kept as text (a Path of a proxy,
 * RFC 3327 5).
 *
 * @param msg		message; it owns copies of name and value
 * @param name		header name
 * @param value		value
 * @return			FALSE if libosip2 failed
 */
bool imsaka_sip_header_add_top(sip_msg_t *msg, const char *name,
							   const char *value);

/**
 * Replace the value of one field.
 *
 * @param msg		message; it owns a copy of value
 * @param name		header name
 * @param index		which field of that name, 0 for the first
 * @param value		new value
 * @return			FALSE if there is no such field or memory ran out
 */
bool imsaka_sip_header_set(sip_msg_t *msg, const char *name, int index,
						   const char *value);

/**
 * Remove every field of a name.
 *
 * @param msg		message; the removed fields are freed
 * @param name		header name
 */
void imsaka_sip_header_remove(sip_msg_t *msg, const char *name);

/**
 * Whether a header lists an option tag.
 *
 * @param msg		message, unchanged
 * @param name		header name, e.g. "Supported"
 * @param tag		option tag, e.g. "path", compared without case
 * @return			TRUE if listed
 */
bool imsaka_sip_has_tag(sip_msg_t *msg, const char *name, const char *tag);

/**
 * Remove an option tag from every field of a header; a field left empty is
 * removed.
 *
 * @param msg		message; changed fields own their new values
 * @param name		header name, e.g. "Require"
 * @param tag		option tag, e.g. "sec-agree"
 * @return			FALSE if a field is too long or memory ran out
 */
bool imsaka_sip_remove_tag(sip_msg_t *msg, const char *name, const char *tag);

/**
 * Max-Forwards of a request.
 *
 * @param msg		request, unchanged
 * @param present	set to whether the field is there
 * @param value		receives the value when present
 * @return			FALSE if present but not a number 0..255
 */
bool imsaka_sip_max_forwards(sip_msg_t *msg, bool *present, uint32_t *value);

/**
 * Set Max-Forwards, replacing the field or adding one.
 *
 * @param msg		request; it owns the new value
 * @param value		hops left
 * @return			FALSE if libosip2 failed
 */
bool imsaka_sip_set_max_forwards(sip_msg_t *msg, uint32_t value);

/**
 * Expiry asked for by a REGISTER, or granted by its 2xx: expires of the
 * first Contact that has it, else the Expires header.
 *
 * @param msg		REGISTER or its response, unchanged
 * @param expires	receives the value in seconds
 * @return			FALSE if none is given or a value is malformed
 */
bool imsaka_sip_expires(sip_msg_t *msg, uint32_t *expires);

/**
 * Strict decimal number of a header field or parameter: digits with
 * optional white space around them, at most ten digits.
 *
 * @param text		text, NULL is refused
 * @param max		largest value accepted
 * @param value		receives the value
 * @return			FALSE if malformed or above max
 */
bool imsaka_sip_parse_uint(const char *text, uint32_t max, uint32_t *value);

#endif /** IMSAKA_SIP_HEADER_H_ @}*/

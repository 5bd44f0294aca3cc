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
 * @defgroup sip_uri sip_uri
 * @{ @ingroup sip_message
 *
 * URIs as plain copies (imsaka_sip_uri_t), the URIs of From, To and
 * Contact, Contact parameters, and the Route set of loose routing.
 */

#ifndef IMSAKA_SIP_URI_H_
#define IMSAKA_SIP_URI_H_

#include "sip_message.h"

/** longest part of a URI kept */
#define IMSAKA_SIP_URI_PART_MAX 256

typedef struct imsaka_sip_uri_t imsaka_sip_uri_t;

/**
 * The parts of a URI, copied out of libosip2; "" where a part is absent.
 */
struct imsaka_sip_uri_t {
	/** scheme as written, e.g. "sip", "SIPS", "tel" */
	char scheme[16];
	/** user part of a sip:/sips: URI */
	char user[IMSAKA_SIP_URI_PART_MAX];
	/** whether the URI has a user part (it may be empty) */
	bool has_user;
	/** host of a sip:/sips: URI, IPv6 as libosip2 keeps it */
	char host[IMSAKA_SIP_URI_PART_MAX];
	/** port as written, "" if none */
	char port[8];
	/** everything after the scheme of any other URI, e.g. of tel: */
	char opaque[IMSAKA_SIP_URI_PART_MAX];
};

/**
 * Parse a URI.
 *
 * @param text		URI text, e.g. "sip:ue@ims.example.net;lr"
 * @param uri		receives the parts
 * @return			FALSE if it does not parse or a part is too long
 */
bool imsaka_sip_uri_parse(const char *text, imsaka_sip_uri_t *uri);

/**
 * The Request-URI of a request.
 *
 * @param msg		request, unchanged
 * @param uri		receives the parts
 * @return			FALSE for a response, or if a part is too long
 */
bool imsaka_sip_request_uri(sip_msg_t *msg, imsaka_sip_uri_t *uri);

/**
 * The URI of From or To.
 *
 * @param msg		message, unchanged
 * @param header	"From" or "To"
 * @param uri		receives the parts
 * @return			FALSE if absent or a part is too long
 */
bool imsaka_sip_name_uri(sip_msg_t *msg, const char *header,
						 imsaka_sip_uri_t *uri);

/**
 * The address of record of From or To as "user@host" ("host" without a
 * user part), for matching requests to a registration.
 *
 * @param msg		message, unchanged
 * @param header	"To" or "From"
 * @param aor		receives the text
 * @param size		size of aor
 * @return			FALSE if absent or too long
 */
bool imsaka_sip_aor(sip_msg_t *msg, const char *header, char *aor,
					size_t size);

/**
 * Number of Contact entries.
 *
 * @param msg		message, unchanged
 * @return			number of entries
 */
int imsaka_sip_contact_count(sip_msg_t *msg);

/**
 * Whether a Contact entry is the "*" of a removal of all bindings.
 *
 * @param msg		message, unchanged
 * @param index		entry, 0 for the first
 * @return			TRUE for "*"
 */
bool imsaka_sip_contact_is_star(sip_msg_t *msg, int index);

/**
 * The URI of a Contact entry.
 *
 * @param msg		message, unchanged
 * @param index		entry, 0 for the first
 * @param uri		receives the parts
 * @return			FALSE if there is no such entry, it has no URI or a part
 *					is too long
 */
bool imsaka_sip_contact_uri(sip_msg_t *msg, int index, imsaka_sip_uri_t *uri);

/**
 * A header parameter of a Contact entry.
 *
 * @param msg		message, unchanged
 * @param index		entry, 0 for the first
 * @param name		parameter name, e.g. "expires"
 * @param value		receives the value (borrowed), NULL for a parameter
 *					without value; may be NULL
 * @return			TRUE if the entry has the parameter
 */
bool imsaka_sip_contact_param(sip_msg_t *msg, int index, const char *name,
							  const char **value);

/**
 * Print a Contact entry without one of its header parameters.
 *
 * @param msg		message, unchanged
 * @param index		entry, 0 for the first
 * @param drop		parameter left out, e.g. "expires", or NULL
 * @param buf		receives the text
 * @param size		size of buf
 * @return			FALSE if there is no such entry, it does not fit or
 *					libosip2 failed
 */
bool imsaka_sip_contact_print(sip_msg_t *msg, int index, const char *drop,
							  char *buf, size_t size);

/**
 * Add a Route entry before the others.
 *
 * @param msg		request; it owns the new entry
 * @param value		name-addr, e.g. "<sip:192.0.2.1:5066;lr>"
 * @return			FALSE if value does not parse or libosip2 failed
 */
bool imsaka_sip_route_push(sip_msg_t *msg, const char *value);

/**
 * Remove Route entries on top that name one of a set of addresses (loose
 * routing, RFC 3261 16.4).
 *
 * @param msg		request; removed entries are freed
 * @param own		addresses (port 0 matches any port; a URI without a
 *					port has 5060)
 * @param count		number of addresses
 */
void imsaka_sip_route_pop_own(sip_msg_t *msg, const imsaka_addr_t *own,
							  int count);

#endif /** IMSAKA_SIP_URI_H_ @}*/

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
 * @defgroup pcscf_sip pcscf_sip
 * @{ @ingroup pcscf
 *
 * The edits a P-CSCF makes to SIP messages on libosip2 objects, beyond the
 * sec-agree ones of sip_message.h: Via push and pop, Path, option tags,
 * Route to itself, Max-Forwards, Expires, and the Authorization header,
 * which is kept as received (libosip2 drops parameters it does not know,
 * such as integrity-protected and auts, and empty ones such as nonce="").
 */

#ifndef PCSCF_SIP_H_
#define PCSCF_SIP_H_

#include <stdbool.h>
#include <stddef.h>

#include <osipparser2/osip_parser.h>

#include <secagree_addr.h>

/** longest branch parameter we make or match */
#define PCSCF_SIP_BRANCH_MAX 64

/** longest IMPI accepted */
#define PCSCF_SIP_IMPI_MAX 256

/**
 * Parse a message.
 *
 * @param buf		raw message
 * @param len		length of buf
 * @return			message (osip_message_free), NULL if malformed
 */
osip_message_t *pcscf_sip_parse(const char *buf, size_t len);

/**
 * Print a message.
 *
 * @param msg		message
 * @param len		receives the length
 * @return			text (osip_free), NULL on failure
 */
char *pcscf_sip_print(osip_message_t *msg, size_t *len);

/**
 * Replace the parsed Authorization and Proxy-Authorization fields by the
 * values found in the raw message, kept as text.
 *
 * @param msg		message parsed from buf
 * @param buf		raw message
 * @param len		length of buf
 * @return			FALSE if a field is too long or libosip2 failed
 */
bool pcscf_sip_keep_raw_auth(osip_message_t *msg, const char *buf, size_t len);

/**
 * The IMPI: username of the (first) Authorization field, after
 * pcscf_sip_keep_raw_auth(). Only printable characters without white
 * space, quotes or backslash are accepted.
 *
 * @param msg		request
 * @param impi		receives the IMPI
 * @param size		size of impi
 * @return			FALSE if absent or unusable
 */
bool pcscf_sip_impi(osip_message_t *msg, char *impi, size_t size);

/**
 * Set integrity-protected of the (first) Authorization field, after
 * pcscf_sip_keep_raw_auth() (TS 24.229 5.2.2.1: "yes" on SM7, "no" on an
 * unprotected REGISTER).
 *
 * @param msg		request
 * @param value		"yes" or "no"
 * @return			FALSE if there is no Digest Authorization or it is
 *					malformed
 */
bool pcscf_sip_set_integrity(osip_message_t *msg, const char *value);

/**
 * Remove an option tag from every field of a header (Require,
 * Proxy-Require, Supported); a field left empty is removed.
 *
 * @param msg		message
 * @param name		header name
 * @param tag		option tag, e.g. "sec-agree"
 * @return			FALSE if libosip2 failed
 */
bool pcscf_sip_remove_tag(osip_message_t *msg, const char *name,
						  const char *tag);

/**
 * Whether a header lists an option tag.
 *
 * @param msg		message
 * @param name		header name, e.g. "Supported"
 * @param tag		option tag, e.g. "path"
 * @return			TRUE if listed
 */
bool pcscf_sip_has_tag(osip_message_t *msg, const char *name,
					   const char *tag);

/**
 * Remove every header field of a name.
 *
 * @param msg		message
 * @param name		header name
 */
void pcscf_sip_remove_header(osip_message_t *msg, const char *name);

/**
 * The branch of the top Via.
 *
 * @param msg		message
 * @param branch	receives the branch
 * @param size		size of branch
 * @return			FALSE if there is no top Via with a branch that fits
 */
bool pcscf_sip_top_branch(osip_message_t *msg, char *branch, size_t size);

/**
 * Add a Via on top: "SIP/2.0/<proto> <local>;branch=<branch>;rport".
 *
 * @param msg		request
 * @param tcp		TRUE for TCP, else UDP
 * @param local		sent-by address and port
 * @param branch	branch, starting with the magic cookie z9hG4bK
 * @return			FALSE on failure
 */
bool pcscf_sip_push_via(osip_message_t *msg, bool tcp,
						const imsaka_addr_t *local, const char *branch);

/**
 * Remove the top Via.
 *
 * @param msg		response
 * @return			FALSE if there was none, or no Via is left after it
 */
bool pcscf_sip_pop_via(osip_message_t *msg);

/**
 * Add a Path field on top of the others (RFC 3327):
 * "<sip:term@<local>;lr>".
 *
 * @param msg		REGISTER
 * @param local		address and port of the P-CSCF towards the S-CSCF
 * @return			FALSE on failure
 */
bool pcscf_sip_add_path(osip_message_t *msg, const imsaka_addr_t *local);

/**
 * Remove Route entries on top that name this P-CSCF (loose routing,
 * RFC 3261 16.4).
 *
 * @param msg		request
 * @param own		addresses of the P-CSCF (port 0 matches any port)
 * @param count		number of addresses
 */
void pcscf_sip_pop_own_routes(osip_message_t *msg, const imsaka_addr_t *own,
							  int count);

/**
 * Decrement Max-Forwards (70 is set when absent).
 *
 * @param msg		request
 * @return			FALSE if it was 0 (answer 483) or malformed
 */
bool pcscf_sip_max_forwards(osip_message_t *msg);

/**
 * Expiry asked for by a REGISTER, or granted by its 2xx: expires of the
 * first Contact that has it, else the Expires header.
 *
 * @param msg		REGISTER or its response
 * @param expires	receives the value in seconds
 * @return			FALSE if none is given or a value is malformed
 */
bool pcscf_sip_expires(osip_message_t *msg, uint32_t *expires);

/**
 * Host of the top Via's sent-by as an address, and its port.
 *
 * @param msg		message
 * @param addr		receives the address (port from sent-by, 0 if none)
 * @return			FALSE if the host is not an IP address
 */
bool pcscf_sip_via_address(osip_message_t *msg, imsaka_addr_t *addr);

/**
 * The URI of To, "user@host", for matching requests to a registration.
 *
 * @param msg		message
 * @param header	"To" or "From"
 * @param uri		receives the user@host
 * @param size		size of uri
 * @return			FALSE if absent or too long
 */
bool pcscf_sip_aor(osip_message_t *msg, const char *header, char *uri,
				   size_t size);

#endif /** PCSCF_SIP_H_ @}*/

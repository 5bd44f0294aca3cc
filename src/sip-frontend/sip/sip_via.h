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
 * @defgroup sip_via sip_via
 * @{ @ingroup sip_message
 *
 * The Via fields of a message: branch, sent-by, received and rport, adding
 * and removing a proxy's Via, and the NAT verdicts of RFC 3261 18.2.1,
 * RFC 3581 and TS 24.229 Annex F.
 */

#ifndef IMSAKA_SIP_VIA_H_
#define IMSAKA_SIP_VIA_H_

#include "sip_message.h"

/**
 * At the P-CSCF: compare the top Via's sent-by with the packet source, add
 * received (when they differ) and fill rport (when the UE asked for it), as
 * RFC 3261 18.2.1 and RFC 3581 say.
 *
 * @param req		request; its top Via owns the new parameters
 * @param source	address and port the request came from
 * @param nat		set to IMSAKA_NAT_UE or IMSAKA_NAT_NONE
 * @return			FALSE if the request has no usable top Via
 */
bool imsaka_sip_via_received(sip_msg_t *req, const imsaka_addr_t *source,
							 imsaka_nat_t *nat);

/**
 * At the UE: compare the sent-by of the top Via of a response with the
 * received/rport the P-CSCF put there.
 *
 * @param resp		response, unchanged
 * @param nat		set to IMSAKA_NAT_UE or IMSAKA_NAT_NONE
 * @return			FALSE if the response has no usable top Via
 */
bool imsaka_sip_via_nat(sip_msg_t *resp, imsaka_nat_t *nat);

/**
 * At the UE, over TCP: the P-CSCF saw the connection's ephemeral source
 * port, never the sent-by port, so only a received that differs from the
 * sent-by host tells of a NAT.
 *
 * @param resp		response, unchanged
 * @return			IMSAKA_NAT_UE if received differs or the Via is
 *					unusable, else IMSAKA_NAT_NONE
 */
imsaka_nat_t imsaka_sip_via_nat_tcp(sip_msg_t *resp);

/**
 * The address the P-CSCF saw a request come from: received and rport of
 * the top Via of its response, else the sent-by (port 5060 if none).
 *
 * @param resp		response, unchanged
 * @param addr		receives address and port
 * @return			FALSE if the Via is unusable
 */
bool imsaka_sip_via_public(sip_msg_t *resp, imsaka_addr_t *addr);

/**
 * Host of the top Via's sent-by as an address, and its port.
 *
 * @param msg		message, unchanged
 * @param addr		receives the address (port from sent-by, 0 if none)
 * @return			FALSE if the host is not an IP address
 */
bool imsaka_sip_via_address(sip_msg_t *msg, imsaka_addr_t *addr);

/**
 * The branch of the top Via.
 *
 * @param msg		message, unchanged
 * @return			branch (borrowed), NULL if there is none
 */
const char *imsaka_sip_via_branch(sip_msg_t *msg);

/**
 * The sent-by port of the top Via, as text.
 *
 * @param msg		message, unchanged
 * @return			port (borrowed), NULL if no Via or no port
 */
const char *imsaka_sip_via_port(sip_msg_t *msg);

/**
 * A parameter of the top Via.
 *
 * @param msg		message, unchanged
 * @param name		parameter name, e.g. "rport"
 * @param value		receives the value (borrowed), NULL for a parameter
 *					without value; may be NULL
 * @return			TRUE if the top Via has the parameter
 */
bool imsaka_sip_via_param(sip_msg_t *msg, const char *name,
						  const char **value);

/**
 * Number of Via fields.
 *
 * @param msg		message, unchanged
 * @return			number of Via entries
 */
int imsaka_sip_via_count(sip_msg_t *msg);

/**
 * Add a Via on top.
 *
 * @param msg		request; it owns the new Via
 * @param value		Via value, e.g. "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1"
 * @return			FALSE if value does not parse or libosip2 failed
 */
bool imsaka_sip_via_push(sip_msg_t *msg, const char *value);

/**
 * Remove the top Via.
 *
 * @param msg		response; the removed Via is freed
 * @return			FALSE if there was none
 */
bool imsaka_sip_via_pop(sip_msg_t *msg);

#endif /** IMSAKA_SIP_VIA_H_ @}*/

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
 * @defgroup ue_message ue_message
 * @{ @ingroup imsaka_ue
 *
 * The requests the UE originates (REGISTER, OPTIONS, MESSAGE) printed from
 * values it owns or has checked, and what it reads from responses: top
 * Via branch, received/rport, the expiry granted.
 */

#ifndef UE_MESSAGE_H_
#define UE_MESSAGE_H_

#include <secagree.h>
#include <sip_message.h>
#include <sip_transport.h>

typedef struct ue_request_t ue_request_t;

/** bytes of a branch, tag or Call-ID we make */
#define UE_MESSAGE_TOKEN_LEN 40

/**
 * A request to print; NULL pointers and empty lists leave a header out.
 */
struct ue_request_t {
	/** method, e.g. "REGISTER" */
	const char *method;
	/** Request-URI */
	const char *request_uri;
	/** transport of the Via */
	sip_proto_t proto;
	/** Via sent-by, address and port */
	imsaka_addr_t via;
	/** Via branch, with the magic cookie */
	const char *branch;
	/** From URI and tag */
	const char *from, *from_tag;
	/** To URI */
	const char *to;
	/** Call-ID */
	const char *call_id;
	/** CSeq number */
	uint32_t cseq;
	/** Contact URI (without brackets) or NULL */
	const char *contact;
	/** Expires value, < 0 for none */
	int64_t expires;
	/** Route header value or NULL */
	const char *route;
	/** Security-Client and Security-Verify, or NULL */
	const imsaka_secagree_list_t *client, *verify;
	/** add Require and Proxy-Require sec-agree and Supported: path */
	bool secagree;
	/** Authorization header value or NULL */
	const char *authorization;
	/** body (text/plain) or NULL */
	const char *body;
};

/**
 * Print a request.
 *
 * @param req		the request
 * @param buf		output, NUL-terminated on success
 * @param size		size of buf
 * @param len		receives the length
 * @return			FALSE if it does not fit or a list cannot be printed
 */
bool ue_message_build(const ue_request_t *req, char *buf, size_t size,
					  size_t *len);

/**
 * Random lowercase hex of 2 * bytes characters.
 *
 * @param buf		output, at least 2 * bytes + 1
 * @param bytes		random bytes
 */
void ue_message_random(char *buf, size_t bytes);

/**
 * Print an address as URI host[:port] ("[2001:db8::1]:5066").
 *
 * @param addr		address, port 0 to leave the port out
 * @param buf		output
 * @param size		size of buf
 * @return			buf
 */
char *ue_message_hostport(const imsaka_addr_t *addr, char *buf, size_t size);

/**
 * The expiry a 200 OK to REGISTER grants: the expires parameter of the
 * Contact with our URI, else the Expires header, else what was asked.
 *
 * @param resp		200 OK
 * @param contact	our Contact URI
 * @param asked		what the request asked for
 * @return			seconds
 */
uint32_t ue_message_granted(sip_msg_t *resp, const char *contact,
							uint32_t asked);

/** largest Retry-After taken, seconds (longer values are cut to it) */
#define UE_MESSAGE_MAX_RETRY_AFTER 86400

/**
 * The delta-seconds of a response's Retry-After (RFC 3261 20.33), a
 * comment and parameters after it ignored.
 *
 * @param resp		response
 * @return			seconds, at most UE_MESSAGE_MAX_RETRY_AFTER; 0 if none
 *					or malformed
 */
uint32_t ue_message_retry_after(sip_msg_t *resp);

#endif /** UE_MESSAGE_H_ @}*/

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
 * @defgroup scscf_reply scscf_reply
 * @{ @ingroup scscf
 * A response of the registrar: the message text (libosip2's response with
 * extra header fields added as raw text, so parameters libosip2 does not
 * know, such as ck= and ik=, survive) and where it goes (RFC 3261 18.2.2,
 * RFC 3581: back to the source address, to the rport or Via port).
 */

#ifndef SCSCF_REPLY_H_
#define SCSCF_REPLY_H_

#include <sip_transport.h>

#include <sip_message.h>

/** room for the extra header fields of one response */
#define SCSCF_REPLY_EXTRA_MAX 8192

typedef struct scscf_reply_t scscf_reply_t;

/**
 * A response to send.
 */
struct scscf_reply_t {
	/** message text, malloc()ed; wipe it if it holds keys (401) */
	char *msg;
	/** length of msg */
	size_t len;
	/** where it goes */
	sip_peer_t to;
	/** extra header fields, each ended by CRLF */
	char extra[SCSCF_REPLY_EXTRA_MAX];
	/** bytes used in extra */
	size_t extra_len;
	/** extra overflowed */
	bool overflow;
};

/**
 * Add a header field to the extra ones.
 *
 * @param reply		reply
 * @param name		header name
 * @param fmt		value, printf-style
 */
void scscf_reply_add(scscf_reply_t *reply, const char *name,
					 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * Build the message text from a response and the extra fields, and the
 * destination from the request's top Via (received/rport already added)
 * and where the request came from.
 *
 * @param reply		reply with the extra fields; receives msg, len and to
 * @param req		request
 * @param resp		response to it
 * @param from		where the request came from
 * @return			FALSE on failure (logged)
 */
bool scscf_reply_build(scscf_reply_t *reply, sip_msg_t *req,
					   sip_msg_t *resp, const sip_peer_t *from);

/**
 * Wipe and free the message text.
 *
 * @param reply		reply
 */
void scscf_reply_clear(scscf_reply_t *reply);

#endif /** SCSCF_REPLY_H_ @}*/

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
 * The P-CSCF's rules for the SIP messages it relays, on top of the adapter
 * (sip_message.h): what a request must have, its Via and Path, the IMPI
 * it accepts, integrity-protected, Max-Forwards when absent. The names
 * that only forward to the adapter are kept for the callers that use them.
 */

#ifndef PCSCF_SIP_H_
#define PCSCF_SIP_H_

#include <stdbool.h>
#include <stddef.h>

#include <secagree_addr.h>
#include <sip_message.h>
#include <sip_uri.h>

/** longest branch parameter we make or match */
#define PCSCF_SIP_BRANCH_MAX 64

/** longest IMPI accepted */
#define PCSCF_SIP_IMPI_MAX 256

/**
 * Parse a message that has what the P-CSCF needs (imsaka_sip_complete()).
 *
 * @param buf		raw message
 * @param len		length of buf
 * @return			message owned by the caller (imsaka_sip_free()), NULL if
 *					malformed
 */
sip_msg_t *pcscf_sip_parse(const char *buf, size_t len);

/**
 * The IMPI: username of the (first) Authorization field, after
 * imsaka_sip_keep_raw_auth(). Only printable characters without white
 * space, quotes or backslash are accepted.
 *
 * @param msg		request
 * @param impi		receives the IMPI
 * @param size		size of impi
 * @return			FALSE if absent or unusable
 */
bool pcscf_sip_impi(sip_msg_t *msg, char *impi, size_t size);

/**
 * Set integrity-protected of the (first) Authorization field, after
 * imsaka_sip_keep_raw_auth() (TS 24.229 5.2.2.1: "yes" on SM7, "no" on an
 * unprotected REGISTER).
 *
 * @param msg		request
 * @param value		"yes" or "no"
 * @return			FALSE if there is no Digest Authorization or it is
 *					malformed
 */
bool pcscf_sip_set_integrity(sip_msg_t *msg, const char *value);

/**
 * The branch of the top Via.
 *
 * @param msg		message
 * @param branch	receives the branch
 * @param size		size of branch
 * @return			FALSE if there is no top Via with a branch that fits
 */
bool pcscf_sip_top_branch(sip_msg_t *msg, char *branch, size_t size);

/**
 * Add a Via on top: "SIP/2.0/<proto> <local>;branch=<branch>;rport".
 *
 * @param msg		request
 * @param tcp		TRUE for TCP, else UDP
 * @param local		sent-by address and port
 * @param branch	branch, starting with the magic cookie z9hG4bK
 * @return			FALSE on failure
 */
bool pcscf_sip_push_via(sip_msg_t *msg, bool tcp,
						const imsaka_addr_t *local, const char *branch);

/**
 * Remove the top Via.
 *
 * @param msg		response
 * @return			FALSE if there was none, or no Via is left after it
 */
bool pcscf_sip_pop_via(sip_msg_t *msg);

/**
 * Add a Path field on top of the others (RFC 3327):
 * "<sip:term@<local>;lr>".
 *
 * @param msg		REGISTER
 * @param local		address and port of the P-CSCF towards the S-CSCF
 * @return			FALSE on failure
 */
bool pcscf_sip_add_path(sip_msg_t *msg, const imsaka_addr_t *local);

/**
 * Decrement Max-Forwards (70 is set when absent).
 *
 * @param msg		request
 * @return			FALSE if it was 0 (answer 483) or malformed
 */
bool pcscf_sip_max_forwards(sip_msg_t *msg);

#endif /** PCSCF_SIP_H_ @}*/

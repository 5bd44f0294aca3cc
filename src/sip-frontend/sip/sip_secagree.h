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
 * @defgroup sip_secagree sip_secagree
 * @{ @ingroup sip_message
 *
 * The header fields of RFC 3329 security agreement: Security-Client,
 * Security-Server, Security-Verify, and sec-agree in Require and
 * Proxy-Require.
 */

#ifndef IMSAKA_SIP_SECAGREE_H_
#define IMSAKA_SIP_SECAGREE_H_

#include "sip_message.h"

/** header names of RFC 3329 */
#define IMSAKA_SIP_SECURITY_CLIENT	"Security-Client"
#define IMSAKA_SIP_SECURITY_SERVER	"Security-Server"
#define IMSAKA_SIP_SECURITY_VERIFY	"Security-Verify"

/**
 * Collect all header fields of one sec-agree kind into a list. libosip2
 * splits comma lists into separate header fields; the list gets every entry
 * in message order either way.
 *
 * @param msg		message, unchanged
 * @param name		IMSAKA_SIP_SECURITY_CLIENT, _SERVER or _VERIFY
 * @param list		list to fill, initialized here; the caller owns it
 * @return			IMSAKA_SECAGREE_OK (also when there is no such field) or the
 *					first parse error
 */
imsaka_secagree_err_t imsaka_sip_sec_get(sip_msg_t *msg, const char *name,
										 imsaka_secagree_list_t *list);

/**
 * Replace all header fields of one sec-agree kind with one field holding
 * the list. An empty list removes the fields.
 *
 * @param msg		message to change; it owns the new field
 * @param name		header name
 * @param list		entries to write, unchanged
 * @return			IMSAKA_SECAGREE_OK, a build error, or IMSAKA_SECAGREE_ERR_INTERNAL
 *					when libosip2 failed
 */
imsaka_secagree_err_t imsaka_sip_sec_set(sip_msg_t *msg, const char *name,
										 const imsaka_secagree_list_t *list);

/**
 * Whether Require and Proxy-Require both list sec-agree (TS 24.229 5.1.1.2:
 * the UE puts it in both for ipsec-3gpp).
 *
 * @param msg		request, unchanged
 * @param require	set to whether Require lists it
 * @param proxy_require	set to whether Proxy-Require lists it
 */
void imsaka_sip_secagree_tags(sip_msg_t *msg, bool *require,
							  bool *proxy_require);

#endif /** IMSAKA_SIP_SECAGREE_H_ @}*/

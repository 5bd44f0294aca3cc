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

#include "secagree_error.h"

/**
 * Text and SIP response code of each status, indexed by code.
 */
static const struct {
	const char *text;
	int sip;
} errors[] = {
	[IMSAKA_SECAGREE_OK] = { "success", 200 },
	[IMSAKA_SECAGREE_ERR_EMPTY] = { "empty header value or list element", 400 },
	[IMSAKA_SECAGREE_ERR_TOO_LONG] = { "header value longer than the limit", 400 },
	[IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES] =
		{ "too many mechanisms in the list", 400 },
	[IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS] = { "too many parameters", 400 },
	[IMSAKA_SECAGREE_ERR_TOO_MANY_UNKNOWN] = { "too many unknown parameters", 400 },
	[IMSAKA_SECAGREE_ERR_NAME_TOO_LONG] = { "name longer than the limit", 400 },
	[IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG] =
		{ "parameter value longer than the limit", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_MECHANISM] = { "mechanism name is not a token", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_PARAM] = { "parameter name is not a token", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_VALUE] =
		{ "parameter value is not a token, host or quoted string", 400 },
	[IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE] =
		{ "quoted string not terminated", 400 },
	[IMSAKA_SECAGREE_ERR_GARBAGE] =
		{ "unexpected character where ';' or ',' was expected", 400 },
	[IMSAKA_SECAGREE_ERR_DUPLICATE_PARAM] = { "parameter given twice", 400 },
	[IMSAKA_SECAGREE_ERR_MISSING_VALUE] = { "parameter needs a value", 400 },
	[IMSAKA_SECAGREE_ERR_UNEXPECTED_VALUE] =
		{ "flag parameter must not have a value", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_SPI] = { "spi is not a decimal 32-bit number", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_PORT] = { "port is not a decimal number 1..65535", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_Q] =
		{ "q is not a qvalue 0..1 with up to 3 decimals", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_D_VER] = { "d-ver is not 32 hex digits in quotes", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_HASH] = { "NAT-T hash is not 40 hex digits", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_ADDRESS] =
		{ "NAT-T address is not \"IPv4:port\" or \"[IPv6]:port\"", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_SUITES] =
		{ "cipher suite list is not 4-hex-digit codes joined by '.'", 400 },
	[IMSAKA_SECAGREE_ERR_TOO_MANY_SUITES] = { "too many cipher suites", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_SID] =
		{ "session id is not 2..64 hex digits (whole bytes)", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_SCHEME] = { "authentication scheme is not Digest", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_KEY] = { "ck/ik is not 32 hex digits", 400 },
	[IMSAKA_SECAGREE_ERR_BAD_NC] = { "nc is not 8 hex digits", 400 },
	[IMSAKA_SECAGREE_ERR_MISSING_PARAM] = { "required parameter missing", 400 },
	[IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL] = { "output buffer too small", 500 },
	[IMSAKA_SECAGREE_ERR_INTERNAL] = { "the SIP stack failed to take the value", 500 },
	[IMSAKA_SECAGREE_ERR_NO_OFFER] = { "no security mechanism offered", 494 },
	[IMSAKA_SECAGREE_ERR_NO_COMMON] =
		{ "no security mechanism supported by both sides", 494 },
	[IMSAKA_SECAGREE_ERR_CLIENT_CHANGED] =
		{ "Security-Client differs from the one of the first REGISTER", 403 },
	[IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH] =
		{ "Security-Verify differs from the Security-Server sent", 403 },
	[IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE] =
		{ "NAT-T capability removed or added (downgrade)", 403 },
	[IMSAKA_SECAGREE_ERR_NATT_HASH] =
		{ "NAT-T hash differs from the stored one", 403 },
	[IMSAKA_SECAGREE_ERR_NATT_OA] =
		{ "NAT-T original address does not match its hash", 403 },
	[IMSAKA_SECAGREE_ERR_NATT_MISSING_OA] = { "NAT-T original address missing", 403 },
	[IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT] =
		{ "ipsec-3gpp entries carry different NAT-T values", 400 },
};

/*
 * Described in header
 */
const char *imsaka_secagree_strerror(imsaka_secagree_err_t err)
{
	if ((unsigned)err >= IMSAKA_SECAGREE_ERR_COUNT || !errors[err].text)
	{
		return "unknown error";
	}
	return errors[err].text;
}

/*
 * Described in header
 */
int imsaka_secagree_response_code(imsaka_secagree_err_t err)
{
	if ((unsigned)err >= IMSAKA_SECAGREE_ERR_COUNT || !errors[err].text)
	{
		return 500;
	}
	return errors[err].sip;
}

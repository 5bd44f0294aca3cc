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

/*
 * tls-psk and tls-aka-keys: the only keys that leave charon for the TLS
 * mechanisms, derived from a context's CK/IK (docs/TLS-PSK.md,
 * docs/TLS-AKA.md). They appear in the reply only, never in a log line or
 * an error message.
 */

#include "imsaka_control_handlers.h"
#include "imsaka_tls_psk.h"

#include <daemon.h>

#include <hex.h>
#include <milenage.h>
#include <tls_aka_keys.h>

/** longest hex value printed into a reply: a 48 byte secret */
#define HEX_MAX (2 * IMSAKA_TLS_MAX_HASH_LEN + 1)

/**
 * Get the sid= parameter: 1..32 bytes of hex, no prefix
 */
static bool get_sid(imsaka_control_request_t *req, uint8_t *sid,
					size_t *sid_len)
{
	const char *hex;

	hex = imsaka_control_request_str(req, "sid", TRUE);
	if (!hex)
	{
		return FALSE;
	}
	if (strlen(hex) < 2 || strlen(hex) > 2 * IMSAKA_TLS_PSK_ID_MAX ||
		strlen(hex) % 2 ||
		!imsaka_hex_decode_exact(hex, strlen(hex), sid, strlen(hex) / 2))
	{
		return imsaka_control_request_error(req, "param", "sid is not 1..%d "
					"bytes of hex", IMSAKA_TLS_PSK_ID_MAX);
	}
	*sid_len = strlen(hex) / 2;
	return TRUE;
}

/**
 * Get the keys of the context, or fail the request
 */
static bool get_keys(imsaka_control_env_t *env, imsaka_context_t *ctx,
					 imsaka_control_request_t *req, uint8_t *ck, uint8_t *ik)
{
	if (!ctx->get_keys(ctx, ck, ik))
	{
		return imsaka_control_fail(env, ctx, req, "state", "ctx %u has no "
						"CK/IK yet (aka-digest or ctx-keys first)",
						ctx->get_id(ctx));
	}
	return TRUE;
}

/**
 * The IMPI of a context as the text it was created from (ctx-create
 * impi=): user@realm is an RFC 822 identity, other text an FQDN one
 */
static bool get_impi(imsaka_context_t *ctx, char *impi, size_t size,
					 size_t *len)
{
	identification_t *id = ctx->get_impi(ctx);
	chunk_t text;

	switch (id->get_type(id))
	{
		case ID_RFC822_ADDR:
		case ID_FQDN:
			text = id->get_encoding(id);
			break;
		default:
			return FALSE;
	}
	if (!text.len || text.len > size)
	{
		return FALSE;
	}
	memcpy(impi, text.ptr, text.len);
	*len = text.len;
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_tls_psk(imsaka_control_env_t *env,
								imsaka_control_request_t *req,
								imsaka_control_reply_t *reply)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN], rand[IMSAKA_RAND_LEN];
	uint8_t sid[IMSAKA_TLS_PSK_ID_MAX], psk[IMSAKA_TLS_PSK_LEN];
	char impi[IMSAKA_TLS_PSK_IMPI_MAX], psk_hex[HEX_MAX];
	imsaka_context_t *ctx;
	size_t sid_len = 0, impi_len = 0;
	bool ok = FALSE;

	if (!imsaka_control_request_hex(req, "rand", rand, sizeof(rand)) ||
		!get_sid(req, sid, &sid_len) ||
		!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	if (get_keys(env, ctx, req, ck, ik))
	{
		if (!get_impi(ctx, impi, sizeof(impi), &impi_len))
		{
			imsaka_control_fail(env, ctx, req, "state", "the IMPI of ctx %u "
						"is no text of 1..%d bytes", ctx->get_id(ctx),
						IMSAKA_TLS_PSK_IMPI_MAX);
		}
		else if (!imsaka_tls_psk_derive(ck, ik, rand, impi, impi_len, sid,
										sid_len, psk))
		{
			imsaka_control_fail(env, ctx, req, "state", "deriving the PSK of "
						"ctx %u failed", ctx->get_id(ctx));
		}
		else
		{
			imsaka_hex_encode(psk, sizeof(psk), psk_hex);
			DBG2(DBG_CFG, "ctx %u: tls-psk PSK exported",
				 ctx->get_id(ctx));
			ok = imsaka_control_done(env, ctx, reply, "OK ctx=%u psk=%s",
									 ctx->get_id(ctx), psk_hex);
		}
	}
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	memwipe(psk, sizeof(psk));
	memwipe(psk_hex, sizeof(psk_hex));
	return ok;
}

/**
 * Get the suite= parameter: 4 hex digits naming a tls-aka suite
 */
static bool get_suite(imsaka_control_request_t *req, uint16_t *suite)
{
	const char *hex;
	uint8_t raw[2];

	hex = imsaka_control_request_str(req, "suite", TRUE);
	if (!hex)
	{
		return FALSE;
	}
	if (strlen(hex) != 4 || !imsaka_hex_decode_exact(hex, 4, raw, 2) ||
		!imsaka_tls_suite_get((raw[0] << 8) | raw[1]))
	{
		return imsaka_control_request_error(req, "param", "suite=%.16s is not "
					"1301, 1302 or 1303", hex);
	}
	*suite = (raw[0] << 8) | raw[1];
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_tls_aka_keys(imsaka_control_env_t *env,
									 imsaka_control_request_t *req,
									 imsaka_control_reply_t *reply)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN], sid[IMSAKA_TLS_AKA_SID_MAX];
	char ue_hex[HEX_MAX], pcscf_hex[HEX_MAX];
	imsaka_tls_aka_secrets_t secrets;
	imsaka_context_t *ctx;
	size_t sid_len = 0;
	uint16_t suite = 0;
	bool ok = FALSE;

	if (!get_suite(req, &suite) || !get_sid(req, sid, &sid_len) ||
		!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	if (get_keys(env, ctx, req, ck, ik))
	{
		if (!imsaka_tls_aka_keys(ck, ik, suite, sid, sid_len, &secrets))
		{
			imsaka_control_fail(env, ctx, req, "state", "deriving the tls-aka "
						"secrets of ctx %u failed", ctx->get_id(ctx));
		}
		else
		{
			imsaka_hex_encode(secrets.ue, secrets.len, ue_hex);
			imsaka_hex_encode(secrets.pcscf, secrets.len, pcscf_hex);
			imsaka_tls_aka_secrets_wipe(&secrets);
			DBG2(DBG_CFG, "ctx %u: tls-aka secrets for suite %04x "
				 "exported", ctx->get_id(ctx), suite);
			ok = imsaka_control_done(env, ctx, reply,
									 "OK ctx=%u suite=%04x ue=%s pcscf=%s",
									 ctx->get_id(ctx), suite, ue_hex,
									 pcscf_hex);
		}
	}
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	memwipe(ue_hex, sizeof(ue_hex));
	memwipe(pcscf_hex, sizeof(pcscf_hex));
	return ok;
}

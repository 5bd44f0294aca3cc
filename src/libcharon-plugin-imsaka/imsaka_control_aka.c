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
 * aka-digest: the UE side of IMS AKA run on the plugin's card. The Digest
 * AKA response is computed here, so RES and K/OPc never leave charon; CK
 * and IK stay in the registration context for the SA set.
 */

#include "imsaka_control_handlers.h"
#include "imsaka_subscriber.h"

#include <daemon.h>

#include <digest_aka.h>

/**
 * Inputs of the digest response from the request
 */
static bool digest_params(imsaka_control_request_t *req,
						  imsaka_digest_params_t *params,
						  imsaka_digest_aka_version_t *version)
{
	const char *algorithm;

	*params = (imsaka_digest_params_t){
		.nonce = imsaka_control_request_str(req, "nonce", TRUE),
		.username = imsaka_control_request_str(req, "username", TRUE),
		.realm = imsaka_control_request_str(req, "realm", TRUE),
		.uri = imsaka_control_request_str(req, "uri", TRUE),
		.method = imsaka_control_request_str(req, "method", TRUE),
		.qop = imsaka_control_request_str(req, "qop", FALSE),
		.cnonce = imsaka_control_request_str(req, "cnonce", FALSE),
		.nc = imsaka_control_request_str(req, "nc", FALSE),
	};
	algorithm = imsaka_control_request_str(req, "algorithm", TRUE);
	if (!params->nonce || !params->username || !params->realm ||
		!params->uri || !params->method || !algorithm)
	{
		return FALSE;
	}
	if (!imsaka_digest_aka_algorithm_from_name(algorithm, version))
	{
		return imsaka_control_request_error(req, "param", "algorithm=%.64s is "
					"not AKAv1-MD5 or AKAv2-MD5", algorithm);
	}
	if (params->qop)
	{
		if (!streq(params->qop, "auth"))
		{
			return imsaka_control_request_error(req, "param", "qop=%.64s is "
						"not supported, only auth", params->qop);
		}
		if (!params->cnonce || !params->nc)
		{
			return imsaka_control_request_error(req, "param", "qop=auth "
						"needs cnonce and nc");
		}
		if (strlen(params->nc) != 8 || strspn(params->nc,
									"0123456789abcdefABCDEF") != 8)
		{
			return imsaka_control_request_error(req, "param", "nc=%.64s is "
						"not 8 hex digits", params->nc);
		}
	}
	else if (params->cnonce || params->nc)
	{
		return imsaka_control_request_error(req, "param", "cnonce and nc "
					"need qop=auth");
	}
	return TRUE;
}

/**
 * Answer a sync failure: AUTS and the response with an empty password
 * (RFC 3310 3.4)
 */
static bool sync_failure(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_request_t *req,
						 imsaka_digest_params_t *params,
						 uint8_t rand[IMSAKA_RAND_LEN])
{
	char auts[AKA_AUTS_LEN], auts_b64[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	imsaka_digest_aka_error_t error;

	if (!env->card->resync(env->card, ctx->get_impi(ctx), (char*)rand, auts))
	{
		return imsaka_control_fail(env, ctx, req, "auth", "the card cannot "
								   "build an AUTS for '%Y'", ctx->get_impi(ctx));
	}
	imsaka_digest_aka_auts_encode((uint8_t*)auts, auts_b64);
	error = imsaka_digest_response(params, NULL, 0, response);
	if (error != IMSAKA_DIGEST_AKA_OK)
	{
		return imsaka_control_fail(env, ctx, req, "param", "digest response: "
								   "%s", imsaka_digest_aka_strerror(error));
	}
	return imsaka_control_fail(env, ctx, req, "sync", "auts=%s response=%s",
							   auts_b64, response);
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_aka_digest(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply)
{
	uint8_t rand[IMSAKA_RAND_LEN], autn[IMSAKA_AUTN_LEN];
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN], res[AKA_RES_MAX];
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	imsaka_digest_aka_version_t version;
	imsaka_digest_aka_error_t error;
	imsaka_digest_params_t params;
	imsaka_subscriber_t sub;
	imsaka_context_t *ctx;
	size_t password_len = 0;
	int res_len = 0;
	status_t status;
	bool ok = FALSE;

	if (!digest_params(req, &params, &version))
	{
		return FALSE;
	}
	error = imsaka_digest_aka_nonce_parse(params.nonce, strlen(params.nonce),
										  rand, autn, NULL, 0, NULL);
	if (error != IMSAKA_DIGEST_AKA_OK)
	{
		return imsaka_control_request_error(req, "param", "nonce: %s",
					imsaka_digest_aka_strerror(error));
	}
	if (!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	if (ctx->get_role(ctx) != IMSAKA_CONTEXT_UE || !env->card)
	{
		return imsaka_control_fail(env, ctx, req, "state", "ctx %u is not a UE "
								   "context", ctx->get_id(ctx));
	}
	if (!imsaka_subscriber_get(ctx->get_impi(ctx), &sub))
	{
		return imsaka_control_fail(env, ctx, req, "auth", "no K/OPc for '%Y' "
						"in charon's credentials", ctx->get_impi(ctx));
	}
	imsaka_subscriber_wipe(&sub);

	status = env->card->get_quintuplet(env->card, ctx->get_impi(ctx),
						(char*)rand, (char*)autn, (char*)ck, (char*)ik,
						(char*)res, &res_len);
	switch (status)
	{
		case SUCCESS:
			break;
		case INVALID_STATE:
			return sync_failure(env, ctx, req, &params, rand);
		default:
			return imsaka_control_fail(env, ctx, req, "auth", "AUTN is not "
						"authentic (wrong MAC): not our home network or "
						"K/OPc differ");
	}
	error = imsaka_digest_aka_password(version, res, res_len, ck, ik, password,
									   &password_len);
	if (error == IMSAKA_DIGEST_AKA_OK)
	{
		error = imsaka_digest_response(&params, password, password_len,
									   response);
	}
	if (error != IMSAKA_DIGEST_AKA_OK)
	{
		imsaka_control_fail(env, ctx, req, "param", "digest response: %s",
							imsaka_digest_aka_strerror(error));
	}
	else
	{
		ctx->set_keys(ctx, ck, ik);
		DBG1(DBG_IKE, "ctx %u: AKA for '%Y' done, CK/IK stored",
			 ctx->get_id(ctx), ctx->get_impi(ctx));
		ok = imsaka_control_done(env, ctx, reply, "OK ctx=%u response=%s",
								 ctx->get_id(ctx), response);
	}
	memwipe(res, sizeof(res));
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	memwipe(password, sizeof(password));
	return ok;
}

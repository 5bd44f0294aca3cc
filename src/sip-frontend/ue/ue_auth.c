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

#include "ue_auth.h"
#include "ue_config.h"
#include "ue_message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sip_message.h>

#include <library.h>
#include <utils/debug.h>

/**
 * Copy a parameter's value without quotes; FALSE if absent or too long
 */
static bool get(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
				char *buf, size_t size)
{
	const char *value;
	size_t len;

	if (!imsaka_digest_get(hdr, param, &value, &len) || len >= size)
	{
		return false;
	}
	memcpy(buf, value, len);
	buf[len] = '\0';
	return true;
}

/**
 * Whether a qop value lists auth
 */
static bool has_auth(const char *qop)
{
	const char *p = qop;
	size_t len;

	while (*p)
	{
		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 4 && strncasecmp(p, "auth", 4) == 0)
		{
			return true;
		}
		p += len;
	}
	return false;
}

/**
 * Take the first WWW-Authenticate of a raw 401 whose algorithm is one of
 * the accepted AKA versions.
 *
 * @param raw		raw 401
 * @param len		length of raw
 * @param akav		UE_AKAV1 | UE_AKAV2 bits accepted
 * @param ch		receives the challenge, with a fresh cnonce and nc 1
 * @param err		receives why none fits (status 0)
 * @return			FALSE if none fits
 */
static bool ue_auth_challenge(const char *raw, size_t len, unsigned int akav,
					   ue_challenge_t *ch, sip_error_t *err)
{
	imsaka_digest_t *all;
	char qop[64];
	imsaka_secagree_err_t code;
	int count, i;
	bool found = false;

	all = calloc(IMSAKA_SIP_MAX_CHALLENGES, sizeof(*all));
	code = imsaka_sip_raw_challenges(raw, len, all, &count);
	if (code != IMSAKA_SECAGREE_OK)
	{
		free(all);
		return sip_error_setf(err, 0, "malformed WWW-Authenticate (%s)",
							  imsaka_secagree_strerror(code));
	}
	sip_error_set(err, 0, "no WWW-Authenticate with an accepted AKA version");
	for (i = 0; i < count && !found; i++)
	{
		if (!((all[i].alg == IMSAKA_DIGEST_ALG_AKAV1_MD5 && (akav & UE_AKAV1)) ||
			  (all[i].alg == IMSAKA_DIGEST_ALG_AKAV2_MD5 && (akav & UE_AKAV2))))
		{
			continue;
		}
		memset(ch, 0, sizeof(*ch));
		if (!get(&all[i], IMSAKA_DIGEST_NONCE, ch->nonce, sizeof(ch->nonce)) ||
			!get(&all[i], IMSAKA_DIGEST_REALM, ch->realm, sizeof(ch->realm)) ||
			!ch->nonce[0])
		{
			sip_error_set(err, 0, "WWW-Authenticate without nonce or realm");
			continue;
		}
		snprintf(ch->algorithm, sizeof(ch->algorithm), "%s",
				 all[i].alg == IMSAKA_DIGEST_ALG_AKAV1_MD5 ? "AKAv1-MD5"
														  : "AKAv2-MD5");
		get(&all[i], IMSAKA_DIGEST_OPAQUE, ch->opaque, sizeof(ch->opaque));
		if (get(&all[i], IMSAKA_DIGEST_QOP, qop, sizeof(qop)) && has_auth(qop))
		{
			ch->qop = true;
			ue_message_random(ch->cnonce, 16);
			ch->nc = 1;
		}
		found = true;
	}
	/* the challenges may hold ck/ik from a misbehaving P-CSCF */
	for (i = 0; i < IMSAKA_SIP_MAX_CHALLENGES; i++)
	{
		imsaka_digest_wipe(&all[i]);
	}
	free(all);
	return found;
}

/*
 * Described in header
 */
bool ue_auth_initial(const char *impi, const char *realm, const char *uri,
					 char *buf, size_t size)
{
	imsaka_digest_t *hdr = malloc(sizeof(*hdr));
	size_t len;
	bool ok;

	imsaka_digest_init(hdr, IMSAKA_DIGEST_CREDENTIALS);
	ok = imsaka_digest_set(hdr, IMSAKA_DIGEST_USERNAME, impi) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_REALM, realm) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_URI, uri) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_NONCE, "") == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_RESPONSE, "") == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_build(hdr, buf, size, &len) == IMSAKA_SECAGREE_OK;
	free(hdr);
	return ok;
}

/**
 * The Authorization answering a challenge.
 *
 * @param ch		challenge
 * @param impi		username
 * @param uri		digest uri
 * @param response	response from aka-digest
 * @param auts		auts of a synchronisation failure, or NULL
 * @param buf		output
 * @param size		size of buf
 * @return			FALSE if it does not fit or a value is unusable
 */
static bool ue_auth_response(const ue_challenge_t *ch, const char *impi,
					  const char *uri, const char *response, const char *auts,
					  char *buf, size_t size)
{
	imsaka_digest_t *hdr = malloc(sizeof(*hdr));
	char nc[9];
	size_t len;
	bool ok;

	imsaka_digest_init(hdr, IMSAKA_DIGEST_CREDENTIALS);
	ok = imsaka_digest_set(hdr, IMSAKA_DIGEST_USERNAME, impi) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_REALM, ch->realm) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_NONCE, ch->nonce) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_URI, uri) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_RESPONSE,
						   response) == IMSAKA_SECAGREE_OK &&
		 imsaka_digest_set(hdr, IMSAKA_DIGEST_ALGORITHM,
						   ch->algorithm) == IMSAKA_SECAGREE_OK;
	if (ok && ch->qop)
	{
		snprintf(nc, sizeof(nc), "%08x", ch->nc);
		ok = imsaka_digest_set(hdr, IMSAKA_DIGEST_QOP, "auth") == IMSAKA_SECAGREE_OK &&
			 imsaka_digest_set(hdr, IMSAKA_DIGEST_CNONCE,
							   ch->cnonce) == IMSAKA_SECAGREE_OK &&
			 imsaka_digest_set(hdr, IMSAKA_DIGEST_NC, nc) == IMSAKA_SECAGREE_OK;
	}
	if (ok && ch->opaque[0])
	{
		ok = imsaka_digest_set(hdr, IMSAKA_DIGEST_OPAQUE,
							   ch->opaque) == IMSAKA_SECAGREE_OK;
	}
	if (ok && auts)
	{
		ok = imsaka_digest_set(hdr, IMSAKA_DIGEST_AUTS, auts) == IMSAKA_SECAGREE_OK;
	}
	ok = ok && imsaka_digest_build(hdr, buf, size, &len) == IMSAKA_SECAGREE_OK;
	free(hdr);
	return ok;
}

/*
 * Described in header
 */
ue_aka_status_t ue_auth_answer(ue_control_client_t *control, uint32_t ctx,
							   const ue_config_t *config, const char *uri,
							   const char *raw, size_t len, ue_challenge_t *ch,
							   char *auth, size_t size, sip_error_t *err)
{
	char response[UE_CONTROL_RESPONSE_LEN], auts[UE_CONTROL_AUTS_LEN] = "";
	sip_error_t unfit = {};
	ue_aka_request_t req;
	ue_aka_status_t status;

	if (!ue_auth_challenge(raw, len, config->akav, ch, &unfit))
	{
		DBG1(DBG_APP, "%s", unfit.reason);
		sip_error_set(err, 0, "no AKA challenge to answer");
		return UE_AKA_ERROR;
	}
	req = (ue_aka_request_t){
		.nonce = ch->nonce,
		.algorithm = ch->algorithm,
		.username = config->impi,
		.realm = ch->realm,
		.uri = uri,
		.qop = ch->qop ? "auth" : NULL,
		.cnonce = ch->cnonce,
		.nc = ch->nc,
	};
	status = control->aka_digest(control, ctx, &req, response, auts);
	switch (status)
	{
		case UE_AKA_OK:
		case UE_AKA_SYNC:
			if (!ue_auth_response(ch, config->impi, uri, response,
								  status == UE_AKA_SYNC ? auts : NULL,
								  auth, size))
			{
				sip_error_set(err, 0, "Authorization could not be printed "
							  "from the challenge");
				status = UE_AKA_ERROR;
			}
			break;
		case UE_AKA_AUTH:
			sip_error_set(err, 0, "the network is not authentic (AKA: AUTN "
						  "MAC wrong or no K/OPc), no SAs installed");
			break;
		case UE_AKA_ERROR:
		default:
			sip_error_set(err, 0, "aka-digest failed");
			status = UE_AKA_ERROR;
			break;
	}
	memwipe(response, sizeof(response));
	memwipe(auts, sizeof(auts));
	return status;
}

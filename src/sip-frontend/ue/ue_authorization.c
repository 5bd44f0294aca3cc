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

#include "ue_authorization.h"

#include <stdio.h>

#include <library.h>

/** most synchronisation failures in a row before giving up */
#define MAX_SYNC 2

typedef struct private_ue_authorization_t private_ue_authorization_t;

/**
 * Private data of a ue_authorization_t object.
 */
struct private_ue_authorization_t {

	/**
	 * Public interface
	 */
	ue_authorization_t public;

	/** options, charon's control socket, digest uri */
	const ue_config_t *config;
	ue_control_client_t *control;
	const char *uri;

	/** challenge last answered, and its answer */
	ue_challenge_t ch;
	char answer[IMSAKA_DIGEST_MAX_TEXT];

	/** Authorization of the last successful authentication */
	char kept[IMSAKA_DIGEST_MAX_TEXT];

	/** synchronisation failures in a row */
	unsigned int syncs;
};

METHOD(ue_authorization_t, wipe, void,
	private_ue_authorization_t *this, bool kept)
{
	memwipe(&this->ch, sizeof(this->ch));
	memwipe(this->answer, sizeof(this->answer));
	if (kept)
	{
		memwipe(this->kept, sizeof(this->kept));
	}
}

METHOD(ue_authorization_t, answer, ue_aka_status_t,
	private_ue_authorization_t *this, uint32_t ctx, const char *raw,
	size_t len, sip_error_t *err)
{
	ue_aka_status_t status;

	wipe(this, false);
	status = ue_auth_answer(this->control, ctx, this->config, this->uri,
							raw, len, &this->ch, this->answer,
							sizeof(this->answer), err);
	switch (status)
	{
		case UE_AKA_OK:
			this->syncs = 0;
			break;
		case UE_AKA_SYNC:
			if (++this->syncs > MAX_SYNC)
			{
				sip_error_set(err, 0, "AKA synchronisation failed "
							  "repeatedly");
				status = UE_AKA_ERROR;
			}
			break;
		default:
			break;
	}
	if (status == UE_AKA_AUTH || status == UE_AKA_ERROR)
	{
		wipe(this, false);
	}
	return status;
}

METHOD(ue_authorization_t, get_answer, const char*,
	private_ue_authorization_t *this)
{
	return this->answer;
}

METHOD(ue_authorization_t, get_nonce, const char*,
	private_ue_authorization_t *this)
{
	return this->ch.nonce;
}

METHOD(ue_authorization_t, keep, void,
	private_ue_authorization_t *this)
{
	snprintf(this->kept, sizeof(this->kept), "%s", this->answer);
}

METHOD(ue_authorization_t, get_kept, const char*,
	private_ue_authorization_t *this)
{
	return this->kept;
}

METHOD(ue_authorization_t, restart, void,
	private_ue_authorization_t *this)
{
	this->syncs = 0;
}

METHOD(ue_authorization_t, destroy, void,
	private_ue_authorization_t *this)
{
	wipe(this, true);
	free(this);
}

/*
 * Described in header
 */
ue_authorization_t *ue_authorization_create(const ue_config_t *config,
											ue_control_client_t *control,
											const char *uri)
{
	private_ue_authorization_t *this;

	INIT(this,
		.public = {
			.answer = _answer,
			.get_answer = _get_answer,
			.get_nonce = _get_nonce,
			.keep = _keep,
			.get_kept = _get_kept,
			.restart = _restart,
			.wipe = _wipe,
			.destroy = _destroy,
		},
		.config = config,
		.control = control,
		.uri = uri,
	);
	return &this->public;
}

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

#include "pcscf_mechanism_request.h"

#include <library.h>

/*
 * Described in header
 */
pcscf_mechanism_request_t *pcscf_mechanism_request_create(void *mechanism,
									pcscf_control_client_t *control,
									pcscf_registration_t *reg,
									pcscf_mechanism_done_t done, void *data)
{
	pcscf_mechanism_request_t *req;

	INIT(req,
		.mechanism = mechanism,
		.control = control,
		.reg = reg,
		.handshake = pcscf_registration_hold(reg),
		.done = done,
		.data = data,
	);
	return req;
}

/*
 * Described in header
 */
void pcscf_mechanism_request_cancel(pcscf_mechanism_request_t *req)
{
	pcscf_registration_unhold(req->reg);
	memwipe(req->rand, sizeof(req->rand));
	free(req);
}

/*
 * Described in header
 */
void pcscf_mechanism_request_done(pcscf_mechanism_request_t *req,
								  const sip_error_t *err)
{
	if (req->creates && req->ctx)
	{
		req->control->ctx_delete(req->control, req->ctx);
	}
	req->done(req->data, err);
	pcscf_mechanism_request_cancel(req);
}

/*
 * Described in header
 */
void pcscf_mechanism_request_fail(pcscf_mechanism_request_t *req,
								  const char *why)
{
	sip_error_t err = {};

	sip_error_set(&err, 500, why);
	pcscf_mechanism_request_done(req, &err);
}

/*
 * Described in header
 */
bool pcscf_mechanism_request_applies(pcscf_mechanism_request_t *req)
{
	if (pcscf_registration_is_at(req->reg, req->handshake))
	{
		return TRUE;
	}
	pcscf_mechanism_request_fail(req, "the handshake was given up");
	return FALSE;
}

/*
 * Described in header
 */
bool pcscf_mechanism_request_prepare(void *mechanism,
									 pcscf_control_client_t *control,
									 pcscf_registration_t *reg,
									 const pcscf_secagree_t *agreement,
									 const uint8_t ck[16], const uint8_t ik[16],
									 const uint8_t *rand,
									 pcscf_control_client_keyed_t keyed,
									 pcscf_mechanism_done_t done, void *data,
									 sip_error_t *err)
{
	pcscf_mechanism_request_t *req;

	req = pcscf_mechanism_request_create(mechanism, control, reg, done, data);
	req->creates = !agreement->ctx;
	if (rand)
	{
		memcpy(req->rand, rand, sizeof(req->rand));
	}
	if (!control->ctx_prepare(control, reg->impi, agreement->ctx, ck, ik,
							  keyed, req))
	{
		pcscf_mechanism_request_cancel(req);
		return sip_error_set(err, 500, "ctx-create or ctx-keys not sent");
	}
	return TRUE;
}

/*
 * Described in header
 */
bool pcscf_mechanism_request_keyed(pcscf_mechanism_request_t *req, bool ok,
								   uint32_t ctx)
{
	req->ctx = ok ? ctx : 0;
	if (!pcscf_mechanism_request_applies(req))
	{
		return FALSE;
	}
	if (!ok)
	{	/* a context made for it is gone already */
		pcscf_mechanism_request_fail(req, "ctx-create or ctx-keys failed");
		return FALSE;
	}
	return TRUE;
}

/**
 * charon answered ctx-hold
 */
static void held(pcscf_mechanism_request_t *req, bool ok,
				 const pcscf_control_prepared_t *unused)
{
	if (!pcscf_mechanism_request_applies(req))
	{
		return;
	}
	if (!ok)
	{	/* the context goes with the registration's handshake */
		pcscf_mechanism_request_fail(req, "ctx-hold failed");
		return;
	}
	if (req->replaces)
	{
		req->control->ctx_delete(req->control, req->replaces);
	}
	pcscf_mechanism_request_done(req, NULL);
}

/*
 * Described in header
 */
bool pcscf_mechanism_request_hold(void *mechanism,
								  pcscf_control_client_t *control,
								  pcscf_registration_t *reg, uint32_t ctx,
								  uint32_t granted, uint32_t replaces,
								  pcscf_mechanism_done_t done, void *data,
								  sip_error_t *err)
{
	pcscf_mechanism_request_t *req;

	req = pcscf_mechanism_request_create(mechanism, control, reg, done, data);
	req->replaces = replaces;
	if (!control->ctx_hold_checked(control, ctx, granted,
								   (pcscf_control_client_done_t)held, req))
	{
		pcscf_mechanism_request_cancel(req);
		return sip_error_set(err, 500, "ctx-hold not sent");
	}
	return TRUE;
}

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

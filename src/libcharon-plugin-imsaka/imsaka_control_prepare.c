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
 * sa-prepare: what a P-CSCF does when the S-CSCF's 401 (SM4) arrives, in one
 * request instead of four: ctx-create (or an existing context for a
 * re-registration), ctx-keys, spi-alloc and sa-install, through the same
 * steps as those commands. All or nothing: each step that acted is undone,
 * in reverse order, when a later one fails.
 */

#include "imsaka_control_handlers.h"

#include <daemon.h>

/**
 * What the request did so far, to undo it
 */
typedef struct {
	/** id of the context created, 0 if an existing one is used */
	u_int created;
	/** whether the keys were replaced */
	bool keyed;
	/** whether the context had keys before, and which */
	bool had_keys;
	uint8_t ck[IMSAKA_CK_LEN];
	uint8_t ik[IMSAKA_IK_LEN];
	/** SPIs allocated, 0 if none */
	uint32_t spi_c;
	uint32_t spi_s;
} undo_t;

/**
 * Undo the steps done, in reverse order, and check the context in
 */
static void rollback(imsaka_control_env_t *env, imsaka_context_t *ctx,
					 undo_t *undo)
{
	if (undo->spi_c)
	{
		ctx->release_spis(ctx, undo->spi_c, undo->spi_s);
	}
	if (undo->keyed)
	{
		if (undo->had_keys)
		{
			ctx->set_keys(ctx, undo->ck, undo->ik);
		}
		else
		{
			ctx->clear_keys(ctx);
		}
	}
	DBG2(DBG_CFG, "ctx %u: sa-prepare failed, undone", ctx->get_id(ctx));
	env->contexts->checkin(env->contexts, ctx);
	if (undo->created)
	{
		env->contexts->remove(env->contexts, undo->created);
	}
}

/**
 * Check out the context to act on: a new one for impi=, else ctx=
 */
static bool checkout(imsaka_control_env_t *env, imsaka_control_request_t *req,
					 const char *impi, undo_t *undo, imsaka_context_t **ctx)
{
	if (!impi)
	{
		return imsaka_control_checkout(env, req, ctx);
	}
	if (!imsaka_control_create_context(env, req, IMSAKA_CONTEXT_PCSCF, impi,
									   &undo->created))
	{
		return FALSE;
	}
	*ctx = env->contexts->checkout(env->contexts, undo->created);
	if (!*ctx)
	{	/* removed in between, e.g. by ctx-delete of another client */
		return imsaka_control_request_error(req, "ctx", "no context %u",
											undo->created);
	}
	return TRUE;
}

/**
 * Run the steps on the checked out context; FALSE with req->err set and
 * undo filled in for what was done
 */
static bool prepare(imsaka_control_env_t *env, imsaka_context_t *ctx,
					imsaka_control_request_t *req, imsaka_sa_set_cfg_t *cfg,
					uint32_t lifetime, const uint8_t ck[IMSAKA_CK_LEN],
					const uint8_t ik[IMSAKA_IK_LEN], undo_t *undo)
{
	uint32_t spi_c, spi_s;

	undo->had_keys = ctx->get_keys(ctx, undo->ck, undo->ik);
	if (!imsaka_control_set_keys(env, ctx, req, ck, ik))
	{
		return FALSE;
	}
	undo->keyed = TRUE;
	if (!imsaka_control_alloc_spis(env, ctx, req, &spi_c, &spi_s))
	{
		return FALSE;
	}
	undo->spi_c = spi_c;
	undo->spi_s = spi_s;
	cfg->local.spi_c = spi_c;
	cfg->local.spi_s = spi_s;
	return imsaka_control_install(env, ctx, req, cfg, lifetime);
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_sa_prepare(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	imsaka_sa_set_cfg_t cfg = {};
	imsaka_context_t *ctx;
	undo_t undo = {};
	uint32_t lifetime;
	const char *impi;
	bool ok = FALSE;

	impi = imsaka_control_request_str(req, "impi", FALSE);
	if (!impi == !imsaka_control_request_str(req, "ctx", FALSE))
	{
		return imsaka_control_request_error(req, "param", "exactly one of "
					"impi= (a new context) and ctx= (a re-registration) is "
					"needed");
	}
	if (imsaka_control_request_hex(req, "ck", ck, sizeof(ck)) &&
		imsaka_control_request_hex(req, "ik", ik, sizeof(ik)) &&
		imsaka_control_install_parse(env, req, FALSE, &cfg, &lifetime) &&
		checkout(env, req, impi, &undo, &ctx))
	{
		ok = prepare(env, ctx, req, &cfg, lifetime, ck, ik, &undo);
		if (ok)
		{
			imsaka_control_reply_add(reply, "OK ctx=%u spi-c=%u spi-s=%u "
						"set=temp lifetime=%u", ctx->get_id(ctx), undo.spi_c,
						undo.spi_s, lifetime);
			env->contexts->checkin(env->contexts, ctx);
		}
		else
		{
			rollback(env, ctx, &undo);
		}
	}
	else if (undo.created)
	{	/* created, but gone before it could be checked out */
		env->contexts->remove(env->contexts, undo.created);
	}
	imsaka_control_install_cfg_free(&cfg);
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	memwipe(&undo, sizeof(undo));
	return ok;
}

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
 * sa-install: the temporary SA set of a context. Its parsing and its
 * installing step are shared with sa-prepare.
 */

#include "imsaka_control_handlers.h"
#include "imsaka_backend.h"

#include <daemon.h>

#include <key_expansion.h>
#include <secagree.h>

/**
 * Parse one side: address, ports and, if asked for, SPIs
 */
static bool parse_side(imsaka_control_request_t *req, bool remote, bool spis,
					   imsaka_sa_side_t *side)
{
	uint32_t port_c = 0, port_s = 0;

	if (!imsaka_control_request_host(req, remote ? "remote" : "local", 0, TRUE,
									 &side->addr) ||
		!imsaka_control_request_u32(req, remote ? "rport-c" : "port-c", 1,
									65535, &port_c, TRUE) ||
		!imsaka_control_request_u32(req, remote ? "rport-s" : "port-s", 1,
									65535, &port_s, TRUE))
	{
		return FALSE;
	}
	if (spis &&
		(!imsaka_control_request_u32(req, remote ? "rspi-c" : "spi-c", 256,
									 UINT32_MAX, &side->spi_c, TRUE) ||
		 !imsaka_control_request_u32(req, remote ? "rspi-s" : "spi-s", 256,
									 UINT32_MAX, &side->spi_s, TRUE)))
	{
		return FALSE;
	}
	side->port_c = port_c;
	side->port_s = port_s;
	return TRUE;
}

/**
 * Parse the mode and algorithms
 */
static bool parse_algs(imsaka_control_request_t *req, imsaka_sa_set_cfg_t *cfg)
{
	const char *mod, *alg, *ealg;
	int i;

	mod = imsaka_control_request_str(req, "mod", TRUE);
	alg = imsaka_control_request_str(req, "alg", TRUE);
	ealg = imsaka_control_request_str(req, "ealg", TRUE);
	if (!mod || !alg || !ealg)
	{
		return FALSE;
	}
	for (i = 0; i < IMSAKA_SECAGREE_MOD_COUNT; i++)
	{
		if (strcaseeq(mod, imsaka_secagree_mod_name(i)))
		{
			cfg->mode = i;
			break;
		}
	}
	if (i == IMSAKA_SECAGREE_MOD_COUNT)
	{
		return imsaka_control_request_error(req, "param", "mod=%.64s is not "
					"trans, tun or UDP-enc-tun", mod);
	}
	if (!imsaka_esp_alg_from_name(alg, &cfg->alg))
	{
		return imsaka_control_request_error(req, "param", "alg=%.64s is not "
					"hmac-md5-96, hmac-sha-1-96, aes-gmac or null", alg);
	}
	if (!imsaka_esp_ealg_from_name(ealg, &cfg->ealg))
	{
		return imsaka_control_request_error(req, "param", "ealg=%.64s is not "
					"des-ede3-cbc, aes-cbc, aes-gcm or null", ealg);
	}
	if (!imsaka_esp_combination_valid(cfg->alg, cfg->ealg))
	{
		return imsaka_control_request_error(req, "param", "alg=%s with "
					"ealg=%s is not a valid combination", alg, ealg);
	}
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_install_parse(imsaka_control_env_t *env,
								  imsaka_control_request_t *req, bool spis,
								  imsaka_sa_set_cfg_t *cfg, uint32_t *lifetime)
{
	*cfg = (imsaka_sa_set_cfg_t){
		.hard_lifetime = env->hard_lifetime,
		.keys_cb = env->keys_cb,
		.keys_data = env->keys_data,
		.update_cb = env->update_cb,
		.update_data = env->update_data,
		.journal = env->journal,
	};
	*lifetime = env->reg_await_auth;
	return parse_side(req, FALSE, spis, &cfg->local) &&
		   parse_side(req, TRUE, TRUE, &cfg->remote) &&
		   parse_algs(req, cfg) &&
		   imsaka_control_request_host(req, "local-outer", 1, FALSE,
									   &cfg->local_outer) &&
		   imsaka_control_request_host(req, "remote-outer", 1, FALSE,
									   &cfg->remote_outer) &&
		   imsaka_control_request_u32(req, "lifetime", 1, env->hard_lifetime,
									  lifetime, FALSE);
}

/*
 * Described in imsaka_control_handlers.h
 */
void imsaka_control_install_cfg_free(imsaka_sa_set_cfg_t *cfg)
{
	DESTROY_IF(cfg->local.addr);
	DESTROY_IF(cfg->remote.addr);
	DESTROY_IF(cfg->local_outer);
	DESTROY_IF(cfg->remote_outer);
	cfg->local.addr = cfg->remote.addr = NULL;
	cfg->local_outer = cfg->remote_outer = NULL;
}

/**
 * Check what the context and the backend must allow before a set is made
 */
static bool install_allowed(imsaka_context_t *ctx,
							imsaka_control_request_t *req,
							imsaka_sa_set_cfg_t *cfg)
{
	if (ctx->get_set(ctx, IMSAKA_SET_TEMP, NULL))
	{
		return imsaka_control_request_error(req, "state", "ctx %u has a "
					"temporary SA set already (sa-promote or sa-remove "
					"set=temp first)", ctx->get_id(ctx));
	}
	if (!ctx->spis_pending(ctx, cfg->local.spi_c, cfg->local.spi_s))
	{
		return imsaka_control_request_error(req, "param", "spi-c=%u and "
					"spi-s=%u must be a pair from spi-alloc on ctx %u, not "
					"used yet", cfg->local.spi_c, cfg->local.spi_s,
					ctx->get_id(ctx));
	}
	if (!imsaka_backend_mode_supported(cfg->mode))
	{
		return imsaka_control_request_error(req, "unsupported", "the kernel "
					"backend cannot do mod=%s (kernel-libipsec does "
					"UDP-enc-tun only)", imsaka_secagree_mod_name(cfg->mode));
	}
	if (!imsaka_backend_algs_supported(cfg->alg, cfg->ealg))
	{
		return imsaka_control_request_error(req, "unsupported", "the loaded "
					"crypto plugins cannot do alg=%s ealg=%s",
					imsaka_esp_alg_name(cfg->alg),
					imsaka_esp_ealg_name(cfg->ealg));
	}
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_install(imsaka_control_env_t *env, imsaka_context_t *ctx,
							imsaka_control_request_t *req,
							imsaka_sa_set_cfg_t *cfg, uint32_t lifetime)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	imsaka_sa_set_t *set = NULL;
	const char *err;
	bool ok = FALSE;

	if (!ctx->get_keys(ctx, ck, ik))
	{
		imsaka_control_request_error(req, "state", "ctx %u has no CK/IK yet "
					"(aka-digest or ctx-keys first)", ctx->get_id(ctx));
	}
	else if (!install_allowed(ctx, req, cfg))
	{
		/* req->err set */
	}
	else if (!(set = imsaka_sa_set_create(cfg, &err)))
	{
		imsaka_control_request_error(req, "param", "%s", err);
	}
	else if (!set->install(set, ck, ik, &err))
	{
		set->destroy(set);
		imsaka_control_request_error(req, "kernel", "%s, nothing installed",
									 err);
	}
	else
	{
		ctx->set_temp(ctx, set, lifetime);
		DBG1(DBG_KNL, "ctx %u: temporary SA set %u/%u <-> %u/%u "
			 "installed, %s, lifetime %us", ctx->get_id(ctx), cfg->local.spi_c,
			 cfg->local.spi_s, cfg->remote.spi_c, cfg->remote.spi_s,
			 imsaka_secagree_mod_name(cfg->mode), lifetime);
		ok = TRUE;
	}
	if (!ok)
	{	/* each of the failures above, also for sa-prepare */
		imsaka_counters_bump(env->counters, IMSAKA_COUNTER_SETS_INSTALL_FAILED);
	}
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	return ok;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_sa_install(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply)
{
	imsaka_sa_set_cfg_t cfg;
	imsaka_context_t *ctx;
	uint32_t lifetime;
	bool ok = FALSE;

	if (imsaka_control_install_parse(env, req, TRUE, &cfg, &lifetime) &&
		imsaka_control_checkout(env, req, &ctx))
	{
		ok = imsaka_control_install(env, ctx, req, &cfg, lifetime);
		if (ok)
		{
			imsaka_control_reply_add(reply, "OK ctx=%u set=temp lifetime=%u",
									 ctx->get_id(ctx), lifetime);
		}
		env->contexts->checkin(env->contexts, ctx);
	}
	imsaka_control_install_cfg_free(&cfg);
	return ok;
}

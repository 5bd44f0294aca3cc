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
 * The commands of the control protocol, one handler each. A handler checks
 * everything before it changes anything, so a request either acts fully or
 * leaves the state as it was and answers ERR. The steps sa-prepare shares
 * (create a context, set its keys, allocate SPIs) are functions of their
 * own, in imsaka_control_handlers.h.
 */

#include "imsaka_control_commands.h"
#include "imsaka_control_handlers.h"

#include <daemon.h>

/** the largest context id */
#define CTX_MAX UINT32_MAX

/**
 * A command: name, allowed parameters, handler
 */
typedef struct {
	const char *name;
	const char *const *params;
	imsaka_control_handler_t handler;
} command_t;

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_checkout(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_context_t **ctx)
{
	uint32_t id;

	if (!imsaka_control_request_u32(req, "ctx", 1, CTX_MAX, &id, TRUE))
	{
		return FALSE;
	}
	*ctx = env->contexts->checkout(env->contexts, id);
	if (!*ctx)
	{
		return imsaka_control_request_error(req, "ctx", "no context %u", id);
	}
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_fail(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_request_t *req, const char *code,
						 const char *fmt, ...)
{
	char msg[IMSAKA_CONTROL_ERR_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (ctx)
	{
		env->contexts->checkin(env->contexts, ctx);
	}
	return imsaka_control_request_error(req, code, "%s", msg);
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_done(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_reply_t *reply, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	imsaka_control_reply_addv(reply, fmt, args);
	va_end(args);
	env->contexts->checkin(env->contexts, ctx);
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_create_context(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_context_role_t role,
								   const char *impi, u_int *id)
{
	*id = env->contexts->create(env->contexts, role,
							identification_create_from_string((char*)impi));
	if (!*id)
	{
		return imsaka_control_request_error(req, "resource", "too many "
					"contexts");
	}
	return TRUE;
}

static bool cmd_ctx_create(imsaka_control_env_t *env,
						   imsaka_control_request_t *req,
						   imsaka_control_reply_t *reply)
{
	imsaka_context_role_t role;
	const char *role_str, *impi;
	u_int id;

	role_str = imsaka_control_request_str(req, "role", TRUE);
	impi = imsaka_control_request_str(req, "impi", TRUE);
	if (!role_str || !impi)
	{
		return FALSE;
	}
	if (!enum_from_name(imsaka_context_role_names, role_str, &role))
	{
		return imsaka_control_request_error(req, "param", "role=%.64s is "
					"neither ue nor pcscf", role_str);
	}
	if (!imsaka_control_create_context(env, req, role, impi, &id))
	{
		return FALSE;
	}
	imsaka_control_reply_add(reply, "OK ctx=%u", id);
	return TRUE;
}

static bool cmd_ctx_delete(imsaka_control_env_t *env,
						   imsaka_control_request_t *req,
						   imsaka_control_reply_t *reply)
{
	uint32_t id;

	if (!imsaka_control_request_u32(req, "ctx", 1, CTX_MAX, &id, TRUE))
	{
		return FALSE;
	}
	if (!env->contexts->remove(env->contexts, id))
	{
		return imsaka_control_request_error(req, "ctx", "no context %u", id);
	}
	imsaka_control_reply_add(reply, "OK ctx=%u", id);
	return TRUE;
}

static bool cmd_ctx_flush(imsaka_control_env_t *env,
						  imsaka_control_request_t *req,
						  imsaka_control_reply_t *reply)
{
	imsaka_context_role_t role;
	identification_t *impi = NULL;
	const char *role_str, *impi_str;
	u_int flushed;

	role_str = imsaka_control_request_str(req, "role", TRUE);
	if (!role_str)
	{
		return FALSE;
	}
	if (!enum_from_name(imsaka_context_role_names, role_str, &role))
	{
		return imsaka_control_request_error(req, "param", "role=%.64s is "
					"neither ue nor pcscf", role_str);
	}
	impi_str = imsaka_control_request_str(req, "impi", FALSE);
	if (impi_str)
	{
		impi = identification_create_from_string((char*)impi_str);
	}
	flushed = env->contexts->flush(env->contexts, role, impi);
	DESTROY_IF(impi);
	imsaka_control_reply_add(reply, "OK flushed=%u", flushed);
	return TRUE;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_set_keys(imsaka_control_env_t *env, imsaka_context_t *ctx,
							 imsaka_control_request_t *req,
							 const uint8_t ck[IMSAKA_CK_LEN],
							 const uint8_t ik[IMSAKA_IK_LEN])
{
	if (ctx->get_role(ctx) != IMSAKA_CONTEXT_PCSCF)
	{
		return imsaka_control_request_error(req, "state", "ctx %u is a UE "
					"context: a UE gets CK/IK from aka-digest",
					ctx->get_id(ctx));
	}
	ctx->set_keys(ctx, ck, ik);
	DBG2(DBG_CFG, "ctx %u: CK/IK set", ctx->get_id(ctx));
	return TRUE;
}

static bool cmd_ctx_keys(imsaka_control_env_t *env,
						 imsaka_control_request_t *req,
						 imsaka_control_reply_t *reply)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	imsaka_context_t *ctx;
	bool ok;

	ok = imsaka_control_request_hex(req, "ck", ck, sizeof(ck)) &&
		 imsaka_control_request_hex(req, "ik", ik, sizeof(ik)) &&
		 imsaka_control_checkout(env, req, &ctx);
	if (ok)
	{
		ok = imsaka_control_set_keys(env, ctx, req, ck, ik);
		if (ok)
		{
			imsaka_control_reply_add(reply, "OK ctx=%u", ctx->get_id(ctx));
		}
		env->contexts->checkin(env->contexts, ctx);
	}
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	return ok;
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_alloc_spis(imsaka_control_env_t *env,
							   imsaka_context_t *ctx,
							   imsaka_control_request_t *req,
							   uint32_t *spi_c, uint32_t *spi_s)
{
	if (!ctx->alloc_spis(ctx, spi_c, spi_s))
	{
		return imsaka_control_request_error(req, "resource", "no SPIs left "
					"for ctx %u (range exhausted or too many unused SPIs "
					"allocated)", ctx->get_id(ctx));
	}
	return TRUE;
}

static bool cmd_spi_alloc(imsaka_control_env_t *env,
						  imsaka_control_request_t *req,
						  imsaka_control_reply_t *reply)
{
	imsaka_context_t *ctx;
	uint32_t spi_c, spi_s;
	bool ok;

	if (!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	ok = imsaka_control_alloc_spis(env, ctx, req, &spi_c, &spi_s);
	if (ok)
	{
		imsaka_control_reply_add(reply, "OK spi-c=%u spi-s=%u", spi_c, spi_s);
	}
	env->contexts->checkin(env->contexts, ctx);
	return ok;
}

/**
 * The context sa-promote replaces=<id> removes: another of the same IMPI and
 * role, or none if it is gone already; FALSE if it may not be removed
 */
static bool get_replaced(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_request_t *req, uint32_t id,
						 imsaka_context_t **replaced)
{
	imsaka_context_t *other;

	*replaced = NULL;
	if (!id)
	{
		return TRUE;
	}
	if (id == ctx->get_id(ctx))
	{
		return imsaka_control_fail(env, ctx, req, "param", "replaces=%u: a "
								   "context cannot replace itself", id);
	}
	other = env->contexts->get_beside(env->contexts, ctx, id);
	if (other && (other->get_role(other) != ctx->get_role(ctx) ||
		!other->get_impi(other)->equals(other->get_impi(other),
										ctx->get_impi(ctx))))
	{
		return imsaka_control_fail(env, ctx, req, "param", "replaces=%u: "
								   "ctx %u is not of the IMPI and role of "
								   "ctx %u", id, id, ctx->get_id(ctx));
	}
	*replaced = other;
	return TRUE;
}

static bool cmd_sa_promote(imsaka_control_env_t *env,
						   imsaka_control_request_t *req,
						   imsaka_control_reply_t *reply)
{
	imsaka_context_t *ctx, *replaced;
	uint32_t expires, replaces = 0, remaining = 0;
	char gone[16] = "";

	if (!imsaka_control_request_u32(req, "expires", 0, UINT32_MAX, &expires,
									TRUE) ||
		!imsaka_control_request_u32(req, "replaces", 1, CTX_MAX, &replaces,
									FALSE) ||
		!imsaka_control_checkout(env, req, &ctx) ||
		!get_replaced(env, ctx, req, replaces, &replaced))
	{
		return FALSE;
	}
	if (!ctx->promote(ctx, expires, env->hard_lifetime))
	{
		return imsaka_control_fail(env, ctx, req, "state", "ctx %u has no "
						"temporary SA set to promote", ctx->get_id(ctx));
	}
	if (replaces)
	{	/* the set replaced goes in the same step: never two in force */
		snprintf(gone, sizeof(gone), " replaced=%s", replaced ? "yes" : "none");
		if (replaced)
		{
			env->contexts->remove_beside(env->contexts, ctx, replaces);
		}
	}
	ctx->get_set(ctx, IMSAKA_SET_CURRENT, &remaining);
	return imsaka_control_done(env, ctx, reply, "OK ctx=%u set=current "
					"lifetime=%u old=%s%s", ctx->get_id(ctx), remaining,
					ctx->get_set(ctx, IMSAKA_SET_OLD, NULL) ? "yes" : "no",
					gone);
}

static bool cmd_ctx_hold(imsaka_control_env_t *env,
						 imsaka_control_request_t *req,
						 imsaka_control_reply_t *reply)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	imsaka_context_t *ctx;
	uint32_t expires, lifetime;
	bool keyed;

	if (!imsaka_control_request_u32(req, "expires", 0, UINT32_MAX, &expires,
									TRUE) ||
		!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	keyed = ctx->get_keys(ctx, ck, ik);
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	if (!keyed)
	{
		return imsaka_control_fail(env, ctx, req, "state", "ctx %u has no "
						"CK/IK: no registration to hold", ctx->get_id(ctx));
	}
	lifetime = ctx->hold(ctx, expires, env->hard_lifetime);
	return imsaka_control_done(env, ctx, reply, "OK ctx=%u hold=%u",
							   ctx->get_id(ctx), lifetime);
}

static bool cmd_sa_remove(imsaka_control_env_t *env,
						  imsaka_control_request_t *req,
						  imsaka_control_reply_t *reply)
{
	imsaka_context_slot_t slot = IMSAKA_SET_COUNT;
	imsaka_context_t *ctx;
	const char *which;
	int removed;

	which = imsaka_control_request_str(req, "set", FALSE);
	if (which && !enum_from_name(imsaka_context_slot_names, which, &slot))
	{
		return imsaka_control_request_error(req, "param", "set=%.64s is not "
					"temp, current, old or all", which);
	}
	if (!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	removed = ctx->remove_set(ctx, slot);
	return imsaka_control_done(env, ctx, reply, "OK ctx=%u removed=%d",
							   ctx->get_id(ctx), removed);
}

static bool cmd_keepalive_start(imsaka_control_env_t *env,
								imsaka_control_request_t *req,
								imsaka_control_reply_t *reply)
{
	imsaka_context_t *ctx;
	host_t *src, *dst = NULL;
	bool ok = FALSE;

	if (imsaka_control_request_host(req, "src", 2, TRUE, &src) &&
		imsaka_control_request_host(req, "dst", 2, TRUE, &dst))
	{
		if (src->get_family(src) != dst->get_family(dst))
		{
			imsaka_control_request_error(req, "param", "src and dst differ in "
										 "address family");
		}
		else if (imsaka_control_checkout(env, req, &ctx))
		{
			ctx->start_keepalive(ctx, src, dst);
			DBG1(DBG_NET, "ctx %u: NAT-keepalives from %#H to %#H",
				 ctx->get_id(ctx), src, dst);
			ok = imsaka_control_done(env, ctx, reply, "OK ctx=%u keepalive=%lu",
									 ctx->get_id(ctx),
									 (u_long)ctx->get_keepalive(ctx));
		}
	}
	DESTROY_IF(src);
	DESTROY_IF(dst);
	return ok;
}

static bool cmd_keepalive_stop(imsaka_control_env_t *env,
							   imsaka_control_request_t *req,
							   imsaka_control_reply_t *reply)
{
	imsaka_context_t *ctx;

	if (!imsaka_control_checkout(env, req, &ctx))
	{
		return FALSE;
	}
	if (!ctx->stop_keepalive(ctx))
	{
		return imsaka_control_fail(env, ctx, req, "state", "ctx %u sends no "
								   "NAT-keepalives", ctx->get_id(ctx));
	}
	return imsaka_control_done(env, ctx, reply, "OK ctx=%u", ctx->get_id(ctx));
}

static bool cmd_mapping(imsaka_control_env_t *env,
						imsaka_control_request_t *req,
						imsaka_control_reply_t *reply)
{
	imsaka_context_t *ctx;
	host_t *remote;
	bool ok = FALSE;
	int sets;

	if (!imsaka_control_request_host(req, "remote-outer", 2, TRUE, &remote))
	{
		return FALSE;
	}
	if (imsaka_control_checkout(env, req, &ctx))
	{
		sets = ctx->update_remote(ctx, remote, "mapping command");
		if (sets < 0)
		{
			imsaka_control_fail(env, ctx, req, "kernel", "an SA set of ctx %u "
						"could not follow the peer to %#H and is uninstalled",
						ctx->get_id(ctx), remote);
		}
		else
		{
			ok = imsaka_control_done(env, ctx, reply, "OK ctx=%u sets=%d",
									 ctx->get_id(ctx), sets);
		}
	}
	remote->destroy(remote);
	return ok;
}

/** parameters of each command */
static const char *const p_none[] = { NULL };
static const char *const p_ctx_create[] = { "role", "impi", NULL };
static const char *const p_ctx_flush[] = { "role", "impi", NULL };
static const char *const p_ctx[] = { "ctx", NULL };
static const char *const p_ctx_keys[] = { "ctx", "ck", "ik", NULL };
static const char *const p_aka_digest[] = { "ctx", "nonce", "algorithm",
	"username", "realm", "uri", "method", "qop", "cnonce", "nc", NULL };
static const char *const p_sa_install[] = { "ctx", "local", "port-c",
	"port-s", "spi-c", "spi-s", "remote", "rport-c", "rport-s", "rspi-c",
	"rspi-s", "mod", "alg", "ealg", "local-outer", "remote-outer", "lifetime",
	NULL };
static const char *const p_sa_prepare[] = { "impi", "ctx", "ck", "ik",
	"local", "port-c", "port-s", "remote", "rport-c", "rport-s", "rspi-c",
	"rspi-s", "mod", "alg", "ealg", "local-outer", "remote-outer", "lifetime",
	NULL };
static const char *const p_sa_promote[] = { "ctx", "expires", "replaces",
											  NULL };
static const char *const p_ctx_hold[] = { "ctx", "expires", NULL };
static const char *const p_sa_remove[] = { "ctx", "set", NULL };
static const char *const p_keepalive[] = { "ctx", "src", "dst", NULL };
static const char *const p_mapping[] = { "ctx", "remote-outer", NULL };
static const char *const p_list[] = { "ctx", NULL };
static const char *const p_tls_psk[] = { "ctx", "rand", "sid", NULL };
static const char *const p_tls_aka_keys[] = { "ctx", "suite", "sid", NULL };

/** commands of protocols v1 and v2 (hello is the session's) */
static const command_t commands[] = {
	{ "caps", p_none, imsaka_control_cmd_caps },
	{ "ctx-create", p_ctx_create, cmd_ctx_create },
	{ "ctx-delete", p_ctx, cmd_ctx_delete },
	{ "ctx-flush", p_ctx_flush, cmd_ctx_flush },
	{ "ctx-keys", p_ctx_keys, cmd_ctx_keys },
	{ "aka-digest", p_aka_digest, imsaka_control_cmd_aka_digest },
	{ "spi-alloc", p_ctx, cmd_spi_alloc },
	{ "sa-install", p_sa_install, imsaka_control_cmd_sa_install },
	{ "sa-prepare", p_sa_prepare, imsaka_control_cmd_sa_prepare },
	{ "sa-promote", p_sa_promote, cmd_sa_promote },
	{ "sa-remove", p_sa_remove, cmd_sa_remove },
	{ "ctx-hold", p_ctx_hold, cmd_ctx_hold },
	{ "keepalive-start", p_keepalive, cmd_keepalive_start },
	{ "keepalive-stop", p_ctx, cmd_keepalive_stop },
	{ "mapping", p_mapping, cmd_mapping },
	{ "list", p_list, imsaka_control_cmd_list },
	{ "stats", p_none, imsaka_control_cmd_stats },
	{ "tls-psk", p_tls_psk, imsaka_control_cmd_tls_psk },
	{ "tls-aka-keys", p_tls_aka_keys, imsaka_control_cmd_tls_aka_keys },
};

/*
 * Described in header
 */
void imsaka_control_dispatch(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply)
{
	int i;

	imsaka_control_reply_reset(reply);
	for (i = 0; i < countof(commands); i++)
	{
		if (streq(req->command, commands[i].name))
		{
			break;
		}
	}
	if (i == countof(commands))
	{
		imsaka_control_request_error(req, "command", "unknown command "
									 "'%.64s'", req->command);
	}
	else if (imsaka_control_request_check(req, commands[i].params) &&
			 commands[i].handler(env, req, reply))
	{
		return;
	}
	DBG2(DBG_CFG, "control request %s failed: %s", req->command,
		 req->err);
	imsaka_control_reply_err(reply, req->err);
}

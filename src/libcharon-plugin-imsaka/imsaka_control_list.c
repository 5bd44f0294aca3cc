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
 * list: one line per context, per SA set and per SA, in the spirit of
 * swanctl --list-sas, each line key=value pairs after a type word.
 */

#include "imsaka_control_handlers.h"

#include <daemon.h>

#include <inttypes.h>
#include <stdarg.h>

#include <key_expansion.h>
#include <secagree.h>

/**
 * snprintf() with strongSwan's printf hooks (%H), which gcc's format
 * checks do not know
 */
static void print(char *buf, size_t len, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, len, fmt, args);
	va_end(args);
}

/**
 * Print an address with its port the way requests take it
 */
static char *host_str(host_t *host, char *buf, size_t len)
{
	if (!host->get_port(host))
	{
		print(buf, len, "%H", host);
	}
	else if (host->get_family(host) == AF_INET6)
	{
		print(buf, len, "[%H]:%u", host, host->get_port(host));
	}
	else
	{
		print(buf, len, "%H:%u", host, host->get_port(host));
	}
	return buf;
}

/**
 * List one set and its SAs
 */
static void list_set(imsaka_control_reply_t *reply, imsaka_context_t *ctx,
					 imsaka_context_slot_t slot)
{
	imsaka_sa_stats_t stats[IMSAKA_SA_SET_SIZE];
	imsaka_sa_set_cfg_t *cfg;
	imsaka_sa_set_t *set;
	char lo[64], ro[64], bytes[24], packets[24];
	uint32_t remaining;
	int i;

	set = ctx->get_set(ctx, slot, &remaining);
	if (!set)
	{
		return;
	}
	cfg = set->get_cfg(set);
	imsaka_control_reply_add(reply, "set ctx=%u which=%N installed=%s mod=%s "
		"alg=%s ealg=%s local=%H port-c=%u port-s=%u spi-c=%u spi-s=%u "
		"remote=%H rport-c=%u rport-s=%u rspi-c=%u rspi-s=%u local-outer=%s "
		"remote-outer=%s lifetime=%u", ctx->get_id(ctx),
		imsaka_context_slot_names, slot,
		set->is_installed(set) ? "yes" : "no", imsaka_secagree_mod_name(cfg->mode),
		imsaka_esp_alg_name(cfg->alg), imsaka_esp_ealg_name(cfg->ealg),
		cfg->local.addr, cfg->local.port_c, cfg->local.port_s,
		cfg->local.spi_c, cfg->local.spi_s, cfg->remote.addr,
		cfg->remote.port_c, cfg->remote.port_s, cfg->remote.spi_c,
		cfg->remote.spi_s, host_str(cfg->local_outer, lo, sizeof(lo)),
		host_str(cfg->remote_outer, ro, sizeof(ro)), remaining);
	set->query(set, stats);
	for (i = 0; i < IMSAKA_SA_SET_SIZE; i++)
	{
		if (stats[i].counted)
		{
			snprintf(bytes, sizeof(bytes), "%"PRIu64, stats[i].bytes);
			snprintf(packets, sizeof(packets), "%"PRIu64, stats[i].packets);
		}
		else
		{
			snprintf(bytes, sizeof(bytes), "-");
			snprintf(packets, sizeof(packets), "-");
		}
		imsaka_control_reply_add(reply, "sa ctx=%u set=%N spi=%u dir=%s "
				"lport=%u rport=%u bytes=%s packets=%s", ctx->get_id(ctx),
				imsaka_context_slot_names, slot, stats[i].spi,
				stats[i].inbound ? "in" : "out", stats[i].local_port,
				stats[i].remote_port, bytes, packets);
	}
}

/**
 * List one context, its sets and their SAs
 */
static void list_context(imsaka_control_reply_t *reply, imsaka_context_t *ctx)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	char ka[24], held[24];
	bool keyed;
	int slot;

	keyed = ctx->get_keys(ctx, ck, ik);
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	if (ctx->get_keepalive(ctx))
	{
		snprintf(ka, sizeof(ka), "%lu", (u_long)ctx->get_keepalive(ctx));
	}
	else
	{
		snprintf(ka, sizeof(ka), "none");
	}
	if (ctx->get_hold(ctx))
	{
		snprintf(held, sizeof(held), "%u", ctx->get_hold(ctx));
	}
	else
	{
		snprintf(held, sizeof(held), "none");
	}
	imsaka_control_reply_add(reply, "ctx id=%u role=%N impi=%Y state=%s "
			"keys=%s age=%u keepalive=%s hold=%s", ctx->get_id(ctx),
			imsaka_context_role_names, ctx->get_role(ctx),
			ctx->get_impi(ctx), ctx->get_state(ctx), keyed ? "yes" : "no",
			ctx->get_age(ctx), ka, held);
	for (slot = 0; slot < IMSAKA_SET_COUNT; slot++)
	{
		list_set(reply, ctx, slot);
	}
}

/*
 * Described in imsaka_control_handlers.h
 */
bool imsaka_control_cmd_list(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply)
{
	enumerator_t *enumerator;
	imsaka_context_t *ctx;
	uint32_t id = 0;

	if (!imsaka_control_request_u32(req, "ctx", 1, UINT32_MAX, &id, FALSE))
	{
		return FALSE;
	}
	if (id)
	{	/* found by id; listing is no activity that keeps it alive */
		ctx = env->contexts->inspect(env->contexts, id);
		if (!ctx)
		{
			return imsaka_control_request_error(req, "ctx", "no context %u",
												id);
		}
		list_context(reply, ctx);
		env->contexts->checkin(env->contexts, ctx);
	}
	else
	{
		enumerator = env->contexts->create_enumerator(env->contexts);
		while (enumerator->enumerate(enumerator, &ctx))
		{
			list_context(reply, ctx);
		}
		enumerator->destroy(enumerator);
	}
	imsaka_control_reply_add(reply, "END");
	return TRUE;
}

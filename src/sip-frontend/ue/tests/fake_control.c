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

#include "fake_control.h"

#include <hex.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void logf_(fake_control_t *c, const char *fmt, ...)
{
	size_t len = strlen(c->log);
	va_list args;

	va_start(args, fmt);
	vsnprintf(c->log + len, sizeof(c->log) - len, fmt, args);
	va_end(args);
	len = strlen(c->log);
	snprintf(c->log + len, sizeof(c->log) - len, "\n");
}

static bool ctx_create(ue_control_client_t *p, const char *impi, uint32_t *ctx)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "ctx-create role=ue impi=%s", impi);
	*ctx = c->next_ctx ?: 7;
	return true;
}

static bool spi_alloc(ue_control_client_t *p, uint32_t ctx, uint32_t *spi_c,
					  uint32_t *spi_s)
{
	fake_control_t *c = (fake_control_t*)p;

	*spi_c = c->next_spi++;
	*spi_s = c->next_spi++;
	logf_(c, "spi-alloc ctx=%u", ctx);
	return true;
}

static ue_aka_status_t aka_digest(ue_control_client_t *p, uint32_t ctx,
								  const ue_aka_request_t *req,
								  char response[UE_CONTROL_RESPONSE_LEN],
								  char auts[UE_CONTROL_AUTS_LEN])
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "aka-digest ctx=%u nonce=%s algorithm=%s username=%s realm=%s "
		  "uri=%s", ctx, req->nonce, req->algorithm, req->username,
		  req->realm, req->uri);
	snprintf(c->nonce, sizeof(c->nonce), "%s", req->nonce);
	snprintf(c->realm, sizeof(c->realm), "%s", req->realm);
	snprintf(c->uri, sizeof(c->uri), "%s", req->uri);
	snprintf(c->username, sizeof(c->username), "%s", req->username);
	c->qop = req->qop != NULL;
	snprintf(c->cnonce, sizeof(c->cnonce), "%s", req->qop ? req->cnonce : "");
	c->nc = req->nc;
	if (c->aka_status == UE_AKA_SYNC && c->sync_times-- <= 0)
	{
		c->aka_status = UE_AKA_OK;
	}
	switch (c->aka_status)
	{
		case UE_AKA_OK:
			snprintf(response, UE_CONTROL_RESPONSE_LEN, FAKE_RESPONSE);
			break;
		case UE_AKA_SYNC:
			snprintf(response, UE_CONTROL_RESPONSE_LEN, FAKE_RESPONSE);
			snprintf(auts, UE_CONTROL_AUTS_LEN, FAKE_AUTS);
			break;
		default:
			break;
	}
	return c->aka_status;
}

static bool sa_install(ue_control_client_t *p, uint32_t ctx, const ue_sa_params_t *sa)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "sa-install ctx=%u", ctx);
	c->sa = *sa;
	c->installs++;
	return !c->fail_install;
}

static bool sa_promote(ue_control_client_t *p, uint32_t ctx, uint32_t expires)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "sa-promote ctx=%u expires=%u", ctx, expires);
	c->promotes++;
	c->promoted_expires = expires;
	return true;
}

static bool ctx_hold(ue_control_client_t *p, uint32_t ctx, uint32_t expires)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "ctx-hold ctx=%u expires=%u", ctx, expires);
	c->holds++;
	c->held_expires = expires;
	return !c->fail_hold;
}

static bool sa_remove(ue_control_client_t *p, uint32_t ctx, const char *set)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "sa-remove ctx=%u set=%s", ctx, set);
	c->removes++;
	return true;
}

static bool keepalive_start(ue_control_client_t *p, uint32_t ctx,
							const imsaka_addr_t *src, const imsaka_addr_t *dst)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "keepalive-start ctx=%u", ctx);
	c->keepalive_starts++;
	c->ka_src = *src;
	c->ka_dst = *dst;
	return true;
}

static bool keepalive_stop(ue_control_client_t *p, uint32_t ctx)
{
	logf_((fake_control_t*)p, "keepalive-stop ctx=%u", ctx);
	return true;
}

static bool tls_psk(ue_control_client_t *p, uint32_t ctx, const uint8_t rand[16],
					const char *sid, uint8_t psk[UE_CONTROL_PSK_LEN])
{
	fake_control_t *c = (fake_control_t*)p;
	char hex[33];

	imsaka_hex_encode(rand, 16, hex);
	logf_(c, "tls-psk ctx=%u rand=%s sid=%s", ctx, hex, sid);
	memset(psk, 0x5b, UE_CONTROL_PSK_LEN);
	return true;
}

static bool tls_aka_keys(ue_control_client_t *p, uint32_t ctx, uint16_t suite,
						 const char *sid, uint8_t ue[48], uint8_t pcscf[48],
						 size_t *len)
{	/* the secrets of docs/TLS-AKA.md's 1301 vector */
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "tls-aka-keys ctx=%u suite=%04x sid=%s", ctx, suite, sid);
	*len = 32;
	return imsaka_hex_decode(FAKE_TLS_AKA_UE_HEX, ue, 32) &&
		   imsaka_hex_decode(FAKE_TLS_AKA_PCSCF_HEX, pcscf, 32);
}

static bool ctx_delete(ue_control_client_t *p, uint32_t ctx)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "ctx-delete ctx=%u", ctx);
	c->deletes++;
	return true;
}

static bool caps(ue_control_client_t *p, control_caps_t *out, bool *fresh)
{
	fake_control_t *c = (fake_control_t*)p;

	*fresh = false;
	if (!c->caps || c->caps_asked++)
	{	/* an older plugin, or asked already */
		return c->caps && control_caps_parse(c->caps, out);
	}
	*fresh = true;
	return control_caps_parse(c->caps, out);
}

static int ctx_flush(ue_control_client_t *p, const char *impi)
{
	fake_control_t *c = (fake_control_t*)p;

	logf_(c, "ctx-flush role=ue impi=%s", impi);
	return 0;
}

static void set_restart(ue_control_client_t *p, control_restart_cb_t cb,
						void *data)
{
	fake_control_t *c = (fake_control_t*)p;

	c->restart_cb = cb;
	c->restart_data = data;
}

static bool is_gone(ue_control_client_t *p, uint32_t ctx)
{
	fake_control_t *c = (fake_control_t*)p;

	return ctx && ctx <= c->gone_below;
}

static bool check(ue_control_client_t *p)
{
	fake_control_t *c = (fake_control_t*)p;

	c->checks++;
	return !c->down;
}

static void destroy(ue_control_client_t *p)
{
	free(p);
}

fake_control_t *fake_control_create(void)
{
	fake_control_t *c = calloc(1, sizeof(*c));

	c->public = (ue_control_client_t){
		.caps = caps,
		.ctx_create = ctx_create,
		.spi_alloc = spi_alloc,
		.aka_digest = aka_digest,
		.sa_install = sa_install,
		.sa_promote = sa_promote,
		.ctx_hold = ctx_hold,
		.sa_remove = sa_remove,
		.keepalive_start = keepalive_start,
		.tls_psk = tls_psk,
		.tls_aka_keys = tls_aka_keys,
		.keepalive_stop = keepalive_stop,
		.ctx_delete = ctx_delete,
		.ctx_flush = ctx_flush,
		.set_restart = set_restart,
		.is_gone = is_gone,
		.check = check,
		.destroy = destroy,
	};
	c->next_spi = 1000;
	c->aka_status = UE_AKA_OK;
	return c;
}

bool fake_control_called(fake_control_t *c, const char *prefix)
{
	const char *line = c->log;

	while (line && *line)
	{
		if (strncmp(line, prefix, strlen(prefix)) == 0)
		{
			return true;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return false;
}

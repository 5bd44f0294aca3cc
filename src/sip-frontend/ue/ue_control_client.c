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
 * ue_control_client_t over the plugin's control socket (docs/CONTROL.md). Every
 * value taken from the network is checked to be one token before it goes
 * into a request line, so a hostile realm or nonce cannot add parameters.
 */

#include "ue_control_client.h"
#include "ue_live_contexts.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

#include <control_channel.h>
#include <control_client.h>
#include <control_flush.h>
#include <hex.h>

typedef struct private_ue_control_client_t private_ue_control_client_t;

/**
 * Private data of a ue_control_client_t object.
 */
struct private_ue_control_client_t {

	/**
	 * Public interface
	 */
	ue_control_client_t public;

	/**
	 * Connection to the control socket
	 */
	control_channel_t channel;

	/**
	 * What charon's kernel backend can install
	 */
	control_caps_cache_t caps;

	/**
	 * Contexts made in the charon connected to and not deleted
	 */
	ue_live_contexts_t live;

	/**
	 * Told about a restart that took contexts
	 */
	control_restart_cb_t restart_cb;
	void *restart_data;
};

/** longest token accepted */
#define MAX_TOKEN 1024

/*
 * Described in header
 */
bool ue_control_client_token_ok(const char *value)
{
	size_t len, i;

	if (!value)
	{
		return false;
	}
	len = strlen(value);
	if (!len || len > MAX_TOKEN)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (value[i] <= 0x20 || value[i] >= 0x7f)
		{
			return false;
		}
	}
	return true;
}

/**
 * Connect and say hello if not connected
 */
static bool ensure_connected(private_ue_control_client_t *this)
{
	const char *path = this->channel.path;
	char reply[256];

	switch (control_channel_connect(&this->channel, reply, sizeof(reply)))
	{
		case CONTROL_CHANNEL_OPEN:
			return true;
		case CONTROL_CHANNEL_NEW:
			DBG2(DBG_APP, "connected to charon's control socket: %s", reply);
			return true;
		case CONTROL_CHANNEL_UNREACHABLE:
			DBG1(DBG_APP, "connecting to charon's control socket '%s' "
				 "failed: %s", path, reply);
			return false;
		case CONTROL_CHANNEL_REFUSED:
		default:
			DBG1(DBG_APP, "charon's control socket '%s' refused hello: %s",
				 path, reply);
			return false;
	}
}

/**
 * Send a request and read its one-line reply. Returns TRUE on OK; on ERR
 * the reply line is in reply; on a broken connection the connection is
 * dropped (the next call connects again).
 */
static bool call(private_ue_control_client_t *this, char *reply, size_t size,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * Call with a request naming a context: refused without sending when the
 * context is gone with a charon that restarted (checked after connecting,
 * which is where a restart shows)
 */
static bool call_ctx(private_ue_control_client_t *this, uint32_t ctx,
					 char *reply, size_t size, const char *fmt, ...)
					 __attribute__((format(printf, 5, 6)));

/**
 * The channel found another charon: the contexts made in the one before
 * are gone
 */
static void channel_restarted(private_ue_control_client_t *this,
							  const char *old, const char *now)
{
	if (!ue_live_contexts_clear(&this->live))
	{
		DBG1(DBG_APP, "charon restarted (instance %s, was %s): no context "
			 "of this UE was there", now, old);
		return;
	}
	if (this->restart_cb)
	{
		this->restart_cb(this->restart_data, old, now);
	}
}

/**
 * call() and call_ctx() with their arguments; ctx 0 names no context
 */
static bool vcall(private_ue_control_client_t *this, uint32_t ctx,
				  char *reply, size_t size, const char *fmt, va_list args)
{
	char request[CONTROL_LINE_MAX + 1];
	int len;

	reply[0] = '\0';
	len = vsnprintf(request, sizeof(request), fmt, args);
	if (len < 0 || len >= (int)sizeof(request))
	{
		snprintf(reply, size, "ERR param request too long");
		return false;
	}
	if (!ensure_connected(this))
	{
		snprintf(reply, size, "ERR socket not connected");
		return false;
	}
	if (ctx && !ue_live_contexts_has(&this->live, ctx))
	{	/* its number may name another context in the new charon */
		snprintf(reply, size, "ERR gone context %u went with a charon that "
				 "restarted, not sent", ctx);
		DBG2(DBG_APP, "%s", reply);
		return false;
	}
	DBG2(DBG_APP, "charon <- %s", request);
	if (!control_channel_call(&this->channel, request, reply, size))
	{	/* the channel dropped the broken connection */
		DBG1(DBG_APP, "control socket: %s", reply);
		return false;
	}
	if (strncmp(reply, "ERR", 3) != 0)
	{
		if (strncmp(request, "tls-psk ", 8) == 0 ||
			strncmp(request, "tls-aka-keys ", 13) == 0)
		{	/* holds the PSK or the traffic secrets */
			DBG4(DBG_APP, "charon -> %s", reply);
		}
		else
		{
			DBG3(DBG_APP, "charon -> %s", reply);
		}
		return true;
	}
	DBG2(DBG_APP, "charon -> %s", reply);
	return false;
}

static bool call(private_ue_control_client_t *this, char *reply, size_t size,
				 const char *fmt, ...)
{
	va_list args;
	bool ok;

	va_start(args, fmt);
	ok = vcall(this, 0, reply, size, fmt, args);
	va_end(args);
	return ok;
}

static bool call_ctx(private_ue_control_client_t *this, uint32_t ctx,
					 char *reply, size_t size, const char *fmt, ...)
{
	va_list args;
	bool ok;

	va_start(args, fmt);
	ok = vcall(this, ctx, reply, size, fmt, args);
	va_end(args);
	return ok;
}

/**
 * Read a decimal number of a reply
 */
static bool reply_uint(const char *reply, const char *key, uint32_t *value)
{
	char text[16], *end;
	unsigned long v;

	if (!control_reply_get(reply, key, text, sizeof(text)) ||
		text[0] < '0' || text[0] > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoul(text, &end, 10);
	if (*end || errno || v > UINT32_MAX)
	{
		return false;
	}
	*value = v;
	return true;
}

METHOD(ue_control_client_t, caps, bool,
	private_ue_control_client_t *this, control_caps_t *caps, bool *fresh)
{
	char reply[CONTROL_REPLY_LINE_MAX];
	bool ok;

	*fresh = false;
	if (!ensure_connected(this))
	{
		return false;
	}
	if (control_caps_cache_stale(&this->caps, this->channel.connects))
	{
		ok = call(this, reply, sizeof(reply), "caps");
		*fresh = control_caps_cache_update(&this->caps,
										   this->channel.connects,
										   ok ? reply : NULL);
		if (!*fresh)
		{
			DBG2(DBG_APP, "charon's caps unknown (%s): every offer is made",
				 reply);
		}
	}
	return control_caps_cache_get(&this->caps, caps);
}

METHOD(ue_control_client_t, ctx_create, bool,
	private_ue_control_client_t *this, const char *impi, uint32_t *ctx)
{
	char reply[512];

	if (!ue_control_client_token_ok(impi))
	{
		return false;
	}
	if (!call(this, reply, sizeof(reply), "ctx-create role=ue impi=%s", impi))
	{
		DBG1(DBG_APP, "ctx-create for '%s' failed: %s", impi, reply);
		return false;
	}
	if (!reply_uint(reply, "ctx", ctx) || !*ctx)
	{
		DBG1(DBG_APP, "ctx-create: no ctx in '%s'", reply);
		return false;
	}
	ue_live_contexts_add(&this->live, *ctx);
	return true;
}

METHOD(ue_control_client_t, spi_alloc, bool,
	private_ue_control_client_t *this, uint32_t ctx, uint32_t *spi_c, uint32_t *spi_s)
{
	char reply[512];

	if (!call_ctx(this, ctx, reply, sizeof(reply), "spi-alloc ctx=%u", ctx))
	{
		DBG1(DBG_APP, "spi-alloc failed: %s", reply);
		return false;
	}
	if (!reply_uint(reply, "spi-c", spi_c) || !reply_uint(reply, "spi-s", spi_s))
	{
		DBG1(DBG_APP, "spi-alloc: no SPIs in '%s'", reply);
		return false;
	}
	return true;
}

/**
 * Copy a reply value that must be a token of a given alphabet
 */
static bool reply_token(const char *reply, const char *key, const char *chars,
						char *value, size_t size)
{
	return control_reply_get(reply, key, value, size) && value[0] &&
		   strspn(value, chars) == strlen(value);
}

/** hex digits */
#define HEX "0123456789abcdefABCDEF"
/** base64 alphabet */
#define BASE64 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

METHOD(ue_control_client_t, aka_digest, ue_aka_status_t,
	private_ue_control_client_t *this, uint32_t ctx, const ue_aka_request_t *req,
	char response[UE_CONTROL_RESPONSE_LEN], char auts[UE_CONTROL_AUTS_LEN])
{
	char reply[1024], qop[64 + MAX_TOKEN] = "", code[32];
	ue_aka_status_t status = UE_AKA_ERROR;

	if (!ue_control_client_token_ok(req->nonce) || !ue_control_client_token_ok(req->algorithm) ||
		!ue_control_client_token_ok(req->username) || !ue_control_client_token_ok(req->realm) ||
		!ue_control_client_token_ok(req->uri) ||
		(req->qop && (!ue_control_client_token_ok(req->qop) ||
					  !ue_control_client_token_ok(req->cnonce))))
	{
		DBG1(DBG_APP, "aka-digest: a challenge value is empty, too long or "
			 "holds a space or control character");
		return UE_AKA_ERROR;
	}
	if (req->qop)
	{
		snprintf(qop, sizeof(qop), " qop=%s cnonce=%s nc=%08x", req->qop,
				 req->cnonce, req->nc);
	}
	if (call_ctx(this, ctx, reply, sizeof(reply), "aka-digest ctx=%u nonce=%s "
			 "algorithm=%s username=%s realm=%s uri=%s method=REGISTER%s",
			 ctx, req->nonce, req->algorithm, req->username, req->realm,
			 req->uri, qop))
	{
		status = UE_AKA_OK;
	}
	else if (control_reply_error(reply, code, sizeof(code)))
	{
		if (strcmp(code, "sync") == 0)
		{
			status = UE_AKA_SYNC;
			if (!reply_token(reply, "auts", BASE64, auts, UE_CONTROL_AUTS_LEN))
			{
				DBG1(DBG_APP, "aka-digest: sync failure without a valid auts");
				status = UE_AKA_ERROR;
			}
		}
		else if (strcmp(code, "auth") == 0)
		{
			DBG1(DBG_APP, "aka-digest: %s", reply);
			return UE_AKA_AUTH;
		}
		else
		{
			DBG1(DBG_APP, "aka-digest failed: %s", reply);
			return UE_AKA_ERROR;
		}
	}
	else
	{
		return UE_AKA_ERROR;
	}
	if (status != UE_AKA_ERROR &&
		(!reply_token(reply, "response", HEX, response,
					  UE_CONTROL_RESPONSE_LEN) ||
		 strlen(response) != UE_CONTROL_RESPONSE_LEN - 1))
	{
		DBG1(DBG_APP, "aka-digest: reply without a valid response");
		status = UE_AKA_ERROR;
	}
	memwipe(reply, sizeof(reply));
	return status;
}

/**
 * Format an address for a request, the bare IP if port is 0
 */
static char *fmt_addr(const imsaka_addr_t *addr, bool with_port, char *buf,
					  size_t size)
{
	imsaka_addr_t a = *addr;

	if (!with_port)
	{
		a.port = 0;
	}
	if (!imsaka_addr_format(&a, buf, size))
	{
		snprintf(buf, size, "?");
	}
	return buf;
}

METHOD(ue_control_client_t, sa_install, bool,
	private_ue_control_client_t *this, uint32_t ctx, const ue_sa_params_t *sa)
{
	char reply[512], local[IMSAKA_ADDR_STRLEN], remote[IMSAKA_ADDR_STRLEN];
	char lo[IMSAKA_ADDR_STRLEN + 16] = "", ro[IMSAKA_ADDR_STRLEN + 16] = "";
	char buf[IMSAKA_ADDR_STRLEN];

	if (sa->local_outer.family)
	{
		snprintf(lo, sizeof(lo), " local-outer=%s",
				 fmt_addr(&sa->local_outer, true, buf, sizeof(buf)));
	}
	if (sa->remote_outer.family)
	{
		snprintf(ro, sizeof(ro), " remote-outer=%s",
				 fmt_addr(&sa->remote_outer, true, buf, sizeof(buf)));
	}
	if (!call_ctx(this, ctx, reply, sizeof(reply), "sa-install ctx=%u local=%s "
			  "port-c=%u port-s=%u spi-c=%u spi-s=%u remote=%s rport-c=%u "
			  "rport-s=%u rspi-c=%u rspi-s=%u mod=%s alg=%s ealg=%s%s%s",
			  ctx, fmt_addr(&sa->local, false, local, sizeof(local)),
			  sa->port_c, sa->port_s, sa->spi_c, sa->spi_s,
			  fmt_addr(&sa->remote, false, remote, sizeof(remote)),
			  sa->rport_c, sa->rport_s, sa->rspi_c, sa->rspi_s,
			  imsaka_secagree_mod_name(sa->mod), imsaka_esp_alg_name(sa->alg),
			  imsaka_esp_ealg_name(sa->ealg), lo, ro))
	{
		DBG1(DBG_APP, "sa-install failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, sa_promote, bool,
	private_ue_control_client_t *this, uint32_t ctx, uint32_t expires)
{
	char reply[512];

	if (!call_ctx(this, ctx, reply, sizeof(reply),
				  "sa-promote ctx=%u expires=%u", ctx, expires))
	{
		DBG1(DBG_APP, "sa-promote failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, ctx_hold, bool,
	private_ue_control_client_t *this, uint32_t ctx, uint32_t expires)
{
	char reply[512];

	if (!call_ctx(this, ctx, reply, sizeof(reply),
				  "ctx-hold ctx=%u expires=%u", ctx, expires))
	{
		DBG1(DBG_APP, "ctx-hold failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, sa_remove, bool,
	private_ue_control_client_t *this, uint32_t ctx, const char *set)
{
	char reply[512];

	if (!call_ctx(this, ctx, reply, sizeof(reply), "sa-remove ctx=%u set=%s",
				  ctx, set))
	{
		DBG1(DBG_APP, "sa-remove failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, keepalive_start, bool,
	private_ue_control_client_t *this, uint32_t ctx, const imsaka_addr_t *src,
	const imsaka_addr_t *dst)
{
	char reply[512], s[IMSAKA_ADDR_STRLEN], d[IMSAKA_ADDR_STRLEN];

	if (!call_ctx(this, ctx, reply, sizeof(reply),
				  "keepalive-start ctx=%u src=%s dst=%s", ctx,
				  fmt_addr(src, true, s, sizeof(s)),
				  fmt_addr(dst, true, d, sizeof(d))))
	{
		DBG1(DBG_APP, "keepalive-start failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, keepalive_stop, bool,
	private_ue_control_client_t *this, uint32_t ctx)
{
	char reply[512];

	if (!call_ctx(this, ctx, reply, sizeof(reply), "keepalive-stop ctx=%u", ctx))
	{
		DBG1(DBG_APP, "keepalive-stop failed: %s", reply);
		return false;
	}
	return true;
}

METHOD(ue_control_client_t, tls_psk, bool,
	private_ue_control_client_t *this, uint32_t ctx, const uint8_t rand[16],
	const char *sid, uint8_t psk[UE_CONTROL_PSK_LEN])
{
	char reply[512], rand_hex[33];
	size_t len;
	bool ok;

	imsaka_hex_encode(rand, 16, rand_hex);
	ok = call_ctx(this, ctx, reply, sizeof(reply),
				  "tls-psk ctx=%u rand=%s sid=%s", ctx, rand_hex, sid);
	if (!ok)
	{
		DBG1(DBG_APP, "tls-psk failed: %s", reply);
	}
	else if (!control_reply_secret(reply, "psk", psk, UE_CONTROL_PSK_LEN,
								   &len) || len != UE_CONTROL_PSK_LEN)
	{
		DBG1(DBG_APP, "tls-psk: reply without a %d byte psk",
			 UE_CONTROL_PSK_LEN);
		ok = false;
	}
	memwipe(reply, sizeof(reply));
	return ok;
}

METHOD(ue_control_client_t, tls_aka_keys, bool,
	private_ue_control_client_t *this, uint32_t ctx, uint16_t suite, const char *sid,
	uint8_t ue[48], uint8_t pcscf[48], size_t *len)
{
	char reply[512];
	bool ok;

	*len = 0;
	ok = call_ctx(this, ctx, reply, sizeof(reply),
			  "tls-aka-keys ctx=%u suite=%04x sid=%s", ctx, suite, sid);
	if (!ok)
	{
		DBG1(DBG_APP, "tls-aka-keys failed: %s", reply);
	}
	else if (!control_reply_traffic_secrets(reply, ue, pcscf, len))
	{
		DBG1(DBG_APP, "tls-aka-keys: reply without two secrets of 32 or 48 "
			 "bytes");
		ok = false;
	}
	memwipe(reply, sizeof(reply));
	return ok;
}

METHOD(ue_control_client_t, ctx_delete, bool,
	private_ue_control_client_t *this, uint32_t ctx)
{
	char reply[512];
	bool ok;

	ok = call_ctx(this, ctx, reply, sizeof(reply), "ctx-delete ctx=%u", ctx);
	ue_live_contexts_remove(&this->live, ctx);
	if (!ok)
	{
		DBG1(DBG_APP, "ctx-delete failed: %s", reply);
	}
	return ok;
}

METHOD(ue_control_client_t, ctx_flush, int,
	private_ue_control_client_t *this, const char *impi)
{
	if (!ue_control_client_token_ok(impi))
	{
		return -1;
	}
	return control_flush(&this->channel, "ue", impi, "imsaka-ue");
}

METHOD(ue_control_client_t, set_restart, void,
	private_ue_control_client_t *this, control_restart_cb_t cb, void *data)
{
	this->restart_cb = cb;
	this->restart_data = data;
}

METHOD(ue_control_client_t, is_gone, bool,
	private_ue_control_client_t *this, uint32_t ctx)
{
	return ctx && !ue_live_contexts_has(&this->live, ctx);
}

METHOD(ue_control_client_t, check, bool,
	private_ue_control_client_t *this)
{
	char reply[256];

	if (control_channel_check(&this->channel))
	{
		return true;
	}
	switch (control_channel_connect(&this->channel, reply, sizeof(reply)))
	{
		case CONTROL_CHANNEL_OPEN:
		case CONTROL_CHANNEL_NEW:
			return true;
		default:
			DBG2(DBG_APP, "charon's control socket: %s", reply);
			return false;
	}
}

METHOD(ue_control_client_t, destroy, void,
	private_ue_control_client_t *this)
{
	control_channel_deinit(&this->channel);
	free(this);
}

/*
 * Described in header
 */
ue_control_client_t *ue_control_client_create(const char *path)
{
	private_ue_control_client_t *this;

	INIT(this,
		.public = {
			.caps = _caps,
			.ctx_create = _ctx_create,
			.spi_alloc = _spi_alloc,
			.aka_digest = _aka_digest,
			.sa_install = _sa_install,
			.sa_promote = _sa_promote,
			.ctx_hold = _ctx_hold,
			.sa_remove = _sa_remove,
			.keepalive_start = _keepalive_start,
			.keepalive_stop = _keepalive_stop,
			.tls_psk = _tls_psk,
			.tls_aka_keys = _tls_aka_keys,
			.ctx_delete = _ctx_delete,
			.ctx_flush = _ctx_flush,
			.set_restart = _set_restart,
			.is_gone = _is_gone,
			.check = _check,
			.destroy = _destroy,
		},
		.caps = CONTROL_CAPS_CACHE_INIT,
	);
	control_channel_init(&this->channel, path);
	control_channel_set_restart(&this->channel,
								(control_restart_cb_t)channel_restarted, this);
	return &this->public;
}

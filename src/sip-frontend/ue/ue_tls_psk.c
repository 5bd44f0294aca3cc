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

#include "ue_tls_psk.h"

#include <string.h>

#include <library.h>
#include <utils/debug.h>

#include <openssl/err.h>

/** most suites taken from cs= (docs/PROTOCOL.md) */
#define SUITES_MAX 16

/** longest cipher list text: 16 names of at most 40 characters */
#define LIST_MAX (SUITES_MAX * 41)

typedef struct private_ue_tls_psk_t private_ue_tls_psk_t;

/**
 * A client context restricted to one agreed suite list: restricting each
 * connection instead (SSL_set_cipher_list()) parses the list every time,
 * about 12 us, most of a TLS 1.2 handshake's gap to bare OpenSSL
 * (docs/TLS-PSK.md, bench/run-tls-psk.sh)
 */
typedef struct {
	/** the suites as agreed (connect()'s list, unusable ones included) */
	uint16_t suites[SUITES_MAX];
	/** number of suites */
	int count;
	/** the context */
	SSL_CTX *ctx;
} cached_ctx_t;

/**
 * Private data.
 */
struct private_ue_tls_psk_t {

	/** public interface */
	ue_tls_psk_t public;

	/** connection of a base context, only to look up ciphers by code point
	 *  (SSL_CIPHER_find() wants one) */
	SSL *probe;

	/** versions allowed */
	int versions;

	/** TLS 1.3 psk_dhe_ke */
	bool dhe;

	/** client contexts restricted to an agreed suite list, most recently
	 *  used first; connections hold their own reference */
	cached_ctx_t ctxs[UE_TLS_PSK_CTXS_MAX];

	/** contexts in ctxs */
	int count;
};

/**
 * What a connection's PSK callback hands out, owned by the connection
 */
typedef struct {
	char identity[UE_TLS_PSK_IDENTITY_MAX + 1];
	uint8_t psk[UE_TLS_PSK_LEN];
} psk_data_t;

/** ex_data index of psk_data_t, -1 until allocated */
static int psk_index = -1;

/**
 * Free a connection's psk_data_t with it, wiped
 */
static void psk_data_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad,
						  int idx, long argl, void *argp)
{
	if (ptr)
	{
		memwipe(ptr, sizeof(psk_data_t));
		free(ptr);
	}
}

/**
 * OpenSSL's PSK client callback (TLS 1.2, and TLS 1.3 external PSK with
 * SHA-256): a TLS 1.2 hint other than ours means the server does not
 * speak tls-psk, so the handshake is aborted
 */
static unsigned int psk_client_cb(SSL *ssl, const char *hint, char *identity,
								  unsigned int max_identity_len,
								  unsigned char *psk, unsigned int max_psk_len)
{
	psk_data_t *data = SSL_get_ex_data(ssl, psk_index);

	if (!data)
	{
		return 0;
	}
	if (hint && !streq(hint, UE_TLS_PSK_HINT))
	{
		DBG1(DBG_NET, "tls-psk: the server's PSK identity hint is not '%s', "
			 "aborting", UE_TLS_PSK_HINT);
		return 0;
	}
	if (strlen(data->identity) + 1 > max_identity_len ||
		max_psk_len < UE_TLS_PSK_LEN)
	{
		return 0;
	}
	strcpy(identity, data->identity);
	memcpy(psk, data->psk, UE_TLS_PSK_LEN);
	return UE_TLS_PSK_LEN;
}

/**
 * The cipher of a code point, if OpenSSL knows it
 */
static const SSL_CIPHER *find_cipher(SSL *ssl, uint16_t suite)
{
	unsigned char code[2] = { suite >> 8, suite & 0xff };

	return SSL_CIPHER_find(ssl, code);
}

/**
 * Whether a cipher is a TLS 1.3 suite (code points 13xx)
 */
static bool is_tls13(const SSL_CIPHER *c)
{
	return (SSL_CIPHER_get_protocol_id(c) >> 8) == 0x13;
}

/**
 * Whether a cipher fits tls-psk with the versions allowed
 */
static bool cipher_usable(const SSL_CIPHER *c, int versions)
{
	int kx;

	if (!c)
	{
		return FALSE;
	}
	if (is_tls13(c))
	{	/* OpenSSL's PSK callbacks give TLS 1.3 PSKs with SHA-256 */
		return (versions & UE_TLS_V13) &&
			   SSL_CIPHER_get_handshake_digest(c) == EVP_sha256();
	}
	kx = SSL_CIPHER_get_kx_nid(c);
	return (versions & UE_TLS_V12) && (kx == NID_kx_psk ||
			kx == NID_kx_dhe_psk || kx == NID_kx_ecdhe_psk);
}

/*
 * Described in header
 */
bool ue_tls_psk_suite_usable(uint16_t suite, int versions)
{
	SSL_CTX *ctx;
	SSL *ssl;
	bool usable = FALSE;

	ctx = SSL_CTX_new(TLS_client_method());
	ssl = ctx ? SSL_new(ctx) : NULL;
	if (ssl)
	{
		usable = cipher_usable(find_cipher(ssl, suite), versions);
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return usable;
}

/**
 * Append a name to a ':' separated list
 */
static bool list_add(char *list, const char *name)
{
	size_t len = strlen(list);

	if (len + strlen(name) + 2 > LIST_MAX)
	{
		return FALSE;
	}
	snprintf(list + len, LIST_MAX - len, "%s%s", len ? ":" : "", name);
	return TRUE;
}

/**
 * A client context with the settings of all of ours: versions allowed,
 * PSK callback, no tickets
 */
static SSL_CTX *ctx_new(private_ue_tls_psk_t *this)
{
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx ||
		!SSL_CTX_set_min_proto_version(ctx, (this->versions & UE_TLS_V12) ?
									   TLS1_2_VERSION : TLS1_3_VERSION) ||
		!SSL_CTX_set_max_proto_version(ctx, (this->versions & UE_TLS_V13) ?
									   TLS1_3_VERSION : TLS1_2_VERSION))
	{
		SSL_CTX_free(ctx);
		return NULL;
	}
	/* no certificates, no tickets: the PSK is the only credential, and a
	 * new registration brings a new one */
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET |
						(this->dhe ? 0 : SSL_OP_ALLOW_NO_DHE_KEX));
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_psk_client_callback(ctx, psk_client_cb);
	return ctx;
}

/**
 * Restrict a context to the agreed suites, in their order
 */
static bool set_suites(private_ue_tls_psk_t *this, SSL_CTX *ctx,
					   const uint16_t *suites, int count)
{
	char list12[LIST_MAX] = "", list13[LIST_MAX] = "";
	const SSL_CIPHER *c;
	int i;

	for (i = 0; i < count; i++)
	{
		c = find_cipher(this->probe, suites[i]);
		if (!cipher_usable(c, this->versions))
		{
			DBG2(DBG_NET, "tls-psk: suite %04x skipped", suites[i]);
			continue;
		}
		if (!list_add(is_tls13(c) ?
					  list13 : list12, SSL_CIPHER_get_name(c)))
		{
			return FALSE;
		}
	}
	if (!list12[0] && !list13[0])
	{
		DBG1(DBG_NET, "tls-psk: none of the %d agreed suites is usable", count);
		return FALSE;
	}
	/* no agreed suite of a version: that version is not offered */
	if (!list12[0])
	{
		return SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1 &&
			   SSL_CTX_set_ciphersuites(ctx, list13) == 1;
	}
	if (!list13[0])
	{
		return SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) == 1 &&
			   SSL_CTX_set_cipher_list(ctx, list12) == 1;
	}
	return SSL_CTX_set_cipher_list(ctx, list12) == 1 &&
		   SSL_CTX_set_ciphersuites(ctx, list13) == 1;
}

/**
 * The context of an agreed suite list: the cached one (moved to the
 * front), else a new one in front of the others, the least recently used
 * one dropped if there is no room
 */
static SSL_CTX *get_ctx(private_ue_tls_psk_t *this, const uint16_t *suites,
						int count)
{
	cached_ctx_t found;
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (this->ctxs[i].count == count &&
			memeq(this->ctxs[i].suites, suites, count * sizeof(*suites)))
		{
			break;
		}
	}
	if (i < this->count)
	{
		found = this->ctxs[i];
	}
	else
	{
		found = (cached_ctx_t){
			.count = count,
			.ctx = ctx_new(this),
		};
		memcpy(found.suites, suites, count * sizeof(*suites));
		if (!found.ctx || !set_suites(this, found.ctx, suites, count))
		{
			SSL_CTX_free(found.ctx);
			return NULL;
		}
		if (this->count < UE_TLS_PSK_CTXS_MAX)
		{
			i = this->count++;
		}
		else
		{
			i = this->count - 1;
			SSL_CTX_free(this->ctxs[i].ctx);
		}
	}
	memmove(&this->ctxs[1], &this->ctxs[0], i * sizeof(this->ctxs[0]));
	this->ctxs[0] = found;
	return found.ctx;
}

METHOD(ue_tls_psk_t, connect_, SSL*,
	private_ue_tls_psk_t *this, const char *identity,
	const uint8_t psk[UE_TLS_PSK_LEN], const uint16_t *suites, int count)
{
	psk_data_t *data;
	SSL_CTX *ctx;
	SSL *ssl;

	if (!identity || !identity[0] ||
		strlen(identity) > UE_TLS_PSK_IDENTITY_MAX || !suites || count < 1 ||
		count > SUITES_MAX)
	{
		DBG1(DBG_NET, "tls-psk: bad identity or suite list");
		return NULL;
	}
	ctx = get_ctx(this, suites, count);
	ssl = ctx ? SSL_new(ctx) : NULL;
	if (!ssl)
	{
		return NULL;
	}
	data = calloc(1, sizeof(*data));
	if (!data || !SSL_set_ex_data(ssl, psk_index, data))
	{
		free(data);
		SSL_free(ssl);
		return NULL;
	}
	strcpy(data->identity, identity);
	memcpy(data->psk, psk, UE_TLS_PSK_LEN);
	SSL_set_connect_state(ssl);
	return ssl;
}

METHOD(ue_tls_psk_t, destroy, void,
	private_ue_tls_psk_t *this)
{
	int i;

	for (i = 0; i < this->count; i++)
	{
		SSL_CTX_free(this->ctxs[i].ctx);
	}
	SSL_free(this->probe);
	free(this);
}

/*
 * Described in header
 */
ue_tls_psk_t *ue_tls_psk_create(int versions, bool dhe)
{
	private_ue_tls_psk_t *this;
	SSL_CTX *ctx;

	if (!(versions & (UE_TLS_V12 | UE_TLS_V13)))
	{
		return NULL;
	}
	if (psk_index < 0)
	{
		psk_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, psk_data_free);
		if (psk_index < 0)
		{
			return NULL;
		}
	}
	INIT(this,
		.public = {
			.connect = _connect_,
			.destroy = _destroy,
		},
		.versions = versions,
		.dhe = dhe,
	);
	ctx = ctx_new(this);
	this->probe = ctx ? SSL_new(ctx) : NULL;
	/* the probe holds its own reference */
	SSL_CTX_free(ctx);
	if (!this->probe)
	{
		DBG1(DBG_NET, "tls-psk: creating the OpenSSL client context failed");
		destroy(this);
		return NULL;
	}
	return &this->public;
}

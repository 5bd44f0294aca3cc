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
 * Private data.
 */
struct private_ue_tls_psk_t {

	/** public interface */
	ue_tls_psk_t public;

	/** OpenSSL client context */
	SSL_CTX *ctx;

	/** versions allowed */
	int versions;
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
 * Restrict a connection to the agreed suites, in their order
 */
static bool set_suites(private_ue_tls_psk_t *this, SSL *ssl,
					   const uint16_t *suites, int count)
{
	char list12[LIST_MAX] = "", list13[LIST_MAX] = "";
	const SSL_CIPHER *c;
	int i;

	for (i = 0; i < count; i++)
	{
		c = find_cipher(ssl, suites[i]);
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
		return SSL_set_min_proto_version(ssl, TLS1_3_VERSION) == 1 &&
			   SSL_set_ciphersuites(ssl, list13) == 1;
	}
	if (!list13[0])
	{
		return SSL_set_max_proto_version(ssl, TLS1_2_VERSION) == 1 &&
			   SSL_set_cipher_list(ssl, list12) == 1;
	}
	return SSL_set_cipher_list(ssl, list12) == 1 &&
		   SSL_set_ciphersuites(ssl, list13) == 1;
}

METHOD(ue_tls_psk_t, connect_, SSL*,
	private_ue_tls_psk_t *this, const char *identity,
	const uint8_t psk[UE_TLS_PSK_LEN], const uint16_t *suites, int count)
{
	psk_data_t *data;
	SSL *ssl;

	if (!identity || !identity[0] ||
		strlen(identity) > UE_TLS_PSK_IDENTITY_MAX || count < 1 ||
		count > SUITES_MAX)
	{
		DBG1(DBG_NET, "tls-psk: bad identity or suite list");
		return NULL;
	}
	ssl = SSL_new(this->ctx);
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
	if (!set_suites(this, ssl, suites, count))
	{
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_connect_state(ssl);
	return ssl;
}

METHOD(ue_tls_psk_t, destroy, void,
	private_ue_tls_psk_t *this)
{
	SSL_CTX_free(this->ctx);
	free(this);
}

/*
 * Described in header
 */
ue_tls_psk_t *ue_tls_psk_create(int versions, bool dhe)
{
	private_ue_tls_psk_t *this;

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
		.ctx = SSL_CTX_new(TLS_client_method()),
		.versions = versions,
	);
	if (!this->ctx ||
		!SSL_CTX_set_min_proto_version(this->ctx, (versions & UE_TLS_V12) ?
									   TLS1_2_VERSION : TLS1_3_VERSION) ||
		!SSL_CTX_set_max_proto_version(this->ctx, (versions & UE_TLS_V13) ?
									   TLS1_3_VERSION : TLS1_2_VERSION))
	{
		DBG1(DBG_NET, "tls-psk: creating the OpenSSL client context failed");
		destroy(this);
		return NULL;
	}
	/* no certificates, no tickets: the PSK is the only credential, and a
	 * new registration brings a new one */
	SSL_CTX_set_options(this->ctx, SSL_OP_NO_TICKET |
						(dhe ? 0 : SSL_OP_ALLOW_NO_DHE_KEX));
	SSL_CTX_set_session_cache_mode(this->ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_psk_client_callback(this->ctx, psk_client_cb);
	return &this->public;
}

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

#include "test_tls_peer.h"

#include <hex.h>

#include <string.h>
#include <openssl/err.h>

/** the external PSK and its identity */
static const uint8_t psk[32] = "imsaka tls-aka interop test psk!";
static const char psk_identity[] = "imsaka-test";

/**
 * Key log line "LABEL <client random> <secret hex>": keep the two
 * application traffic secrets.
 */
static void keylog(const SSL *ssl, const char *line)
{
	tls_peer_t *peer = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
	const char *hex;
	uint8_t *secret;
	size_t *len, n;

	if (strncmp(line, "CLIENT_TRAFFIC_SECRET_0 ", 24) == 0)
	{
		secret = peer->client_secret;
		len = &peer->client_len;
	}
	else if (strncmp(line, "SERVER_TRAFFIC_SECRET_0 ", 24) == 0)
	{
		secret = peer->server_secret;
		len = &peer->server_len;
	}
	else
	{
		return;
	}
	hex = strrchr(line, ' ') + 1;
	n = strlen(hex) / 2;
	if (n <= sizeof(peer->client_secret) &&
		imsaka_hex_decode(hex, secret, n))
	{
		*len = n;
	}
}

/**
 * The PSK as a resumable TLS 1.3 session with the peer's suite.
 */
static SSL_SESSION *psk_session(SSL *ssl)
{
	tls_peer_t *peer = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
	const uint8_t id[2] = { peer->suite >> 8, peer->suite & 0xff };
	const SSL_CIPHER *cipher;
	SSL_SESSION *session;

	cipher = SSL_CIPHER_find(ssl, id);
	session = SSL_SESSION_new();
	if (!cipher || !session ||
		!SSL_SESSION_set1_master_key(session, psk, sizeof(psk)) ||
		!SSL_SESSION_set_cipher(session, cipher) ||
		!SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION))
	{
		SSL_SESSION_free(session);
		return NULL;
	}
	return session;
}

static int use_session(SSL *ssl, const EVP_MD *md, const unsigned char **id,
					   size_t *id_len, SSL_SESSION **sess)
{
	*sess = psk_session(ssl);
	*id = (const unsigned char*)psk_identity;
	*id_len = strlen(psk_identity);
	return *sess != NULL;
}

static int find_session(SSL *ssl, const unsigned char *id, size_t id_len,
						SSL_SESSION **sess)
{
	*sess = NULL;
	if (id_len != strlen(psk_identity) || memcmp(id, psk_identity, id_len))
	{
		return 1;
	}
	*sess = psk_session(ssl);
	return *sess != NULL;
}

/**
 * One context, TLS 1.3 only, one suite.
 */
static SSL_CTX *make_ctx(tls_peer_t *peer, const SSL_METHOD *method,
						 bool dhe)
{
	const char *names[] = {
		"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
		"TLS_CHACHA20_POLY1305_SHA256",
	};
	SSL_CTX *ctx;

	if (peer->suite < 0x1301 || peer->suite > 0x1303)
	{
		return NULL;
	}
	ctx = SSL_CTX_new(method);
	if (!ctx ||
		!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
		!SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
		!SSL_CTX_set_ciphersuites(ctx, names[peer->suite - 0x1301]) ||
		!SSL_CTX_set_num_tickets(ctx, 0))
	{
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (!dhe)
	{	/* OpenSSL 3.0 clients always offer psk_dhe_ke and a key share;
		 * a server without a group in common then picks psk_ke instead
		 * of a HelloRetryRequest if both allow it */
		SSL_CTX_set_options(ctx, SSL_OP_ALLOW_NO_DHE_KEX);
		if (!SSL_CTX_set1_groups_list(ctx, method == TLS_server_method() ?
									  "P-384" : "X25519"))
		{
			SSL_CTX_free(ctx);
			return NULL;
		}
	}
	SSL_CTX_set_app_data(ctx, peer);
	SSL_CTX_set_keylog_callback(ctx, keylog);
	SSL_CTX_set_psk_use_session_callback(ctx, use_session);
	SSL_CTX_set_psk_find_session_callback(ctx, find_session);
	return ctx;
}

/*
 * Described in header
 */
bool tls_peer_init(tls_peer_t *peer, uint16_t suite, bool dhe)
{
	memset(peer, 0, sizeof(*peer));
	peer->suite = suite;
	peer->cctx = make_ctx(peer, TLS_client_method(), dhe);
	peer->sctx = make_ctx(peer, TLS_server_method(), dhe);
	if (!peer->cctx || !peer->sctx)
	{
		tls_peer_free(peer);
		return false;
	}
	return true;
}

/**
 * Move what one end wrote to the other's input.
 */
static bool shuttle(BIO *from, BIO *to)
{
	uint8_t buf[4096];
	int n;

	while ((n = BIO_read(from, buf, sizeof(buf))) > 0)
	{
		if (BIO_write(to, buf, n) != n)
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
bool tls_peer_connect(tls_peer_t *peer)
{
	int i, c = 0, s = 0;

	peer->client_len = peer->server_len = 0;
	peer->client = SSL_new(peer->cctx);
	peer->server = SSL_new(peer->sctx);
	peer->c_in = BIO_new(BIO_s_mem());
	peer->c_out = BIO_new(BIO_s_mem());
	peer->s_in = BIO_new(BIO_s_mem());
	peer->s_out = BIO_new(BIO_s_mem());
	if (!peer->client || !peer->server || !peer->c_in || !peer->c_out ||
		!peer->s_in || !peer->s_out)
	{
		BIO_free(peer->c_in);
		BIO_free(peer->c_out);
		BIO_free(peer->s_in);
		BIO_free(peer->s_out);
		peer->c_in = peer->c_out = peer->s_in = peer->s_out = NULL;
		tls_peer_disconnect(peer);
		return false;
	}
	/* an empty memory BIO says "retry", not EOF */
	BIO_set_mem_eof_return(peer->c_in, -1);
	BIO_set_mem_eof_return(peer->s_in, -1);
	/* the SSL objects own the BIOs from here */
	SSL_set_bio(peer->client, peer->c_in, peer->c_out);
	SSL_set_bio(peer->server, peer->s_in, peer->s_out);
	SSL_set_connect_state(peer->client);
	SSL_set_accept_state(peer->server);
	for (i = 0; i < 10 && (c != 1 || s != 1); i++)
	{
		if (c != 1)
		{
			c = SSL_do_handshake(peer->client);
		}
		if (!shuttle(peer->c_out, peer->s_in))
		{
			break;
		}
		if (s != 1)
		{
			s = SSL_do_handshake(peer->server);
		}
		if (!shuttle(peer->s_out, peer->c_in))
		{
			break;
		}
	}
	if (c != 1 || s != 1 || !peer->client_len ||
		peer->client_len != peer->server_len ||
		SSL_version(peer->client) != TLS1_3_VERSION)
	{
		ERR_print_errors_fp(stderr);
		tls_peer_disconnect(peer);
		return false;
	}
	return true;
}

/*
 * Described in header
 */
void tls_peer_disconnect(tls_peer_t *peer)
{
	SSL_free(peer->client);
	SSL_free(peer->server);
	peer->client = peer->server = NULL;
	peer->c_in = peer->c_out = peer->s_in = peer->s_out = NULL;
}

/*
 * Described in header
 */
void tls_peer_free(tls_peer_t *peer)
{
	tls_peer_disconnect(peer);
	SSL_CTX_free(peer->cctx);
	SSL_CTX_free(peer->sctx);
	peer->cctx = peer->sctx = NULL;
}

/*
 * Described in header
 */
size_t tls_peer_take(BIO *out, uint8_t *buf, size_t size)
{
	size_t pending = BIO_ctrl_pending(out);
	int n;

	if (pending > size)
	{
		return pending;
	}
	n = pending ? BIO_read(out, buf, pending) : 0;
	return n > 0 ? (size_t)n : 0;
}

/*
 * Described in header
 */
bool tls_peer_give(BIO *in, const uint8_t *buf, size_t len)
{
	return BIO_write(in, buf, len) == (int)len;
}

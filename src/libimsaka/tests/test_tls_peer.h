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

/**
 * @defgroup test_tls_peer test_tls_peer
 * @{ @ingroup imsaka_tests
 *
 * A real OpenSSL TLS 1.3 session in memory, the independent peer of the
 * tls-aka record layer: client and server SSL objects joined by memory
 * BIOs, an external PSK (so any of the three suites, no certificate), no
 * session tickets, and the application traffic secrets taken from the
 * key log callback (CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0).
 *
 * After the handshake the test owns the wire: it reads what one side
 * wrote from that side's output BIO, and writes records into a side's
 * input BIO for it to SSL_read(). Used by test_tls_openssl.c and by the
 * benchmark bench/bench_tls_record.c.
 */

#ifndef TEST_TLS_PEER_H_
#define TEST_TLS_PEER_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>

typedef struct {
	/** client and server contexts */
	SSL_CTX *cctx, *sctx;
	/** the connection's two ends */
	SSL *client, *server;
	/** client input (we write) and output (we read) */
	BIO *c_in, *c_out;
	/** server input and output */
	BIO *s_in, *s_out;
	/** CLIENT_TRAFFIC_SECRET_0 and SERVER_TRAFFIC_SECRET_0 */
	uint8_t client_secret[48], server_secret[48];
	/** secret length (the suite's hash length), 0 until logged */
	size_t client_len, server_len;
	/** code point of the suite the session uses */
	uint16_t suite;
} tls_peer_t;

/**
 * Create the two contexts for one TLS 1.3 suite and an external PSK.
 *
 * @param peer		peer to initialise
 * @param suite		code point, 0x1301..0x1303
 * @param dhe		TRUE for psk_dhe_ke (OpenSSL's default), FALSE for
 *					psk_ke (SSL_OP_ALLOW_NO_DHE_KEX and no common group)
 * @return			FALSE if OpenSSL refused
 */
bool tls_peer_init(tls_peer_t *peer, uint16_t suite, bool dhe);

/**
 * Create a client and a server and run the handshake between them.
 *
 * @param peer		initialised peer without a connection
 * @return			FALSE if the handshake or the key log failed
 */
bool tls_peer_connect(tls_peer_t *peer);

/**
 * Free the connection (not the contexts).
 *
 * @param peer		peer
 */
void tls_peer_disconnect(tls_peer_t *peer);

/**
 * Free connection and contexts.
 *
 * @param peer		peer
 */
void tls_peer_free(tls_peer_t *peer);

/**
 * Take everything an end wrote.
 *
 * @param out		output BIO (c_out or s_out)
 * @param buf		buffer
 * @param size		buffer size
 * @return			bytes taken; more than size (nothing taken) if it does
 *					not fit
 */
size_t tls_peer_take(BIO *out, uint8_t *buf, size_t size);

/**
 * Give an end bytes to read.
 *
 * @param in		input BIO (c_in or s_in)
 * @param buf		bytes
 * @param len		length
 * @return			FALSE if the BIO refused
 */
bool tls_peer_give(BIO *in, const uint8_t *buf, size_t len);

#endif /** TEST_TLS_PEER_H_ @}*/

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
 * Two TLS-PSK connections joined in memory, for the tests of the UE's and
 * the P-CSCF's contexts.
 */

#ifndef TLS_PSK_PAIR_H_
#define TLS_PSK_PAIR_H_

#include <stdbool.h>

#include <openssl/ssl.h>

/**
 * Join a client and a server connection with an OpenSSL BIO pair and run
 * the handshake until both finished it or one failed.
 *
 * @param client	client connection (gets the BIO)
 * @param server	server connection (gets the BIO)
 * @return			TRUE if both finished the handshake
 */
bool tls_psk_pair_handshake(SSL *client, SSL *server);

#endif /** TLS_PSK_PAIR_H_ */

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

#include "tls_psk_pair.h"

/** rounds of the two sides in turn; a PSK handshake needs at most 3 */
#define ROUNDS 20

/**
 * One step of a side's handshake
 *
 * @return			1 when done, 0 to go on, -1 on failure
 */
static int step(SSL *ssl)
{
	int ret = SSL_do_handshake(ssl);

	if (ret == 1)
	{
		return 1;
	}
	return SSL_get_error(ssl, ret) == SSL_ERROR_WANT_READ ? 0 : -1;
}

/*
 * Described in header
 */
bool tls_psk_pair_handshake(SSL *client, SSL *server)
{
	BIO *c_bio, *s_bio;
	int i, c = 0, s = 0;

	if (BIO_new_bio_pair(&c_bio, 0, &s_bio, 0) != 1)
	{
		return false;
	}
	SSL_set_bio(client, c_bio, c_bio);
	SSL_set_bio(server, s_bio, s_bio);
	for (i = 0; i < ROUNDS && (c != 1 || s != 1); i++)
	{
		if (c != 1 && (c = step(client)) < 0)
		{
			return false;
		}
		if (s != 1 && (s = step(server)) < 0)
		{
			return false;
		}
	}
	return c == 1 && s == 1;
}

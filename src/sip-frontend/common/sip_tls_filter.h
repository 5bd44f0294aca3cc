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
 * @defgroup sip_tls_filter sip_tls_filter
 * @{ @ingroup sip_frontend
 * A stream filter running an OpenSSL connection over memory BIOs: TLS on a
 * TCP connection of the transport (tls-psk, docs/TLS-PSK.md). The SSL
 * object comes from the UE's client context or the P-CSCF's server
 * context; plaintext given before the handshake finished waits for it.
 */

#ifndef SIP_TLS_FILTER_H_
#define SIP_TLS_FILTER_H_

#include <openssl/ssl.h>

#include "sip_stream_filter.h"

/**
 * Finds the PSK identity a client used, after the handshake (a server's
 * PSK callbacks know it in both TLS versions).
 *
 * @param data		data given to sip_tls_filter_create()
 * @param ssl		connection
 * @param buf		receives the identity
 * @param size		size of buf
 * @return			FALSE if unknown
 */
typedef bool (*sip_tls_filter_identity_cb_t)(void *data, SSL *ssl, char *buf,
											 size_t size);

/**
 * Create the filter around an SSL connection in connect or accept state,
 * without BIOs.
 *
 * @param ssl		connection, owned from now on (freed with the filter,
 *					also on failure)
 * @param identity	PSK identity of a client connection, NULL for a server
 * @param cb		server: finds the client's identity (NULL: OpenSSL's
 *					SSL_get_psk_identity(), TLS 1.2 only)
 * @param data		data for cb
 * @return			filter, NULL on failure (logged)
 */
sip_stream_filter_t *sip_tls_filter_create(SSL *ssl, const char *identity,
										   sip_tls_filter_identity_cb_t cb,
										   void *data);

#endif /** SIP_TLS_FILTER_H_ @}*/

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
 * @defgroup sip_stream_filter sip_stream_filter
 * @{ @ingroup sip_frontend
 * A byte filter on one TCP connection of the transport (TLS, for tls-psk):
 * received wire bytes become plaintext that is framed by Content-Length,
 * and messages sent become wire bytes. A filter may have to send bytes of
 * its own (a handshake) while receiving, and may hold plaintext back until
 * it can send it (before its handshake finished).
 */

#ifndef SIP_STREAM_FILTER_H_
#define SIP_STREAM_FILTER_H_

#include <stdbool.h>
#include <stddef.h>

#include <utils/chunk.h>

#include "sip_ktls.h"


/** longest authenticated peer identity a filter reports */
#define SIP_STREAM_FILTER_IDENTITY_MAX 128

typedef struct sip_stream_filter_t sip_stream_filter_t;
typedef struct sip_peer_t sip_peer_t;

/**
 * Filter of one connection's byte stream.
 */
struct sip_stream_filter_t {

	/**
	 * Take received wire bytes.
	 *
	 * @param in		bytes received
	 * @param len		length of in
	 * @param plain		receives plaintext (allocated, chunk_empty if none;
	 *					the caller frees it)
	 * @param wire		receives bytes to send back (allocated, chunk_empty
	 *					if none; the caller frees it)
	 * @return			FALSE on an error (the connection is closed)
	 */
	bool (*input)(sip_stream_filter_t *this, const char *in, size_t len,
				  chunk_t *plain, chunk_t *wire);

	/**
	 * Take plaintext to send (len may be 0: just give what is pending,
	 * e.g. the first handshake message of a client).
	 *
	 * @param msg		plaintext
	 * @param len		length of msg
	 * @param wire		receives bytes to send (allocated, chunk_empty if
	 *					none; the caller frees it)
	 * @return			FALSE on an error (the connection is closed)
	 */
	bool (*output)(sip_stream_filter_t *this, const char *msg, size_t len,
				   chunk_t *wire);

	/**
	 * The authenticated peer identity (for TLS-PSK: the PSK identity), once
	 * known.
	 *
	 * @param buf		receives the identity, NUL-terminated
	 * @param size		size of buf
	 * @return			FALSE if there is none (yet)
	 */
	bool (*get_identity)(sip_stream_filter_t *this, char *buf, size_t size);

	/**
	 * Optional (NULL if the filter has none): hand record protection to
	 * the kernel (kTLS, sip_ktls.h). Called once, when the filter is set
	 * on a connected socket with nothing received pending in userspace.
	 * After success the connection receives through the returned object
	 * and no longer calls input(); if it has_tx(), it sends plaintext to
	 * the socket and no longer calls output() (which then refuses).
	 *
	 * @param fd		the connection's socket
	 * @param tx		TRUE if the send side may move too (nothing queued)
	 * @param err		receives why the records stay (partly) in
	 *					userspace, e.g. "ktls = no"; empty if not
	 * @return			kTLS state, NULL to stay in userspace
	 */
	sip_ktls_t *(*offload)(sip_stream_filter_t *this, int fd, bool tx,
						   sip_error_t *err);

	/**
	 * Optional (NULL if the filter has none): the bytes that end the
	 * stream when the connection closes, a TLS close_notify; none if the
	 * filter sent an alert already, never finished its handshake, or the
	 * kernel sends.
	 *
	 * @param wire		receives the bytes (allocated, chunk_empty if none)
	 */
	void (*finish)(sip_stream_filter_t *this, chunk_t *wire);

	/**
	 * Free the filter (also when its connection closes).
	 */
	void (*destroy)(sip_stream_filter_t *this);
};

/**
 * Makes the filter of a connection a filtered listener accepted.
 *
 * @param data		data given to listen_filtered()
 * @param peer		the new connection (proto, local, remote, conn)
 * @return			filter, NULL to refuse the connection
 */
typedef sip_stream_filter_t *(*sip_stream_filter_factory_t)(void *data,
													const sip_peer_t *peer);

#endif /** SIP_STREAM_FILTER_H_ @}*/

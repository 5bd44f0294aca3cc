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
 * @defgroup sip_connection_filter sip_connection_filter
 * @{ @ingroup sip_frontend
 * The byte filter (TLS) of one TCP connection and, once the filter hands
 * its records to the kernel, kernel TLS (sip_ktls): wire bytes in and out
 * of the filter, records the kernel opened, the alerts the connection sends
 * itself with kTLS, and the close_notify that ends the stream.
 */

#ifndef SIP_CONNECTION_FILTER_H_
#define SIP_CONNECTION_FILTER_H_

#include "sip_transport.h"
#include "sip_stream_filter.h"

typedef struct sip_connection_filter_t sip_connection_filter_t;

/**
 * What reading a record through kTLS gave.
 */
typedef enum {
	/** nothing to read now */
	SIP_CONNECTION_RECORD_AGAIN,
	/** application data */
	SIP_CONNECTION_RECORD_DATA,
	/** a record for the filter only (an alert that is ignored) */
	SIP_CONNECTION_RECORD_OTHER,
	/** the peer closed TCP */
	SIP_CONNECTION_RECORD_CLOSED,
	/** the connection must end (an alert, a failed record; logged) */
	SIP_CONNECTION_RECORD_END,
} sip_connection_record_t;

/**
 * Filter of one connection, in userspace or partly in the kernel.
 */
struct sip_connection_filter_t {

	/**
	 * Offer the filter's records to the kernel, if the filter can; logs
	 * which path the connection takes.
	 *
	 * @param fd		the connection's socket
	 * @param connecting	TRUE while connect() is in progress (no kTLS)
	 * @param tx		TRUE if the send side may move too (nothing queued)
	 */
	void (*offload)(sip_connection_filter_t *this, int fd, bool connecting,
					bool tx);

	/**
	 * Whether the kernel receives the records (read with read_record()).
	 *
	 * @return			TRUE with kTLS receive
	 */
	bool (*kernel_receives)(sip_connection_filter_t *this);

	/**
	 * Whether the kernel makes the records sent: plaintext goes to the
	 * socket as it is.
	 *
	 * @return			TRUE with kTLS send
	 */
	bool (*kernel_sends)(sip_connection_filter_t *this);

	/**
	 * Take received wire bytes (userspace records).
	 *
	 * @param in		bytes received
	 * @param len		length of in
	 * @param plain		receives plaintext (allocated, the caller clears it)
	 * @param wire		receives bytes to send back (allocated, the caller
	 *					frees it), a TLS alert also on failure
	 * @return			FALSE on an error (logged)
	 */
	bool (*input)(sip_connection_filter_t *this, const char *in, size_t len,
				  chunk_t *plain, chunk_t *wire);

	/**
	 * Make wire bytes of plaintext to send (userspace records).
	 *
	 * @param msg		plaintext, len 0 for what is pending (a handshake)
	 * @param len		length of msg
	 * @param wire		receives bytes to send (allocated, the caller frees
	 *					it)
	 * @return			FALSE on an error (logged)
	 */
	bool (*output)(sip_connection_filter_t *this, const char *msg,
				   size_t len, chunk_t *wire);

	/**
	 * Read one record the kernel opened; an alert or a KeyUpdate ends the
	 * connection, a failed record too (its alert sent if the kernel sends).
	 *
	 * @param buf		receives application data
	 * @param size		size of buf
	 * @param len		receives the bytes of application data
	 * @return			what was read
	 */
	sip_connection_record_t (*read_record)(sip_connection_filter_t *this,
										   char *buf, size_t size,
										   size_t *len);

	/**
	 * Count bytes the socket took with kTLS send.
	 *
	 * @param bytes		bytes sent
	 * @return			FALSE once the kernel's write key reached its record
	 *					limit: the connection must end (logged)
	 */
	bool (*sent)(sip_connection_filter_t *this, size_t bytes);

	/**
	 * End the stream: with kTLS send the kernel sends close_notify (unless
	 * an alert went already), else the filter gives its close_notify.
	 *
	 * @param wire		receives bytes to send (allocated, chunk_empty if
	 *					none)
	 */
	void (*finish)(sip_connection_filter_t *this, chunk_t *wire);

	/**
	 * The stream filter.
	 *
	 * @return			filter
	 */
	sip_stream_filter_t *(*get_filter)(sip_connection_filter_t *this);

	/**
	 * Free kTLS state and the filter (the socket is not closed).
	 */
	void (*destroy)(sip_connection_filter_t *this);
};

/**
 * Wrap the filter of a connection.
 *
 * @param filter	filter, owned from now on
 * @param id		connection id, for log lines
 * @param remote	remote address, for log lines
 * @return			connection filter
 */
sip_connection_filter_t *sip_connection_filter_create(
										sip_stream_filter_t *filter,
										uint32_t id,
										const imsaka_addr_t *remote);

#endif /** SIP_CONNECTION_FILTER_H_ @}*/

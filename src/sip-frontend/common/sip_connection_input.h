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
 * @defgroup sip_connection_input sip_connection_input
 * @{ @ingroup sip_frontend
 * What a TCP connection received, as plaintext: a bounded buffer framed
 * into SIP messages by Content-Length (sip_framing), each passed to the
 * receive callback; CRLFs between messages are keep-alives, a double CRLF
 * is answered with a CRLF (RFC 5626 4.4.1).
 */

#ifndef SIP_CONNECTION_INPUT_H_
#define SIP_CONNECTION_INPUT_H_

#include "sip_connection.h"

typedef struct sip_connection_input_t sip_connection_input_t;

/**
 * Receive buffer of one connection.
 */
struct sip_connection_input_t {

	/**
	 * Free room at the end of the buffer, to receive into directly.
	 *
	 * @param room		receives the number of bytes free
	 * @return			where to write them
	 */
	char *(*get_room)(sip_connection_input_t *this, size_t *room);

	/**
	 * Take bytes written into get_room(), pass on the complete messages.
	 *
	 * @param len		bytes written
	 * @param cb		called for each message
	 * @param data		data for cb
	 * @return			FALSE if the connection must be closed (bad
	 *					framing or a pong not sent; logged)
	 */
	bool (*added)(sip_connection_input_t *this, size_t len,
				  sip_transport_recv_cb_t cb, void *data);

	/**
	 * Copy plaintext in (a filter's output) and pass on the complete
	 * messages; stops when the connection is closed from within cb.
	 *
	 * @param plain		plaintext
	 * @param cb		called for each message
	 * @param data		data for cb
	 * @return			FALSE if the connection must be closed (logged)
	 */
	bool (*feed)(sip_connection_input_t *this, chunk_t plain,
				 sip_transport_recv_cb_t cb, void *data);

	/**
	 * Whether nothing was received after the message being passed on (or
	 * nothing at all): a filter may start here.
	 *
	 * @return			TRUE at a message boundary
	 */
	bool (*at_boundary)(sip_connection_input_t *this);

	/**
	 * Free the buffer.
	 */
	void (*destroy)(sip_connection_input_t *this);
};

/**
 * Create the receive buffer of a connection.
 *
 * @param conn		the connection: checked for being closed from within
 *					the callback, sends the pongs, describes the peer
 * @return			buffer
 */
sip_connection_input_t *sip_connection_input_create(sip_connection_t *conn);

#endif /** SIP_CONNECTION_INPUT_H_ @}*/

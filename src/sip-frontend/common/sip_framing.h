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
 * @defgroup sip_framing sip_framing
 * @{ @ingroup sip_frontend
 * Framing of SIP messages on a stream (RFC 3261 18.3): the header ends at
 * the first empty line, the body is as long as Content-Length says (long
 * form or compact "l", names case-insensitive), and CRLFs between messages
 * are keep-alives (RFC 5626 4.4.1).
 */

#ifndef SIP_FRAMING_H_
#define SIP_FRAMING_H_

#include <stdbool.h>
#include <stddef.h>

#include "sip_error.h"

/**
 * Result of looking for the next message in a stream buffer.
 */
typedef enum {
	/** a whole message is there */
	SIP_FRAME_COMPLETE,
	/** more bytes are needed */
	SIP_FRAME_INCOMPLETE,
	/** malformed: Content-Length missing, not a number, or given twice
	 *  with different values */
	SIP_FRAME_BAD,
	/** the message would be longer than allowed */
	SIP_FRAME_TOO_LONG,
} sip_frame_status_t;

/**
 * Look for the next message at the start of a buffer.
 *
 * @param buf		received bytes
 * @param len		length of buf
 * @param max		largest message allowed
 * @param skip		receives the number of keep-alive CR/LF bytes before
 *					the message (to discard in any case but BAD)
 * @param msg_len	receives the length of the message after skip
 *					(SIP_FRAME_COMPLETE only)
 * @param err		receives what was wrong (BAD, TOO_LONG), status 0 as
 *					the connection closes without an answer
 * @return			status
 */
sip_frame_status_t sip_frame_next(const char *buf, size_t len, size_t max,
								  size_t *skip, size_t *msg_len,
								  sip_error_t *err);

#endif /** SIP_FRAMING_H_ @}*/

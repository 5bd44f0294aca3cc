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
 * @defgroup imsaka_control_session imsaka_control_session
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTROL_SESSION_H_
#define IMSAKA_CONTROL_SESSION_H_

#include "imsaka_control_commands.h"

typedef struct imsaka_control_session_t imsaka_control_session_t;

/**
 * The protocol state of one control connection: the version agreed with
 * hello (v1 until then) and, in v2, the tags that requests carry and every
 * line of their replies repeats (docs/CONTROL.md).
 *
 * Turns one request line into its complete reply, so the socket service
 * only frames lines. Not thread-safe: one per connection.
 */
struct imsaka_control_session_t {

	/**
	 * Run one request line and build its reply.
	 *
	 * @param line		request line without its line end, need not be
	 *					NUL-terminated
	 * @param len		length of line
	 * @param reply		receives the reply lines (emptied first), none for
	 *					an empty line
	 */
	void (*process)(imsaka_control_session_t *this, const char *line,
					size_t len, imsaka_control_reply_t *reply);

	/**
	 * Build the reply to a line longer than IMSAKA_CONTROL_LINE_MAX, of
	 * which only the start arrived: tagged in v2 if the tag could be read.
	 *
	 * @param start		received start of the line
	 * @param len		length of start
	 * @param reply		receives the error line (emptied first)
	 */
	void (*refuse_long)(imsaka_control_session_t *this, const char *start,
						size_t len, imsaka_control_reply_t *reply);

	/**
	 * Protocol version the connection speaks now.
	 *
	 * @return			1 or 2
	 */
	u_int (*get_version)(imsaka_control_session_t *this);

	/**
	 * Destroy the session.
	 */
	void (*destroy)(imsaka_control_session_t *this);
};

/**
 * Create the state of a new connection, speaking v1.
 *
 * @param env		what commands act on, must outlive the session
 * @return			session
 */
imsaka_control_session_t *imsaka_control_session_create(
											imsaka_control_env_t *env);

#endif /** IMSAKA_CONTROL_SESSION_H_ @}*/

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
 * @defgroup imsaka_control_handlers imsaka_control_handlers
 * @{ @ingroup imsaka
 * Internals shared by the files implementing control commands.
 */

#ifndef IMSAKA_CONTROL_HANDLERS_H_
#define IMSAKA_CONTROL_HANDLERS_H_

#include "imsaka_control_commands.h"

/**
 * Handler of a command.
 *
 * @param env		what commands act on
 * @param req		request, its parameters checked against the command's
 * @param reply		receives the reply on success
 * @return			FALSE with req->err set on failure
 */
typedef bool (*imsaka_control_handler_t)(imsaka_control_env_t *env,
										 imsaka_control_request_t *req,
										 imsaka_control_reply_t *reply);

/**
 * Check out the context named by the ctx= parameter.
 *
 * @param env		environment
 * @param req		request
 * @param ctx		receives the context, check in when done
 * @return			FALSE with req->err set if missing, invalid or unknown
 */
bool imsaka_control_checkout(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_context_t **ctx);

/**
 * Fail a request: check in the context (if any) and set req->err.
 *
 * @param env		environment
 * @param ctx		checked out context, NULL if none
 * @param req		request
 * @param code		error code
 * @param fmt		printf() format of the message
 * @return			FALSE
 */
bool imsaka_control_fail(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_request_t *req, const char *code,
						 const char *fmt, ...);

/**
 * Complete a request on a context: add the reply line and check in the
 * context.
 *
 * @param env		environment
 * @param ctx		checked out context
 * @param reply		reply
 * @param fmt		printf() format of the reply line
 * @return			TRUE
 */
bool imsaka_control_done(imsaka_control_env_t *env, imsaka_context_t *ctx,
						 imsaka_control_reply_t *reply, const char *fmt, ...);

/**
 * aka-digest: Digest AKA response on the card, see imsaka_control_aka.c.
 */
bool imsaka_control_cmd_aka_digest(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply);

/**
 * caps: the modes and algorithm pairs the kernel backend can install, see
 * imsaka_control_caps.c.
 */
bool imsaka_control_cmd_caps(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply);

/**
 * list: contexts, sets and SAs, see imsaka_control_list.c.
 */
bool imsaka_control_cmd_list(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply);

/**
 * tls-psk: the tls-psk PSK of a context, see imsaka_control_tls.c.
 */
bool imsaka_control_cmd_tls_psk(imsaka_control_env_t *env,
								imsaka_control_request_t *req,
								imsaka_control_reply_t *reply);

/**
 * tls-aka-keys: the tls-aka traffic secrets of a context, see
 * imsaka_control_tls.c.
 */
bool imsaka_control_cmd_tls_aka_keys(imsaka_control_env_t *env,
									 imsaka_control_request_t *req,
									 imsaka_control_reply_t *reply);

#endif /** IMSAKA_CONTROL_HANDLERS_H_ @}*/

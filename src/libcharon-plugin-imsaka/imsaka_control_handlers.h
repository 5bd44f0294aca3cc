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
 * ctx-create's step: create a context.
 *
 * @param env		environment
 * @param req		request
 * @param role		role of the context
 * @param impi		IMPI of the context
 * @param id		receives the id of the new context
 * @return			FALSE with req->err set if the limit is reached
 */
bool imsaka_control_create_context(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_context_role_t role,
								   const char *impi, u_int *id);

/**
 * ctx-keys' step: store the S-CSCF's CK/IK in a P-CSCF context.
 *
 * @param env		environment
 * @param ctx		checked out context, not checked in
 * @param req		request
 * @param ck		cipher key
 * @param ik		integrity key
 * @return			FALSE with req->err set if ctx is a UE context
 */
bool imsaka_control_set_keys(imsaka_control_env_t *env, imsaka_context_t *ctx,
							 imsaka_control_request_t *req,
							 const uint8_t ck[IMSAKA_CK_LEN],
							 const uint8_t ik[IMSAKA_IK_LEN]);

/**
 * spi-alloc's step: allocate a pair of local SPIs to a context.
 *
 * @param env		environment
 * @param ctx		checked out context, not checked in
 * @param req		request
 * @param spi_c		receives spi-c
 * @param spi_s		receives spi-s
 * @return			FALSE with req->err set if none are left
 */
bool imsaka_control_alloc_spis(imsaka_control_env_t *env,
							   imsaka_context_t *ctx,
							   imsaka_control_request_t *req,
							   uint32_t *spi_c, uint32_t *spi_s);

/**
 * sa-install's parameters: every one but ctx=, and spi-c/spi-s only if
 * asked for. See imsaka_control_install.c.
 *
 * @param env		environment
 * @param req		request
 * @param spis		TRUE to parse spi-c and spi-s too
 * @param cfg		receives the set's configuration, free its hosts with
 *					imsaka_control_install_cfg_free() (also on failure)
 * @param lifetime	receives the set's lifetime in s
 * @return			FALSE with req->err set if one is missing or invalid
 */
bool imsaka_control_install_parse(imsaka_control_env_t *env,
								  imsaka_control_request_t *req, bool spis,
								  imsaka_sa_set_cfg_t *cfg,
								  uint32_t *lifetime);

/**
 * Free the hosts of a configuration from imsaka_control_install_parse().
 *
 * @param cfg		configuration
 */
void imsaka_control_install_cfg_free(imsaka_sa_set_cfg_t *cfg);

/**
 * sa-install's step: install the temporary set of a context with its
 * CK/IK; on failure nothing is installed.
 *
 * @param env		environment
 * @param ctx		checked out context, not checked in
 * @param req		request
 * @param cfg		set, its local SPIs a pair pending on ctx
 * @param lifetime	lifetime of the set in s
 * @return			FALSE with req->err set on failure
 */
bool imsaka_control_install(imsaka_control_env_t *env, imsaka_context_t *ctx,
							imsaka_control_request_t *req,
							imsaka_sa_set_cfg_t *cfg, uint32_t lifetime);

/**
 * sa-install: the temporary SA set, see imsaka_control_install.c.
 */
bool imsaka_control_cmd_sa_install(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply);

/**
 * sa-prepare: context, keys, SPIs and temporary set in one request, all or
 * nothing, see imsaka_control_prepare.c.
 */
bool imsaka_control_cmd_sa_prepare(imsaka_control_env_t *env,
								   imsaka_control_request_t *req,
								   imsaka_control_reply_t *reply);

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
 * stats: numbers of contexts and sets, and the event counters, see
 * imsaka_control_stats.c.
 */
bool imsaka_control_cmd_stats(imsaka_control_env_t *env,
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

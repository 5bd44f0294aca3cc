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
 * @defgroup pcscf_control_requests pcscf_control_requests
 * @{ @ingroup pcscf
 *
 * The pipelined requests of pcscf_control_client: each request line is
 * logged (level 3, level 4 if it or its reply holds keys), sent on a
 * control pipeline and its reply logged, checked and parsed for the
 * caller by the kind of reply the command gives: whether it worked, the
 * context of ctx-create, sa-prepare's context and SPIs, tls-psk's PSK or
 * tls-aka-keys' traffic secrets. Keys parsed from a reply are wiped when
 * the caller's callback returns.
 */

#ifndef PCSCF_CONTROL_REQUESTS_H_
#define PCSCF_CONTROL_REQUESTS_H_

#include "pcscf_control_client.h"

typedef struct pcscf_control_requests_t pcscf_control_requests_t;

/**
 * Called with the context a ctx-create request made.
 *
 * @param data		data given with the request
 * @param ok		TRUE if charon made a context
 * @param ctx		the context if ok (never 0), else 0
 */
typedef void (*pcscf_control_requests_created_t)(void *data, bool ok,
												 uint32_t ctx);

/**
 * Pipelined requests to charon and their replies. Every method returns
 * FALSE, without calling back, if the request could not be sent (logged);
 * otherwise the callback is called once, possibly before the method
 * returns. A failure charon answered is logged with the command and the
 * plugin's answer (which never echoes key values).
 */
struct pcscf_control_requests_t {

	/**
	 * A request whose reply only says whether it worked.
	 *
	 * @param request	request line, without line end and tag
	 * @param done		called with the outcome (prepared NULL), NULL to
	 *					only log a failure
	 * @param data		data for done
	 * @return			FALSE if not sent
	 */
	bool (*done)(pcscf_control_requests_t *this, const char *request,
				 pcscf_control_client_done_t done, void *data);

	/**
	 * ctx-create: the reply names the context made.
	 *
	 * @param request	request line
	 * @param created	called with the outcome
	 * @param data		data for created
	 * @return			FALSE if not sent
	 */
	bool (*created)(pcscf_control_requests_t *this, const char *request,
					pcscf_control_requests_created_t created, void *data);

	/**
	 * A request holding keys whose reply only says whether it worked
	 * (ctx-keys).
	 *
	 * @param request	request line, wiped by the caller
	 * @param done		called with the outcome (prepared NULL)
	 * @param data		data for done
	 * @return			FALSE if not sent
	 */
	bool (*keys)(pcscf_control_requests_t *this, const char *request,
				 pcscf_control_client_done_t done, void *data);

	/**
	 * sa-prepare, a request holding keys: the reply names the context and
	 * the two SPIs.
	 *
	 * @param request	request line, wiped by the caller
	 * @param done		called with the outcome and, if ok, what was made
	 * @param data		data for done
	 * @return			FALSE if not sent
	 */
	bool (*prepared)(pcscf_control_requests_t *this, const char *request,
					 pcscf_control_client_done_t done, void *data);

	/**
	 * tls-psk: the reply holds a PCSCF_CONTROL_PSK_LEN byte PSK.
	 *
	 * @param request	request line
	 * @param cb		called with the PSK if ok
	 * @param data		data for cb
	 * @return			FALSE if not sent
	 */
	bool (*psk)(pcscf_control_requests_t *this, const char *request,
				pcscf_control_client_psk_t cb, void *data);

	/**
	 * tls-aka-keys: the reply holds two traffic secrets of 32 or 48 bytes.
	 *
	 * @param request	request line
	 * @param cb		called with both secrets if ok
	 * @param data		data for cb
	 * @return			FALSE if not sent
	 */
	bool (*secrets)(pcscf_control_requests_t *this, const char *request,
					pcscf_control_client_secrets_t cb, void *data);

	/**
	 * Requests not answered yet.
	 *
	 * @return			count
	 */
	u_int (*get_pending)(pcscf_control_requests_t *this);

	/**
	 * Wait, blocking, until charon answered every request, CONTROL_TIMEOUT
	 * at most; what is left unanswered is logged.
	 */
	void (*drain)(pcscf_control_requests_t *this);

	/**
	 * Count charon's ERR replies and the requests it left unanswered.
	 *
	 * @param counters	counters, NULL for none
	 */
	void (*set_counters)(pcscf_control_requests_t *this,
						 pcscf_counters_t *counters);

	/**
	 * Set whom the pipeline tells that charon restarted, if it detects
	 * restarts.
	 *
	 * @param cb		callback, NULL for none
	 * @param data		data for cb
	 */
	void (*set_restart)(pcscf_control_requests_t *this,
						control_restart_cb_t cb, void *data);

	/**
	 * Destroy the pipeline and free; requests in flight fail, and their
	 * callbacks can send nothing more.
	 */
	void (*destroy)(pcscf_control_requests_t *this);
};

/**
 * Create over a pipeline.
 *
 * @param pipeline	pipeline, owned by the object from now on
 * @return			object
 */
pcscf_control_requests_t *pcscf_control_requests_create(
											control_pipeline_t *pipeline);

#endif /** PCSCF_CONTROL_REQUESTS_H_ @}*/

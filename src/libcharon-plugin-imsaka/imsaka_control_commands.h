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
 * @defgroup imsaka_control_commands imsaka_control_commands
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTROL_COMMANDS_H_
#define IMSAKA_CONTROL_COMMANDS_H_

#include "imsaka_control_request.h"
#include "imsaka_context_manager.h"
#include "imsaka_sa_set.h"

#include <simaka_card.h>

typedef struct imsaka_control_env_t imsaka_control_env_t;

/**
 * What the control commands act on. Owned by the plugin.
 */
struct imsaka_control_env_t {

	/** registration contexts */
	imsaka_context_manager_t *contexts;

	/** AKA card of the UE side, NULL if none */
	simaka_card_t *card;

	/** reports the keys of installed SAs (key export), NULL for none */
	imsaka_sa_set_keys_cb_t keys_cb;

	/** data for keys_cb */
	void *keys_data;

	/** moves SAs where the kernel interface cannot, NULL for none */
	imsaka_sa_set_update_cb_t update_cb;

	/** data for update_cb */
	void *update_data;

	/** default lifetime of a temporary set in s (reg-await-auth) */
	uint32_t reg_await_auth;

	/** hard lifetime of SAs in the kernel in s, caps set lifetimes */
	uint32_t hard_lifetime;

	/** records installed sets for the next charon, NULL for none */
	struct imsaka_sa_journal_t *journal;

	/** examines ESP from new sources (kernel-libipsec), NULL for none */
	struct imsaka_esp_monitor_t *monitor;

	/** counts events for stats, NULL for none */
	struct imsaka_counters_t *counters;

	/** this charon's instance, 16 lowercase hex digits drawn at load,
	 * reported by hello; "" for none */
	char instance[17];
};

/**
 * Run one request, any command but hello (imsaka_control_session_t's), and
 * build its untagged reply: "OK ..." or "ERR code message", for list lines
 * ended by "END".
 *
 * @param env		what the commands act on
 * @param req		parsed request
 * @param reply		receives the reply (emptied first)
 */
void imsaka_control_dispatch(imsaka_control_env_t *env,
							 imsaka_control_request_t *req,
							 imsaka_control_reply_t *reply);

#endif /** IMSAKA_CONTROL_COMMANDS_H_ @}*/

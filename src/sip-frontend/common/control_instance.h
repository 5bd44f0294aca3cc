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
 * @defgroup control_instance control_instance
 * @{ @ingroup sip_frontend
 * Which charon a control connection talks to: the plugin's hello reply
 * carries instance=<16 lowercase hex>, drawn once per charon process
 * (docs/CONTROL.md). A connection that finds another instance than the one
 * seen before knows charon restarted: every context and SA set the
 * frontend had there is gone, and their numbers may name other contexts
 * now. A plugin without instance= leaves the detection off.
 */

#ifndef CONTROL_INSTANCE_H_
#define CONTROL_INSTANCE_H_

#include <stdbool.h>

typedef struct control_instance_t control_instance_t;

/** hex digits of an instance */
#define CONTROL_INSTANCE_LEN 16

/**
 * Called when a new connection found another charon than the last one
 * seen, before any request is sent on it.
 *
 * @param data		data given with the callback
 * @param old		instance seen before
 * @param now		instance of the new connection
 */
typedef void (*control_restart_cb_t)(void *data, const char *old,
									 const char *now);

/**
 * The last instance a connection saw, kept by value by its owner.
 */
struct control_instance_t {

	/** last instance seen, "" if none */
	char last[CONTROL_INSTANCE_LEN + 1];

	/** told about a restart, NULL if nobody is */
	control_restart_cb_t cb;

	/** data for cb */
	void *data;
};

/**
 * Get the instance of a hello reply: exactly 16 lowercase hex digits.
 *
 * @param reply		hello reply line ("OK version=.. imsaka=.. instance=..")
 * @param instance	receives the instance, NUL-terminated
 * @return			FALSE if absent, longer, shorter or not lowercase hex
 */
bool control_instance_parse(const char *reply,
							char instance[CONTROL_INSTANCE_LEN + 1]);

/**
 * Take the hello reply of a new connection: remember its instance and, if
 * it differs from the one seen before, call the restart callback. A reply
 * without a usable instance changes nothing (logged at level 2, or 1 if
 * instance= is there but unusable).
 *
 * @param this		last instance seen
 * @param reply		hello reply line
 * @return			TRUE if charon restarted since the last connection
 */
bool control_instance_check(control_instance_t *this, const char *reply);

#endif /** CONTROL_INSTANCE_H_ @}*/

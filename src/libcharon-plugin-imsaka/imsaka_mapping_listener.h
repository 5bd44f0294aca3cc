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
 * @defgroup imsaka_mapping_listener imsaka_mapping_listener
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_MAPPING_LISTENER_H_
#define IMSAKA_MAPPING_LISTENER_H_

#include "imsaka_context_manager.h"

#include <kernel/kernel_listener.h>

typedef struct imsaka_mapping_listener_t imsaka_mapping_listener_t;

/**
 * Follows NAT mapping changes the kernel reports (kernel-netlink:
 * XFRM_MSG_MAPPING, sent once the kernel authenticated an ESP-in-UDP packet
 * on an inbound SA from a new source): the context with a set receiving on
 * the SA's SPI follows the new address, as with the mapping command.
 *
 * Registered as charon kernel listener while it exists.
 */
struct imsaka_mapping_listener_t {

	/**
	 * Implements kernel_listener_t (first member: charon calls it with a
	 * pointer to this)
	 */
	kernel_listener_t listener;

	/**
	 * Unregister and destroy. Mapping jobs still queued find no listener
	 * and do nothing.
	 */
	void (*destroy)(imsaka_mapping_listener_t *this);
};

/**
 * Create the listener and register it with charon's kernel interface.
 *
 * @param contexts		registration contexts, not owned; must outlive the
 *						listener
 * @return				listener
 */
imsaka_mapping_listener_t *imsaka_mapping_listener_create(
									imsaka_context_manager_t *contexts);

#endif /** IMSAKA_MAPPING_LISTENER_H_ @}*/

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
 * @defgroup imsaka_backend imsaka_backend
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_BACKEND_H_
#define IMSAKA_BACKEND_H_

#include <library.h>

#include <key_expansion.h>
#include <secagree.h>

typedef enum imsaka_backend_type_t imsaka_backend_type_t;

/**
 * Where the ESP of the SAs charon installs is done.
 */
enum imsaka_backend_type_t {
	/** in the kernel (kernel-netlink, kernel-pfkey): the kernel does the
	 * crypto, routes are looked up before policies */
	IMSAKA_BACKEND_KERNEL,
	/** in charon (kernel-libipsec): charon's crypto plugins do the crypto,
	 * tunnel mode with UDP encapsulation only, routes follow policies */
	IMSAKA_BACKEND_USERSPACE,
};

/**
 * The kernel backend charon installs SAs with. The one place that tells
 * the backends apart; all other code asks here.
 *
 * @return			type of the backend
 */
imsaka_backend_type_t imsaka_backend_type();

/**
 * The name of the kernel backend, as the caps command reports it.
 *
 * @return			e.g. "kernel-netlink", "kernel-libipsec"
 */
const char *imsaka_backend_name();

/**
 * Check whether the kernel backend can install a mode.
 * kernel-libipsec does tunnel mode with UDP encapsulation only.
 *
 * @param mode		mode to check
 * @return			TRUE if supported
 */
bool imsaka_backend_mode_supported(imsaka_secagree_mod_t mode);

/**
 * Check whether the loaded crypto and kernel backends can do an algorithm
 * pair.
 *
 * @param alg		integrity algorithm
 * @param ealg		encryption algorithm
 * @return			TRUE if supported
 */
bool imsaka_backend_algs_supported(imsaka_esp_alg_t alg,
								   imsaka_esp_ealg_t ealg);

#endif /** IMSAKA_BACKEND_H_ @}*/

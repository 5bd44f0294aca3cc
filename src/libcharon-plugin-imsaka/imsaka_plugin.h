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
 * @defgroup imsaka imsaka
 * @ingroup cplugins
 *
 * @defgroup imsaka_plugin imsaka_plugin
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_PLUGIN_H_
#define IMSAKA_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct imsaka_plugin_t imsaka_plugin_t;

/**
 * IMS access security for charon: IMS AKA (Milenage card and provider),
 * ipsec-3gpp SA sets with NAT traversal and keys for the TLS mechanisms.
 */
struct imsaka_plugin_t {

	/**
	 * Implements plugin interface
	 */
	plugin_t plugin;
};

#endif /** IMSAKA_PLUGIN_H_ @}*/

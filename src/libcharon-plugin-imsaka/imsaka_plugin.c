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

#ifndef ME
#error imsaka must be built against strongSwan headers configured with mediation (ME), like the charon of Debian
#endif

#include "imsaka_plugin.h"

#include <daemon.h>

typedef struct private_imsaka_plugin_t private_imsaka_plugin_t;

/**
 * Private data of the imsaka plugin
 */
struct private_imsaka_plugin_t {

	/**
	 * Public interface
	 */
	imsaka_plugin_t public;
};

METHOD(plugin_t, get_name, char*,
	private_imsaka_plugin_t *this)
{
	return "imsaka";
}

METHOD(plugin_t, get_features, int,
	private_imsaka_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_NOOP,
			PLUGIN_PROVIDE(CUSTOM, "imsaka"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, destroy, void,
	private_imsaka_plugin_t *this)
{
	free(this);
}

/**
 * Plugin constructor, see plugin_constructor_t
 */
plugin_t *imsaka_plugin_create()
{
	private_imsaka_plugin_t *this;

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.destroy = _destroy,
			},
		},
	);
	DBG1(DBG_CFG, "imsaka %s loaded", IMSAKA_VERSION);
	return &this->public.plugin;
}

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
#include "imsaka_card.h"
#include "imsaka_provider.h"
#include "imsaka_sqn_table.h"

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

	/**
	 * Per-subscriber SQN state
	 */
	imsaka_sqn_table_t *sqns;

	/**
	 * UE side of AKA
	 */
	imsaka_card_t *card;

	/**
	 * Network side of AKA
	 */
	imsaka_provider_t *provider;
};

METHOD(plugin_t, get_name, char*,
	private_imsaka_plugin_t *this)
{
	return "imsaka";
}

/**
 * Create or destroy the AKA card and provider
 */
static bool register_aka(private_imsaka_plugin_t *this,
						 plugin_feature_t *feature, bool reg, void *data)
{
	if (reg)
	{
		this->sqns = imsaka_sqn_table_create();
		this->provider = imsaka_provider_create(this->sqns);
		if (!this->provider)
		{
			this->sqns->destroy(this->sqns);
			return FALSE;
		}
		this->card = imsaka_card_create(this->sqns);
		return TRUE;
	}
	this->card->destroy(this->card);
	this->provider->destroy(this->provider);
	this->sqns->destroy(this->sqns);
	this->card = NULL;
	this->provider = NULL;
	this->sqns = NULL;
	return TRUE;
}

/**
 * Callback providing our card to libsimaka
 */
static simaka_card_t *get_card(private_imsaka_plugin_t *this)
{
	return &this->card->card;
}

/**
 * Callback providing our provider to libsimaka
 */
static simaka_provider_t *get_provider(private_imsaka_plugin_t *this)
{
	return &this->provider->provider;
}

METHOD(plugin_t, get_features, int,
	private_imsaka_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((void*)register_aka, NULL),
			PLUGIN_PROVIDE(CUSTOM, "imsaka-aka"),
				PLUGIN_DEPENDS(RNG, RNG_WEAK),
		PLUGIN_CALLBACK(simaka_manager_register, get_card),
			PLUGIN_PROVIDE(CUSTOM, "aka-card"),
				PLUGIN_DEPENDS(CUSTOM, "aka-manager"),
				PLUGIN_DEPENDS(CUSTOM, "imsaka-aka"),
		PLUGIN_CALLBACK(simaka_manager_register, get_provider),
			PLUGIN_PROVIDE(CUSTOM, "aka-provider"),
				PLUGIN_DEPENDS(CUSTOM, "aka-manager"),
				PLUGIN_DEPENDS(CUSTOM, "imsaka-aka"),
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

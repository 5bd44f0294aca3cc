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
#include "imsaka_spi_allocator.h"
#include "imsaka_sa_journal.h"
#include "imsaka_keepalive.h"
#include "imsaka_context_manager.h"
#include "imsaka_control.h"
#include "imsaka_control_keyfile.h"
#include "imsaka_libipsec.h"
#include "imsaka_esp_monitor.h"
#include "imsaka_mapping_listener.h"
#include "imsaka_counters.h"

#include <daemon.h>

#include <errno.h>

/** default hard lifetime of SAs in the kernel in s
 * (charon.plugins.imsaka.sa_hard_lifetime), above the longest
 * registration IMS commonly grants (600000 s) plus its margin */
#define IMSAKA_SA_HARD_LIFETIME_DEFAULT 1209600

/** default limit of registration contexts
 * (charon.plugins.imsaka.max_contexts) */
#define IMSAKA_MAX_CONTEXTS_DEFAULT 10000

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

	/**
	 * Local inbound SPIs of SA sets
	 */
	imsaka_spi_allocator_t *spis;

	/**
	 * NAT-keepalives
	 */
	imsaka_keepalive_t *keepalive;

	/**
	 * Link to libipsec, NULL unless kernel-libipsec is the backend
	 */
	imsaka_libipsec_t *libipsec;

	/**
	 * Learns peer addresses from ESP under kernel-libipsec, NULL if not
	 */
	imsaka_esp_monitor_t *monitor;

	/**
	 * Registration contexts
	 */
	imsaka_context_manager_t *contexts;

	/**
	 * Follows NAT mapping changes the kernel reports
	 */
	imsaka_mapping_listener_t *mapping;

	/**
	 * ESP key export, NULL if off
	 */
	imsaka_control_keyfile_t *keyfile;

	/**
	 * Sets in the kernel, for the next charon, NULL if off
	 */
	imsaka_sa_journal_t *journal;

	/**
	 * Control socket
	 */
	imsaka_control_t *control;

	/**
	 * Event counters stats reports
	 */
	imsaka_counters_t *counters;
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
 * Format of an option's key below charon.plugins.imsaka. The settings split
 * a key at its dots before they fill in arguments, so a key of sections
 * ("keepalive.interval") goes into the format, not into an argument.
 */
static char *option_format(char *key, char *fmt, size_t size)
{
	snprintf(fmt, size, "%%s.plugins.imsaka.%s", key);
	return fmt;
}

/**
 * Read a number option of the plugin, key below charon.plugins.imsaka
 */
static int get_int_option(char *key, int def)
{
	char fmt[BUF_LEN];

	return lib->settings->get_int(lib->settings,
						option_format(key, fmt, sizeof(fmt)), def, lib->ns);
}

/**
 * Read a time option of the plugin in s (strongSwan's suffixes allowed), key
 * below charon.plugins.imsaka
 */
static uint32_t get_time_option(char *key, uint32_t def)
{
	char fmt[BUF_LEN];

	return lib->settings->get_time(lib->settings,
						option_format(key, fmt, sizeof(fmt)), def, lib->ns);
}

/**
 * Read an SPI option: decimal or 0x hex, strictly
 */
static bool get_spi_option(char *key, uint32_t def, uint32_t *value)
{
	unsigned long long v;
	char *str, *end;

	str = lib->settings->get_str(lib->settings, "%s.plugins.imsaka.%s", NULL,
								 lib->ns, key);
	if (!str)
	{
		*value = def;
		return TRUE;
	}
	errno = 0;
	v = strtoull(str, &end, 0);
	if (*str < '0' || *str > '9' || errno || *end || v > UINT32_MAX)
	{
		DBG1(DBG_CFG, "%s = %s is not a 32-bit number", key, str);
		return FALSE;
	}
	*value = v;
	return TRUE;
}

/**
 * Tear down what register_control() built, in reverse order
 */
static void unregister_control(private_imsaka_plugin_t *this)
{
	/* no more requests or mapping changes, then no more contexts and their
	 * kernel state */
	DESTROY_IF(this->mapping);
	DESTROY_IF(this->control);
	DESTROY_IF(this->contexts);
	/* after the contexts: their sets leave it as they go */
	DESTROY_IF(this->journal);
	DESTROY_IF(this->monitor);
	DESTROY_IF(this->libipsec);
	DESTROY_IF(this->keepalive);
	DESTROY_IF(this->spis);
	DESTROY_IF(this->keyfile);
	/* last: everything above counted into it */
	DESTROY_IF(this->counters);
	this->mapping = NULL;
	this->control = NULL;
	this->contexts = NULL;
	this->journal = NULL;
	this->monitor = NULL;
	this->libipsec = NULL;
	this->keepalive = NULL;
	this->spis = NULL;
	this->keyfile = NULL;
	this->counters = NULL;
}

/**
 * A random place in the SPI range to start at, so that two UEs behind one
 * NAT rarely offer the same SPIs to their P-CSCF
 */
static uint32_t random_start()
{
	uint32_t start = 0;
	rng_t *rng;

	rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
	if (!rng || !rng->get_bytes(rng, sizeof(start), (uint8_t*)&start))
	{
		DBG1(DBG_CFG, "no RNG for the SPI start, starting at spi_min");
	}
	DESTROY_IF(rng);
	return start;
}

/**
 * Draw this charon's instance, which hello reports: a frontend that sees
 * another one after reconnecting knows every context it had is gone
 */
static void draw_instance(char instance[17])
{
	uint64_t value;
	rng_t *rng;

	instance[0] = '\0';
	rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
	if (rng && rng->get_bytes(rng, sizeof(value), (uint8_t*)&value))
	{
		snprintf(instance, 17, "%016llx", (unsigned long long)value);
	}
	else
	{
		DBG1(DBG_CFG, "no RNG for the instance, hello reports none");
	}
	DESTROY_IF(rng);
}

/**
 * Open the SA set journal unless disabled and remove what the charon before
 * left in the kernel, before any request can install a set
 */
static void open_journal(private_imsaka_plugin_t *this,
						 imsaka_control_env_t *env, u_int max_contexts)
{
	u_int lines;
	char *path;

	path = lib->settings->get_str(lib->settings,
							"%s.plugins.imsaka.sa_journal",
							IMSAKA_SA_JOURNAL_DEFAULT, lib->ns);
	if (!path || !*path)
	{
		DBG1(DBG_CFG, "no SA set journal: SA sets a killed charon leaves "
			 "in the kernel stay there");
		return;
	}
	/* a compacted journal holds about twice the sets installed, up to
	 * three per context */
	lines = min(max_contexts, UINT_MAX / 8) * 8;
	lines = max(lines, IMSAKA_SA_JOURNAL_LINES_MIN);
	this->journal = imsaka_sa_journal_create(path, lines);
	if (!this->journal)
	{
		DBG1(DBG_CFG, "SA set journal %s unusable: SA sets a killed charon "
			 "leaves in the kernel stay there", path);
		return;
	}
	this->journal->remove_stale(this->journal, this->spis);
	env->journal = this->journal;
}

/**
 * imsaka_esp_monitor_rebind_t: the peer of a context moved, as authenticated
 * ESP shows
 */
static void rebind(private_imsaka_plugin_t *this, u_int id, host_t *remote)
{
	imsaka_context_t *ctx;

	ctx = this->contexts->checkout(this->contexts, id);
	if (ctx)
	{
		ctx->update_remote(ctx, remote, "authenticated ESP");
		this->contexts->checkin(this->contexts, ctx);
	}
}

/**
 * Link to libipsec where it is the data plane, and watch its ESP for peers
 * that moved unless disabled
 */
static void create_monitor(private_imsaka_plugin_t *this,
						   imsaka_control_env_t *env)
{
	int rate, rate_total;

	this->libipsec = imsaka_libipsec_create();
	if (!this->libipsec)
	{
		return;
	}
	/* moving SAs in place keeps their sequence numbers, also for the
	 * mapping command */
	env->update_cb = imsaka_libipsec_update_cb;
	env->update_data = this->libipsec;
	rate = get_int_option("rebind.rate", IMSAKA_REBIND_RATE_DEFAULT);
	rate_total = get_int_option("rebind.rate_total",
								IMSAKA_REBIND_RATE_TOTAL_DEFAULT);
	if (rate <= 0 || rate_total <= 0)
	{
		DBG1(DBG_CFG, "learning peer addresses from ESP disabled");
		return;
	}
	this->monitor = imsaka_esp_monitor_create(this->libipsec, rate,
							rate_total, (imsaka_esp_monitor_rebind_t)rebind,
							this);
	env->monitor = this->monitor;
}

/**
 * Create or destroy the registration contexts and the control socket
 */
static bool register_control(private_imsaka_plugin_t *this,
							 plugin_feature_t *feature, bool reg, void *data)
{
	imsaka_control_env_t env = {
		.card = &this->card->card,
	};
	uint32_t spi_min, spi_max, interval, tick, poll;
	u_int max_contexts;
	char *keys;

	if (!reg)
	{
		unregister_control(this);
		return TRUE;
	}
	if (!get_spi_option("spi_min", IMSAKA_SPI_MIN_DEFAULT, &spi_min) ||
		!get_spi_option("spi_max", IMSAKA_SPI_MAX_DEFAULT, &spi_max))
	{
		return FALSE;
	}
	this->spis = imsaka_spi_allocator_create(spi_min, spi_max, random_start());
	if (!this->spis)
	{
		return FALSE;
	}
	this->counters = imsaka_counters_create();
	env.counters = this->counters;
	interval = get_time_option("keepalive.interval",
							   IMSAKA_KEEPALIVE_INTERVAL_DEFAULT / 1000);
	tick = get_time_option("keepalive.tick",
						   IMSAKA_KEEPALIVE_TICK_DEFAULT / 1000);
	this->keepalive = imsaka_keepalive_create(imsaka_keepalive_send_charon,
							this->counters, max(interval, 1) * 1000,
							max(tick, 1) * 1000);
	env.reg_await_auth = get_time_option("reg_await_auth",
										 IMSAKA_REG_AWAIT_AUTH_DEFAULT);
	env.reg_await_auth = max(env.reg_await_auth, 1);
	env.hard_lifetime = get_time_option("sa_hard_lifetime",
										IMSAKA_SA_HARD_LIFETIME_DEFAULT);
	env.hard_lifetime = max(env.hard_lifetime, env.reg_await_auth);
	poll = get_time_option("poll_interval", IMSAKA_CONTEXT_POLL_DEFAULT);
	max_contexts = get_int_option("max_contexts",
								  IMSAKA_MAX_CONTEXTS_DEFAULT);
	create_monitor(this, &env);
	open_journal(this, &env, max_contexts);
	draw_instance(env.instance);
	this->contexts = imsaka_context_manager_create(this->spis, this->keepalive,
							this->monitor, this->counters, env.reg_await_auth,
							max(poll, 1), max_contexts);
	env.contexts = this->contexts;
	keys = lib->settings->get_str(lib->settings,
							"%s.plugins.imsaka.esp_keys_file", NULL, lib->ns);
	if (keys && *keys)
	{
		this->keyfile = imsaka_control_keyfile_create(keys);
		env.keys_cb = imsaka_control_keyfile_cb;
		env.keys_data = this->keyfile;
	}
	this->control = imsaka_control_create(&env);
	if (!this->control)
	{
		unregister_control(this);
		return FALSE;
	}
	this->mapping = imsaka_mapping_listener_create(this->contexts);
	DBG2(DBG_CFG, "SPIs %u..%u, reg-await-auth %us, SA hard lifetime "
		 "%us, NAT-keepalive every %us", spi_min, spi_max, env.reg_await_auth,
		 env.hard_lifetime, interval);
	return TRUE;
}

/**
 * Become (or stop being) charon's receiver of ESP where the monitor runs
 */
static bool register_monitor(private_imsaka_plugin_t *this,
							 plugin_feature_t *feature, bool reg, void *data)
{
	if (this->monitor)
	{
		if (reg)
		{
			this->monitor->attach(this->monitor);
		}
		else
		{
			this->monitor->detach(this->monitor);
		}
	}
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
		PLUGIN_CALLBACK((void*)register_control, NULL),
			PLUGIN_PROVIDE(CUSTOM, "imsaka-control"),
				PLUGIN_DEPENDS(CUSTOM, "imsaka-aka"),
				PLUGIN_DEPENDS(CUSTOM, "kernel-ipsec"),
				PLUGIN_SDEPEND(CUSTOM, "socket"),
				/* the test SA checking libipsec's layouts uses these */
				PLUGIN_SDEPEND(CRYPTER, ENCR_AES_CBC, 16),
				PLUGIN_SDEPEND(SIGNER, AUTH_HMAC_SHA1_96),
		/* after kernel-libipsec's router, whose place as receiver of ESP
		 * it takes (and before it when unloading) */
		PLUGIN_CALLBACK((void*)register_monitor, NULL),
			PLUGIN_PROVIDE(CUSTOM, "imsaka-esp-monitor"),
				PLUGIN_DEPENDS(CUSTOM, "imsaka-control"),
				PLUGIN_DEPENDS(CUSTOM, "libcharon-receiver"),
				PLUGIN_SDEPEND(CUSTOM, "kernel-libipsec-router"),
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

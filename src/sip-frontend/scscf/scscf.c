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

/*
 * imsaka-scscf: a small S-CSCF / registrar for demos and tests. It
 * challenges REGISTER with IMS AKA (401 with CK and IK for the P-CSCF),
 * verifies the answer, and answers OPTIONS and MESSAGE of registered users.
 */

#include "scscf_config.h"
#include "scscf_pg_store.h"
#include "scscf_registrar.h"
#include "scscf_sqn_state.h"

#include <frontend_conf.h>
#include <sip_message.h>
#include <sip_transport.h>

#include <library.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/** program name, settings section */
#define PROGRAM "imsaka-scscf"

/** default configuration file */
#define DEFAULT_CONF IMSAKA_SYSCONFDIR "/imsaka/imsaka-scscf.conf"

/**
 * What the receive callback needs
 */
typedef struct {
	/** transport */
	sip_transport_t *transport;
	/** registrar */
	scscf_registrar_t *registrar;
	/** shared floors and bindings, NULL for the file store */
	scscf_store_t *store;
} scscf_t;

static void on_message(void *data, const sip_peer_t *peer, const char *msg,
					   size_t len)
{
	scscf_t *scscf = data;
	scscf_reply_t *reply;

	reply = malloc(sizeof(*reply));
	if (scscf->registrar->process(scscf->registrar, peer, msg, len, reply))
	{
		scscf->transport->send(scscf->transport, &reply->to, reply->msg,
							   reply->len);
		scscf_reply_clear(reply);
	}
	free(reply);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [-c FILE] [-d LEVEL] [-h]\n"
			"  -c FILE   configuration file (default %s)\n"
			"  -d LEVEL  log level 0..4 (4 logs keys), overrides %s.loglevel\n"
			"  -h        this help\n", PROGRAM, DEFAULT_CONF, PROGRAM);
}

/**
 * Listen on every configured address
 */
static bool listen_all(sip_transport_t *transport, scscf_config_t *config)
{
	int i;

	for (i = 0; i < config->listen_count; i++)
	{
		if ((config->udp &&
			 !transport->listen(transport, SIP_UDP, &config->listen[i])) ||
			(config->tcp &&
			 !transport->listen(transport, SIP_TCP, &config->listen[i])))
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Subscribers from the file or the database, each generator with the
 * instance's IND, then the SQN state file
 */
static bool load_subscribers(scscf_t *scscf, scscf_config_t *config,
							 scscf_subscribers_t **subs)
{
	if (config->store == SCSCF_STORE_POSTGRESQL)
	{
		scscf->store = scscf_pg_store_create(config->database);
		if (!scscf->store)
		{
			return FALSE;
		}
		*subs = scscf_subscribers_create();
		if (!scscf->store->load(scscf->store, *subs))
		{
			return FALSE;
		}
	}
	else
	{
		*subs = scscf_subscribers_load(config->subscribers);
		if (!*subs)
		{
			return FALSE;
		}
	}
	if (config->ind != SCSCF_IND_ROUND_ROBIN)
	{
		(*subs)->set_ind(*subs, config->ind);
	}
	return !*config->sqn_state ||
		   scscf_sqn_state_load(config->sqn_state, *subs);
}

int main(int argc, char *argv[])
{
	scscf_subscribers_t *subs = NULL;
	scscf_config_t config;
	scscf_t scscf = {};
	const char *file = DEFAULT_CONF;
	int c, level = -1, status = EXIT_FAILURE;

	while ((c = getopt(argc, argv, "c:d:h")) != -1)
	{
		switch (c)
		{
			case 'c':
				file = optarg;
				break;
			case 'd':
				level = frontend_conf_level(PROGRAM, optarg);
				if (level < 0)
				{
					return EXIT_FAILURE;
				}
				break;
			case 'h':
				usage(stdout);
				return EXIT_SUCCESS;
			default:
				usage(stderr);
				return EXIT_FAILURE;
		}
	}
	if (optind != argc)
	{
		usage(stderr);
		return EXIT_FAILURE;
	}
	if (!frontend_conf_init(PROGRAM, file, level))
	{
		return EXIT_FAILURE;
	}
	/* libosip2 prints its parser errors itself; a dropped message gets our
	 * own log line naming the sender */
	if (!imsaka_sip_init(true) || !scscf_config_load(&config))
	{
		goto out;
	}
	if (!load_subscribers(&scscf, &config, &subs))
	{
		goto out;
	}
	scscf.registrar = scscf_registrar_create_shared(&config, subs,
													scscf.store);
	scscf.transport = sip_transport_create(on_message, &scscf);
	if (!listen_all(scscf.transport, &config))
	{
		goto out;
	}
	DBG1(DBG_CFG, "%s ready, realm %s, %s, store %s, IND %s%d", PROGRAM,
		 config.realm, imsaka_digest_aka_algorithm_name(config.algorithm),
		 scscf.store ? "postgresql" : "file",
		 config.ind == SCSCF_IND_ROUND_ROBIN ? "round-robin" : "",
		 config.ind == SCSCF_IND_ROUND_ROBIN ? 0 : config.ind);
	scscf.transport->run(scscf.transport);
	if (*config.sqn_state)
	{
		scscf_sqn_state_save(config.sqn_state, subs);
	}
	status = EXIT_SUCCESS;

out:
	DESTROY_IF(scscf.transport);
	DESTROY_IF(scscf.registrar);
	DESTROY_IF(subs);
	DESTROY_IF(scscf.store);
	frontend_conf_deinit();
	return status;
}

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
 * imsaka-pcscf: a P-CSCF for IMS AKA registration with ipsec-3gpp and
 * imsaka's NAT-T extension (docs/PCSCF.md).
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <library.h>

#include <control_flush.h>
#include <frontend_conf.h>
#include <sip_message.h>
#include <sip_transport.h>

#include "pcscf_control_client.h"
#include "pcscf_config.h"
#include "pcscf_proxy.h"
#include "pcscf_status_socket.h"

/** default configuration file */
#define CONF_DEFAULT "/etc/imsaka/imsaka-pcscf.conf"

/**
 * Transport callback: hand the message to the P-CSCF
 */
static void on_message(void *data, const sip_peer_t *peer, const char *msg,
					   size_t len)
{
	pcscf_proxy_t **proxy = data;

	if (*proxy)
	{
		(*proxy)->receive(*proxy, peer, msg, len);
	}
}

/**
 * Status socket callback: the counters of the P-CSCF
 */
static bool print_stats(void *data, char *buf, size_t size)
{
	pcscf_proxy_t *proxy = data;

	return proxy->print_stats(proxy, buf, size);
}

/**
 * Usage
 */
static void usage(FILE *out)
{
	fprintf(out, "usage: imsaka-pcscf [-c FILE] [-d LEVEL] [-h]\n"
			"  -c FILE   configuration (default " CONF_DEFAULT ")\n"
			"  -d LEVEL  log level 0..4 (4 logs keys), overrides loglevel\n"
			"  -h        this help\n");
}

/**
 * Log what the P-CSCF listens on
 */
static void log_start(const pcscf_config_t *config)
{
	char listen[IMSAKA_ADDR_STRLEN], prot[IMSAKA_ADDR_STRLEN];
	char core[IMSAKA_ADDR_STRLEN], scscf[IMSAKA_ADDR_STRLEN];
	imsaka_addr_t host = config->protected_address;

	host.port = 0;
	imsaka_addr_format(&config->listen, listen, sizeof(listen));
	imsaka_addr_format(&host, prot, sizeof(prot));
	imsaka_addr_format(&config->core, core, sizeof(core));
	imsaka_addr_format(&config->scscf, scscf, sizeof(scscf));
	DBG1(DBG_APP, "imsaka-pcscf started: sip %s (udp, tcp), protected %s "
		 "port_c %u/%u port_s %u, core %s, S-CSCF %s, charon %s%s", listen,
		 prot, config->port_c, config->port_c + 1, config->port_s, core,
		 scscf, config->socket, config->allow_unprotected ?
		 ", unprotected registration allowed" : "");
}

/**
 * Delete the contexts a previous imsaka-pcscf left in charon (it was
 * killed): before the first registration makes one
 */
static void flush_contexts(const pcscf_config_t *config)
{
	control_channel_t channel;

	control_channel_init(&channel, config->socket);
	control_flush(&channel, "pcscf", NULL, "imsaka-pcscf");
	control_channel_deinit(&channel);
}

/**
 * Timer: the stop delay is over
 */
static void stop_loop(void *data)
{
	sip_transport_t *transport = data;

	transport->stop(transport);
}

/**
 * After SIGTERM, serve stop_delay seconds more with probes answered 503,
 * so that a dispatcher takes the unit out before its registrations go; a
 * second signal ends the delay
 */
static void delay_stop(const pcscf_config_t *config, pcscf_proxy_t *proxy,
					   sip_transport_t *transport)
{
	DBG1(DBG_APP, "imsaka-pcscf stopping in %u s, OPTIONS probes answered "
		 "503 meanwhile", config->stop_delay);
	proxy->set_stopping(proxy);
	transport->add_timer(transport, config->stop_delay * 1000, stop_loop,
						 transport);
	transport->run(transport);
}

int main(int argc, char *argv[])
{
	const char *file = CONF_DEFAULT;
	pcscf_config_t *config;
	pcscf_proxy_t *proxy = NULL;
	sip_transport_t *transport;
	pcscf_control_client_t *control;
	pcscf_status_socket_t *status_socket = NULL;
	int level = -1, opt, status = EXIT_FAILURE;

	while ((opt = getopt(argc, argv, "c:d:h")) != -1)
	{
		switch (opt)
		{
			case 'c':
				file = optarg;
				break;
			case 'd':
				level = frontend_conf_level("imsaka-pcscf", optarg);
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
	if (!frontend_conf_init("imsaka-pcscf", file, level))
	{
		return EXIT_FAILURE;
	}
	imsaka_sip_init(false);
	config = malloc(sizeof(*config));
	if (!pcscf_config_load(config))
	{
		DBG1(DBG_CFG, "imsaka-pcscf: configuration %s refused", file);
		free(config);
		frontend_conf_deinit();
		return EXIT_FAILURE;
	}
	transport = sip_transport_create(on_message, &proxy);
	control = pcscf_control_client_create_socket(config->socket, transport,
												 config->control_timeout);
	proxy = pcscf_proxy_create(config, transport, control);
	if (proxy->listen(proxy) &&
		(!config->status_socket[0] ||
		 (status_socket = pcscf_status_socket_create(config->status_socket,
								transport, print_stats, proxy))))
	{
		log_start(config);
		flush_contexts(config);
		if (transport->run(transport) && config->stop_delay)
		{
			delay_stop(config, proxy, transport);
		}
		DBG1(DBG_APP, "imsaka-pcscf stopping: %u registrations deleted",
			 proxy->shutdown(proxy));
		control->drain(control);
		status = EXIT_SUCCESS;
	}
	DESTROY_IF(status_socket);
	/* requests in flight fail before the registrations they hold go */
	control->destroy(control);
	proxy->destroy(proxy);
	proxy = NULL;
	transport->destroy(transport);
	free(config);
	frontend_conf_deinit();
	return status;
}

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
 * imsaka-ue: registers an IMPU with IMS AKA and ipsec-3gpp (with imsaka's
 * NAT-T extension) through a P-CSCF, keeps the registration up, offers an
 * outbound proxy to a local SIP UA, de-registers on SIGTERM. See
 * docs/UE.md.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <utils/debug.h>

#include <frontend_conf.h>
#include <sip_message.h>
#include <sip_transport.h>

#include "ue_charon_watch.h"
#include "ue_control_client.h"
#include "ue_config.h"
#include "ue_failover.h"
#include "ue_probe.h"
#include "ue_proxy.h"
#include "ue_registration.h"

/**
 * Everything the program runs.
 */
typedef struct {
	ue_config_t config;
	sip_transport_t *transport;
	ue_control_client_t *control;
	ue_registration_t *reg;
	ue_proxy_t *proxy;
	ue_probe_t *probe;
	/** moves between the P-CSCF units */
	ue_failover_t *failover;
	/** notices charon's restart while nothing is asked of it */
	ue_charon_watch_t *watch;
	/** charon's instances of a restart, for the registration */
	char instance_old[CONTROL_INSTANCE_LEN + 1];
	char instance_now[CONTROL_INSTANCE_LEN + 1];
	/** timer handing a restart to the registration, 0 if none */
	uint32_t restart_timer;
	/** --once: register, optional request, hold, de-register, exit */
	bool once;
	/** --once=SECONDS: stay registered this long */
	uint32_t hold;
	/** --request METHOD and --to URI */
	const char *request, *to;
	/** registered at least once */
	bool registered;
	/** the request got a 2xx (or none was asked for) */
	bool request_ok;
	/** the --once sequence moved past registration */
	bool finishing;
} ue_t;

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: imsaka-ue [-c FILE] [-d LEVEL] [--once[=SECONDS]]\n"
		"                 [--request OPTIONS|MESSAGE [--to URI]] [-h]\n"
		"  -c FILE        configuration (section imsaka-ue), default\n"
		"                 " SYSCONFDIR_UE "\n"
		"  -d LEVEL       log level 0..4 (4 logs keys)\n"
		"  --once         register, send the request if given, stay\n"
		"                 registered SECONDS (default 0), de-register, exit;\n"
		"                 exit status 0 only if it registered (and the\n"
		"                 request got a 2xx)\n"
		"  --request M    with --once: send an OPTIONS or MESSAGE over the\n"
		"                 protected ports once registered\n"
		"  --to URI       Request-URI of that request (default: own IMPU)\n"
		"  -h             this help\n");
}

/**
 * De-register (which ends in on_state(DEREGISTERED))
 */
static void finish(void *data)
{
	ue_t *ue = data;

	ue->finishing = true;
	ue->reg->deregister(ue->reg);
}

/**
 * After the optional request: hold or finish
 */
static void hold_then_finish(ue_t *ue)
{
	if (ue->hold)
	{
		DBG1(DBG_APP, "staying registered for %u s", ue->hold);
		ue->transport->add_timer(ue->transport, ue->hold * 1000, finish, ue);
	}
	else
	{
		finish(ue);
	}
}

/**
 * Final status of the --request
 */
static void on_probe(void *data, int code)
{
	ue_t *ue = data;

	ue->request_ok = code >= 200 && code < 300;
	hold_then_finish(ue);
}

/**
 * Retry a failed registration (not --once)
 */
static void retry(void *data)
{
	ue_t *ue = data;

	ue->reg->start(ue->reg);
}

/**
 * Hand charon's restart to the registration, from the event loop: the
 * restart may have shown within a request of the registration itself
 */
static void charon_restarted(void *data)
{
	ue_t *ue = data;

	ue->restart_timer = 0;
	ue->reg->charon_restarted(ue->reg, ue->instance_old, ue->instance_now);
}

/**
 * The control connection found a restarted charon that took our context
 */
static void on_restart(void *data, const char *old, const char *now)
{
	ue_t *ue = data;

	if (!ue->restart_timer)
	{	/* of two restarts in a row, the first instance counts */
		snprintf(ue->instance_old, sizeof(ue->instance_old), "%s", old);
		ue->restart_timer = ue->transport->add_timer(ue->transport, 0,
													 charon_restarted, ue);
	}
	snprintf(ue->instance_now, sizeof(ue->instance_now), "%s", now);
}

/**
 * Registration results
 */
static void on_state(void *data, ue_reg_state_t state)
{
	ue_t *ue = data;

	if (ue->failover->changed(ue->failover, state))
	{	/* a dead or overloaded unit: the failover registers again */
		return;
	}
	switch (state)
	{
		case UE_REG_REGISTERED:
			if (ue->registered || !ue->once)
			{
				ue->registered = true;
				return;
			}
			ue->registered = true;
			if (ue->request)
			{
				if (!ue->probe->send(ue->probe, ue->request,
									 ue->to ?: ue->config.impu))
				{
					on_probe(ue, 0);
				}
				return;
			}
			hold_then_finish(ue);
			return;
		case UE_REG_FAILED:
			if (ue->once)
			{
				ue->transport->stop(ue->transport);
				return;
			}
			DBG1(DBG_APP, "trying again in %u s", ue->config.retry_interval);
			ue->transport->add_timer(ue->transport,
							ue->config.retry_interval * 1000, retry, ue);
			return;
		case UE_REG_DEREGISTERED:
			ue->transport->stop(ue->transport);
			return;
		default:
			return;
	}
}

/**
 * Every message received
 */
static void on_message(void *data, const sip_peer_t *peer, const char *msg,
					   size_t len)
{
	ue_t *ue = data;

	if (ue->reg->receive(ue->reg, peer, msg, len) ||
		(ue->probe && ue->probe->receive(ue->probe, peer, msg, len)) ||
		ue->failover->receive(ue->failover, peer, msg, len) ||
		(ue->proxy && ue->proxy->receive(ue->proxy, peer, msg, len)))
	{
		return;
	}
	DBG2(DBG_NET, "message of %zu bytes ignored", len);
}

int main(int argc, char *argv[])
{
	struct option long_opts[] = {
		{ "once", optional_argument, NULL, 'o' },
		{ "request", required_argument, NULL, 'r' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = SYSCONFDIR_UE;
	ue_t ue = { .request_ok = true };
	int c, level = -1, status = 1;
	uint32_t seed;
	char *end;
	unsigned long v;

	while ((c = getopt_long(argc, argv, "c:d:h", long_opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'c':
				file = optarg;
				break;
			case 'd':
				level = frontend_conf_level("imsaka-ue", optarg);
				if (level < 0)
				{
					return 1;
				}
				break;
			case 'o':
				ue.once = true;
				if (optarg)
				{
					v = strtoul(optarg, &end, 10);
					if (*end || end == optarg || v > 86400)
					{
						fprintf(stderr, "imsaka-ue: --once takes 0..86400 "
								"seconds\n");
						return 1;
					}
					ue.hold = v;
				}
				break;
			case 'r':
				if (strcmp(optarg, "OPTIONS") && strcmp(optarg, "MESSAGE"))
				{
					fprintf(stderr, "imsaka-ue: --request takes OPTIONS or "
							"MESSAGE\n");
					return 1;
				}
				ue.request = optarg;
				break;
			case 't':
				if (strlen(optarg) > 256 || strpbrk(optarg, " \t\r\n<>\""))
				{
					fprintf(stderr, "imsaka-ue: --to takes a SIP URI\n");
					return 1;
				}
				ue.to = optarg;
				break;
			case 'h':
				usage(stdout);
				return 0;
			default:
				usage(stderr);
				return 1;
		}
	}
	if (optind < argc || (ue.request && !ue.once) || (ue.to && !ue.request))
	{
		usage(stderr);
		return 1;
	}
	if (!frontend_conf_init("imsaka-ue", file, level))
	{
		return 1;
	}
	imsaka_sip_init(false);
	if (!ue_config_load(&ue.config))
	{
		goto out;
	}
	ue.transport = sip_transport_create(on_message, &ue);
	ue.control = ue_control_client_create(ue.config.socket);
	ue.control->set_restart(ue.control, on_restart, &ue);
	/* contexts a killed imsaka-ue left, before this one makes its own */
	ue.control->ctx_flush(ue.control, ue.config.impi);
	ue.reg = ue_registration_create(&ue.config, ue.control, ue.transport,
									on_state, &ue);
	if (!ue.reg)
	{
		goto out;
	}
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
	{
		seed = time(NULL) ^ getpid();
	}
	ue.failover = ue_failover_create(&ue.config, ue.transport, ue.reg,
									 ue.once, seed);
	ue.probe = ue_probe_create(&ue.config, ue.transport, ue.reg, 1, on_probe,
							   &ue);
	if (ue.config.proxy.port)
	{
		ue.proxy = ue_proxy_create(&ue.config, ue.transport, ue.reg);
		if (!ue.proxy)
		{
			goto out;
		}
	}
	ue.watch = ue_charon_watch_create(ue.transport, ue.control);
	if (ue.reg->start(ue.reg) || !ue.once)
	{
		if (ue.transport->run(ue.transport))
		{	/* SIGINT/SIGTERM: de-register, wait for the 200 briefly */
			ue.reg->deregister(ue.reg);
			if (ue.reg->get_state(ue.reg) == UE_REG_DEREGISTERING)
			{
				ue.transport->run(ue.transport);
			}
		}
		/* a second signal while waiting, or a failure: clean up now */
		ue.reg->deregister(ue.reg);
	}
	status = ue.registered && ue.request_ok ? 0 : 1;
	if (ue.once)
	{
		DBG1(DBG_APP, "done: %s%s", ue.registered ? "registered"
											   : "not registered",
			 ue.request && !ue.request_ok ? ", request failed" : "");
	}

out:
	if (ue.watch)
	{
		ue.watch->destroy(ue.watch);
	}
	if (ue.restart_timer)
	{
		ue.transport->cancel_timer(ue.transport, ue.restart_timer);
	}
	if (ue.proxy)
	{
		ue.proxy->destroy(ue.proxy);
	}
	if (ue.probe)
	{
		ue.probe->destroy(ue.probe);
	}
	if (ue.failover)
	{
		ue.failover->destroy(ue.failover);
	}
	if (ue.reg)
	{
		ue.reg->destroy(ue.reg);
	}
	if (ue.control)
	{
		ue.control->destroy(ue.control);
	}
	if (ue.transport)
	{
		ue.transport->destroy(ue.transport);
	}
	frontend_conf_deinit();
	return status;
}

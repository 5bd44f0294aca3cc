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

#include "ue_failover.h"
#include "ue_message.h"
#include "ue_probe.h"

#include <stdio.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_failover_t private_ue_failover_t;

/**
 * Private data of a ue_failover_t object.
 */
struct private_ue_failover_t {

	/**
	 * Public interface
	 */
	ue_failover_t public;

	/** options; pcscf and pcscf_protected name the unit in use */
	ue_config_t *config;

	/** transport and timers */
	sip_transport_t *transport;

	/** the registration */
	ue_registration_t *reg;

	/** the keep-alive probe */
	ue_probe_t *probe;

	/** more than one unit or probe_interval: failures are ours */
	bool active;

	/** --once: give up when every unit failed in a row */
	bool once;

	/** the unit in use (or registered on next), index into config->units */
	unsigned int unit;

	/** consecutive failed units, RFC 5626 4.5 consecutive-failures */
	unsigned int failures;

	/** consecutive 503s of the unit in use */
	unsigned int busy;

	/** timer of the next probe, 0 if none */
	uint32_t probe_timer;

	/** a probe waits for its response */
	bool probing;

	/** timer registering again, 0 if none */
	uint32_t start_timer;

	/** xorshift32 state of the backoff factor */
	uint32_t random;
};

/*
 * Described in header
 */
uint32_t ue_failover_backoff_ms(uint32_t base, uint32_t max,
								unsigned int failures, uint32_t random)
{
	uint64_t upper = base;
	unsigned int i;

	for (i = 0; i < failures && upper < max; i++)
	{
		upper *= 2;
	}
	upper = min(upper, (uint64_t)max) * 1000;
	/* upper / 2 + upper / 2 * [0, 1) */
	return upper / 2 + ((upper / 2 * random) >> 32);
}

/** the next random number (xorshift32: the factor need not be secret) */
static uint32_t next_random(private_ue_failover_t *this)
{
	this->random ^= this->random << 13;
	this->random ^= this->random >> 17;
	this->random ^= this->random << 5;
	return this->random;
}

/** number of units, 1 if the configuration lists none */
static unsigned int unit_count(private_ue_failover_t *this)
{
	return max(this->config->unit_count, 1);
}

/** print a unit's address and port */
static char *unit_name(private_ue_failover_t *this, unsigned int unit,
					   char *buf, size_t size)
{
	const imsaka_addr_t *addr = this->config->unit_count ?
							&this->config->units[unit].addr : &this->config->pcscf;

	if (!imsaka_addr_format(addr, buf, size))
	{
		snprintf(buf, size, "?");
	}
	return buf;
}

/** stop probing */
static void stop_probe(private_ue_failover_t *this)
{
	if (this->probe_timer)
	{
		this->transport->cancel_timer(this->transport, this->probe_timer);
		this->probe_timer = 0;
	}
	this->probe->cancel(this->probe);
	this->probing = false;
}

/**
 * Timer: register on the unit in use
 */
static void start_registration(void *data)
{
	private_ue_failover_t *this = data;

	this->start_timer = 0;
	/* a failure to start is told to changed(); a registration started
	 * meanwhile (charon restarted) is not started again */
	this->reg->start(this->reg);
}

/**
 * Make a unit the one in use: the registration reads it from the options
 * when it starts, as a restart after charon's does too
 */
static void use_unit(private_ue_failover_t *this, unsigned int unit)
{
	this->unit = unit;
	if (this->config->unit_count)
	{
		this->config->pcscf = this->config->units[unit].addr;
		this->config->pcscf_protected = this->config->units[unit].protected;
	}
}

/** register again on the unit in use after a wait */
static void start_in(private_ue_failover_t *this, uint32_t ms)
{
	if (this->start_timer)
	{
		this->transport->cancel_timer(this->transport, this->start_timer);
	}
	this->start_timer = this->transport->add_timer(this->transport, ms,
												   start_registration, this);
}

/**
 * The unit in use is dead: wait the backoff, then the next unit
 *
 * @param how		"not answering", or "overloaded" after 503s
 * @param why		what showed it
 * @param final		a failed registration: --once may give up
 * @return			FALSE if --once gives up
 */
static bool unit_dead(private_ue_failover_t *this, const char *how,
					  const char *why, bool final)
{
	char dead[IMSAKA_ADDR_STRLEN], next[IMSAKA_ADDR_STRLEN];
	uint32_t wait;

	stop_probe(this);
	this->busy = 0;
	this->failures++;
	unit_name(this, this->unit, dead, sizeof(dead));
	if (final && this->once && this->failures >= unit_count(this))
	{
		DBG1(DBG_APP, "P-CSCF %s is %s (%s): every P-CSCF unit failed, "
			 "giving up", dead, how, why);
		return false;
	}
	use_unit(this, (this->unit + 1) % unit_count(this));
	wait = ue_failover_backoff_ms(this->config->backoff_base,
								  this->config->backoff_max, this->failures,
								  next_random(this));
	DBG1(DBG_APP, "P-CSCF %s is %s (%s): trying %s in %u.%u s",
		 dead, how, why, unit_name(this, this->unit, next, sizeof(next)),
		 wait / 1000, wait % 1000 / 100);
	start_in(this, wait);
	return true;
}

/**
 * Answer to the probe: any final response but 408 shows the unit alive
 */
static void on_probe(void *data, int code);

/**
 * Timer: send the keep-alive probe
 */
static void send_probe(void *data)
{
	private_ue_failover_t *this = data;
	char uri[IMSAKA_ADDR_STRLEN + 8], hostport[IMSAKA_ADDR_STRLEN + 2];
	ue_route_t route;

	this->probe_timer = 0;
	if (!this->reg->get_route(this->reg, &route))
	{	/* not registered: probing starts again once registered */
		return;
	}
	snprintf(uri, sizeof(uri), "sip:%s", ue_message_hostport(
						&route.peer.remote, hostport, sizeof(hostport)));
	this->probing = true;
	if (!this->probe->send(this->probe, "OPTIONS", uri))
	{
		this->probing = false;
		on_probe(this, 0);
	}
}

/** arm the next probe */
static void schedule_probe(private_ue_failover_t *this)
{
	if (this->config->probe_interval && !this->probe_timer && !this->probing)
	{
		this->probe_timer = this->transport->add_timer(this->transport,
							this->config->probe_interval * 1000, send_probe,
							this);
	}
}

static void on_probe(void *data, int code)
{
	private_ue_failover_t *this = data;
	ue_reg_state_t state = this->reg->get_state(this->reg);

	this->probing = false;
	if (state != UE_REG_REGISTERED && state != UE_REG_REREGISTERING)
	{	/* de-registering: the registration ends anyway */
		return;
	}
	if (code != 408 && code != 0)
	{
		schedule_probe(this);
		return;
	}
	this->reg->abandon(this->reg);
	unit_dead(this, "not answering", code ? "keep-alive probe timed out"
										  : "keep-alive probe could not be sent",
			  false);
}

/**
 * The registration failed: the unit dead, overloaded or neither
 */
static bool failed(private_ue_failover_t *this)
{
	ue_reg_failure_t failure = this->reg->get_failure(this->reg);
	char unit[IMSAKA_ADDR_STRLEN];
	uint32_t wait;

	if (failure.timeout)
	{
		return unit_dead(this, "not answering", "REGISTER timed out", true);
	}
	if (failure.code != 503)
	{
		this->busy = 0;
		return false;
	}
	if (failure.retry_after && ++this->busy < UE_FAILOVER_MAX_BUSY)
	{	/* a unit does not hold a UE longer than the backoff could */
		wait = min(failure.retry_after, this->config->backoff_max);
		DBG1(DBG_APP, "P-CSCF %s is overloaded (503, Retry-After %u s): "
			 "trying it again in %u s", unit_name(this, this->unit, unit,
			 sizeof(unit)), failure.retry_after, wait);
		start_in(this, wait * 1000);
		return true;
	}
	return unit_dead(this, "overloaded", failure.retry_after ?
					 "503 twice in a row" : "503 without Retry-After", true);
}

METHOD(ue_failover_t, changed, bool,
	private_ue_failover_t *this, ue_reg_state_t state)
{
	switch (state)
	{
		case UE_REG_REGISTERED:
			this->failures = 0;
			this->busy = 0;
			schedule_probe(this);
			return false;
		case UE_REG_FAILED:
			stop_probe(this);
			return this->active && failed(this);
		case UE_REG_DEREGISTERED:
			stop_probe(this);
			return false;
		default:
			return false;
	}
}

METHOD(ue_failover_t, receive, bool,
	private_ue_failover_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	return this->probe->receive(this->probe, peer, msg, len);
}

METHOD(ue_failover_t, get_unit, unsigned int,
	private_ue_failover_t *this)
{
	return this->unit;
}

METHOD(ue_failover_t, destroy, void,
	private_ue_failover_t *this)
{
	stop_probe(this);
	if (this->start_timer)
	{
		this->transport->cancel_timer(this->transport, this->start_timer);
	}
	this->probe->destroy(this->probe);
	free(this);
}

/*
 * Described in header
 */
ue_failover_t *ue_failover_create(ue_config_t *config,
								  sip_transport_t *transport,
								  ue_registration_t *reg, bool once,
								  uint32_t seed)
{
	private_ue_failover_t *this;

	INIT(this,
		.public = {
			.changed = _changed,
			.receive = _receive,
			.get_unit = _get_unit,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
		.reg = reg,
		.active = config->unit_count > 1 || config->probe_interval,
		.once = once,
		/* xorshift stays at 0 from 0 */
		.random = seed ?: 0x9e3779b9,
	);
	this->probe = ue_probe_create(config, transport, reg, 2, on_probe, this);
	return &this->public;
}

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

#include "pcscf_lifecycle.h"
#include "pcscf_mechanism.h"

#include <stdio.h>

#include <library.h>

#include <control_instance.h>

/** seconds a registration outlives its expiry (as its SA set, TS 33.203) */
#define EXPIRES_GRACE 30

/** longest timer, s: what fits into the transport's milliseconds */
#define TIMER_MAX 4000000

/** ms the protection outlives a final response sent in it (a 403 or 408
 * to SM7, the 200 of a de-registration), so that it gets through libipsec
 * (and over TCP, its retransmissions) before it goes */
#define LINGER_MS 2000

typedef struct private_pcscf_lifecycle_t private_pcscf_lifecycle_t;

/**
 * Private data.
 */
struct private_pcscf_lifecycle_t {

	/** public interface */
	pcscf_lifecycle_t public;

	/** configuration */
	const pcscf_config_t *config;

	/** transport, for timers */
	sip_transport_t *transport;

	/** charon's control socket */
	pcscf_control_client_t *control;

	/** registrations */
	pcscf_registrations_t *registrations;

	/** counters of outcomes */
	pcscf_counters_t *counters;

	/** charon's instance of the last restart handled, "" if none */
	char restarted_to[CONTROL_INSTANCE_LEN + 1];
};

/**
 * Cancel a timer if set
 */
static void cancel(private_pcscf_lifecycle_t *this, uint32_t *timer)
{
	if (*timer)
	{
		this->transport->cancel_timer(this->transport, *timer);
		*timer = 0;
	}
}

/**
 * Whether the agreement has protection set up: in force, or challenged
 */
static bool is_challenged(const pcscf_registration_t *reg,
						  const pcscf_secagree_t *agreement)
{
	return agreement == &reg->current ? reg->registered
									  : reg->step >= PCSCF_STEP_AUTH;
}

/**
 * Undo an agreement's protection, if it has any
 */
static void teardown(pcscf_registration_t *reg, pcscf_secagree_t *agreement,
					 pcscf_mechanism_end_t end, const pcscf_secagree_t *other)
{
	if (agreement->mechanism && is_challenged(reg, agreement))
	{
		agreement->mechanism->teardown(agreement->mechanism, reg, agreement,
									   end, other);
	}
}

METHOD(pcscf_lifecycle_t, bind_, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	pcscf_mechanism_t *mechanism;
	imsaka_addr_t endpoints[4];
	int n = 0;

	mechanism = reg->current.mechanism;
	if (mechanism && is_challenged(reg, &reg->current))
	{
		n += mechanism->endpoints(mechanism, &reg->current, &endpoints[n]);
	}
	mechanism = reg->next.mechanism;
	if (mechanism && is_challenged(reg, &reg->next))
	{
		n += mechanism->endpoints(mechanism, &reg->next, &endpoints[n]);
	}
	this->registrations->bind(this->registrations, reg, endpoints, n);
}

METHOD(pcscf_lifecycle_t, remove_, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg,
	const char *why)
{
	cancel(this, &reg->step_timer);
	cancel(this, &reg->expiry_timer);
	if (reg->step != PCSCF_STEP_NONE)
	{
		teardown(reg, &reg->next, PCSCF_MECHANISM_REMOVED, NULL);
		if (pcscf_registration_owns_next(reg))
		{
			this->control->ctx_delete(this->control, reg->next.ctx);
		}
	}
	if (reg->registered)
	{
		teardown(reg, &reg->current, PCSCF_MECHANISM_REMOVED, NULL);
		this->control->ctx_delete(this->control, reg->current.ctx);
	}
	DBG1(DBG_APP, "%s removed: %s", reg->impi, why);
	reg->handshake++;
	this->registrations->remove(this->registrations, reg);
	pcscf_registration_release(reg);
}

METHOD(pcscf_lifecycle_t, abort_, bool,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg,
	const char *why)
{
	if (reg->deregistered)
	{	/* its 200 is out if the UE registers again: a new handshake must
		 * not end with the old registration's linger */
		remove_(this, reg, "de-registered");
		return false;
	}
	if (reg->step == PCSCF_STEP_NONE)
	{
		return true;
	}
	cancel(this, &reg->step_timer);
	if (reg->waiting && reg->next.mechanism)
	{	/* protection charon is setting up for SM6 goes as well: the undo
		 * follows the request, the late reply undoes nothing in a context
		 * another handshake may use by then */
		reg->next.mechanism->teardown(reg->next.mechanism, reg, &reg->next,
						PCSCF_MECHANISM_ABORTED,
						reg->registered ? &reg->current : NULL);
	}
	else
	{
		teardown(reg, &reg->next, PCSCF_MECHANISM_ABORTED,
				 reg->registered ? &reg->current : NULL);
	}
	if (pcscf_registration_owns_next(reg))
	{
		this->control->ctx_delete(this->control, reg->next.ctx);
	}
	pcscf_registration_log(reg, &reg->next, "handshake", why);
	pcscf_secagree_clear(&reg->next);
	this->registrations->set_step(this->registrations, reg, PCSCF_STEP_NONE);
	reg->sm7_refused = false;
	/* a reply of charon for this handshake finds it gone */
	reg->handshake++;
	reg->waiting = false;
	if (!reg->registered)
	{
		DBG1(DBG_APP, "%s removed: not registered", reg->impi);
		this->registrations->remove(this->registrations, reg);
		pcscf_registration_release(reg);
		return false;
	}
	bind_(this, reg);
	return true;
}

/**
 * A handshake step took too long
 */
static void step_timeout(void *data)
{
	pcscf_registration_t *reg = data;
	private_pcscf_lifecycle_t *this = reg->owner;

	reg->step_timer = 0;
	this->counters->inc(this->counters, PCSCF_REG_FAILED_AUTH_TIMEOUT);
	abort_(this, reg, "timed out");
}

/**
 * A registration expired
 */
static void expiry_timeout(void *data)
{
	pcscf_registration_t *reg = data;
	private_pcscf_lifecycle_t *this = reg->owner;

	reg->expiry_timer = 0;
	this->counters->inc(this->counters, PCSCF_REG_EXPIRED);
	remove_(this, reg, "registration expired");
}

/**
 * The 200 of a de-registration is out
 */
static void deregistered_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->expiry_timer = 0;
	remove_(reg->owner, reg, "de-registered");
}

/**
 * The 403 to a refused SM7 is out
 */
static void refused_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->step_timer = 0;
	abort_(reg->owner, reg, "aborted by SM7 checks");
}

METHOD(pcscf_lifecycle_t, abort_later, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	reg->owner = this;
	reg->sm7_refused = true;
	cancel(this, &reg->step_timer);
	reg->step_timer = this->transport->add_timer(this->transport, LINGER_MS,
												 refused_timeout, reg);
}

/**
 * The 408 to an SM7 the S-CSCF left unanswered is out
 */
static void silent_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->step_timer = 0;
	abort_(reg->owner, reg, "the S-CSCF did not answer");
}

METHOD(pcscf_lifecycle_t, scscf_silent, void,
	private_pcscf_lifecycle_t *this, pcscf_transaction_t *tx)
{
	pcscf_registration_t *reg;

	DBG1(DBG_APP, "%s: the S-CSCF did not answer the REGISTER within %u s, "
		 "408 sent", tx->impi, this->config->scscf_timeout);
	this->counters->inc(this->counters, PCSCF_REG_FAILED_TIMEOUT);
	reg = this->registrations->get(this->registrations, tx->impi);
	if (!reg || !streq(tx->ue_branch, reg->branch) || reg->answered ||
		reg->waiting || reg->step == PCSCF_STEP_AUTH)
	{	/* an earlier REGISTER, or the answer came another way */
		return;
	}
	reg->answered = true;
	switch (reg->step)
	{
		case PCSCF_STEP_OK:
			/* the 408 travels in the handshake's protection: it goes
			 * later */
			reg->owner = this;
			cancel(this, &reg->step_timer);
			reg->step_timer = this->transport->add_timer(this->transport,
											LINGER_MS, silent_timeout, reg);
			break;
		case PCSCF_STEP_CHALLENGE:
			abort_(this, reg, "the S-CSCF did not answer");
			break;
		default:
			/* a refresh or de-registration: the agreement in force stays */
			reg->deregister = false;
			break;
	}
}

METHOD(pcscf_lifecycle_t, remove_later, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	reg->owner = this;
	reg->deregistered = true;
	cancel(this, &reg->step_timer);
	cancel(this, &reg->expiry_timer);
	reg->expiry_timer = this->transport->add_timer(this->transport, LINGER_MS,
												   deregistered_timeout, reg);
}

METHOD(pcscf_lifecycle_t, arm_step, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	reg->owner = this;
	cancel(this, &reg->step_timer);
	reg->step_timer = this->transport->add_timer(this->transport,
								this->config->auth_timeout * 1000,
								step_timeout, reg);
}

METHOD(pcscf_lifecycle_t, disarm_step, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	cancel(this, &reg->step_timer);
}

METHOD(pcscf_lifecycle_t, arm_expiry, void,
	private_pcscf_lifecycle_t *this, pcscf_registration_t *reg)
{
	uint32_t s = min(reg->expires + EXPIRES_GRACE, TIMER_MAX);

	reg->owner = this;
	cancel(this, &reg->expiry_timer);
	reg->expiry_timer = this->transport->add_timer(this->transport, s * 1000,
												   expiry_timeout, reg);
}

METHOD(pcscf_lifecycle_t, shutdown_, u_int,
	private_pcscf_lifecycle_t *this)
{
	pcscf_registration_t *reg;
	u_int count = 0;

	while ((reg = this->registrations->remove_any(this->registrations)))
	{
		cancel(this, &reg->step_timer);
		cancel(this, &reg->expiry_timer);
		if (reg->step != PCSCF_STEP_NONE &&
			pcscf_registration_owns_next(reg))
		{
			this->control->ctx_delete(this->control, reg->next.ctx);
		}
		if (reg->registered)
		{
			this->control->ctx_delete(this->control, reg->current.ctx);
		}
		DBG1(DBG_APP, "%s removed: shutdown", reg->impi);
		reg->handshake++;
		pcscf_registration_release(reg);
		count++;
	}
	return count;
}

/**
 * Drop one registration of a restarted charon
 */
static void drop_restarted(private_pcscf_lifecycle_t *this,
						   pcscf_registration_t *reg)
{
	cancel(this, &reg->step_timer);
	cancel(this, &reg->expiry_timer);
	/* removed: the mechanisms undo what is outside charon, and ask
	 * nothing of it */
	if (reg->step != PCSCF_STEP_NONE)
	{
		teardown(reg, &reg->next, PCSCF_MECHANISM_REMOVED, NULL);
	}
	if (reg->registered)
	{
		teardown(reg, &reg->current, PCSCF_MECHANISM_REMOVED, NULL);
	}
	DBG2(DBG_APP, "%s removed: charon restarted, context %u gone", reg->impi,
		 reg->registered ? reg->current.ctx : reg->next.ctx);
	/* a reply still coming for its handshake finds it given up */
	reg->handshake++;
	reg->waiting = false;
	pcscf_registration_release(reg);
}

METHOD(pcscf_lifecycle_t, charon_restarted, u_int,
	private_pcscf_lifecycle_t *this, const char *old, const char *now)
{
	u_int count;

	if (streq(this->restarted_to, now))
	{
		return 0;
	}
	snprintf(this->restarted_to, sizeof(this->restarted_to), "%s", now);
	count = this->registrations->remove_all(this->registrations,
								(void*)drop_restarted, this);
	DBG1(DBG_APP, "charon restarted (instance %s, was %s): %u registrations "
		 "dropped, their SA sets are gone", now, old, count);
	return count;
}

/*
 * Described in header
 */
void pcscf_lifecycle_restart_cb(void *lifecycle, const char *old,
								const char *now)
{
	pcscf_lifecycle_t *this = lifecycle;

	this->charon_restarted(this, old, now);
}

/*
 * Described in header
 */
void pcscf_lifecycle_timeout_cb(void *lifecycle, pcscf_transaction_t *tx)
{
	pcscf_lifecycle_t *this = lifecycle;

	this->scscf_silent(this, tx);
}

METHOD(pcscf_lifecycle_t, destroy, void,
	private_pcscf_lifecycle_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_lifecycle_t *pcscf_lifecycle_create(const pcscf_config_t *config,
										  sip_transport_t *transport,
										  pcscf_control_client_t *control,
										  pcscf_registrations_t *registrations,
										  pcscf_counters_t *counters)
{
	private_pcscf_lifecycle_t *this;

	INIT(this,
		.public = {
			.abort = _abort_,
			.remove = _remove_,
			.abort_later = _abort_later,
			.scscf_silent = _scscf_silent,
			.remove_later = _remove_later,
			.arm_step = _arm_step,
			.disarm_step = _disarm_step,
			.arm_expiry = _arm_expiry,
			.bind = _bind_,
			.shutdown = _shutdown_,
			.charon_restarted = _charon_restarted,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
		.control = control,
		.registrations = registrations,
		.counters = counters,
	);
	control->set_restart(control, pcscf_lifecycle_restart_cb, &this->public);
	return &this->public;
}

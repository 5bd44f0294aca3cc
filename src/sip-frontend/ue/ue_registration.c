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

#include "ue_registration.h"
#include "ue_auth.h"
#include "ue_authorization.h"
#include "ue_message.h"
#include "ue_protection.h"
#include "ue_register_sender.h"
#include "ue_transaction.h"

#include <sip_message.h>

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_registration_t private_ue_registration_t;

/**
 * Private data of a ue_registration_t object.
 */
struct private_ue_registration_t {

	/**
	 * Public interface
	 */
	ue_registration_t public;

	/** options, transport and timers, charon */
	const ue_config_t *config;
	sip_transport_t *transport;
	ue_control_client_t *control;

	/** told about results */
	ue_registration_cb_t cb;
	void *data;

	/** the REGISTER client transaction, and what prints and sends on it */
	ue_transaction_t *tx;
	ue_register_sender_t *sender;

	/** charon's context, the sets and their mechanism */
	ue_protection_t *protection;

	/** state */
	ue_reg_state_t state;

	/** outer NAT verdict of the initial registration */
	imsaka_nat_t nat;

	/** expiry granted, seconds */
	uint32_t expires;

	/** re-registration timer, 0 if none */
	uint32_t rereg_timer;

	/** answers to 401s, the Authorization protected REGISTERs carry */
	ue_authorization_t *authorization;

	/** the S-CSCF's challenge to the de-REGISTER was answered */
	bool dereg_answered;

	/** client port of this registration's initial set, and of the set of
	 *  the one before (0 if none) */
	uint16_t port_c, last_port_c;

	/** TCP connection the response being handled came on, 0 for UDP */
	uint32_t rx_conn;

	/** why the last registration failed */
	ue_reg_failure_t failure;
};

/** the set in force, NULL if none */
static ue_secagree_t *current(private_ue_registration_t *this)
{
	return this->protection->get_current(this->protection);
}

/** the Authorization protected REGISTERs carry */
static const char *kept(private_ue_registration_t *this)
{
	return this->authorization->get_kept(this->authorization);
}

/** the set being agreed, NULL if none */
static ue_secagree_t *pending(private_ue_registration_t *this)
{
	return this->protection->get_pending(this->protection);
}

/*
 * Described in header
 */
const char *ue_reg_state_name(ue_reg_state_t state)
{
	static const char *const names[] = {
		[UE_REG_IDLE] = "idle",
		[UE_REG_SM1_SENT] = "sm1-sent",
		[UE_REG_SM7_SENT] = "sm7-sent",
		[UE_REG_REGISTERED] = "registered",
		[UE_REG_REREGISTERING] = "re-registering",
		[UE_REG_DEREGISTERING] = "deregistering",
		[UE_REG_DEREGISTERED] = "deregistered",
		[UE_REG_FAILED] = "failed",
	};

	return state <= UE_REG_FAILED ? names[state] : "?";
}

METHOD(ue_registration_t, get_snapshot, void,
	private_ue_registration_t *this, ue_state_t *state)
{
	*state = (ue_state_t){
		.state = ue_reg_state_name(this->state),
		.nat = this->nat,
		.mode = "",
		.mech = "",
		.expires = this->protection->get_current(this->protection) ?
				   this->expires : 0,
		.pcscf = this->config->pcscf,
	};
	this->protection->describe(this->protection, state);
}

/**
 * Log a step in one line at level 1 and write the state file
 */
static void report(private_ue_registration_t *this, const char *step)
{
	ue_state_t state;
	char line[512];

	get_snapshot(this, &state);
	ue_state_format(&state, " ", line, sizeof(line));
	DBG1(DBG_APP, "%s: %s", step, line);
	ue_state_write(this->config->state_file, &state);
}

/**
 * Cancel the re-registration timer
 */
static void stop_reregister(private_ue_registration_t *this)
{
	if (this->rereg_timer)
	{
		this->transport->cancel_timer(this->transport, this->rereg_timer);
		this->rereg_timer = 0;
	}
}

/**
 * Cancel everything, let the protection go and wipe the Authorization
 */
static void cleanup(private_ue_registration_t *this)
{
	ue_protection_t *protection = this->protection;
	ue_secagree_t *set;

	set = protection->get_current(protection) ?:
		  protection->get_pending(protection);
	if (set)
	{
		this->last_port_c = set->port_c;
	}
	this->tx->stop(this->tx);
	stop_reregister(this);
	protection->close(protection);
	this->authorization->wipe(this->authorization, true);
}

/**
 * Give up: log why, clean up, tell the owner
 */
static void fail(private_ue_registration_t *this, const char *why)
{
	DBG1(DBG_APP, "registration failed in state %s: %s",
		 ue_reg_state_name(this->state), why);
	cleanup(this);
	this->state = UE_REG_FAILED;
	report(this, "failed");
	this->cb(this->data, UE_REG_FAILED);
}

/**
 * Send the initial (or after a sync failure) unprotected REGISTER
 */
static bool send_sm1(private_ue_registration_t *this, const char *auth)
{
	char initial[IMSAKA_DIGEST_MAX_TEXT];

	if (!this->protection->offer(this->protection, this->port_c,
								 this->config->local, this->config->pcscf))
	{
		return false;
	}
	if (!auth)
	{
		if (!ue_auth_initial(this->config->impi, this->config->realm,
							 this->sender->get_uri(this->sender), initial,
							 sizeof(initial)))
		{
			return false;
		}
		auth = initial;
	}
	if (!this->sender->send(this->sender, UE_REGISTER_SM1, auth))
	{
		return false;
	}
	if (!current(this))
	{	/* else a re-registration by SM1: the set in force stays */
		this->state = UE_REG_SM1_SENT;
		report(this, "SM1 sent");
	}
	return true;
}

/**
 * Re-registration timer: refresh as the mechanism says
 */
static void on_reregister(void *data)
{
	private_ue_registration_t *this = data;
	bool ok;

	this->rereg_timer = 0;
	if (this->state != UE_REG_REGISTERED)
	{
		return;
	}
	this->authorization->restart(this->authorization);
	switch (this->protection->refresh(this->protection))
	{
		case UE_REFRESH_NEW_SM1:
			ok = send_sm1(this, NULL);
			break;
		case UE_REFRESH_PROTECTED:
		default:
			ok = this->protection->offer_next(this->protection) &&
				 this->sender->send(this->sender, UE_REGISTER_REREG,
									kept(this));
			break;
	}
	if (!ok)
	{
		fail(this, "re-registration could not be sent");
		return;
	}
	this->state = UE_REG_REREGISTERING;
	report(this, "re-REGISTER sent");
}

/**
 * Arm the re-registration timer for a granted expiry
 */
static void schedule_reregister(private_ue_registration_t *this)
{
	uint32_t margin = this->config->reregister_margin, delay;

	delay = this->expires > 2 * margin ? this->expires - margin
									   : this->expires / 2;
	delay = max(delay, 1);
	this->rereg_timer = this->transport->add_timer(this->transport,
										delay * 1000, on_reregister, this);
	DBG2(DBG_APP, "re-registration in %u s", delay);
}

/**
 * Challenge: the mechanism SM6 agreed makes the set usable, SM7 goes over
 * it with the Authorization AKA answered
 */
static bool challenge(private_ue_registration_t *this, bool sm1,
					  sip_error_t *err)
{
	ue_authorization_t *authorization = this->authorization;
	ue_mechanism_challenge_t ch = {
		.sm1 = sm1,
		.nat = this->nat,
		.nonce = authorization->get_nonce(authorization),
		.rx_conn = this->rx_conn,
	};

	if (!this->protection->challenge(this->protection, ch, err))
	{
		return false;
	}
	if (!this->sender->send(this->sender, UE_REGISTER_SM7,
							authorization->get_answer(authorization)))
	{
		return sip_error_set(err, 0, "SM7 could not be sent");
	}
	authorization->keep(authorization);
	if (sm1 && !current(this))
	{
		this->state = UE_REG_SM7_SENT;
	}
	report(this, "SM7 sent");
	return true;
}

/**
 * A synchronisation failure: the REGISTER again with auts, on a new set
 */
static bool resync(private_ue_registration_t *this, bool sm1,
				   sip_error_t *err)
{
	const char *auth = this->authorization->get_answer(this->authorization);

	DBG1(DBG_APP, "AKA synchronisation failure: REGISTER with auts");
	if (sm1)
	{
		if (!send_sm1(this, auth))
		{
			return sip_error_set(err, 0, "REGISTER with auts could not be "
								 "sent");
		}
		return true;
	}
	if (!this->protection->offer(this->protection, pending(this)->port_c,
								 pending(this)->from, pending(this)->to) ||
		!this->sender->send(this->sender, UE_REGISTER_REREG, auth))
	{
		return sip_error_set(err, 0, "re-REGISTER with auts could not be "
							 "sent");
	}
	return true;
}

/**
 * SM6 (or the 401 to a re-REGISTER): agree, authenticate, challenge the
 * mechanism, SM7
 */
static void on_challenge(private_ue_registration_t *this, sip_msg_t *resp,
						 const char *raw, size_t len)
{
	ue_register_kind_t kind = this->sender->get_kind(this->sender);
	bool sm1 = kind == UE_REGISTER_SM1, ok = false;
	sip_error_t err = { .reason = "no answer to the challenge" };
	imsaka_nat_t nat;

	if (!this->protection->agree(this->protection, resp, sm1, &nat, &err))
	{
		fail(this, err.reason);
		return;
	}
	if (sm1)
	{
		this->nat = nat;
	}
	switch (this->authorization->answer(this->authorization,
							this->protection->get_ctx(this->protection),
							raw, len, &err))
	{
		case UE_AKA_OK:
			ok = challenge(this, sm1, &err);
			break;
		case UE_AKA_SYNC:
			ok = resync(this, sm1, &err);
			break;
		default:
			break;
	}
	this->authorization->wipe(this->authorization, false);
	if (!ok)
	{
		fail(this, err.reason);
	}
}

/**
 * Promote: SM12, the 200 OK to SM7, puts the set in force
 */
static void on_registered(private_ue_registration_t *this, sip_msg_t *resp)
{
	sip_error_t err = {};
	uint32_t granted;

	if (!ue_secagree_sm12(pending(this), resp, &err))
	{
		fail(this, err.reason);
		return;
	}
	granted = ue_message_granted(resp, this->sender->get_contact(this->sender),
								 this->config->expires);
	if (!granted)
	{
		fail(this, "200 OK granted an expiry of 0 s");
		return;
	}
	if (!this->protection->promote(this->protection, granted, &err))
	{
		fail(this, err.reason);
		return;
	}
	this->expires = granted;
	this->state = UE_REG_REGISTERED;
	schedule_reregister(this);
	report(this, "registered");
	this->cb(this->data, UE_REG_REGISTERED);
}

/**
 * Refresh without authentication: the 200 OK to a re-REGISTER the S-CSCF
 * did not challenge; the set in force stays, the new SPIs go unused
 */
static void on_refreshed(private_ue_registration_t *this, sip_msg_t *resp)
{
	this->expires = ue_message_granted(resp,
								this->sender->get_contact(this->sender),
								this->config->expires);
	this->state = UE_REG_REGISTERED;
	if (!this->expires)
	{
		fail(this, "re-registration granted 0 s");
		return;
	}
	if (!this->protection->prolong(this->protection, this->expires))
	{
		fail(this, "ctx-hold failed");
		return;
	}
	schedule_reregister(this);
	report(this, "re-registered without authentication");
}

/**
 * The end of a de-registration, answered or not
 */
static void deregistered(private_ue_registration_t *this)
{
	cleanup(this);
	this->state = UE_REG_DEREGISTERED;
	report(this, "deregistered");
	this->cb(this->data, UE_REG_DEREGISTERED);
}

/**
 * A 401 to the de-REGISTER (the S-CSCF may authenticate any REGISTER,
 * TS 24.229 5.4.1.2.2): answer it once, over the set in force
 *
 * @return			FALSE if it was not answered
 */
static bool answer_dereg(private_ue_registration_t *this, const char *raw,
						 size_t len)
{
	ue_authorization_t *authorization = this->authorization;
	bool ok;

	if (this->dereg_answered || !current(this))
	{
		return false;
	}
	this->dereg_answered = true;
	ok = authorization->answer(authorization,
							   this->protection->get_ctx(this->protection),
							   raw, len, NULL) == UE_AKA_OK &&
		 this->sender->send(this->sender, UE_REGISTER_DEREG,
							authorization->get_answer(authorization));
	authorization->wipe(authorization, false);
	DBG1(DBG_APP, "de-registration challenged, %s",
		 ok ? "answered" : "could not answer");
	return ok;
}

/**
 * The REGISTER got no final response
 */
static void on_timeout(void *data)
{
	private_ue_registration_t *this = data;
	char why[128];

	if (this->sender->get_kind(this->sender) == UE_REGISTER_DEREG)
	{
		DBG1(DBG_APP, "no answer to the de-registration");
		deregistered(this);
		return;
	}
	snprintf(why, sizeof(why), "no final response to the REGISTER after %u "
			 "retransmissions", this->tx->get_retransmissions(this->tx));
	this->failure.timeout = true;
	fail(this, why);
}

/**
 * A final response to the REGISTER in flight
 */
static void on_final(private_ue_registration_t *this, sip_msg_t *resp,
					 const char *raw, size_t len)
{
	ue_register_kind_t kind = this->sender->get_kind(this->sender);
	int code = imsaka_sip_status(resp);
	char why[160];

	switch (kind)
	{
		case UE_REGISTER_SM1:
		case UE_REGISTER_REREG:
			if (code == 401)
			{
				on_challenge(this, resp, raw, len);
				return;
			}
			if (code >= 200 && code < 300 && kind == UE_REGISTER_REREG)
			{
				on_refreshed(this, resp);
				return;
			}
			break;
		case UE_REGISTER_SM7:
			if (code >= 200 && code < 300)
			{
				on_registered(this, resp);
				return;
			}
			break;
		case UE_REGISTER_DEREG:
			if (code == 401 && answer_dereg(this, raw, len))
			{
				return;
			}
			DBG1(DBG_APP, "de-registration answered %d", code);
			deregistered(this);
			return;
	}
	if (code == 494)
	{
		ue_secagree_log_offered(resp);
	}
	snprintf(why, sizeof(why), "REGISTER answered %d %s", code,
			 imsaka_sip_reason(resp));
	this->failure.code = code;
	this->failure.retry_after = ue_message_retry_after(resp);
	fail(this, why);
}

METHOD(ue_registration_t, receive, bool,
	private_ue_registration_t *this, const sip_peer_t *peer, const char *msg,
	size_t len)
{
	sip_msg_t *resp;
	const char *method;

	if (!this->tx->is_active(this->tx) || !(resp = imsaka_sip_parse(msg, len)))
	{
		return false;
	}
	method = imsaka_sip_cseq_method(resp);
	if (!imsaka_sip_is_response(resp) || !method ||
		!streq(method, "REGISTER") ||
		!this->sender->answers(this->sender, imsaka_sip_via_branch(resp)))
	{
		imsaka_sip_free(resp);
		return false;
	}
	this->rx_conn = peer->proto == SIP_TCP ? peer->conn : 0;
	if (imsaka_sip_status(resp) < 200)
	{
		this->tx->provisional(this->tx);
	}
	else
	{
		this->tx->stop(this->tx);
		on_final(this, resp, msg, len);
	}
	imsaka_sip_free(resp);
	return true;
}

METHOD(ue_registration_t, start, bool,
	private_ue_registration_t *this)
{
	if (this->state != UE_REG_IDLE && this->state != UE_REG_FAILED &&
		this->state != UE_REG_DEREGISTERED)
	{
		return false;
	}
	cleanup(this);
	/* a registration after another one starts from the other client
	 * port: the TCP connection of the one before, to the same P-CSCF port,
	 * may linger (a dead peer, or the kernel still holding its 4-tuple) */
	this->failure = (ue_reg_failure_t){};
	this->port_c = this->last_port_c == this->config->port_c ?
				   this->config->port_c + 1 : this->config->port_c;
	this->nat = IMSAKA_NAT_NONE;
	this->authorization->restart(this->authorization);
	this->expires = 0;
	this->sender->reset(this->sender);
	if (!this->protection->open(this->protection))
	{
		fail(this, "ctx-create failed");
		return false;
	}
	if (!send_sm1(this, NULL))
	{
		fail(this, "SM1 could not be sent");
		return false;
	}
	return true;
}

METHOD(ue_registration_t, deregister, void,
	private_ue_registration_t *this)
{
	switch (this->state)
	{
		case UE_REG_REGISTERED:
		case UE_REG_REREGISTERING:
			stop_reregister(this);
			this->tx->stop(this->tx);
			this->dereg_answered = false;
			if (this->sender->send(this->sender, UE_REGISTER_DEREG, kept(this)))
			{
				this->state = UE_REG_DEREGISTERING;
				report(this, "de-REGISTER sent");
				return;
			}
			deregistered(this);
			return;
		case UE_REG_DEREGISTERING:
			/* asked again: stop waiting for the 200 */
		case UE_REG_SM1_SENT:
		case UE_REG_SM7_SENT:
			deregistered(this);
			return;
		default:
			cleanup(this);
			return;
	}
}

METHOD(ue_registration_t, charon_restarted, void,
	private_ue_registration_t *this, const char *old, const char *now)
{
	if (!this->control->is_gone(this->control,
								this->protection->get_ctx(this->protection)))
	{	/* a context made since is of the new charon */
		return;
	}
	this->protection->forget(this->protection);
	if (this->state == UE_REG_DEREGISTERING)
	{
		DBG1(DBG_APP, "charon restarted (instance %s, was %s): "
			 "de-registration given up", now, old);
		deregistered(this);
		return;
	}
	DBG1(DBG_APP, "charon restarted (instance %s, was %s): registering "
		 "again from SM1", now, old);
	this->state = UE_REG_IDLE;
	start(this);
}

METHOD(ue_registration_t, abandon, void,
	private_ue_registration_t *this)
{
	cleanup(this);
	this->state = UE_REG_IDLE;
	report(this, "dropped");
}

METHOD(ue_registration_t, get_failure, ue_reg_failure_t,
	private_ue_registration_t *this)
{
	return this->failure;
}

METHOD(ue_registration_t, get_state, ue_reg_state_t,
	private_ue_registration_t *this)
{
	return this->state;
}

METHOD(ue_registration_t, get_route, bool,
	private_ue_registration_t *this, ue_route_t *route)
{
	if (!current(this) || (this->state != UE_REG_REGISTERED &&
						   this->state != UE_REG_REREGISTERING))
	{
		return false;
	}
	return this->protection->protect(this->protection, true, route, NULL);
}

METHOD(ue_registration_t, destroy, void,
	private_ue_registration_t *this)
{
	stop_reregister(this);
	this->protection->destroy(this->protection);
	this->sender->destroy(this->sender);
	this->tx->destroy(this->tx);
	this->authorization->destroy(this->authorization);
	free(this);
}

/*
 * Described in header
 */
ue_registration_t *ue_registration_create(const ue_config_t *config,
										  ue_control_client_t *control,
										  sip_transport_t *transport,
										  ue_registration_cb_t cb, void *data)
{
	private_ue_registration_t *this;
	imsaka_addr_t ports[4];
	int i;

	INIT(this,
		.public = {
			.start = _start,
			.receive = _receive,
			.deregister = _deregister,
			.charon_restarted = _charon_restarted,
			.abandon = _abandon,
			.get_failure = _get_failure,
			.get_state = _get_state,
			.get_route = _get_route,
			.get_snapshot = _get_snapshot,
			.destroy = _destroy,
		},
		.config = config,
		.transport = transport,
		.control = control,
		.cb = cb,
		.data = data,
		.state = UE_REG_IDLE,
	);
	this->tx = ue_transaction_create(transport, config->t1, config->t2,
									 on_timeout, this);
	this->protection = ue_protection_create(config, control, transport);
	this->sender = ue_register_sender_create(config, this->tx,
											 this->protection);
	this->authorization = ue_authorization_create(config, control,
									this->sender->get_uri(this->sender));

	/* the unprotected port, protected port_c, port_c + 1 and port_s */
	ports[0] = config->local;
	ports[1] = ports[2] = ports[3] = config->protected;
	ports[1].port = config->port_c;
	ports[2].port = config->port_c + 1;
	ports[3].port = config->port_s;
	for (i = 0; i < countof(ports); i++)
	{
		if (!transport->listen(transport, SIP_UDP, &ports[i]))
		{
			destroy(this);
			return NULL;
		}
	}
	return &this->public;
}

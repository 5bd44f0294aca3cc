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

#include "pcscf_register.h"
#include "pcscf_backend_policy.h"
#include "pcscf_lifecycle.h"
#include "pcscf_mechanisms.h"
#include "pcscf_register_request.h"

#include <string.h>

#include <library.h>

#include <digest_aka.h>
#include <sip_message.h>

/** granted expiry assumed when a 2xx names none (RFC 3261 10.2.1.1) */
#define EXPIRES_DEFAULT 3600

/** why take_keys() failed when the 401 simply carries no keys */
#define NO_KEYS "401 without ck/ik"

typedef struct private_pcscf_register_t private_pcscf_register_t;

/**
 * Private data.
 */
struct private_pcscf_register_t {

	/** public interface */
	pcscf_register_t public;

	/** what the mechanisms work with: config, control, transport, tls */
	pcscf_mechanism_env_t env;

	/** forwarder */
	pcscf_forwarder_t *forwarder;

	/** registrations */
	pcscf_registrations_t *registrations;

	/** the policy as charon's kernel backend allows it */
	pcscf_backend_policy_t *policy;

	/** timers and ends of registrations */
	pcscf_lifecycle_t *lifecycle;

	/** the mechanisms, one object each */
	pcscf_mechanisms_t *mechanisms;

	/** the REGISTER requests of UEs */
	pcscf_register_request_t *request;
};

/**
 * A response of the S-CSCF waiting for a mechanism's step with charon
 */
typedef struct {
	/** registration handling */
	private_pcscf_register_t *this;
	/** registration, held */
	pcscf_registration_t *reg;
	/** its handshake when the step began */
	uint32_t handshake;
	/** the response, owned */
	sip_msg_t *resp;
	/** where it goes */
	sip_peer_t to;
	/** expiry granted (SM10) */
	uint32_t granted;
} waiting_t;

/**
 * Hold a response and its registration for a step with charon
 */
static waiting_t *waiting_create(private_pcscf_register_t *this,
								 pcscf_registration_t *reg, sip_msg_t *resp,
								 const sip_peer_t *to)
{
	waiting_t *wait;

	INIT(wait,
		.this = this,
		.reg = reg,
		.handshake = pcscf_registration_hold(reg),
		.resp = resp,
		.to = *to,
	);
	reg->waiting = true;
	return wait;
}

/**
 * Whether the registration is still where the step began; frees the
 * waiting response if not
 */
static bool waiting_applies(waiting_t *wait, const char *step)
{
	pcscf_registration_t *reg = wait->reg;

	if (pcscf_registration_is_at(reg, wait->handshake))
	{
		reg->waiting = false;
		return true;
	}
	DBG2(DBG_APP, "%s %s: charon answered for a handshake given up",
		 reg->impi, step);
	imsaka_sip_free(wait->resp);
	pcscf_registration_unhold(reg);
	free(wait);
	return false;
}

/**
 * Free the response and release the registration
 */
static void waiting_destroy(waiting_t *wait)
{
	imsaka_sip_free(wait->resp);
	pcscf_registration_unhold(wait->reg);
	free(wait);
}

/**
 * The step did not start: release the registration, the response stays
 * the caller's
 */
static void waiting_cancel(waiting_t *wait)
{
	wait->reg->waiting = false;
	wait->resp = NULL;
	waiting_destroy(wait);
}

/**
 * Turn a response of the S-CSCF into a 500 for the UE, counted as cause
 */
static void respond_500(private_pcscf_register_t *this, pcscf_counter_t cause,
						sip_msg_t *resp, const sip_peer_t *to)
{
	this->env.counters->inc(this->env.counters, cause);
	imsaka_sip_set_challenges(resp, NULL, 0);
	/* nothing else of the S-CSCF's answer goes on: any other header or a
	 * body might carry the keys too (found by fuzz/fuzz_pcscf.c) */
	if (!imsaka_sip_response_reset(resp, 500, "Server Internal Error"))
	{
		DBG1(DBG_APP, "no 500 sent: libosip2 failed to rebuild the response");
		return;
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * Strip ck/ik from the challenges of a 401; take them, and the RAND of the
 * keyed challenge, if ck is given
 *
 * @param ck		receives CK, NULL to only strip
 * @param ik		receives IK
 * @param rand		receives the RAND, if the nonce has one
 * @param has_rand	set if rand was filled
 * @return			FALSE with err set (500, or NO_KEYS) on failure
 */
static bool take_keys(sip_msg_t *resp, const char *buf, size_t len,
					  uint8_t *ck, uint8_t *ik, uint8_t *rand, bool *has_rand,
					  sip_error_t *err)
{
	uint8_t autn[16];
	const char *nonce, *why = NULL;
	size_t nonce_len;
	imsaka_digest_t *challenges;
	int count = 0, i, keyed = -1;

	challenges = calloc(IMSAKA_SIP_MAX_CHALLENGES, sizeof(*challenges));
	if (imsaka_sip_raw_challenges(buf, len, challenges, &count) !=
			IMSAKA_SECAGREE_OK)
	{
		why = "malformed WWW-Authenticate";
	}
	for (i = 0; !why && i < count; i++)
	{
		if ((challenges[i].present & (1u << IMSAKA_DIGEST_CK)) &&
			(challenges[i].present & (1u << IMSAKA_DIGEST_IK)))
		{
			keyed = i;
			break;
		}
	}
	if (!why && keyed < 0)
	{
		why = NO_KEYS;
	}
	if (!why && ck)
	{	/* tls-psk keys on the RAND; the others go without */
		memcpy(ck, challenges[keyed].ck, 16);
		memcpy(ik, challenges[keyed].ik, 16);
		*has_rand = imsaka_digest_get(&challenges[keyed], IMSAKA_DIGEST_NONCE,
									  &nonce, &nonce_len) &&
					imsaka_digest_aka_nonce_parse(nonce, nonce_len, rand, autn,
									NULL, 0, NULL) == IMSAKA_DIGEST_AKA_OK;
	}
	for (i = 0; i < count; i++)
	{
		imsaka_digest_strip_keys(&challenges[i]);
	}
	if (!why && imsaka_sip_set_challenges(resp, challenges, count) !=
			IMSAKA_SECAGREE_OK)
	{
		why = "rewriting WWW-Authenticate failed";
	}
	for (i = 0; i < IMSAKA_SIP_MAX_CHALLENGES; i++)
	{
		imsaka_digest_wipe(&challenges[i]);
	}
	free(challenges);
	return !why || sip_error_set(err, 500, why);
}

/**
 * The mechanism set up the protection of SM4 (or failed): SM6 with the
 * Security-Server to the UE
 */
static void challenged(waiting_t *wait, const sip_error_t *failed)
{
	private_pcscf_register_t *this = wait->this;
	pcscf_registration_t *reg = wait->reg;
	pcscf_secagree_t *next = &reg->next;
	pcscf_mechanism_t *mechanism = next->mechanism;
	sip_error_t err = {};
	char done[96];
	bool ok = !failed;

	if (!waiting_applies(wait, "SM4"))
	{
		return;
	}
	if (failed)
	{
		err = *failed;
	}
	if (ok)
	{
		this->registrations->set_step(this->registrations, reg,
									  PCSCF_STEP_AUTH);
		if (imsaka_sip_sec_set(wait->resp, IMSAKA_SIP_SECURITY_SERVER,
							   next->server) != IMSAKA_SECAGREE_OK)
		{
			ok = sip_error_set(&err, 500, "adding the Security-Server failed");
		}
	}
	if (ok)
	{
		this->lifecycle->bind(this->lifecycle, reg);
		this->lifecycle->arm_step(this->lifecycle, reg);
		ok = mechanism->challenge_sent(mechanism, reg, next,
						this->forwarder->respond(this->forwarder, wait->resp,
												 &wait->to),
						&wait->to, &err);
	}
	if (ok)
	{
		snprintf(done, sizeof(done), "keys taken, %s, SM6 sent",
				 mechanism->get_setup(mechanism));
		pcscf_registration_log(reg, next, "SM4", done);
		waiting_destroy(wait);
		return;
	}
	if (err.status)
	{
		DBG1(DBG_APP, "%s SM4 failed, answering 500: %s", reg->impi,
			 err.reason);
		respond_500(this, failed ? PCSCF_REG_FAILED_MECHANISM
								 : PCSCF_REG_FAILED_INTERNAL,
					wait->resp, &wait->to);
	}
	this->lifecycle->abort(this->lifecycle, reg, "aborted at SM4");
	waiting_destroy(wait);
}

/**
 * The S-CSCF challenged the handshake (SM4): CK/IK to the mechanism, which
 * keys charon's context and sets up the protection of SM7
 *
 * @return			TRUE if resp was taken
 */
static bool challenge(private_pcscf_register_t *this,
					  pcscf_registration_t *reg, sip_msg_t *resp,
					  const char *buf, size_t len, const sip_peer_t *to)
{
	pcscf_secagree_t *next = &reg->next;
	pcscf_mechanism_t *mechanism = next->mechanism;
	sip_error_t err = {};
	uint8_t ck[16], ik[16], rand[16];
	waiting_t *wait;
	bool has_rand = false, has_keys, ok;

	ok = has_keys = take_keys(resp, buf, len, ck, ik, rand, &has_rand,
							  &err);
	if (ok)
	{
		wait = waiting_create(this, reg, resp, to);
		ok = mechanism->challenge(mechanism, reg, next, ck, ik,
								  has_rand ? rand : NULL, to,
								  (pcscf_mechanism_done_t)challenged, wait,
								  &err);
		if (!ok)
		{
			waiting_cancel(wait);
		}
	}
	memwipe(ck, sizeof(ck));
	memwipe(ik, sizeof(ik));
	if (ok)
	{
		return true;
	}
	DBG1(DBG_APP, "%s SM4 failed, answering 500: %s", reg->impi, err.reason);
	respond_500(this, has_keys ? PCSCF_REG_FAILED_MECHANISM
							   : PCSCF_REG_FAILED_INTERNAL, resp, to);
	this->lifecycle->abort(this->lifecycle, reg, "aborted at SM4");
	return false;
}

/**
 * A 401 retransmitted by the S-CSCF after SM6 was sent: send SM6 again
 */
static void challenge_again(private_pcscf_register_t *this,
							pcscf_registration_t *reg, sip_msg_t *resp,
							const char *buf, size_t len, const sip_peer_t *to)
{
	sip_error_t err = {};

	if (reg->next.tls_conn)
	{	/* SM6 went out in plaintext before its connection switched to
		 * records: a copy cannot follow */
		DBG2(DBG_APP, "%s retransmitted 401 dropped: its connection "
			 "switched to records", reg->impi);
		return;
	}
	if (take_keys(resp, buf, len, NULL, NULL, NULL, NULL, &err) &&
		imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
						   reg->next.server) != IMSAKA_SECAGREE_OK)
	{
		sip_error_set(&err, 500, "adding the Security-Server failed");
	}
	if (err.status)
	{
		DBG1(DBG_APP, "%s retransmitted 401 dropped: %s", reg->impi,
			 err.reason);
		return;
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * The mechanism promoted the protection (or failed): the one it replaces
 * gone, SM12 with OA values to the UE
 */
static void promoted(waiting_t *wait, const sip_error_t *failed)
{
	private_pcscf_register_t *this = wait->this;
	pcscf_registration_t *reg = wait->reg;
	pcscf_mechanism_t *replaced;
	imsaka_secagree_list_t *sm12;
	imsaka_secagree_err_t code;
	sip_msg_t *resp = wait->resp;

	if (!waiting_applies(wait, "SM10"))
	{
		return;
	}
	if (failed)
	{
		DBG1(DBG_APP, "%s SM10: %s, answering 500", reg->impi,
			 failed->reason);
		respond_500(this, PCSCF_REG_FAILED_MECHANISM, resp, &wait->to);
		this->lifecycle->abort(this->lifecycle, reg, "aborted at SM10");
		waiting_destroy(wait);
		return;
	}
	replaced = reg->registered ? reg->current.mechanism : NULL;
	/* a new initial registration replacing the one in force has its own */
	this->env.counters->inc(this->env.counters,
				reg->registered && reg->current.ctx == reg->next.ctx ?
				PCSCF_REG_REFRESHED : PCSCF_REG_INITIAL);
	this->env.counters->mechanism(this->env.counters, reg->next.choice.mech);
	/* what the replaced agreement alone set up goes */
	if (replaced)
	{
		replaced->teardown(replaced, reg, &reg->current,
						   PCSCF_MECHANISM_REPLACED, &reg->next);
	}
	sm12 = malloc(sizeof(*sm12));
	code = pcscf_secagree_sm12_server(&reg->next, this->env.config, sm12);
	if (code == IMSAKA_SECAGREE_OK && sm12->count)
	{
		code = imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER, sm12);
	}
	free(sm12);
	if (code != IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "%s SM12: no Security-Server with OA values: %s",
			 reg->impi, imsaka_secagree_strerror(code));
	}
	this->lifecycle->disarm_step(this->lifecycle, reg);
	if (!pcscf_registration_promote(reg))
	{
		DBG1(DBG_APP, "%s SM10: keeping the Security-Server failed",
			 reg->impi);
	}
	reg->registered = true;
	this->registrations->set_step(this->registrations, reg, PCSCF_STEP_NONE);
	reg->expires = wait->granted;
	this->lifecycle->arm_expiry(this->lifecycle, reg);
	this->lifecycle->bind(this->lifecycle, reg);
	pcscf_registration_log(reg, &reg->current, "SM10", "set promoted, "
						   "registered, SM12 sent");
	if ((reg->current.nat & IMSAKA_NAT_PCSCF) &&
		!this->env.config->public_address.family)
	{
		DBG1(DBG_APP, "%s: the P-CSCF is behind a NAT, set public_address "
			 "for oa-pp", reg->impi);
	}
	reg->answered = true;
	this->forwarder->respond(this->forwarder, resp, &wait->to);
	waiting_destroy(wait);
}

/**
 * A final response to a REGISTER answered before (the S-CSCF's answer to
 * its retransmission): passed on as it is, without keys
 */
static void answered_again(private_pcscf_register_t *this,
						   pcscf_registration_t *reg, sip_msg_t *resp,
						   const char *buf, size_t len, const sip_peer_t *to)
{
	sip_error_t err = {};

	DBG2(DBG_APP, "%s: %d to a retransmitted REGISTER passed on", reg->impi,
		 imsaka_sip_status(resp));
	if (imsaka_sip_status(resp) == 401 &&
		!take_keys(resp, buf, len, NULL, NULL, NULL, NULL, &err) &&
		!streq(err.reason, NO_KEYS))
	{
		DBG1(DBG_APP, "%s: 401 dropped: %s", reg->impi, err.reason);
		return;
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * The S-CSCF accepted the handshake (SM10): the mechanism's protection
 * promoted
 *
 * @return			TRUE if resp was taken
 */
static bool promote(private_pcscf_register_t *this, pcscf_registration_t *reg,
					sip_msg_t *resp, uint32_t granted, const sip_peer_t *to)
{
	pcscf_mechanism_t *mechanism = reg->next.mechanism;
	sip_error_t err = {};
	waiting_t *wait;

	wait = waiting_create(this, reg, resp, to);
	wait->granted = granted;
	if (mechanism->promote(mechanism, reg, &reg->next, granted,
						   pcscf_registration_replaces(reg),
						   (pcscf_mechanism_done_t)promoted, wait, &err))
	{
		return true;
	}
	waiting_cancel(wait);
	DBG1(DBG_APP, "%s SM10: %s, answering 500", reg->impi, err.reason);
	respond_500(this, PCSCF_REG_FAILED_MECHANISM, resp, to);
	this->lifecycle->abort(this->lifecycle, reg, "aborted at SM10");
	return false;
}

/**
 * The S-CSCF granted a re-registration without a new agreement: the one
 * in force stays, for as long as granted
 */
static void refresh(private_pcscf_register_t *this, pcscf_registration_t *reg,
					uint32_t granted)
{
	if (!this->lifecycle->abort(this->lifecycle, reg,
								"no challenge, set in force kept"))
	{
		return;
	}
	reg->expires = granted;
	this->lifecycle->arm_expiry(this->lifecycle, reg);
	reg->answered = true;
	this->env.counters->inc(this->env.counters, PCSCF_REG_REFRESHED);
	/* the context, and the protection it holds, must last as long as the
	 * registration now does */
	if (reg->registered &&
		!this->env.control->ctx_hold_pipelined(this->env.control,
											   reg->current.ctx, granted))
	{
		DBG1(DBG_APP, "%s re-REGISTER: ctx-hold not sent, the context may "
			 "go before the registration", reg->impi);
	}
	pcscf_registration_log(reg, &reg->current, "re-REGISTER", "refreshed");
}

/**
 * The S-CSCF refused a REGISTER: the handshake goes; CK/IK of a 401 (e.g.
 * to a de-REGISTER) never go to the UE
 */
static void refused(private_pcscf_register_t *this, pcscf_registration_t *reg,
					pcscf_transaction_t *tx, sip_msg_t *resp, const char *buf,
					size_t len, const sip_peer_t *to)
{
	sip_error_t err = {};
	bool keys_out = true;

	DBG1(DBG_APP, "%s REGISTER answered %d by the S-CSCF", reg->impi,
		 imsaka_sip_status(resp));
	reg->answered = true;
	if (imsaka_sip_status(resp) == 401)
	{
		keys_out = take_keys(resp, buf, len, NULL, NULL, NULL, NULL, &err);
	}
	this->lifecycle->abort(this->lifecycle, reg, "refused by the S-CSCF");
	if (!keys_out && !streq(err.reason, NO_KEYS))
	{
		DBG1(DBG_APP, "%s: 401 not forwarded, answering 500: %s",
			 tx->impi, err.reason);
		respond_500(this, PCSCF_REG_FAILED_INTERNAL, resp, to);
		return;
	}
	if (imsaka_sip_status(resp) != 401)
	{	/* a 401 to a de-REGISTER is a challenge the UE answers */
		this->env.counters->inc(this->env.counters, PCSCF_REG_FAILED_SCSCF);
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

METHOD(pcscf_register_t, response, bool,
	private_pcscf_register_t *this, pcscf_transaction_t *tx,
	sip_msg_t *resp, const char *buf, size_t len)
{
	pcscf_registration_t *reg;
	sip_peer_t to = tx->peer;
	uint32_t granted;
	int code = imsaka_sip_status(resp);

	if (tx->timed_out)
	{
		DBG1(DBG_APP, "%s: %d of the S-CSCF after the 408 to its REGISTER, "
			 "dropped: the handshake is gone", tx->impi, code);
		return false;
	}
	reg = this->registrations->get(this->registrations, tx->impi);
	if (!reg || code < 200 || !streq(tx->ue_branch, reg->branch))
	{	/* provisional, or to an earlier REGISTER */
		this->forwarder->respond(this->forwarder, resp, &to);
		return false;
	}
	if (reg->waiting)
	{	/* the S-CSCF's retransmission of the response charon works on */
		DBG2(DBG_APP, "%s: %d retransmitted while charon works on it, "
			 "absorbed", reg->impi, code);
		return false;
	}
	if (reg->answered)
	{
		answered_again(this, reg, resp, buf, len, &to);
		return false;
	}
	if (code == 401 && reg->step == PCSCF_STEP_CHALLENGE)
	{
		return challenge(this, reg, resp, buf, len, &to);
	}
	if (code == 401 && reg->step == PCSCF_STEP_AUTH)
	{
		challenge_again(this, reg, resp, buf, len, &to);
		return false;
	}
	if (code >= 300)
	{
		refused(this, reg, tx, resp, buf, len, &to);
		return false;
	}
	if (!imsaka_sip_expires(resp, &granted))
	{
		granted = reg->deregister ? 0 : EXPIRES_DEFAULT;
	}
	if (granted == 0)
	{
		this->env.counters->inc(this->env.counters, PCSCF_REG_DEREGISTERED);
		this->forwarder->respond(this->forwarder, resp, &to);
		/* the 200 travels in the protection in force: it goes later */
		this->lifecycle->remove_later(this->lifecycle, reg);
		return false;
	}
	if (reg->step == PCSCF_STEP_OK)
	{
		return promote(this, reg, resp, granted, &to);
	}
	refresh(this, reg, granted);
	this->forwarder->respond(this->forwarder, resp, &to);
	return false;
}

METHOD(pcscf_register_t, unprotected, void,
	private_pcscf_register_t *this, sip_msg_t *req, const char *buf,
	size_t len, const sip_peer_t *from)
{
	this->request->unprotected(this->request, req, buf, len, from);
}

METHOD(pcscf_register_t, protected_, void,
	private_pcscf_register_t *this, pcscf_registration_t *reg,
	sip_msg_t *req, const char *buf, size_t len, const sip_peer_t *from)
{
	this->request->protected(this->request, reg, req, buf, len, from);
}

METHOD(pcscf_register_t, shutdown_, u_int,
	private_pcscf_register_t *this)
{
	return this->lifecycle->shutdown(this->lifecycle);
}

METHOD(pcscf_register_t, closed, void,
	private_pcscf_register_t *this, uint32_t conn, const char *identity)
{
	pcscf_registration_t *reg;
	char why[64];

	reg = identity ? this->registrations->get(this->registrations,
											  identity) : NULL;
	if (reg && conn && reg->step >= PCSCF_STEP_AUTH &&
		reg->next.tls_conn == conn)
	{	/* the handshake's keys belonged to it (tls-aka) */
		snprintf(why, sizeof(why), "its %s connection closed",
				 imsaka_secagree_mech_name(reg->next.choice.mech));
		this->lifecycle->abort(this->lifecycle, reg, reg->sm7_refused ?
							   "aborted by SM7 checks" : why);
	}
}

METHOD(pcscf_register_t, set_tls, void,
	private_pcscf_register_t *this, pcscf_tls_psk_t *tls)
{
	this->env.tls = tls;
}

METHOD(pcscf_register_t, destroy, void,
	private_pcscf_register_t *this)
{
	this->request->destroy(this->request);
	this->lifecycle->destroy(this->lifecycle);
	this->mechanisms->destroy(this->mechanisms);
	this->policy->destroy(this->policy);
	free(this);
}

/*
 * Described in header
 */
pcscf_register_t *pcscf_register_create(const pcscf_config_t *config,
										sip_transport_t *transport,
										pcscf_control_client_t *control,
										pcscf_forwarder_t *forwarder,
										pcscf_registrations_t *registrations,
										pcscf_counters_t *counters)
{
	private_pcscf_register_t *this;

	INIT(this,
		.public = {
			.unprotected = _unprotected,
			.protected = _protected_,
			.response = _response,
			.shutdown = _shutdown_,
			.set_tls = _set_tls,
			.closed = _closed,
			.destroy = _destroy,
		},
		.env = {
			.config = config,
			.control = control,
			.transport = transport,
			.counters = counters,
		},
		.forwarder = forwarder,
		.registrations = registrations,
		.policy = pcscf_backend_policy_create(&config->policy, control),
		.lifecycle = pcscf_lifecycle_create(config, transport, control,
											registrations, counters),
	);
	forwarder->on_timeout(forwarder, pcscf_lifecycle_timeout_cb,
						  this->lifecycle);
	this->mechanisms = pcscf_mechanisms_create(&this->env);
	this->request = pcscf_register_request_create(&this->env,
										this->mechanisms, this->policy,
										forwarder, registrations,
										this->lifecycle);
	/* what charon's backend can install, asked and logged at startup */
	this->policy->get(this->policy);
	return &this->public;
}

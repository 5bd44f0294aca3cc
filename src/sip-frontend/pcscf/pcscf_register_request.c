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

#include "pcscf_register_request.h"
#include "pcscf_pacing.h"

#include <string.h>

#include <library.h>
#include <sip_timers.h>

#include <secagree_natt.h>
#include <secagree_negotiate.h>

typedef struct private_pcscf_register_request_t private_pcscf_register_request_t;

/**
 * Private data.
 */
struct private_pcscf_register_request_t {

	/** public interface */
	pcscf_register_request_t public;

	/** config, control and transport */
	const pcscf_mechanism_env_t *env;

	/** the mechanisms negotiation may choose */
	pcscf_mechanisms_t *mechanisms;

	/** the policy as charon's kernel backend allows it */
	pcscf_backend_policy_t *policy;

	/** forwarder */
	pcscf_forwarder_t *forwarder;

	/** registrations */
	pcscf_registrations_t *registrations;

	/** timers and ends of registrations */
	pcscf_lifecycle_t *lifecycle;

	/** the Retry-After of a 503 past the cap */
	pcscf_pacing_t *pacing;

	/** REGISTERs refused with 503 since the last line logged of them */
	uint32_t refused;

	/** when that line was logged, ms; 0 if never */
	uint64_t refused_logged_ms;

	/** why the last one was refused (a literal) */
	const char *refused_why;

	/** its Retry-After, s */
	uint32_t refused_retry;

	/** timer logging the refusals left when a burst ends, 0 if none */
	uint32_t refused_timer;
};

/**
 * Refusals are summed up in one line a second at most: in a failover
 * survivors refuse thousands
 */
#define REFUSED_LOG_INTERVAL_MS 1000

/**
 * Fill an error from a sec-agree error: its response code and text
 */
static bool secagree_error(sip_error_t *err, imsaka_secagree_err_t code)
{
	return sip_error_set(err, imsaka_secagree_response_code(code),
						 imsaka_secagree_strerror(code));
}

/**
 * Forward a REGISTER of a registration to the S-CSCF without the
 * security agreement headers (TS 24.229 5.2.2.1)
 */
static void forward(private_pcscf_register_request_t *this,
					pcscf_registration_t *reg, sip_msg_t *req,
					const sip_peer_t *from, const char *integrity)
{
	char branch[PCSCF_SIP_BRANCH_MAX] = "";

	imsaka_sip_header_remove(req, IMSAKA_SIP_SECURITY_CLIENT);
	imsaka_sip_header_remove(req, IMSAKA_SIP_SECURITY_VERIFY);
	if (!imsaka_sip_remove_tag(req, "Require", "sec-agree") ||
		!imsaka_sip_remove_tag(req, "Proxy-Require", "sec-agree"))
	{
		DBG1(DBG_NET, "%s: removing sec-agree failed", reg->impi);
	}
	if (!pcscf_sip_set_integrity(req, integrity))
	{
		DBG2(DBG_NET, "%s: no Digest Authorization to mark", reg->impi);
	}
	if (imsaka_sip_has_tag(req, "Supported", "path") &&
		!pcscf_sip_add_path(req, &this->env->config->core))
	{
		DBG1(DBG_NET, "%s: adding Path failed", reg->impi);
	}
	pcscf_sip_top_branch(req, branch, sizeof(branch));
	if (!streq(branch, reg->branch))
	{	/* a new REGISTER, not a retransmission */
		reg->answered = false;
		memcpy(reg->branch, branch, sizeof(branch));
	}
	this->forwarder->to_scscf(this->forwarder, req, from, reg->impi);
}

/**
 * Answer a request locally and log why
 */
static void refuse(private_pcscf_register_request_t *this, sip_msg_t *req,
				   const sip_peer_t *from, const sip_error_t *err,
				   const char *impi, const imsaka_secagree_list_t *server)
{
	pcscf_counter_t cause;

	DBG1(DBG_APP, "%s REGISTER refused with %d: %s", impi ?: "-",
		 err->status, err->reason);
	switch (err->status)
	{
		case 400:
			cause = PCSCF_REG_FAILED_MALFORMED;
			break;
		case 403:
			cause = PCSCF_REG_FAILED_FORBIDDEN;
			break;
		case 421:
		case 494:
			cause = PCSCF_REG_FAILED_SECAGREE;
			break;
		case 503:
			cause = PCSCF_REG_FAILED_CAPACITY;
			break;
		default:
			cause = PCSCF_REG_FAILED_INTERNAL;
			break;
	}
	this->env->counters->inc(this->env->counters, cause);
	this->forwarder->reply(this->forwarder, req, err->status, from, server,
						   err->status == 421 ? "sec-agree" : NULL);
}

/**
 * Log the refusals since the last line in one
 */
static void log_refused(private_pcscf_register_request_t *this, uint64_t now)
{
	DBG1(DBG_APP, "%u REGISTER%s refused with 503 (last: %s), paced at "
		 "%.0f handshakes a second, last Retry-After %u", this->refused,
		 this->refused == 1 ? "" : "s", this->refused_why,
		 this->pacing->get_pace(this->pacing, now), this->refused_retry);
	this->refused = 0;
	this->refused_logged_ms = now;
}

/**
 * The interval after the last line is over: the refusals since, if the
 * burst ended without another line
 */
static void refused_timeout(void *data)
{
	private_pcscf_register_request_t *this = data;

	this->refused_timer = 0;
	if (this->refused)
	{
		log_refused(this, sip_timers_now());
	}
}

/**
 * Refuse a new handshake beyond the cap with 503 and a paced Retry-After
 * (the next free moment at the rate handshakes end here), so the UEs come
 * back spread out over the time the unit needs for them
 */
static void overloaded(private_pcscf_register_request_t *this,
					   sip_msg_t *req, const sip_peer_t *from,
					   const char *impi, const char *why)
{
	uint64_t now = sip_timers_now();
	uint32_t seconds;

	seconds = this->pacing->retry_after(this->pacing, now);
	DBG2(DBG_APP, "%s REGISTER refused with 503: %s, Retry-After %u", impi,
		 why, seconds);
	this->refused++;
	this->refused_why = why;
	this->refused_retry = seconds;
	if (!this->refused_logged_ms ||
		this->refused_logged_ms + REFUSED_LOG_INTERVAL_MS <= now)
	{
		log_refused(this, now);
	}
	else if (!this->refused_timer)
	{
		this->refused_timer = this->env->transport->add_timer(
						this->env->transport,
						this->refused_logged_ms + REFUSED_LOG_INTERVAL_MS - now,
						refused_timeout, this);
	}
	this->env->counters->inc(this->env->counters, PCSCF_REG_FAILED_CAPACITY);
	this->forwarder->busy(this->forwarder, req, from, seconds);
}

/**
 * Why a new handshake must wait, NULL if it may start
 */
static const char *overload(private_pcscf_register_request_t *this)
{
	const pcscf_config_t *config = this->env->config;
	pcscf_control_client_t *control = this->env->control;
	uint32_t handshakes;

	handshakes = this->registrations->get_handshakes(this->registrations);
	if (config->max_handshakes && handshakes >= config->max_handshakes)
	{
		return "max_handshakes handshakes in flight";
	}
	/* Little's law: at the rate handshakes end, that many in flight take
	 * handshake_backlog seconds; more would only wait, and a UE that gives
	 * up waiting wastes the work done for it */
	if (config->handshake_backlog &&
		handshakes >= max(PCSCF_HANDSHAKE_BACKLOG_FLOOR,
				this->pacing->get_capacity(this->pacing) *
				config->handshake_backlog))
	{
		return "more handshakes in flight than end in handshake_backlog "
			   "seconds";
	}
	if (config->max_charon_queue &&
		control->get_pending(control) >= config->max_charon_queue)
	{
		return "max_charon_queue requests wait for charon";
	}
	return NULL;
}

/**
 * Negotiate an agreement (NAT detection is done, next->client is set) and
 * create the protection of the mechanism chosen
 */
static bool negotiate(private_pcscf_register_request_t *this,
					  pcscf_secagree_t *next, sip_error_t *err)
{
	const pcscf_config_t *config = this->env->config;
	const imsaka_secagree_entry_t *natt;
	imsaka_secagree_err_t code;

	code = imsaka_secagree_natt_find(next->client, &natt);
	if (code == IMSAKA_SECAGREE_OK)
	{
		code = imsaka_secagree_negotiate(next->client,
								  this->policy->get(this->policy),
								  next->nat, &next->choice);
	}
	if (code == IMSAKA_SECAGREE_ERR_NO_COMMON &&
		next->nat != IMSAKA_NAT_NONE &&
		imsaka_secagree_negotiate(next->client, &config->policy,
							IMSAKA_NAT_NONE, &next->choice) == IMSAKA_SECAGREE_OK)
	{	/* a standard UE offering mod=trans only, behind a NAT */
		return sip_error_set(err, 494, "the UE is behind a NAT and offers no "
				"mod=UDP-enc-tun: transport-mode ESP cannot cross a NAT "
				"(TS 33.203 Annex M), nothing installed");
	}
	if (code == IMSAKA_SECAGREE_ERR_NO_COMMON &&
		imsaka_secagree_negotiate(next->client, &config->policy, next->nat,
							&next->choice) == IMSAKA_SECAGREE_OK)
	{	/* a phone on kernel-libipsec */
		return sip_error_set(err, 494, "charon's kernel backend cannot "
				"install what the UE offers (mod=trans needs kernel-netlink; "
				"see the caps line at startup), nothing installed");
	}
	if (code != IMSAKA_SECAGREE_OK)
	{
		return secagree_error(err, code);
	}
	pcscf_secagree_take_chosen(next);
	next->mechanism = this->mechanisms->get(this->mechanisms,
											next->choice.mech);
	if (!next->mechanism)
	{
		return sip_error_set(err, 500, "no protection for the mechanism "
							 "agreed");
	}
	return true;
}

/**
 * Run a handshake for a negotiated agreement: its ports, the step timer,
 * and the REGISTER on to the S-CSCF
 */
static void start_handshake(private_pcscf_register_request_t *this,
							pcscf_registration_t *reg, pcscf_secagree_t *next,
							sip_msg_t *req, const sip_peer_t *from,
							const char *step, const char *integrity)
{
	const pcscf_config_t *config = this->env->config;

	/* port_c differs from the one in force: both sets exist at once */
	next->port_s = config->port_s;
	next->port_c = (reg->registered && reg->current.port_c == config->port_c)
				   ? config->port_c + 1 : config->port_c;
	reg->next = *next;
	free(next);
	reg->handshake++;
	this->registrations->set_step(this->registrations, reg,
								  PCSCF_STEP_CHALLENGE);
	reg->deregister = false;
	this->lifecycle->arm_step(this->lifecycle, reg);
	pcscf_registration_log(reg, &reg->next, step, "forwarded");
	forward(this, reg, req, from, integrity);
}

/**
 * The agreement of an initial REGISTER: Security-Client, NATs both ways,
 * negotiation, the UE's protected address
 *
 * @return			agreement, NULL if refused
 */
static pcscf_secagree_t *initial_agreement(
								private_pcscf_register_request_t *this,
								sip_msg_t *req, const sip_peer_t *from,
								imsaka_nat_t via_nat, const char *impi)
{
	const pcscf_config_t *config = this->env->config;
	sip_error_t err = {};
	pcscf_secagree_t *next;
	imsaka_secagree_err_t code;
	imsaka_nat_t hash_nat;
	uint16_t via_port;

	next = pcscf_secagree_create();
	code = next ? imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
									 next->client)
				: IMSAKA_SECAGREE_ERR_INTERNAL;
	if (code != IMSAKA_SECAGREE_OK)
	{
		secagree_error(&err, code);
		refuse(this, req, from, &err, impi, NULL);
		pcscf_secagree_destroy(next);
		return NULL;
	}
	/* NAT detection both ways: Via, and the hashes if SM1 has them */
	next->nat = via_nat;
	if (imsaka_secagree_natt_detect_pcscf(next->client, &from->remote,
										  &from->local, &hash_nat))
	{
		if (from->proto == SIP_TCP)
		{	/* hash-ul is over the UE's sent-by port, the source port is the
			 * connection's (ephemeral): only hash-pp tells of a NAT */
			hash_nat &= ~IMSAKA_NAT_UE;
		}
		next->nat |= hash_nat;
	}
	next->ue_source = from->remote;
	next->local = from->local;
	if (!negotiate(this, next, &err))
	{
		refuse(this, req, from, &err, impi, err.status == 494 ?
			   this->policy->refusal(this->policy, next->nat) : NULL);
		pcscf_secagree_destroy(next);
		return NULL;
	}
	if (!imsaka_sip_via_address(req, &next->ue_protected))
	{
		DBG1(DBG_APP, "%s: Via sent-by is no address, the source is taken "
			 "as protected address", impi);
		next->ue_protected = from->remote;
	}
	else if (from->proto == SIP_UDP && !(next->nat & IMSAKA_NAT_UE) &&
			 (via_port = next->ue_protected.port ?: 5060) != from->remote.port)
	{
		DBG1(DBG_APP, "%s SM1 from port %u while its Via names %u: the same "
			 "address, so no NAT for ESP between the protected ports", impi,
			 from->remote.port, via_port);
	}
	next->ue_protected.port = 0;
	if (next->ue_protected.family != config->protected_address.family)
	{
		sip_error_set(&err, 494, "the UE's address family differs from "
					  "protected_address");
		refuse(this, req, from, &err, impi, this->policy->get(this->policy));
		pcscf_secagree_destroy(next);
		return NULL;
	}
	return next;
}

METHOD(pcscf_register_request_t, unprotected, void,
	private_pcscf_register_request_t *this, sip_msg_t *req, const char *buf,
	size_t len, const sip_peer_t *from)
{
	const pcscf_config_t *config = this->env->config;
	char impi[PCSCF_SIP_IMPI_MAX], branch[PCSCF_SIP_BRANCH_MAX] = "";
	pcscf_registration_t *reg;
	pcscf_secagree_t *next;
	imsaka_nat_t via_nat;
	bool require, proxy_require;
	const char *why;
	sip_error_t err = {};

	if (this->forwarder->absorb(this->forwarder, req, from))
	{	/* the S-CSCF left it unanswered: its registration is gone */
		return;
	}
	if (!imsaka_sip_via_received(req, &from->remote, &via_nat) ||
		!imsaka_sip_keep_raw_auth(req, buf, len))
	{
		sip_error_set(&err, 400, "no usable Via or Authorization");
		refuse(this, req, from, &err, NULL, NULL);
		return;
	}
	imsaka_sip_secagree_tags(req, &require, &proxy_require);
	if (!require && !proxy_require)
	{
		if (config->allow_unprotected)
		{
			char source[IMSAKA_ADDR_STRLEN] = "-";

			imsaka_addr_format(&from->remote, source, sizeof(source));
			DBG1(DBG_APP, "REGISTER without sec-agree from %s nat=%s "
				 "forwarded as plain digest registration (allow_unprotected)",
				 source, imsaka_nat_name(via_nat));
			this->forwarder->to_scscf(this->forwarder, req, from, NULL);
			return;
		}
		sip_error_set(&err, 421, "sec-agree required");
		refuse(this, req, from, &err, NULL,
			   this->policy->refusal(this->policy, via_nat));
		return;
	}
	if (!pcscf_sip_impi(req, impi, sizeof(impi)))
	{
		sip_error_set(&err, 400, "no Authorization with a usable username "
					  "(the IMPI)");
		refuse(this, req, from, &err, NULL, NULL);
		return;
	}
	pcscf_sip_top_branch(req, branch, sizeof(branch));
	reg = this->registrations->get(this->registrations, impi);
	if (reg && reg->step != PCSCF_STEP_NONE && branch[0] &&
		streq(branch, reg->branch))
	{
		DBG2(DBG_APP, "%s SM1 retransmitted", impi);
		forward(this, reg, req, from, "no");
		return;
	}
	this->pacing->sample(this->pacing, sip_timers_now(),
				this->registrations->get_handshakes_ended(this->registrations));
	if ((why = overload(this)))
	{
		overloaded(this, req, from, impi, why);
		return;
	}
	next = initial_agreement(this, req, from, via_nat, impi);
	if (!next)
	{
		return;
	}
	if (reg && !this->lifecycle->abort(this->lifecycle, reg,
									   "replaced by a new REGISTER"))
	{
		reg = NULL;
	}
	if (!reg)
	{
		reg = pcscf_registration_create(impi);
		if (!reg || !this->registrations->add(this->registrations, reg))
		{
			pcscf_registration_destroy(reg);
			sip_error_set(&err, 503, "too many registrations");
			refuse(this, req, from, &err, impi, NULL);
			pcscf_secagree_destroy(next);
			return;
		}
	}
	if (!reg->registered)
	{
		char impu[PCSCF_SIP_IMPI_MAX] = "";

		imsaka_sip_aor(req, "To", impu, sizeof(impu));
		this->registrations->set_impu(this->registrations, reg, impu);
	}
	start_handshake(this, reg, next, req, from, "SM1", "no");
}

/**
 * The protected REGISTER of a handshake (SM7): in the protection the
 * mechanism set up, and with the checks of TS 33.203 7.2 and the NAT-T
 * extension, else the handshake is aborted
 */
static void protect(private_pcscf_register_request_t *this,
					pcscf_registration_t *reg, sip_msg_t *req,
					const sip_peer_t *from)
{
	pcscf_secagree_t *next = &reg->next;
	imsaka_secagree_list_t *client, *verify;
	imsaka_secagree_err_t code = IMSAKA_SECAGREE_OK;
	sip_error_t err = {};
	bool ok;

	client = malloc(sizeof(*client));
	verify = malloc(sizeof(*verify));
	ok = next->mechanism->protect(next->mechanism, next, from, &err);
	if (ok && ((code = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
										  client)) != IMSAKA_SECAGREE_OK ||
			   (code = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_VERIFY,
										  verify)) != IMSAKA_SECAGREE_OK ||
			   (code = imsaka_secagree_check_sm7(next->client, next->server,
									client, verify)) != IMSAKA_SECAGREE_OK))
	{
		ok = sip_error_set(&err, 403, imsaka_secagree_strerror(code));
	}
	free(client);
	free(verify);
	if (!ok)
	{
		/* OK left in code: the checks did not run, the protection was
		 * wrong */
		this->env->counters->sm7_tamper(this->env->counters, code);
		pcscf_registration_log(reg, next, "SM7", "refused with 403");
		DBG1(DBG_APP, "%s SM7 refused: %s", reg->impi, err.reason);
		this->forwarder->reply(this->forwarder, req, 403, from, NULL, NULL);
		/* the 403 travels in the handshake's protection: it goes later */
		this->lifecycle->abort_later(this->lifecycle, reg);
		return;
	}
	this->registrations->set_step(this->registrations, reg, PCSCF_STEP_OK);
	this->lifecycle->arm_step(this->lifecycle, reg);
	pcscf_registration_log(reg, next, "SM7", "checked, forwarded");
	forward(this, reg, req, from, "yes");
}

/**
 * Whether a protected REGISTER came in the protection of the handshake (an
 * SM7), not in the one in force (a new REGISTER, e.g. a de-registration,
 * that gives the handshake up)
 */
static bool in_handshake(pcscf_registration_t *reg, const sip_peer_t *from)
{
	pcscf_mechanism_t *mechanism = reg->next.mechanism;
	sip_error_t err = {};

	return mechanism->protect(mechanism, &reg->next, from, &err);
}

/**
 * A protected re-REGISTER with a new Security-Client: a handshake for a
 * new agreement in the registration's context
 */
static void rekey(private_pcscf_register_request_t *this,
				  pcscf_registration_t *reg, pcscf_secagree_t *next,
				  sip_msg_t *req, const sip_peer_t *from)
{
	pcscf_mechanism_t *current = reg->current.mechanism;
	sip_error_t err = {};

	if (!current->rekey(current, reg, &reg->current, &err))
	{
		pcscf_secagree_destroy(next);
		refuse(this, req, from, &err, reg->impi, NULL);
		return;
	}
	/* the outer addresses and the verdict stay those of the first SM1 */
	next->nat = reg->current.nat;
	next->ue_source = reg->current.ue_source;
	next->local = reg->current.local;
	next->ue_protected = reg->current.ue_protected;
	next->ctx = reg->current.ctx;
	if (!negotiate(this, next, &err))
	{
		refuse(this, req, from, &err, reg->impi, err.status == 494 ?
			   this->policy->get(this->policy) : NULL);
		pcscf_secagree_destroy(next);
		return;
	}
	start_handshake(this, reg, next, req, from, "SM1 (re-registration)",
					"yes");
}

METHOD(pcscf_register_request_t, protected_, void,
	private_pcscf_register_request_t *this, pcscf_registration_t *reg,
	sip_msg_t *req, const char *buf, size_t len, const sip_peer_t *from)
{
	char impi[PCSCF_SIP_IMPI_MAX], branch[PCSCF_SIP_BRANCH_MAX] = "";
	imsaka_secagree_list_t *verify;
	pcscf_secagree_t *next;
	imsaka_secagree_err_t code;
	sip_error_t err = {};
	const char *why;
	uint32_t expires;

	if (this->forwarder->absorb(this->forwarder, req, from))
	{	/* the S-CSCF left it unanswered: its handshake is gone */
		return;
	}
	if (!imsaka_sip_keep_raw_auth(req, buf, len) ||
		!pcscf_sip_impi(req, impi, sizeof(impi)) || !streq(impi, reg->impi))
	{
		sip_error_set(&err, 403, "protected REGISTER for another IMPI than "
					  "the security association's");
		refuse(this, req, from, &err, reg->impi, NULL);
		return;
	}
	pcscf_sip_top_branch(req, branch, sizeof(branch));
	if ((reg->step != PCSCF_STEP_NONE || reg->answered) && branch[0] &&
		streq(branch, reg->branch))
	{	/* also after the answer (SM7 again after the 200): the S-CSCF
		 * answers it again, and that answer is passed on as it is */
		DBG2(DBG_APP, "%s protected REGISTER retransmitted", impi);
		forward(this, reg, req, from, "yes");
		return;
	}
	if (reg->step == PCSCF_STEP_AUTH &&
		(!reg->registered || in_handshake(reg, from)))
	{
		protect(this, reg, req, from);
		return;
	}
	if (!reg->registered)
	{
		sip_error_set(&err, 403, "protected REGISTER before the registration");
		refuse(this, req, from, &err, impi, NULL);
		return;
	}
	this->lifecycle->abort(this->lifecycle, reg, "replaced by a new REGISTER");
	/* the latest REGISTER decides: a refresh after a de-REGISTER keeps the
	 * registration even if an answer without Expires comes later */
	reg->deregister = false;
	if (imsaka_sip_expires(req, &expires) && expires == 0)
	{
		reg->deregister = true;
		pcscf_registration_log(reg, &reg->current, "de-REGISTER",
							   "forwarded");
		forward(this, reg, req, from, "yes");
		return;
	}
	verify = malloc(sizeof(*verify));
	code = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_VERIFY, verify);
	if (code == IMSAKA_SECAGREE_OK && verify->count)
	{
		code = pcscf_registration_check_verify(reg, verify);
	}
	free(verify);
	if (code != IMSAKA_SECAGREE_OK)
	{
		secagree_error(&err, code);
		if (code == IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH)
		{
			err.status = 403;
		}
		refuse(this, req, from, &err, impi, NULL);
		return;
	}
	next = pcscf_secagree_create();
	code = next ? imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
									 next->client)
				: IMSAKA_SECAGREE_ERR_INTERNAL;
	if (code != IMSAKA_SECAGREE_OK)
	{
		pcscf_secagree_destroy(next);
		secagree_error(&err, code);
		refuse(this, req, from, &err, impi, NULL);
		return;
	}
	if (!next->client->count)
	{	/* a refresh without a new set */
		pcscf_secagree_destroy(next);
		pcscf_registration_log(reg, &reg->current, "re-REGISTER",
							   "forwarded without a new set");
		forward(this, reg, req, from, "yes");
		return;
	}
	if ((why = overload(this)))
	{	/* the agreement in force stays until the UE tries again */
		pcscf_secagree_destroy(next);
		overloaded(this, req, from, impi, why);
		return;
	}
	rekey(this, reg, next, req, from);
}

METHOD(pcscf_register_request_t, destroy, void,
	private_pcscf_register_request_t *this)
{
	if (this->refused_timer)
	{
		this->env->transport->cancel_timer(this->env->transport,
										   this->refused_timer);
	}
	this->pacing->destroy(this->pacing);
	free(this);
}

/*
 * Described in header
 */
pcscf_register_request_t *pcscf_register_request_create(
										const pcscf_mechanism_env_t *env,
										pcscf_mechanisms_t *mechanisms,
										pcscf_backend_policy_t *policy,
										pcscf_forwarder_t *forwarder,
										pcscf_registrations_t *registrations,
										pcscf_lifecycle_t *lifecycle)
{
	private_pcscf_register_request_t *this;

	INIT(this,
		.public = {
			.unprotected = _unprotected,
			.protected = _protected_,
			.destroy = _destroy,
		},
		.env = env,
		.mechanisms = mechanisms,
		.policy = policy,
		.forwarder = forwarder,
		.registrations = registrations,
		.lifecycle = lifecycle,
		.pacing = pcscf_pacing_create(env->config->max_handshakes,
									  2 * env->config->retry_after),
	);
	return &this->public;
}

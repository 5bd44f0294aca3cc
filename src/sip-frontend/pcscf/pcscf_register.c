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

#include <string.h>

#include <library.h>
#include <osipparser2/osip_port.h>

#include <digest_aka.h>
#include <hex.h>
#include <secagree_natt.h>
#include <secagree_negotiate.h>
#include <sip_message.h>
#include <sip_tls_aka_filter.h>

/** granted expiry assumed when a 2xx names none (RFC 3261 10.2.1.1) */
#define EXPIRES_DEFAULT 3600

/** seconds a registration outlives its expiry (as its SA set, TS 33.203) */
#define EXPIRES_GRACE 30

/** longest timer, s: what fits into the transport's milliseconds */
#define TIMER_MAX 4000000

/** ms the SAs outlive a final response sent over them (a 403 to SM7, the
 * 200 of a de-registration), so that it gets through libipsec (and over
 * TCP, its retransmissions) before they go */
#define SA_LINGER_MS 2000

/** why take_keys() failed when the 401 simply carries no keys */
#define NO_KEYS "401 without ck/ik"

typedef struct private_pcscf_register_t private_pcscf_register_t;

/**
 * Private data.
 */
struct private_pcscf_register_t {

	/** public interface */
	pcscf_register_t public;

	/** configuration */
	const pcscf_config_t *config;

	/** transport, for timers */
	sip_transport_t *transport;

	/** the plugin */
	pcscf_control_client_t *control;

	/** forwarder */
	pcscf_forwarder_t *forwarder;

	/** registrations */
	pcscf_registrations_t *registrations;

	/** tls-psk PSKs, NULL if not offered */
	pcscf_tls_psk_t *tls;

	/** the policy as charon's kernel backend allows it */
	pcscf_backend_policy_t *policy;
};

/**
 * Whether the handshake has a context of its own (not the one in force)
 */
static bool owns_next(pcscf_registration_t *reg)
{
	return !reg->registered || reg->next.ctx != reg->current.ctx;
}

/**
 * Bind the UE's protected address:ports of the sets installed
 */
static void bind_endpoints(private_pcscf_register_t *this,
						   pcscf_registration_t *reg)
{
	imsaka_addr_t endpoints[4];
	int n = 0;

	if (reg->registered && !pcscf_agreement_is_tls(&reg->current))
	{
		endpoints[n] = reg->current.ue_protected;
		endpoints[n++].port = reg->current.ue_port_c;
		endpoints[n] = reg->current.ue_protected;
		endpoints[n++].port = reg->current.ue_port_s;
	}
	if (reg->step >= PCSCF_STEP_AUTH && !pcscf_agreement_is_tls(&reg->next))
	{
		endpoints[n] = reg->next.ue_protected;
		endpoints[n++].port = reg->next.ue_port_c;
		endpoints[n] = reg->next.ue_protected;
		endpoints[n++].port = reg->next.ue_port_s;
	}
	this->registrations->bind(this->registrations, reg, endpoints, n);
}

/**
 * Cancel a timer if set
 */
static void cancel(private_pcscf_register_t *this, uint32_t *timer)
{
	if (*timer)
	{
		this->transport->cancel_timer(this->transport, *timer);
		*timer = 0;
	}
}

/**
 * Reset the TCP connections an agreement's SA set protects, right before
 * the set goes: a segment not yet acknowledged (the 200 of a
 * de-registration whose ACK the UE sent after removing its own set) would
 * else be retransmitted in clear once the set is gone
 */
static void abort_protected(private_pcscf_register_t *this,
							const pcscf_agreement_t *agreement)
{
	imsaka_addr_t local = this->config->protected_address;
	imsaka_addr_t remote = agreement->ue_protected;

	if (pcscf_agreement_is_tls(agreement) ||
		pcscf_agreement_is_tls_aka(agreement) || !agreement->ue_port_c)
	{	/* TLS connections end with their keys, elsewhere */
		return;
	}
	local.port = agreement->port_s;
	remote.port = agreement->ue_port_c;
	this->transport->abort_addr(this->transport, &local, &remote);
	local.port = agreement->port_c;
	remote.port = agreement->ue_port_s;
	this->transport->abort_addr(this->transport, &local, &remote);
}

/**
 * Remove a registration with its contexts
 */
static void remove_registration(private_pcscf_register_t *this,
								pcscf_registration_t *reg, const char *why)
{
	cancel(this, &reg->step_timer);
	cancel(this, &reg->expiry_timer);
	if (reg->step >= PCSCF_STEP_AUTH)
	{
		abort_protected(this, &reg->next);
	}
	if (reg->step != PCSCF_STEP_NONE && owns_next(reg))
	{
		this->control->ctx_delete(this->control, reg->next.ctx);
	}
	if (reg->registered)
	{
		abort_protected(this, &reg->current);
		this->control->ctx_delete(this->control, reg->current.ctx);
	}
	if (this->tls && this->tls->remove_impi(this->tls, reg->impi))
	{
		DBG2(DBG_APP, "%s: tls-psk keys dropped", reg->impi);
	}
	DBG1(DBG_APP, "%s removed: %s", reg->impi, why);
	this->registrations->remove(this->registrations, reg);
	pcscf_registration_destroy(reg);
}

/**
 * Give up the handshake: remove its temporary set, and its context if it
 * has its own; a registration without one in force goes too.
 *
 * @return			FALSE if the registration is gone
 */
static bool release_next(private_pcscf_register_t *this,
						 pcscf_registration_t *reg, const char *why)
{
	if (reg->step == PCSCF_STEP_NONE)
	{
		return true;
	}
	cancel(this, &reg->step_timer);
	if (reg->step >= PCSCF_STEP_AUTH && pcscf_agreement_is_tls_aka(&reg->next))
	{	/* keys belong to one connection: a failed handshake ends it */
		if (reg->next.tls_conn && (!reg->registered ||
			reg->current.tls_conn != reg->next.tls_conn))
		{
			this->transport->close_conn(this->transport, reg->next.tls_conn);
		}
	}
	else if (reg->step >= PCSCF_STEP_AUTH &&
			 pcscf_agreement_is_tls(&reg->next))
	{
		if (this->tls && (!reg->registered ||
			!streq(reg->current.tls_identity, reg->next.tls_identity)))
		{
			this->tls->remove(this->tls, reg->next.tls_identity);
		}
	}
	else if (reg->step >= PCSCF_STEP_AUTH)
	{
		abort_protected(this, &reg->next);
		this->control->sa_remove(this->control, reg->next.ctx, "temp");
	}
	if (owns_next(reg))
	{
		this->control->ctx_delete(this->control, reg->next.ctx);
	}
	pcscf_registration_log(reg, &reg->next, "handshake", why);
	pcscf_agreement_clear(&reg->next);
	reg->step = PCSCF_STEP_NONE;
	reg->sm7_refused = false;
	if (!reg->registered)
	{
		DBG1(DBG_APP, "%s removed: not registered", reg->impi);
		this->registrations->remove(this->registrations, reg);
		pcscf_registration_destroy(reg);
		return false;
	}
	bind_endpoints(this, reg);
	return true;
}

/**
 * A handshake step took too long
 */
static void step_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->step_timer = 0;
	release_next(reg->owner, reg, "timed out");
}

/**
 * A registration expired
 */
static void expiry_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->expiry_timer = 0;
	remove_registration(reg->owner, reg, "registration expired");
}

/**
 * The 200 of a de-registration is out
 */
static void deregistered_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->expiry_timer = 0;
	remove_registration(reg->owner, reg, "de-registered");
}

/**
 * The 403 to a refused SM7 is out
 */
static void refused_timeout(void *data)
{
	pcscf_registration_t *reg = data;

	reg->step_timer = 0;
	release_next(reg->owner, reg, "aborted by SM7 checks");
}

/**
 * (Re)start the timer of a handshake step
 */
static void arm_step(private_pcscf_register_t *this, pcscf_registration_t *reg)
{
	cancel(this, &reg->step_timer);
	reg->step_timer = this->transport->add_timer(this->transport,
								this->config->auth_timeout * 1000,
								step_timeout, reg);
}

/**
 * (Re)start the expiry timer
 */
static void arm_expiry(private_pcscf_register_t *this,
					   pcscf_registration_t *reg)
{
	uint32_t s = min(reg->expires + EXPIRES_GRACE, TIMER_MAX);

	cancel(this, &reg->expiry_timer);
	reg->expiry_timer = this->transport->add_timer(this->transport, s * 1000,
												   expiry_timeout, reg);
}

/**
 * Forward a REGISTER of a registration to the S-CSCF without the
 * security agreement headers (TS 24.229 5.2.2.1)
 */
static void forward(private_pcscf_register_t *this, pcscf_registration_t *reg,
					osip_message_t *req, const sip_peer_t *from,
					const char *integrity)
{
	pcscf_sip_remove_header(req, IMSAKA_SIP_SECURITY_CLIENT);
	pcscf_sip_remove_header(req, IMSAKA_SIP_SECURITY_VERIFY);
	if (!pcscf_sip_remove_tag(req, "Require", "sec-agree") ||
		!pcscf_sip_remove_tag(req, "Proxy-Require", "sec-agree"))
	{
		DBG1(DBG_NET, "%s: removing sec-agree failed", reg->impi);
	}
	if (!pcscf_sip_set_integrity(req, integrity))
	{
		DBG2(DBG_NET, "%s: no Digest Authorization to mark", reg->impi);
	}
	if (pcscf_sip_has_tag(req, "Supported", "path") &&
		!pcscf_sip_add_path(req, &this->config->core))
	{
		DBG1(DBG_NET, "%s: adding Path failed", reg->impi);
	}
	pcscf_sip_top_branch(req, reg->branch, sizeof(reg->branch));
	this->forwarder->to_scscf(this->forwarder, req, from, reg->impi);
}

/**
 * Answer a request locally and log why
 */
static void refuse(private_pcscf_register_t *this, osip_message_t *req,
				   const sip_peer_t *from, int code, const char *impi,
				   const char *why, const imsaka_secagree_list_t *server)
{
	DBG1(DBG_APP, "%s REGISTER refused with %d: %s", impi ?: "-", code, why);
	this->forwarder->reply(this->forwarder, req, code, from, server,
						   code == 421 ? "sec-agree" : NULL);
}

/**
 * Negotiate an agreement: NAT detection is done, next->client is set
 *
 * @return			0 or the status code to refuse with
 */
static int negotiate(private_pcscf_register_t *this, pcscf_agreement_t *next,
					 const char **why)
{
	const imsaka_secagree_entry_t *natt;
	imsaka_secagree_err_t err;

	err = imsaka_secagree_natt_find(next->client, &natt);
	if (err == IMSAKA_SECAGREE_OK)
	{
		err = imsaka_secagree_negotiate(next->client,
								  this->policy->get(this->policy),
								  next->nat, &next->choice);
	}
	if (err == IMSAKA_SECAGREE_ERR_NO_COMMON && next->nat != IMSAKA_NAT_NONE &&
		imsaka_secagree_negotiate(next->client, &this->config->policy,
							IMSAKA_NAT_NONE, &next->choice) == IMSAKA_SECAGREE_OK)
	{	/* a standard UE offering mod=trans only, behind a NAT */
		*why = "the UE is behind a NAT and offers no mod=UDP-enc-tun: "
			   "transport-mode ESP cannot cross a NAT (TS 33.203 Annex M), "
			   "nothing installed";
		return 494;
	}
	if (err == IMSAKA_SECAGREE_ERR_NO_COMMON &&
		imsaka_secagree_negotiate(next->client, &this->config->policy, next->nat,
							&next->choice) == IMSAKA_SECAGREE_OK)
	{	/* a phone on kernel-libipsec */
		*why = "charon's kernel backend cannot install what the UE offers "
			   "(mod=trans needs kernel-netlink; see the caps line at "
			   "startup), nothing installed";
		return 494;
	}
	if (err != IMSAKA_SECAGREE_OK)
	{
		*why = imsaka_secagree_strerror(err);
		return imsaka_secagree_response_code(err);
	}
	pcscf_agreement_take_chosen(next);
	return 0;
}

METHOD(pcscf_register_t, unprotected, void,
	private_pcscf_register_t *this, osip_message_t *req, const char *buf,
	size_t len, const sip_peer_t *from)
{
	const pcscf_config_t *config = this->config;
	char impi[PCSCF_SIP_IMPI_MAX], branch[PCSCF_SIP_BRANCH_MAX] = "";
	pcscf_registration_t *reg;
	pcscf_agreement_t *next;
	imsaka_nat_t via_nat, hash_nat;
	bool require, proxy_require;
	uint16_t via_port;
	imsaka_secagree_err_t err;
	const char *why;
	int code;

	if (!imsaka_sip_via_received(req, &from->remote, &via_nat) ||
		!pcscf_sip_keep_raw_auth(req, buf, len))
	{
		refuse(this, req, from, 400, NULL, "no usable Via or Authorization",
			   NULL);
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
		refuse(this, req, from, 421, NULL, "sec-agree required",
			   this->policy->refusal(this->policy, via_nat));
		return;
	}
	if (!pcscf_sip_impi(req, impi, sizeof(impi)))
	{
		refuse(this, req, from, 400, NULL, "no Authorization with a usable "
			   "username (the IMPI)", NULL);
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

	next = pcscf_agreement_create();
	err = next ? imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
									next->client) : IMSAKA_SECAGREE_ERR_INTERNAL;
	if (err != IMSAKA_SECAGREE_OK)
	{
		refuse(this, req, from, imsaka_secagree_response_code(err), impi,
			   imsaka_secagree_strerror(err), NULL);
		pcscf_agreement_destroy(next);
		return;
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
	code = negotiate(this, next, &why);
	if (code)
	{
		refuse(this, req, from, code, impi, why, code == 494 ?
			   this->policy->refusal(this->policy, next->nat) : NULL);
		pcscf_agreement_destroy(next);
		return;
	}
	if (!pcscf_sip_via_address(req, &next->ue_protected))
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
		refuse(this, req, from, 494, impi, "the UE's address family differs "
			   "from protected_address", this->policy->get(this->policy));
		pcscf_agreement_destroy(next);
		return;
	}

	if (reg && reg->step != PCSCF_STEP_NONE &&
		!release_next(this, reg, "replaced by a new REGISTER"))
	{
		reg = NULL;
	}
	if (!reg)
	{
		reg = pcscf_registration_create(impi);
		if (!reg || !this->registrations->add(this->registrations, reg))
		{
			pcscf_registration_destroy(reg);
			refuse(this, req, from, 503, impi, "too many registrations", NULL);
			pcscf_agreement_destroy(next);
			return;
		}
		reg->owner = this;
	}
	if (!this->control->ctx_create(this->control, impi, &next->ctx))
	{
		refuse(this, req, from, 500, impi, "ctx-create failed", NULL);
		if (!reg->registered)
		{
			remove_registration(this, reg, "no context");
		}
		pcscf_agreement_destroy(next);
		return;
	}
	next->port_s = config->port_s;
	next->port_c = (reg->registered && reg->current.port_c == config->port_c)
				   ? config->port_c + 1 : config->port_c;
	reg->next = *next;
	free(next);
	reg->step = PCSCF_STEP_CHALLENGE;
	reg->deregister = false;
	if (!reg->registered)
	{
		char impu[PCSCF_SIP_IMPI_MAX] = "";

		pcscf_sip_aor(req, "To", impu, sizeof(impu));
		this->registrations->set_impu(this->registrations, reg, impu);
	}
	arm_step(this, reg);
	pcscf_registration_log(reg, &reg->next, "SM1", "forwarded");
	forward(this, reg, req, from, "no");
}

/**
 * SM7: the checks of TS 33.203 7.2 and the NAT-T extension, else abort
 */
static void sm7(private_pcscf_register_t *this, pcscf_registration_t *reg,
				osip_message_t *req, const sip_peer_t *from)
{
	pcscf_agreement_t *next = &reg->next;
	imsaka_secagree_list_t *client, *verify;
	imsaka_addr_t expected = next->ue_protected;
	char identity[SIP_STREAM_FILTER_IDENTITY_MAX];
	const char *why = NULL;
	imsaka_secagree_err_t err = IMSAKA_SECAGREE_OK;

	client = malloc(sizeof(*client));
	verify = malloc(sizeof(*verify));
	expected.port = next->ue_port_c;
	if (pcscf_agreement_is_tls_aka(next))
	{
		if (!from->conn || from->conn != next->tls_conn)
		{
			why = "not on the tls-aka connection of SM6";
		}
	}
	else if (pcscf_agreement_is_tls(next))
	{
		if (!from->conn || !this->transport->get_identity(this->transport,
									from->conn, identity, sizeof(identity)) ||
			!streq(identity, next->tls_identity))
		{
			why = "not on a TLS connection with the sid of SM6";
		}
	}
	else if (!imsaka_addr_equals(&from->remote, &expected) ||
		from->local.port != next->port_s)
	{
		why = "not from the UE's protected address and port_c to port_s";
	}
	if (!why && ((err = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
									   client)) != IMSAKA_SECAGREE_OK ||
			 (err = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_VERIFY,
									   verify)) != IMSAKA_SECAGREE_OK ||
			 (err = imsaka_secagree_check_sm7(next->client, next->server, client,
										verify)) != IMSAKA_SECAGREE_OK))
	{
		why = imsaka_secagree_strerror(err);
	}
	free(client);
	free(verify);
	if (why)
	{
		pcscf_registration_log(reg, next, "SM7", "refused with 403");
		DBG1(DBG_APP, "%s SM7 refused: %s", reg->impi, why);
		this->forwarder->reply(this->forwarder, req, 403, from, NULL, NULL);
		/* the 403 travels over the temporary set: it goes a moment later */
		reg->sm7_refused = true;
		cancel(this, &reg->step_timer);
		reg->step_timer = this->transport->add_timer(this->transport,
									SA_LINGER_MS, refused_timeout, reg);
		return;
	}
	reg->step = PCSCF_STEP_OK;
	arm_step(this, reg);
	pcscf_registration_log(reg, next, "SM7", "checked, forwarded");
	forward(this, reg, req, from, "yes");
}

METHOD(pcscf_register_t, protected_, void,
	private_pcscf_register_t *this, pcscf_registration_t *reg,
	osip_message_t *req, const char *buf, size_t len, const sip_peer_t *from)
{
	char impi[PCSCF_SIP_IMPI_MAX], branch[PCSCF_SIP_BRANCH_MAX] = "";
	imsaka_secagree_list_t *verify;
	pcscf_agreement_t *next;
	imsaka_secagree_err_t err;
	uint32_t expires;
	const char *why;
	int code;

	if (!pcscf_sip_keep_raw_auth(req, buf, len) ||
		!pcscf_sip_impi(req, impi, sizeof(impi)) || !streq(impi, reg->impi))
	{
		refuse(this, req, from, 403, reg->impi, "protected REGISTER for "
			   "another IMPI than the security association's", NULL);
		return;
	}
	pcscf_sip_top_branch(req, branch, sizeof(branch));
	if (reg->step != PCSCF_STEP_NONE && branch[0] &&
		streq(branch, reg->branch))
	{
		DBG2(DBG_APP, "%s protected REGISTER retransmitted", impi);
		forward(this, reg, req, from, "yes");
		return;
	}
	if (reg->step == PCSCF_STEP_AUTH)
	{
		sm7(this, reg, req, from);
		return;
	}
	if (!reg->registered)
	{
		refuse(this, req, from, 403, impi, "protected REGISTER before the "
			   "registration", NULL);
		return;
	}
	release_next(this, reg, "replaced by a new REGISTER");
	if (pcscf_sip_expires(req, &expires) && expires == 0)
	{
		reg->deregister = true;
		pcscf_registration_log(reg, &reg->current, "de-REGISTER",
							   "forwarded");
		forward(this, reg, req, from, "yes");
		return;
	}
	verify = malloc(sizeof(*verify));
	err = imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_VERIFY, verify);
	if (err == IMSAKA_SECAGREE_OK && verify->count)
	{
		err = pcscf_registration_check_verify(reg, verify);
	}
	free(verify);
	if (err != IMSAKA_SECAGREE_OK)
	{
		refuse(this, req, from, err == IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH ? 403 :
			   imsaka_secagree_response_code(err), impi, imsaka_secagree_strerror(err),
			   NULL);
		return;
	}
	next = pcscf_agreement_create();
	err = next ? imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
									next->client) : IMSAKA_SECAGREE_ERR_INTERNAL;
	if (err != IMSAKA_SECAGREE_OK || !next->client->count)
	{
		pcscf_agreement_destroy(next);
		if (err != IMSAKA_SECAGREE_OK)
		{
			refuse(this, req, from, imsaka_secagree_response_code(err), impi,
				   imsaka_secagree_strerror(err), NULL);
			return;
		}
		/* a refresh without a new set */
		pcscf_registration_log(reg, &reg->current, "re-REGISTER",
							   "forwarded without a new set");
		forward(this, reg, req, from, "yes");
		return;
	}
	if (pcscf_agreement_is_tls_aka(&reg->current))
	{	/* a connection's tls-aka keys cannot change: a new set comes as
		 * SM1 on a new TCP connection (docs/TLS-AKA.md) */
		pcscf_agreement_destroy(next);
		refuse(this, req, from, 403, impi, "a tls-aka re-registration with "
			   "a new Security-Client must come as SM1 on a new TCP "
			   "connection", NULL);
		return;
	}
	/* the outer addresses and the verdict stay those of the first SM1 */
	next->nat = reg->current.nat;
	next->ue_source = reg->current.ue_source;
	next->local = reg->current.local;
	next->ue_protected = reg->current.ue_protected;
	next->ctx = reg->current.ctx;
	code = negotiate(this, next, &why);
	if (code)
	{
		refuse(this, req, from, code, impi, why,
			   code == 494 ? this->policy->get(this->policy) : NULL);
		pcscf_agreement_destroy(next);
		return;
	}
	next->port_s = this->config->port_s;
	next->port_c = reg->current.port_c == this->config->port_c ?
					this->config->port_c + 1 : this->config->port_c;
	reg->next = *next;
	free(next);
	reg->step = PCSCF_STEP_CHALLENGE;
	reg->deregister = false;
	arm_step(this, reg);
	pcscf_registration_log(reg, &reg->next, "SM1 (re-registration)",
						   "forwarded");
	forward(this, reg, req, from, "yes");
}

/**
 * Turn a response of the S-CSCF into a 500 for the UE
 */
static void respond_500(private_pcscf_register_t *this, osip_message_t *resp,
						const sip_peer_t *to)
{
	imsaka_sip_set_challenges(resp, NULL, 0);
	/* nothing else of the S-CSCF's answer goes on: any other header or a
	 * body might carry the keys too (found by fuzz/fuzz_pcscf.c) */
	osip_list_special_free(&resp->headers,
						   (void (*)(void*))osip_header_free);
	osip_list_init(&resp->headers);
	osip_list_special_free(&resp->bodies, (void (*)(void*))osip_body_free);
	osip_list_init(&resp->bodies);
	osip_message_set_status_code(resp, 500);
	osip_free(resp->reason_phrase);
	resp->reason_phrase = osip_strdup("Server Internal Error");
	osip_message_force_update(resp);
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * Strip ck/ik from the challenges of a 401; hand them to charon first if
 * keys is set
 *
 * @return			NULL or why it failed
 */
static const char *take_keys(private_pcscf_register_t *this,
							 pcscf_registration_t *reg, osip_message_t *resp,
							 const char *buf, size_t len, bool keys,
							 uint8_t *rand)
{
	uint8_t autn[16];
	const char *nonce;
	size_t nonce_len;
	imsaka_digest_t *challenges;
	const char *why = NULL;
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
	if (!why && keys &&
		!this->control->ctx_keys(this->control, reg->next.ctx,
								challenges[keyed].ck, challenges[keyed].ik))
	{
		why = "ctx-keys failed";
	}
	if (!why && rand &&
		(!imsaka_digest_get(&challenges[keyed], IMSAKA_DIGEST_NONCE, &nonce,
							&nonce_len) ||
		 imsaka_digest_aka_nonce_parse(nonce, nonce_len, rand, autn, NULL, 0,
									   NULL) != IMSAKA_DIGEST_AKA_OK))
	{
		why = "no RAND in the nonce for tls-psk";
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
	return why;
}

/**
 * NAT keep-alives of a new context, with a NAT in front of the P-CSCF:
 * - NATs on both sides: from SM4 on, before the UE's first ESP packet, so
 *   that the binding follows the UE's mapping the plugin learns from it
 *   (the port of SM1's source is not the one of the UE's port 4500);
 * - only at the P-CSCF: from SM10 on, after the UE's first ESP packet, so
 *   that they travel in the P-CSCF NAT's flow of it (sent earlier to the
 *   very same address and port, they would make a flow of their own, and
 *   the UE's packets would arrive remapped);
 * a re-registration in the same context keeps the binding as moved.
 */
static void start_keepalives(private_pcscf_register_t *this,
							 pcscf_registration_t *reg)
{
	imsaka_addr_t src = reg->next.local, dst = reg->next.ue_source;

	src.port = dst.port = PCSCF_NATT_PORT;
	if (this->control->keepalive_start(this->control, reg->next.ctx, &src,
									  &dst))
	{
		DBG1(DBG_APP, "%s: NAT-keepalives started", reg->impi);
	}
}

/**
 * SM4 -> SM6 for tls-psk: keys to charon, Security-Server with a new sid,
 * the PSK from charon into the table under that sid; no SA set
 */
static void sm4_tls(private_pcscf_register_t *this, pcscf_registration_t *reg,
					osip_message_t *resp, const char *buf, size_t len,
					const sip_peer_t *to)
{
	pcscf_agreement_t *next = &reg->next;
	uint8_t rand[16], psk[PCSCF_TLS_PSK_LEN];
	const char *why;

	why = take_keys(this, reg, resp, buf, len, true, rand);
	if (!why && !this->tls)
	{
		why = "tls-psk chosen without a TLS context";
	}
	if (!why && pcscf_agreement_build_server(next) != IMSAKA_SECAGREE_OK)
	{
		why = "building the Security-Server failed";
	}
	if (!why && !this->control->tls_psk(this->control, next->ctx, rand,
									   next->tls_identity, psk))
	{
		why = "tls-psk failed";
	}
	else if (!why)
	{
		char rand_hex[33];

		if (!this->tls->add(this->tls, next->tls_identity, reg->impi, psk,
							next->choice.suites, next->choice.suite_count))
		{
			why = "the PSK table is full";
		}
		memwipe(psk, sizeof(psk));
		/* RAND and sid are public (SM6), the key stays in charon and the
		 * table: `imsakactl call -- tls-psk ctx= rand= sid=` gives it */
		imsaka_hex_encode(rand, sizeof(rand), rand_hex);
		DBG1(DBG_APP, "%s tls-psk key: sid=%s rand=%s ctx=%u", reg->impi,
			 next->tls_identity, rand_hex, next->ctx);
	}
	if (!why)
	{
		reg->step = PCSCF_STEP_AUTH;
	}
	if (!why && imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
								   next->server) != IMSAKA_SECAGREE_OK)
	{
		why = "adding the Security-Server failed";
	}
	if (why)
	{
		DBG1(DBG_APP, "%s SM4 failed, answering 500: %s", reg->impi, why);
		respond_500(this, resp, to);
		release_next(this, reg, "aborted at SM4");
		return;
	}
	arm_step(this, reg);
	pcscf_registration_log(reg, next, "SM4", "keys taken, tls-psk key "
						   "added, SM6 sent");
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * tls-aka: the record layer of the connection SM1 came on, from the
 * traffic secrets charon derives for the chosen suite and SM6's sid
 */
static sip_stream_filter_t *tls_aka_filter(private_pcscf_register_t *this,
										   pcscf_registration_t *reg)
{
	pcscf_agreement_t *next = &reg->next;
	sip_stream_filter_t *filter = NULL;
	uint8_t ue[48], pcscf[48];
	size_t len;

	if (this->control->tls_aka_keys(this->control, next->ctx,
								   next->choice.suites[0], next->tls_identity,
								   ue, pcscf, &len))
	{
		filter = sip_tls_aka_filter_create(next->choice.suites[0],
										   SIP_TLS_AKA_PCSCF, ue, pcscf, len,
										   reg->impi);
	}
	memwipe(ue, sizeof(ue));
	memwipe(pcscf, sizeof(pcscf));
	return filter;
}

/**
 * SM4 -> SM6 for tls-aka: keys to charon, Security-Server with the agreed
 * suites and a new sid, SM6 in plaintext on SM1's TCP connection, then
 * TLS records on it in both directions; no SA set
 */
static void sm4_tls_aka(private_pcscf_register_t *this,
						pcscf_registration_t *reg, osip_message_t *resp,
						const char *buf, size_t len, const sip_peer_t *to)
{
	pcscf_agreement_t *next = &reg->next;
	sip_stream_filter_t *filter = NULL;
	const char *why = NULL;

	if (to->proto != SIP_TCP || !to->conn)
	{
		why = "tls-aka chosen for a REGISTER that did not come over TCP";
	}
	if (!why)
	{
		why = take_keys(this, reg, resp, buf, len, true, NULL);
	}
	if (!why && pcscf_agreement_build_server(next) != IMSAKA_SECAGREE_OK)
	{
		why = "building the Security-Server failed";
	}
	if (!why)
	{
		filter = tls_aka_filter(this, reg);
		if (!filter)
		{
			why = "tls-aka-keys failed";
		}
	}
	if (!why && imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
								   next->server) != IMSAKA_SECAGREE_OK)
	{
		why = "adding the Security-Server failed";
	}
	if (!why && !this->forwarder->respond(this->forwarder, resp, to))
	{
		why = "sending SM6 failed";
	}
	if (why)
	{
		DESTROY_IF(filter);
		DBG1(DBG_APP, "%s SM4 failed, answering 500: %s", reg->impi, why);
		respond_500(this, resp, to);
		release_next(this, reg, "aborted at SM4");
		return;
	}
	/* SM6 is queued in plaintext: everything after it is in records */
	if (!this->transport->set_filter(this->transport, to->conn, filter))
	{
		DBG1(DBG_APP, "%s SM6 sent, but its TCP connection %u is gone",
			 reg->impi, to->conn);
		release_next(this, reg, "aborted at SM4");
		return;
	}
	next->tls_conn = to->conn;
	reg->step = PCSCF_STEP_AUTH;
	arm_step(this, reg);
	DBG1(DBG_APP, "%s tls-aka: sid=%s suite=%04x ctx=%u on TCP connection %u",
		 reg->impi, next->tls_identity, next->choice.suites[0], next->ctx,
		 next->tls_conn);
	pcscf_registration_log(reg, next, "SM4", "keys taken, SM6 sent, "
						   "tls-aka records from now on");
}

/**
 * SM4 -> SM6: keys to charon, SPIs, temporary set, Security-Server
 */
static void sm4(private_pcscf_register_t *this, pcscf_registration_t *reg,
				osip_message_t *resp, const char *buf, size_t len,
				const sip_peer_t *to)
{
	pcscf_agreement_t *next = &reg->next;
	pcscf_control_client_sa_t sa;
	const char *why;

	if (pcscf_agreement_is_tls_aka(next))
	{
		sm4_tls_aka(this, reg, resp, buf, len, to);
		return;
	}
	if (pcscf_agreement_is_tls(next))
	{
		sm4_tls(this, reg, resp, buf, len, to);
		return;
	}
	why = take_keys(this, reg, resp, buf, len, true, NULL);
	if (!why && !this->control->spi_alloc(this->control, next->ctx,
										 &next->spi_c, &next->spi_s))
	{
		why = "spi-alloc failed";
	}
	if (!why && pcscf_agreement_build_server(next) != IMSAKA_SECAGREE_OK)
	{
		why = "building the Security-Server failed";
	}
	if (!why)
	{
		pcscf_agreement_sa(next, this->config, &sa);
		if (!this->control->sa_install(this->control, next->ctx, &sa))
		{
			why = "sa-install failed";
		}
		else
		{
			reg->step = PCSCF_STEP_AUTH;
		}
	}
	if (!why && imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
								   next->server) != IMSAKA_SECAGREE_OK)
	{
		why = "adding the Security-Server failed";
	}
	if (why)
	{
		DBG1(DBG_APP, "%s SM4 failed, answering 500: %s", reg->impi, why);
		respond_500(this, resp, to);
		release_next(this, reg, "aborted at SM4");
		return;
	}
	bind_endpoints(this, reg);
	arm_step(this, reg);
	if (next->nat == IMSAKA_NAT_BOTH && owns_next(reg))
	{
		start_keepalives(this, reg);
	}
	pcscf_registration_log(reg, next, "SM4", "keys taken, temporary set "
						   "installed, SM6 sent");
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * A 401 retransmitted by the S-CSCF after SM6 was sent: send SM6 again
 */
static void sm4_again(private_pcscf_register_t *this,
					  pcscf_registration_t *reg, osip_message_t *resp,
					  const char *buf, size_t len, const sip_peer_t *to)
{
	const char *why;

	if (pcscf_agreement_is_tls_aka(&reg->next))
	{	/* SM6 went out in plaintext before the switch: not again */
		DBG2(DBG_APP, "%s retransmitted 401 dropped: tls-aka switched",
			 reg->impi);
		return;
	}
	why = take_keys(this, reg, resp, buf, len, false, NULL);
	if (why || imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
								  reg->next.server) != IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "%s retransmitted 401 dropped: %s", reg->impi,
			 why ?: "adding the Security-Server failed");
		return;
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

/**
 * SM10 -> SM12: promote, Security-Server with OA values
 */
static void sm10(private_pcscf_register_t *this, pcscf_registration_t *reg,
				 osip_message_t *resp, uint32_t granted, const sip_peer_t *to)
{
	imsaka_secagree_list_t *sm12;
	imsaka_secagree_err_t err;
	bool tls = pcscf_agreement_is_tls(&reg->next);

	/* tls-psk and tls-aka have no SA set: the context (CK/IK, for a
	 * challenged de-REGISTER) is held for the registration instead */
	if (tls ? !this->control->ctx_hold(this->control, reg->next.ctx, granted)
			: !this->control->sa_promote(this->control, reg->next.ctx, granted))
	{
		DBG1(DBG_APP, "%s SM10: %s failed, answering 500", reg->impi,
			 tls ? "ctx-hold" : "sa-promote");
		respond_500(this, resp, to);
		release_next(this, reg, "aborted at SM10");
		return;
	}
	if (reg->next.nat == IMSAKA_NAT_PCSCF && owns_next(reg) &&
		!pcscf_agreement_is_tls(&reg->next))
	{
		start_keepalives(this, reg);
	}
	if (reg->registered && this->tls &&
		pcscf_agreement_is_tls(&reg->current) &&
		!streq(reg->current.tls_identity, reg->next.tls_identity))
	{	/* the key of the registration replaced */
		this->tls->remove(this->tls, reg->current.tls_identity);
	}
	if (reg->registered && reg->current.ctx != reg->next.ctx)
	{	/* a new initial registration replaced the one in force */
		this->control->ctx_delete(this->control, reg->current.ctx);
	}
	if (reg->registered && pcscf_agreement_is_tls_aka(&reg->current) &&
		reg->current.tls_conn && reg->current.tls_conn != reg->next.tls_conn)
	{	/* the replaced keys belong to their connection: it goes */
		DBG1(DBG_APP, "%s tls-aka: TCP connection %u of the replaced keys "
			 "closed", reg->impi, reg->current.tls_conn);
		this->transport->close_conn(this->transport, reg->current.tls_conn);
	}
	sm12 = malloc(sizeof(*sm12));
	err = pcscf_agreement_sm12_server(&reg->next, this->config, sm12);
	if (err == IMSAKA_SECAGREE_OK && sm12->count)
	{
		err = imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER, sm12);
	}
	free(sm12);
	if (err != IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "%s SM12: no Security-Server with OA values: %s",
			 reg->impi, imsaka_secagree_strerror(err));
	}
	cancel(this, &reg->step_timer);
	if (!pcscf_registration_promote(reg))
	{
		DBG1(DBG_APP, "%s SM10: keeping the Security-Server failed",
			 reg->impi);
	}
	reg->registered = true;
	reg->step = PCSCF_STEP_NONE;
	reg->expires = granted;
	arm_expiry(this, reg);
	bind_endpoints(this, reg);
	pcscf_registration_log(reg, &reg->current, "SM10", "set promoted, "
						   "registered, SM12 sent");
	if ((reg->current.nat & IMSAKA_NAT_PCSCF) && !this->config->public_address.family)
	{
		DBG1(DBG_APP, "%s: the P-CSCF is behind a NAT, set public_address "
			 "for oa-pp", reg->impi);
	}
	this->forwarder->respond(this->forwarder, resp, to);
}

METHOD(pcscf_register_t, response, void,
	private_pcscf_register_t *this, pcscf_transaction_t *tx,
	osip_message_t *resp, const char *buf, size_t len)
{
	pcscf_registration_t *reg;
	sip_peer_t to = tx->peer;
	const char *why;
	uint32_t granted;
	int code = resp->status_code;

	reg = this->registrations->get(this->registrations, tx->impi);
	if (!reg || code < 200 || !streq(tx->ue_branch, reg->branch))
	{	/* provisional, or to an earlier REGISTER */
		this->forwarder->respond(this->forwarder, resp, &to);
		return;
	}
	if (code == 401 && reg->step == PCSCF_STEP_CHALLENGE)
	{
		sm4(this, reg, resp, buf, len, &to);
		return;
	}
	if (code == 401 && reg->step == PCSCF_STEP_AUTH)
	{
		sm4_again(this, reg, resp, buf, len, &to);
		return;
	}
	if (code < 200 || code >= 300)
	{
		DBG1(DBG_APP, "%s REGISTER answered %d by the S-CSCF", reg->impi,
			 code);
		/* e.g. a 401 to a de-REGISTER: CK/IK never go to the UE */
		why = code == 401 ? take_keys(this, reg, resp, buf, len, false, NULL)
						  : NULL;
		release_next(this, reg, "refused by the S-CSCF");
		if (why && !streq(why, NO_KEYS))
		{
			DBG1(DBG_APP, "%s: 401 not forwarded, answering 500: %s",
				 tx->impi, why);
			respond_500(this, resp, &to);
			return;
		}
		this->forwarder->respond(this->forwarder, resp, &to);
		return;
	}
	if (!pcscf_sip_expires(resp, &granted))
	{
		granted = reg->deregister ? 0 : EXPIRES_DEFAULT;
	}
	if (granted == 0)
	{
		this->forwarder->respond(this->forwarder, resp, &to);
		/* the 200 travels over the set in force: it goes a moment later */
		cancel(this, &reg->step_timer);
		cancel(this, &reg->expiry_timer);
		reg->expiry_timer = this->transport->add_timer(this->transport,
									SA_LINGER_MS, deregistered_timeout, reg);
		return;
	}
	if (reg->step == PCSCF_STEP_OK)
	{
		sm10(this, reg, resp, granted, &to);
		return;
	}
	/* registered without a (new) set: a refresh */
	if (release_next(this, reg, "no challenge, set in force kept"))
	{
		reg->expires = granted;
		arm_expiry(this, reg);
		/* the context, and the set in force of ipsec-3gpp, must last as
		 * long as the registration now does */
		if (reg->registered &&
			!this->control->ctx_hold(this->control, reg->current.ctx, granted))
		{
			DBG1(DBG_APP, "%s re-REGISTER: ctx-hold failed, the context may "
				 "go before the registration", reg->impi);
		}
		pcscf_registration_log(reg, &reg->current, "re-REGISTER",
							   "refreshed");
	}
	this->forwarder->respond(this->forwarder, resp, &to);
}

METHOD(pcscf_register_t, shutdown_, u_int,
	private_pcscf_register_t *this)
{
	pcscf_registration_t *reg;
	u_int count = 0;

	while ((reg = this->registrations->remove_any(this->registrations)))
	{
		cancel(this, &reg->step_timer);
		cancel(this, &reg->expiry_timer);
		if (reg->step != PCSCF_STEP_NONE && owns_next(reg))
		{
			this->control->ctx_delete(this->control, reg->next.ctx);
		}
		if (reg->registered)
		{
			this->control->ctx_delete(this->control, reg->current.ctx);
		}
		DBG1(DBG_APP, "%s removed: shutdown", reg->impi);
		pcscf_registration_destroy(reg);
		count++;
	}
	return count;
}

METHOD(pcscf_register_t, closed, void,
	private_pcscf_register_t *this, uint32_t conn, const char *identity)
{
	pcscf_registration_t *reg;

	reg = identity ? this->registrations->get(this->registrations,
											  identity) : NULL;
	if (reg && conn && reg->step >= PCSCF_STEP_AUTH &&
		pcscf_agreement_is_tls_aka(&reg->next) && reg->next.tls_conn == conn)
	{
		release_next(this, reg, reg->sm7_refused ? "aborted by SM7 checks"
										  : "its tls-aka connection closed");
	}
}

METHOD(pcscf_register_t, set_tls, void,
	private_pcscf_register_t *this, pcscf_tls_psk_t *tls)
{
	this->tls = tls;
}

METHOD(pcscf_register_t, destroy, void,
	private_pcscf_register_t *this)
{
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
										pcscf_registrations_t *registrations)
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
		.config = config,
		.transport = transport,
		.control = control,
		.forwarder = forwarder,
		.registrations = registrations,
		.policy = pcscf_backend_policy_create(&config->policy, control),
	);
	/* what charon's backend can install, asked and logged at startup */
	this->policy->get(this->policy);
	return &this->public;
}

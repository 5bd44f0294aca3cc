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

#include "ue_mechanism_tls_psk.h"
#include "ue_tls_psk.h"

#include <digest_aka.h>
#include <sip_tls_filter.h>

#include <string.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_mechanism_tls_psk_t private_ue_mechanism_tls_psk_t;

/**
 * Private data of the tls-psk mechanism.
 */
struct private_ue_mechanism_tls_psk_t {

	/**
	 * Public interface
	 */
	ue_mechanism_t public;

	/**
	 * What it works with
	 */
	ue_mechanism_env_t env;

	/**
	 * TLS client context, NULL if OpenSSL failed to create it
	 */
	ue_tls_psk_t *tls;
};

/**
 * The PSK from charon for the set's sid and RAND, and a TLS connection to
 * the P-CSCF's tls_port with it
 */
static bool tls_connect(private_ue_mechanism_tls_psk_t *this,
						ue_secagree_t *set)
{
	ue_control_client_t *control = this->env.control;
	uint8_t psk[UE_CONTROL_PSK_LEN];
	sip_stream_filter_t *filter;
	sip_peer_t peer;
	SSL *ssl;

	if (!this->tls)
	{
		DBG1(DBG_APP, "tls-psk: no TLS client context");
		return false;
	}
	if (!control->tls_psk(control, this->env.ctx, set->rand,
						  set->tls_identity, psk))
	{
		memwipe(psk, sizeof(psk));
		return false;
	}
	ssl = this->tls->connect(this->tls, set->tls_identity, psk,
							 set->choice.suites, set->choice.suite_count);
	memwipe(psk, sizeof(psk));
	filter = ssl ? sip_tls_filter_create(ssl, set->tls_identity, NULL, NULL)
				 : NULL;
	if (!filter)
	{
		return false;
	}
	/* the P-CSCF's TLS port over the UE's unprotected address */
	peer = ue_mechanism_tls_route(this->env.config, this->env.config->tls_port,
								  0).peer;
	set->conn = this->env.transport->connect(this->env.transport, &peer,
											 filter);
	DBG1(DBG_APP, "tls-psk: TLS connection %u to the P-CSCF's port %u, "
		 "identity %s", set->conn, this->env.config->tls_port,
		 set->tls_identity);
	return set->conn != 0;
}

METHOD(ue_mechanism_t, challenge, bool,
	private_ue_mechanism_tls_psk_t *this, ue_secagree_t *set,
	const ue_mechanism_challenge_t *ch, bool *keepalive, sip_error_t *err)
{
	uint8_t autn[16];
	bool ok;

	/* RAND stays with the set: the PSK again on a reconnect */
	ok = imsaka_digest_aka_nonce_parse(ch->nonce, strlen(ch->nonce),
					set->rand, autn, NULL, 0, NULL) == IMSAKA_DIGEST_AKA_OK &&
		 tls_connect(this, set);
	memwipe(autn, sizeof(autn));
	if (!ok)
	{
		return sip_error_set(err, 0, "tls-psk: no key or no TLS connection");
	}
	return true;
}

METHOD(ue_mechanism_t, protect, bool,
	private_ue_mechanism_tls_psk_t *this, ue_secagree_t *set, ue_route_t *route,
	sip_error_t *err)
{
	/* a closed connection (idle timeout, a lost NAT binding) opens again
	 * with the same key */
	if ((!set->conn ||
		 !this->env.transport->is_open(this->env.transport, set->conn)) &&
		!tls_connect(this, set))
	{
		return sip_error_set(err, 0, "tls-psk: no TLS connection");
	}
	*route = ue_mechanism_tls_route(this->env.config,
									this->env.config->tls_port, set->conn);
	return true;
}

METHOD(ue_mechanism_t, promote, bool,
	private_ue_mechanism_tls_psk_t *this, ue_secagree_t *set,
	ue_secagree_t *replaced, uint32_t expires, sip_error_t *err)
{
	return ue_mechanism_hold(&this->env, set, replaced, expires, err);
}

METHOD(ue_mechanism_t, refresh, ue_refresh_t,
	private_ue_mechanism_tls_psk_t *this)
{
	return UE_REFRESH_PROTECTED;
}

METHOD(ue_mechanism_t, teardown, void,
	private_ue_mechanism_tls_psk_t *this, ue_secagree_t *current,
	ue_secagree_t *pending, bool gone)
{
	/* nothing installed: charon's context goes with its PSKs */
}

METHOD(ue_mechanism_t, destroy, void,
	private_ue_mechanism_tls_psk_t *this)
{
	DESTROY_IF(this->tls);
	free(this);
}

/*
 * Described in header
 */
ue_mechanism_t *ue_mechanism_tls_psk_create(const ue_mechanism_env_t *env)
{
	private_ue_mechanism_tls_psk_t *this;

	INIT(this,
		.public = {
			.challenge = _challenge,
			.protect = _protect,
			.promote = _promote,
			.refresh = _refresh,
			.teardown = _teardown,
			.destroy = _destroy,
		},
		.env = *env,
		/* TLS 1.3 with (EC)DHE only; TLS 1.2 as the agreed suite says */
		.tls = ue_tls_psk_create(UE_TLS_V12 | UE_TLS_V13, true),
	);
	return &this->public;
}

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

#include "ue_mechanism_tls_aka.h"

#include <sip_tls_aka_filter.h>

#include <library.h>
#include <utils/debug.h>

typedef struct private_ue_mechanism_tls_aka_t private_ue_mechanism_tls_aka_t;

/**
 * Private data of the tls-aka mechanism.
 */
struct private_ue_mechanism_tls_aka_t {

	/**
	 * Public interface
	 */
	ue_mechanism_t public;

	/**
	 * What it works with
	 */
	ue_mechanism_env_t env;
};

/**
 * After aka-digest, the traffic secrets from charon for SM6's suite and
 * sid, and the record layer on the connection SM6 came on: SM1's
 */
METHOD(ue_mechanism_t, challenge, bool,
	private_ue_mechanism_tls_aka_t *this, ue_secagree_t *set,
	const ue_mechanism_challenge_t *ch, bool *keepalive, sip_error_t *err)
{
	ue_control_client_t *control = this->env.control;
	sip_stream_filter_t *filter = NULL;
	uint8_t ue[48], pcscf[48];
	size_t len;

	if (!ch->rx_conn)
	{
		DBG1(DBG_APP, "tls-aka: SM6 did not come over TCP");
		return sip_error_set(err, 0, "tls-aka: no keys or no connection to "
							 "protect");
	}
	if (ch->rx_conn != ch->sm1_conn)
	{
		DBG1(DBG_APP, "tls-aka: SM6 came on TCP connection %u, SM1 went on "
			 "%u", ch->rx_conn, ch->sm1_conn);
		return sip_error_set(err, 0, "tls-aka: no keys or no connection to "
							 "protect");
	}
	if (control->tls_aka_keys(control, this->env.ctx, set->tls_aka_suite,
							  set->tls_identity, ue, pcscf, &len))
	{
		filter = sip_tls_aka_filter_create(set->tls_aka_suite, SIP_TLS_AKA_UE,
										   ue, pcscf, len, NULL);
	}
	memwipe(ue, sizeof(ue));
	memwipe(pcscf, sizeof(pcscf));
	if (!filter ||
		!this->env.transport->set_filter(this->env.transport, ch->rx_conn,
										 filter))
	{
		return sip_error_set(err, 0, "tls-aka: no keys or no connection to "
							 "protect");
	}
	set->conn = ch->rx_conn;
	DBG1(DBG_APP, "tls-aka: records on TCP connection %u, suite %04x, "
		 "sid %s", set->conn, set->tls_aka_suite, set->tls_identity);
	return true;
}

/**
 * The set's connection (SM1's, to the P-CSCF's port); a closed connection
 * ends the keys with it
 */
METHOD(ue_mechanism_t, protect, bool,
	private_ue_mechanism_tls_aka_t *this, ue_secagree_t *set, ue_route_t *route,
	sip_error_t *err)
{
	const ue_config_t *config = this->env.config;

	if (!set->conn ||
		!this->env.transport->is_open(this->env.transport, set->conn))
	{
		DBG1(DBG_APP, "tls-aka: TCP connection %u to the P-CSCF is closed, "
			 "its keys are gone", set->conn);
		return sip_error_set(err, 0, "tls-aka: connection closed");
	}
	*route = ue_mechanism_tls_route(config, config->pcscf.port, set->conn);
	return true;
}

METHOD(ue_mechanism_t, promote, bool,
	private_ue_mechanism_tls_aka_t *this, ue_secagree_t *set,
	ue_secagree_t *replaced, uint32_t expires, sip_error_t *err)
{
	return ue_mechanism_hold(&this->env, set, replaced, expires, err);
}

/**
 * tls-aka keys belong to one connection, and a connection cannot change
 * keys (docs/TLS-AKA.md)
 */
METHOD(ue_mechanism_t, refresh, ue_refresh_t,
	private_ue_mechanism_tls_aka_t *this)
{
	return UE_REFRESH_NEW_SM1;
}

METHOD(ue_mechanism_t, teardown, void,
	private_ue_mechanism_tls_aka_t *this, ue_secagree_t *current,
	ue_secagree_t *pending, bool gone)
{
	/* nothing installed; the registration closes SM1's connection */
}

METHOD(ue_mechanism_t, destroy, void,
	private_ue_mechanism_tls_aka_t *this)
{
	free(this);
}

/*
 * Described in header
 */
ue_mechanism_t *ue_mechanism_tls_aka_create(const ue_mechanism_env_t *env)
{
	private_ue_mechanism_tls_aka_t *this;

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
	);
	return &this->public;
}

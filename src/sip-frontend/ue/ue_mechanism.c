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

#include "ue_mechanism.h"

#include <library.h>
#include <utils/debug.h>

/*
 * Described in header
 */
ue_route_t ue_mechanism_tls_route(const ue_config_t *config, uint16_t port,
								  uint32_t conn)
{
	ue_route_t route = {
		.peer = {
			.proto = SIP_TCP,
			.local = config->local,
			.remote = config->pcscf,
			.conn = conn,
		},
		.via = config->local,
		.tls = true,
	};

	route.peer.local.port = 0;
	route.peer.remote.port = port;
	return route;
}

/*
 * Described in header
 */
bool ue_mechanism_hold(const ue_mechanism_env_t *env, ue_secagree_t *set,
					   ue_secagree_t *replaced, uint32_t expires,
					   sip_error_t *err)
{
	if (!env->control->ctx_hold(env->control, env->ctx, expires))
	{
		return sip_error_set(err, 0, "ctx-hold failed");
	}
	if (replaced && replaced->conn && replaced->conn != set->conn)
	{	/* operators grep the mechanism's name in this line */
		DBG1(DBG_APP, "TCP connection %u of the replaced %s keys closed",
			 replaced->conn, imsaka_secagree_mech_name(set->choice.mech));
		env->transport->close_conn(env->transport, replaced->conn);
	}
	return true;
}

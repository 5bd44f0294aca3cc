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

#include "imsaka_sa_kernel.h"
#include "imsaka_sa_layout.h"

#include <daemon.h>

/*
 * Described in header
 */
traffic_selector_t *imsaka_sa_kernel_ts(imsaka_sa_set_cfg_t *cfg, int i,
										bool local)
{
	host_t *addr = local ? cfg->local.addr : cfg->remote.addr;
	uint16_t port = local ? imsaka_sa_layout_local_port(cfg, i)
						  : imsaka_sa_layout_remote_port(cfg, i);

	return traffic_selector_create_from_subnet(addr->clone(addr),
						addr->get_family(addr) == AF_INET ? 32 : 128,
						0, port, port);
}

/*
 * Described in header
 */
status_t imsaka_sa_kernel_policy(imsaka_sa_set_cfg_t *cfg, int i,
								 uint32_t reqid, mark_t mark, uint32_t if_id,
								 bool add)
{
	bool inbound = imsaka_sa_layout_inbound(i);
	traffic_selector_t *lts, *rts;
	ipsec_sa_cfg_t sa_cfg = {
		.mode = cfg->mode == IMSAKA_SECAGREE_MOD_TRANS ? MODE_TRANSPORT
													   : MODE_TUNNEL,
		.reqid = reqid,
		.esp = {
			.use = TRUE,
			.spi = htonl(imsaka_sa_layout_spi(cfg, i)),
		},
	};
	kernel_ipsec_policy_id_t id = {
		.dir = inbound ? POLICY_IN : POLICY_OUT,
		.mark = mark,
		.if_id = if_id,
	};
	kernel_ipsec_manage_policy_t policy = {
		.type = POLICY_IPSEC,
		.prio = POLICY_PRIORITY_DEFAULT,
		.sa = &sa_cfg,
	};
	status_t status;

	lts = imsaka_sa_kernel_ts(cfg, i, TRUE);
	rts = imsaka_sa_kernel_ts(cfg, i, FALSE);
	id.src_ts = inbound ? rts : lts;
	id.dst_ts = inbound ? lts : rts;
	imsaka_sa_layout_outer(cfg, i, cfg->remote_outer, &policy.src,
						   &policy.dst);
	if (add)
	{
		status = charon->kernel->add_policy(charon->kernel, &id, &policy);
	}
	else
	{
		status = charon->kernel->del_policy(charon->kernel, &id, &policy);
	}
	lts->destroy(lts);
	rts->destroy(rts);
	return status;
}

/*
 * Described in header
 */
status_t imsaka_sa_kernel_del_sa(imsaka_sa_set_cfg_t *cfg, int i, mark_t mark,
								 uint32_t if_id)
{
	kernel_ipsec_sa_id_t id = {
		.spi = htonl(imsaka_sa_layout_spi(cfg, i)),
		.proto = IPPROTO_ESP,
		.mark = mark,
		.if_id = if_id,
	};
	kernel_ipsec_del_sa_t sa = {};

	imsaka_sa_layout_outer(cfg, i, cfg->remote_outer, &id.src, &id.dst);
	return charon->kernel->del_sa(charon->kernel, &id, &sa);
}

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

/**
 * @defgroup imsaka_sa_kernel imsaka_sa_kernel
 * @{ @ingroup imsaka
 * The kernel's view of SA i of a set (TS 33.203 7.1 as imsaka_sa_layout.h
 * lays it out): its selectors, and its policy and SA as charon's kernel
 * interface takes them. Shared by the sets (imsaka_sa_set.c) and the
 * journal removing what a previous charon left (imsaka_sa_journal_entry.c),
 * so both name the same kernel state.
 */

#ifndef IMSAKA_SA_KERNEL_H_
#define IMSAKA_SA_KERNEL_H_

#include "imsaka_sa_set.h"

#include <selectors/traffic_selector.h>

/**
 * Selector of the local or remote protected address and port of SA i, any
 * protocol (UDP and TCP alike).
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @param local		TRUE for the local side, FALSE for the remote one
 * @return			selector, to destroy
 */
traffic_selector_t *imsaka_sa_kernel_ts(imsaka_sa_set_cfg_t *cfg, int i,
										bool local);

/**
 * Add or delete the policy of SA i, with the peer at cfg->remote_outer.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @param reqid		reqid of the SA's pair
 * @param mark		mark of the policy
 * @param if_id		interface ID of the policy
 * @param add		TRUE to add, FALSE to delete
 * @return			status of charon's kernel interface
 */
status_t imsaka_sa_kernel_policy(imsaka_sa_set_cfg_t *cfg, int i,
								 uint32_t reqid, mark_t mark, uint32_t if_id,
								 bool add);

/**
 * Delete SA i, with the peer at cfg->remote_outer.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @param mark		mark of the SA
 * @param if_id		interface ID of the SA
 * @return			status of charon's kernel interface (NOT_FOUND if the
 *					kernel has no such SA)
 */
status_t imsaka_sa_kernel_del_sa(imsaka_sa_set_cfg_t *cfg, int i, mark_t mark,
								 uint32_t if_id);

#endif /** IMSAKA_SA_KERNEL_H_ @}*/

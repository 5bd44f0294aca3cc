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
 * @defgroup imsaka_esp_monitor imsaka_esp_monitor
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_ESP_MONITOR_H_
#define IMSAKA_ESP_MONITOR_H_

#include "imsaka_sa_set.h"
#include "imsaka_libipsec.h"
#include "imsaka_rebind_guard.h"

typedef struct imsaka_esp_monitor_t imsaka_esp_monitor_t;

/** default verifications per second and SA set
 * (charon.plugins.imsaka.rebind.rate) */
#define IMSAKA_REBIND_RATE_DEFAULT 10

/** default verifications per second over all SA sets
 * (charon.plugins.imsaka.rebind.rate_total) */
#define IMSAKA_REBIND_RATE_TOTAL_DEFAULT 500

/**
 * Moves the peer of a context to a new outer address and port.
 *
 * Called without the monitor's lock held, in charon's receiver thread.
 *
 * @param data		data given to imsaka_esp_monitor_create()
 * @param ctx		id of the context
 * @param remote	new outer address and port of the peer
 */
typedef void (*imsaka_esp_monitor_rebind_t)(void *data, u_int ctx,
											host_t *remote);

/**
 * Learns where a peer behind a NAT moved from authenticated ESP-in-UDP,
 * under kernel-libipsec, which reports no NAT mapping changes (the kernel
 * does, XFRM_MSG_MAPPING) and matches inbound ESP by SPI and destination
 * only.
 *
 * It takes the place of kernel-libipsec's router as charon's receiver of
 * ESP and hands every packet on to libipsec unchanged. A packet on an
 * inbound SPI of a watched SA set that comes from another address or port
 * than the set's peer is examined by the set's imsaka_rebind_guard_t: its
 * sequence number must be above every one authenticated on the SA so far
 * (libipsec's and its own), and its ICV must verify with the SA's keys in a
 * private ESP context of libipsec. Then the context follows the packet's
 * source (imsaka_esp_monitor_rebind_t). Verification is rate limited per
 * set and in total.
 *
 * Thread-safe.
 */
struct imsaka_esp_monitor_t {

	/**
	 * Watch the inbound SAs of an installed set.
	 *
	 * @param ctx		id of the context owning the set
	 * @param set		set, its SPIs and addresses are read now and on
	 *					moved(); it is not used otherwise
	 * @param ck		cipher key the set was installed with
	 * @param ik		integrity key the set was installed with
	 */
	void (*watch)(imsaka_esp_monitor_t *this, u_int ctx,
				  imsaka_sa_set_t *set, const uint8_t ck[IMSAKA_CK_LEN],
				  const uint8_t ik[IMSAKA_IK_LEN]);

	/**
	 * Note that a watched set follows its peer to a new outer address.
	 *
	 * @param set		set, watched
	 */
	void (*moved)(imsaka_esp_monitor_t *this, imsaka_sa_set_t *set);

	/**
	 * Stop watching a set, wiping its keys.
	 *
	 * @param set		set, watched or not
	 */
	void (*unwatch)(imsaka_esp_monitor_t *this, imsaka_sa_set_t *set);

	/**
	 * Count the verdicts on ESP from another source than the peer's so far:
	 * counts[v] for each imsaka_rebind_verdict_t v (accepted: rebinds
	 * followed; unauthentic: forged; replayed; rate-limited: not examined).
	 *
	 * @param counts	receives the counts
	 */
	void (*get_counts)(imsaka_esp_monitor_t *this,
					   uint64_t counts[IMSAKA_REBIND_ACCEPT + 1]);

	/**
	 * Become charon's receiver of ESP, in place of kernel-libipsec's
	 * router (which must have registered before).
	 */
	void (*attach)(imsaka_esp_monitor_t *this);

	/**
	 * Stop receiving ESP. Once this returns no packet is being examined.
	 * Only while charon stops: kernel-libipsec's router, unloaded next,
	 * does not register again.
	 */
	void (*detach)(imsaka_esp_monitor_t *this);

	/**
	 * Destroy the monitor, detached before.
	 */
	void (*destroy)(imsaka_esp_monitor_t *this);
};

/**
 * Create a monitor, not attached yet.
 *
 * @param libipsec		link to libipsec, not owned
 * @param rate			verifications per second and set, 0 to learn nothing
 * @param rate_total	verifications per second over all sets
 * @param rebind		moves a context's peer
 * @param data			data for rebind
 * @return				monitor
 */
imsaka_esp_monitor_t *imsaka_esp_monitor_create(imsaka_libipsec_t *libipsec,
								u_int rate, u_int rate_total,
								imsaka_esp_monitor_rebind_t rebind,
								void *data);

#endif /** IMSAKA_ESP_MONITOR_H_ @}*/

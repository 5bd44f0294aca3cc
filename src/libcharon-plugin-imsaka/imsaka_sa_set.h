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
 * @defgroup imsaka_sa_set imsaka_sa_set
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SA_SET_H_
#define IMSAKA_SA_SET_H_

#include <networking/host.h>
#include <ipsec/ipsec_types.h>

#include <key_expansion.h>
#include <milenage.h>
#include <secagree.h>

#include "imsaka_sa_keys.h"

typedef struct imsaka_sa_set_t imsaka_sa_set_t;
typedef struct imsaka_sa_side_t imsaka_sa_side_t;
typedef struct imsaka_sa_set_cfg_t imsaka_sa_set_cfg_t;
typedef struct imsaka_sa_stats_t imsaka_sa_stats_t;

/**
 * Hook reporting the keys of each SA a set installs, e.g. to export them
 * for a packet analyser. Called during install(), keys wiped afterwards.
 *
 * @param data		data given in imsaka_sa_set_cfg_t
 * @param src		outer source address of the SA
 * @param dst		outer destination address of the SA
 * @param spi		SPI, host order
 * @param enc_alg	strongSwan encryption algorithm (ENCR_NULL if none)
 * @param enc_key	encryption key (for AEADs key and salt)
 * @param int_alg	strongSwan integrity algorithm (AUTH_UNDEFINED if none)
 * @param int_key	integrity key
 */
typedef void (*imsaka_sa_set_keys_cb_t)(void *data, host_t *src, host_t *dst,
								uint32_t spi, uint16_t enc_alg, chunk_t enc_key,
								uint16_t int_alg, chunk_t int_key);

/**
 * Hook moving one installed SA to new outer addresses in place, keeping its
 * sequence numbers and replay window, where charon's kernel interface
 * cannot (kernel-libipsec answers update_sa() with NOT_SUPPORTED).
 *
 * @param data		data given in imsaka_sa_set_cfg_t
 * @param spi		SPI, host order
 * @param src		current outer source address of the SA
 * @param dst		current outer destination address of the SA
 * @param new_src	new outer source address and port
 * @param new_dst	new outer destination address and port
 * @return			TRUE if the SA was moved
 */
typedef bool (*imsaka_sa_set_update_cb_t)(void *data, uint32_t spi,
								host_t *src, host_t *dst, host_t *new_src,
								host_t *new_dst);

/** SAs in a set (TS 33.203 7.1) */
#define IMSAKA_SA_SET_SIZE 4

/**
 * One side of a set: its protected address, ports and inbound SPIs, as it
 * announced them in spi-c, spi-s, port-c and port-s.
 */
struct imsaka_sa_side_t {

	/** protected (inner) address, port ignored */
	host_t *addr;

	/** protected client port */
	uint16_t port_c;

	/** protected server port */
	uint16_t port_s;

	/** inbound SPI for traffic to port_c */
	uint32_t spi_c;

	/** inbound SPI for traffic to port_s */
	uint32_t spi_s;
};

/**
 * What a set is made of. Hosts are borrowed; the set clones what it keeps.
 */
struct imsaka_sa_set_cfg_t {

	/** this host's side */
	imsaka_sa_side_t local;

	/** the peer's side */
	imsaka_sa_side_t remote;

	/** mode agreed (mod=) */
	imsaka_secagree_mod_t mode;

	/** integrity algorithm (alg=) */
	imsaka_esp_alg_t alg;

	/** encryption algorithm (ealg=) */
	imsaka_esp_ealg_t ealg;

	/** outer address of this host, with port 4500 for UDP-enc-tun;
	 * NULL: the protected address */
	host_t *local_outer;

	/** outer address of the peer as seen here (after any NAT), with its
	 * port for UDP-enc-tun; NULL: the protected address */
	host_t *remote_outer;

	/** seconds until the kernel drops the SAs on its own, a safety net
	 * behind the expiry the plugin schedules; not given to kernel-libipsec,
	 * whose SAs live in charon */
	uint32_t hard_lifetime;

	/** reports the keys of each SA installed, NULL for none */
	imsaka_sa_set_keys_cb_t keys_cb;

	/** data passed to keys_cb */
	void *keys_data;

	/** moves an SA in place where charon's kernel interface cannot, NULL
	 * for none (then a set follows a new peer address by replacing its
	 * SAs, which restarts their sequence numbers) */
	imsaka_sa_set_update_cb_t update_cb;

	/** data passed to update_cb */
	void *update_data;

	/** records the set while it is in the kernel (imsaka_sa_journal.h),
	 * NULL for none */
	struct imsaka_sa_journal_t *journal;
};

/**
 * Counters of one SA.
 */
struct imsaka_sa_stats_t {

	/** SPI of the SA */
	uint32_t spi;

	/** TRUE for an inbound SA */
	bool inbound;

	/** local protected port */
	uint16_t local_port;

	/** remote protected port */
	uint16_t remote_port;

	/** bytes processed, if the backend reports them */
	uint64_t bytes;

	/** packets processed, if the backend reports them */
	uint64_t packets;

	/** TRUE if bytes/packets are valid */
	bool counted;
};

/**
 * The four SAs and their policies protecting SIP between a UE and a
 * P-CSCF (TS 33.203 7.1), installed through charon's kernel interface.
 * Each SA selects one pair of protected ports for UDP and TCP alike.
 */
struct imsaka_sa_set_t {

	/**
	 * Install SAs and policies, and in tunnel modes under kernel-netlink
	 * the route to the peer's protected address (charon.install_routes,
	 * not required: a failure is logged). On any failure, what was
	 * installed is removed again in reverse order.
	 *
	 * @param ck		cipher key from AKA
	 * @param ik		integrity key from AKA
	 * @param err		on failure, what went wrong (static string)
	 * @return			TRUE if all SAs and policies are installed
	 */
	bool (*install)(imsaka_sa_set_t *this, const uint8_t ck[IMSAKA_CK_LEN],
					const uint8_t ik[IMSAKA_IK_LEN], const char **err);

	/**
	 * Remove SAs and policies, if installed.
	 */
	void (*uninstall)(imsaka_sa_set_t *this);

	/**
	 * Make sure the routes of the set's outbound policies are in place.
	 * kernel-libipsec installs one route per destination and hands it to
	 * the first policy towards it; when that policy goes (an older set of
	 * the same peer removed), the route goes with it. Re-adding and then
	 * deleting each outbound policy once gives the route to this set.
	 * Under kernel-netlink, a tunnel-mode set installs a route of its own
	 * to the peer's protected address (imsaka_route_t); an equal route
	 * installed before by another set belongs to that set, and is taken
	 * over here if it went with it.
	 */
	void (*refresh_routes)(imsaka_sa_set_t *this);

	/**
	 * Whether the set is installed.
	 *
	 * @return			TRUE if installed
	 */
	bool (*is_installed)(imsaka_sa_set_t *this);

	/**
	 * Follow a new outer address or port of the peer (NAT rebinding). The
	 * SAs are moved in place where the backend can (kernel update_sa(), or
	 * the update_cb of the configuration), keeping SPIs, keys, sequence
	 * numbers and replay windows; else they are replaced. Policies are
	 * replaced when the address changes. A new address equal to the current
	 * one changes nothing.
	 *
	 * @param remote_outer	new outer address and port of the peer
	 * @param ck			cipher key (needed when SAs are replaced)
	 * @param ik			integrity key (needed when SAs are replaced)
	 * @return				TRUE if the SAs follow the new address; FALSE if
	 *						the address family differs (nothing changed) or
	 *						the kernel refused (the set is uninstalled)
	 */
	bool (*update_remote)(imsaka_sa_set_t *this, host_t *remote_outer,
						  const uint8_t ck[IMSAKA_CK_LEN],
						  const uint8_t ik[IMSAKA_IK_LEN]);

	/**
	 * Get the configuration of the set (hosts owned by the set).
	 *
	 * @return			configuration
	 */
	imsaka_sa_set_cfg_t *(*get_cfg)(imsaka_sa_set_t *this);

	/**
	 * Query the counters of the four SAs.
	 *
	 * @param stats		IMSAKA_SA_SET_SIZE entries, filled
	 */
	void (*query)(imsaka_sa_set_t *this,
				  imsaka_sa_stats_t stats[IMSAKA_SA_SET_SIZE]);

	/**
	 * Destroy the set, removing it from the kernel if installed.
	 */
	void (*destroy)(imsaka_sa_set_t *this);
};

/**
 * Create a set, not installed yet.
 *
 * @param cfg		configuration, hosts cloned
 * @param err		on failure, what is wrong with cfg (static string)
 * @return			set, NULL if cfg is invalid or the backend cannot do it
 */
imsaka_sa_set_t *imsaka_sa_set_create(imsaka_sa_set_cfg_t *cfg,
									  const char **err);

#endif /** IMSAKA_SA_SET_H_ @}*/

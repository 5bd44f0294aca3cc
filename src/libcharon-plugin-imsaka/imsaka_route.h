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
 * @defgroup imsaka_route imsaka_route
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_ROUTE_H_
#define IMSAKA_ROUTE_H_

#include <networking/host.h>

typedef struct imsaka_route_t imsaka_route_t;

/**
 * The route a tunnel-mode SA set needs towards the peer's protected address
 * where the kernel routes before it looks at policies (kernel-netlink):
 * without one, a packet to a protected address that no other route covers
 * (a UE's private address behind a NAT) fails before XFRM sees it. Charon's
 * kernel-netlink installs such routes for CHILD_SAs only when their policies
 * name no ports, so the set installs its own, the way charon does: in
 * charon's routing table, via the next hop towards the peer's outer address,
 * with the local protected address as source.
 *
 * A route equal in every attribute to one already installed through
 * charon's kernel interface (by charon for a CHILD_SA, or by another set)
 * belongs to whoever installed it first: this object then neither owns nor
 * removes it, and takes it over on the next install() if it went away.
 */
struct imsaka_route_t {

	/**
	 * Install the route for the given outer addresses, or make sure it is
	 * still there. A route installed before for other outer addresses (a
	 * different next hop) is replaced.
	 *
	 * @param local_outer	outer address of this host
	 * @param remote_outer	outer address of the peer
	 * @return				TRUE if the route is in place (owned or not)
	 */
	bool (*install)(imsaka_route_t *this, host_t *local_outer,
					host_t *remote_outer);

	/**
	 * Remove the route, if this object owns it.
	 */
	void (*uninstall)(imsaka_route_t *this);

	/**
	 * Whether this object installed the route and removes it.
	 *
	 * @return				TRUE if owned
	 */
	bool (*is_owned)(imsaka_route_t *this);

	/**
	 * Destroy the object, removing the route if owned.
	 */
	void (*destroy)(imsaka_route_t *this);
};

/**
 * Create a route to a peer's protected address, not installed yet.
 *
 * @param dst		peer's protected address (cloned), a host route
 * @param src		local protected address (cloned), the route's source
 * @return			route object
 */
imsaka_route_t *imsaka_route_create(host_t *dst, host_t *src);

/**
 * Whether a tunnel-mode set needs a route of its own: charon's backend
 * routes before looking at policies (not kernel-libipsec, whose routes
 * follow its policies) and charon installs routes (charon.install_routes).
 *
 * @return			TRUE if routes are wanted
 */
bool imsaka_route_wanted();

#endif /** IMSAKA_ROUTE_H_ @}*/

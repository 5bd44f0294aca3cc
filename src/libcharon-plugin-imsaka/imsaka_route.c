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

#include "imsaka_route.h"
#include "imsaka_backend.h"

#include <daemon.h>

typedef struct private_imsaka_route_t private_imsaka_route_t;

/**
 * Private data of an imsaka_route_t object.
 */
struct private_imsaka_route_t {

	/**
	 * Public interface
	 */
	imsaka_route_t public;

	/**
	 * Peer's protected address
	 */
	host_t *dst;

	/**
	 * Local protected address, the source of the route
	 */
	host_t *src;

	/**
	 * Next hop of the route last installed, NULL if none
	 */
	host_t *gateway;

	/**
	 * Interface of the route last installed, NULL if none
	 */
	char *if_name;

	/**
	 * TRUE if the route was added by this object and is removed by it
	 */
	bool owned;
};

static uint8_t prefixlen(private_imsaka_route_t *this)
{
	return this->dst->get_family(this->dst) == AF_INET ? 32 : 128;
}

/**
 * Forget the route last installed, removing it if owned
 */
static void forget(private_imsaka_route_t *this)
{
	if (this->owned &&
		charon->kernel->del_route(charon->kernel,
							this->dst->get_address(this->dst),
							prefixlen(this), this->gateway, this->src,
							this->if_name, FALSE) != SUCCESS)
	{
		DBG1(DBG_KNL, "removing the route to %H failed", this->dst);
	}
	else if (this->owned)
	{
		DBG2(DBG_KNL, "route to %H removed", this->dst);
	}
	this->owned = FALSE;
	DESTROY_IF(this->gateway);
	this->gateway = NULL;
	free(this->if_name);
	this->if_name = NULL;
}

METHOD(imsaka_route_t, uninstall, void,
	private_imsaka_route_t *this)
{
	forget(this);
}

METHOD(imsaka_route_t, install, bool,
	private_imsaka_route_t *this, host_t *local_outer, host_t *remote_outer)
{
	host_t *gateway;
	char *if_name = NULL;
	status_t status;

	gateway = charon->kernel->get_nexthop(charon->kernel, remote_outer, -1,
										  local_outer, &if_name);
	if (!if_name &&
		!charon->kernel->get_interface(charon->kernel, local_outer, &if_name))
	{
		DBG1(DBG_KNL, "no interface towards %H, no route to %H",
			 remote_outer, this->dst);
		DESTROY_IF(gateway);
		return FALSE;
	}
	if (this->if_name && streq(this->if_name, if_name) &&
		((!gateway && !this->gateway) ||
		 (gateway && this->gateway && gateway->ip_equals(gateway,
														 this->gateway))))
	{	/* the same route as before: make sure it is still there, it may
		 * have gone with the one who owned it */
		DESTROY_IF(gateway);
		free(if_name);
		if (this->owned)
		{
			return TRUE;
		}
	}
	else
	{
		forget(this);
		this->gateway = gateway;
		this->if_name = if_name;
	}
	status = charon->kernel->add_route(charon->kernel,
							this->dst->get_address(this->dst),
							prefixlen(this), this->gateway, this->src,
							this->if_name, FALSE);
	switch (status)
	{
		case SUCCESS:
			this->owned = TRUE;
			DBG2(DBG_KNL, "route to %H via %H src %H dev %s "
				 "installed", this->dst, this->gateway, this->src,
				 this->if_name);
			return TRUE;
		case ALREADY_DONE:
			/* someone else's equal route, theirs to remove */
			DBG2(DBG_KNL, "route to %H via %H src %H dev %s "
				 "already installed", this->dst, this->gateway, this->src,
				 this->if_name);
			return TRUE;
		default:
			DBG1(DBG_KNL, "installing the route to %H via %H src %H "
				 "dev %s failed", this->dst, this->gateway, this->src,
				 this->if_name);
			return FALSE;
	}
}

METHOD(imsaka_route_t, is_owned, bool,
	private_imsaka_route_t *this)
{
	return this->owned;
}

METHOD(imsaka_route_t, destroy, void,
	private_imsaka_route_t *this)
{
	forget(this);
	this->dst->destroy(this->dst);
	this->src->destroy(this->src);
	free(this);
}

/*
 * Described in header
 */
imsaka_route_t *imsaka_route_create(host_t *dst, host_t *src)
{
	private_imsaka_route_t *this;

	INIT(this,
		.public = {
			.install = _install,
			.uninstall = _uninstall,
			.is_owned = _is_owned,
			.destroy = _destroy,
		},
		.dst = dst->clone(dst),
		.src = src->clone(src),
	);
	return &this->public;
}

/*
 * Described in header
 */
bool imsaka_route_wanted()
{
	if (imsaka_backend_type() == IMSAKA_BACKEND_USERSPACE)
	{	/* kernel-libipsec: its routes follow its policies */
		return FALSE;
	}
	return lib->settings->get_bool(lib->settings, "%s.install_routes", TRUE,
								   lib->ns);
}

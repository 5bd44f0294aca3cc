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

#include "imsaka_sa_layout.h"

/**
 * The four SAs, in the order they are installed
 */
static const struct {
	/** SA protects traffic to this host */
	bool inbound;
	/** the local protected port of the SA is port_c (else port_s) */
	bool local_client;
} layout[IMSAKA_SA_SET_SIZE] = {
	/* local port_c -> remote port_s, on the peer's spi-s */
	{ FALSE, TRUE },
	/* local port_s -> remote port_c, on the peer's spi-c */
	{ FALSE, FALSE },
	/* remote port_s -> local port_c, on our spi-c */
	{ TRUE, TRUE },
	/* remote port_c -> local port_s, on our spi-s */
	{ TRUE, FALSE },
};

/*
 * Described in header
 */
bool imsaka_sa_layout_inbound(int i)
{
	return layout[i].inbound;
}

/*
 * Described in header
 */
int imsaka_sa_layout_pair(int i)
{
	return layout[i].local_client ? 0 : 1;
}

/*
 * Described in header
 */
uint16_t imsaka_sa_layout_local_port(imsaka_sa_set_cfg_t *cfg, int i)
{
	return layout[i].local_client ? cfg->local.port_c : cfg->local.port_s;
}

/*
 * Described in header
 */
uint16_t imsaka_sa_layout_remote_port(imsaka_sa_set_cfg_t *cfg, int i)
{
	return layout[i].local_client ? cfg->remote.port_s : cfg->remote.port_c;
}

/*
 * Described in header
 */
uint32_t imsaka_sa_layout_spi(imsaka_sa_set_cfg_t *cfg, int i)
{
	if (layout[i].inbound)
	{
		return layout[i].local_client ? cfg->local.spi_c : cfg->local.spi_s;
	}
	return layout[i].local_client ? cfg->remote.spi_s : cfg->remote.spi_c;
}

/*
 * Described in header
 */
void imsaka_sa_layout_outer(imsaka_sa_set_cfg_t *cfg, int i, host_t *remote,
							host_t **src, host_t **dst)
{
	if (layout[i].inbound)
	{
		*src = remote;
		*dst = cfg->local_outer;
	}
	else
	{
		*src = cfg->local_outer;
		*dst = remote;
	}
}

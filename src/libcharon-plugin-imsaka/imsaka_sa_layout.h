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
 * @defgroup imsaka_sa_layout imsaka_sa_layout
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SA_LAYOUT_H_
#define IMSAKA_SA_LAYOUT_H_

#include "imsaka_sa_set.h"

/**
 * How the four SAs of a set relate to the two sides (TS 33.203 7.1). Each
 * side receives on the SPIs it announced; the SA towards a side's client
 * port uses its spi-c, towards its server port its spi-s. SA i, 0 <= i <
 * IMSAKA_SA_SET_SIZE, is the same SA in every call.
 */

/**
 * Whether SA i protects traffic to this host.
 *
 * @param i			index of the SA
 * @return			TRUE for an inbound SA
 */
bool imsaka_sa_layout_inbound(int i);

/**
 * The reqid pair of SA i: the SAs on our client port share one reqid, the
 * SAs on our server port the other.
 *
 * @param i			index of the SA
 * @return			0 for our client port, 1 for our server port
 */
int imsaka_sa_layout_pair(int i);

/**
 * The local protected port of SA i.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @return			port
 */
uint16_t imsaka_sa_layout_local_port(imsaka_sa_set_cfg_t *cfg, int i);

/**
 * The remote protected port of SA i.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @return			port
 */
uint16_t imsaka_sa_layout_remote_port(imsaka_sa_set_cfg_t *cfg, int i);

/**
 * The SPI of SA i, host order.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @return			SPI
 */
uint32_t imsaka_sa_layout_spi(imsaka_sa_set_cfg_t *cfg, int i);

/**
 * The source and destination outer addresses of SA i with the peer at
 * remote.
 *
 * @param cfg		configuration of the set
 * @param i			index of the SA
 * @param remote	outer address of the peer
 * @param src		receives the source (not cloned)
 * @param dst		receives the destination (not cloned)
 */
void imsaka_sa_layout_outer(imsaka_sa_set_cfg_t *cfg, int i, host_t *remote,
							host_t **src, host_t **dst);

#endif /** IMSAKA_SA_LAYOUT_H_ @}*/

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
 * @defgroup ladder_arrow ladder_arrow
 * @{ @ingroup imsakactl
 */

#ifndef LADDER_ARROW_H_
#define LADDER_ARROW_H_

#include "ladder_sighting.h"

#include <stddef.h>

/** longest text of an arrow */
#define LADDER_TEXT_LEN 320

typedef struct ladder_arrow_t ladder_arrow_t;

/**
 * One arrow of the ladder.
 */
struct ladder_arrow_t {

	/** column it starts at */
	int from;

	/** column it ends at */
	int to;

	/** the message as seen on this arrow's leg */
	ladder_sighting_t msg;

	/** seconds since the first message */
	double seconds;

	/** registration step, e.g. "SM1" or "SM2/SM3"; empty if none */
	char step[16];

	/** method or status, e.g. "REGISTER" or "401 (REGISTER)" */
	char label[LADDER_TEXT_LEN];

	/** protection, e.g. "plain" or "ESP-in-UDP spi=0x0aac8a85" */
	char protection[48];

	/** transport and addresses of the leg */
	char addresses[LADDER_TEXT_LEN];

	/** the NAT's rewrite on this leg, empty if none */
	char rewrite[LADDER_TEXT_LEN];

	/** a retransmission of an earlier message on the same leg */
	bool retransmission;
};

/**
 * Fill in an arrow's label, protection and addresses from its message.
 *
 * @param arrow		arrow with its msg set
 * @param mechanism	security mechanism the message's Call-ID agreed on
 *					(names TLS protection), "" if none
 */
void ladder_arrow_describe(ladder_arrow_t *arrow, const char *mechanism);

/**
 * Print an endpoint as "addr:port", an IPv6 address in brackets.
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param endpoint	endpoint
 */
void ladder_arrow_endpoint(char *buf, size_t len,
						   const ladder_endpoint_t *endpoint);

#endif /** LADDER_ARROW_H_ @}*/

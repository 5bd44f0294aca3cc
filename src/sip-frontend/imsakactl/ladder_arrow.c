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

#include "ladder_arrow.h"

#include <library.h>

/*
 * Described in header
 */
void ladder_arrow_endpoint(char *buf, size_t len,
						   const ladder_endpoint_t *endpoint)
{
	snprintf(buf, len, strchr(endpoint->addr, ':') ? "[%s]:%u" : "%s:%u",
			 endpoint->addr, endpoint->port);
}

/*
 * Described in header
 */
void ladder_arrow_describe(ladder_arrow_t *arrow, const char *mechanism)
{
	ladder_sighting_t *s = &arrow->msg;
	char src[64], dst[64], isrc[64], idst[64];
	const char *transport = s->tcp ? "TCP" : "UDP";

	ladder_arrow_endpoint(src, sizeof(src), &s->src);
	ladder_arrow_endpoint(dst, sizeof(dst), &s->dst);
	ladder_arrow_endpoint(isrc, sizeof(isrc), &s->inner_src);
	ladder_arrow_endpoint(idst, sizeof(idst), &s->inner_dst);
	switch (s->protection)
	{
		case LADDER_PROT_PLAIN:
			snprintf(arrow->protection, sizeof(arrow->protection), "plain");
			snprintf(arrow->addresses, sizeof(arrow->addresses),
					 "%s %s -> %s", transport, src, dst);
			break;
		case LADDER_PROT_ESP_UDP:
			snprintf(arrow->protection, sizeof(arrow->protection),
					 "ESP-in-UDP spi=0x%08x", s->spi);
			snprintf(arrow->addresses, sizeof(arrow->addresses),
					 "%s -> %s, inside %s %s -> %s", src, dst, transport,
					 isrc, idst);
			break;
		case LADDER_PROT_ESP:
			/* the outer header has no ports */
			snprintf(arrow->protection, sizeof(arrow->protection),
					 "ESP spi=0x%08x", s->spi);
			snprintf(arrow->addresses, sizeof(arrow->addresses),
					 "%s -> %s, inside %s %s -> %s", s->src.addr,
					 s->dst.addr, transport, isrc, idst);
			break;
		case LADDER_PROT_TLS:
			snprintf(arrow->protection, sizeof(arrow->protection), "%s",
					 streq(mechanism, "tls-psk") ? "TLS-PSK" :
					 streq(mechanism, "tls-aka") ? "tls-aka" : "TLS");
			snprintf(arrow->addresses, sizeof(arrow->addresses),
					 "TLS/TCP %s -> %s", src, dst);
			break;
	}
	if (s->method[0])
	{
		snprintf(arrow->label, sizeof(arrow->label), "%s%s", s->method,
				 s->expires_zero ? " (expires 0)" : "");
	}
	else
	{
		snprintf(arrow->label, sizeof(arrow->label), "%u (%s)", s->status,
				 s->cseq_method);
	}
}

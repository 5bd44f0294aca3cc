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

/*
 * The keep-alive wheel itself needs libstrongswan only (tests and the
 * benchmark run it without a charon); this is its link to charon's sender.
 */

#ifndef ME
#error imsaka must be built against strongSwan headers configured with mediation (ME), like the charon of Debian
#endif

#include "imsaka_keepalive.h"
#include "imsaka_counters.h"

#include <daemon.h>

/*
 * Described in header
 */
void imsaka_keepalive_send_charon(void *data, host_t *src, host_t *dst)
{
	packet_t *packet;

	DBG2(DBG_NET, "sending NAT-keepalive from %#H to %#H", src, dst);
	/* as ike_sa_t.send_keepalive() does, but for SAs without an IKE_SA */
	packet = packet_create_from_data(src->clone(src), dst->clone(dst),
									 chunk_clone(chunk_from_chars(0xFF)));
	charon->sender->send_no_marker(charon->sender, packet);
	imsaka_counters_bump(data, IMSAKA_COUNTER_KEEPALIVES_SENT);
}

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

#include "bench_reg_message.h"
#include "bench_reg_identity.h"

#include <stdio.h>

/** the text every MESSAGE carries */
#define BODY "fleet probe\r\n"

/*
 * Described in header
 */
size_t bench_reg_message_build(const bench_reg_conf_t *conf, unsigned ue,
							   unsigned cseq, char buf[BENCH_REG_MSG_MAX])
{
	imsaka_addr_t addr;
	int n;

	bench_reg_identity_addr(conf, ue, &addr);
	n = snprintf(buf, BENCH_REG_MSG_MAX,
		"MESSAGE sip:u%u@%s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %u.%u.%u.%u:%u;branch=z9hG4bK-%su%u-m%u;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:u%u@%s>;tag=m%u\r\n"
		"To: <sip:u%u@%s>\r\n"
		"Call-ID: %s%u-msg@bench\r\n"
		"CSeq: %u MESSAGE\r\n"
		"Content-Type: text/plain\r\n"
		"Content-Length: %zu\r\n\r\n" BODY,
		ue, conf->domain, addr.ip[0], addr.ip[1], addr.ip[2], addr.ip[3],
		bench_reg_ue_port_c(conf, 0), conf->callid, ue, cseq,
		ue, conf->domain, ue, ue, conf->domain, conf->callid, ue, cseq,
		sizeof(BODY) - 1);
	return n > 0 && n < BENCH_REG_MSG_MAX ? (size_t)n : 0;
}

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
 * @defgroup bench_reg_message bench_reg_message
 * @{ @ingroup bench
 *
 * The MESSAGE a registered emulated UE sends through its P-CSCF unit to
 * show that its registration carries requests: from its protected address
 * and port_c to the unit's protected port_s (in plaintext, as SM7), to
 * itself; the S-CSCF answers 200 for a registered From.
 */

#ifndef BENCH_REG_MESSAGE_H_
#define BENCH_REG_MESSAGE_H_

#include "bench_reg_ue.h"

/**
 * Build a MESSAGE of a registered UE (BENCH_REG_PCSCF, set 0).
 *
 * @param conf		settings
 * @param ue		UE number
 * @param cseq		its CSeq number (its Call-ID is the UE's MESSAGE one)
 * @param buf		receives the message
 * @return			its length, 0 if it did not fit
 */
size_t bench_reg_message_build(const bench_reg_conf_t *conf, unsigned ue,
							   unsigned cseq, char buf[BENCH_REG_MSG_MAX]);

#endif /** BENCH_REG_MESSAGE_H_ @}*/

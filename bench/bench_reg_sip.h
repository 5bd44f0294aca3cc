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
 * @defgroup bench_reg_sip bench_reg_sip
 * @{ @ingroup bench
 *
 * The few things the registration load generator reads from a SIP
 * response, straight from the text (no parser in the measured path of the
 * generator, so it leaves the CPU to the servers under test).
 */

#ifndef BENCH_REG_SIP_H_
#define BENCH_REG_SIP_H_

#include <stdbool.h>
#include <stddef.h>

/**
 * Status code of a response.
 *
 * @param msg		message text (need not be NUL-terminated)
 * @param len		its length
 * @return			100..699, or 0 if msg is no response
 */
int bench_reg_sip_status(const char *msg, size_t len);

/**
 * Find a header field by name (case-insensitive, full names only) in the
 * header part of a message.
 *
 * @param msg		message text
 * @param len		its length
 * @param name		field name without colon
 * @param nth		0 for the first such field, 1 for the second, ...
 * @param value		set to the value, leading blanks skipped
 * @param vlen		set to its length, trailing blanks and CR cut
 * @return			TRUE if found
 */
bool bench_reg_sip_header(const char *msg, size_t len, const char *name,
						  int nth, const char **value, size_t *vlen);

/**
 * The UE number in a Call-ID of the form "<prefix><number>-...".
 *
 * @param msg		message text
 * @param len		its length
 * @param prefix	the Call-ID prefix
 * @param ue		set to the number
 * @return			TRUE if the Call-ID has that form
 */
bool bench_reg_sip_ue(const char *msg, size_t len, const char *prefix,
					  unsigned *ue);

/**
 * The decimal number a header field value starts with (CSeq's sequence
 * number, Retry-After's seconds; what follows it is not read).
 *
 * @param msg		message text
 * @param len		its length
 * @param name		field name without colon
 * @param max		largest value accepted
 * @param number	set to the number
 * @return			TRUE if the field is there and starts with a number
 *					of at most max
 */
bool bench_reg_sip_number(const char *msg, size_t len, const char *name,
						  unsigned max, unsigned *number);

#endif /** BENCH_REG_SIP_H_ @}*/

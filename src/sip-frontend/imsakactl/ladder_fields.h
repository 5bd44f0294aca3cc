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
 * @defgroup ladder_fields ladder_fields
 * @{ @ingroup imsakactl
 *
 * The fields imsakactl ladder asks tshark for (-T fields) and the parser
 * of one line of its output into a sighting. Every field is checked: a
 * line that does not have exactly the fields asked for, or a field that
 * is not what tshark prints for it, is refused with a reason.
 */

#ifndef LADDER_FIELDS_H_
#define LADDER_FIELDS_H_

#include "ladder_sighting.h"

#include <stddef.h>

/** field separator asked of tshark (-E separator): no SIP text has it */
#define LADDER_FIELDS_SEPARATOR '\x1f'

/** separator of the occurrences of one field (-E aggregator) */
#define LADDER_FIELDS_AGGREGATOR '\x1e'

/** longest line accepted, newline included */
#define LADDER_FIELDS_LINE_MAX 16384

/**
 * Number of fields of a line.
 *
 * @return			number of fields
 */
int ladder_fields_count(void);

/**
 * tshark's name of field i (for -e).
 *
 * @param i			0 .. ladder_fields_count() - 1
 * @return			field name, e.g. "frame.time_epoch"
 */
const char *ladder_fields_name(int i);

/**
 * Parse one line of tshark's output.
 *
 * @param line		line without its newline, changed (split in place)
 * @param capture	index of the capture the line came from
 * @param sighting	filled in on success
 * @param err		reason on failure
 * @param err_len	size of err
 * @return			TRUE if the line is a valid SIP sighting
 */
bool ladder_fields_parse(char *line, unsigned capture,
						 ladder_sighting_t *sighting, char *err,
						 size_t err_len);

#endif /** LADDER_FIELDS_H_ @}*/

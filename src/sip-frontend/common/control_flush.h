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
 * @defgroup control_flush control_flush
 * @{ @ingroup sip_frontend
 * ctx-flush at a frontend's start (docs/CONTROL.md): the contexts a
 * previous process of the same frontend left in charon (it was killed, or
 * stopped without charon) are deleted with their SA sets, before the new
 * process makes its own.
 */

#ifndef CONTROL_FLUSH_H_
#define CONTROL_FLUSH_H_

#include "control_channel.h"

/**
 * Send ctx-flush and log what it removed: at level 1 if it removed any,
 * or if charon refused it (an older plugin answers ERR for an unknown
 * command: ignored).
 *
 * @param channel	channel, connected here if not
 * @param role		"ue" or "pcscf"
 * @param impi		the IMPI whose contexts go (role ue), NULL for all of
 *					the role; a control token (no space)
 * @param program	program name for the log line, e.g. "imsaka-pcscf"
 * @return			contexts removed, -1 if none could be (logged)
 */
int control_flush(control_channel_t *channel, const char *role,
				  const char *impi, const char *program);

#endif /** CONTROL_FLUSH_H_ @}*/

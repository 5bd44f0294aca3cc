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
 * @defgroup sip_error sip_error
 * @{ @ingroup sip_frontend
 *
 * The frontends' one error style: a step that fails fills a sip_error_t
 * with the SIP status to answer (or 0 when nothing is answered, e.g. at the
 * UE) and a reason for the log line. libimsaka reports an enum with text,
 * the plugin a status with a DBG line; the frontends turn both into this.
 */

#ifndef SIP_ERROR_H_
#define SIP_ERROR_H_

#include <stdbool.h>

typedef struct sip_error_t sip_error_t;

/**
 * What went wrong in one step of a frontend.
 */
struct sip_error_t {

	/** SIP status code to answer with, 0 for none */
	int status;

	/** why, for the log line and the reason phrase; a static string */
	const char *reason;
};

/**
 * Fill an error; returns FALSE so a failing step can end with
 * `return sip_error_set(err, 500, "...")`.
 *
 * @param err		error to fill, may be NULL
 * @param status	SIP status code, 0 for none
 * @param reason	static text saying why
 * @return			FALSE
 */
static inline bool sip_error_set(sip_error_t *err, int status,
								 const char *reason)
{
	if (err)
	{
		err->status = status;
		err->reason = reason;
	}
	return false;
}

#endif /** SIP_ERROR_H_ @}*/

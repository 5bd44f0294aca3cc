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

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/** longest reason kept, with its terminating NUL */
#define SIP_ERROR_REASON_MAX 192

typedef struct sip_error_t sip_error_t;

/**
 * What went wrong in one step of a frontend. The reason is a copy, so an
 * error may be copied, returned by value and outlive what it names.
 */
struct sip_error_t {

	/** SIP status code to answer with, 0 for none */
	int status;

	/** why, for the log line (never a key), cut to fit */
	char reason[SIP_ERROR_REASON_MAX];
};

/**
 * Fill an error with a formatted reason; returns FALSE so a failing step
 * can end with `return sip_error_setf(err, 400, "bad %s", what)`.
 *
 * @param err		error to fill, may be NULL
 * @param status	SIP status code, 0 for none
 * @param fmt		printf() format of the reason
 * @return			FALSE
 */
static inline bool __attribute__((format(printf, 3, 4)))
sip_error_setf(sip_error_t *err, int status, const char *fmt, ...)
{
	va_list args;

	if (err)
	{
		err->status = status;
		va_start(args, fmt);
		vsnprintf(err->reason, sizeof(err->reason), fmt, args);
		va_end(args);
	}
	return false;
}

/**
 * Fill an error with a plain reason; returns FALSE.
 *
 * @param err		error to fill, may be NULL
 * @param status	SIP status code, 0 for none
 * @param reason	text saying why
 * @return			FALSE
 */
static inline bool sip_error_set(sip_error_t *err, int status,
								 const char *reason)
{
	return sip_error_setf(err, status, "%s", reason);
}

#endif /** SIP_ERROR_H_ @}*/

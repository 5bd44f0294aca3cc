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

#include "imsaka_counters.h"

#include <utils/debug.h>

/** prefix of the counters of error codes */
#define ERRORS_PREFIX "errors-"

/** longest error code looked up */
#define CODE_MAX 32

ENUM(imsaka_counter_names, IMSAKA_COUNTER_SETS_INSTALLED,
	 IMSAKA_COUNTER_ERRORS_RESOURCE,
	"sets-installed",
	"sets-promoted",
	"sets-removed",
	"sets-install-failed",
	"keepalives-sent",
	"nat-mappings-followed",
	"errors-syntax",
	"errors-command",
	"errors-param",
	"errors-version",
	"errors-ctx",
	"errors-state",
	"errors-auth",
	"errors-sync",
	"errors-unsupported",
	"errors-kernel",
	"errors-resource",
);

typedef struct private_imsaka_counters_t private_imsaka_counters_t;

/**
 * Private data of an imsaka_counters_t object.
 */
struct private_imsaka_counters_t {

	/**
	 * Public interface
	 */
	imsaka_counters_t public;

	/**
	 * The counts, changed with atomic operations only: a lock would make
	 * the threads that count (control requests, the keep-alive wheel, the
	 * lifetime job) wait for each other
	 */
	uint64_t counts[IMSAKA_COUNTER_MAX];
};

METHOD(imsaka_counters_t, count, void,
	private_imsaka_counters_t *this, imsaka_counter_t which)
{
	if (which < IMSAKA_COUNTER_MAX)
	{
		__atomic_add_fetch(&this->counts[which], 1, __ATOMIC_RELAXED);
	}
}

METHOD(imsaka_counters_t, count_reply, bool,
	private_imsaka_counters_t *this, const char *reply)
{
	char name[sizeof(ERRORS_PREFIX) + CODE_MAX];
	imsaka_counter_t which;
	size_t len;

	if (strncmp(reply, "ERR ", 4))
	{
		return TRUE;
	}
	reply += 4;
	len = strcspn(reply, " \n");
	if (len <= CODE_MAX)
	{
		snprintf(name, sizeof(name), ERRORS_PREFIX "%.*s", (int)len, reply);
		for (which = IMSAKA_COUNTER_ERRORS_SYNTAX; which < IMSAKA_COUNTER_MAX;
			 which++)
		{
			if (streq(name, enum_to_name(imsaka_counter_names, which)))
			{
				count(this, which);
				return TRUE;
			}
		}
	}
	/* a code added without its counter: stats would miss these errors */
	DBG1(DBG_CFG, "no counter for the control error code '%.*s'",
		 (int)min(len, CODE_MAX), reply);
	return FALSE;
}

METHOD(imsaka_counters_t, get, uint64_t,
	private_imsaka_counters_t *this, imsaka_counter_t which)
{
	if (which >= IMSAKA_COUNTER_MAX)
	{
		return 0;
	}
	return __atomic_load_n(&this->counts[which], __ATOMIC_RELAXED);
}

METHOD(imsaka_counters_t, destroy, void,
	private_imsaka_counters_t *this)
{
	free(this);
}

/*
 * Described in header
 */
imsaka_counters_t *imsaka_counters_create()
{
	private_imsaka_counters_t *this;

	INIT(this,
		.public = {
			.count = _count,
			.count_reply = _count_reply,
			.get = _get,
			.destroy = _destroy,
		},
	);
	return &this->public;
}

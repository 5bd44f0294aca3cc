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

#include "imsaka_control_session.h"

#include <daemon.h>

typedef struct private_imsaka_control_session_t
					private_imsaka_control_session_t;

/**
 * Private data of an imsaka_control_session_t object.
 */
struct private_imsaka_control_session_t {

	/**
	 * Public interface
	 */
	imsaka_control_session_t public;

	/**
	 * What commands act on
	 */
	imsaka_control_env_t *env;

	/**
	 * Protocol version of the connection
	 */
	u_int version;
};

/**
 * hello: agree on the protocol version of the connection
 */
static bool hello(private_imsaka_control_session_t *this,
				  imsaka_control_request_t *req,
				  imsaka_control_reply_t *reply)
{
	static const char *const params[] = { "version", NULL };
	uint32_t version;

	if (!imsaka_control_request_check(req, params) ||
		!imsaka_control_request_u32(req, "version", 1, UINT32_MAX, &version,
									TRUE))
	{
		return FALSE;
	}
	if (version < IMSAKA_CONTROL_VERSION ||
		version > IMSAKA_CONTROL_VERSION_MAX)
	{
		return imsaka_control_request_error(req, "version", "protocol version "
					"%u is not supported, versions %d and %d are", version,
					IMSAKA_CONTROL_VERSION, IMSAKA_CONTROL_VERSION_MAX);
	}
	this->version = version;
	if (this->env->instance[0])
	{	/* a frontend seeing another instance knows charon restarted */
		imsaka_control_reply_add(reply, "OK version=%u imsaka=%s "
								 "instance=%s", version, IMSAKA_VERSION,
								 this->env->instance);
	}
	else
	{
		imsaka_control_reply_add(reply, "OK version=%u imsaka=%s", version,
								 IMSAKA_VERSION);
	}
	return TRUE;
}

/**
 * Run a parsed request (its tag taken out), build the untagged reply
 */
static void run(private_imsaka_control_session_t *this,
				imsaka_control_request_t *req, imsaka_control_reply_t *reply)
{
	DBG2(DBG_NET, "control request '%s'", req->command);
	if (!streq(req->command, "hello"))
	{
		imsaka_control_dispatch(this->env, req, reply);
	}
	else if (!hello(this, req, reply))
	{
		DBG2(DBG_CFG, "control request hello failed: %s", req->err);
		imsaka_control_reply_err(reply, req->err);
	}
}

METHOD(imsaka_control_session_t, process, void,
	private_imsaka_control_session_t *this, const char *line, size_t len,
	imsaka_control_reply_t *reply)
{
	imsaka_control_request_t *req;
	uint32_t tag = 0;

	imsaka_control_reply_reset(reply);
	req = malloc(sizeof(*req));
	if (!imsaka_control_request_parse(req, line, len))
	{
		if (req->err[0])
		{	/* answered with the tag where one can be read */
			if (this->version >= 2)
			{
				tag = imsaka_control_find_tag(line, len, TRUE);
			}
			imsaka_control_reply_err(reply, req->err);
		}
	}
	else if (this->version < 2)
	{	/* tag= is an unknown parameter of every command in v1 */
		run(this, req, reply);
	}
	else if (!imsaka_control_request_take_tag(req))
	{	/* a tag that is not a number: nothing to match the reply by */
		imsaka_control_reply_err(reply, req->err);
	}
	else
	{
		/* hello may change the version, the reply keeps the request's tag */
		tag = req->tag;
		run(this, req, reply);
	}
	imsaka_counters_bump_reply(this->env->counters, reply->buf);
	imsaka_control_reply_tag(reply, tag);
	/* requests may hold keys (ctx-keys, sa-prepare) */
	memwipe(req, sizeof(*req));
	free(req);
}

METHOD(imsaka_control_session_t, refuse_long, void,
	private_imsaka_control_session_t *this, const char *start, size_t len,
	imsaka_control_reply_t *reply)
{
	imsaka_control_reply_reset(reply);
	imsaka_control_reply_add(reply, "ERR syntax request longer than %d bytes",
							 IMSAKA_CONTROL_LINE_MAX);
	imsaka_counters_bump_reply(this->env->counters, reply->buf);
	if (this->version >= 2)
	{
		imsaka_control_reply_tag(reply,
								 imsaka_control_find_tag(start, len, FALSE));
	}
}

METHOD(imsaka_control_session_t, get_version, u_int,
	private_imsaka_control_session_t *this)
{
	return this->version;
}

METHOD(imsaka_control_session_t, destroy, void,
	private_imsaka_control_session_t *this)
{
	free(this);
}

/*
 * Described in header
 */
imsaka_control_session_t *imsaka_control_session_create(
											imsaka_control_env_t *env)
{
	private_imsaka_control_session_t *this;

	INIT(this,
		.public = {
			.process = _process,
			.refuse_long = _refuse_long,
			.get_version = _get_version,
			.destroy = _destroy,
		},
		.env = env,
		.version = IMSAKA_CONTROL_VERSION,
	);
	return &this->public;
}

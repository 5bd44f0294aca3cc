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

#include "test_control_fixture.h"

#include <string.h>

#include <check.h>

/*
 * Described in header
 */
void test_control_fixture_create(test_control_fixture_t *this, u_int spi_count,
								 u_int max, imsaka_keepalive_t *keepalive,
								 imsaka_counters_t *counters)
{
	this->spis = imsaka_spi_allocator_create(256, 256 + spi_count - 1, 0);
	ck_assert(this->spis);
	this->contexts = imsaka_context_manager_create(this->spis, keepalive, NULL,
												   counters, 32, 0, max);
	this->env = (imsaka_control_env_t){
		.contexts = this->contexts,
		.counters = counters,
		.reg_await_auth = 32,
		.hard_lifetime = 3600,
	};
	this->session = imsaka_control_session_create(&this->env);
	this->reply = (imsaka_control_reply_t){};
}

/*
 * Described in header
 */
const char *test_control_fixture_request(test_control_fixture_t *this,
										 const char *line)
{
	this->session->process(this->session, line, strlen(line), &this->reply);
	return this->reply.len ? this->reply.buf : "";
}

/*
 * Described in header
 */
void test_control_fixture_destroy(test_control_fixture_t *this)
{
	imsaka_control_reply_free(&this->reply);
	if (this->session)
	{
		this->session->destroy(this->session);
		this->contexts->destroy(this->contexts);
		this->spis->destroy(this->spis);
	}
	*this = (test_control_fixture_t){};
}

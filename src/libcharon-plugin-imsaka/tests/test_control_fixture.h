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
 * @defgroup test_control_fixture test_control_fixture
 * @{ @ingroup imsaka_plugin_tests
 */

#ifndef TEST_CONTROL_FIXTURE_H_
#define TEST_CONTROL_FIXTURE_H_

#include "imsaka_control_session.h"
#include "imsaka_context_manager.h"
#include "imsaka_spi_allocator.h"

typedef struct test_control_fixture_t test_control_fixture_t;

/**
 * A control session over a context manager and SPI range of its own, as
 * the plugin's control socket runs one: what the suites that drive the
 * plugin by request lines set up.
 */
struct test_control_fixture_t {

	/** SPIs from 256 on */
	imsaka_spi_allocator_t *spis;

	/** the registration contexts */
	imsaka_context_manager_t *contexts;

	/** what the session's commands act on */
	imsaka_control_env_t env;

	/** the session */
	imsaka_control_session_t *session;

	/** the last reply */
	imsaka_control_reply_t reply;
};

/**
 * Create the SPI range, the context manager and the session (contexts
 * awaiting authentication for 32 s, SA hard lifetime 3600 s).
 *
 * @param this			fixture to fill
 * @param spi_count		SPIs in the range, from 256 on
 * @param max			contexts at most
 * @param keepalive		NAT keep-alives of the contexts, NULL for none
 * @param counters		counters, NULL for none
 */
void test_control_fixture_create(test_control_fixture_t *this, u_int spi_count,
								 u_int max, imsaka_keepalive_t *keepalive,
								 imsaka_counters_t *counters);

/**
 * Run a request line through the session.
 *
 * @param this			fixture
 * @param line			request line
 * @return				the reply text, "" for none
 */
const char *test_control_fixture_request(test_control_fixture_t *this,
										 const char *line);

/**
 * Destroy the session, the contexts (and their sets) and the SPI range,
 * free the reply; nothing if the fixture holds no session.
 *
 * @param this			fixture
 */
void test_control_fixture_destroy(test_control_fixture_t *this);

#endif /** TEST_CONTROL_FIXTURE_H_ @}*/

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

/*
 * Unit tests of the lifetime of registration contexts without SA sets:
 * the idle timeout, and the hold of ctx-hold (tls-psk, tls-aka
 * registrations). Real time, second granularity of time_monotonic(): the
 * waits are chosen so that no rounding makes a check pass or fail.
 */

#include <check.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>

#include "imsaka_context_manager.h"
#include "test_library.h"

/** idle timeout of the contexts in the tests */
#define IDLE 1

/** a year, as the cap of a hold where none is wanted */
#define NO_CAP (365 * 24 * 3600)

static imsaka_spi_allocator_t *spis;

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	/* the plugin logs through charon's bus */
	ck_assert(libcharon_init());
	spis = imsaka_spi_allocator_create(256, 1023, 256);
	ck_assert(spis);
	/* the contexts' clock, moved forward by wait_ms() only: lifetimes,
	 * holds and idle timeouts are tested however fast or slow the machine
	 * is */
	test_now = 1000;
	imsaka_context_set_clock(test_clock);
}

static void teardown()
{
	imsaka_context_set_clock(NULL);
	spis->destroy(spis);
	libcharon_deinit();
	library_deinit();
}

static imsaka_context_t *context()
{
	return imsaka_context_create(1, IMSAKA_CONTEXT_PCSCF,
				identification_create_from_string("alice@ims.example.net"),
				spis, NULL, NULL, NULL, IDLE, NULL, NULL);
}

/** let ms milliseconds pass on the contexts' clock (whole seconds, as
 * the contexts count them) */
static void wait_ms(u_int ms)
{
	test_now += (ms + 999) / 1000;
}

START_TEST(test_idle_without_hold)
{
	imsaka_context_t *ctx = context();

	ck_assert_int_eq(ctx->get_hold(ctx), 0);
	ck_assert(!ctx->expire(ctx));
	wait_ms(1100);
	/* this is the bug of TLS registrations without ctx-hold */
	ck_assert(ctx->expire(ctx));
	ctx->destroy(ctx);
}
END_TEST

START_TEST(test_held_survives_idle_timeout)
{
	imsaka_context_t *ctx = context();

	/* expires + 30 s capped to 3 s: held until 3 s from now */
	ck_assert_int_eq(ctx->hold(ctx, 0, 3), 3);
	ck_assert_int_eq(ctx->get_hold(ctx), 3);
	wait_ms(1100);
	/* idle for longer than the idle timeout, but held */
	ck_assert(!ctx->expire(ctx));
	ck_assert_int_eq(ctx->get_hold(ctx), 1);
	wait_ms(2000);
	/* the hold is over and the context idle: it goes */
	ck_assert_int_eq(ctx->get_hold(ctx), 0);
	ck_assert(ctx->expire(ctx));
	ctx->destroy(ctx);
}
END_TEST

START_TEST(test_hold_lifetime)
{
	imsaka_context_t *ctx = context();

	/* as sa-promote: expires + 30 s */
	ck_assert_int_eq(ctx->hold(ctx, 600, NO_CAP), 630);
	/* a shorter registration does not shorten it */
	ck_assert_int_ge(ctx->hold(ctx, 100, NO_CAP), 629);
	ck_assert_int_ge(ctx->get_hold(ctx), 629);
	/* a longer one extends it */
	ck_assert_int_eq(ctx->hold(ctx, 1000, NO_CAP), 1030);
	/* the largest expires does not wrap around */
	ck_assert_int_eq(ctx->hold(ctx, UINT32_MAX, NO_CAP), NO_CAP);
	ctx->destroy(ctx);

	/* capped by the hard lifetime */
	ctx = context();
	ck_assert_int_eq(ctx->hold(ctx, 600, 100), 100);
	ctx->destroy(ctx);
}
END_TEST

START_TEST(test_touch_after_hold)
{
	imsaka_context_t *ctx = context();

	ck_assert_int_eq(ctx->hold(ctx, 0, 2), 2);
	wait_ms(2100);
	/* the hold is over; activity gives the idle timeout again */
	ctx->touch(ctx);
	ck_assert(!ctx->expire(ctx));
	wait_ms(1100);
	ck_assert(ctx->expire(ctx));
	ctx->destroy(ctx);
}
END_TEST

START_TEST(test_manager_keeps_held_context)
{
	imsaka_context_manager_t *manager;
	imsaka_context_t *ctx;
	u_int held, idle;

	manager = imsaka_context_manager_create(spis, NULL, NULL, NULL, IDLE,
											0, 10);
	held = manager->create(manager, IMSAKA_CONTEXT_UE,
				identification_create_from_string("alice@ims.example.net"));
	idle = manager->create(manager, IMSAKA_CONTEXT_UE,
				identification_create_from_string("bob@ims.example.net"));
	ck_assert(held && idle && held != idle);
	ctx = manager->checkout(manager, held);
	ck_assert(ctx);
	ck_assert_int_eq(ctx->hold(ctx, 600, NO_CAP), 630);
	manager->checkin(manager, ctx);

	wait_ms(1100);
	/* the idle one goes, the held one stays */
	ck_assert_int_eq(manager->expire(manager), 1);
	ck_assert_int_eq(manager->count(manager), 1);
	ck_assert(!manager->checkout(manager, idle));
	ctx = manager->checkout(manager, held);
	ck_assert(ctx);
	ck_assert_int_ge(ctx->get_hold(ctx), 628);
	manager->checkin(manager, ctx);

	/* ctx-delete removes a held context at once */
	ck_assert(manager->remove(manager, held));
	ck_assert_int_eq(manager->count(manager), 0);
	ck_assert(!manager->remove(manager, held));
	manager->destroy(manager);
}
END_TEST

Suite *context_suite_create(void)
{
	test_entry_t tests[] = {
		{ "hold", test_idle_without_hold, 0, 30 },
		{ "hold", test_held_survives_idle_timeout },
		{ "hold", test_hold_lifetime },
		{ "hold", test_touch_after_hold },
		{ "hold", test_manager_keeps_held_context },
	};

	return test_suite_create("imsaka context lifetime", setup, teardown, tests,
							 countof(tests));
}

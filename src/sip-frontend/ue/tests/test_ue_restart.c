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
 * The UE when charon restarts: the registration starts again from SM1
 * without a request about the context that went (fake charon); the
 * control client refuses such requests on a restarted charon and asks for
 * ctx-flush (fake charon socket); the watch notices charon's return; and
 * an unanswered protected re-REGISTER still fails after 64*T1, as when
 * the P-CSCF's charon restarted.
 */

#include "registration_bench.h"
#include "../../common/tests/fake_charon.h"

#include <stdio.h>
#include <string.h>

#include "ue_charon_watch.h"

#define INSTANCE_A "0f3a5c7e9b1d2f40"
#define INSTANCE_B "7d2e4f6a8c0b1e35"

/**
 * What the fake charon was asked after a mark
 */
static const char *asked_since(size_t mark)
{
	return bench.fc->log + mark;
}

START_TEST(test_restart_registered)
{
	const fake_sent_t *sent;
	size_t mark;
	int sent_before;

	bench_register();
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	mark = strlen(bench.fc->log);
	sent_before = bench.ft->sent_count;
	/* the context 7 went with charon; the next one is 8 */
	bench.fc->gone_below = 7;
	bench.fc->next_ctx = 8;
	bench.reg->charon_restarted(bench.reg, INSTANCE_A, INSTANCE_B);

	ck_assert(!strstr(asked_since(mark), "ctx=7"));
	ck_assert(strstr(asked_since(mark), "ctx-create role=ue "
					 "impi=alice@ims.example.net\n"));
	ck_assert(strstr(asked_since(mark), "spi-alloc ctx=8\n"));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM1_SENT);
	/* SM1: unprotected, from the unprotected port, no response yet */
	ck_assert_int_eq(bench.ft->sent_count, sent_before + 1);
	sent = fake_transport_last(bench.ft);
	ck_assert_int_eq(sent->peer.local.port, 5060);
	ck_assert(!strstr(sent->msg, "Security-Verify"));
	ck_assert(bench_auth_is(bench_get_auth(sent->msg),
							IMSAKA_DIGEST_RESPONSE, ""));
	/* and it registers again */
	bench_answer_sm6();
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	ck_assert(strstr(asked_since(mark), "sa-promote ctx=8"));
}
END_TEST

/** a context made after the restart is of the new charon: it stays */
START_TEST(test_restart_context_made_since)
{
	size_t mark;
	int sent_before;

	bench_register();
	mark = strlen(bench.fc->log);
	sent_before = bench.ft->sent_count;
	bench.fc->gone_below = 6;
	bench.reg->charon_restarted(bench.reg, INSTANCE_A, INSTANCE_B);
	ck_assert_str_eq(asked_since(mark), "");
	ck_assert_int_eq(bench.ft->sent_count, sent_before);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
}
END_TEST

/** a de-registration in flight ends, nothing is asked of charon */
START_TEST(test_restart_deregistering)
{
	size_t mark;

	bench_register();
	bench.reg->deregister(bench.reg);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_DEREGISTERING);
	mark = strlen(bench.fc->log);
	bench.fc->gone_below = 7;
	bench.reg->charon_restarted(bench.reg, INSTANCE_A, INSTANCE_B);
	ck_assert_str_eq(asked_since(mark), "");
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_DEREGISTERED);
	ck_assert_int_eq(bench.last_state, UE_REG_DEREGISTERED);
}
END_TEST

/** the P-CSCF's charon restarted: the protected re-REGISTER goes
 * unanswered, the registration fails after 64*T1 (and the program starts
 * again from SM1 after retry_interval) */
START_TEST(test_reregister_unanswered)
{
	uint64_t sent_at;
	int fired = 0;

	bench_register();
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REREGISTERING);
	sent_at = bench.ft->now;
	while (bench.reg->get_state(bench.reg) == UE_REG_REREGISTERING &&
		   fired++ < 100)
	{
		ck_assert(fake_transport_fire(bench.ft));
	}
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_FAILED);
	ck_assert_int_eq(bench.last_state, UE_REG_FAILED);
	ck_assert_int_eq(bench.ft->now - sent_at, 64 * bench.config.t1);
	ck_assert(fake_control_called(bench.fc, "ctx-delete ctx=7"));
	ck_assert(bench.reg->start(bench.reg));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM1_SENT);
}
END_TEST

/** the watch looks every 2 s, and while charon is away 1, 2, 4, 8, 8 s */
START_TEST(test_watch)
{
	uint32_t backoff[] = { 1000, 2000, 4000, 8000, 8000 };
	ue_charon_watch_t *watch;
	fake_timer_t *timer;
	int i;

	watch = ue_charon_watch_create(&bench.ft->public, &bench.fc->public);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 1);
	ck_assert_int_eq(fake_transport_latest(bench.ft)->ms,
					 UE_CHARON_WATCH_INTERVAL);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.fc->checks, 1);
	ck_assert(watch->is_up(watch));

	bench.fc->down = true;
	for (i = 0; i < countof(backoff); i++)
	{
		ck_assert(fake_transport_fire(bench.ft));
		ck_assert(!watch->is_up(watch));
		timer = fake_transport_latest(bench.ft);
		ck_assert_int_eq(timer->ms, backoff[i]);
	}
	bench.fc->down = false;
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(watch->is_up(watch));
	ck_assert_int_eq(fake_transport_latest(bench.ft)->ms,
					 UE_CHARON_WATCH_INTERVAL);
	ck_assert_int_eq(bench.fc->checks, 2 + countof(backoff));
	watch->destroy(watch);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);
}
END_TEST

/**
 * Restart callbacks seen
 */
typedef struct {
	int calls;
	char old[32], now[32];
} restart_seen_t;

static void on_restart(restart_seen_t *seen, const char *old, const char *now)
{
	seen->calls++;
	snprintf(seen->old, sizeof(seen->old), "%s", old);
	snprintf(seen->now, sizeof(seen->now), "%s", now);
}

/** the control client on a restarted charon: nothing about the old
 * context is sent, the owner hears of it once */
START_TEST(test_client_restart)
{
	fake_charon_t *charon = fake_charon_start(INSTANCE_A);
	ue_control_client_t *control = ue_control_client_create(charon->path);
	restart_seen_t seen = {};
	uint32_t ctx;

	control->set_restart(control, (control_restart_cb_t)on_restart, &seen);
	snprintf(charon->flush_reply, sizeof(charon->flush_reply),
			 "OK flushed=2");
	ck_assert_int_eq(control->ctx_flush(control, "alice@ims.example.net"), 2);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-flush role=ue "
									   "impi=alice@ims.example.net"), 1);
	ck_assert(control->ctx_create(control, "alice@ims.example.net", &ctx));
	ck_assert_int_eq(ctx, 1);
	ck_assert(control->keepalive_stop(control, ctx));
	ck_assert(!control->is_gone(control, ctx));

	/* connections closed, the same charon: the context stays */
	fake_charon_restart(charon, INSTANCE_A);
	ck_assert(control->check(control));
	ck_assert(control->sa_remove(control, ctx, "all"));
	ck_assert_int_eq(seen.calls, 0);
	ck_assert_int_eq(fake_charon_count(charon, "sa-remove ctx=1"), 1);

	/* another charon: the watch's check connects and tells */
	fake_charon_restart(charon, INSTANCE_B);
	ck_assert(control->check(control));
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_str_eq(seen.old, INSTANCE_A);
	ck_assert_str_eq(seen.now, INSTANCE_B);
	ck_assert(control->is_gone(control, ctx));
	ck_assert(!control->sa_remove(control, ctx, "all"));
	ck_assert(!control->ctx_delete(control, ctx));
	ck_assert_int_eq(fake_charon_count(charon, "sa-remove ctx=1"), 1);
	ck_assert_int_eq(fake_charon_count(charon, "ctx-delete"), 0);

	/* a new context works; another restart with none of them gone is
	 * only logged */
	ck_assert(control->ctx_create(control, "alice@ims.example.net", &ctx));
	ck_assert_int_eq(ctx, 2);
	ck_assert(control->ctx_delete(control, ctx));
	fake_charon_restart(charon, INSTANCE_A);
	ck_assert(control->check(control));
	ck_assert_int_eq(seen.calls, 1);
	control->destroy(control);
	fake_charon_stop(charon);
}
END_TEST

Suite *ue_restart_suite_create(void)
{
	Suite *s = suite_create("ue_restart");
	TCase *tc;

	tc = bench_tcase_create(s, "registration");
	tcase_add_test(tc, test_restart_registered);
	tcase_add_test(tc, test_restart_context_made_since);
	tcase_add_test(tc, test_restart_deregistering);
	tcase_add_test(tc, test_reregister_unanswered);
	tcase_add_test(tc, test_watch);

	tc = tcase_create("control_client");
	tcase_add_test(tc, test_client_restart);
	suite_add_tcase(s, tc);
	return s;
}

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
 * The P-CSCF units: options pcscf and pcscf_protected_address as lists,
 * the RFC 5626 4.5 backoff, and the failover over the fake charon and
 * transport: a dead keep-alive probe, a REGISTER timing out, 503 with
 * Retry-After. Timers are fired by hand on the fake's clock.
 */

#include "registration_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sip_message.h>

#include "ue_failover.h"

#define UNITS "192.0.2.20:5060, 192.0.2.21:5060 192.0.2.22"
#define UNITS_PROTECTED "10.2.0.1, 10.2.0.2, 10.2.0.3"

START_TEST(test_units)
{
	ue_config_t config;
	sip_error_t err = {};

	test_config(&config);
	ck_assert_msg(ue_config_parse_units(&config, UNITS, NULL, &err), "%s",
				  err.reason);
	ck_assert_int_eq(config.unit_count, 3);
	ck_assert(imsaka_addr_equals(&config.units[2].addr,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 192, 0, 2, 22 }, .port = 5060 }));
	/* each unit's protected address is its own, without port */
	ck_assert(imsaka_addr_equals(&config.units[1].protected,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 192, 0, 2, 21 } }));
	ck_assert(imsaka_addr_equals(&config.pcscf, &config.units[0].addr));
	ck_assert(imsaka_addr_equals(&config.pcscf_protected,
								 &config.units[0].protected));
	ck_assert(ue_config_check(&config, &err));

	ck_assert(ue_config_parse_units(&config, UNITS, UNITS_PROTECTED, &err));
	ck_assert(imsaka_addr_equals(&config.units[2].protected,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 10, 2, 0, 3 } }));
	ck_assert(imsaka_addr_equals(&config.pcscf_protected,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 10, 2, 0, 1 } }));

	/* one unit, as before the lists */
	ck_assert(ue_config_parse_units(&config, "192.0.2.30", "10.2.0.9", &err));
	ck_assert_int_eq(config.unit_count, 1);
	ck_assert_int_eq(config.pcscf.port, 5060);
	ck_assert_int_eq(config.pcscf_protected.ip[3], 9);
}
END_TEST

/* bad lists are refused naming the option */
static const struct {
	const char *pcscf;
	const char *protected;
	const char *error;
} bad_units[] = {
	{ UNITS, "10.2.0.1, 10.2.0.2", "option pcscf_protected_address lists 2 "
	  "addresses, option pcscf 3 units" },
	{ "192.0.2.20, 192.0.2.21", "10.2.0.1", "option pcscf_protected_address "
	  "lists 1 addresses, option pcscf 2 units" },
	{ "192.0.2.20", "10.2.0.1 10.2.0.2", "option pcscf_protected_address "
	  "lists 2" },
	{ "192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5 192.0.2.6 "
	  "192.0.2.7 192.0.2.8 192.0.2.9", NULL, "option pcscf: more than 8 "
	  "P-CSCF units" },
	{ "192.0.2.20:5060, 192.0.2.300", NULL, "option pcscf: '192.0.2.300' is "
	  "not an address" },
	{ "192.0.2.20:99999", NULL, "option pcscf: '192.0.2.20:99999'" },
	{ "pcscf.example.net", NULL, "option pcscf: 'pcscf.example.net'" },
	{ "192.0.2.20", "10.2.0.1:5066", "option pcscf_protected_address: "
	  "'10.2.0.1:5066' is not an address without port" },
	{ " , ", NULL, "option pcscf: no address" },
	{ "192.0.2.20", "", "option pcscf_protected_address: no address" },
	{ "192.0.2.20, 192.0.2.20:5060", NULL, "option pcscf: unit 1 and unit 2 "
	  "are one address" },
	{ NULL, NULL, "option pcscf is required" },
};

START_TEST(test_bad_units)
{
	ue_config_t config;
	sip_error_t err = {};

	test_config(&config);
	ck_assert(!ue_config_parse_units(&config, bad_units[_i].pcscf,
									 bad_units[_i].protected, &err));
	ck_assert_msg(strstr(err.reason, bad_units[_i].error), "%s", err.reason);
}
END_TEST

/* every unit is of the family of the UE's addresses */
START_TEST(test_units_family)
{
	ue_config_t config;
	sip_error_t err = {};

	test_config(&config);
	ck_assert(ue_config_parse_units(&config, "192.0.2.20, [2001:db8::21]:5060",
									NULL, &err));
	ck_assert(!ue_config_check(&config, &err));
	ck_assert_msg(strstr(err.reason, "P-CSCF unit 2"), "%s", err.reason);

	test_config(&config);
	ck_assert(ue_config_parse_units(&config, "192.0.2.20, 192.0.2.21",
									"10.2.0.1, fd00::2", &err));
	ck_assert(!ue_config_check(&config, &err));
	ck_assert_msg(strstr(err.reason, "P-CSCF unit 2"), "%s", err.reason);

	test_config(&config);
	config.backoff_max = config.backoff_base - 1;
	ck_assert(!ue_config_check(&config, &err));
	ck_assert(strstr(err.reason, "backoff_max"));
}
END_TEST

/** a random number over 32 bits from random() (31 bits each) */
static uint32_t random32(void)
{
	return ((uint32_t)random() << 16) ^ (uint32_t)random();
}

/* RFC 5626 4.5: min(max-time, base-time * 2^failures) x [0.5, 1.0] */
START_TEST(test_backoff_bounds)
{
	static const struct {
		uint32_t base, max;
	} times[] = {
		{ 30, 1800 },		/* RFC 5626 4.5, all flows failed */
		{ 90, 1800 },		/* RFC 5626 4.5, some flows alive */
		{ 1, 5 },
		{ 7, 7 },
	};
	uint64_t upper;
	uint32_t wait, lowest, highest;
	unsigned int t, n, k;

	srandom(17);
	for (t = 0; t < countof(times); t++)
	{
		for (n = 0; n <= 40; n++)
		{
			upper = min((uint64_t)times[t].base << min(n, 32),
						(uint64_t)times[t].max) * 1000;
			lowest = UINT32_MAX;
			highest = 0;
			for (k = 0; k < 200; k++)
			{
				wait = ue_failover_backoff_ms(times[t].base, times[t].max, n,
											  random32());
				ck_assert_msg(wait >= upper / 2 && wait <= upper,
							  "%u ms for base %u max %u failures %u", wait,
							  times[t].base, times[t].max, n);
				lowest = min(lowest, wait);
				highest = max(highest, wait);
			}
			/* the factor spreads over its range */
			ck_assert(lowest < upper * 6 / 10);
			ck_assert(highest > upper * 9 / 10);
		}
	}
	/* the ends of the factor */
	ck_assert_int_eq(ue_failover_backoff_ms(30, 1800, 3, 0), 120000);
	ck_assert_int_ge(ue_failover_backoff_ms(30, 1800, 3, UINT32_MAX), 239999);
	ck_assert_int_le(ue_failover_backoff_ms(30, 1800, 3, UINT32_MAX), 240000);
	ck_assert_int_eq(ue_failover_backoff_ms(30, 1800, 1000, 0), 900000);
}
END_TEST

/** the failover under test, and what the owner was told */
static ue_failover_t *failover;
static int owner_failed;

/** the registration's callback: the failover first, then the owner */
static void on_state(void *data, ue_reg_state_t state)
{
	if (!failover->changed(failover, state) && state == UE_REG_FAILED)
	{
		owner_failed++;
	}
}

/** the bench with units, a failover and probe_interval */
static void setup_units(const char *units, const char *protected,
						uint32_t probe_interval, bool once)
{
	sip_error_t err = {};

	if (failover)
	{
		failover->destroy(failover);
	}
	bench.reg->destroy(bench.reg);
	ck_assert(ue_config_parse_units(&bench.config, units, protected, &err));
	bench.config.probe_interval = probe_interval;
	bench.config.backoff_base = 2;
	bench.config.backoff_max = 60;
	ck_assert_msg(ue_config_check(&bench.config, &err), "%s", err.reason);
	bench.reg = ue_registration_create(&bench.config, &bench.fc->public,
									   &bench.ft->public, on_state, NULL);
	ck_assert(bench.reg);
	failover = ue_failover_create(&bench.config, &bench.ft->public, bench.reg,
								  once, 4711);
	owner_failed = 0;
}

static void failover_setup(void)
{
	bench_setup();
	failover = NULL;
	setup_units(UNITS, UNITS_PROTECTED, 30, false);
}

static void failover_teardown(void)
{
	failover->destroy(failover);
	failover = NULL;
	bench_teardown();
}

/** whether the last message went to a unit's address and port */
static bool last_went_to(const char *addr)
{
	imsaka_addr_t unit = test_addr(addr);

	return imsaka_addr_equals(&fake_transport_last(bench.ft)->peer.remote,
							  &unit);
}

/** the only active timer, checked to be the backoff for failures */
static void assert_backoff(unsigned int failures)
{
	uint32_t upper = min(2u << failures, 60u) * 1000;
	fake_timer_t *timer;

	ck_assert_int_eq(fake_transport_timers(bench.ft), 1);
	timer = fake_transport_latest(bench.ft);
	ck_assert_msg(timer->ms >= upper / 2 && timer->ms <= upper,
				  "backoff %u ms after %u failures", timer->ms, failures);
}

/** the SPIs of the Security-Client of the last message */
static uint32_t last_spi_c(void)
{
	imsaka_secagree_list_t list;

	bench_sent_list("Security-Client", &list);
	ck_assert(list.count > 0);
	return list.entries[0].spi_c;
}

/** fire timers until the registration is in a state */
static void fire_until(ue_reg_state_t state)
{
	int fired = 0;

	while (bench.reg->get_state(bench.reg) != state)
	{
		ck_assert(fired++ < 100);
		ck_assert(fake_transport_fire(bench.ft));
	}
}

/** the state file holds a line */
static void assert_state_has(const char *line)
{
	char text[1024];

	bench_read_state(text, sizeof(text));
	ck_assert_msg(strstr(text, line), "%s", text);
}

/*
 * Registered on unit 1, its probe times out: the registration is dropped
 * locally, the backoff armed, SM1 to unit 2 with new SPIs; timer F on that
 * SM1: unit 3 after a longer backoff, where it registers.
 */
START_TEST(test_failover_sequence)
{
	const fake_sent_t *sent;
	sip_peer_t peer;
	uint32_t spi_unit1;
	char *resp;
	int mark, i, deletes;

	ck_assert(bench.reg->start(bench.reg));
	ck_assert(last_went_to("192.0.2.20:5060"));
	spi_unit1 = last_spi_c();
	bench_answer_sm6();
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	assert_state_has("\npcscf=192.0.2.20:5060\n");

	/* the probe every 30 s: an OPTIONS to the P-CSCF over the protected
	 * ports; the test answers it 200 */
	ck_assert(fake_transport_fire(bench.ft));
	sent = fake_transport_last(bench.ft);
	ck_assert_msg(strncmp(sent->msg, "OPTIONS sip:10.2.0.1:", 21) == 0, "%s",
				  sent->msg);
	ck_assert(imsaka_addr_equals(&sent->peer.local,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 10, 1, 0, 10 },
								   .port = bench.config.port_c }));
	peer = (sip_peer_t){ .proto = SIP_UDP, .local = sent->peer.local,
						 .remote = sent->peer.remote };
	resp = pcscf_response(sent->msg, 200);
	ck_assert(failover->receive(failover, &peer, resp, strlen(resp)));
	free(resp);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);

	/* the next probe goes unanswered: 64*T1 later the unit is dead */
	deletes = bench.fc->deletes;
	mark = bench.ft->sent_count;
	fire_until(UE_REG_IDLE);
	ck_assert_int_eq(bench.fc->deletes, deletes + 1);
	ck_assert(fake_control_called(bench.fc, "ctx-delete ctx=7"));
	for (i = mark; i < bench.ft->sent_count; i++)
	{	/* retransmissions, no de-REGISTER to the dead unit */
		ck_assert_msg(strncmp(bench.ft->sent[i].msg, "OPTIONS ", 8) == 0,
					  "%s", bench.ft->sent[i].msg);
	}
	ck_assert_int_gt(bench.ft->sent_count - mark, 1);
	assert_backoff(1);
	ck_assert_int_eq(failover->get_unit(failover), 1);
	ck_assert_int_eq(owner_failed, 0);

	/* SM1 to unit 2, a new context and new SPIs */
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM1_SENT);
	ck_assert(last_went_to("192.0.2.21:5060"));
	ck_assert(strstr(fake_transport_last(bench.ft)->msg, "REGISTER sip:"));
	ck_assert(last_spi_c() != spi_unit1);
	ck_assert_int_eq(bench_control_calls("ctx-create"), 2);
	assert_state_has("\npcscf=192.0.2.21:5060\n");
	ck_assert(imsaka_addr_equals(&bench.config.pcscf_protected,
								 &(imsaka_addr_t){ .family = 4,
								   .ip = { 10, 2, 0, 2 } }));

	/* timer F on that SM1: unit 3, after a longer backoff */
	fire_until(UE_REG_FAILED);
	ck_assert_int_eq(owner_failed, 0);
	assert_backoff(2);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(last_went_to("192.0.2.22:5060"));
	ck_assert_int_eq(failover->get_unit(failover), 2);

	/* unit 3 answers */
	bench.script->local = test_addr("192.0.2.22:5060");
	bench_answer_sm6();
	bench_answer_sm12(600, false);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	assert_state_has("\npcscf=192.0.2.22:5060\n");
	assert_state_has("state=registered\n");
	ck_assert_int_eq(owner_failed, 0);
}
END_TEST

/* any final answer to the probe but 408 shows the unit alive */
START_TEST(test_probe_answered_4xx)
{
	const fake_sent_t *sent;
	sip_peer_t peer;
	char *resp;

	bench_register();
	ck_assert(fake_transport_fire(bench.ft));
	sent = fake_transport_last(bench.ft);
	ck_assert(strncmp(sent->msg, "OPTIONS ", 8) == 0);
	peer = (sip_peer_t){ .proto = SIP_UDP, .local = sent->peer.local,
						 .remote = sent->peer.remote };
	resp = pcscf_response(sent->msg, 404);
	ck_assert(failover->receive(failover, &peer, resp, strlen(resp)));
	free(resp);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_REGISTERED);
	/* the next probe is armed, 30 s on */
	ck_assert_int_eq(fake_transport_timers(bench.ft), 2);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(strncmp(fake_transport_last(bench.ft)->msg, "OPTIONS ", 8) == 0);

	/* a 408 answer is a dead unit */
	sent = fake_transport_last(bench.ft);
	resp = pcscf_response(sent->msg, 408);
	ck_assert(failover->receive(failover, &peer, resp, strlen(resp)));
	free(resp);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_IDLE);
	assert_backoff(1);
}
END_TEST

/* a probe timing out while de-registering moves nowhere */
START_TEST(test_probe_while_deregistering)
{
	int deletes;

	bench.config.dereg_timeout = 100;	/* past the probe's 64*T1 */
	bench_register();
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(strncmp(fake_transport_last(bench.ft)->msg, "OPTIONS ", 8) == 0);
	bench.reg->deregister(bench.reg);
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_DEREGISTERING);
	deletes = bench.fc->deletes;
	/* the probe's retransmissions and timeout, then the de-REGISTER's */
	fire_until(UE_REG_DEREGISTERED);
	ck_assert_int_eq(bench.fc->deletes, deletes + 1);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);
	ck_assert_int_eq(failover->get_unit(failover), 0);
	ck_assert_int_eq(bench_control_calls("ctx-create"), 1);
}
END_TEST

/** answer the last message with 503 and a Retry-After */
static void answer_503(const char *retry_after)
{
	char *resp = pcscf_response(fake_transport_last(bench.ft)->msg, 503);
	char *end = strstr(resp, "\r\n\r\n"), text[4096];

	ck_assert(end);
	snprintf(text, sizeof(text), "%.*s%s%s%s", (int)(end - resp), resp,
			 retry_after ? "\r\nRetry-After: " : "", retry_after ?: "", end);
	free(resp);
	ck_assert(bench_deliver(text));
}

/*
 * 503 with Retry-After: the same unit after Retry-After; the second 503 in
 * a row moves on after the backoff
 */
START_TEST(test_503_retry_after)
{
	ck_assert(bench.reg->start(bench.reg));
	answer_503("7 (overloaded);duration=3600");
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_FAILED);
	ck_assert_int_eq(owner_failed, 0);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 1);
	ck_assert_int_eq(fake_transport_latest(bench.ft)->ms, 7000);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert_int_eq(bench.reg->get_state(bench.reg), UE_REG_SM1_SENT);
	ck_assert(last_went_to("192.0.2.20:5060"));
	ck_assert_int_eq(failover->get_unit(failover), 0);

	answer_503("5");
	ck_assert_int_eq(owner_failed, 0);
	assert_backoff(1);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(last_went_to("192.0.2.21:5060"));

	/* a 503 without Retry-After moves on at once (after the backoff) */
	answer_503(NULL);
	assert_backoff(2);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(last_went_to("192.0.2.22:5060"));

	/* another failure is the owner's: retry_interval on the same unit */
	bench_answer(403);
	ck_assert_int_eq(owner_failed, 1);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);
	ck_assert_int_eq(failover->get_unit(failover), 2);
}
END_TEST

/* a huge Retry-After is cut to backoff_max */
START_TEST(test_retry_after_bound)
{
	setup_units("192.0.2.20, 192.0.2.21, 192.0.2.22", NULL, 0, false);
	ck_assert(bench.reg->start(bench.reg));
	answer_503("99999999999999999999");
	/* at most backoff_max */
	ck_assert_int_eq(fake_transport_latest(bench.ft)->ms, 60000);
}
END_TEST

/* one unit and no probe: every failure is the owner's, as before */
START_TEST(test_one_unit)
{
	setup_units("192.0.2.20:5060", NULL, 0, false);
	ck_assert(bench.reg->start(bench.reg));
	fire_until(UE_REG_FAILED);
	ck_assert_int_eq(owner_failed, 1);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);

	ck_assert(bench.reg->start(bench.reg));
	answer_503("7");
	ck_assert_int_eq(owner_failed, 2);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);
}
END_TEST

/* --once gives up when every unit failed in a row */
START_TEST(test_once_gives_up)
{
	setup_units("192.0.2.20, 192.0.2.21", NULL, 0, true);
	ck_assert(bench.reg->start(bench.reg));
	fire_until(UE_REG_FAILED);
	ck_assert_int_eq(owner_failed, 0);
	ck_assert(fake_transport_fire(bench.ft));
	ck_assert(last_went_to("192.0.2.21:5060"));
	fire_until(UE_REG_FAILED);
	ck_assert_int_eq(owner_failed, 1);
	ck_assert_int_eq(fake_transport_timers(bench.ft), 0);
}
END_TEST

Suite *ue_failover_suite_create(void)
{
	Suite *s = suite_create("ue_failover");
	TCase *tc;

	tc = tcase_create("units");
	tcase_add_test(tc, test_units);
	tcase_add_loop_test(tc, test_bad_units, 0, countof(bad_units));
	tcase_add_test(tc, test_units_family);
	tcase_add_test(tc, test_backoff_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("failover");
	tcase_add_checked_fixture(tc, failover_setup, failover_teardown);
	tcase_add_test(tc, test_failover_sequence);
	tcase_add_test(tc, test_probe_answered_4xx);
	tcase_add_test(tc, test_probe_while_deregistering);
	tcase_add_test(tc, test_503_retry_after);
	tcase_add_test(tc, test_retry_after_bound);
	tcase_add_test(tc, test_one_unit);
	tcase_add_test(tc, test_once_gives_up);
	suite_add_tcase(s, tc);
	return s;
}

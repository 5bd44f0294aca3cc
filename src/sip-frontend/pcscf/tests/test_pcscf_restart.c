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
 * The P-CSCF when charon restarted: every registration goes, of every
 * mechanism and step, with nothing asked of charon about their contexts
 * (the fake charon records every request); a handshake held by a request
 * in flight finds itself given up.
 */

#include "pcscf_tests.h"
#include "pcscf_fakes.h"

#include <string.h>

#include <library.h>

#include "../pcscf_lifecycle.h"
#include "../pcscf_mechanism_ipsec.h"
#include "../pcscf_mechanism_tls_aka.h"
#include "../pcscf_mechanism_tls_psk.h"

#define INSTANCE_A "0f3a5c7e9b1d2f40"
#define INSTANCE_B "7d2e4f6a8c0b1e35"
#define SID "00112233445566778899aabbccddeeff"

static pcscf_config_t config;
static fake_transport_t *transport;
static fake_control_t fake;
static pcscf_control_client_t *control;
static pcscf_registrations_t *registrations;
static pcscf_lifecycle_t *lifecycle;
static pcscf_mechanism_env_t env;
static pcscf_counters_t *counters;
static pcscf_mechanism_t *ipsec, *tls_psk, *tls_aka;

static void setup(void)
{
	pcscf_config_defaults(&config);
	ck_assert_int_eq(imsaka_addr_parse("10.2.0.1", 8, false,
									   &config.protected_address),
					 IMSAKA_SECAGREE_OK);
	transport = fake_transport_create();
	control = fake_control_create(&fake);
	registrations = pcscf_registrations_create(16);
	counters = pcscf_counters_create();
	lifecycle = pcscf_lifecycle_create(&config, &transport->public, control,
									   registrations, counters);
	env = (pcscf_mechanism_env_t){
		.config = &config,
		.control = control,
		.transport = &transport->public,
		.tls = pcscf_tls_psk_create(PCSCF_TLS_V12 | PCSCF_TLS_V13, TRUE, 4),
		.counters = counters,
	};
	ck_assert(env.tls);
	ipsec = pcscf_mechanism_ipsec_create(&env);
	tls_psk = pcscf_mechanism_tls_psk_create(&env);
	tls_aka = pcscf_mechanism_tls_aka_create(&env);
}

static void teardown_(void)
{
	lifecycle->destroy(lifecycle);
	registrations->destroy(registrations);
	ipsec->destroy(ipsec);
	tls_psk->destroy(tls_psk);
	tls_aka->destroy(tls_aka);
	env.tls->destroy(env.tls);
	control->destroy(control);
	counters->destroy(counters);
	fake_control_clear(&fake);
	fake_transport_destroy(transport);
}

/**
 * An agreement of a mechanism with a context, and the UE's protected
 * ports (ipsec-3gpp's connections are reset by address and port)
 */
static void agreement(pcscf_secagree_t *a, pcscf_mechanism_t *mechanism,
					  uint32_t ctx)
{
	a->mechanism = mechanism;
	a->ctx = ctx;
	ck_assert_int_eq(imsaka_addr_parse("10.1.0.10", 9, false,
									   &a->ue_protected), IMSAKA_SECAGREE_OK);
	a->ue_port_c = 5064;
	a->ue_port_s = 5066;
	a->port_c = 5062;
	a->port_s = 5064;
}

/**
 * A registration in the table
 */
static pcscf_registration_t *add(const char *impi)
{
	pcscf_registration_t *reg = pcscf_registration_create(impi);

	ck_assert(reg);
	ck_assert(registrations->add(registrations, reg));
	return reg;
}

/**
 * The registrations of a busy P-CSCF: registered with each mechanism, a
 * first handshake at SM7, a re-registration at SM10
 *
 * @return			the handshake held by a request in flight
 */
static pcscf_registration_t *populate(uint32_t *held_at)
{
	static const uint16_t suites[] = { 0x1301 };
	pcscf_registration_t *reg, *held;
	uint8_t psk[PCSCF_TLS_PSK_LEN] = { 1 };

	reg = add("ipsec@ims.example.net");
	agreement(&reg->current, ipsec, 1);
	reg->registered = true;
	reg->expires = 600;
	lifecycle->arm_expiry(lifecycle, reg);
	lifecycle->bind(lifecycle, reg);

	held = add("handshake@ims.example.net");
	agreement(&held->next, ipsec, 2);
	registrations->set_step(registrations, held, PCSCF_STEP_AUTH);
	lifecycle->arm_step(lifecycle, held);
	/* sa-prepare's reply is still to come */
	*held_at = pcscf_registration_hold(held);

	reg = add("psk@ims.example.net");
	agreement(&reg->current, tls_psk, 3);
	snprintf(reg->current.tls_identity, sizeof(reg->current.tls_identity),
			 "%s", SID);
	ck_assert(env.tls->add(env.tls, SID, reg->impi, psk, suites, 1));
	reg->registered = true;

	reg = add("rereg@ims.example.net");
	agreement(&reg->current, tls_aka, 4);
	reg->registered = true;
	agreement(&reg->next, ipsec, 4);
	registrations->set_step(registrations, reg, PCSCF_STEP_OK);
	return held;
}

/**
 * Active timers of the fake transport
 */
static int active_timers(void)
{
	int i, n = 0;

	for (i = 0; i < transport->timer_count; i++)
	{
		n += transport->timers[i].active;
	}
	return n;
}

START_TEST(test_restart_drops_all)
{
	pcscf_registration_t *held;
	uint32_t held_at;

	held = populate(&held_at);
	ck_assert_int_eq(registrations->get_count(registrations), 4);
	ck_assert_int_eq(registrations->get_handshakes(registrations), 2);
	ck_assert_int_eq(env.tls->count(env.tls), 1);
	ck_assert_int_eq(active_timers(), 2);
	fake_control_clear(&fake);
	fake_log_start(2);

	ck_assert_int_eq(lifecycle->charon_restarted(lifecycle, INSTANCE_A,
												 INSTANCE_B), 4);
	/* nothing about the contexts that went: their numbers may name other
	 * contexts now */
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(fake_control_waiting(&fake), 0);
	ck_assert_int_eq(registrations->get_count(registrations), 0);
	ck_assert_int_eq(registrations->get_handshakes(registrations), 0);
	ck_assert(!registrations->get(registrations, "ipsec@ims.example.net"));
	ck_assert_int_eq(active_timers(), 0);
	/* what the mechanisms set up outside charon went too */
	ck_assert_int_eq(env.tls->count(env.tls), 0);
	ck_assert(transport->aborts > 0);
	ck_assert(strstr(fake_log_text(), "charon restarted (instance "
					 INSTANCE_B ", was " INSTANCE_A "): 4 registrations "
					 "dropped, their SA sets are gone"));
	ck_assert(strstr(fake_log_text(), "psk@ims.example.net removed: charon "
					 "restarted"));

	/* the reply in flight finds its handshake given up */
	ck_assert(!pcscf_registration_is_at(held, held_at));
	pcscf_registration_unhold(held);

	/* the other connection noticed the same restart: nothing more */
	fake_log_start(2);
	ck_assert_int_eq(lifecycle->charon_restarted(lifecycle, INSTANCE_A,
												 INSTANCE_B), 0);
	ck_assert_str_eq(fake_log_text(), "");
}
END_TEST

/** a removal, unlike a restart, deletes the context: the fake records it */
START_TEST(test_remove_deletes)
{
	pcscf_registration_t *held;
	uint32_t held_at;

	held = populate(&held_at);
	fake_control_clear(&fake);
	lifecycle->remove(lifecycle,
			registrations->get(registrations, "ipsec@ims.example.net"),
			"test");
	ck_assert(fake_control_find(&fake, "ctx-delete ctx=1"));
	pcscf_registration_unhold(held);
	ck_assert_int_eq(lifecycle->shutdown(lifecycle), 3);
}
END_TEST

/** a restart with no registration, then another one */
START_TEST(test_restart_twice)
{
	pcscf_registration_t *reg;

	fake_log_start(1);
	ck_assert_int_eq(lifecycle->charon_restarted(lifecycle, INSTANCE_A,
												 INSTANCE_B), 0);
	ck_assert(strstr(fake_log_text(), ": 0 registrations dropped"));
	reg = add("later@ims.example.net");
	agreement(&reg->current, ipsec, 1);
	reg->registered = true;
	ck_assert_int_eq(lifecycle->charon_restarted(lifecycle, INSTANCE_B,
												 INSTANCE_A), 1);
	ck_assert_int_eq(fake.count, 0);
}
END_TEST

Suite *pcscf_restart_suite_create(void)
{
	Suite *s = suite_create("pcscf_restart");
	TCase *tc = tcase_create("charon_restarted");

	tcase_add_checked_fixture(tc, setup, teardown_);
	tcase_add_test(tc, test_restart_drops_all);
	tcase_add_test(tc, test_remove_deletes);
	tcase_add_test(tc, test_restart_twice);
	suite_add_tcase(s, tc);
	return s;
}

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
 * imsaka-pcscf's counters: the printed line, and each outcome of a
 * registration counted once under its key (the registration fixture's
 * fake charon and transport).
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include "pcscf_register_fixture.h"

/** every key in the order printed (docs/PCSCF.md, "Counters") */
static const char *keys[] = {
	"reg-initial", "reg-refreshed", "reg-deregistered", "reg-expired",
	"reg-failed-secagree", "reg-failed-malformed", "reg-failed-forbidden",
	"reg-failed-scscf", "reg-failed-timeout", "reg-failed-auth-timeout",
	"reg-failed-mechanism", "reg-failed-internal", "reg-failed-capacity",
	"sm7-tamper-unprotected", "sm7-tamper-malformed",
	"sm7-tamper-client-changed", "sm7-tamper-verify-mismatch",
	"sm7-tamper-natt-downgrade", "sm7-tamper-natt-hash", "sm7-tamper-natt-oa",
	"sm7-tamper-natt-missing-oa", "sm7-tamper-natt-inconsistent",
	"unprotected-refused", "protected-refused",
	"mech-ipsec-3gpp", "mech-tls-psk", "mech-tls-aka",
	"control-errors", "control-lost",
	"options-answered", "options-unavailable",
	"registrations", "handshakes-in-flight",
};

START_TEST(test_print_all_keys)
{
	pcscf_counters_t *counters = pcscf_counters_create();
	char line[2048], expected[2048] = "", small[64];
	size_t pos = 0;
	int i;

	ck_assert_int_eq(countof(keys), PCSCF_COUNTER_MAX);
	counters->inc(counters, PCSCF_REG_INITIAL);
	counters->inc(counters, PCSCF_REG_INITIAL);
	counters->set(counters, PCSCF_GAUGE_HANDSHAKES, 7);
	counters->inc(counters, PCSCF_GAUGE_REGISTRATIONS + 100);
	for (i = 0; i < countof(keys); i++)
	{
		ck_assert_str_eq(pcscf_counter_name(i), keys[i]);
		pos += snprintf(expected + pos, sizeof(expected) - pos, "%s%s=%d",
						i ? " " : "", keys[i],
						i == PCSCF_REG_INITIAL ? 2 :
						i == PCSCF_GAUGE_HANDSHAKES ? 7 : 0);
	}
	ck_assert(!pcscf_counter_name(PCSCF_COUNTER_MAX));
	ck_assert(counters->print(counters, line, sizeof(line)));
	ck_assert_str_eq(line, expected);
	/* a buffer too small: FALSE, never a half key */
	ck_assert(!counters->print(counters, small, sizeof(small)));
	ck_assert(strncmp(expected, small, strlen(small)) == 0);
	ck_assert(expected[strlen(small)] == ' ');
	counters->destroy(counters);
}
END_TEST

/** SM7 check results and the key each is counted under */
static struct {
	imsaka_secagree_err_t code;
	pcscf_counter_t counter;
} tamper_codes[] = {
	{ IMSAKA_SECAGREE_OK, PCSCF_SM7_TAMPER_UNPROTECTED },
	{ IMSAKA_SECAGREE_ERR_CLIENT_CHANGED, PCSCF_SM7_TAMPER_CLIENT_CHANGED },
	{ IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH, PCSCF_SM7_TAMPER_VERIFY_MISMATCH },
	{ IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE, PCSCF_SM7_TAMPER_NATT_DOWNGRADE },
	{ IMSAKA_SECAGREE_ERR_NATT_HASH, PCSCF_SM7_TAMPER_NATT_HASH },
	{ IMSAKA_SECAGREE_ERR_NATT_OA, PCSCF_SM7_TAMPER_NATT_OA },
	{ IMSAKA_SECAGREE_ERR_NATT_MISSING_OA, PCSCF_SM7_TAMPER_NATT_MISSING_OA },
	{ IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT,
	  PCSCF_SM7_TAMPER_NATT_INCONSISTENT },
	{ IMSAKA_SECAGREE_ERR_BAD_SPI, PCSCF_SM7_TAMPER_MALFORMED },
	{ IMSAKA_SECAGREE_ERR_GARBAGE, PCSCF_SM7_TAMPER_MALFORMED },
};

START_TEST(test_sm7_tamper_keys)
{
	pcscf_counters_t *counters = pcscf_counters_create();
	int i;

	counters->sm7_tamper(counters, tamper_codes[_i].code);
	for (i = 0; i < PCSCF_COUNTER_MAX; i++)
	{
		ck_assert_msg(counters->get(counters, i) ==
					  (i == tamper_codes[_i].counter),
					  "%s", pcscf_counter_name(i));
	}
	counters->destroy(counters);
}
END_TEST

START_TEST(test_control_failed)
{
	pcscf_counters_t *counters = pcscf_counters_create();

	counters->control_failed(counters, "ERR kernel sa-prepare refused");
	counters->control_failed(counters, "ERR ctx unknown context");
	counters->control_failed(counters, "ERR lost connection to charon lost");
	counters->control_failed(counters, "ERR lost no reply from charon in time");
	counters->control_failed(counters, "");
	counters->control_failed(counters, "timeout waiting for the reply");
	ck_assert_int_eq(counters->get(counters, PCSCF_CONTROL_ERRORS), 2);
	ck_assert_int_eq(counters->get(counters, PCSCF_CONTROL_LOST), 4);
	counters->destroy(counters);
}
END_TEST

START_TEST(test_caps_err_counted)
{
	/* the fixture's charon is an older plugin: caps answered ERR */
	assert_counters(PCSCF_CONTROL_ERRORS, 1, PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_sa_prepare_fails)
{
	fake.fail = "sa-prepare";
	register_to_sm6("192.0.2.20:5060");
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 500", 11) == 0);
	assert_counters(PCSCF_REG_FAILED_MECHANISM, 1, PCSCF_CONTROL_ERRORS, 1,
					PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_initial_rereg_dereg)
{
	sip_peer_t ue = protected_peer(5064, 5064), ue2 = protected_peer(5065, 5064);
	char server[2048], security[6000];
	const char *sent;

	assert_counters(PCSCF_COUNTER_MAX);
	register_ue();
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	/* a re-registration with a new set in the same context */
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, NULL);
	receive_free(&ue, register_text("5065", 3, security, "600"));
	receive_free(&scscf, sm4_text(3, true));
	sent = sent_to(&ue);
	ck_assert(header_value(sent, "Security-Server", server, sizeof(server)));
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_GAUGE_HANDSHAKES, 1,
					PCSCF_COUNTER_MAX);
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, server);
	receive_free(&ue2, register_text("5065", 4, security, "600"));
	scscf_answers("200 OK", 4,
				  "Contact: <sip:alice@10.1.0.10:5065>;expires=300\r\n");
	ck_assert(strncmp(sent_to(&ue2), "SIP/2.0 200", 11) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_REG_REFRESHED, 1,
					PCSCF_MECH_IPSEC_3GPP, 2, PCSCF_GAUGE_REGISTRATIONS, 1,
					PCSCF_COUNTER_MAX);
	/* de-registration: counted at its 200, the gauge drops when it goes */
	receive_free(&ue2, register_text("5065", 5, "", "0"));
	scscf_answers("200 OK", 5, "");
	ck_assert(strncmp(sent_to(&ue2), "SIP/2.0 200", 11) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_REG_REFRESHED, 1,
					PCSCF_REG_DEREGISTERED, 1, PCSCF_MECH_IPSEC_3GPP, 2,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_COUNTER_MAX);
	fire_linger();
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_REG_REFRESHED, 1,
					PCSCF_REG_DEREGISTERED, 1, PCSCF_MECH_IPSEC_3GPP, 2,
					PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_refresh_expiry)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	fake_timer_t *timer;

	register_ue();
	/* a refresh without a new set: the agreement in force stays */
	receive_free(&ue, register_text("5064", 3, "", "600"));
	scscf_answers("200 OK", 3,
				  "Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n");
	ck_assert(strncmp(sent_to(&ue), "SIP/2.0 200", 11) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_REG_REFRESHED, 1,
					PCSCF_MECH_IPSEC_3GPP, 1, PCSCF_GAUGE_REGISTRATIONS, 1,
					PCSCF_COUNTER_MAX);
	timer = fake_transport_longest_timer(transport);
	ck_assert(timer);
	timer->active = false;
	timer->cb(timer->data);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_REG_REFRESHED, 1,
					PCSCF_REG_EXPIRED, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_requests_refused)
{
	sip_peer_t ue = protected_peer(5064, 5064);
	sip_peer_t port_c = protected_peer(5064, 5062);
	static const char options[] =
		"OPTIONS sip:bob@ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:5064;branch=z9hG4bKopt1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:alice@ims.example.net>;tag=o1\r\n"
		"To: <sip:bob@ims.example.net>\r\n"
		"Call-ID: opt1@10.1.0.10\r\n"
		"CSeq: 1 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n";

	register_ue();
	receive_text(&ue_unprotected, options);
	ck_assert(strncmp(sent_to(&ue_unprotected), "SIP/2.0 403", 11) == 0);
	receive_text(&ue_unprotected, options);
	receive_text(&port_c, options);
	ck_assert(strncmp(sent_to(&port_c), "SIP/2.0 403", 11) == 0);
	/* in the protection: forwarded, not counted */
	receive_text(&ue, options);
	ck_assert(strncmp(sent_to(&scscf), "OPTIONS ", 8) == 0);
	assert_counters(PCSCF_REG_INITIAL, 1, PCSCF_MECH_IPSEC_3GPP, 1,
					PCSCF_GAUGE_REGISTRATIONS, 1, PCSCF_UNPROTECTED_REFUSED, 2,
					PCSCF_PROTECTED_REFUSED, 1, PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_auth_timeout)
{
	int i;

	register_to_sm6("192.0.2.20:5060");
	for (i = 0; i < transport->timer_count; i++)
	{
		if (transport->timers[i].active &&
			transport->timers[i].ms == config.auth_timeout * 1000)
		{
			transport->timers[i].active = false;
			transport->timers[i].cb(transport->timers[i].data);
			break;
		}
	}
	ck_assert_int_lt(i, transport->timer_count);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	assert_counters(PCSCF_REG_FAILED_AUTH_TIMEOUT, 1, PCSCF_COUNTER_MAX);
}
END_TEST

START_TEST(test_scscf_refuses)
{
	sip_peer_t sm7_peer = protected_peer(5064, 5064);
	const char *sm6;

	sm6 = register_to_sm6("192.0.2.20:5060");
	assert_counters(PCSCF_GAUGE_HANDSHAKES, 1, PCSCF_COUNTER_MAX);
	receive_free(&sm7_peer, sm7_text(sm6, "192.0.2.20:5060", OA, NULL));
	scscf_answers("403 Forbidden", 2, "");
	ck_assert(strncmp(sent_to(&sm7_peer), "SIP/2.0 403", 11) == 0);
	ck_assert_int_eq(proxy->get_count(proxy), 0);
	assert_counters(PCSCF_REG_FAILED_SCSCF, 1, PCSCF_COUNTER_MAX);
}
END_TEST

Suite *pcscf_counters_suite_create(void)
{
	Suite *s = suite_create("pcscf counters");
	TCase *tc;

	tc = tcase_create("counters");
	tcase_add_test(tc, test_print_all_keys);
	tcase_add_loop_test(tc, test_sm7_tamper_keys, 0, countof(tamper_codes));
	tcase_add_test(tc, test_control_failed);
	suite_add_tcase(s, tc);

	tc = tcase_create("charon");
	tcase_add_checked_fixture(tc, register_setup, register_teardown);
	tcase_add_test(tc, test_caps_err_counted);
	suite_add_tcase(s, tc);

	tc = tcase_create("outcomes");
	tcase_add_checked_fixture(tc, register_setup_caps, register_teardown);
	tcase_add_test(tc, test_sa_prepare_fails);
	tcase_add_test(tc, test_initial_rereg_dereg);
	tcase_add_test(tc, test_refresh_expiry);
	tcase_add_test(tc, test_requests_refused);
	tcase_add_test(tc, test_auth_timeout);
	tcase_add_test(tc, test_scscf_refuses);
	suite_add_tcase(s, tc);
	return s;
}

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
 * The bench the registration tests share: one registration under test,
 * the fakes it runs over and what they recorded, reset by the fixture.
 */

#ifndef REGISTRATION_BENCH_H_
#define REGISTRATION_BENCH_H_

#include "ue_tests.h"
#include "fake_control.h"
#include "fake_transport.h"
#include "pcscf_script.h"

#include <digest_header.h>

#include "ue_registration.h"

/**
 * The registration under test and its surroundings.
 */
typedef struct {
	/** options of the registration */
	ue_config_t config;
	/** fake transport and fake charon */
	fake_transport_t *ft;
	fake_control_t *fc;
	/** registration under test */
	ue_registration_t *reg;
	/** the P-CSCF's answers */
	pcscf_script_t *script;
	/** last state told to the callback, callbacks so far */
	ue_reg_state_t last_state;
	int callbacks;
	/** state file */
	char state_file[64];
	/** close_conn() calls and the last connection closed */
	int closes;
	uint32_t closed_conn;
} ue_reg_bench_t;

/** the bench, reset by bench_setup() */
extern ue_reg_bench_t bench;

/** fixture: the bench with a registration over the test configuration */
void bench_setup(void);
void bench_teardown(void);

/** create the registration under test with the current config */
void bench_create_reg(void);

/** a test case of the bench's tests in a suite, with the bench fixture */
TCase *bench_tcase_create(Suite *s, const char *name);

/** deliver a message as coming from the P-CSCF to where the last went */
bool bench_deliver(const char *text);

/** answer the last message sent with SM6, a bare status, SM12 */
void bench_answer_sm6(void);
void bench_answer(int code);
void bench_answer_sm12(uint32_t expires, bool tamper);

/** answer the last message sent with SM6 coming over another peer */
void bench_answer_sm6_on(const sip_peer_t *peer);

/** register: start, SM6, SM12 with expires 600 */
void bench_register(void);

/** a security list of a parsed message */
void bench_get_list(osip_message_t *msg, const char *name,
					imsaka_secagree_list_t *list);

/** a security list of the last message sent */
void bench_sent_list(const char *name, imsaka_secagree_list_t *list);

/** the Authorization of a raw message, parsed with imsaka's grammar */
imsaka_digest_t *bench_get_auth(const char *text);

/** whether a parameter of an Authorization has a value */
bool bench_auth_is(imsaka_digest_t *auth, imsaka_digest_param_t param,
				   const char *value);

/** read the state file into a buffer */
void bench_read_state(char *buf, size_t size);

/** count the lines of the fake charon's log starting with prefix */
int bench_control_calls(const char *prefix);

/** set option mechanisms */
void bench_offer_mechanisms(const char *mechanisms);

/** the UE again, offering tls-psk (00a8, 1301) before ipsec-3gpp */
void bench_offer_tls(void);

/** the UE again, offering tls-aka (1301, 1302, 1303) before ipsec-3gpp */
void bench_offer_tls_aka(void);

/** count the occurrences of a string */
int bench_count_of(const char *haystack, const char *needle);

#endif /** REGISTRATION_BENCH_H_ */

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

#include "test_secagree.h"

#include <nat_detect.h>
#include <secagree_natt.h>

#include <stdlib.h>

static void addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), true, a),
					 IMSAKA_SECAGREE_OK);
}

/**
 * SHA-1 over spi-c, spi-s, address, port; expected values computed
 * independently (Python hashlib over struct.pack('>II') + inet_pton +
 * struct.pack('>H')).
 */
START_TEST(test_hash_vectors)
{
	static const struct {
		uint32_t spi_c, spi_s;
		const char *addr;
		const char *hash;
	} tests[] = {
		{ 100, 101, "192.0.2.1:5060",
		  "796b5eed70c49b49cdee41f7eb6272be691a2b0c" },
		{ 1801893447, 3482487347u, "[2001:db8::1]:5060",
		  "bc6e6b93e63127957694e2054828c7ca5ea64cbe" },
	};
	uint8_t hash[IMSAKA_SECAGREE_HASH_LEN], want[IMSAKA_SECAGREE_HASH_LEN];
	imsaka_addr_t a;
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		addr(tests[i].addr, &a);
		ck_assert(imsaka_nat_hash(tests[i].spi_c, tests[i].spi_s, &a, hash));
		test_hex(tests[i].hash, want, sizeof(want));
		ck_assert(memcmp(hash, want, sizeof(want)) == 0);
	}
	memset(&a, 0, sizeof(a));
	ck_assert(!imsaka_nat_hash(1, 2, &a, hash));
}
END_TEST

/**
 * Where NATs sit: the UE's own address and what the P-CSCF sees of it, the
 * address the UE sends to and the P-CSCF's own one.
 */
static const struct {
	const char *ue_local, *ue_seen, *pcscf_seen, *pcscf_local;
	imsaka_nat_t nat;
} placements[] = {
	{ "192.0.2.10:5060", "192.0.2.10:5060", "198.51.100.1:5060",
	  "198.51.100.1:5060", IMSAKA_NAT_NONE },
	{ "10.0.0.2:5060", "203.0.113.5:40000", "198.51.100.1:5060",
	  "198.51.100.1:5060", IMSAKA_NAT_UE },
	/* port only rewritten */
	{ "192.0.2.10:5060", "192.0.2.10:1024", "198.51.100.1:5060",
	  "198.51.100.1:5060", IMSAKA_NAT_UE },
	{ "192.0.2.10:5060", "192.0.2.10:5060", "203.0.113.80:5060",
	  "10.1.0.5:5060", IMSAKA_NAT_PCSCF },
	{ "10.0.0.2:5060", "203.0.113.5:40000", "203.0.113.80:5060",
	  "10.1.0.5:5060", IMSAKA_NAT_BOTH },
	{ "[2001:db8:1::2]:5060", "[2001:db8:1::2]:5060", "[2001:db8:2::1]:5060",
	  "[2001:db8:2::1]:5060", IMSAKA_NAT_NONE },
	{ "[fd00::2]:5060", "[2001:db8:1::2]:40000", "[2001:db8:2::1]:5060",
	  "[2001:db8:2::1]:5060", IMSAKA_NAT_UE },
	{ "[2001:db8:1::2]:5060", "[2001:db8:1::2]:5060", "[2001:db8:2::1]:5060",
	  "[fd01::1]:5060", IMSAKA_NAT_PCSCF },
	{ "[fd00::2]:5060", "[2001:db8:1::2]:40000", "[2001:db8:2::1]:5060",
	  "[fd01::1]:5060", IMSAKA_NAT_BOTH },
};

START_TEST(test_placement)
{
	imsaka_secagree_list_t *sm1 = malloc(sizeof(*sm1)), *sm6 = malloc(sizeof(*sm6));
	imsaka_addr_t ue_local, ue_seen, pcscf_seen, pcscf_local;
	imsaka_secagree_entry_t server;
	imsaka_nat_t nat;
	char sent_by[IMSAKA_ADDR_STRLEN];

	addr(placements[_i].ue_local, &ue_local);
	addr(placements[_i].ue_seen, &ue_seen);
	addr(placements[_i].pcscf_seen, &pcscf_seen);
	addr(placements[_i].pcscf_local, &pcscf_local);

	/* hashes, at the P-CSCF on SM1 */
	sa_parse(sm1, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;"
			 "port-s=4, ipsec-3gpp;alg=hmac-md5-96;spi-c=1;spi-s=2;port-c=3;"
			 "port-s=4");
	ck_assert(!imsaka_secagree_natt_detect_pcscf(sm1, &ue_seen, &pcscf_local, &nat));
	ck_assert_int_eq(imsaka_secagree_natt_add_sm1(sm1, &ue_local, &pcscf_seen),
					 IMSAKA_SECAGREE_OK);
	ck_assert(imsaka_secagree_natt_detect_pcscf(sm1, &ue_seen, &pcscf_local, &nat));
	ck_assert_str_eq(imsaka_nat_name(nat),
					 imsaka_nat_name(placements[_i].nat));

	/* hashes, at the UE on SM6 */
	imsaka_secagree_entry_init(&server, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ck_assert_int_eq(imsaka_secagree_natt_add_sm6(&server, &sm1->entries[0],
											&pcscf_local, &ue_seen),
					 IMSAKA_SECAGREE_OK);
	imsaka_secagree_list_init(sm6);
	ck_assert(!imsaka_secagree_natt_detect_ue(sm1, sm6, &ue_local, &pcscf_seen, &nat));
	imsaka_secagree_list_add(sm6, NULL, &server);
	ck_assert(imsaka_secagree_natt_detect_ue(sm1, sm6, &ue_local, &pcscf_seen, &nat));
	ck_assert_int_eq(nat, placements[_i].nat);

	/* Via: the sent-by address against the source (P-CSCF) or received
	 * (UE); sees the UE's NAT only, and not a rewritten port alone (the
	 * hashes above do) */
	imsaka_addr_format(&ue_local, sent_by, sizeof(sent_by));
	nat = imsaka_nat_detect_via(sent_by, strlen(sent_by), &ue_seen);
	ue_local.port = ue_seen.port = 0;
	ck_assert_int_eq(nat, imsaka_addr_equals(&ue_local, &ue_seen)
						  ? IMSAKA_NAT_NONE : placements[_i].nat & IMSAKA_NAT_UE);
	ck_assert(_i != 2 || nat == IMSAKA_NAT_NONE);

	ck_assert_int_eq(imsaka_nat_mode(placements[_i].nat, IMSAKA_SECAGREE_MOD_TRANS),
					 placements[_i].nat ? IMSAKA_SECAGREE_MOD_UDP_ENC_TUN
										: IMSAKA_SECAGREE_MOD_TRANS);
	free(sm1);
	free(sm6);
}
END_TEST

START_TEST(test_via)
{
	static const struct {
		const char *sent_by;
		const char *source;
		imsaka_nat_t nat;
	} tests[] = {
		{ "192.0.2.10", "192.0.2.10:5060", IMSAKA_NAT_NONE },
		/* a port-only difference is no NAT for ESP (a phone sending
		 * from port 1025 with Via ...:5060) */
		{ "192.0.2.10", "192.0.2.10:5061", IMSAKA_NAT_NONE },
		{ "192.0.2.10:5060", "192.0.2.10:1025", IMSAKA_NAT_NONE },
		{ "192.0.2.10:5060", "192.0.2.11:5060", IMSAKA_NAT_UE },
		{ "192.0.2.10:5060", "198.51.100.7:1025", IMSAKA_NAT_UE },
		{ "192.0.2.10:5070", "192.0.2.10:5070", IMSAKA_NAT_NONE },
		{ "[2001:db8::5]", "[2001:db8::5]:5060", IMSAKA_NAT_NONE },
		{ "[2001:db8::5]:5062", "[2001:db8::6]:5062", IMSAKA_NAT_UE },
		{ "ue.example.com:5060", "192.0.2.10:5060", IMSAKA_NAT_UE },
		{ "192.0.2.10", "[::ffff:192.0.2.10]:5060", IMSAKA_NAT_UE },
	};
	imsaka_addr_t source;
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		addr(tests[i].source, &source);
		ck_assert_msg(imsaka_nat_detect_via(tests[i].sent_by,
							strlen(tests[i].sent_by), &source) ==
					  tests[i].nat, "%s", tests[i].sent_by);
	}
	ck_assert_int_eq(imsaka_nat_mode(IMSAKA_NAT_NONE, IMSAKA_SECAGREE_MOD_TUN),
					 IMSAKA_SECAGREE_MOD_TUN);
	ck_assert_str_eq(imsaka_nat_name(IMSAKA_NAT_BOTH), "both");
}
END_TEST

Suite *nat_detect_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("hash"),
		TEST_ONCE(test_hash_vectors),
		TEST_CASE("placement"),
		TEST_LOOP(test_placement, TEST_COUNT(placements)),
		TEST_ONCE(test_via),
	};

	return test_suite_build("nat_detect", tests, TEST_COUNT(tests));
}

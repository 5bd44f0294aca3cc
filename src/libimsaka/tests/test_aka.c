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
 * AKA (TS 33.102 6.3): vectors and AUTN checks over every TS 35.207 set
 * (vectors/milenage-ts35207.txt) with both AES implementations, MAC
 * failures, sync failures, AUTS and resynchronisation.
 */

#include "tests.h"
#include "test_vectors.h"

#include <aka.h>
#include <hex.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/** implementations the loop tests run over */
static const imsaka_aes_impl_t impls[] = { IMSAKA_AES_NI, IMSAKA_AES_OPENSSL };

/** one TS 35.207 set */
typedef struct {
	uint8_t k[16], opc[16], rand[16], sqn[6], amf[2];
	uint8_t f1[8], f1star[8], f2[8], f3[16], f4[16], f5[6], f5star[6];
} set_t;

/** a field of set_t, read from the vector field of the same name */
#define SET_FIELD(f) { #f, offsetof(set_t, f), sizeof(((set_t*)0)->f) }

/** the fields of a set */
static const struct {
	const char *name;
	size_t offset, len;
} set_fields[] = {
	SET_FIELD(k), SET_FIELD(opc), SET_FIELD(rand), SET_FIELD(sqn),
	SET_FIELD(amf), SET_FIELD(f1), SET_FIELD(f1star), SET_FIELD(f2),
	SET_FIELD(f3), SET_FIELD(f4), SET_FIELD(f5), SET_FIELD(f5star),
};

/**
 * Read every set of milenage-ts35207.txt.
 */
static int read_sets(set_t **sets)
{
	test_line_t *lines;
	int count, i, f;

	count = test_vectors_read("milenage-ts35207.txt", &lines);
	ck_assert_int_eq(count, 6);
	*sets = calloc(count, sizeof(set_t));
	for (i = 0; i < count; i++)
	{
		for (f = 0; f < TEST_COUNT(set_fields); f++)
		{
			test_field_hex(&lines[i], set_fields[f].name,
						   (uint8_t*)&(*sets)[i] + set_fields[f].offset,
						   set_fields[f].len);
		}
	}
	free(lines);
	return count;
}

/**
 * Read every set for a loop test over impls[impl]; none if this machine
 * lacks that implementation.
 */
static int sets_for(int impl, set_t **sets)
{
	*sets = NULL;
	if (!imsaka_aes128_available(impls[impl]))
	{
		return 0;
	}
	return read_sets(sets);
}

/**
 * Key m with the K and OPc of a set, on impls[impl].
 */
static void set_key(imsaka_milenage_t *m, const set_t *set, int impl)
{
	ck_assert(imsaka_milenage_init_impl(m, set->k, set->opc, impls[impl]));
}

/**
 * A check of one set (number n, from 1) with m keyed and v made from it.
 */
typedef void (*set_check_t)(imsaka_milenage_t *m, const set_t *set,
							const imsaka_aka_vector_t *v, int n);

/**
 * Run a check over every set on impls[impl], if this machine has it.
 */
static void run_sets(int impl, set_check_t check)
{
	imsaka_aka_vector_t v;
	imsaka_milenage_t m;
	set_t *sets;
	int count, i;

	count = sets_for(impl, &sets);
	for (i = 0; i < count; i++)
	{
		set_key(&m, &sets[i], impl);
		imsaka_aka_vector(&m, sets[i].rand, sets[i].sqn, sets[i].amf, &v);
		check(&m, &sets[i], &v, i + 1);
		imsaka_aka_vector_wipe(&v);
		imsaka_milenage_wipe(&m);
	}
	free(sets);
}

/**
 * The vector of a set against its published outputs, and the UE
 * accepting it once.
 */
static void check_round_trip(imsaka_milenage_t *m, const set_t *set,
							 const imsaka_aka_vector_t *v, int n)
{
	uint8_t autn[16], res[8], ck[16], ik[16], sqn[6];
	imsaka_sqn_ms_t ms;
	int j;

	/* AUTN = SQN xor AK || AMF || MAC-A, from the published outputs */
	for (j = 0; j < 6; j++)
	{
		autn[j] = set->sqn[j] ^ set->f5[j];
	}
	memcpy(autn + 6, set->amf, 2);
	memcpy(autn + 8, set->f1, 8);
	ck_assert_bytes(v->autn, autn, 16, "AUTN");
	ck_assert_bytes(v->rand, set->rand, 16, "RAND");
	ck_assert_bytes(v->xres, set->f2, 8, "XRES");
	ck_assert_bytes(v->ck, set->f3, 16, "CK");
	ck_assert_bytes(v->ik, set->f4, 16, "IK");

	imsaka_aka_autn_sqn(m, v->rand, v->autn, sqn);
	ck_assert_bytes(sqn, set->sqn, 6, "SQN from AUTN");

	/* the UE accepts it, without and with an SQN check */
	ck_assert_int_eq(imsaka_aka_check(m, NULL, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_OK);
	ck_assert_bytes(res, set->f2, 8, "RES");
	ck_assert_bytes(ck, set->f3, 16, "UE CK");
	ck_assert_bytes(ik, set->f4, 16, "UE IK");
	imsaka_sqn_ms_init(&ms, 5, IMSAKA_SQN_DELTA_NONE);
	ck_assert_int_eq(imsaka_aka_check(m, &ms, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_OK);
	imsaka_sqn_ms_highest(&ms, sqn);
	ck_assert_bytes(sqn, set->sqn, 6, "SQN stored");

	/* a replay of the same AUTN is a sync failure, keys withheld */
	ck_assert_int_eq(imsaka_aka_check(m, &ms, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_SYNC_FAILURE);
	ck_assert_uint_eq(res[0] | res[7] | ck[0] | ck[15] | ik[0] | ik[15],
					  0);
}

START_TEST(test_aka_vector_round_trip)
{
	run_sets(_i, check_round_trip);
}
END_TEST

/**
 * Every bit flipped in AUTN, and one in RAND, is a MAC failure that
 * leaves the SQN state and the outputs alone.
 */
static void check_bad_mac(imsaka_milenage_t *m, const set_t *set,
						  const imsaka_aka_vector_t *v, int n)
{
	uint8_t autn[16], rand[16], res[8], ck[16], ik[16];
	imsaka_sqn_ms_t ms, before;
	int bit;

	imsaka_sqn_ms_init(&ms, 5, IMSAKA_SQN_DELTA_NONE);
	before = ms;
	/* one bit flipped anywhere in AUTN (SQN xor AK, AMF or MAC) */
	for (bit = 0; bit < 128; bit++)
	{
		memcpy(autn, v->autn, 16);
		autn[bit / 8] ^= 0x80 >> (bit % 8);
		memset(res, 0xaa, sizeof(res));
		memset(ck, 0xaa, sizeof(ck));
		memset(ik, 0xaa, sizeof(ik));
		ck_assert_msg(imsaka_aka_check(m, &ms, v->rand, autn, res, ck, ik)
					  == IMSAKA_AKA_MAC_FAILURE, "set %d bit %d", n, bit);
		ck_assert_msg(memcmp(&ms, &before, sizeof(ms)) == 0,
					  "SQN state changed on MAC failure");
		ck_assert_uint_eq(res[0] | ck[0] | ik[15], 0);
	}
	/* a flipped bit in RAND */
	memcpy(rand, v->rand, 16);
	rand[15] ^= 1;
	ck_assert_int_eq(imsaka_aka_check(m, &ms, rand, v->autn, res, ck, ik),
					 IMSAKA_AKA_MAC_FAILURE);
	/* the unmodified one still passes */
	ck_assert_int_eq(imsaka_aka_check(m, &ms, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_OK);
}

START_TEST(test_aka_bad_mac)
{
	run_sets(_i, check_bad_mac);
}
END_TEST

/**
 * A replay answered with AUTS over the set's SQN; every bit flipped in
 * AUTS is refused.
 */
static void check_auts(imsaka_milenage_t *m, const set_t *set,
					   const imsaka_aka_vector_t *v, int n)
{
	static const uint8_t amf0[2] = { 0, 0 };
	uint8_t auts[14], bad[14], sqn_ms[6], mac_s[8], res[8], ck[16], ik[16];
	imsaka_sqn_ms_t ms;
	int j, bit;

	imsaka_sqn_ms_init(&ms, 5, IMSAKA_SQN_DELTA_NONE);
	ck_assert_int_eq(imsaka_aka_check(m, &ms, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_OK);
	/* replayed: the UE answers with AUTS over SQN_MS = set's SQN */
	ck_assert_int_eq(imsaka_aka_check(m, &ms, v->rand, v->autn, res, ck,
									  ik), IMSAKA_AKA_SYNC_FAILURE);
	imsaka_aka_auts(m, &ms, v->rand, auts);

	/* SQN_MS xor AK* with the published f5*; MAC-S = f1* over AMF 0 */
	for (j = 0; j < 6; j++)
	{
		ck_assert_uint_eq(auts[j], set->sqn[j] ^ set->f5star[j]);
	}
	imsaka_milenage_f1(m, v->rand, set->sqn, amf0, NULL, mac_s);
	ck_assert_bytes(auts + 6, mac_s, 8, "MAC-S");

	ck_assert(imsaka_aka_check_auts(m, v->rand, auts, sqn_ms));
	ck_assert_bytes(sqn_ms, set->sqn, 6, "SQN_MS");

	for (bit = 0; bit < 112; bit++)
	{
		memcpy(bad, auts, 14);
		bad[bit / 8] ^= 0x80 >> (bit % 8);
		ck_assert_msg(!imsaka_aka_check_auts(m, v->rand, bad, sqn_ms),
					  "set %d: AUTS bit %d flipped accepted", n, bit);
		ck_assert_uint_eq(sqn_ms[0] | sqn_ms[5], 0);
	}
}

START_TEST(test_aka_auts)
{
	run_sets(_i, check_auts);
}
END_TEST

START_TEST(test_aka_resync_after_restart)
{
	/*
	 * An HSS generator issues a burst of 100 vectors within one ms (SEQ
	 * runs 99 ms ahead of the clock), the UE uses them all, the HSS
	 * restarts 50 ms later with no state. Its first SQN is below what the
	 * UE has seen: sync failure, AUTS, resync, and the next vector passes.
	 */
	uint8_t rand[16], sqn[6], auts[14], sqn_ms[6], res[8], ck[16], ik[16];
	uint64_t t = IMSAKA_SQN_EPOCH_MS + 3600000;
	imsaka_aka_vector_t v;
	imsaka_milenage_t m;
	imsaka_sqn_ms_t ms;
	imsaka_sqn_he_t he;
	set_t *sets;
	int i;

	if (!sets_for(_i, &sets))
	{
		return;
	}
	set_key(&m, &sets[0], _i);
	memcpy(rand, sets[0].rand, 16);
	imsaka_sqn_ms_init(&ms, 5, IMSAKA_SQN_DELTA_NONE);
	imsaka_sqn_he_init(&he, 5);
	for (i = 0; i < 100; i++)
	{
		rand[0] = i;
		imsaka_sqn_he_next(&he, t, sqn);
		imsaka_aka_vector(&m, rand, sqn, sets[0].amf, &v);
		ck_assert_int_eq(imsaka_aka_check(&m, &ms, v.rand, v.autn, res, ck,
										  ik), IMSAKA_AKA_OK);
	}

	imsaka_sqn_he_init(&he, 5);
	rand[0] = 200;
	imsaka_sqn_he_next(&he, t + 50, sqn);
	imsaka_aka_vector(&m, rand, sqn, sets[0].amf, &v);
	ck_assert_int_eq(imsaka_aka_check(&m, &ms, v.rand, v.autn, res, ck, ik),
					 IMSAKA_AKA_SYNC_FAILURE);
	imsaka_aka_auts(&m, &ms, v.rand, auts);
	ck_assert(imsaka_aka_check_auts(&m, v.rand, auts, sqn_ms));
	ck_assert_uint_eq(imsaka_sqn_load(sqn_ms) >> 5, 3600000 + 99);
	imsaka_sqn_he_resync(&he, sqn_ms);

	rand[0] = 201;
	imsaka_sqn_he_next(&he, t + 51, sqn);
	ck_assert_uint_gt(imsaka_sqn_load(sqn), imsaka_sqn_load(sqn_ms));
	imsaka_aka_vector(&m, rand, sqn, sets[0].amf, &v);
	ck_assert_int_eq(imsaka_aka_check(&m, &ms, v.rand, v.autn, res, ck, ik),
					 IMSAKA_AKA_OK);
	ck_assert_bytes(res, v.xres, 8, "RES after resync");
	imsaka_milenage_wipe(&m);
	free(sets);
}
END_TEST

START_TEST(test_aka_delta_sync_failure)
{
	/* a SEQ too far ahead (> delta) is a sync failure, not a MAC failure */
	uint8_t sqn[6], res[8], ck[16], ik[16];
	imsaka_aka_vector_t v;
	imsaka_milenage_t m;
	imsaka_sqn_ms_t ms;
	set_t *sets;

	read_sets(&sets);
	imsaka_milenage_init(&m, sets[0].k, sets[0].opc);
	imsaka_sqn_ms_init(&ms, 5, 0);
	imsaka_sqn_store(((UINT64_C(1) << 28) + 1) << 5, sqn);
	imsaka_aka_vector(&m, sets[0].rand, sqn, sets[0].amf, &v);
	ck_assert_int_eq(imsaka_aka_check(&m, &ms, v.rand, v.autn, res, ck, ik),
					 IMSAKA_AKA_SYNC_FAILURE);
	imsaka_sqn_store((UINT64_C(1) << 28) << 5, sqn);
	imsaka_aka_vector(&m, sets[0].rand, sqn, sets[0].amf, &v);
	ck_assert_int_eq(imsaka_aka_check(&m, &ms, v.rand, v.autn, res, ck, ik),
					 IMSAKA_AKA_OK);
	imsaka_milenage_wipe(&m);
	free(sets);
}
END_TEST

Suite *aka_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("vectors"),
		TEST_LOOP(test_aka_vector_round_trip, TEST_COUNT(impls)),
		TEST_LOOP(test_aka_bad_mac, TEST_COUNT(impls)),
		TEST_CASE("resync"),
		TEST_LOOP(test_aka_auts, TEST_COUNT(impls)),
		TEST_LOOP(test_aka_resync_after_restart, TEST_COUNT(impls)),
		TEST_ONCE(test_aka_delta_sync_failure),
	};

	return test_suite_build("aka", tests, TEST_COUNT(tests));
}

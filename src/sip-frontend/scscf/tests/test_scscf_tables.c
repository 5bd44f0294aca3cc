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
 * The registrar's lookups: the pending challenges (one per subscriber,
 * bounded, the oldest dropped when full, expiry) and the subscribers by
 * IMPI and IMPU, also full (100,000 pending, the most max_pending allows;
 * 4,000 subscribers). Every entry is found, removed ones are not; how fast
 * is no test's business.
 */

#include "scscf_tests.h"

#include <scscf_challenges.h>
#include <scscf_subscribers.h>

#include <library.h>

#include <stdio.h>

/** most pending challenges (max_pending) and subscribers */
#define MANY_PENDING 100000
#define MANY_SUBSCRIBERS 4000

START_TEST(test_challenges_order)
{
	scscf_subscriber_t *subs;
	scscf_challenges_t *table;
	scscf_challenge_t *c, *b;
	int i;

	subs = calloc(5, sizeof(*subs));
	for (i = 0; i < 5; i++)
	{
		snprintf(subs[i].impi, sizeof(subs[i].impi), "%c@x", 'a' + i);
	}
	table = scscf_challenges_create(3, 10);
	for (i = 0; i < 3; i++)
	{
		ck_assert(table->add(table, &subs[i], 100));
	}
	ck_assert_int_eq(table->count(table), 3);
	/* full: d takes the oldest, a's */
	c = table->add(table, &subs[3], 101);
	ck_assert(c->sub == &subs[3] && c->expires == 111);
	ck_assert(!table->find(table, &subs[0], 101));
	ck_assert(table->find(table, &subs[1], 101));
	ck_assert_int_eq(table->count(table), 3);
	/* a new challenge of b replaces its first and is the newest now */
	b = table->add(table, &subs[1], 102);
	ck_assert(table->find(table, &subs[1], 102) == b);
	ck_assert_int_eq(table->count(table), 3);
	/* so c's is the oldest */
	table->add(table, &subs[4], 103);
	ck_assert(!table->find(table, &subs[2], 103));
	ck_assert(table->find(table, &subs[1], 103) == b);
	ck_assert(table->find(table, &subs[3], 103));
	ck_assert(table->find(table, &subs[4], 103));

	/* a removed one frees its slot: nothing else goes for the next */
	table->remove(table, table->find(table, &subs[3], 104));
	ck_assert_int_eq(table->count(table), 2);
	ck_assert(!table->find(table, &subs[3], 104));
	c = table->add(table, &subs[0], 104);
	ck_assert(table->find(table, &subs[1], 104) == b);
	ck_assert(table->find(table, &subs[4], 104));
	ck_assert(table->find(table, &subs[0], 104) == c);
	/* removing it twice does no harm */
	table->remove(table, c);
	table->remove(table, c);
	ck_assert_int_eq(table->count(table), 2);
	ck_assert(table->find(table, &subs[4], 104));

	/* expired: found no more and freed */
	ck_assert(!table->find(table, &subs[1], 112));
	ck_assert_int_eq(table->count(table), 1);
	ck_assert(table->find(table, &subs[4], 112));
	ck_assert(!table->find(table, &subs[4], 113));
	ck_assert_int_eq(table->count(table), 0);
	/* full of expired ones: the oldest is taken */
	for (i = 0; i < 3; i++)
	{
		table->add(table, &subs[i], 200 + i);
	}
	table->add(table, &subs[3], 300);
	ck_assert(!table->find(table, &subs[0], 300));
	ck_assert(table->find(table, &subs[3], 300));
	/* expired ones are held until found or reused */
	ck_assert_int_eq(table->count(table), 3);
	ck_assert(!table->find(table, &subs[1], 300));
	ck_assert_int_eq(table->count(table), 2);
	table->destroy(table);
	free(subs);
}
END_TEST

START_TEST(test_challenges_many)
{
	static char keys[MANY_PENDING];
	scscf_challenges_t *table;
	scscf_challenge_t *c;
	bool ok = true;
	int i;

	/* Check records every ck_assert(): the loops only collect ok */
	/* the table only compares subscriber pointers (and reads the IMPI of
	 * one it drops, which never happens here) */
	table = scscf_challenges_create(MANY_PENDING, 240);
	for (i = 0; i < MANY_PENDING; i++)
	{
		c = table->add(table, (scscf_subscriber_t*)&keys[i], 1000);
		ok = ok && c && c->sub == (scscf_subscriber_t*)&keys[i];
		if (c)
		{
			c->nonce[0] = 'n';
		}
	}
	ck_assert(ok);
	ck_assert_int_eq(table->count(table), MANY_PENDING);
	for (i = 0; i < MANY_PENDING; i++)
	{
		c = table->find(table, (scscf_subscriber_t*)&keys[i], 1001);
		ok = ok && c && c->sub == (scscf_subscriber_t*)&keys[i] &&
			 c->nonce[0] == 'n';
		if (c && i % 2)
		{
			table->remove(table, c);
		}
	}
	ck_assert(ok);
	ck_assert_int_eq(table->count(table), MANY_PENDING / 2);
	for (i = 0; i < MANY_PENDING; i++)
	{
		c = table->find(table, (scscf_subscriber_t*)&keys[i], 1002);
		ok = ok && (c == NULL) == (i % 2 == 1);
	}
	ck_assert(ok);
	ck_assert_int_eq(table->count(table), MANY_PENDING / 2);
	table->destroy(table);
}
END_TEST

START_TEST(test_subscribers_many)
{
	scscf_subscribers_t *subs;
	scscf_subscriber_t *sub;
	char impi[64], impu[64], *text, *pos;
	size_t size = MANY_SUBSCRIBERS * 256 + 64;
	bool ok = true;
	int i, round;

	text = pos = malloc(size);
	pos += sprintf(pos, "subscribers {\n");
	for (i = 0; i < MANY_SUBSCRIBERS; i++)
	{
		pos += sprintf(pos, "s%d {\n impi = u%d@ims.example.net\n"
			" impu = sip:u%d@ims.example.net, tel:+1555%07d\n"
			" k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
			" opc = cd63cb71954a9f4e48a5994e37a02baf\n}\n", i, i, i, i);
	}
	sprintf(pos, "}\n");
	subs = scscf_subscribers_load_string(text);
	free(text);
	ck_assert(subs);
	ck_assert_int_eq(subs->count(subs), MANY_SUBSCRIBERS);
	/* twice: a lookup leaves the tables as they were */
	for (round = 0; round < 2; round++)
	{
		for (i = 0; i < MANY_SUBSCRIBERS; i++)
		{
			snprintf(impi, sizeof(impi), "u%d@ims.example.net", i);
			sub = subs->find_impi(subs, impi);
			ok = ok && sub && streq(sub->impi, impi);
			snprintf(impu, sizeof(impu), "tel:+1555%07d", i);
			ok = ok && subs->find_impu(subs, impu) == sub;
			snprintf(impu, sizeof(impu), "sip:u%d@ims.example.net", i);
			ok = ok && subs->find_impu(subs, impu) == sub;
		}
	}
	ck_assert(ok);
	ck_assert(!subs->find_impi(subs, "u4000@ims.example.net"));
	ck_assert(!subs->find_impu(subs, "sip:U1@ims.example.net"));
	/* by index, for the SQN state file */
	for (i = 0; i < MANY_SUBSCRIBERS; i++)
	{
		ok = ok && subs->find_impi(subs, subs->get(subs, i)->impi) ==
				   subs->get(subs, i);
	}
	ck_assert(ok);
	subs->destroy(subs);
}
END_TEST

START_TEST(test_subscribers_duplicate_impu)
{
	/* the same IMPU in two entries, the second far behind the first */
	ck_assert(!scscf_subscribers_load_string(
		"subscribers {\n"
		" a { impi = a@x\n impu = sip:a@x, tel:+1\n"
		"  k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
		"  opc = cd63cb71954a9f4e48a5994e37a02baf\n }\n"
		" b { impi = b@x\n impu = sip:b@x\n"
		"  k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
		"  opc = cd63cb71954a9f4e48a5994e37a02baf\n }\n"
		" c { impi = c@x\n impu = sip:c@x, TEL:+1\n"
		"  k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
		"  opc = cd63cb71954a9f4e48a5994e37a02baf\n }\n"
		"}\n"));
	ck_assert(!scscf_subscribers_load_string(
		"subscribers {\n"
		" a { impi = a@x\n impu = sip:a@x\n"
		"  k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
		"  opc = cd63cb71954a9f4e48a5994e37a02baf\n }\n"
		" b { impi = a@x\n impu = sip:b@x\n"
		"  k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
		"  opc = cd63cb71954a9f4e48a5994e37a02baf\n }\n"
		"}\n"));
}
END_TEST

Suite *scscf_tables_suite_create(void)
{
	Suite *s = suite_create("scscf_tables");
	TCase *tc;

	tc = tcase_create("lookups");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_challenges_order);
	tcase_add_test(tc, test_challenges_many);
	tcase_add_test(tc, test_subscribers_many);
	tcase_add_test(tc, test_subscribers_duplicate_impu);
	suite_add_tcase(s, tc);
	return s;
}

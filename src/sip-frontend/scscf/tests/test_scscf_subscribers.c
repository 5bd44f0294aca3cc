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

#include "scscf_tests.h"

#include <scscf_subscribers.h>
#include <scscf_sqn_state.h>

#include <hex.h>
#include <library.h>

#include <stdio.h>
#include <unistd.h>

START_TEST(test_load_good)
{
	scscf_subscribers_t *subs;
	scscf_subscriber_t *sub;
	uint8_t opc[16];

	subs = scscf_subscribers_load_string(scscf_test_subscribers);
	ck_assert(subs);
	ck_assert_int_eq(subs->count(subs), 3);
	sub = subs->find_impi(subs, "ue@ims.example.net");
	ck_assert(sub);
	ck_assert_int_eq(sub->impu_count, 2);
	ck_assert_str_eq(sub->impus[0], "sip:ue@ims.example.net");
	ck_assert_str_eq(sub->impus[1], "tel:+15551234");
	ck_assert(sub->amf[0] == 0xb9 && sub->amf[1] == 0xb9);
	/* OPc of TS 35.207 set 1, derived from its OP */
	ck_assert(imsaka_hex_decode("cd63cb71954a9f4e48a5994e37a02baf", opc, 16));
	ck_assert(memeq(sub->milenage.opc, opc, 16));
	ck_assert(subs->find_impu(subs, "tel:+15551234") == sub);
	ck_assert(subs->find_impu(subs, "sip:two@ims.example.net") ==
			  subs->find_impi(subs, "two@ims.example.net"));
	ck_assert(!subs->find_impi(subs, "UE@ims.example.net"));
	ck_assert(!subs->find_impu(subs, "sip:four@ims.example.net"));
	subs->destroy(subs);
}
END_TEST

START_TEST(test_impu_key)
{
	char key[SCSCF_MAX_ID];

	ck_assert(scscf_impu_key_text("SIP:ue@IMS.Example.NET;transport=tcp",
								  key, sizeof(key)));
	ck_assert_str_eq(key, "sip:ue@ims.example.net");
	ck_assert(scscf_impu_key_text("sips:ims.example.net", key, sizeof(key)));
	ck_assert_str_eq(key, "sips:ims.example.net");
	ck_assert(scscf_impu_key_text("tel:+15551234;phone-context=x", key,
								  sizeof(key)));
	ck_assert_str_eq(key, "tel:+15551234");
	ck_assert(!scscf_impu_key_text("mailto:ue@ims.example.net", key,
								   sizeof(key)));
	ck_assert(!scscf_impu_key_text("ue@ims.example.net", key, sizeof(key)));
	ck_assert(!scscf_impu_key_text("sip:ue@ims.example.net", key, 8));
}
END_TEST

/**
 * Entries that must be refused, each alone in a file
 */
static const char *bad_entries[] = {
	/* 0: no k */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n op = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 1: k too short */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = 465b\n op = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 2: k not hex */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bz\n op = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 3: op and opc */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n op = "
	"cdc202d5123e20f62b6d676ac72cb318\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 4: neither op nor opc */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n } }",
	/* 5: bad amf */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n amf = 80001\n } }",
	/* 6: no impu */
	"subscribers { a { impi = a@x\n k = 465b5ce8b199b49faa5f0a2ee238a6bc\n "
	"opc = cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 7: impu not a URI */
	"subscribers { a { impi = a@x\n impu = a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 8: no impi */
	"subscribers { a { impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 9: impi with a quote */
	"subscribers { a { impi = \"a\\\"@x\"\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 10: impi twice */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n }\n b { impi = a@x\n impu = sip:b@x\n"
	" k = 465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 11: impu twice (case of the host differs) */
	"subscribers { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n }\n b { impi = b@x\n impu = sip:a@X\n"
	" k = 465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }",
	/* 12: no subscribers */
	"subscribers { }",
	/* 13: syntax */
	"subscribers { a { impi = a@x ",
	/* 14: a group below a group */
	"subscribers { g { h { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } } } }",
	/* 15: impi twice, in two groups */
	"subscribers { g { a { impi = a@x\n impu = sip:a@x\n k = "
	"465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } }\n h { b { impi = a@x\n "
	"impu = sip:b@x\n k = 465b5ce8b199b49faa5f0a2ee238a6bc\n opc = "
	"cdc202d5123e20f62b6d676ac72cb318\n } } }",
	/* 16: a group with a bad entry (no k) */
	"subscribers { g { a { impi = a@x\n impu = sip:a@x\n op = "
	"cdc202d5123e20f62b6d676ac72cb318\n } } }",
};

/**
 * Subscribers in groups (sections without keys of their own) beside one
 * ungrouped, as large files are written
 */
static const char *grouped =
	"subscribers {\n"
	"  g0 {\n"
	"    a { impi = a@x\n impu = sip:a@x\n"
	"        k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
	"        op = cdc202d5123e20f62b6d676ac72cb318\n }\n"
	"    b { impi = b@x\n impu = sip:b@x\n"
	"        k = 0396eb317b6d1c36f19c1c84cd6ffd16\n"
	"        opc = 53c15671c60a4b731c55b4a441c0bde2\n }\n"
	"  }\n"
	"  g1 {\n"
	"    c { impi = c@x\n impu = sip:c@x\n"
	"        k = fec86ba6eb707ed08905757b1bb44b8f\n"
	"        opc = 1006020f0a478bf6b699f15c062e42b3\n amf = 725c\n }\n"
	"  }\n"
	"  d { impi = d@x\n impu = sip:d@x\n"
	"      k = fec86ba6eb707ed08905757b1bb44b8f\n"
	"      opc = 1006020f0a478bf6b699f15c062e42b3\n }\n"
	"}\n";

START_TEST(test_load_grouped)
{
	scscf_subscribers_t *subs;
	scscf_subscriber_t *sub;

	subs = scscf_subscribers_load_string(grouped);
	ck_assert(subs);
	ck_assert_int_eq(subs->count(subs), 4);
	sub = subs->find_impi(subs, "c@x");
	ck_assert(sub);
	ck_assert_str_eq(sub->name, "c");
	ck_assert(sub->amf[0] == 0x72 && sub->amf[1] == 0x5c);
	ck_assert(subs->find_impu(subs, "sip:a@x") == subs->find_impi(subs, "a@x"));
	ck_assert(subs->find_impi(subs, "b@x"));
	ck_assert(subs->find_impi(subs, "d@x"));
	subs->destroy(subs);
}
END_TEST

START_TEST(test_load_bad)
{
	scscf_subscribers_t *subs;

	subs = scscf_subscribers_load_string(bad_entries[_i]);
	ck_assert_msg(!subs, "bad entry %d accepted", _i);
}
END_TEST

START_TEST(test_load_example)
{
	scscf_subscribers_t *subs;
	scscf_subscriber_t *sub;
	uint8_t opc[16];

	/* the example shipped in conf/, TS 35.207 set 1 */
	subs = scscf_subscribers_load(IMSAKA_SRCDIR
								  "/conf/imsaka-scscf-subscribers.conf");
	ck_assert(subs);
	sub = subs->find_impu(subs, "sip:ue@ims.example.net");
	ck_assert(sub);
	ck_assert_str_eq(sub->impi, "ue@ims.example.net");
	ck_assert(imsaka_hex_decode("cd63cb71954a9f4e48a5994e37a02baf", opc, 16));
	ck_assert(memeq(sub->milenage.opc, opc, 16));
	subs->destroy(subs);
}
END_TEST

START_TEST(test_load_missing_file)
{
	ck_assert(!scscf_subscribers_load("/nonexistent/subscribers.conf"));
}
END_TEST

START_TEST(test_sqn_state)
{
	scscf_subscribers_t *subs, *again;
	char path[] = "/tmp/imsaka-sqn-test-XXXXXX";
	FILE *f;
	int fd;

	subs = scscf_subscribers_load_string(scscf_test_subscribers);
	again = scscf_subscribers_load_string(scscf_test_subscribers);
	ck_assert(subs && again);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	subs->find_impi(subs, "ue@ims.example.net")->sqn.last_seq = 123456789;
	subs->find_impi(subs, "three@ims.example.net")->sqn.last_seq = 42;
	ck_assert(scscf_sqn_state_save(path, subs));
	ck_assert(scscf_sqn_state_load(path, again));
	ck_assert_uint_eq(again->find_impi(again,
					  "ue@ims.example.net")->sqn.last_seq, 123456789);
	ck_assert_uint_eq(again->find_impi(again,
					  "two@ims.example.net")->sqn.last_seq, 0);
	ck_assert_uint_eq(again->find_impi(again,
					  "three@ims.example.net")->sqn.last_seq, 42);

	/* a bad line refuses the file, an unknown IMPI is skipped */
	f = fopen(path, "w");
	fprintf(f, "nobody@x 5\nue@ims.example.net 12x\n");
	fclose(f);
	ck_assert(!scscf_sqn_state_load(path, again));
	f = fopen(path, "w");
	fprintf(f, "nobody@x 5\n");
	fclose(f);
	ck_assert(scscf_sqn_state_load(path, again));
	unlink(path);
	/* a missing file is an empty one */
	ck_assert(scscf_sqn_state_load(path, again));
	subs->destroy(subs);
	again->destroy(again);
}
END_TEST

Suite *scscf_subscribers_suite_create(void)
{
	Suite *s = suite_create("scscf_subscribers");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, test_load_good);
	tcase_add_test(tc, test_load_grouped);
	tcase_add_test(tc, test_impu_key);
	tcase_add_loop_test(tc, test_load_bad, 0,
						sizeof(bad_entries) / sizeof(bad_entries[0]));
	tcase_add_test(tc, test_load_example);
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_sqn_state);
	suite_add_tcase(s, tc);
	return s;
}

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
 * Two registrar instances (IND 0 and IND 1) sharing a real PostgreSQL
 * (testing/scripts/postgres, started by test_scscf_pg.sh, which passes the
 * cluster in IMSAKA_TEST_PG_DIR): vectors alternating between them never
 * cause a sync failure at a TS 33.102 card, a resynchronisation at one
 * raises the floor the other reads, bindings made through one are seen by
 * the other, and a database that is down gets 503, no crash.
 */

#include "scscf_test_authorization.h"

#include <scscf_pg_store.h>
#include <scscf_registrar.h>

#include <aka.h>
#include <digest_aka.h>
#include <digest_header.h>
#include <hex.h>
#include <sip_message.h>

#include "../../common/tests/check_runner.h"

#include <library.h>
#include <libpq-fe.h>
#include <osipparser2/osip_parser.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/** number of instances */
#define INSTANCES 2

/** the cluster's folder, its connection string, the script */
static const char *pg_dir, *pg_script_path;
static char conninfo[1024];

/** one registrar instance with its own memory and connection */
typedef struct {
	scscf_config_t config;
	scscf_subscribers_t *subs;
	scscf_store_t *store;
	scscf_registrar_t *registrar;
} instance_t;

static instance_t instances[INSTANCES];

/** the P-CSCF the requests come from */
static sip_peer_t pcscf;

/** last reply */
static scscf_reply_t reply;

/** CSeq and branch counter */
static int cseq;

/** the UE side: Milenage and a TS 33.102 card (SEQ_MS per IND) */
typedef struct {
	imsaka_milenage_t m;
	imsaka_sqn_ms_t card;
	const char *impi, *impu;
	int sync_failures;
} ue_t;

/** TS 35.207 test sets 2 and 3 (set 1 is the subscriber ue) */
static struct {
	const char *impi, *impu, *k, *opc;
} subscribers[] = {
	{ "ue@ims.example.net", "sip:ue@ims.example.net",
	  "465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf" },
	{ "two@ims.example.net", "sip:two@ims.example.net",
	  "0396eb317b6d1c36f19c1c84cd6ffd16", "53c15671c60a4b731c55b4a441c0bde2" },
	{ "three@ims.example.net", "sip:three@ims.example.net",
	  "fec86ba6eb707ed08905757b1bb44b8f", "1006020f0a478bf6b699f15c062e42b3" },
};

/**
 * Run SQL on a connection of the test's own, the first value into value
 */
static bool sql_try(const char *text, char *value, size_t size)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res;
	bool ok;

	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return false;
	}
	res = PQexec(conn, text);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK ||
		 PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
	{
		fprintf(stderr, "%s: %s", text, PQresultErrorMessage(res));
	}
	if (ok && value)
	{
		snprintf(value, size, "%s", PQntuples(res) ? PQgetvalue(res, 0, 0) : "");
	}
	PQclear(res);
	PQfinish(conn);
	return ok;
}

static void sql(const char *text, char *value, size_t size)
{
	ck_assert_msg(sql_try(text, value, size), "%s failed", text);
}

static void pg_script(const char *cmd)
{
	char line[1024];

	snprintf(line, sizeof(line), "'%s' %s '%s'", pg_script_path, cmd, pg_dir);
	ck_assert_int_eq(system(line), 0);
}

static void instance_start(instance_t *in, int ind)
{
	scscf_config_defaults(&in->config);
	in->config.store = SCSCF_STORE_POSTGRESQL;
	in->config.ind = ind;
	snprintf(in->config.database, sizeof(in->config.database), "%s",
			 conninfo);
	in->store = scscf_pg_store_create(conninfo);
	ck_assert(in->store);
	in->subs = scscf_subscribers_create();
	ck_assert(in->store->load(in->store, in->subs));
	in->subs->set_ind(in->subs, ind);
	in->registrar = scscf_registrar_create_shared(&in->config, in->subs,
												  in->store);
}

static void instance_stop(instance_t *in)
{
	in->registrar->destroy(in->registrar);
	in->subs->destroy(in->subs);
	in->store->destroy(in->store);
}

static void setup(void)
{
	int i;

	for (i = 0; i < INSTANCES; i++)
	{
		instance_start(&instances[i], i);
	}
	pcscf = (sip_peer_t){ .proto = SIP_UDP };
	ck_assert_int_eq(imsaka_addr_parse("192.0.2.30:5060", 15, true,
									   &pcscf.local), 0);
	ck_assert_int_eq(imsaka_addr_parse("192.0.2.20:5060", 15, true,
									   &pcscf.remote), 0);
	memset(&reply, 0, sizeof(reply));
	cseq = 1;
}

static void teardown(void)
{
	int i;

	scscf_reply_clear(&reply);
	for (i = 0; i < INSTANCES; i++)
	{
		instance_stop(&instances[i]);
	}
}

/**
 * Send a request to an instance, return the status code, 0 for none
 */
static int request(int at, const char *text)
{
	int code = 0;

	scscf_reply_clear(&reply);
	if (!instances[at].registrar->process(instances[at].registrar, &pcscf,
										  text, strlen(text), &reply))
	{
		return 0;
	}
	ck_assert(sscanf(reply.msg, "SIP/2.0 %d ", &code) == 1);
	return code;
}

static int do_register(int at, ue_t *ue, const char *auth, const char *expires)
{
	char text[4096];

	snprintf(text, sizeof(text),
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKpg%d;rport\r\n"
		"From: <%s>;tag=ue1\r\n"
		"To: <%s>\r\n"
		"Call-ID: reg-%s\r\n"
		"CSeq: %d REGISTER\r\n"
		"Contact: <sip:ue@10.1.0.10:5064>\r\n"
		"%s%s%s"
		"Expires: %s\r\n"
		"Content-Length: 0\r\n\r\n",
		cseq, ue->impu, ue->impu, ue->impi, cseq, auth ? "Authorization: " : "",
		auth ?: "", auth ? "\r\n" : "", expires);
	cseq++;
	return request(at, text);
}

static int do_message(int at, ue_t *ue)
{
	char text[1024];

	snprintf(text, sizeof(text),
		"MESSAGE sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKpm%d\r\n"
		"From: <%s>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: m%d\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n"
		"Content-Length: 2\r\n\r\nhi", cseq, ue->impu, cseq);
	cseq++;
	return request(at, text);
}

/**
 * A UE of subscriber i whose card last accepted a SEQ ahead_ms from now
 */
static void ue_init(ue_t *ue, int i, int64_t ahead_ms)
{
	uint8_t k[16], opc[16], sqn[6];
	struct timespec ts;
	uint64_t now;

	ck_assert(imsaka_hex_decode(subscribers[i].k, k, 16));
	ck_assert(imsaka_hex_decode(subscribers[i].opc, opc, 16));
	imsaka_milenage_init(&ue->m, k, opc);
	/* the TS 33.102 default delta */
	imsaka_sqn_ms_init(&ue->card, IMSAKA_SQN_IND_BITS, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 -
		  IMSAKA_SQN_EPOCH_MS;
	imsaka_sqn_store((now + ahead_ms) << IMSAKA_SQN_IND_BITS, sqn);
	imsaka_sqn_ms_set(&ue->card, sqn);
	ue->impi = subscribers[i].impi;
	ue->impu = subscribers[i].impu;
	ue->sync_failures = 0;
}

/**
 * Answer the 401 of the last reply as the card does; the SQN of the
 * challenge in sqn
 */
static imsaka_aka_status_t answer(ue_t *ue, char *auth, size_t size,
								  uint64_t *sqn_value)
{
	imsaka_digest_t ch[IMSAKA_SIP_MAX_CHALLENGES];
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1];
	uint8_t rand[16], autn[16], sqn[6];
	size_t len;
	imsaka_aka_status_t status;
	const char *value;
	int count;

	ck_assert_int_eq(imsaka_sip_raw_challenges(reply.msg, reply.len, ch,
											   &count), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(count, 1);
	ck_assert(imsaka_digest_get(&ch[0], IMSAKA_DIGEST_NONCE, &value, &len));
	if (len >= 2 && value[0] == '"')
	{
		value++;
		len -= 2;
	}
	ck_assert(len < sizeof(nonce));
	memcpy(nonce, value, len);
	nonce[len] = '\0';
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), rand,
							autn, NULL, 0, NULL), IMSAKA_DIGEST_AKA_OK);
	imsaka_aka_autn_sqn(&ue->m, rand, autn, sqn);
	*sqn_value = imsaka_sqn_load(sqn);
	status = scscf_test_card_answer(&ue->m, &ue->card, ue->impi, nonce,
									IMSAKA_DIGEST_AKAV1_MD5, auth, size);
	if (status != IMSAKA_AKA_OK)
	{
		ck_assert_int_eq(status, IMSAKA_AKA_SYNC_FAILURE);
		ue->sync_failures++;
	}
	return status;
}

/**
 * A full registration at one instance (resynchronising if the card
 * asks); the SQN of the vector accepted in sqn
 */
static void registration(int at, ue_t *ue, uint64_t *sqn)
{
	char auth[2048];

	ck_assert_int_eq(do_register(at, ue, NULL, "600"), 401);
	if (answer(ue, auth, sizeof(auth), sqn) != IMSAKA_AKA_OK)
	{
		ck_assert_int_eq(do_register(at, ue, auth, "600"), 401);
		ck_assert(answer(ue, auth, sizeof(auth), sqn) == IMSAKA_AKA_OK);
	}
	ck_assert_int_eq(do_register(at, ue, auth, "600"), 200);
}

START_TEST(test_pg_load)
{
	scscf_subscribers_t *subs;
	scscf_subscriber_t *sub;
	char value[64];
	ue_t ue;

	/* the three of the database, found by IMPI and IMPU */
	ck_assert_int_eq(instances[0].subs->count(instances[0].subs), 3);
	sub = instances[0].subs->find_impi(instances[0].subs,
									   "two@ims.example.net");
	ck_assert(sub);
	ck_assert(instances[0].subs->find_impu(instances[0].subs,
										   "sip:two@ims.example.net") == sub);
	/* the IND of each instance in its SQNs */
	ue_init(&ue, 2, -60000);
	ck_assert_int_eq(do_register(1, &ue, NULL, "600"), 401);
	{
		char auth[2048];
		uint64_t sqn;

		ck_assert(answer(&ue, auth, sizeof(auth), &sqn) == IMSAKA_AKA_OK);
		ck_assert_uint_eq(sqn & 31, 1);
	}

	/* a bad row refuses the load, as a bad file entry does */
	sql("INSERT INTO subscribers (impi, impus, k, opc) VALUES "
		"('bad@ims.example.net', '{sip:bad@ims.example.net}', 'xyz', "
		"'1006020f0a478bf6b699f15c062e42b3')", NULL, 0);
	subs = scscf_subscribers_create();
	ck_assert(!instances[0].store->load(instances[0].store, subs));
	subs->destroy(subs);
	sql("DELETE FROM subscribers WHERE impi = 'bad@ims.example.net'", NULL, 0);
	sql("SELECT count(*) FROM subscribers", value, sizeof(value));
	ck_assert_str_eq(value, "3");
}
END_TEST

START_TEST(test_pg_alternating)
{
	uint64_t sqn, last[INSTANCES] = {};
	char after[32];
	ue_t ue;
	int i;

	ue_init(&ue, 0, -60000);
	for (i = 0; i < 100; i++)
	{
		registration(i % INSTANCES, &ue, &sqn);
		ck_assert_uint_eq(sqn & 31, i % INSTANCES);
		ck_assert_uint_gt(sqn, last[i % INSTANCES]);
		last[i % INSTANCES] = sqn;
	}
	ck_assert_int_eq(ue.sync_failures, 0);
	/* no floor written for vectors */
	sql("SELECT count(*) FROM sqn_floor WHERE impi = 'ue@ims.example.net'",
		after, sizeof(after));
	ck_assert_str_eq(after, "0");
}
END_TEST

START_TEST(test_pg_resync_shared)
{
	uint64_t sqn, floor_seq;
	char value[64];
	ue_t ue;

	/* the card saw SQNs an hour ahead: instance 0 resynchronises */
	ue_init(&ue, 1, 3600000);
	registration(0, &ue, &sqn);
	ck_assert_int_eq(ue.sync_failures, 1);
	sql("SELECT seq FROM sqn_floor WHERE impi = 'two@ims.example.net'", value,
		sizeof(value));
	ck_assert(*value);
	floor_seq = strtoull(value, NULL, 10);
	ck_assert_uint_gt(sqn >> 5, floor_seq);
	/* instance 1 never saw the auts: it reads the floor */
	registration(1, &ue, &sqn);
	ck_assert_int_eq(ue.sync_failures, 1);
	ck_assert_uint_gt(sqn >> 5, floor_seq);
	ck_assert_uint_eq(sqn & 31, 1);
	/* and instance 1 restarted (nothing kept in memory) as well */
	instance_stop(&instances[1]);
	instance_start(&instances[1], 1);
	registration(1, &ue, &sqn);
	ck_assert_int_eq(ue.sync_failures, 1);

	/* a lower floor never lowers it */
	sql("INSERT INTO sqn_floor (impi, seq) VALUES ('two@ims.example.net', 5) "
		"ON CONFLICT (impi) DO NOTHING", NULL, 0);
	ck_assert(instances[0].store->raise_floor(instances[0].store,
		instances[0].subs->find_impi(instances[0].subs,
									 "two@ims.example.net"), 5));
	sql("SELECT seq FROM sqn_floor WHERE impi = 'two@ims.example.net'", value,
		sizeof(value));
	ck_assert_uint_ge(strtoull(value, NULL, 10), floor_seq);
}
END_TEST

START_TEST(test_pg_bindings)
{
	uint64_t sqn;
	ue_t ue;

	ue_init(&ue, 2, -60000);
	ck_assert_int_eq(do_message(1, &ue), 403);
	registration(0, &ue, &sqn);
	/* registered through instance 0: instance 1 answers for it */
	ck_assert_int_eq(do_message(1, &ue), 200);
	ck_assert_int_eq(do_message(0, &ue), 200);
	/* expired */
	sql("UPDATE bindings SET expires_at = now() - interval '1 second' "
		"WHERE impi = 'three@ims.example.net'", NULL, 0);
	ck_assert_int_eq(do_message(1, &ue), 403);
	/* registered at 1, de-registered at 0 */
	registration(1, &ue, &sqn);
	ck_assert_int_eq(do_message(0, &ue), 200);
	{
		char auth[2048];

		ck_assert_int_eq(do_register(0, &ue, NULL, "0"), 401);
		ck_assert(answer(&ue, auth, sizeof(auth), &sqn) == IMSAKA_AKA_OK);
		ck_assert_int_eq(do_register(0, &ue, auth, "0"), 200);
	}
	ck_assert_int_eq(do_message(1, &ue), 403);
	ck_assert_int_eq(ue.sync_failures, 0);
}
END_TEST

START_TEST(test_pg_down)
{
	uint64_t sqn;
	int code = 0, at, i;
	ue_t ue;

	ue_init(&ue, 0, -60000);
	pg_script("pause");
	/* down: 503 with Retry-After, for REGISTER and MESSAGE, no crash */
	ck_assert_int_eq(do_register(0, &ue, NULL, "600"), 503);
	ck_assert(strstr(reply.msg, "Retry-After: 5\r\n"));
	ck_assert_int_eq(do_message(1, &ue), 503);
	ck_assert_int_eq(do_register(0, &ue, NULL, "600"), 503);
	pg_script("resume");
	/* connected again on a later request (one attempt per second) */
	for (at = 0; at < INSTANCES; at++)
	{
		for (i = 0; i < 100; i++)
		{
			code = do_message(at, &ue);
			if (code != 503)
			{
				break;
			}
			usleep(100000);
		}
		/* registered by test_pg_alternating */
		ck_assert_int_eq(code, 200);
	}
	registration(0, &ue, &sqn);
	registration(1, &ue, &sqn);
	ck_assert_int_eq(do_message(0, &ue), 200);
}
END_TEST

static Suite *scscf_pg_suite_create(void)
{
	Suite *s = suite_create("scscf_pg");
	TCase *tc = tcase_create("fleet");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pg_load);
	tcase_add_test(tc, test_pg_alternating);
	tcase_add_test(tc, test_pg_resync_shared);
	tcase_add_test(tc, test_pg_bindings);
	tcase_add_test(tc, test_pg_down);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char *argv[])
{
	Suite *suites[] = {
		scscf_pg_suite_create(),
	};
	const char *info;
	int i;

	pg_dir = getenv("IMSAKA_TEST_PG_DIR");
	pg_script_path = getenv("IMSAKA_TEST_PG_SCRIPT");
	info = getenv("IMSAKA_TEST_PG_CONNINFO");
	if (!pg_dir || !pg_script_path || !info)
	{
		fprintf(stderr, "run by test_scscf_pg.sh (IMSAKA_TEST_PG_DIR, "
				"IMSAKA_TEST_PG_SCRIPT, IMSAKA_TEST_PG_CONNINFO unset)\n");
		return 77;
	}
	snprintf(conninfo, sizeof(conninfo), "%s", info);
	library_init(NULL, "imsaka-scscf-pg-tests");
	parser_init();
	/* the subscribers of both instances */
	for (i = 0; i < (int)countof(subscribers); i++)
	{
		char text[512];

		snprintf(text, sizeof(text), "INSERT INTO subscribers (impi, impus, "
				 "k, opc) VALUES ('%s', '{%s}', '%s', '%s')",
				 subscribers[i].impi, subscribers[i].impu, subscribers[i].k,
				 subscribers[i].opc);
		if (!sql_try(text, NULL, 0))
		{
			return EXIT_FAILURE;
		}
	}
	i = check_runner_run(NULL, suites, countof(suites));
	library_deinit();
	return i;
}

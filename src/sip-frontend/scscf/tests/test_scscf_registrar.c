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
#include "scscf_test_authorization.h"

#include <scscf_registrar.h>

#include <aka.h>
#include <digest_aka.h>
#include <digest_header.h>
#include <hex.h>
#include <sip_message.h>

#include <library.h>

#include <stdio.h>
#include <time.h>

/** registrar under test and its parts */
static scscf_subscribers_t *subs;
static scscf_registrar_t *registrar;
static scscf_config_t config;

/** the P-CSCF the requests come from */
static sip_peer_t pcscf;

/** last reply */
static scscf_reply_t reply;

/** CSeq of the next request */
static int cseq;

/**
 * The UE side, computed in the test through libimsaka's Milenage and
 * Digest code from the subscriber's K and OP
 */
typedef struct {
	imsaka_milenage_t m;
	imsaka_sqn_ms_t ms;
} ue_t;

static void ue_init(ue_t *ue, const char *k_hex, const char *op_hex)
{
	uint8_t k[16], op[16], opc[16];

	ck_assert(imsaka_hex_decode(k_hex, k, 16));
	ck_assert(imsaka_hex_decode(op_hex, op, 16));
	imsaka_milenage_opc(k, op, opc);
	imsaka_milenage_init(&ue->m, k, opc);
	/* a UE without stored state accepts any SQN above zero */
	imsaka_sqn_ms_init(&ue->ms, IMSAKA_SQN_IND_BITS, IMSAKA_SQN_DELTA_NONE);
}

/** TS 35.207 test set 1 */
#define SET1_K "465b5ce8b199b49faa5f0a2ee238a6bc"
#define SET1_OP "cdc202d5123e20f62b6d676ac72cb318"

static void setup_with(uint32_t max_pending,
					   imsaka_digest_aka_version_t version)
{
	scscf_config_defaults(&config);
	config.max_pending = max_pending;
	config.algorithm = version;
	snprintf(config.service_route, sizeof(config.service_route),
			 "<sip:orig@scscf.ims.example.net;lr>");
	subs = scscf_subscribers_load_string(scscf_test_subscribers);
	ck_assert(subs);
	registrar = scscf_registrar_create(&config, subs);
	pcscf = (sip_peer_t){ .proto = SIP_UDP };
	ck_assert_int_eq(imsaka_addr_parse("192.0.2.30:5060", 15, true,
									   &pcscf.local), 0);
	ck_assert_int_eq(imsaka_addr_parse("192.0.2.20:5060", 15, true,
									   &pcscf.remote), 0);
	memset(&reply, 0, sizeof(reply));
	cseq = 1;
}

static void setup(void)
{
	setup_with(16, IMSAKA_DIGEST_AKAV1_MD5);
}

static void teardown(void)
{
	scscf_reply_clear(&reply);
	registrar->destroy(registrar);
	subs->destroy(subs);
}

/**
 * The registrar again, with other settings
 */
static void restart_with(uint32_t max_pending,
						 imsaka_digest_aka_version_t version)
{
	teardown();
	setup_with(max_pending, version);
}

/**
 * Send a request, return the status code of the response, 0 for none
 */
static int request(const char *text)
{
	osip_message_t *resp;
	int code;

	scscf_reply_clear(&reply);
	if (!registrar->process(registrar, &pcscf, text, strlen(text), &reply))
	{
		return 0;
	}
	ck_assert(osip_message_init(&resp) == OSIP_SUCCESS);
	ck_assert_msg(osip_message_parse(resp, reply.msg, reply.len) ==
				  OSIP_SUCCESS, "response does not parse: %s", reply.msg);
	code = resp->status_code;
	osip_message_free(resp);
	return code;
}

/**
 * Send a REGISTER for impu, with an Authorization line or none
 */
static int do_register(const char *impu, const char *auth, const char *expires)
{
	char text[4096];

	snprintf(text, sizeof(text),
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKpc%d;rport\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:5064;branch=z9hG4bKue%d;rport=20001;"
		"received=192.0.2.1\r\n"
		"Max-Forwards: 69\r\n"
		"From: <%s>;tag=ue1\r\n"
		"To: <%s>\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: %d REGISTER\r\n"
		"Contact: <sip:ue@10.1.0.10:5064>;+g.3gpp.smsip\r\n"
		"Path: <sip:term@pcscf.ims.example.net;lr>\r\n"
		"%s%s%s"
		"Expires: %s\r\n"
		"Content-Length: 0\r\n\r\n",
		cseq, cseq, impu, impu, cseq, auth ? "Authorization: " : "",
		auth ?: "", auth ? "\r\n" : "", expires);
	cseq++;
	return request(text);
}

/**
 * The UE of test set 1, its first REGISTER challenged
 */
static void ue_challenged(ue_t *ue)
{
	ue_init(ue, SET1_K, SET1_OP);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
}

/**
 * Whether the last reply holds a line
 */
static bool reply_has(const char *line)
{
	return reply.msg && strstr(reply.msg, line);
}

/**
 * A parameter of a parsed header without quotes, failing if absent
 */
static void unquoted(const imsaka_digest_t *hdr, imsaka_digest_param_t param,
					 char *buf, size_t size)
{
	const char *value;
	size_t len;

	ck_assert(imsaka_digest_get(hdr, param, &value, &len));
	if (len >= 2 && value[0] == '"')
	{
		value++;
		len -= 2;
	}
	ck_assert(len < size);
	memcpy(buf, value, len);
	buf[len] = '\0';
}

/**
 * Answer the challenge of the last reply as the UE would, into an
 * Authorization value; returns the AKA status of the UE
 */
static imsaka_aka_status_t answer(ue_t *ue, const char *impi,
								  imsaka_digest_aka_version_t version,
								  bool wrong, char *auth, size_t size)
{
	imsaka_digest_t ch[IMSAKA_SIP_MAX_CHALLENGES];
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1], auts_b64[32] = "";
	uint8_t rand[16], autn[16], res[8], ck[16], ik[16], auts[14];
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	size_t password_len = 0;
	char text[64];
	imsaka_aka_status_t status;
	int count;

	ck_assert_int_eq(imsaka_sip_raw_challenges(reply.msg, reply.len, ch,
											   &count), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(count, 1);
	unquoted(&ch[0], IMSAKA_DIGEST_NONCE, nonce, sizeof(nonce));
	ck_assert_int_eq(imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), rand,
							autn, NULL, 0, NULL), IMSAKA_DIGEST_AKA_OK);
	ck_assert_int_eq(ch[0].alg, version == IMSAKA_DIGEST_AKAV1_MD5 ?
					 IMSAKA_DIGEST_ALG_AKAV1_MD5 : IMSAKA_DIGEST_ALG_AKAV2_MD5);
	unquoted(&ch[0], IMSAKA_DIGEST_REALM, text, sizeof(text));
	ck_assert_str_eq(text, "ims.example.net");
	unquoted(&ch[0], IMSAKA_DIGEST_QOP, text, sizeof(text));
	ck_assert_str_eq(text, "auth");
	/* quoted on the wire, as TS 24.229 and SIPp have them */
	ck_assert(strstr(reply.msg, "qop=\"auth\""));
	ck_assert(strstr(reply.msg, "realm=\"ims.example.net\""));

	status = imsaka_aka_check(&ue->m, &ue->ms, rand, autn, res, ck, ik);
	if (status == IMSAKA_AKA_OK)
	{
		/* the CK and IK for the P-CSCF are the UE's */
		ck_assert(ch[0].present & (1u << IMSAKA_DIGEST_CK));
		ck_assert(ch[0].present & (1u << IMSAKA_DIGEST_IK));
		ck_assert(memeq(ch[0].ck, ck, 16));
		ck_assert(memeq(ch[0].ik, ik, 16));
		if (wrong)
		{
			res[0] ^= 1;
		}
		ck_assert_int_eq(imsaka_digest_aka_password(version, res, 8, ck, ik,
							password, &password_len), IMSAKA_DIGEST_AKA_OK);
	}
	else if (status == IMSAKA_AKA_SYNC_FAILURE)
	{	/* RFC 3310 3.4: auts and an empty password */
		imsaka_aka_auts(&ue->m, &ue->ms, rand, auts);
		if (wrong)
		{
			auts[13] ^= 1;
		}
		imsaka_digest_aka_auts_encode(auts, auts_b64);
	}
	ck_assert(scscf_test_authorization(impi, nonce, version, password,
									   password_len, auts_b64, auth, size));
	return status;
}

START_TEST(test_ue_vectors)
{
	/* the test's UE side reproduces TS 35.207 set 1 (f2, f3, f4) */
	uint8_t rand[16], res[8], ck[16], ik[16], ak[6], want[16];
	ue_t ue;

	ue_init(&ue, SET1_K, SET1_OP);
	ck_assert(imsaka_hex_decode("23553cbe9637a89d218ae64dae47bf35", rand, 16));
	imsaka_milenage_f2345(&ue.m, rand, res, ck, ik, ak);
	ck_assert(imsaka_hex_decode("a54211d5e3ba50bf", want, 8));
	ck_assert(memeq(res, want, 8));
	ck_assert(imsaka_hex_decode("b40ba9a3c58b2a05bbf0d987b21bf8cb", want, 16));
	ck_assert(memeq(ck, want, 16));
	ck_assert(imsaka_hex_decode("f769bcd751044604127672711c6d3441", want, 16));
	ck_assert(memeq(ik, want, 16));
}
END_TEST

START_TEST(test_register_ok)
{
	imsaka_digest_aka_version_t version = _i ? IMSAKA_DIGEST_AKAV2_MD5
											 : IMSAKA_DIGEST_AKAV1_MD5;
	char auth[2048];
	ue_t ue;

	restart_with(16, version);
	ue_challenged(&ue);
	/* back to the source, rport filled with its port */
	ck_assert(imsaka_addr_equals(&reply.to.remote, &pcscf.remote));
	ck_assert(reply_has("rport=5060"));
	ck_assert(answer(&ue, "ue@ims.example.net", version, false, auth,
					 sizeof(auth)) == IMSAKA_AKA_OK);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);
	ck_assert(reply_has("Contact: <sip:ue@10.1.0.10:5064>;+g.3gpp.smsip;"
						"expires=600\r\n"));
	ck_assert(reply_has("Expires: 600\r\n"));
	ck_assert(reply_has("Path: <sip:term@pcscf.ims.example.net;lr>\r\n"));
	ck_assert(reply_has("Service-Route: <sip:orig@scscf.ims.example.net;lr>"));
	ck_assert(reply_has("P-Associated-URI: <sip:ue@ims.example.net>, "
						"<tel:+15551234>\r\n"));
	ck_assert(!reply_has("ck="));

	/* registered: OPTIONS and MESSAGE from its IMPUs are answered */
	ck_assert_int_eq(request(
		"OPTIONS sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKo1\r\n"
		"From: <tel:+15551234>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 200);
	ck_assert_int_eq(request(
		"MESSAGE sip:two@ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKm1\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\n"
		"To: <sip:two@ims.example.net>\r\n"
		"Call-ID: m1\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n"
		"Content-Length: 2\r\n\r\nhi"), 200);
	/* without rport the response goes to the Via port */
	ck_assert_uint_eq(reply.to.remote.port, 5060);
	ck_assert_int_eq(request(
		"OPTIONS sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKo2\r\n"
		"From: <sip:two@ims.example.net>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: o2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 403);
}
END_TEST

/**
 * OPTIONS with Request-URIs: a dispatcher's probe of this S-CSCF is
 * answered whoever sends it, anything else as a request of a user
 */
static struct {
	const char *method;
	const char *uri;
	int code;
} probes[] = {
	{ "OPTIONS", "sip:127.0.0.1:5060", 200 },
	{ "OPTIONS", "sip:127.0.0.1", 200 },
	{ "OPTIONS", "sips:127.0.0.1;transport=tcp", 200 },
	{ "OPTIONS", "sip:192.0.2.99:5060", 403 },
	{ "OPTIONS", "sip:ims.example.net", 403 },
	{ "OPTIONS", "sip:dispatcher@127.0.0.1", 403 },
	{ "OPTIONS", "tel:+15551234", 403 },
	{ "MESSAGE", "sip:127.0.0.1", 403 },
};

START_TEST(test_probe)
{
	char text[1024];

	snprintf(text, sizeof(text),
		"%s %s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.40:5060;branch=z9hG4bKp1\r\n"
		"From: <sip:dispatcher@ims.example.net>;tag=1\r\n"
		"To: <%s>\r\n"
		"Call-ID: p1\r\nCSeq: 1 %s\r\nContent-Length: 0\r\n\r\n",
		probes[_i].method, probes[_i].uri, probes[_i].uri, probes[_i].method);
	ck_assert_int_eq(request(text), probes[_i].code);
}
END_TEST

START_TEST(test_register_initial_empty_credentials)
{
	char auth[2048];
	ue_t ue;

	ue_init(&ue, SET1_K, SET1_OP);
	/* TS 24.229 5.1.1.2: Authorization with an empty nonce and response */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net",
		"Digest username=\"ue@ims.example.net\", realm=\"ims.example.net\", "
		"uri=\"sip:ims.example.net\", nonce=\"\", response=\"\"", "600"), 401);
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 auth, sizeof(auth)) == IMSAKA_AKA_OK);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);
}
END_TEST

/**
 * Send the last REGISTER again (the same Call-ID, CSeq and branch, with
 * auth as its Authorization) and check the 401 carries the same nonce as
 * the one before; first receives the start of that nonce
 */
static void same_challenge_again(const char *auth, char *first, size_t size)
{
	const char *nonce = strstr(reply.msg, "nonce=");

	ck_assert(nonce);
	snprintf(first, size, "%.60s", nonce);
	cseq--;
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 401);
	ck_assert(reply_has(first));
}

START_TEST(test_register_retransmitted)
{
	char auth[2048], first[512];
	ue_t ue;

	ue_challenged(&ue);
	/* the same REGISTER again (same Call-ID, CSeq, branch): same challenge */
	same_challenge_again(NULL, first, sizeof(first));
	/* the answer to the first 401 is good */
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 auth, sizeof(auth)) == IMSAKA_AKA_OK);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);
	/* the accepted REGISTER again (its 200 lost or late): the same 200,
	 * not a new challenge the UE would take for a failure */
	cseq--;
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);
	ck_assert(reply_has("Expires: 600\r\n"));
	/* a new REGISTER gets a new challenge */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	ck_assert(!reply_has(first));
	/* and the old answer, sent as a new request, is no good any more */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 401);
}
END_TEST

START_TEST(test_register_wrong_response)
{
	char auth[2048], right[2048];
	ue_t ue;

	ue_challenged(&ue);
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, true,
					 auth, sizeof(auth)) == IMSAKA_AKA_OK);
	/* the right answer to the same challenge, computed before using it */
	imsaka_sqn_ms_init(&ue.ms, IMSAKA_SQN_IND_BITS, IMSAKA_SQN_DELTA_NONE);
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 right, sizeof(right)) == IMSAKA_AKA_OK);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 403);
	/* one attempt per challenge: the right answer now gets a new one */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", right, "600"), 401);
	/* the wrong one did not register */
	ck_assert_int_eq(request(
		"OPTIONS sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKo3\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: o3\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 403);
}
END_TEST

START_TEST(test_register_resync)
{
	uint8_t high[6];
	struct timespec ts;
	uint64_t seq;
	char auth[2048], first[512];
	ue_t ue;

	ue_init(&ue, SET1_K, SET1_OP);
	/* the UE saw an SQN far ahead of the S-CSCF's clock */
	clock_gettime(CLOCK_REALTIME, &ts);
	seq = (uint64_t)ts.tv_sec * 1000 - IMSAKA_SQN_EPOCH_MS + 1000000000;
	imsaka_sqn_store(seq << IMSAKA_SQN_IND_BITS, high);
	imsaka_sqn_ms_set(&ue.ms, high);

	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	/* a wrong MAC-S is refused */
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, true,
					 auth, sizeof(auth)) == IMSAKA_AKA_SYNC_FAILURE);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 403);

	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 auth, sizeof(auth)) == IMSAKA_AKA_SYNC_FAILURE);
	/* AUTS accepted: a new challenge with an SQN the UE takes */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 401);
	/* the REGISTER with the auts retransmitted (same Call-ID, CSeq, branch):
	 * the same new challenge, not a 403 for the consumed nonce */
	same_challenge_again(auth, first, sizeof(first));
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 auth, sizeof(auth)) == IMSAKA_AKA_OK);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);
}
END_TEST

START_TEST(test_deregister)
{
	char auth[2048];
	ue_t ue;

	ue_challenged(&ue);
	answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false, auth,
		   sizeof(auth));
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 200);

	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "0"), 401);
	answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false, auth,
		   sizeof(auth));
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "0"), 200);
	ck_assert(reply_has("Expires: 0\r\n"));
	ck_assert_int_eq(request(
		"OPTIONS sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKo4\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: o4\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 403);
}
END_TEST

START_TEST(test_pending_bounded)
{
	char auth_ue[2048];
	ue_t ue;

	restart_with(2, IMSAKA_DIGEST_AKAV1_MD5);
	ue_challenged(&ue);
	answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false, auth_ue,
		   sizeof(auth_ue));
	ck_assert_int_eq(do_register("sip:two@ims.example.net", NULL, "600"), 401);
	ck_assert_int_eq(do_register("sip:three@ims.example.net", NULL, "600"),
					 401);
	/* the oldest, ue's, was dropped: its answer gets a new challenge */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth_ue, "600"),
					 401);
	/* a second challenge of one subscriber replaces its first */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	imsaka_sqn_ms_init(&ue.ms, IMSAKA_SQN_IND_BITS, IMSAKA_SQN_DELTA_NONE);
	answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false, auth_ue,
		   sizeof(auth_ue));
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth_ue, "600"),
					 200);
}
END_TEST

START_TEST(test_refused)
{
	char auth[2048];
	ue_t ue;

	/* unknown IMPU, unknown IMPI, IMPU of another subscriber */
	ck_assert_int_eq(do_register("sip:four@ims.example.net", NULL, "600"), 403);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net",
		"Digest username=\"four@ims.example.net\", realm=\"ims.example.net\", "
		"uri=\"sip:ims.example.net\", nonce=\"\", response=\"\"", "600"), 403);
	ck_assert_int_eq(do_register("sip:two@ims.example.net",
		"Digest username=\"ue@ims.example.net\", realm=\"ims.example.net\", "
		"uri=\"sip:ims.example.net\", nonce=\"\", response=\"\"", "600"), 403);
	/* malformed Authorization, expires */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net",
		"Digest username=\"ue@ims.example.net\", realm=", "600"), 400);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "6x"), 400);
	/* too brief */
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "10"), 423);
	ck_assert(reply_has("Min-Expires: 60\r\n"));
	/* a response for the wrong subscriber's K */
	ue_init(&ue, "0396eb317b6d1c36f19c1c84cd6ffd16", SET1_OP);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", NULL, "600"), 401);
	ck_assert(answer(&ue, "ue@ims.example.net", IMSAKA_DIGEST_AKAV1_MD5, false,
					 auth, sizeof(auth)) == IMSAKA_AKA_MAC_FAILURE);
	ck_assert_int_eq(do_register("sip:ue@ims.example.net", auth, "600"), 403);
	/* other methods */
	ck_assert_int_eq(request(
		"INVITE sip:two@ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKi1\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\n"
		"To: <sip:two@ims.example.net>\r\n"
		"Call-ID: i1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), 405);
	ck_assert(reply_has("Allow: REGISTER"));
	/* nothing to answer */
	ck_assert_int_eq(request("garbage\r\n\r\n"), 0);
	ck_assert_int_eq(request(
		"SIP/2.0 200 OK\r\n"
		"Via: SIP/2.0/UDP 192.0.2.30:5060;branch=z9hG4bKx\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\nTo: <sip:x@y>;tag=2\r\n"
		"Call-ID: r1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 0);
	ck_assert_int_eq(request(
		"OPTIONS sip:ims.example.net SIP/2.0\r\n"
		"From: <sip:ue@ims.example.net>;tag=1\r\nTo: <sip:ims.example.net>\r\n"
		"Call-ID: o5\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), 0);
}
END_TEST

Suite *scscf_registrar_suite_create(void)
{
	Suite *s = suite_create("scscf_registrar");
	TCase *tc = tcase_create("register");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ue_vectors);
	tcase_add_loop_test(tc, test_register_ok, 0, 2);
	tcase_add_test(tc, test_register_initial_empty_credentials);
	tcase_add_loop_test(tc, test_probe, 0, countof(probes));
	tcase_add_test(tc, test_register_retransmitted);
	tcase_add_test(tc, test_register_wrong_response);
	tcase_add_test(tc, test_register_resync);
	tcase_add_test(tc, test_deregister);
	tcase_add_test(tc, test_pending_bounded);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

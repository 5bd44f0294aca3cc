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
 * libFuzzer target: raw SIP datagrams into imsaka-scscf's registrar
 * (scscf_registrar_t process()), with a subscribers table built here and
 * no sockets. Must never crash or leak, and every response it builds must
 * parse with libosip2.
 *
 * Input (fuzz_sip.h): byte 0 bit 0 picks AKAv2-MD5 instead of AKAv1-MD5,
 * bits 1-2 the bound on pending challenges (1, 2, 16, 1000). Each message's
 * first byte picks the source (the P-CSCF over UDP or TCP, an IPv6 peer,
 * an unknown peer). Placeholders, from the last 401 sent:
 *   $A  Authorization of the UE "ue" answering it (auts if it must resync)
 *   $W  the same with a wrong response
 *   $Z  Authorization with auts (a resynchronisation)
 *   $N  its nonce
 */

#include "fuzz_sip.h"

#include <scscf_registrar.h>

#include <aka.h>
#include <digest_aka.h>
#include <digest_header.h>
#include <hex.h>
#include <sip_message.h>

static const char subscribers[] =
	"subscribers {\n"
	"  ue {\n"
	"    impi = ue@ims.example.net\n"
	"    impu = sip:ue@ims.example.net, tel:+15551234\n"
	"    k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
	"    op = cdc202d5123e20f62b6d676ac72cb318\n"
	"    amf = b9b9\n"
	"  }\n"
	"  two {\n"
	"    impi = two@ims.example.net\n"
	"    impu = sip:two@ims.example.net\n"
	"    k = 0396eb317b6d1c36f19c1c84cd6ffd16\n"
	"    opc = 53c15671c60a4b731c55b4a441c0bde2\n"
	"    amf = af17\n"
	"  }\n"
	"}\n";

/** the UE "ue" answering challenges, and the values of the placeholders */
typedef struct {
	imsaka_milenage_t m;
	imsaka_sqn_ms_t ms;
	imsaka_digest_aka_version_t version;
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1];
	char auth[1024], wrong[1024], resync[1024];
} ue_t;

static void ue_init(ue_t *ue, imsaka_digest_aka_version_t version)
{
	uint8_t k[16], op[16], opc[16];

	*ue = (ue_t){ .version = version };
	imsaka_hex_decode("465b5ce8b199b49faa5f0a2ee238a6bc", k, 16);
	imsaka_hex_decode("cdc202d5123e20f62b6d676ac72cb318", op, 16);
	imsaka_milenage_opc(k, op, opc);
	imsaka_milenage_init(&ue->m, k, opc);
	imsaka_sqn_ms_init(&ue->ms, IMSAKA_SQN_IND_BITS, IMSAKA_SQN_DELTA_NONE);
}

/** an Authorization value for the nonce with a password or auts */
static void credentials(ue_t *ue, const uint8_t *password, size_t len,
						const char *auts, char *out, size_t size)
{
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1] = "";
	imsaka_digest_params_t params = {
		.username = "ue@ims.example.net",
		.realm = "ims.example.net",
		.method = "REGISTER",
		.uri = "sip:ims.example.net",
		.nonce = ue->nonce,
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "0a4f113b",
	};

	imsaka_digest_response(&params, password, len, response);
	snprintf(out, size, "Digest username=\"ue@ims.example.net\", "
			 "realm=\"ims.example.net\", nonce=\"%s\", "
			 "uri=\"sip:ims.example.net\", response=\"%s\", algorithm=%s, "
			 "qop=auth, nc=00000001, cnonce=\"0a4f113b\"%s%s%s", ue->nonce,
			 response, imsaka_digest_aka_algorithm_name(ue->version),
			 auts ? ", auts=\"" : "", auts ?: "", auts ? "\"" : "");
}

/** take the challenge of a 401 sent: compute the placeholder values */
static void ue_challenged(ue_t *ue, const char *msg, size_t len)
{
	imsaka_digest_t ch[IMSAKA_SIP_MAX_CHALLENGES];
	uint8_t rand[16], autn[16], res[8], ck[16], ik[16], auts[14];
	uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	char auts_b64[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1];
	size_t password_len = 0;
	const char *nonce;
	size_t nonce_len;
	int count;

	FUZZ_CHECK(imsaka_sip_raw_challenges(msg, len, ch, &count) ==
			   IMSAKA_SECAGREE_OK && count >= 1,
			   "401 without a parsable challenge:\n%.*s", (int)len, msg);
	FUZZ_CHECK((ch[0].present & (1u << IMSAKA_DIGEST_CK)) &&
			   (ch[0].present & (1u << IMSAKA_DIGEST_IK)),
			   "401 without ck and ik");
	FUZZ_CHECK(imsaka_digest_get(&ch[0], IMSAKA_DIGEST_NONCE, &nonce,
								 &nonce_len), "401 without a nonce");
	if (nonce_len >= 2 && nonce[0] == '"')
	{
		nonce++;
		nonce_len -= 2;
	}
	FUZZ_CHECK(nonce_len < sizeof(ue->nonce), "nonce too long");
	memcpy(ue->nonce, nonce, nonce_len);
	ue->nonce[nonce_len] = '\0';
	FUZZ_CHECK(imsaka_digest_aka_nonce_parse(ue->nonce, nonce_len, rand,
						autn, NULL, 0, NULL) == IMSAKA_DIGEST_AKA_OK,
			   "nonce %s does not parse", ue->nonce);
	imsaka_aka_auts(&ue->m, &ue->ms, rand, auts);
	imsaka_digest_aka_auts_encode(auts, auts_b64);
	credentials(ue, NULL, 0, auts_b64, ue->resync, sizeof(ue->resync));
	switch (imsaka_aka_check(&ue->m, &ue->ms, rand, autn, res, ck, ik))
	{
		case IMSAKA_AKA_OK:
			FUZZ_CHECK(memeq(ch[0].ck, ck, 16) && memeq(ch[0].ik, ik, 16),
					   "401 with the wrong CK or IK");
			imsaka_digest_aka_password(ue->version, res, 8, ck, ik, password,
									   &password_len);
			credentials(ue, password, password_len, NULL, ue->auth,
						sizeof(ue->auth));
			password[0] ^= 1;
			credentials(ue, password, password_len, NULL, ue->wrong,
						sizeof(ue->wrong));
			break;
		case IMSAKA_AKA_SYNC_FAILURE:
			snprintf(ue->auth, sizeof(ue->auth), "%s", ue->resync);
			snprintf(ue->wrong, sizeof(ue->wrong), "%s", ue->resync);
			break;
		default:	/* a challenge of another subscriber */
			snprintf(ue->auth, sizeof(ue->auth), "%s", ue->resync);
			snprintf(ue->wrong, sizeof(ue->wrong), "%s", ue->resync);
			break;
	}
}

static const char *value(void *ctx, char c)
{
	ue_t *ue = ctx;

	switch (c)
	{
		case 'A':
			return ue->auth;
		case 'W':
			return ue->wrong;
		case 'Z':
			return ue->resync;
		case 'N':
			return ue->nonce;
		default:
			return NULL;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sip_init("fuzz-scscf");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t pending[] = { 1, 2, 16, 1000 };
	static const char *sources[] = {
		"192.0.2.20:5060", "192.0.2.20:5060", "[2001:db8::20]:5060",
		"198.51.100.7:40000",
	};
	fuzz_sip_msg_t msgs[FUZZ_SIP_MAX_MESSAGES];
	scscf_subscribers_t *subs;
	scscf_registrar_t *registrar;
	scscf_config_t config;
	scscf_reply_t reply;
	sip_msg_t *resp;
	sip_peer_t from;
	ue_t ue;
	char *text;
	size_t len;
	int count, i;

	if (size < 1)
	{
		return 0;
	}
	scscf_config_defaults(&config);
	config.algorithm = data[0] & 1 ? IMSAKA_DIGEST_AKAV2_MD5
								   : IMSAKA_DIGEST_AKAV1_MD5;
	config.max_pending = pending[(data[0] >> 1) & 3];
	snprintf(config.service_route, sizeof(config.service_route),
			 "<sip:orig@scscf.ims.example.net;lr>");
	subs = scscf_subscribers_load_string(subscribers);
	FUZZ_CHECK(subs, "subscribers do not load");
	registrar = scscf_registrar_create(&config, subs);
	ue_init(&ue, config.algorithm);
	memset(&reply, 0, sizeof(reply));

	count = fuzz_sip_split(data + 1, size - 1, msgs);
	for (i = 0; i < count; i++)
	{
		text = fuzz_sip_expand(msgs[i].text, msgs[i].len, value, &ue, &len);
		if (!text)
		{
			continue;
		}
		if (fuzz_sip_keepalive(text, len))
		{
			free(text);
			continue;
		}
		from = (sip_peer_t){ .proto = msgs[i].how & 1 ? SIP_TCP : SIP_UDP };
		from.remote = fuzz_addr(sources[(msgs[i].how >> 1) & 3]);
		from.local = fuzz_addr(from.remote.family == AF_INET6 ?
							   "[2001:db8::30]:5060" : "192.0.2.30:5060");
		if (registrar->process(registrar, &from, text, len, &reply))
		{
			FUZZ_CHECK(reply.msg && reply.len, "TRUE without a reply");
			if (fuzz_verbose)
			{
				fprintf(stderr, "reply:\n%.*s\n", (int)reply.len, reply.msg);
			}
			resp = fuzz_sip_parse_sent(reply.msg, reply.len,
									   !fuzz_sip_roundtrips(text, len));
			if (!resp)
			{
				scscf_reply_clear(&reply);
				free(text);
				continue;
			}
			FUZZ_CHECK(imsaka_sip_is_response(resp), "reply is no response");
			FUZZ_CHECK(reply.to.proto == from.proto, "reply changes protocol");
			if (imsaka_sip_status(resp) == 401)
			{
				ue_challenged(&ue, reply.msg, reply.len);
			}
			imsaka_sip_free(resp);
		}
		scscf_reply_clear(&reply);
		free(text);
	}
	registrar->destroy(registrar);
	subs->destroy(subs);
	return 0;
}

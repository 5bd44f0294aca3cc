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
 * libFuzzer target: raw SIP messages into imsaka-ue, its registration
 * (ue_registration_t receive()) and its outbound proxy (ue_proxy_t
 * receive()), dispatched as imsaka-ue does, with the fakes of its unit
 * tests (recording transport with a virtual clock, scripted charon). Must
 * never crash or leak, and every message it sends must parse with libosip2
 * (unless a message received did not survive libosip2's own parse and
 * print, see fuzz_sip_roundtrips()).
 *
 * Input (fuzz_sip.h): byte 0 bits 0-2 pick how far a valid registration
 * with an imsaka P-CSCF goes first: 0 SM1 sent, 1 SM7 sent, 2 registered,
 * 3 registered and an OPTIONS of the UA relayed, 4 registered and
 * de-registering, 5 and up nothing started. Bits 3-4 make aka-digest answer
 * OK, sync (once), auth failure or error; bit 5 makes sa-install fail;
 * bit 6 turns keep-alives off and accepts AKAv2-MD5 too. Each message's
 * first byte, bits 0-2, picks where it arrives or what happens:
 *   0 from the P-CSCF (192.0.2.20:5060) on the UE's unprotected port
 *   1 from the P-CSCF's protected port_s on the UE's port_c
 *   2 from the P-CSCF's protected port_c on the UE's port_s
 *   3 from the UA (127.0.0.1:5080) on the proxy's address
 *   4 no message: the earliest timer fires
 *   5 no message: deregister()
 *   6 no message: start()
 *   7 from an unknown peer on the unprotected port
 * bit 3 makes it TCP. Placeholders:
 *   $B  branch of the last REGISTER sent
 *   $F  its From tag
 *   $V  the Via lines of the last request sent to the P-CSCF
 *   $C  its Call-ID
 *   $N  its CSeq (number and method)
 *   $S  a Security-Server answering the last REGISTER as an imsaka
 *       P-CSCF would in SM6 (negotiated, NAT-T hashes of a UE behind a NAT
 *       at 192.0.2.1:20000)
 *   $O  the Security-Server of SM12 (with oa-pl)
 */

#include "fuzz_sip.h"

#include <secagree_natt.h>
#include <secagree_negotiate.h>
#include <sip_message.h>

#include <ue_proxy.h>
#include <ue_registration.h>
#include <tests/fake_control.h>
#include <tests/fake_transport.h>

/** a valid registration with an imsaka P-CSCF, in steps */
static const char sm6[] =
	"SIP/2.0 401 Unauthorized\r\n"
	"Via: SIP/2.0/UDP 10.1.0.10:5060;branch=$B;rport=20000;"
	"received=192.0.2.1\r\n"
	"From: <sip:alice@ims.example.net>;tag=$F\r\n"
	"To: <sip:alice@ims.example.net>;tag=pcscf\r\n"
	"Call-ID: $C\r\n"
	"CSeq: $N\r\n"
	"WWW-Authenticate: Digest realm=\"ims.example.net\", "
	"nonce=\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\", "
	"algorithm=AKAv1-MD5, qop=\"auth\"\r\n"
	"Security-Server: $S\r\n"
	"Content-Length: 0\r\n\r\n";
static const char sm12[] =
	"SIP/2.0 200 OK\r\n"
	"$V"
	"From: <sip:alice@ims.example.net>;tag=$F\r\n"
	"To: <sip:alice@ims.example.net>;tag=pcscf\r\n"
	"Call-ID: $C\r\n"
	"CSeq: $N\r\n"
	"Contact: <sip:alice@10.1.0.10:5066>;expires=600\r\n"
	"Security-Server: $O\r\n"
	"Content-Length: 0\r\n\r\n";
static const char ua_options[] =
	"OPTIONS sip:bob@ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKua1;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:alice@ims.example.net>;tag=ua\r\n"
	"To: <sip:bob@ims.example.net>\r\n"
	"Call-ID: ua-call-1\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Content-Length: 0\r\n\r\n";

/** state of one run */
typedef struct {
	ue_config_t config;
	fake_transport_t *transport;
	fake_control_t *charon;
	ue_registration_t *reg;
	ue_proxy_t *proxy;
	/** messages sent that were checked */
	int checked;
	/** a message received did not survive libosip2's parse and print */
	bool tainted;
	/** the SM6 entry chosen for $S, for $O */
	imsaka_secagree_entry_t entry;
	bool natp;
	/** placeholder values */
	char branch[128], tag[128], vias[4096], call_id[256], cseq[128];
	char server[2048], server12[2048];
	/** the last REGISTER sent, to compute $S and $O */
	char *last_register;
} run_t;

static const char *value(void *ctx, char c);

/** $S: negotiate as an imsaka P-CSCF would for the last REGISTER */
static void make_server(run_t *run)
{
	static const char pol[] =
		"ipsec-3gpp;mod=UDP-enc-tun, ipsec-3gpp;mod=trans";
	imsaka_addr_t source = fuzz_addr("192.0.2.1:20000");
	imsaka_addr_t local = fuzz_addr("192.0.2.20:5060");
	imsaka_secagree_list_t client, policy, server;
	imsaka_secagree_choice_t choice;
	imsaka_nat_t nat = IMSAKA_NAT_NONE;
	sip_msg_t *req;
	size_t len;

	run->server[0] = run->server12[0] = '\0';
	req = fuzz_sip_parse_sent(run->last_register,
							  strlen(run->last_register), true);
	if (!req)
	{
		return;
	}
	imsaka_secagree_list_init(&client);
	imsaka_secagree_list_init(&policy);
	if (imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT, &client) ==
			IMSAKA_SECAGREE_OK &&
		imsaka_secagree_list_parse(&policy, pol, strlen(pol)) == IMSAKA_SECAGREE_OK)
	{
		imsaka_secagree_natt_detect_pcscf(&client, &source, &local, &nat);
		nat |= IMSAKA_NAT_UE;
		if (imsaka_secagree_negotiate(&client, &policy, nat, &choice) ==
			IMSAKA_SECAGREE_OK)
		{
			imsaka_secagree_entry_init(&run->entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
			run->entry.alg = choice.alg;
			run->entry.ealg = choice.ealg;
			run->entry.mod = choice.mod;
			run->entry.spi_c = 2000;
			run->entry.spi_s = 2001;
			run->entry.port_c = 5062;
			run->entry.port_s = 5064;
			run->entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_S) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_C) |
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_S);
			run->natp = (client.entries[choice.client].present &
						 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_U)) &&
						imsaka_secagree_natt_add_sm6(&run->entry,
							&client.entries[choice.client], &local,
							&source) == IMSAKA_SECAGREE_OK;
			imsaka_secagree_list_init(&server);
			if (imsaka_secagree_list_add(&server, NULL, &run->entry) ==
					IMSAKA_SECAGREE_OK &&
				imsaka_secagree_list_build(&server, run->server,
									 sizeof(run->server) - 1, &len) ==
					IMSAKA_SECAGREE_OK)
			{
				run->server[len] = '\0';
			}
		}
	}
	imsaka_sip_free(req);
}

/** $O: the SM12 Security-Server */
static void make_server12(run_t *run)
{
	imsaka_addr_t local = fuzz_addr("192.0.2.20:5060");
	imsaka_secagree_entry_t e = run->entry;
	imsaka_secagree_list_t list;
	size_t len;

	run->server12[0] = '\0';
	if (!run->natp)
	{
		return;
	}
	imsaka_secagree_natt_add_sm12(&e, &local, NULL);
	imsaka_secagree_list_init(&list);
	if (imsaka_secagree_list_add(&list, NULL, &e) == IMSAKA_SECAGREE_OK &&
		imsaka_secagree_list_build(&list, run->server12, sizeof(run->server12) - 1,
							 &len) == IMSAKA_SECAGREE_OK)
	{
		run->server12[len] = '\0';
	}
}

static const char *value(void *ctx, char c)
{
	run_t *run = ctx;

	switch (c)
	{
		case 'B':
			return run->branch;
		case 'F':
			return run->tag;
		case 'V':
			return run->vias;
		case 'C':
			return run->call_id;
		case 'N':
			return run->cseq;
		case 'S':
			if (run->last_register)
			{
				make_server(run);
			}
			return run->server;
		case 'O':
			make_server12(run);
			return run->server12;
		default:
			return NULL;
	}
}

/** check what was sent since the last check, remember placeholders */
static void check_sent(run_t *run)
{
	const imsaka_addr_t ua = fuzz_addr("127.0.0.1:5080");
	sip_msg_t *msg;
	const fake_sent_t *sent;
	const char *pos;

	for (; run->checked < run->transport->sent_count; run->checked++)
	{
		sent = &run->transport->sent[run->checked];
		if (fuzz_verbose)
		{
			fprintf(stderr, "sent:\n%s\n", sent->msg);
		}
		msg = fuzz_sip_parse_sent(sent->msg, sent->len, run->tainted);
		if (!msg)
		{
			continue;
		}
		if (imsaka_sip_is_request(msg) &&
			!imsaka_addr_equals(&sent->peer.remote, &ua))
		{
			fuzz_sip_vias(sent->msg, run->vias, sizeof(run->vias));
			fuzz_sip_header(sent->msg, "Call-ID", run->call_id,
							sizeof(run->call_id));
			fuzz_sip_header(sent->msg, "CSeq", run->cseq, sizeof(run->cseq));
			if (imsaka_sip_is_method(msg, "REGISTER"))
			{
				fuzz_sip_branch(sent->msg, run->branch, sizeof(run->branch));
				pos = strstr(sent->msg, ";tag=");
				snprintf(run->tag, sizeof(run->tag), "%.*s",
						 pos ? (int)strcspn(pos + 5, ";\r\n") : 0,
						 pos ? pos + 5 : "");
				free(run->last_register);
				run->last_register = strdup(sent->msg);
			}
		}
		imsaka_sip_free(msg);
	}
}

static sip_peer_t peer(run_t *run, uint8_t how)
{
	static const char *remote[] = {
		"192.0.2.20:5060", "10.2.0.1:5064", "10.2.0.1:5062",
		"127.0.0.1:5080", NULL, NULL, NULL, "198.51.100.9:5060",
	};
	static const char *local[] = {
		"10.1.0.10:5060", "10.1.0.10:5064", "10.1.0.10:5066",
		"127.0.0.1:5070", NULL, NULL, NULL, "10.1.0.10:5060",
	};
	sip_peer_t p = { .proto = how & 8 ? SIP_TCP : SIP_UDP };

	p.remote = fuzz_addr(remote[how & 7]);
	p.local = fuzz_addr(local[how & 7]);
	p.conn = how & 8 ? 1 + (how & 7) : 0;
	return p;
}

/** deliver one message or act */
static void deliver(run_t *run, uint8_t how, const char *text, size_t size)
{
	sip_peer_t from;
	char *msg;
	size_t len;

	switch (how & 7)
	{
		case 4:
			fake_transport_fire(run->transport);
			check_sent(run);
			return;
		case 5:
			run->reg->deregister(run->reg);
			check_sent(run);
			return;
		case 6:
			run->reg->start(run->reg);
			check_sent(run);
			return;
		default:
			break;
	}
	msg = fuzz_sip_expand(text, size, value, run, &len);
	if (!msg)
	{
		return;
	}
	if (!fuzz_sip_keepalive(msg, len))
	{
		from = peer(run, how);
		run->tainted |= !fuzz_sip_roundtrips(msg, len);
		if (fuzz_verbose)
		{
			fprintf(stderr, "receive (%u):\n%.*s\n", how, (int)len, msg);
		}
		/* as imsaka-ue dispatches */
		if (!run->reg->receive(run->reg, &from, msg, len))
		{
			run->proxy->receive(run->proxy, &from, msg, len);
		}
		check_sent(run);
	}
	free(msg);
}

static void on_state(void *data, ue_reg_state_t state)
{
	FUZZ_CHECK(ue_reg_state_name(state), "state %d has no name", state);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sip_init("fuzz-ue");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ue_aka_status_t aka[] = {
		UE_AKA_OK, UE_AKA_SYNC, UE_AKA_AUTH, UE_AKA_ERROR,
	};
	fuzz_sip_msg_t msgs[FUZZ_SIP_MAX_MESSAGES];
	sip_error_t err = {};
	run_t *run;
	int count, i, prefix;

	if (size < 1)
	{
		return 0;
	}
	run = calloc(1, sizeof(*run));
	ue_config_defaults(&run->config);
	snprintf(run->config.impi, sizeof(run->config.impi),
			 "alice@ims.example.net");
	snprintf(run->config.impu, sizeof(run->config.impu),
			 "sip:alice@ims.example.net");
	snprintf(run->config.realm, sizeof(run->config.realm), "ims.example.net");
	run->config.pcscf = fuzz_addr("192.0.2.20:5060");
	run->config.pcscf_protected = fuzz_addr("10.2.0.1");
	run->config.local = fuzz_addr("10.1.0.10:5060");
	run->config.protected = fuzz_addr("10.1.0.10");
	run->config.proxy = fuzz_addr("127.0.0.1:5070");
	run->config.state_file[0] = '\0';
	if (data[0] & 64)
	{
		run->config.keepalive = false;
		run->config.akav = UE_AKAV1 | UE_AKAV2;
	}
	FUZZ_CHECK(ue_config_check(&run->config, &err), "%s", err.reason);
	run->transport = fake_transport_create();
	run->charon = fake_control_create();
	run->charon->aka_status = aka[(data[0] >> 3) & 3];
	run->charon->sync_times = 1;
	run->charon->fail_install = data[0] & 32;
	run->reg = ue_registration_create(&run->config, &run->charon->public,
									  &run->transport->public, on_state, NULL);
	FUZZ_CHECK(run->reg, "no registration");
	run->proxy = ue_proxy_create(&run->config, &run->transport->public,
								 run->reg);
	FUZZ_CHECK(run->proxy, "no proxy");

	prefix = data[0] & 7;
	if (prefix < 5)
	{
		deliver(run, 6, NULL, 0);
	}
	if (prefix >= 1 && prefix < 5)
	{
		deliver(run, 0, sm6, strlen(sm6));
	}
	if (prefix >= 2 && prefix < 5)
	{
		deliver(run, 1, sm12, strlen(sm12));
	}
	if (prefix == 3)
	{
		deliver(run, 3, ua_options, strlen(ua_options));
	}
	if (prefix == 4)
	{
		deliver(run, 5, NULL, 0);
	}
	count = fuzz_sip_split(data + 1, size - 1, msgs);
	for (i = 0; i < count; i++)
	{
		deliver(run, msgs[i].how, msgs[i].text, msgs[i].len);
	}

	run->proxy->destroy(run->proxy);
	run->reg->destroy(run->reg);
	check_sent(run);
	run->charon->public.destroy(&run->charon->public);
	run->transport->public.destroy(&run->transport->public);
	free(run->last_register);
	free(run);
	return 0;
}

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
 * libFuzzer target: raw SIP datagrams into imsaka-pcscf's proxy
 * (pcscf_proxy_t receive()) with the fakes of its unit tests: a recording
 * transport and a charon answering OK. Must never crash or leak; every
 * message it sends must parse with libosip2 (unless a message received did
 * not survive libosip2's own parse and print, see fuzz_sip_roundtrips()),
 * and CK/IK of the S-CSCF's 401 never reach a UE: no WWW-Authenticate it
 * sends has ck= or ik=, and the keys' hex is nowhere in it when the S-CSCF
 * only sent them in WWW-Authenticate.
 *
 * Input (fuzz_sip.h): byte 0 bits 0-2 pick how far a valid registration
 * of the UE behind its NAT goes before the fuzzed messages: 0 nothing,
 * 1 SM1 forwarded, 2 SM6 sent, 3 SM7 forwarded, 4 and up registered.
 * Bit 3 sets allow_unprotected, bit 4 a policy with trans first, bit 5
 * max_registrations 1, bits 6-7 make charon refuse ctx-keys, sa-install or
 * sa-promote. Each message's first byte, bits 0-2, picks where it arrives:
 *   0 the UE through its NAT (192.0.2.1:20001) on the unprotected port
 *   1 the UE's protected port_c on the P-CSCF's protected port_s
 *   2 the UE's protected port_s on the P-CSCF's protected port_c
 *   3 the S-CSCF
 *   4 a protected address without a security association
 *   5 another UE on the unprotected port
 *   6 no message: the earliest timer fires
 *   7 the UE's protected port_c on the P-CSCF's port_c + 1
 * bit 3 makes it TCP. Placeholders:
 *   $V  the Via lines of the last message sent to the S-CSCF (to answer it)
 *   $S  the Security-Server of the last SM6 sent to the UE
 *   $U  hash-ul of the UE (SPIs 1111/2222, 10.1.0.10:5060)
 *   $P  hash-pp of the UE (SPIs 1111/2222, 192.0.2.20:5060)
 *   $Q  hash-pp of the UE for the protected address 10.2.0.1:5064
 */

#include "fuzz_sip.h"

#include <digest_header.h>
#include <hex.h>
#include <nat_detect.h>
#include <sip_message.h>

#include <pcscf_config.h>
#include <pcscf_policy.h>
#include <pcscf_proxy.h>
#include <tests/pcscf_fakes.h>

#define CK_HEX "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK_HEX "f769bcd751044604127672711c6d3441"

/** a valid registration of the UE behind its NAT, in steps */
static const struct {
	uint8_t how;
	const char *text;
} steps[] = {
	/* SM1 */
	{ 0, "REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bKue1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: 1 REGISTER\r\n"
		"Contact: <sip:alice@10.1.0.10:5060>\r\n"
		"Expires: 600\r\n"
		"Supported: path\r\n"
		"Require: sec-agree\r\n"
		"Proxy-Require: sec-agree\r\n"
		"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
		"mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;"
		"nat-u;hash-ul=$U;hash-pp=$P, ipsec-3gpp;alg=hmac-sha-1-96;"
		"ealg=aes-cbc;mod=trans;spi-c=1111;spi-s=2222;port-c=5064;"
		"port-s=5066;nat-u;hash-ul=$U;hash-pp=$P\r\n"
		"Authorization: Digest username=\"alice@ims.example.net\", "
		"realm=\"ims.example.net\", uri=\"sip:ims.example.net\", "
		"nonce=\"\", response=\"\"\r\n"
		"Content-Length: 0\r\n\r\n" },
	/* SM4 */
	{ 3, "SIP/2.0 401 Unauthorized\r\n$V"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: 1 REGISTER\r\n"
		"WWW-Authenticate: Digest realm=\"ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", "
		"algorithm=AKAv1-MD5, qop=\"auth\", ck=\"" CK_HEX "\", "
		"ik=\"" IK_HEX "\"\r\n"
		"Content-Length: 0\r\n\r\n" },
	/* SM7 */
	{ 1, "REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.1.0.10:5064;branch=z9hG4bKue2;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: 2 REGISTER\r\n"
		"Contact: <sip:alice@10.1.0.10:5064>\r\n"
		"Expires: 600\r\n"
		"Supported: path\r\n"
		"Require: sec-agree\r\n"
		"Proxy-Require: sec-agree\r\n"
		"Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;"
		"mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=5064;port-s=5066;"
		"nat-u;hash-ul=$U;hash-pp=$P;oa-ul=\"10.1.0.10:5060\";"
		"oa-up=\"192.0.2.1:20001\", ipsec-3gpp;alg=hmac-sha-1-96;"
		"ealg=aes-cbc;mod=trans;spi-c=1111;spi-s=2222;port-c=5064;"
		"port-s=5066;nat-u;hash-ul=$U;hash-pp=$P;oa-ul=\"10.1.0.10:5060\";"
		"oa-up=\"192.0.2.1:20001\"\r\n"
		"Security-Verify: $S\r\n"
		"Authorization: Digest username=\"alice@ims.example.net\", "
		"realm=\"ims.example.net\", uri=\"sip:ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", "
		"response=\"0123456789abcdef0123456789abcdef\", algorithm=AKAv1-MD5, "
		"qop=auth, nc=00000001, cnonce=\"0a4f113b\"\r\n"
		"Content-Length: 0\r\n\r\n" },
	/* SM10 */
	{ 3, "SIP/2.0 200 OK\r\n$V"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: 2 REGISTER\r\n"
		"Contact: <sip:alice@10.1.0.10:5064>;expires=600\r\n"
		"Content-Length: 0\r\n\r\n" },
};

/** state of one run */
typedef struct {
	pcscf_config_t config;
	fake_transport_t *transport;
	fake_control_t charon_fake;
	pcscf_control_client_t *charon;
	pcscf_proxy_t *proxy;
	/** messages sent, whole (the fake keeps them up to a NUL only) */
	struct {
		sip_peer_t peer;
		char *text;
		size_t len;
	} sent[FAKE_MAX];
	int sent_count;
	/** messages sent that were checked */
	int checked;
	/** CK or IK came elsewhere than in an S-CSCF's WWW-Authenticate (a UE
	 *  sent them, or a header the P-CSCF cannot know carried them) */
	bool keys_elsewhere;
	/** a message received did not survive libosip2's parse and print */
	bool tainted;
	/** placeholder values */
	char vias[8192], server[4096], hash_ul[41], hash_pp[41], hash_pq[41];
} run_t;

/** the NAT-D hash of SPIs 1111/2222 and an address, as hex */
static void hash(const char *address, char out[41])
{
	uint8_t h[IMSAKA_SECAGREE_HASH_LEN];
	imsaka_addr_t a = fuzz_addr(address);

	FUZZ_CHECK(imsaka_nat_hash(1111, 2222, &a, h), "hash");
	imsaka_hex_encode(h, sizeof(h), out);
}

static const char *value(void *ctx, char c)
{
	run_t *run = ctx;

	switch (c)
	{
		case 'V':
			return run->vias;
		case 'S':
			return run->server;
		case 'U':
			return run->hash_ul;
		case 'P':
			return run->hash_pp;
		case 'Q':
			return run->hash_pq;
		default:
			return NULL;
	}
}

static sip_peer_t peer(uint8_t how)
{
	static const char *remote[] = {
		"192.0.2.1:20001", "10.1.0.10:5064", "10.1.0.10:5066",
		"192.0.2.30:5060", "10.1.0.99:5064", "192.0.2.50:5060",
		"192.0.2.1:20001", "10.1.0.10:5064",
	};
	static const char *local[] = {
		"192.0.2.20:5060", "10.2.0.1:5064", "10.2.0.1:5062",
		"192.0.2.20:5060", "10.2.0.1:5064", "192.0.2.20:5060",
		"192.0.2.20:5060", "10.2.0.1:5063",
	};
	sip_peer_t p = { .proto = how & 8 ? SIP_TCP : SIP_UDP };

	p.remote = fuzz_addr(remote[how & 7]);
	p.local = fuzz_addr(local[how & 7]);
	p.conn = how & 8 ? 1 + (how & 7) : 0;
	return p;
}

/**
 * Whether a message holds the S-CSCF's CK or IK: raw, their hex anywhere;
 * else a WWW-Authenticate with ck= or ik= (any value)
 */
static bool has_keys(const char *text, size_t len, bool raw)
{
	imsaka_digest_t ch[IMSAKA_SIP_MAX_CHALLENGES];
	int count = 0, i;

	if (raw)
	{
		return memmem(text, len, CK_HEX, strlen(CK_HEX)) ||
			   memmem(text, len, IK_HEX, strlen(IK_HEX));
	}
	imsaka_sip_raw_challenges(text, len, ch, &count);
	for (i = 0; i < count; i++)
	{
		if (ch[i].present & ((1u << IMSAKA_DIGEST_CK) |
							 (1u << IMSAKA_DIGEST_IK)))
		{
			return true;
		}
	}
	return false;
}

/** whether the keys' hex is somewhere not right after ck= or ik= */
static bool keys_bare(const char *text, size_t len)
{
	static const char *keys[] = { CK_HEX, IK_HEX };
	const char *pos, *end = text + len, *p;
	int i;

	for (i = 0; i < 2; i++)
	{
		for (pos = text; (p = memmem(pos, end - pos, keys[i],
									 strlen(keys[i]))); pos = p + 1)
		{
			if (!((p - text >= 4 && (!strncasecmp(p - 4, "ck=\"", 4) ||
									 !strncasecmp(p - 4, "ik=\"", 4))) ||
				  (p - text >= 3 && (!strncasecmp(p - 3, "ck=", 3) ||
									 !strncasecmp(p - 3, "ik=", 3)))))
			{
				return true;
			}
		}
	}
	return false;
}

/**
 * Whether the keys' hex is in a line other than a WWW-Authenticate, or
 * elsewhere than as a ck= or ik= value
 */
static bool keys_outside_challenges(const char *text, size_t len)
{
	const char *line = text, *end = text + len, *eol;

	if (keys_bare(text, len))
	{
		return true;
	}

	while (line < end)
	{
		eol = memchr(line, '\n', end - line);
		eol = eol ? eol + 1 : end;
		if (!(eol - line > 17 && !strncasecmp(line, "WWW-Authenticate:", 17)) &&
			has_keys(line, eol - line, true))
		{
			return true;
		}
		line = eol;
	}
	return false;
}

/** fire the active timer with the shortest delay */
static void fire_timer(run_t *run)
{
	fake_timer_t *first = NULL;
	int i;

	for (i = 0; i < run->transport->timer_count; i++)
	{
		if (run->transport->timers[i].active &&
			(!first || run->transport->timers[i].ms < first->ms))
		{
			first = &run->transport->timers[i];
		}
	}
	if (first)
	{
		first->active = false;
		first->cb(first->data);
	}
}

/** the run under way, for record_send() */
static run_t *current;

/** the fake transport's send() */
static bool (*fake_send)(sip_transport_t *this, const sip_peer_t *peer,
						 const char *msg, size_t len);

/** send() of the transport: record the message whole, then the fake's */
static bool record_send(sip_transport_t *this, const sip_peer_t *peer,
						const char *msg, size_t len)
{
	run_t *run = current;

	if (run->sent_count < FAKE_MAX)
	{
		run->sent[run->sent_count].peer = *peer;
		run->sent[run->sent_count].text = malloc(len + 1);
		memcpy(run->sent[run->sent_count].text, msg, len);
		run->sent[run->sent_count].text[len] = '\0';
		run->sent[run->sent_count].len = len;
		run->sent_count++;
	}
	return fake_send(this, peer, msg, len);
}

/** check what was sent since the last check, remember placeholders */
static void check_sent(run_t *run)
{
	const imsaka_addr_t scscf = run->config.scscf;
	sip_msg_t *msg;
	typeof(run->sent[0]) *sent;

	for (; run->checked < run->sent_count; run->checked++)
	{
		sent = &run->sent[run->checked];
		if (fuzz_verbose)
		{
			fprintf(stderr, "sent:\n%.*s\n", (int)sent->len, sent->text);
		}
		msg = fuzz_sip_parse_sent(sent->text, sent->len, run->tainted);
		if (msg)
		{
			imsaka_sip_free(msg);
		}
		if (imsaka_addr_equals(&sent->peer.remote, &scscf))
		{
			fuzz_sip_vias(sent->text, run->vias, sizeof(run->vias));
			continue;
		}
		FUZZ_CHECK(!has_keys(sent->text, sent->len, false) &&
				   (run->keys_elsewhere ||
					!has_keys(sent->text, sent->len, true)),
				   "CK or IK of the S-CSCF sent to a UE:\n%s", sent->text);
		if (strncmp(sent->text, "SIP/2.0 401 ", 12) == 0)
		{	/* SM6 */
			fuzz_sip_header(sent->text, "Security-Server", run->server,
							sizeof(run->server));
		}
	}
}

/** deliver one message or fire a timer */
static void deliver(run_t *run, uint8_t how, const char *text, size_t size)
{
	sip_peer_t from;
	char *msg;
	size_t len;

	if ((how & 7) == 6)
	{
		fire_timer(run);
		check_sent(run);
		return;
	}
	msg = fuzz_sip_expand(text, size, value, run, &len);
	if (!msg)
	{
		return;
	}
	if (!fuzz_sip_keepalive(msg, len))
	{
		from = peer(how);
		run->tainted |= !fuzz_sip_roundtrips(msg, len);
		if (imsaka_addr_equals(&from.remote, &run->config.scscf))
		{	/* keys outside WWW-Authenticate: an unknown header, forwarded */
			run->keys_elsewhere |= has_keys(msg, len, true) &&
								   keys_outside_challenges(msg, len);
		}
		else
		{
			run->keys_elsewhere |= has_keys(msg, len, true) ||
								   has_keys(msg, len, false);
		}
		if (fuzz_verbose)
		{
			fprintf(stderr, "receive (%u):\n%.*s\n", how, (int)len, msg);
		}
		run->proxy->receive(run->proxy, &from, msg, len);
		check_sent(run);
	}
	free(msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sip_init("fuzz-pcscf");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *fail[] = { NULL, "ctx-keys", "sa-install",
								  "sa-promote" };
	fuzz_sip_msg_t msgs[FUZZ_SIP_MAX_MESSAGES];
	sip_error_t err = {};
	run_t *run;
	int count, i, prefix;

	if (size < 1)
	{
		return 0;
	}
	run = calloc(1, sizeof(*run));
	pcscf_config_defaults(&run->config);
	run->config.listen = fuzz_addr("192.0.2.20:5060");
	run->config.protected_address = fuzz_addr("10.2.0.1");
	run->config.core = run->config.listen;
	run->config.scscf = fuzz_addr("192.0.2.30:5060");
	run->config.allow_unprotected = data[0] & 8;
	if (data[0] & 32)
	{
		run->config.max_registrations = 1;
	}
	FUZZ_CHECK(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96",
				"aes-cbc, null", data[0] & 16 ? "trans, UDP-enc-tun"
											  : "UDP-enc-tun, trans",
				&run->config.policy, &err), "policy");
	hash("10.1.0.10:5060", run->hash_ul);
	hash("192.0.2.20:5060", run->hash_pp);
	hash("10.2.0.1:5064", run->hash_pq);
	run->transport = fake_transport_create();
	fake_send = run->transport->public.send;
	run->transport->public.send = record_send;
	current = run;
	run->charon = fake_control_create(&run->charon_fake);
	run->charon_fake.fail = fail[data[0] >> 6];
	run->proxy = pcscf_proxy_create(&run->config, &run->transport->public,
									run->charon);

	prefix = data[0] & 7;
	for (i = 0; i < prefix && i < (int)(sizeof(steps) / sizeof(steps[0]));
		 i++)
	{
		deliver(run, steps[i].how, steps[i].text, strlen(steps[i].text));
	}
	count = fuzz_sip_split(data + 1, size - 1, msgs);
	for (i = 0; i < count; i++)
	{
		deliver(run, msgs[i].how, msgs[i].text, msgs[i].len);
	}

	run->proxy->destroy(run->proxy);
	check_sent(run);
	run->charon->destroy(run->charon);
	fake_control_clear(&run->charon_fake);
	fake_transport_destroy(run->transport);
	for (i = 0; i < run->sent_count; i++)
	{
		free(run->sent[i].text);
	}
	free(run);
	return 0;
}

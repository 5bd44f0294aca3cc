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
 * Security agreement cost per SM1 on one core: parsing a typical
 * Security-Client (four ipsec-3gpp entries, one tls-psk, one tls-aka) and
 * negotiating it against a P-CSCF policy, next to libosip2 parsing the
 * whole REGISTER it came in, measured in the same run.
 *
 * Each figure is the best of three measurements, so a busy neighbour on
 * a shared machine does not decide the result.
 *
 * usage: secagree [SECONDS-PER-MEASUREMENT]
 */

#define _GNU_SOURCE
#include <secagree.h>
#include <secagree_negotiate.h>

#include <osipparser2/osip_parser.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SPIS ";spi-c=3929102;spi-s=3929103;port-c=5062;port-s=5064"

/** SM1's Security-Client */
static const char client_text[] =
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;prot=esp" SPIS ", "
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;mod=trans;prot=esp" SPIS ", "
	"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;mod=trans;prot=esp" SPIS ", "
	"ipsec-3gpp;alg=hmac-md5-96;ealg=null;mod=trans;prot=esp" SPIS ", "
	"tls-psk;q=0.5;cs=1301.00a8, tls-aka;q=0.7;cs=1301.1302";

/** the P-CSCF's policy */
static const char policy_text[] =
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;q=0.9, "
	"ipsec-3gpp;alg=hmac-sha-1-96;q=0.5, tls-aka;cs=1302.1301;q=0.3";

/** the REGISTER carrying it, as a UE sends SM1 */
static const char register_fmt[] =
	"REGISTER sip:ims.example.net SIP/2.0\r\n"
	"Via: SIP/2.0/UDP [2001:db8:1::2]:5060;branch=z9hG4bKnashds7;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:user1_public1@ims.example.net>;tag=4fa3\r\n"
	"To: <sip:user1_public1@ims.example.net>\r\n"
	"Contact: <sip:[2001:db8:1::2]:5060>;expires=600000;"
	"+sip.instance=\"<urn:gsma:imei:35614004-123456-0>\";"
	"+g.3gpp.icsi-ref=\"urn%%3Aurn-7%%3A3gpp-service.ims.icsi.mmtel\"\r\n"
	"Call-ID: apb03a0s09dkjdfglkj49111\r\n"
	"Authorization: Digest username=\"user1_private@ims.example.net\", "
	"realm=\"ims.example.net\", nonce=\"\", "
	"uri=\"sip:ims.example.net\", response=\"\"\r\n"
	"Security-Client: %s\r\n"
	"Require: sec-agree\r\n"
	"Proxy-Require: sec-agree\r\n"
	"Supported: path, gruu\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Expires: 600000\r\n"
	"User-Agent: imsaka-bench\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/** keeps results alive so the compiler can't drop the work */
static volatile unsigned int sink;

/**
 * Parse and negotiate SM1's Security-Client, as the P-CSCF does.
 */
static double bench_secagree(double seconds)
{
	imsaka_secagree_list_t *client = malloc(sizeof(*client));
	imsaka_secagree_list_t *policy = malloc(sizeof(*policy));
	size_t len = strlen(client_text);
	imsaka_secagree_choice_t choice;
	uint64_t n = 0, i;
	double start, elapsed;

	imsaka_secagree_list_init(policy);
	if (imsaka_secagree_list_parse(policy, policy_text, strlen(policy_text)) ||
		imsaka_secagree_list_parse(client, client_text, len))
	{
		fprintf(stderr, "bench input does not parse\n");
		exit(1);
	}
	start = now();
	do
	{
		for (i = 0; i < 10000; i++)
		{
			imsaka_secagree_list_init(client);
			if (imsaka_secagree_list_parse(client, client_text, len) != IMSAKA_SECAGREE_OK ||
				imsaka_secagree_negotiate(client, policy, IMSAKA_NAT_NONE,
									&choice) != IMSAKA_SECAGREE_OK)
			{
				fprintf(stderr, "bench negotiation failed\n");
				exit(1);
			}
			sink += choice.client;
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	if (choice.client != 0 || choice.mech != IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
	{
		fprintf(stderr, "unexpected choice %u\n", choice.client);
		exit(1);
	}
	free(client);
	free(policy);
	return n / elapsed;
}

/**
 * libosip2 parsing the whole REGISTER.
 */
static double bench_osip(double seconds)
{
	char msg[4096];
	osip_message_t *sip;
	uint64_t n = 0, i;
	double start, elapsed;
	size_t len;

	len = snprintf(msg, sizeof(msg), register_fmt, client_text);
	start = now();
	do
	{
		for (i = 0; i < 1000; i++)
		{
			if (osip_message_init(&sip) != OSIP_SUCCESS ||
				osip_message_parse(sip, msg, len) != OSIP_SUCCESS)
			{
				fprintf(stderr, "libosip2 does not parse the REGISTER\n");
				exit(1);
			}
			sink += sip->cseq ? 1 : 0;
			osip_message_free(sip);
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	return n / elapsed;
}

/**
 * Best rate of three runs of a measurement.
 */
static double best_of_3(double (*bench)(double), double seconds)
{
	double best = 0, rate;
	int i;

	for (i = 0; i < 3; i++)
	{
		rate = bench(seconds);
		best = rate > best ? rate : best;
	}
	return best;
}

int main(int argc, char *argv[])
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0, sa, osip;

	if (seconds <= 0)
	{
		fprintf(stderr, "usage: secagree [SECONDS-PER-MEASUREMENT]\n");
		return 2;
	}
	parser_init();
	sa = best_of_3(bench_secagree, seconds);
	osip = best_of_3(bench_osip, seconds);
	printf("security-client entries: 6 (4 ipsec-3gpp, tls-psk, tls-aka)\n");
	printf("secagree parse+negotiate/s: %.0f\n", sa);
	printf("secagree ns each: %.1f\n", 1e9 / sa);
	printf("libosip2 REGISTER parse/s: %.0f\n", osip);
	printf("libosip2 ns each: %.1f\n", 1e9 / osip);
	printf("ratio secagree/osip speed: %.2f\n", sa / osip);
	printf("secagree share of osip cost: %.1f%%\n", 100.0 * osip / sa);
	return 0;
}

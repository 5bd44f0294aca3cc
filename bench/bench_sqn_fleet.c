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
 * G4: the UE side of bench/run-sqn-fleet.sh. Registrations with IMS AKA
 * (AKAv1-MD5, over UDP, no sec-agree) alternating between imsaka-scscf
 * instances, each subscriber's card a TS 33.102 Annex C model (SEQ_MS per
 * IND, delta 2^28, libimsaka's imsaka_sqn_ms_*), answering sync failures
 * with an AUTS as a UE does. Counts sync failures, telling those of a
 * card's first contact (a card that saw SQNs ahead: the resynchronisation
 * this is made for) from all others (caused by the instances sharing the
 * subscriber).
 *
 *   bench_sqn_fleet subscribers-sql N     INSERTs of N subscribers
 *   bench_sqn_fleet subscribers-conf N    the same as a subscribers file
 *   bench_sqn_fleet run N REGS AHEAD% PORT,PORT[,..] [RESTART-AT CMD]
 *       REGS registrations of N subscribers in turn, each subscriber's
 *       alternating over the ports (127.0.0.1), AHEAD% of the cards an hour ahead of the clock; the
 *       shell command CMD runs before registration RESTART-AT (it restarts
 *       an instance and returns once it is up)
 */

#include "scscf_test_authorization.h"

#include <aka.h>
#include <digest_aka.h>
#include <hex.h>
#include <milenage.h>
#include <sqn.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/** most instances */
#define MAX_PORTS 8

/** most subscribers */
#define MAX_SUBS 100000

/** tries of one request (1 s each) */
#define TRIES 5

/** the OPc of every subscriber (TS 35.207 set 1); K differs */
static const char *opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

/** one subscriber's UE */
typedef struct {
	imsaka_milenage_t m;
	imsaka_sqn_ms_t card;
	bool contacted;
	/** registrations so far: the next goes to instance count % ports */
	unsigned count;
} ue_t;

/** counters */
typedef struct {
	unsigned registrations, vectors, sync_first, sync_other, failed;
	unsigned retransmissions;
} counts_t;

static void subscriber_k(unsigned i, uint8_t k[16])
{
	unsigned j;

	for (j = 0; j < 16; j++)
	{	/* distinct per subscriber, reproducible for both outputs */
		k[j] = (uint8_t)((i >> (8 * (j % 4))) ^ (j * 37 + 11));
	}
}

static void print_subscribers(unsigned n, bool sql)
{
	char k[33];
	uint8_t raw[16];
	unsigned i;

	if (!sql)
	{
		printf("subscribers {\n");
	}
	for (i = 0; i < n; i++)
	{
		subscriber_k(i, raw);
		imsaka_hex_encode(raw, 16, k);
		if (sql)
		{
			printf("INSERT INTO subscribers (impi, impus, k, opc) VALUES "
				   "('sqn%u@ims.example.net', '{sip:sqn%u@ims.example.net}', "
				   "'%s', '%s');\n", i, i, k, opc_hex);
		}
		else
		{	/* groups of 250: the settings parser sorts each section */
			if (i % 250 == 0)
			{
				printf("%s g%u {\n", i ? " }\n" : "", i / 250);
			}
			printf("  s%u {\n   impi = sqn%u@ims.example.net\n"
				   "   impu = sip:sqn%u@ims.example.net\n   k = %s\n"
				   "   opc = %s\n  }\n", i, i, i, k, opc_hex);
		}
	}
	if (!sql)
	{
		printf("%s}\n", n ? " }\n" : "");
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * Send a request, wait for its final response (retransmitted after 1 s)
 */
static int transact(int fd, uint16_t port, const char *req, const char *branch,
					char *resp, size_t size, counts_t *c)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int try, code;
	ssize_t len;

	for (try = 0; try < TRIES; try++)
	{
		if (try)
		{
			c->retransmissions++;
		}
		sendto(fd, req, strlen(req), 0, (struct sockaddr*)&to, sizeof(to));
		while ((len = recv(fd, resp, size - 1, 0)) > 0)
		{
			resp[len] = '\0';
			/* a late answer to an earlier request: not ours */
			if (!strstr(resp, branch) ||
				sscanf(resp, "SIP/2.0 %d ", &code) != 1 || code < 200)
			{
				continue;
			}
			return code;
		}
	}
	return 0;
}

/**
 * Build a REGISTER of subscriber i with an Authorization or none
 */
static void build_register(char *buf, size_t size, unsigned i, unsigned seq,
						   const char *auth, char *branch, size_t bsize)
{
	snprintf(branch, bsize, "z9hG4bKsqn%u.%u", i, seq);
	snprintf(buf, size,
		"REGISTER sip:ims.example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 127.0.0.1:9;branch=%s;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:sqn%u@ims.example.net>;tag=b%u\r\n"
		"To: <sip:sqn%u@ims.example.net>\r\n"
		"Call-ID: sqn%u@bench\r\n"
		"CSeq: %u REGISTER\r\n"
		"Contact: <sip:sqn%u@127.0.0.1:9>\r\n"
		"%s%s%s"
		"Expires: 600\r\n"
		"Content-Length: 0\r\n\r\n",
		branch, i, seq, i, i, seq, i, auth ? "Authorization: " : "",
		auth ?: "", auth ? "\r\n" : "");
}

/**
 * Answer the challenge of a 401 with the card; FALSE if it does not parse
 */
static bool answer(ue_t *ue, unsigned i, const char *resp, char *auth,
				   size_t size, bool *sync)
{
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1], impi[64];
	const char *pos, *end;

	pos = strstr(resp, "nonce=\"");
	end = pos ? strchr(pos + 7, '"') : NULL;
	if (!end || end - pos - 7 >= (long)sizeof(nonce))
	{
		return false;
	}
	memcpy(nonce, pos + 7, end - pos - 7);
	nonce[end - pos - 7] = '\0';
	snprintf(impi, sizeof(impi), "sqn%u@ims.example.net", i);
	switch (scscf_test_card_answer(&ue->m, &ue->card, impi, nonce,
								   IMSAKA_DIGEST_AKAV1_MD5, auth, size))
	{
		case IMSAKA_AKA_OK:
			*sync = false;
			return true;
		case IMSAKA_AKA_SYNC_FAILURE:
			*sync = true;
			return true;
		default:
			return false;
	}
}

/**
 * One registration of subscriber i at a port: 401, answer (or auts, 401,
 * answer), 200
 */
static void registration(int fd, uint16_t port, ue_t *ue, unsigned i,
						 unsigned *seq, counts_t *c)
{
	char req[4096], resp[65536], auth[2048], branch[64];
	bool sync;
	int round, code;

	build_register(req, sizeof(req), i, (*seq)++, NULL, branch,
				   sizeof(branch));
	code = transact(fd, port, req, branch, resp, sizeof(resp), c);
	for (round = 0; round < 2 && code == 401; round++)
	{
		c->vectors++;
		if (!answer(ue, i, resp, auth, sizeof(auth), &sync))
		{
			break;
		}
		if (sync)
		{
			if (ue->contacted)
			{
				c->sync_other++;
			}
			else
			{
				c->sync_first++;
			}
		}
		build_register(req, sizeof(req), i, (*seq)++, auth, branch,
					   sizeof(branch));
		code = transact(fd, port, req, branch, resp, sizeof(resp), c);
		if (code == 200)
		{
			c->registrations++;
			ue->contacted = true;
			return;
		}
	}
	ue->contacted = true;
	c->failed++;
}

static int run(int argc, char *argv[])
{
	uint16_t ports[MAX_PORTS];
	unsigned n, regs, ahead, nports = 0, restart_at = 0, i, seq = 1;
	const char *restart = NULL;
	double start, end, restart_time = 0, t;
	uint8_t k[16], opc[16], sqn[6];
	struct timeval tv = { .tv_sec = 1 };
	counts_t c = {};
	char *list, *tok;
	ue_t *ues;
	uint64_t clock_seq;
	int fd;

	if (argc < 6)
	{
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	regs = strtoul(argv[3], NULL, 10);
	ahead = strtoul(argv[4], NULL, 10);
	list = argv[5];
	for (tok = strtok(list, ","); tok && nports < MAX_PORTS;
		 tok = strtok(NULL, ","))
	{
		ports[nports++] = strtoul(tok, NULL, 10);
	}
	if (argc >= 8)
	{
		restart_at = strtoul(argv[6], NULL, 10);
		restart = argv[7];
	}
	if (!n || n > MAX_SUBS || !nports || ahead > 100)
	{
		return 2;
	}
	ues = calloc(n, sizeof(*ues));
	imsaka_hex_decode(opc_hex, opc, 16);
	clock_seq = now_ms() - IMSAKA_SQN_EPOCH_MS;
	for (i = 0; i < n; i++)
	{	/* a used card a day behind the clock, or one an hour ahead */
		subscriber_k(i, k);
		imsaka_milenage_init(&ues[i].m, k, opc);
		imsaka_sqn_ms_init(&ues[i].card, IMSAKA_SQN_IND_BITS, 0);
		imsaka_sqn_store((i % 100 < ahead ? clock_seq + 3600000 :
						  clock_seq - 86400000) << IMSAKA_SQN_IND_BITS, sqn);
		imsaka_sqn_ms_set(&ues[i].card, sqn);
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	start = mono();
	for (i = 0; i < regs; i++)
	{
		if (restart && i == restart_at)
		{
			t = mono();
			if (system(restart) != 0)
			{
				fprintf(stderr, "restart command failed\n");
			}
			restart_time += mono() - t;
		}
		/* each subscriber alternates between the instances */
		registration(fd, ports[ues[i % n].count++ % nports], &ues[i % n],
					 i % n, &seq, &c);
	}
	end = mono();
	printf("registrations: %u\n", c.registrations);
	printf("failed: %u\n", c.failed);
	printf("vectors: %u\n", c.vectors);
	printf("sync failures: %u\n", c.sync_first + c.sync_other);
	printf("sync failures at first contact: %u\n", c.sync_first);
	printf("sync failures caused by concurrency: %u\n", c.sync_other);
	printf("retransmissions: %u\n", c.retransmissions);
	printf("seconds: %.2f\n", end - start);
	printf("restart seconds: %.2f\n", restart_time);
	printf("registrations/s: %.0f\n",
		   c.registrations / (end - start - restart_time));
	free(ues);
	close(fd);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 3 && (!strcmp(argv[1], "subscribers-sql") ||
					  !strcmp(argv[1], "subscribers-conf")))
	{
		print_subscribers(strtoul(argv[2], NULL, 10),
						  !strcmp(argv[1], "subscribers-sql"));
		return 0;
	}
	if (argc >= 6 && !strcmp(argv[1], "run"))
	{
		return run(argc, argv);
	}
	fprintf(stderr, "usage: %s subscribers-sql|subscribers-conf N\n"
			"       %s run N REGS AHEAD%% PORT,PORT [RESTART-AT CMD]\n",
			argv[0], argv[0]);
	return 2;
}

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
 * tls-aka against OpenSSL's own TLS 1.3, on one core, in the same run:
 *
 *  - record throughput: imsaka's seal + open of 16 KiB AES-128-GCM
 *    records against SSL_write() + SSL_read() of 16 KiB between an
 *    OpenSSL client and server joined by one memory BIO;
 *  - connection setup: tls-aka (both sides derive the secrets from CK/IK,
 *    create their record layers, the UE seals a first record and the
 *    P-CSCF opens it) against a TLS 1.3 external-PSK handshake plus the
 *    first record, in psk_dhe_ke (OpenSSL's default, X25519) and in
 *    psk_ke;
 *  - memory held per idle connection at the P-CSCF: a tls-aka record layer
 *    and reader against an OpenSSL server SSL object after its handshake
 *    and first record (glibc mallinfo2).
 *
 * Rates are per second of CPU time of the one thread that runs both
 * sides; each is the best of three measurements, taken in turns with the
 * one it is compared with.
 *
 * usage: tls_record [SECONDS-PER-MEASUREMENT]
 */

#include "test_tls_peer.h"

#include <tls_aka_keys.h>
#include <tls_reader.h>
#include <tls_record.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>

#define RECORD 16384
/** a first SIP message, e.g. SM7 */
#define FIRST 800
#define CONNECTIONS 2000

static const uint8_t ck[16] = {
	0xb4, 0x0b, 0xa9, 0xa3, 0xc5, 0x8b, 0x2a, 0x05,
	0xbb, 0xf0, 0xd9, 0x87, 0xb2, 0x1b, 0xf8, 0xcb };
static const uint8_t ik[16] = {
	0xf7, 0x69, 0xbc, 0xd7, 0x51, 0x04, 0x46, 0x04,
	0x12, 0x76, 0x72, 0x71, 0x1c, 0x6d, 0x34, 0x41 };
static const uint8_t sid[16] = "imsaka-bench-sid";

static uint8_t msg[RECORD], got[RECORD];
static uint8_t wire[IMSAKA_TLS_SEAL_SIZE(RECORD, 0)];

/**
 * CPU time of this thread: everything measured runs in it (OpenSSL's
 * client and server too, over memory BIOs), and other load on a shared
 * machine then changes the figures less than wall time would.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench failed: %s\n", what);
	exit(1);
}

/**
 * Both sides' record layers of a tls-aka session.
 */
static void aka_pair(imsaka_tls_record_t **ue, imsaka_tls_record_t **pcscf)
{
	imsaka_tls_aka_secrets_t s;

	if (!imsaka_tls_aka_keys(ck, ik, IMSAKA_TLS_AES_128_GCM_SHA256, sid,
							 sizeof(sid), &s))
	{
		fail("tls-aka keys");
	}
	*ue = imsaka_tls_record_create(s.suite->id, s.ue, s.pcscf, s.len);
	*pcscf = imsaka_tls_record_create(s.suite->id, s.pcscf, s.ue, s.len);
	imsaka_tls_aka_secrets_wipe(&s);
	if (!*ue || !*pcscf)
	{
		fail("tls-aka record layer");
	}
}

/**
 * imsaka: bytes/s of 16 KiB records sealed by the UE, opened by the P-CSCF.
 */
static double bench_imsaka_records(double seconds)
{
	imsaka_tls_record_t *ue, *pcscf;
	imsaka_tls_plain_t plain;
	double start, elapsed;
	uint64_t n = 0;
	size_t len;
	int i;

	aka_pair(&ue, &pcscf);
	start = now();
	do
	{
		for (i = 0; i < 256; i++)
		{
			if (ue->seal(ue, msg, RECORD, 0, wire, sizeof(wire), &len) ||
				pcscf->open(pcscf, wire, len, &plain) ||
				plain.len != RECORD)
			{
				fail("imsaka seal/open");
			}
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	if (memcmp(plain.data, msg, RECORD))
	{
		fail("imsaka round trip");
	}
	ue->destroy(ue);
	pcscf->destroy(pcscf);
	return n * RECORD / elapsed;
}

/**
 * OpenSSL: bytes/s of 16 KiB SSL_write() by the client and SSL_read() by
 * the server, the client writing straight into the server's input BIO.
 */
static double bench_openssl_records(double seconds)
{
	double start, elapsed;
	tls_peer_t peer;
	uint64_t n = 0;
	int i;

	if (!tls_peer_init(&peer, IMSAKA_TLS_AES_128_GCM_SHA256, true) ||
		!tls_peer_connect(&peer))
	{
		fail("OpenSSL handshake");
	}
	/* one BIO between them: no copying of our own in the loop */
	BIO_up_ref(peer.s_in);
	SSL_set0_wbio(peer.client, peer.s_in);
	start = now();
	do
	{
		for (i = 0; i < 256; i++)
		{
			if (SSL_write(peer.client, msg, RECORD) != RECORD ||
				SSL_read(peer.server, got, RECORD) != RECORD)
			{
				fail("OpenSSL write/read");
			}
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	if (memcmp(got, msg, RECORD))
	{
		fail("OpenSSL round trip");
	}
	tls_peer_free(&peer);
	return n * RECORD / elapsed;
}

/**
 * tls-aka connection setups per second: both sides' keys, record
 * layers, and the first record sealed and opened.
 */
static double bench_imsaka_setup(double seconds)
{
	imsaka_tls_record_t *ue, *pcscf;
	imsaka_tls_plain_t plain;
	imsaka_tls_aka_secrets_t s;
	double start, elapsed;
	uint64_t n = 0;
	size_t len;
	int i;

	start = now();
	do
	{
		for (i = 0; i < 100; i++)
		{
			/* UE side (control derives, the frontend keys its socket) */
			if (!imsaka_tls_aka_keys(ck, ik, IMSAKA_TLS_AES_128_GCM_SHA256,
									 sid, sizeof(sid), &s))
			{
				fail("tls-aka keys");
			}
			ue = imsaka_tls_record_create(s.suite->id, s.ue, s.pcscf, s.len);
			/* P-CSCF side, on its own */
			if (!imsaka_tls_aka_keys(ck, ik, IMSAKA_TLS_AES_128_GCM_SHA256,
									 sid, sizeof(sid), &s))
			{
				fail("tls-aka keys");
			}
			pcscf = imsaka_tls_record_create(s.suite->id, s.pcscf, s.ue,
											 s.len);
			imsaka_tls_aka_secrets_wipe(&s);
			if (!ue || !pcscf ||
				ue->seal(ue, msg, FIRST, 0, wire, sizeof(wire), &len) ||
				pcscf->open(pcscf, wire, len, &plain) || plain.len != FIRST)
			{
				fail("tls-aka first record");
			}
			ue->destroy(ue);
			pcscf->destroy(pcscf);
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	return n / elapsed;
}

/** key exchange mode of the OpenSSL setup measurement */
static bool openssl_dhe = true;

/**
 * OpenSSL TLS 1.3 PSK handshakes (client and server) plus the first
 * record, per second.
 */
static double bench_openssl_setup(double seconds)
{
	double start, elapsed;
	tls_peer_t peer;
	uint64_t n = 0;
	int i;

	if (!tls_peer_init(&peer, IMSAKA_TLS_AES_128_GCM_SHA256, openssl_dhe))
	{
		fail("OpenSSL contexts");
	}
	start = now();
	do
	{
		for (i = 0; i < 20; i++)
		{
			if (!tls_peer_connect(&peer))
			{
				fail("OpenSSL handshake");
			}
			/* psk_ke has no key exchange group, psk_dhe_ke has one */
			if (!SSL_get_negotiated_group(peer.server) == openssl_dhe)
			{
				fail("OpenSSL key exchange mode");
			}
			if (SSL_write(peer.client, msg, FIRST) != FIRST)
			{
				fail("OpenSSL first record");
			}
			{
				uint8_t buf[2048];
				size_t len = tls_peer_take(peer.c_out, buf, sizeof(buf));

				if (len > sizeof(buf) || !tls_peer_give(peer.s_in, buf, len) ||
					SSL_read(peer.server, got, FIRST) != FIRST)
				{
					fail("OpenSSL first record");
				}
			}
			tls_peer_disconnect(&peer);
		}
		n += i;
		elapsed = now() - start;
	}
	while (elapsed < seconds);
	tls_peer_free(&peer);
	return n / elapsed;
}

/**
 * Best rates of two measurements taken in turns, three times each, so a
 * neighbour's load on a shared machine hits both alike.
 */
static void best_of_3(double (*a)(double), double (*b)(double),
					  double seconds, double *best_a, double *best_b)
{
	double rate;
	int i;

	*best_a = *best_b = 0;
	for (i = 0; i < 3; i++)
	{
		rate = a(seconds);
		*best_a = rate > *best_a ? rate : *best_a;
		rate = b(seconds);
		*best_b = rate > *best_b ? rate : *best_b;
	}
}

/**
 * OpenSSL setups in psk_dhe_ke and in psk_ke.
 */
static double bench_openssl_setup_dhe(double seconds)
{
	openssl_dhe = true;
	return bench_openssl_setup(seconds);
}

static double bench_openssl_setup_ke(double seconds)
{
	openssl_dhe = false;
	return bench_openssl_setup(seconds);
}

/**
 * Heap bytes in use.
 */
static size_t heap(void)
{
	return mallinfo2().uordblks;
}

/**
 * Heap held per idle P-CSCF connection after the first record: tls-aka's
 * record layer and reader.
 */
static double imsaka_memory(void)
{
	static imsaka_tls_record_t *conns[CONNECTIONS];
	static imsaka_tls_reader_t *readers[CONNECTIONS];
	imsaka_tls_record_t *ue;
	imsaka_tls_plain_t plain;
	imsaka_tls_aka_secrets_t s;
	size_t before, after, len, record_len;
	uint8_t *p, *record;
	int i;

	if (!imsaka_tls_aka_keys(ck, ik, IMSAKA_TLS_AES_128_GCM_SHA256, sid,
							 sizeof(sid), &s))
	{
		fail("tls-aka keys");
	}
	before = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		ue = imsaka_tls_record_create(s.suite->id, s.ue, s.pcscf, s.len);
		conns[i] = imsaka_tls_record_create(s.suite->id, s.pcscf, s.ue, s.len);
		readers[i] = imsaka_tls_reader_create();
		if (!ue || !conns[i] || !readers[i] ||
			ue->seal(ue, msg, FIRST, 0, wire, sizeof(wire), &len))
		{
			fail("tls-aka connection");
		}
		/* the first record arrives in two TCP segments */
		p = wire;
		record_len = 300;
		if (readers[i]->read(readers[i], &p, &record_len, &record,
							 &record_len) != IMSAKA_TLS_AGAIN)
		{
			fail("tls-aka reader");
		}
		record_len = len - 300;
		if (readers[i]->read(readers[i], &p, &record_len, &record,
							 &record_len) != IMSAKA_TLS_OK ||
			conns[i]->open(conns[i], record, record_len, &plain))
		{
			fail("tls-aka first record");
		}
		ue->destroy(ue);
	}
	after = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		conns[i]->destroy(conns[i]);
		readers[i]->destroy(readers[i]);
	}
	imsaka_tls_aka_secrets_wipe(&s);
	return (double)(after - before) / CONNECTIONS;
}

/**
 * Heap held per idle OpenSSL server connection (SSL object and its BIOs)
 * after the handshake and the first record.
 */
static double openssl_memory(void)
{
	static SSL *servers[CONNECTIONS];
	size_t before, after, len;
	tls_peer_t peer;
	uint8_t buf[2048];
	int i;

	if (!tls_peer_init(&peer, IMSAKA_TLS_AES_128_GCM_SHA256, true))
	{
		fail("OpenSSL contexts");
	}
	before = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		if (!tls_peer_connect(&peer) ||
			SSL_write(peer.client, msg, FIRST) != FIRST)
		{
			fail("OpenSSL connection");
		}
		len = tls_peer_take(peer.c_out, buf, sizeof(buf));
		if (len > sizeof(buf) || !tls_peer_give(peer.s_in, buf, len) ||
			SSL_read(peer.server, got, FIRST) != FIRST)
		{
			fail("OpenSSL first record");
		}
		/* keep the server, drop the client */
		servers[i] = peer.server;
		peer.server = NULL;
		tls_peer_disconnect(&peer);
	}
	after = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		SSL_free(servers[i]);
	}
	tls_peer_free(&peer);
	return (double)(after - before) / CONNECTIONS;
}

int main(int argc, char *argv[])
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	double ir, or, is, os_dhe, os_ke, im, om, again;
	size_t i;

	if (seconds <= 0)
	{
		fprintf(stderr, "usage: tls_record [SECONDS-PER-MEASUREMENT]\n");
		return 2;
	}
	for (i = 0; i < sizeof(msg); i++)
	{
		msg[i] = i * 31;
	}
	best_of_3(bench_imsaka_records, bench_openssl_records, seconds, &ir, &or);
	best_of_3(bench_imsaka_setup, bench_openssl_setup_ke, seconds, &is,
			  &os_ke);
	/* psk_dhe_ke for the record only: psk_ke is the faster baseline */
	best_of_3(bench_openssl_setup_dhe, bench_imsaka_setup, seconds, &os_dhe,
			  &again);
	is = again > is ? again : is;
	im = imsaka_memory();
	om = openssl_memory();

	printf("suite: TLS_AES_128_GCM_SHA256, %d-byte records\n", RECORD);
	printf("tls-aka seal+open MB/s: %.0f\n", ir / 1e6);
	printf("openssl SSL_write+SSL_read MB/s: %.0f\n", or / 1e6);
	printf("ratio records tls-aka/openssl: %.2f\n", ir / or);
	printf("tls-aka setup/s: %.0f\n", is);
	printf("openssl psk_dhe_ke handshake+record/s: %.0f\n", os_dhe);
	printf("openssl psk_ke handshake+record/s: %.0f\n", os_ke);
	printf("ratio setup tls-aka/openssl-fastest: %.1f\n",
		   is / (os_dhe > os_ke ? os_dhe : os_ke));
	printf("tls-aka bytes per idle connection: %.0f\n", im);
	printf("openssl bytes per idle server connection: %.0f\n", om);
	return 0;
}

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
 * tls-psk (docs/TLS-PSK.md) against OpenSSL's own PSK handshakes, on one
 * core, in the same run, over memory BIOs:
 *
 *  - full handshakes per second of imsaka's UE client context
 *    (ue_tls_psk_t.connect()) against imsaka's P-CSCF server context
 *    (pcscf_tls_psk_t.accept(), its PSK lookup by identity, and peer()
 *    after the handshake), configured as the programs do (TLS 1.2 and
 *    1.3, dhe on);
 *  - the same with a bare OpenSSL client and server, one suite, PSK
 *    callbacks with a fixed identity (SSL_CTX_set_psk_server_callback /
 *    SSL_CTX_set_psk_client_callback, what imsaka uses), no tickets, no
 *    session cache;
 *  - for TLS 1.2 PSK-AES128-GCM-SHA256 (00a8) and TLS 1.3
 *    TLS_AES_128_GCM_SHA256 (1301) external PSK. OpenSSL 3.0 clients
 *    always offer psk_dhe_ke with a key share, and a server then takes
 *    it: the mode used is printed. OpenSSL's psk_ke rate (both sides
 *    allowing it, the server without a group in common) is printed for
 *    reference;
 *  - heap held per established P-CSCF connection (SSL object, its two
 *    memory BIOs, and the registration's PSK table entry), glibc
 *    mallinfo2() before and after CONNECTIONS connections.
 *
 * Rates are per second of CPU time of the one thread that runs both
 * sides. imsaka and OpenSSL are measured in alternating slices of 20
 * handshakes (a b, b a, ...) until each had SECONDS of CPU time; the
 * ratio is the median of the slices' ratios (printed with its quartiles),
 * the rates are each side's handshakes over its CPU time. A neighbour's
 * load on a shared machine thus hits both alike.
 *
 * usage: tls_psk [CPU-SECONDS-PER-SIDE] (default 3)
 */

#include <library.h>

#include <pcscf_tls_psk.h>
#include <ue_tls_psk.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>

#define CONNECTIONS 1000

static const char *impi = "alice@ims.example.net";
static const char *psk_id = "9f0e1d2c3b4a59687766554433221100";
/** the suites measured, as SM6 would agree them */
static const uint16_t agreed[] = { 0x00a8, 0x1301 };
static const uint8_t psk[32] = {
	0xc8, 0x73, 0x2a, 0x80, 0xc5, 0xab, 0x88, 0xb6,
	0x4b, 0x53, 0x33, 0xc0, 0x6a, 0x98, 0x91, 0x07,
	0xac, 0x06, 0xcf, 0x5a, 0x71, 0x27, 0x79, 0xb2,
	0x6b, 0x1b, 0xa1, 0x1c, 0x80, 0x28, 0x94, 0xaf };

/** kind of OpenSSL baseline */
typedef enum {
	/** TLS 1.2, one PSK suite */
	OSSL_TLS12,
	/** TLS 1.3 external PSK, OpenSSL's default: psk_dhe_ke */
	OSSL_TLS13_DHE,
	/** TLS 1.3 external PSK, psk_ke */
	OSSL_TLS13_KE,
} ossl_kind_t;

/**
 * CPU time of this thread: both sides run in it.
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
	ERR_print_errors_fp(stderr);
	exit(1);
}

/**
 * Heap bytes in use.
 */
static size_t heap(void)
{
	return mallinfo2().uordblks;
}

/**
 * Join a client and a server with two memory BIOs, each the write BIO of
 * one side and the read BIO of the other.
 */
static void join(SSL *client, SSL *server)
{
	BIO *to_server, *to_client;

	to_server = BIO_new(BIO_s_mem());
	to_client = BIO_new(BIO_s_mem());
	if (!to_server || !to_client)
	{
		fail("memory BIOs");
	}
	BIO_up_ref(to_server);
	BIO_up_ref(to_client);
	SSL_set_bio(client, to_client, to_server);
	SSL_set_bio(server, to_server, to_client);
}

/**
 * Run both sides until their handshakes finished.
 */
static void handshake(SSL *client, SSL *server)
{
	int i, c, s;

	for (i = 0; i < 16; i++)
	{
		c = SSL_do_handshake(client);
		if (c <= 0 && SSL_get_error(client, c) != SSL_ERROR_WANT_READ)
		{
			fail("client handshake");
		}
		s = SSL_do_handshake(server);
		if (s <= 0 && SSL_get_error(server, s) != SSL_ERROR_WANT_READ)
		{
			fail("server handshake");
		}
		if (c == 1 && s == 1)
		{
			return;
		}
	}
	fail("handshake does not end");
}

/**
 * Check the suite the server agreed to.
 */
static void check_suite(SSL *server, uint16_t suite)
{
	const SSL_CIPHER *cipher = SSL_get_current_cipher(server);

	if (!cipher || SSL_CIPHER_get_protocol_id(cipher) != suite)
	{
		fail("suite used");
	}
}

/** TLS 1.3 key exchange group of the last handshake (0: psk_ke) */
static int last_group;

/** imsaka's contexts, as the programs create them */
static ue_tls_psk_t *ue;
static pcscf_tls_psk_t *pcscf;

/**
 * One full imsaka handshake; the client is freed, the server returned.
 */
static SSL *imsaka_connection(const char *identity, uint16_t suite)
{
	char got[PCSCF_TLS_PSK_IMPI_MAX + 1];
	SSL *client, *server;

	client = ue->connect(ue, identity, psk, &suite, 1);
	server = pcscf->accept(pcscf);
	if (!client || !server)
	{
		fail("imsaka connections");
	}
	join(client, server);
	handshake(client, server);
	check_suite(server, suite);
	if (!pcscf->peer(pcscf, server, got, sizeof(got), NULL) ||
		!streq(got, impi))
	{
		fail("imsaka peer");
	}
	last_group = SSL_get_negotiated_group(server);
	SSL_free(client);
	return server;
}

/** suite of the current measurement */
static uint16_t suite;

/**
 * One full imsaka handshake of the current suite, the server returned.
 */
static SSL *imsaka_current(void)
{
	return imsaka_connection(psk_id, suite);
}

static unsigned int ossl_server_cb(SSL *ssl, const char *identity,
								   unsigned char *key, unsigned int max)
{
	if (!identity || !streq(identity, psk_id) || max < sizeof(psk))
	{
		return 0;
	}
	memcpy(key, psk, sizeof(psk));
	return sizeof(psk);
}

static unsigned int ossl_client_cb(SSL *ssl, const char *hint, char *identity,
								   unsigned int max_identity,
								   unsigned char *key, unsigned int max)
{
	if (strlen(psk_id) + 1 > max_identity || max < sizeof(psk))
	{
		return 0;
	}
	strcpy(identity, psk_id);
	memcpy(key, psk, sizeof(psk));
	return sizeof(psk);
}

/**
 * A bare OpenSSL context of one suite.
 */
static SSL_CTX *ossl_ctx(bool server, ossl_kind_t kind)
{
	int version = kind == OSSL_TLS12 ? TLS1_2_VERSION : TLS1_3_VERSION;
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!ctx ||
		!SSL_CTX_set_min_proto_version(ctx, version) ||
		!SSL_CTX_set_max_proto_version(ctx, version) ||
		(kind == OSSL_TLS12 &&
		 SSL_CTX_set_cipher_list(ctx, "PSK-AES128-GCM-SHA256") != 1) ||
		(kind != OSSL_TLS12 &&
		 SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256") != 1) ||
		(server && SSL_CTX_use_psk_identity_hint(ctx, "3GPP-IMS-AKA") != 1))
	{
		fail("OpenSSL context");
	}
	if (kind == OSSL_TLS13_KE)
	{	/* a server without a group in common picks psk_ke instead of a
		 * HelloRetryRequest if both allow it */
		SSL_CTX_set_options(ctx, SSL_OP_ALLOW_NO_DHE_KEX);
		if (!SSL_CTX_set1_groups_list(ctx, server ? "P-384" : "X25519"))
		{
			fail("OpenSSL groups");
		}
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (server)
	{
		SSL_CTX_set_psk_server_callback(ctx, ossl_server_cb);
	}
	else
	{
		SSL_CTX_set_psk_client_callback(ctx, ossl_client_cb);
	}
	return ctx;
}

/** bare OpenSSL contexts of the current measurement */
static SSL_CTX *ossl_client_ctx, *ossl_server_ctx;

/**
 * One full OpenSSL handshake; the client is freed, the server returned.
 */
static SSL *ossl_connection(void)
{
	SSL *client, *server;

	client = SSL_new(ossl_client_ctx);
	server = SSL_new(ossl_server_ctx);
	if (!client || !server)
	{
		fail("OpenSSL connections");
	}
	SSL_set_connect_state(client);
	SSL_set_accept_state(server);
	join(client, server);
	handshake(client, server);
	check_suite(server, suite);
	last_group = SSL_get_negotiated_group(server);
	SSL_free(client);
	return server;
}

static void ossl_setup(ossl_kind_t kind)
{
	SSL_CTX_free(ossl_client_ctx);
	SSL_CTX_free(ossl_server_ctx);
	ossl_client_ctx = ossl_ctx(false, kind);
	ossl_server_ctx = ossl_ctx(true, kind);
}

/** handshakes in a slice of a measurement */
#define SLICE 20

/** most slices of a measurement, each side */
#define SLICES_MAX 100000

/**
 * CPU time of SLICE handshakes of a kind.
 */
static double slice(SSL *(*connection)(void))
{
	double start;
	int i;

	start = now();
	for (i = 0; i < SLICE; i++)
	{
		SSL_free(connection());
	}
	return now() - start;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

/** a comparison of two kinds of handshakes */
typedef struct {
	/** handshakes per CPU second of each, over the whole measurement */
	double rate_a, rate_b;
	/** quartiles of the slices' rate ratios a/b (median: the ratio) */
	double q1, median, q3;
} comparison_t;

/**
 * Compare two kinds of handshakes in alternating slices (a b, b a, a b,
 * ...) until each had SECONDS of CPU time: a neighbour's load on a shared
 * machine (caches, memory bandwidth, clock) hits both alike, and the
 * median of the slices' ratios ignores the slices it hit hardest.
 */
static comparison_t compare(SSL *(*a)(void), SSL *(*b)(void), double seconds)
{
	static double ratios[SLICES_MAX];
	comparison_t result;
	double ta = 0, tb = 0, x, y;
	int n = 0;

	/* warm up both */
	slice(a);
	slice(b);
	while ((ta < seconds || tb < seconds) && n < SLICES_MAX)
	{
		if (n % 2)
		{
			y = slice(b);
			x = slice(a);
		}
		else
		{
			x = slice(a);
			y = slice(b);
		}
		ta += x;
		tb += y;
		/* (SLICE / x) / (SLICE / y) */
		ratios[n++] = y / x;
	}
	qsort(ratios, n, sizeof(ratios[0]), cmp_double);
	result = (comparison_t){
		.rate_a = n * SLICE / ta,
		.rate_b = n * SLICE / tb,
		.q1 = ratios[n / 4],
		.median = ratios[n / 2],
		.q3 = ratios[3 * n / 4],
	};
	return result;
}

/**
 * Handshakes of one kind per CPU second, over SECONDS of CPU time.
 */
static double rate(SSL *(*connection)(void), double seconds)
{
	double t = 0;
	int n = 0;

	slice(connection);
	while (t < seconds)
	{
		t += slice(connection);
		n++;
	}
	return n * SLICE / t;
}

/**
 * Name of the TLS 1.3 key exchange mode of the last handshake.
 */
static const char *mode(void)
{
	static char buf[64];

	if (!last_group)
	{
		return "psk_ke";
	}
	snprintf(buf, sizeof(buf), "psk_dhe_ke (%s)", OBJ_nid2sn(last_group));
	return buf;
}

/**
 * Heap held per established imsaka server connection: the SSL object
 * after the handshake with its two memory BIOs, and the PSK table entry
 * of its registration (one per connection, own identity).
 */
static double imsaka_memory(uint16_t suite)
{
	static SSL *servers[CONNECTIONS];
	char id[PCSCF_TLS_PSK_IDENTITY_MAX + 1];
	size_t before, after;
	int i;

	before = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		snprintf(id, sizeof(id), "%032x", i);
		if (!pcscf->add(pcscf, id, impi, psk, &suite, 1))
		{
			fail("imsaka PSK table");
		}
		servers[i] = imsaka_connection(id, suite);
	}
	after = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		SSL_free(servers[i]);
		snprintf(id, sizeof(id), "%032x", i);
		pcscf->remove(pcscf, id);
	}
	return (double)(after - before) / CONNECTIONS;
}

/**
 * Heap held per established bare OpenSSL server connection (SSL object
 * and its two memory BIOs).
 */
static double ossl_memory(void)
{
	static SSL *servers[CONNECTIONS];
	size_t before, after;
	int i;

	before = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		servers[i] = ossl_connection();
	}
	after = heap();
	for (i = 0; i < CONNECTIONS; i++)
	{
		SSL_free(servers[i]);
	}
	return (double)(after - before) / CONNECTIONS;
}

/**
 * Print a comparison of imsaka's and OpenSSL's handshakes of a version.
 */
static void print_comparison(const char *version, comparison_t *c)
{
	printf("%s tls-psk handshakes/s: %.0f\n", version, c->rate_a);
	printf("%s openssl handshakes/s: %.0f\n", version, c->rate_b);
	printf("ratio %s tls-psk/openssl: %.2f\n", version, c->median);
	printf("%s slice ratios q1 median q3: %.2f %.2f %.2f\n", version, c->q1,
		   c->median, c->q3);
}

int main(int argc, char *argv[])
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0;
	double o13ke, im12, im13, om12, om13;
	char mode_imsaka[64], mode_ossl[64], mode_ke[64];
	comparison_t c12, c13;

	if (seconds <= 0)
	{
		fprintf(stderr, "usage: tls_psk [CPU-SECONDS-PER-SIDE]\n");
		return 2;
	}
	if (!library_init(NULL, "bench-tls-psk"))
	{
		library_deinit();
		fail("libstrongswan");
	}
	/* as imsaka-ue and imsaka-pcscf create them */
	ue = ue_tls_psk_create(UE_TLS_V12 | UE_TLS_V13, true);
	pcscf = pcscf_tls_psk_create(PCSCF_TLS_V12 | PCSCF_TLS_V13, true,
								 2 * CONNECTIONS + 1);
	if (!ue || !pcscf ||
		!pcscf->add(pcscf, psk_id, impi, psk, agreed, countof(agreed)))
	{
		fail("imsaka contexts");
	}

	suite = 0x00a8;
	ossl_setup(OSSL_TLS12);
	c12 = compare(imsaka_current, ossl_connection, seconds);
	om12 = ossl_memory();
	im12 = imsaka_memory(suite);

	suite = 0x1301;
	ossl_setup(OSSL_TLS13_DHE);
	c13 = compare(imsaka_current, ossl_connection, seconds);
	SSL_free(ossl_connection());
	snprintf(mode_ossl, sizeof(mode_ossl), "%s", mode());
	SSL_free(imsaka_current());
	snprintf(mode_imsaka, sizeof(mode_imsaka), "%s", mode());
	om13 = ossl_memory();
	im13 = imsaka_memory(suite);

	ossl_setup(OSSL_TLS13_KE);
	o13ke = rate(ossl_connection, seconds / 2);
	snprintf(mode_ke, sizeof(mode_ke), "%s", mode());

	printf("tls12 00a8 PSK-AES128-GCM-SHA256\n");
	print_comparison("tls12", &c12);
	printf("tls13 1301 TLS_AES_128_GCM_SHA256 external PSK\n");
	printf("tls13 tls-psk mode: %s\n", mode_imsaka);
	printf("tls13 openssl mode: %s\n", mode_ossl);
	print_comparison("tls13", &c13);
	printf("tls13 openssl %s handshakes/s (reference): %.0f\n", mode_ke,
		   o13ke);
	printf("tls12 tls-psk bytes per server connection: %.0f\n", im12);
	printf("tls12 openssl bytes per server connection: %.0f\n", om12);
	printf("tls13 tls-psk bytes per server connection: %.0f\n", im13);
	printf("tls13 openssl bytes per server connection: %.0f\n", om13);

	SSL_CTX_free(ossl_client_ctx);
	SSL_CTX_free(ossl_server_ctx);
	pcscf->destroy(pcscf);
	ue->destroy(ue);
	library_deinit();
	return 0;
}

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
 * The tls-aka record layer against an independent implementation: a real
 * OpenSSL TLS 1.3 session (test_tls_peer.h) whose application traffic
 * secrets come from OpenSSL's key log. For each of the three suites,
 * imsaka opens what OpenSSL's client and server wrote, OpenSSL's client
 * and server SSL_read() what imsaka sealed, KeyUpdates go both ways
 * (OpenSSL's SSL_key_update(), imsaka's key_update() and its automatic
 * update at the limit), close_notify and padding are understood by both,
 * and tampered, replayed, reordered or oversize records are refused.
 *
 * The OpenSSL client and server never exchange records after the
 * handshake: "as_server" is imsaka in the server's place (reads the
 * client's records, writes to the client), "as_client" the reverse.
 */

#include "tests.h"
#include "test_tls_peer.h"

#include <tls_reader.h>
#include <tls_record.h>

#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>

/** room for a few full records */
#define WIRE_SIZE	(8 * IMSAKA_TLS_MAX_RECORD)

static tls_peer_t peer;
static imsaka_tls_record_t *as_client, *as_server;
static uint8_t *wire;

/**
 * Run the OpenSSL handshake for loop index i (suite 0x1301 + i) and key
 * imsaka's two stand-ins from the logged secrets.
 */
static void setup_suite(int i)
{
	uint16_t suite = IMSAKA_TLS_AES_128_GCM_SHA256 + i;

	ck_assert(tls_peer_init(&peer, suite, true));
	ck_assert(tls_peer_connect(&peer));
	ck_assert_uint_eq(SSL_CIPHER_get_protocol_id(
						SSL_get_current_cipher(peer.client)), suite);
	ck_assert_uint_eq(peer.client_len, suite == 0x1302 ? 48 : 32);
	as_client = imsaka_tls_record_create(suite, peer.client_secret,
										 peer.server_secret, peer.client_len);
	as_server = imsaka_tls_record_create(suite, peer.server_secret,
										 peer.client_secret, peer.client_len);
	ck_assert(as_client && as_server);
	wire = malloc(WIRE_SIZE);
	ck_assert(wire);
}

static void teardown_suite(void)
{
	as_client->destroy(as_client);
	as_server->destroy(as_server);
	tls_peer_free(&peer);
	free(wire);
}

/**
 * SSL_write() all of data.
 */
static void ssl_write(SSL *ssl, const void *data, size_t len)
{
	ck_assert_int_eq(SSL_write(ssl, data, len), (int)len);
}

/**
 * SSL_read() until OpenSSL wants more input; returns the bytes read, or
 * -1 with *error set when SSL_read failed otherwise.
 */
static int ssl_read_all(SSL *ssl, uint8_t *buf, size_t size, int *error)
{
	int n, total = 0;

	*error = SSL_ERROR_NONE;
	while (total < (int)size)
	{
		n = SSL_read(ssl, buf + total, size - total);
		if (n <= 0)
		{
			*error = SSL_get_error(ssl, n);
			return *error == SSL_ERROR_WANT_READ ? total : -1;
		}
		total += n;
	}
	return total;
}

/**
 * Take what an OpenSSL end wrote.
 */
static size_t take(BIO *out)
{
	size_t len = tls_peer_take(out, wire, WIRE_SIZE);

	ck_assert(len <= WIRE_SIZE);
	return len;
}

/**
 * Feed wire bytes to a reader in chunks of the given size and open every
 * record; application data goes to buf. Returns the last status (AGAIN
 * when everything was consumed), counts records in *records.
 */
static imsaka_tls_err_t open_stream(imsaka_tls_record_t *rec, uint8_t *data,
									size_t len, size_t chunk, uint8_t *buf,
									size_t *buf_len, int *records)
{
	imsaka_tls_reader_t *reader = imsaka_tls_reader_create();
	imsaka_tls_plain_t plain;
	imsaka_tls_err_t err = IMSAKA_TLS_AGAIN;
	uint8_t *record, *p;
	size_t record_len, n, left;

	ck_assert(reader);
	*buf_len = 0;
	*records = 0;
	while (len && err == IMSAKA_TLS_AGAIN)
	{
		n = len < chunk ? len : chunk;
		p = data;
		left = n;
		data += n;
		len -= n;
		while ((err = reader->read(reader, &p, &left, &record,
								   &record_len)) == IMSAKA_TLS_OK)
		{
			err = rec->open(rec, record, record_len, &plain);
			if (err != IMSAKA_TLS_OK)
			{
				break;
			}
			(*records)++;
			if (plain.type == IMSAKA_TLS_CT_APPLICATION_DATA)
			{
				memcpy(buf + *buf_len, plain.data, plain.len);
				*buf_len += plain.len;
			}
		}
	}
	if (err == IMSAKA_TLS_AGAIN)
	{
		ck_assert_uint_eq(reader->pending(reader), 0);
	}
	reader->destroy(reader);
	return err;
}

/** pattern bytes for payloads */
static void fill(uint8_t *buf, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		buf[i] = seed + i * 7;
	}
}

START_TEST(test_openssl_to_imsaka)
{
	/* feed the client's stream byte by byte and in odd chunks */
	static const size_t chunks[] = { 1, 7, 4097 };
	uint8_t *msg = malloc(20000), *got = malloc(40000);
	size_t len, got_len;
	int records;

	setup_suite(_i);
	fill(msg, 20000, 1);
	/* 5 bytes, a full 2^14 record, 20000 bytes in two records */
	ssl_write(peer.client, "hello", 5);
	ssl_write(peer.client, msg, 16384);
	ssl_write(peer.client, msg, 20000);
	len = take(peer.c_out);
	ck_assert_int_eq(open_stream(as_server, wire, len, chunks[_i], got,
								 &got_len, &records), IMSAKA_TLS_AGAIN);
	ck_assert_int_eq(records, 4);
	ck_assert_uint_eq(got_len, 5 + 16384 + 20000);
	ck_assert(memcmp(got, "hello", 5) == 0);
	ck_assert(memcmp(got + 5, msg, 16384) == 0);
	ck_assert(memcmp(got + 5 + 16384, msg, 20000) == 0);
	ck_assert_uint_eq(as_server->get_read(as_server)->get_seq(
						as_server->get_read(as_server)), 4);

	/* and the server's direction, in one piece */
	ssl_write(peer.server, "SIP/2.0 200 OK", 14);
	len = take(peer.s_out);
	ck_assert_int_eq(open_stream(as_client, wire, len, len, got, &got_len,
								 &records), IMSAKA_TLS_AGAIN);
	ck_assert_uint_eq(got_len, 14);
	ck_assert(memcmp(got, "SIP/2.0 200 OK", 14) == 0);
	free(msg);
	free(got);
	teardown_suite();
}
END_TEST

START_TEST(test_imsaka_to_openssl)
{
	uint8_t *msg = malloc(16384), *got = malloc(40000);
	size_t len, n;
	int error;

	setup_suite(_i);
	fill(msg, 16384, 3);
	/* a short record, a full one, one with padding, an empty one */
	ck_assert_int_eq(as_client->seal(as_client, (const uint8_t*)"REGISTER", 8,
									 0, wire, WIRE_SIZE, &len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, 8 + IMSAKA_TLS_OVERHEAD);
	ck_assert_int_eq(as_client->seal(as_client, msg, 16384, 0, wire + len,
									 WIRE_SIZE - len, &n), IMSAKA_TLS_OK);
	len += n;
	ck_assert_int_eq(as_client->seal(as_client, msg, 100, 16384 - 100,
									 wire + len, WIRE_SIZE - len, &n),
					 IMSAKA_TLS_OK);
	ck_assert_uint_eq(n, IMSAKA_TLS_MAX_PLAINTEXT + IMSAKA_TLS_OVERHEAD);
	len += n;
	ck_assert_int_eq(as_client->seal(as_client, NULL, 0, 7, wire + len,
									 WIRE_SIZE - len, &n), IMSAKA_TLS_OK);
	len += n;
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.server, got, 40000, &error),
					 8 + 16384 + 100);
	ck_assert(memcmp(got, "REGISTER", 8) == 0);
	ck_assert(memcmp(got + 8, msg, 16384) == 0);
	ck_assert(memcmp(got + 8 + 16384, msg, 100) == 0);

	/* the other direction */
	ck_assert_int_eq(as_server->seal(as_server, msg, 1000, 24, wire,
									 WIRE_SIZE, &len), IMSAKA_TLS_OK);
	ck_assert(tls_peer_give(peer.c_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.client, got, 40000, &error), 1000);
	ck_assert(memcmp(got, msg, 1000) == 0);
	free(msg);
	free(got);
	teardown_suite();
}
END_TEST

START_TEST(test_openssl_key_update)
{
	uint8_t got[64];
	size_t len, got_len;
	int records, error;

	setup_suite(_i);
	/* OpenSSL updates its write key: KeyUpdate, then data under the new */
	ssl_write(peer.client, "before", 6);
	ck_assert(SSL_key_update(peer.client, SSL_KEY_UPDATE_NOT_REQUESTED));
	ssl_write(peer.client, "after", 5);
	len = take(peer.c_out);
	ck_assert_int_eq(open_stream(as_server, wire, len, len, got, &got_len,
								 &records), IMSAKA_TLS_AGAIN);
	ck_assert_int_eq(records, 3);
	ck_assert_uint_eq(got_len, 11);
	ck_assert(memcmp(got, "beforeafter", 11) == 0);
	ck_assert_uint_eq(as_server->get_read(as_server)->get_seq(
						as_server->get_read(as_server)), 1);

	/* OpenSSL asks imsaka to update too: imsaka's next record carries
	 * its KeyUpdate first, which OpenSSL's client must follow */
	ck_assert(SSL_key_update(peer.client, SSL_KEY_UPDATE_REQUESTED));
	ssl_write(peer.client, "again", 5);
	len = take(peer.c_out);
	ck_assert_int_eq(open_stream(as_server, wire, len, 3, got, &got_len,
								 &records), IMSAKA_TLS_AGAIN);
	ck_assert_int_eq(records, 2);
	ck_assert(memcmp(got, "again", 5) == 0);
	ck_assert_int_eq(as_server->seal(as_server, (const uint8_t*)"reply", 5, 0,
									 wire, WIRE_SIZE, &len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN + 5 +
					  IMSAKA_TLS_OVERHEAD);
	ck_assert_uint_eq(as_server->get_write(as_server)->get_seq(
						as_server->get_write(as_server)), 1);
	ck_assert(tls_peer_give(peer.c_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.client, got, sizeof(got), &error), 5);
	ck_assert(memcmp(got, "reply", 5) == 0);
	/* both stay in step */
	ssl_write(peer.client, "third", 5);
	len = take(peer.c_out);
	ck_assert_int_eq(open_stream(as_server, wire, len, len, got, &got_len,
								 &records), IMSAKA_TLS_AGAIN);
	ck_assert(got_len == 5 && memcmp(got, "third", 5) == 0);
	teardown_suite();
}
END_TEST

START_TEST(test_imsaka_key_update)
{
	uint8_t got[256];
	size_t len, n, got_len;
	int records, error, i;

	setup_suite(_i);
	/* imsaka updates its write key; OpenSSL's server follows */
	ck_assert_int_eq(as_client->key_update(as_client, false, wire, WIRE_SIZE,
										   &len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN);
	ck_assert_int_eq(as_client->seal(as_client, (const uint8_t*)"x", 1, 0,
									 wire + len, WIRE_SIZE - len, &n),
					 IMSAKA_TLS_OK);
	ck_assert(tls_peer_give(peer.s_in, wire, len + n));
	ck_assert_int_eq(ssl_read_all(peer.server, got, sizeof(got), &error), 1);
	ck_assert_int_eq(got[0], 'x');

	/* imsaka asks for an update: OpenSSL's server answers with its own
	 * KeyUpdate before its next record, which imsaka must follow */
	ck_assert_int_eq(as_client->key_update(as_client, true, wire, WIRE_SIZE,
										   &len), IMSAKA_TLS_OK);
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.server, got, sizeof(got), &error), 0);
	ssl_write(peer.server, "y", 1);
	len = take(peer.s_out);
	ck_assert_int_eq(open_stream(as_client, wire, len, len, got, &got_len,
								 &records), IMSAKA_TLS_AGAIN);
	ck_assert_int_eq(records, 2);
	ck_assert(got_len == 1 && got[0] == 'y');

	/* the automatic update at the limit: every 2 records */
	as_client->set_update_limit(as_client, 2);
	len = 0;
	for (i = 0; i < 7; i++)
	{
		ck_assert_int_eq(as_client->seal(as_client, (const uint8_t*)"0123456" + i,
										 1, 0, wire + len, WIRE_SIZE - len, &n),
						 IMSAKA_TLS_OK);
		len += n;
	}
	/* 7 data records and 3 KeyUpdates */
	ck_assert_uint_eq(len, 7 * (1 + IMSAKA_TLS_OVERHEAD) +
					  3 * IMSAKA_TLS_KEY_UPDATE_RECORD_LEN);
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.server, got, sizeof(got), &error), 7);
	ck_assert(memcmp(got, "0123456", 7) == 0);
	teardown_suite();
}
END_TEST

START_TEST(test_close_notify)
{
	imsaka_tls_plain_t plain;
	uint8_t got[16];
	size_t len, got_len;
	int records, error;

	setup_suite(_i);
	/* imsaka closes: OpenSSL sees a clean close */
	ck_assert_int_eq(as_client->seal_alert(as_client,
							IMSAKA_TLS_ALERT_CLOSE_NOTIFY, wire, WIRE_SIZE,
							&len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, IMSAKA_TLS_ALERT_RECORD_LEN);
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.server, got, sizeof(got), &error), -1);
	ck_assert_int_eq(error, SSL_ERROR_ZERO_RETURN);
	ck_assert_int_eq(as_client->seal(as_client, got, 1, 0, wire, WIRE_SIZE,
									 &len), IMSAKA_TLS_ERR_CLOSED);

	/* OpenSSL closes: imsaka recognises close_notify, nothing after it */
	ssl_write(peer.client, "bye", 3);
	ck_assert_int_eq(SSL_shutdown(peer.client), 0);
	len = take(peer.c_out);
	ck_assert_int_eq(open_stream(as_server, wire, len, len, got, &got_len,
								 &records), IMSAKA_TLS_CLOSED);
	ck_assert(got_len == 3 && memcmp(got, "bye", 3) == 0);
	ck_assert_int_eq(as_server->open(as_server, wire, len, &plain),
					 IMSAKA_TLS_ERR_AFTER_CLOSE);
	/* the other direction is still open */
	ck_assert_int_eq(as_server->seal(as_server, got, 1, 0, wire, WIRE_SIZE,
									 &len), IMSAKA_TLS_OK);
	teardown_suite();
}
END_TEST

START_TEST(test_openssl_padding)
{
	imsaka_tls_plain_t plain;
	size_t len;

	setup_suite(_i);
	/* OpenSSL pads the inner plaintext to a multiple of 512 */
	ck_assert(SSL_set_block_padding(peer.client, 512));
	ssl_write(peer.client, "pad me", 6);
	len = take(peer.c_out);
	ck_assert_uint_eq(len, IMSAKA_TLS_HEADER_LEN + 512 + IMSAKA_TLS_TAG_LEN);
	ck_assert_int_eq(as_server->open(as_server, wire, len, &plain),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(plain.type, IMSAKA_TLS_CT_APPLICATION_DATA);
	ck_assert(plain.len == 6 && memcmp(plain.data, "pad me", 6) == 0);
	teardown_suite();
}
END_TEST

START_TEST(test_tampered)
{
	imsaka_tls_traffic_t *read;
	uint8_t *data, copy[64], r1[64], r2[64], ct;
	size_t len, len1, data_len, i;
	struct {
		size_t pos;
		imsaka_tls_err_t err;
	} flips[] = {
		{ 0, IMSAKA_TLS_ERR_RECORD_TYPE },
		{ 1, IMSAKA_TLS_ERR_VERSION },
		{ 4, IMSAKA_TLS_ERR_LENGTH },
		{ 5, IMSAKA_TLS_ERR_BAD_RECORD_MAC },		/* ciphertext */
		{ 5 + 12, IMSAKA_TLS_ERR_BAD_RECORD_MAC },	/* tag */
	};
	int error;

	setup_suite(_i);
	read = as_server->get_read(as_server);
	ssl_write(peer.client, "first", 5);
	len = take(peer.c_out);
	ck_assert(len < sizeof(copy));
	/* each flipped bit is refused; the sequence number stays */
	for (i = 0; i < sizeof(flips) / sizeof(flips[0]); i++)
	{
		memcpy(copy, wire, len);
		copy[flips[i].pos] ^= 0x01;
		ck_assert_int_eq(read->open(read, copy, len, &ct, &data, &data_len),
						 flips[i].err);
		ck_assert_uint_eq(read->get_seq(read), 0);
	}
	/* a flipped last tag bit, and a record cut short */
	memcpy(copy, wire, len);
	copy[len - 1] ^= 0x80;
	ck_assert_int_eq(read->open(read, copy, len, &ct, &data, &data_len),
					 IMSAKA_TLS_ERR_BAD_RECORD_MAC);
	ck_assert_int_eq(read->open(read, copy, len - 1, &ct, &data, &data_len),
					 IMSAKA_TLS_ERR_LENGTH);
	/* the genuine record opens; replaying it is refused */
	memcpy(copy, wire, len);
	ck_assert_int_eq(read->open(read, wire, len, &ct, &data, &data_len),
					 IMSAKA_TLS_OK);
	ck_assert(data_len == 5 && memcmp(data, "first", 5) == 0);
	ck_assert_int_eq(read->open(read, copy, len, &ct, &data, &data_len),
					 IMSAKA_TLS_ERR_BAD_RECORD_MAC);
	/* two more records, the second first: refused, then in order fine */
	ssl_write(peer.client, "second", 6);
	len1 = take(peer.c_out);
	memcpy(r1, wire, len1);
	ssl_write(peer.client, "third", 5);
	len = take(peer.c_out);
	memcpy(r2, wire, len);
	memcpy(copy, r2, len);
	ck_assert_int_eq(read->open(read, copy, len, &ct, &data, &data_len),
					 IMSAKA_TLS_ERR_BAD_RECORD_MAC);
	ck_assert_int_eq(read->open(read, r1, len1, &ct, &data, &data_len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(read->open(read, r2, len, &ct, &data, &data_len),
					 IMSAKA_TLS_OK);
	ck_assert(data_len == 5 && memcmp(data, "third", 5) == 0);

	/* OpenSSL refuses a tampered imsaka record in the same way */
	ck_assert_int_eq(as_client->seal(as_client, (const uint8_t*)"z", 1, 0, wire,
									 WIRE_SIZE, &len), IMSAKA_TLS_OK);
	wire[len - 3] ^= 0x04;
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	ck_assert_int_eq(ssl_read_all(peer.server, copy, sizeof(copy), &error), -1);
	ck_assert_int_eq(error, SSL_ERROR_SSL);
	teardown_suite();
}
END_TEST

START_TEST(test_oversize)
{
	imsaka_tls_reader_t *reader;
	imsaka_tls_plain_t plain;
	uint8_t *p, *record;
	size_t left, record_len, len;

	setup_suite(_i);
	/* 2^14 + 257 bytes of ciphertext: refused from the header alone */
	memset(wire, 0xa5, IMSAKA_TLS_MAX_RECORD + 1);
	wire[0] = 23;
	wire[1] = wire[2] = 3;
	wire[3] = (IMSAKA_TLS_MAX_CIPHERTEXT + 1) >> 8;
	wire[4] = (IMSAKA_TLS_MAX_CIPHERTEXT + 1) & 0xff;
	reader = imsaka_tls_reader_create();
	p = wire;
	left = IMSAKA_TLS_HEADER_LEN;
	ck_assert_int_eq(reader->read(reader, &p, &left, &record, &record_len),
					 IMSAKA_TLS_ERR_RECORD_OVERFLOW);
	ck_assert_int_eq(reader->read(reader, &p, &left, &record, &record_len),
					 IMSAKA_TLS_ERR_BROKEN);
	reader->destroy(reader);
	ck_assert_int_eq(as_server->open(as_server, wire, IMSAKA_TLS_MAX_RECORD + 1,
									 &plain), IMSAKA_TLS_ERR_RECORD_OVERFLOW);
	/* within 2^14 + 256 but more than 2^14 + 1 inner bytes plus the tag */
	len = IMSAKA_TLS_HEADER_LEN + IMSAKA_TLS_MAX_PLAINTEXT + 2 +
		  IMSAKA_TLS_TAG_LEN;
	wire[3] = (len - 5) >> 8;
	wire[4] = (len - 5) & 0xff;
	ck_assert_int_eq(as_client->open(as_client, wire, len, &plain),
					 IMSAKA_TLS_ERR_RECORD_OVERFLOW);
	/* and imsaka never writes one */
	ck_assert_int_eq(as_client->seal(as_client, wire, IMSAKA_TLS_MAX_PLAINTEXT + 1,
									 0, wire, WIRE_SIZE, &len),
					 IMSAKA_TLS_ERR_TOO_LONG);
	ck_assert_int_eq(as_client->seal(as_client, wire, 16000, 385, wire,
									 WIRE_SIZE, &len), IMSAKA_TLS_ERR_TOO_LONG);
	/* a refused seal changes nothing: the next record is still seq 0 */
	ck_assert_int_eq(as_client->seal(as_client, (const uint8_t*)"ok", 2, 0, wire,
									 WIRE_SIZE, &len), IMSAKA_TLS_OK);
	ck_assert(tls_peer_give(peer.s_in, wire, len));
	{
		uint8_t got[8];
		int error;

		ck_assert_int_eq(ssl_read_all(peer.server, got, sizeof(got), &error), 2);
	}
	teardown_suite();
}
END_TEST

Suite *tls_openssl_suite_create(void)
{
	/* loop index: 0 AES-128-GCM, 1 AES-256-GCM, 2 ChaCha20-Poly1305 */
	test_entry_t tests[] = {
		TEST_CASE("interop"),
		TEST_LOOP(test_openssl_to_imsaka, 3),
		TEST_LOOP(test_imsaka_to_openssl, 3),
		TEST_LOOP(test_openssl_key_update, 3),
		TEST_LOOP(test_imsaka_key_update, 3),
		TEST_LOOP(test_close_notify, 3),
		TEST_LOOP(test_openssl_padding, 3),
		TEST_LOOP(test_tampered, 3),
		TEST_LOOP(test_oversize, 3),
	};

	return test_suite_build("tls_openssl", tests, TEST_COUNT(tests));
}

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
 * tls-aka record layer, imsaka against itself and against vectors:
 * records sealed from the tls-aka secrets of test_tls_aka_keys.c must be
 * byte for byte those of the Python reference (docs/TLS-AKA.md, AEADs of
 * the 'cryptography' package), KeyUpdate included; content rules, AEAD
 * limits, automatic key update and the stream reader in any chunking.
 * Interop with OpenSSL itself is test_tls_openssl.c.
 */

#include "tests.h"
#include "test_vectors.h"

#include <hex.h>
#include <tls_reader.h>
#include <tls_record.h>

#include <stdlib.h>
#include <string.h>

/**
 * Per suite: the tls-aka secrets (CK/IK of Milenage set 1, sid
 * 5ee5510b2c7a8d3f) and records the Python reference sealed with them.
 */
static const struct {
	uint16_t suite;
	const char *ue, *pcscf;
	/** UE, seq 0, "SIP/2.0", 3 bytes of padding */
	const char *ue_record;
	/** P-CSCF, seq 1, "OK", no padding */
	const char *pcscf_record;
	/** UE, first record after one KeyUpdate, "x" */
	const char *ue_updated;
} vectors[] = {
	{ 0x1301,
	  "d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d",
	  "663c4452cbe3ea9595c9c6d8aae31094f2b3581dd23b19a651ce4f95d279d911",
	  "170303001bba14527510ea45e58e461b289f134724200d8ecaf54bcd6820ddd2",
	  "17030300137ed8cc455cd3ad9bf595040339bf14bf6fe422",
	  "170303001271cb2ff9f0ef7e7caf9826479cf2473f49c7" },
	{ 0x1302,
	  "ccdf969bf0dab5e5fe56e73670542b7406a979c4f80ee10fbe8c297db9a2e05a"
	  "99109bbe91809bd7254383757e784b2d",
	  "138af9ad07e162323cc93c7e0379a9b999925b8eefa26489c9050ff8bf68f566"
	  "9b747dba96a7e2d9f8e7d76e261a7b99",
	  "170303001bf0f10dca1b5c4e0774879511d81e618a081039c8d12b9aa949de9f",
	  "170303001333260d9203d42f520848a2e90f00333f2dc277",
	  "17030300122fb3c9186ed50b6e5ec44c5f802a29683a40" },
	{ 0x1303,
	  "520ec35d4c692b5d2a59ed7dc8a7cfbddd969cba729d1ef1d7145cd2d0e1f5ae",
	  "d789bfc0a96db8b804dcb9f13691752030b731867fc61ae9a0bc5e91a5c34981",
	  "170303001b58abaad0b25289a93fb1a5981d3bc9c94d1bdbfbf527d1ec2898cc",
	  "1703030013a5c2f137af1c5f9eeb6134bc5aa5aa26ec3c9a",
	  "1703030012c434146aa53b38ba8a850db08c983db17194" },
};

static imsaka_tls_record_t *ue, *pcscf;

/**
 * UE and P-CSCF record layers of vector i.
 */
static void make_pair(int i)
{
	uint8_t a[48], b[48];
	size_t len = strlen(vectors[i].ue) / 2;

	test_hex(vectors[i].ue, a, len);
	test_hex(vectors[i].pcscf, b, len);
	ue = imsaka_tls_record_create(vectors[i].suite, a, b, len);
	pcscf = imsaka_tls_record_create(vectors[i].suite, b, a, len);
	ck_assert(ue && pcscf);
	ck_assert(!imsaka_tls_record_create(vectors[i].suite, a, b, len - 1));
}

static void free_pair(void)
{
	ue->destroy(ue);
	pcscf->destroy(pcscf);
}

/**
 * Compare a sealed record with a hex vector.
 */
static void check_record(const uint8_t *got, size_t len, const char *hex)
{
	uint8_t exp[64];

	ck_assert_uint_eq(len, strlen(hex) / 2);
	test_hex(hex, exp, len);
	ck_assert_bytes(got, exp, len, "record");
}

START_TEST(test_record_vectors)
{
	imsaka_tls_plain_t plain;
	uint8_t out[128];
	size_t len;

	make_pair(_i);
	ck_assert_int_eq(ue->seal(ue, (const uint8_t*)"SIP/2.0", 7, 3, out,
							  sizeof(out), &len), IMSAKA_TLS_OK);
	check_record(out, len, vectors[_i].ue_record);
	ck_assert_int_eq(pcscf->open(pcscf, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert(plain.len == 7 && memcmp(plain.data, "SIP/2.0", 7) == 0);

	pcscf->get_write(pcscf)->set_seq(pcscf->get_write(pcscf), 1);
	ck_assert_int_eq(pcscf->seal(pcscf, (const uint8_t*)"OK", 2, 0, out,
								 sizeof(out), &len), IMSAKA_TLS_OK);
	check_record(out, len, vectors[_i].pcscf_record);
	ue->get_read(ue)->set_seq(ue->get_read(ue), 1);
	ck_assert_int_eq(ue->open(ue, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert(plain.len == 2 && memcmp(plain.data, "OK", 2) == 0);

	/* after a KeyUpdate: the next secret, seq 0 */
	ck_assert_int_eq(ue->key_update(ue, false, out, sizeof(out), &len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(pcscf->open(pcscf, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert_int_eq(plain.type, IMSAKA_TLS_CT_HANDSHAKE);
	ck_assert_int_eq(ue->seal(ue, (const uint8_t*)"x", 1, 0, out, sizeof(out),
							  &len), IMSAKA_TLS_OK);
	check_record(out, len, vectors[_i].ue_updated);
	ck_assert_int_eq(pcscf->open(pcscf, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert(plain.len == 1 && plain.data[0] == 'x');
	free_pair();
}
END_TEST

/** deterministic pseudo-random numbers for the stream tests */
static uint32_t prng(uint32_t *state)
{
	*state = *state * 1103515245 + 12345;
	return *state >> 8;
}

START_TEST(test_record_stream)
{
	enum { RECORDS = 60, STREAM = RECORDS * IMSAKA_TLS_MAX_RECORD };
	imsaka_tls_reader_t *reader = imsaka_tls_reader_create();
	uint8_t *stream = malloc(STREAM), *sent = malloc(RECORDS * 20000);
	uint8_t *got = malloc(RECORDS * 20000), *p, *record;
	size_t len = 0, sent_len = 0, got_len = 0, n, size, pad, chunk, left;
	size_t record_len;
	uint32_t state = 42 + _i;
	imsaka_tls_plain_t plain;
	imsaka_tls_err_t err;
	int i, records = 0;

	make_pair(_i);
	/* key updates every 5 records, so the stream crosses keys too */
	ue->set_update_limit(ue, 5);
	for (i = 0; i < RECORDS; i++)
	{
		/* sizes from empty to full, some padded */
		size = i % 10 == 9 ? IMSAKA_TLS_MAX_PLAINTEXT : prng(&state) % 3000;
		pad = i % 3 ? 0 : prng(&state) % (IMSAKA_TLS_MAX_PLAINTEXT - size + 1);
		for (n = 0; n < size; n++)
		{
			sent[sent_len + n] = prng(&state);
		}
		ck_assert_int_eq(ue->seal(ue, sent + sent_len, size, pad, stream + len,
								  STREAM - len, &n), IMSAKA_TLS_OK);
		sent_len += size;
		len += n;
	}
	/* read it in random chunks of 1..3000 bytes */
	p = stream;
	while (len)
	{
		chunk = 1 + prng(&state) % (_i == 0 ? 17 : 3000);
		chunk = chunk < len ? chunk : len;
		left = chunk;
		while ((err = reader->read(reader, &p, &left, &record,
								   &record_len)) == IMSAKA_TLS_OK)
		{
			ck_assert_int_eq(pcscf->open(pcscf, record, record_len, &plain),
							 IMSAKA_TLS_OK);
			records++;
			if (plain.type == IMSAKA_TLS_CT_APPLICATION_DATA)
			{
				memcpy(got + got_len, plain.data, plain.len);
				got_len += plain.len;
			}
		}
		ck_assert_int_eq(err, IMSAKA_TLS_AGAIN);
		ck_assert_uint_eq(left, 0);
		len -= chunk;
	}
	ck_assert_uint_eq(reader->pending(reader), 0);
	/* 60 data records and 11 KeyUpdates (after records 5, 10, ... 55) */
	ck_assert_int_eq(records, RECORDS + 11);
	ck_assert_uint_eq(got_len, sent_len);
	ck_assert(memcmp(got, sent, sent_len) == 0);
	reader->destroy(reader);
	free(stream);
	free(sent);
	free(got);
	free_pair();
}
END_TEST

/**
 * Content the peer must refuse (or accept), sealed below the record
 * layer's own rules through the UE's write direction.
 */
static const struct {
	uint8_t type;
	const char *hex;
	imsaka_tls_err_t err;
	uint8_t alert;
} contents[] = {
	/* change_cipher_spec has no place after the switch */
	{ 20, "01", IMSAKA_TLS_ERR_CONTENT_TYPE },
	/* an unknown type */
	{ 99, "00", IMSAKA_TLS_ERR_CONTENT_TYPE },
	/* NewSessionTicket: no other handshake message than KeyUpdate */
	{ 22, "0400000100", IMSAKA_TLS_ERR_HANDSHAKE },
	/* KeyUpdate with request_update 2 */
	{ 22, "1800000102", IMSAKA_TLS_ERR_KEY_UPDATE },
	/* KeyUpdate with length 2 */
	{ 22, "180000020000", IMSAKA_TLS_ERR_KEY_UPDATE },
	/* KeyUpdate cut short, or coalesced with another */
	{ 22, "18000001", IMSAKA_TLS_ERR_HANDSHAKE },
	{ 22, "18000001001800000100", IMSAKA_TLS_ERR_HANDSHAKE },
	/* empty handshake and alert records */
	{ 22, "", IMSAKA_TLS_ERR_EMPTY },
	{ 21, "", IMSAKA_TLS_ERR_EMPTY },
	/* alerts: three bytes, two alerts, a fatal one, user_canceled */
	{ 21, "020a00", IMSAKA_TLS_ERR_ALERT_FORMAT },
	{ 21, "01000100", IMSAKA_TLS_ERR_ALERT_FORMAT },
	{ 21, "0228", IMSAKA_TLS_ERR_PEER_ALERT, 40 },
	{ 21, "015a", IMSAKA_TLS_OK, 90 },
	{ 21, "0100", IMSAKA_TLS_CLOSED, 0 },
	/* all zeros: no content type at all */
	{ 0, "00000000", IMSAKA_TLS_ERR_NO_CONTENT_TYPE },
	/* a KeyUpdate asking for one back */
	{ 22, "1800000101", IMSAKA_TLS_OK },
};

START_TEST(test_record_content)
{
	imsaka_tls_traffic_t *write;
	imsaka_tls_plain_t plain;
	uint8_t msg[16], out[128], copy[128];
	size_t len, msg_len = strlen(contents[_i].hex) / 2;
	imsaka_tls_err_t err;

	make_pair(0);
	write = ue->get_write(ue);
	if (msg_len)
	{
		test_hex(contents[_i].hex, msg, msg_len);
	}
	ck_assert_int_eq(write->seal(write, contents[_i].type, msg, msg_len, 0,
								 out, sizeof(out), &len), IMSAKA_TLS_OK);
	memcpy(copy, out, len);
	err = pcscf->open(pcscf, out, len, &plain);
	ck_assert_msg(err == contents[_i].err, "content %d: %s, expected %s", _i,
				  imsaka_tls_strerror(err),
				  imsaka_tls_strerror(contents[_i].err));
	if (contents[_i].type == 21 && msg_len == 2)
	{
		ck_assert_int_eq(plain.alert, contents[_i].alert);
	}
	ck_assert_ptr_eq(plain.data, NULL);
	/* an error ends the read side; close_notify too */
	err = pcscf->open(pcscf, copy, len, &plain);
	if (contents[_i].err == IMSAKA_TLS_CLOSED)
	{
		ck_assert_int_eq(err, IMSAKA_TLS_ERR_AFTER_CLOSE);
	}
	else if (contents[_i].err != IMSAKA_TLS_OK)
	{
		ck_assert_int_eq(err, IMSAKA_TLS_ERR_BROKEN);
	}
	free_pair();
}
END_TEST

START_TEST(test_record_update_requested)
{
	imsaka_tls_plain_t plain;
	uint8_t out[256];
	size_t len, n;

	make_pair(_i);
	/* UE asks; the P-CSCF's next record (an alert here) has its
	 * KeyUpdate first, answering without asking back */
	ck_assert_int_eq(ue->key_update(ue, true, out, sizeof(out), &len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(pcscf->open(pcscf, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert_int_eq(pcscf->seal_alert(pcscf, IMSAKA_TLS_ALERT_CLOSE_NOTIFY,
									   out, IMSAKA_TLS_ALERT_RECORD_LEN, &len),
					 IMSAKA_TLS_ERR_BUFFER);
	ck_assert_int_eq(pcscf->seal_alert(pcscf, IMSAKA_TLS_ALERT_CLOSE_NOTIFY,
									   out, sizeof(out), &len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN +
					  IMSAKA_TLS_ALERT_RECORD_LEN);
	ck_assert_int_eq(ue->open(ue, out, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN,
							  &plain), IMSAKA_TLS_OK);
	ck_assert_int_eq(plain.type, IMSAKA_TLS_CT_HANDSHAKE);
	ck_assert_int_eq(ue->open(ue, out + IMSAKA_TLS_KEY_UPDATE_RECORD_LEN,
							  IMSAKA_TLS_ALERT_RECORD_LEN, &plain),
					 IMSAKA_TLS_CLOSED);
	/* the UE did not get asked back: its next record needs no update */
	ck_assert_int_eq(ue->seal(ue, out, 1, 0, out + 100, sizeof(out) - 100, &n),
					 IMSAKA_TLS_OK);
	ck_assert_uint_eq(n, 1 + IMSAKA_TLS_OVERHEAD);
	ck_assert_int_eq(pcscf->seal(pcscf, out, 1, 0, out, sizeof(out), &n),
					 IMSAKA_TLS_ERR_CLOSED);
	free_pair();
}
END_TEST

START_TEST(test_record_limits)
{
	imsaka_tls_traffic_t *w, *r;
	imsaka_tls_plain_t plain;
	const imsaka_tls_suite_t *suite;
	uint8_t out[256], *data, type;
	size_t len, n, data_len;

	make_pair(_i);
	w = ue->get_write(ue);
	r = pcscf->get_read(pcscf);
	suite = w->get_suite(w);
	ck_assert_uint_eq(suite->id, vectors[_i].suite);
	ck_assert(suite->update_records < suite->max_records);

	/* the last record a key may protect, then no more */
	w->set_seq(w, suite->max_records - 1);
	r->set_seq(r, suite->max_records - 1);
	ck_assert_int_eq(w->seal(w, IMSAKA_TLS_CT_APPLICATION_DATA,
							 (const uint8_t*)"a", 1, 0, out, sizeof(out), &len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(r->open(r, out, len, &type, &data, &data_len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(w->seal(w, IMSAKA_TLS_CT_APPLICATION_DATA,
							 (const uint8_t*)"a", 1, 0, out, sizeof(out), &len),
					 IMSAKA_TLS_ERR_KEY_EXHAUSTED);
	ck_assert_int_eq(r->open(r, out, 1 + IMSAKA_TLS_OVERHEAD, &type, &data,
							 &data_len), IMSAKA_TLS_ERR_KEY_EXHAUSTED);
	/* a key update makes room again */
	ck_assert(w->update(w));
	ck_assert(r->update(r));
	ck_assert_int_eq(w->seal(w, IMSAKA_TLS_CT_APPLICATION_DATA,
							 (const uint8_t*)"b", 1, 0, out, sizeof(out), &len),
					 IMSAKA_TLS_OK);
	ck_assert_int_eq(r->open(r, out, len, &type, &data, &data_len),
					 IMSAKA_TLS_OK);
	ck_assert(data_len == 1 && data[0] == 'b');

	/* at the update threshold the record layer updates by itself:
	 * 2^24 records for AES-GCM, 2^62 for ChaCha20-Poly1305 */
	w->set_seq(w, suite->update_records);
	r->set_seq(r, suite->update_records);
	ck_assert(w->update_due(w));
	ck_assert_int_eq(ue->seal(ue, (const uint8_t*)"c", 1, 0, out, sizeof(out),
							  &len), IMSAKA_TLS_OK);
	ck_assert_uint_eq(len, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN + 1 +
					  IMSAKA_TLS_OVERHEAD);
	ck_assert_uint_eq(w->get_seq(w), 1);
	ck_assert_int_eq(pcscf->open(pcscf, out, IMSAKA_TLS_KEY_UPDATE_RECORD_LEN,
								 &plain), IMSAKA_TLS_OK);
	n = IMSAKA_TLS_KEY_UPDATE_RECORD_LEN;
	ck_assert_int_eq(pcscf->open(pcscf, out + n, len - n, &plain),
					 IMSAKA_TLS_OK);
	ck_assert(plain.len == 1 && plain.data[0] == 'c');
	free_pair();
}
END_TEST

START_TEST(test_record_buffers)
{
	imsaka_tls_traffic_t *w;
	imsaka_tls_plain_t plain;
	uint8_t out[64];
	size_t len;

	make_pair(_i);
	w = ue->get_write(ue);
	/* too small: refused, nothing used up */
	ck_assert_int_eq(ue->seal(ue, (const uint8_t*)"abc", 3, 0, out,
							  3 + IMSAKA_TLS_OVERHEAD - 1, &len),
					 IMSAKA_TLS_ERR_BUFFER);
	ck_assert_uint_eq(w->get_seq(w), 0);
	ck_assert_int_eq(ue->key_update(ue, false, out,
									IMSAKA_TLS_KEY_UPDATE_RECORD_LEN - 1,
									&len), IMSAKA_TLS_ERR_BUFFER);
	/* sealed in place: the content already sits after the header */
	memcpy(out + IMSAKA_TLS_HEADER_LEN, "abc", 3);
	ck_assert_int_eq(ue->seal(ue, out + IMSAKA_TLS_HEADER_LEN, 3, 0, out,
							  3 + IMSAKA_TLS_OVERHEAD, &len), IMSAKA_TLS_OK);
	ck_assert_int_eq(pcscf->open(pcscf, out, len, &plain), IMSAKA_TLS_OK);
	ck_assert(plain.len == 3 && memcmp(plain.data, "abc", 3) == 0);
	/* unknown suite */
	ck_assert(!imsaka_tls_record_create(0x1304, out, out, 32));
	ck_assert(!imsaka_tls_traffic_create(0x00ff, out, 32, true));
	free_pair();
}
END_TEST

START_TEST(test_reader_headers)
{
	static const struct {
		const char *hex;
		imsaka_tls_err_t err;
	} headers[] = {
		{ "1603030020", IMSAKA_TLS_ERR_RECORD_TYPE },
		{ "1503030002", IMSAKA_TLS_ERR_RECORD_TYPE },
		{ "1703010020", IMSAKA_TLS_ERR_VERSION },
		{ "1702030020", IMSAKA_TLS_ERR_VERSION },
		{ "1703030010", IMSAKA_TLS_ERR_LENGTH },
		{ "1703030000", IMSAKA_TLS_ERR_LENGTH },
		{ "1703034101", IMSAKA_TLS_ERR_RECORD_OVERFLOW },
		{ "170303ffff", IMSAKA_TLS_ERR_RECORD_OVERFLOW },
	};
	imsaka_tls_reader_t *reader;
	uint8_t header[5], *p, *record;
	size_t left, record_len, i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
	{
		test_hex(headers[i].hex, header, 5);
		reader = imsaka_tls_reader_create();
		/* byte by byte: refused as soon as the header is whole */
		for (p = header; p < header + 4; )
		{
			left = 1;
			ck_assert_int_eq(reader->read(reader, &p, &left, &record,
										  &record_len), IMSAKA_TLS_AGAIN);
		}
		left = 1;
		ck_assert_int_eq(reader->read(reader, &p, &left, &record, &record_len),
						 headers[i].err);
		ck_assert_int_eq(reader->read(reader, &p, &left, &record, &record_len),
						 IMSAKA_TLS_ERR_BROKEN);
		reader->destroy(reader);
	}
	/* the largest allowed header waits for its body */
	test_hex("1703034100", header, 5);
	reader = imsaka_tls_reader_create();
	p = header;
	left = 5;
	ck_assert_int_eq(reader->read(reader, &p, &left, &record, &record_len),
					 IMSAKA_TLS_AGAIN);
	ck_assert_uint_eq(reader->pending(reader), 5);
	reader->destroy(reader);
}
END_TEST

Suite *tls_record_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("tls_record"),
		TEST_LOOP(test_record_vectors, 3),
		TEST_LOOP(test_record_stream, 3),
		TEST_LOOP(test_record_content, TEST_COUNT(contents)),
		TEST_LOOP(test_record_update_requested, 3),
		TEST_LOOP(test_record_limits, 3),
		TEST_LOOP(test_record_buffers, 3),
		TEST_ONCE(test_reader_headers),
	};

	return test_suite_build("tls_record", tests, TEST_COUNT(tests));
}

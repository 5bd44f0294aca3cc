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
 * libFuzzer target: the tls-aka record reader and record layer of one
 * connection, keyed from fixed CK, IK and sid.
 *
 * Input: byte 0 picks the suite (bits 0-1), the mode (bit 2) and the
 * chunking (bits 3-5), byte 1 seeds the chunk sizes. In raw mode the rest
 * is the TCP byte stream. In sealed mode the rest is a list of operations
 * of the peer (application data, any inner content type, KeyUpdate,
 * alerts, automatic key updates, bit flips, raw bytes) whose records make
 * the stream, so the decrypted paths are reached.
 *
 * The stream goes into imsaka_tls_reader in chunks, each in its own
 * buffer, and every record into imsaka_tls_record open(). Checked:
 * - the reader hands out exactly the stream's records, in order, refuses
 *   exactly the bad headers, and holds what it took of a cut record;
 * - a record open() accepts re-seals to the same bytes at the same
 *   sequence number, and open() agrees with a second read direction on
 *   whether it authenticates and on the application data;
 * - each application data record received is echoed back through seal()
 *   and the peer's open() returns the same data (KeyUpdates asked for are
 *   answered on the way).
 *
 * FUZZ_TLS_WRITE_SEEDS=DIR writes raw-mode seeds (valid records of each
 * suite) to DIR and exits; FUZZ_VERBOSE=1 prints each record's fate.
 */

#include <tls_aka_keys.h>
#include <tls_reader.h>
#include <tls_record.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** most stream bytes built in sealed mode */
#define MAX_STREAM (64 * 1024)

static const uint16_t suites[] = {
	IMSAKA_TLS_AES_128_GCM_SHA256, IMSAKA_TLS_AES_256_GCM_SHA384,
	IMSAKA_TLS_CHACHA20_POLY1305_SHA256, IMSAKA_TLS_AES_128_GCM_SHA256,
};

/** FUZZ_VERBOSE set: print what open() says of each record */
static bool verbose;

/** the secrets of each suite, from fixed CK, IK and sid */
static imsaka_tls_aka_secrets_t secrets[4];

#define CHECK(cond, ...) do { \
	if (!(cond)) \
	{ \
		fprintf(stderr, "invariant broken: " __VA_ARGS__); \
		fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

/** the connection under test (the UE) and its peer (the P-CSCF) */
typedef struct {
	imsaka_tls_record_t *ue;
	imsaka_tls_record_t *pcscf;
	/** a second read direction of the UE, kept in step with ue's */
	imsaka_tls_traffic_t *shadow_read;
	/** a write direction with the same secret, to re-seal */
	imsaka_tls_traffic_t *shadow_write;
	/** ue's read side failed or closed: records are no longer opened */
	bool done;
} conn_t;

static bool conn_init(conn_t *c, int s)
{
	const imsaka_tls_aka_secrets_t *k = &secrets[s];

	*c = (conn_t){
		.ue = imsaka_tls_record_create(suites[s], k->ue, k->pcscf, k->len),
		.pcscf = imsaka_tls_record_create(suites[s], k->pcscf, k->ue, k->len),
		.shadow_read = imsaka_tls_traffic_create(suites[s], k->pcscf, k->len,
												 false),
		.shadow_write = imsaka_tls_traffic_create(suites[s], k->pcscf, k->len,
												  true),
	};
	return c->ue && c->pcscf && c->shadow_read && c->shadow_write;
}

static void conn_free(conn_t *c)
{
	if (c->ue)
	{
		c->ue->destroy(c->ue);
	}
	if (c->pcscf)
	{
		c->pcscf->destroy(c->pcscf);
	}
	if (c->shadow_read)
	{
		c->shadow_read->destroy(c->shadow_read);
	}
	if (c->shadow_write)
	{
		c->shadow_write->destroy(c->shadow_write);
	}
}

/** a growing byte buffer */
typedef struct {
	uint8_t *buf;
	size_t len, size;
	/** start of the last record added */
	size_t last;
} stream_t;

static uint8_t *stream_room(stream_t *s, size_t n)
{
	if (!s->buf || s->len + n > s->size)
	{
		s->size = s->len + n + 4096;
		s->buf = realloc(s->buf, s->size);
		CHECK(s->buf, "out of memory");
	}
	return s->buf + s->len;
}

/** the reference header check: whole record length, 0 if refused */
static size_t header_ok(const uint8_t *h)
{
	size_t length = (h[3] << 8) | h[4];

	if (h[0] != IMSAKA_TLS_CT_APPLICATION_DATA || h[1] != 3 || h[2] != 3 ||
		length > IMSAKA_TLS_MAX_CIPHERTEXT || length < 1 + IMSAKA_TLS_TAG_LEN)
	{
		return 0;
	}
	return IMSAKA_TLS_HEADER_LEN + length;
}

/** hand records of a buffer of whole records to the pcscf side */
static void pcscf_open_all(conn_t *c, uint8_t *buf, size_t len,
						   const uint8_t *want, size_t want_len)
{
	imsaka_tls_plain_t plain;
	imsaka_tls_err_t err;
	size_t n;
	bool got = false;

	while (len)
	{
		CHECK(len >= IMSAKA_TLS_HEADER_LEN, "seal() wrote a cut record");
		n = header_ok(buf);
		CHECK(n && n <= len, "seal() wrote a bad header");
		err = c->pcscf->open(c->pcscf, buf, n, &plain);
		CHECK(err == IMSAKA_TLS_OK, "peer cannot open an echoed record: %s",
			  imsaka_tls_strerror(err));
		if (plain.type == IMSAKA_TLS_CT_APPLICATION_DATA)
		{
			CHECK(!got && plain.len == want_len &&
				  (!want_len || !memcmp(plain.data, want, want_len)),
				  "echoed data differs");
			got = true;
		}
		else
		{
			CHECK(plain.type == IMSAKA_TLS_CT_HANDSHAKE && !got,
				  "seal() wrote a record of type %u", plain.type);
		}
		buf += n;
		len -= n;
	}
	CHECK(got, "seal() wrote no application data");
}

/** open one record handed out by the reader and check it */
static void open_record(conn_t *c, uint8_t *record, size_t len)
{
	static uint8_t orig[IMSAKA_TLS_MAX_RECORD], copy[IMSAKA_TLS_MAX_RECORD];
	static uint8_t again[IMSAKA_TLS_MAX_RECORD + 64];
	static uint8_t data[IMSAKA_TLS_MAX_PLAINTEXT];
	static uint8_t echo[IMSAKA_TLS_SEAL_SIZE(IMSAKA_TLS_MAX_PLAINTEXT, 0)];
	imsaka_tls_traffic_t *read = c->ue->get_read(c->ue);
	imsaka_tls_plain_t plain;
	imsaka_tls_err_t err, shadow_err;
	uint8_t type = 0, *shadow_data = NULL;
	size_t shadow_len = 0, again_len, echo_len;
	uint64_t seq;

	CHECK(len <= IMSAKA_TLS_MAX_RECORD, "reader handed out %zu bytes", len);
	memcpy(orig, record, len);
	memcpy(copy, record, len);
	seq = read->get_seq(read);
	CHECK(seq == c->shadow_read->get_seq(c->shadow_read),
		  "read sequence numbers differ");
	shadow_err = c->shadow_read->open(c->shadow_read, copy, len, &type,
									  &shadow_data, &shadow_len);
	err = c->ue->open(c->ue, record, len, &plain);
	if (verbose)
	{
		fprintf(stderr, "record of %zu bytes at seq %llu: %s, type %u, "
				"%zu bytes of data\n", len, (unsigned long long)seq,
				imsaka_tls_strerror(err), plain.type, plain.len);
	}

	if (shadow_err == IMSAKA_TLS_OK)
	{
		/* authenticated: the same content re-seals to the same bytes */
		CHECK(len >= IMSAKA_TLS_OVERHEAD + shadow_len, "content too long");
		c->shadow_write->set_seq(c->shadow_write, seq);
		CHECK(c->shadow_write->seal(c->shadow_write, type, shadow_data,
						shadow_len, len - IMSAKA_TLS_OVERHEAD - shadow_len,
						again, sizeof(again), &again_len) == IMSAKA_TLS_OK,
			  "accepted record does not re-seal");
		CHECK(again_len == len && !memcmp(again, orig, len),
			  "record re-sealed at seq %llu differs", (unsigned long long)seq);
	}
	else
	{
		CHECK(err != IMSAKA_TLS_OK && err != IMSAKA_TLS_CLOSED,
			  "open() accepted what the traffic layer refused (%s)",
			  imsaka_tls_strerror(shadow_err));
	}
	if (err != IMSAKA_TLS_OK)
	{
		c->done = true;
		return;
	}
	switch (plain.type)
	{
		case IMSAKA_TLS_CT_APPLICATION_DATA:
			CHECK(type == plain.type && plain.len == shadow_len &&
				  (!plain.len || !memcmp(plain.data, shadow_data, plain.len)),
				  "application data differs from the second read side");
			CHECK(!plain.len || (plain.data >= record &&
				  plain.data + plain.len <= record + len),
				  "application data outside the record");
			/* echo it: seal() answers an update_requested first */
			memcpy(data, plain.data, plain.len);
			err = c->ue->seal(c->ue, data, plain.len, 0, echo, sizeof(echo),
							  &echo_len);
			if (err == IMSAKA_TLS_OK)
			{
				pcscf_open_all(c, echo, echo_len, data, plain.len);
			}
			else
			{	/* after close_notify of our own nothing else may fail */
				CHECK(err == IMSAKA_TLS_ERR_CLOSED, "echo failed: %s",
					  imsaka_tls_strerror(err));
			}
			break;
		case IMSAKA_TLS_CT_HANDSHAKE:
			/* a KeyUpdate was taken: follow it */
			CHECK(read->get_seq(read) == 0, "KeyUpdate kept the sequence");
			CHECK(c->shadow_read->update(c->shadow_read) &&
				  c->shadow_write->update(c->shadow_write), "update failed");
			break;
		case IMSAKA_TLS_CT_ALERT:
			CHECK(plain.alert == IMSAKA_TLS_ALERT_USER_CANCELED,
				  "alert %u accepted", plain.alert);
			break;
		default:
			CHECK(0, "open() accepted content type %u", plain.type);
	}
}

/** a small PRNG for the chunk sizes */
static uint32_t next_rand(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static size_t chunk_size(int how, uint32_t *state, size_t left)
{
	size_t n;

	switch (how)
	{
		case 0:		/* byte by byte, up to a few records' worth */
			n = left > 1024 ? 1 + next_rand(state) % 300 : 1;
			break;
		case 1:
			n = 1 + next_rand(state) % 8;
			break;
		case 2:
			n = 1 + next_rand(state) % 300;
			break;
		case 3:
			n = 1 + next_rand(state) % 20000;
			break;
		case 4:
			n = (next_rand(state) & 1) ? IMSAKA_TLS_HEADER_LEN : 1;
			break;
		default:
			n = left;
			break;
	}
	return n < left ? n : left;
}

/** feed a stream in chunks through the reader and the record layer */
static void feed(conn_t *c, const uint8_t *stream, size_t total, int how,
				 uint32_t seed)
{
	imsaka_tls_reader_t *reader = imsaka_tls_reader_create();
	uint8_t *chunk, *data, *record;
	size_t off = 0, pos = 0, n, len, record_len, want;
	imsaka_tls_err_t err;
	uint32_t state = seed | 1;
	bool broken = false;

	CHECK(reader, "no reader");
	while (pos < total && !broken)
	{
		n = chunk_size(how, &state, total - pos);
		/* a buffer of its own, so reads beyond the chunk are caught */
		chunk = malloc(n);
		memcpy(chunk, stream + pos, n);
		data = chunk;
		len = n;
		pos += n;
		while (true)
		{
			err = reader->read(reader, &data, &len, &record, &record_len);
			if (err == IMSAKA_TLS_AGAIN)
			{
				CHECK(len == 0, "AGAIN with %zu bytes left", len);
				CHECK(reader->pending(reader) == pos - off,
					  "pending %zu, not %zu", reader->pending(reader),
					  pos - off);
				break;
			}
			if (err != IMSAKA_TLS_OK)
			{
				CHECK(total - off >= IMSAKA_TLS_HEADER_LEN &&
					  !header_ok(stream + off), "good header refused: %s",
					  imsaka_tls_strerror(err));
				CHECK(reader->read(reader, &data, &len, &record,
								   &record_len) == IMSAKA_TLS_ERR_BROKEN,
					  "reader not broken after a bad header");
				broken = true;
				break;
			}
			want = header_ok(stream + off);
			CHECK(want && record_len == want && off + want <= pos &&
				  !memcmp(record, stream + off, want),
				  "reader handed out a record not in the stream at %zu", off);
			CHECK((size_t)(data - chunk) + len == n, "input pointer off");
			off += want;
			if (!c->done)
			{
				open_record(c, record, record_len);
			}
		}
		free(chunk);
	}
	if (!broken)
	{	/* a bad header is refused once its 5 bytes are in */
		CHECK(total - off < IMSAKA_TLS_HEADER_LEN || header_ok(stream + off),
			  "bad header at %zu not refused", off);
	}
	reader->destroy(reader);
}

/** a length byte: small values as they are, large ones in steps */
static size_t size_of(uint8_t b)
{
	return b < 200 ? b : (size_t)(b - 200) * 300;
}

/** take n bytes of input, or fewer if it ends */
static const uint8_t *take(const uint8_t **in, size_t *left, size_t *n)
{
	const uint8_t *p = *in;

	if (*n > *left)
	{
		*n = *left;
	}
	*in += *n;
	*left -= *n;
	return p;
}

static uint8_t take_byte(const uint8_t **in, size_t *left)
{
	size_t one = 1;
	const uint8_t *p = take(in, left, &one);

	return one ? *p : 0;
}

/** build the stream from the peer's operations */
static void build(conn_t *c, stream_t *s, const uint8_t *in, size_t left)
{
	static uint8_t content[IMSAKA_TLS_MAX_PLAINTEXT + 600];
	imsaka_tls_traffic_t *write = c->pcscf->get_write(c->pcscf);
	const uint8_t *src;
	size_t n, padding, have, out_len, room;
	imsaka_tls_err_t err = IMSAKA_TLS_OK;
	uint8_t op, type, b;

	while (left && s->len < MAX_STREAM)
	{
		op = take_byte(&in, &left);
		out_len = 0;
		switch (op % 8)
		{
			case 0:		/* application data */
			case 1:		/* any inner content type */
				type = op % 8 ? take_byte(&in, &left)
							  : IMSAKA_TLS_CT_APPLICATION_DATA;
				n = size_of(take_byte(&in, &left));
				padding = size_of(take_byte(&in, &left));
				if (n > sizeof(content))
				{
					n = sizeof(content);
				}
				have = n;
				src = take(&in, &left, &have);
				memcpy(content, src, have);
				memset(content + have, 'x', n - have);
				room = IMSAKA_TLS_SEAL_SIZE(n, padding);
				if (op % 8)
				{
					err = write->seal(write, type, content, n, padding,
									  stream_room(s, room), room, &out_len);
				}
				else
				{
					err = c->pcscf->seal(c->pcscf, content, n, padding,
										 stream_room(s, room), room, &out_len);
				}
				break;
			case 2:		/* KeyUpdate, update_requested or not */
				err = c->pcscf->key_update(c->pcscf,
										   take_byte(&in, &left) & 1,
										   stream_room(s, 64), 64, &out_len);
				break;
			case 3:		/* alert */
				err = c->pcscf->seal_alert(c->pcscf, take_byte(&in, &left),
										   stream_room(s, 128), 128, &out_len);
				break;
			case 4:		/* flip a bit of the last record */
				b = take_byte(&in, &left);
				if (s->len > s->last)
				{
					n = s->last + (b >> 3) % (s->len - s->last);
					s->buf[n] ^= 1 << (b & 7);
				}
				continue;
			case 5:		/* raw bytes */
				n = size_of(take_byte(&in, &left));
				src = take(&in, &left, &n);
				memcpy(stream_room(s, n), src, n);
				s->last = s->len;
				s->len += n;
				continue;
			case 6:		/* the peer updates by itself every n records */
				c->pcscf->set_update_limit(c->pcscf,
										   1 + take_byte(&in, &left) % 4);
				continue;
			default:	/* a KeyUpdate the peer did not switch after */
				n = 0;
				err = write->seal(write, IMSAKA_TLS_CT_HANDSHAKE,
								  (const uint8_t[]){ 24, 0, 0, 1,
													 take_byte(&in, &left) },
								  5, 0, stream_room(s, 64), 64, &out_len);
				break;
		}
		if (err == IMSAKA_TLS_OK && out_len)
		{
			s->last = s->len;
			s->len += out_len;
		}
		else if (err != IMSAKA_TLS_OK && err != IMSAKA_TLS_ERR_TOO_LONG)
		{
			return;	/* the peer closed or broke its side */
		}
	}
}

static void write_seeds(const char *dir)
{
	static const char *texts[] = {
		"REGISTER sip:ims.example.net SIP/2.0\r\nContent-Length: 0\r\n\r\n",
		"",
		"SIP/2.0 200 OK\r\n\r\n",
	};
	uint8_t buf[4096];
	size_t len, n, i;
	char name[512];
	conn_t c;
	FILE *f;
	int s;

	for (s = 0; s < 3; s++)
	{
		CHECK(conn_init(&c, s), "no connection");
		len = 0;
		buf[len++] = s;			/* raw mode, suite s, whole chunks */
		buf[len++] = 0;
		buf[0] |= 5 << 3;
		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		{
			CHECK(c.pcscf->seal(c.pcscf, (const uint8_t*)texts[i],
								strlen(texts[i]), i * 7, buf + len,
								sizeof(buf) - len, &n) == IMSAKA_TLS_OK,
				  "seal");
			len += n;
		}
		CHECK(c.pcscf->key_update(c.pcscf, true, buf + len, sizeof(buf) - len,
								  &n) == IMSAKA_TLS_OK, "key update");
		len += n;
		CHECK(c.pcscf->seal(c.pcscf, (const uint8_t*)texts[0],
							strlen(texts[0]), 0, buf + len, sizeof(buf) - len,
							&n) == IMSAKA_TLS_OK, "seal");
		len += n;
		CHECK(c.pcscf->seal_alert(c.pcscf, IMSAKA_TLS_ALERT_CLOSE_NOTIFY,
								  buf + len, sizeof(buf) - len, &n) ==
			  IMSAKA_TLS_OK, "alert");
		len += n;
		snprintf(name, sizeof(name), "%s/raw-%04x", dir, suites[s]);
		f = fopen(name, "wb");
		CHECK(f && fwrite(buf, 1, len, f) == len && !fclose(f), "%s", name);
		conn_free(&c);
	}
	exit(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t ck[16] = {
		0xb4, 0x0b, 0xa9, 0xa3, 0xc5, 0x8b, 0x2a, 0x05,
		0xbb, 0xf0, 0xd9, 0x87, 0xb2, 0x1b, 0xf8, 0xcb };
	static const uint8_t ik[16] = {
		0xf7, 0x69, 0xbc, 0xd7, 0x51, 0x04, 0x46, 0x04,
		0x12, 0x76, 0x72, 0x71, 0x1c, 0x6d, 0x34, 0x41 };
	static const uint8_t sid[16] = "fuzz-session-id";
	int s;

	for (s = 0; s < 4; s++)
	{
		CHECK(imsaka_tls_aka_keys(ck, ik, suites[s], sid, sizeof(sid),
								  &secrets[s]), "no keys for suite %d", s);
	}
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	if (getenv("FUZZ_TLS_WRITE_SEEDS"))
	{
		write_seeds(getenv("FUZZ_TLS_WRITE_SEEDS"));
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stream_t s = { 0 };
	conn_t c;
	int how;

	if (size < 2)
	{
		return 0;
	}
	how = (data[0] >> 3) & 7;
	if (conn_init(&c, data[0] & 3))
	{
		if (data[0] & 4)
		{
			build(&c, &s, data + 2, size - 2);
			feed(&c, s.buf, s.len, how, data[1] * 2654435761u);
		}
		else
		{
			feed(&c, data + 2, size - 2, how, data[1] * 2654435761u);
		}
	}
	free(s.buf);
	conn_free(&c);
	return 0;
}

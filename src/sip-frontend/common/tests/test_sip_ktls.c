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

#include "frontend_tests.h"
#include "transport_test.h"

#include <sip_ktls.h>

#include <library.h>
#include <tls_record.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/**
 * Hex to bytes, for the vectors
 */
static size_t unhex(const char *hex, uint8_t *out, size_t size)
{
	size_t i, len = strlen(hex) / 2;
	unsigned int v;

	ck_assert_uint_le(len, size);
	for (i = 0; i < len; i++)
	{
		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = v;
	}
	return len;
}

/**
 * The docs/TLS-AKA.md section 5 vectors: the UE's traffic secret and its
 * key and IV, and the crypto_info the kernel must get for them with
 * rec_seq 0x0102030405060708 (x86-64: version and cipher_type little-endian)
 */
static const struct {
	uint16_t suite;
	const char *secret;
	const char *key;
	const char *iv;
	const char *info;
} vectors[] = {
	{ 0x1301,
	  "d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d",
	  "0c18dc34a2411e065cbc7a9a87fe2a8e",
	  "51a95d57ace69498f06ca46a",
	  /* version 0x0304, cipher 51, iv = IV[4..11], key, salt = IV[0..3],
	   * rec_seq */
	  "0403" "3300" "ace69498f06ca46a" "0c18dc34a2411e065cbc7a9a87fe2a8e"
	  "51a95d57" "0102030405060708" },
	{ 0x1302,
	  "ccdf969bf0dab5e5fe56e73670542b7406a979c4f80ee10fbe8c297db9a2e05a"
	  "99109bbe91809bd7254383757e784b2d",
	  "324884d4c35ad9ec7440df5e83906b77d7a7785ff76753b5c0d0ca44a49426b1",
	  "563d54dda99139ae68e4c874",
	  "0403" "3400" "a99139ae68e4c874"
	  "324884d4c35ad9ec7440df5e83906b77d7a7785ff76753b5c0d0ca44a49426b1"
	  "563d54dd" "0102030405060708" },
	{ 0x1303,
	  "520ec35d4c692b5d2a59ed7dc8a7cfbddd969cba729d1ef1d7145cd2d0e1f5ae",
	  "d0e2d75c1c5d124c066bcd2987dc6201dabfdc2776c061dba7fa2889ee4cf374",
	  "128434b9ea2ba8d05ebd15f1",
	  /* cipher 54: iv = the whole IV, no salt */
	  "0403" "3600" "128434b9ea2ba8d05ebd15f1"
	  "d0e2d75c1c5d124c066bcd2987dc6201dabfdc2776c061dba7fa2889ee4cf374"
	  "0102030405060708" },
};

static sip_ktls_keys_t vector_keys(int i)
{
	sip_ktls_keys_t keys;
	uint8_t secret[48];
	size_t len;

	len = unhex(vectors[i].secret, secret, sizeof(secret));
	ck_assert(sip_ktls_keys_derive(vectors[i].suite, secret, len,
								   0x0102030405060708ULL, &keys));
	return keys;
}

/**
 * Key and IV from the traffic secret, as TLS 1.3 (RFC 8446 7.3)
 */
START_TEST(test_keys_derive)
{
	sip_ktls_keys_t keys;
	uint8_t key[32], iv[12], secret[48];
	size_t key_len, len;

	keys = vector_keys(_i);
	key_len = unhex(vectors[_i].key, key, sizeof(key));
	unhex(vectors[_i].iv, iv, sizeof(iv));
	ck_assert_uint_eq(keys.suite, vectors[_i].suite);
	ck_assert_uint_eq(keys.key_len, key_len);
	ck_assert(memeq(keys.key, key, key_len));
	ck_assert(memeq(keys.iv, iv, sizeof(iv)));
	ck_assert(keys.seq == 0x0102030405060708ULL);

	/* a secret of the wrong length, an unknown suite */
	len = unhex(vectors[_i].secret, secret, sizeof(secret));
	ck_assert(!sip_ktls_keys_derive(vectors[_i].suite, secret, len - 1, 0,
									&keys));
	ck_assert(!sip_ktls_keys_derive(0x1304, secret, 32, 0, &keys));
}
END_TEST

/**
 * The crypto_info byte for byte against the layout the kernel expects
 */
START_TEST(test_crypto_info_layout)
{
	sip_ktls_crypto_info_t info;
	sip_ktls_keys_t keys;
	uint8_t expected[64];
	socklen_t len;
	size_t n;

	keys = vector_keys(_i);
	n = unhex(vectors[_i].info, expected, sizeof(expected));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	{	/* the two __u16 in host order */
		uint8_t cipher = expected[2];

		expected[0] = 0x03;
		expected[1] = 0x04;
		expected[2] = 0x00;
		expected[3] = cipher;
	}
#endif
	ck_assert(sip_ktls_crypto_info(&keys, &info, &len));
	ck_assert_uint_eq(len, n);
	ck_assert(memeq(&info, expected, n));

	/* a key of another length than the suite's, a suite without layout */
	keys.key_len = keys.key_len == 16 ? 32 : 16;
	ck_assert(!sip_ktls_crypto_info(&keys, &info, &len));
	keys = vector_keys(_i);
	keys.suite = 0x1304;
	ck_assert(!sip_ktls_crypto_info(&keys, &info, &len));
}
END_TEST

/**
 * A setsockopt() that records the calls and fails as told
 */
static struct {
	int calls;
	int level[4], name[4];
	uint8_t value[4][64];
	socklen_t len[4];
	/** errno for call i, 0 for success */
	int fail[4];
} fake;

static int fake_setsockopt(int fd, int level, int name, const void *value,
						   socklen_t len)
{
	int i = fake.calls++;

	ck_assert_int_lt(i, 4);
	ck_assert_uint_le(len, sizeof(fake.value[i]));
	fake.level[i] = level;
	fake.name[i] = name;
	memcpy(fake.value[i], value, len);
	fake.len[i] = len;
	if (fake.fail[i])
	{
		errno = fake.fail[i];
		return -1;
	}
	return 0;
}

/**
 * A refused setsockopt() and where install stops: no ULP (ENOENT) ->
 * userspace; a suite refused for receiving -> userspace; refused for
 * sending -> kernel receive only
 */
static const struct {
	/** the call that fails, and its errno */
	int fail_at;
	int err;
	/** the level and name of the failing call */
	int level;
	int name;
	/** whether install returns an object (receiving in the kernel) */
	bool installed;
	/** the reason install gives */
	const char *reason;
} refused[] = {
	{ 0, ENOENT, IPPROTO_TCP, TCP_ULP, FALSE,
	  "TCP_ULP tls: No such file or directory" },
	{ 1, EINVAL, SOL_TLS, TLS_RX, FALSE,
	  "TLS_RX suite 1301: Invalid argument" },
	{ 2, ENOMEM, SOL_TLS, TLS_TX, TRUE,
	  "TLS_TX suite 1301: Cannot allocate memory" },
};

START_TEST(test_install_refused)
{
	sip_ktls_keys_t rx, tx;
	sip_ktls_t *ktls;
	sip_error_t err = {};

	rx = vector_keys(0);
	tx = vector_keys(0);
	memset(&fake, 0, sizeof(fake));
	fake.fail[refused[_i].fail_at] = refused[_i].err;
	ktls = sip_ktls_install(3, &rx, &tx, fake_setsockopt, &err);
	/* nothing is tried after the failing call */
	ck_assert_int_eq(fake.calls, refused[_i].fail_at + 1);
	ck_assert_int_eq(fake.level[refused[_i].fail_at], refused[_i].level);
	ck_assert_int_eq(fake.name[refused[_i].fail_at], refused[_i].name);
	ck_assert_str_eq(err.reason, refused[_i].reason);
	ck_assert_int_eq(fake.level[0], IPPROTO_TCP);
	ck_assert_str_eq((char*)fake.value[0], "tls");
	ck_assert(!ktls == !refused[_i].installed);
	if (ktls)
	{	/* the kernel receives, userspace sends: no alert from here */
		ck_assert(!ktls->has_tx(ktls));
		ck_assert(!ktls->send_alert(ktls, 0));
		ktls->destroy(ktls);
	}
}
END_TEST

/**
 * Where all is taken: both directions in the kernel, or receive only
 */
START_TEST(test_install_decision)
{
	sip_ktls_keys_t rx, tx;
	sip_ktls_crypto_info_t info;
	sip_ktls_t *ktls;
	sip_error_t err = {};
	socklen_t len;

	rx = vector_keys(0);
	tx = vector_keys(0);
	tx.seq = 7;
	tx.key[0] ^= 0xff;

	/* both: each direction gets its own keys and sequence number */
	memset(&fake, 0, sizeof(fake));
	ktls = sip_ktls_install(3, &rx, &tx, fake_setsockopt, &err);
	ck_assert(ktls);
	ck_assert(ktls->has_tx(ktls));
	ck_assert_str_eq(err.reason, "");
	ck_assert_int_eq(fake.calls, 3);
	ck_assert(sip_ktls_crypto_info(&rx, &info, &len));
	ck_assert_uint_eq(fake.len[1], len);
	ck_assert(memeq(fake.value[1], &info, len));
	ck_assert(sip_ktls_crypto_info(&tx, &info, &len));
	ck_assert_uint_eq(fake.len[2], len);
	ck_assert(memeq(fake.value[2], &info, len));
	ck_assert_int_eq(info.aes_gcm_128.rec_seq[7], 7);
	ktls->destroy(ktls);

	/* receive only asked (bytes queued at the switch) */
	memset(&fake, 0, sizeof(fake));
	ktls = sip_ktls_install(3, &rx, NULL, fake_setsockopt, &err);
	ck_assert(ktls);
	ck_assert(!ktls->has_tx(ktls));
	ck_assert_int_eq(fake.calls, 2);
	ktls->destroy(ktls);

	/* an unknown suite, and directions of different suites */
	memset(&fake, 0, sizeof(fake));
	rx.suite = 0x1304;
	ck_assert(!sip_ktls_install(3, &rx, NULL, fake_setsockopt, &err));
	tx.suite = 0x1303;
	rx.suite = 0x1301;
	ck_assert(!sip_ktls_install(3, &rx, &tx, fake_setsockopt, &err));
	ck_assert_int_eq(fake.calls, 0);
}
END_TEST

/**
 * The write key's record budget: the kernel cannot update its key
 */
START_TEST(test_record_limit)
{
	sip_ktls_keys_t keys;
	sip_ktls_t *ktls;
	sip_error_t err = {};

	keys = vector_keys(0);
	memset(&fake, 0, sizeof(fake));
	ktls = sip_ktls_install(3, &keys, &keys, fake_setsockopt, &err);
	ck_assert(ktls);
	ktls->set_record_limit(ktls, 5);
	ck_assert(ktls->sent(ktls, 100));			/* 1 */
	ck_assert(ktls->sent(ktls, 16383));		/* 2 */
	ck_assert(ktls->sent(ktls, 16384));		/* 4: 2^14 may be 2 records */
	ck_assert(!ktls->sent(ktls, 1));			/* 5: the limit */
	ktls->destroy(ktls);

	/* the cap is the suite's update threshold: 2^24 for AES-GCM */
	memset(&fake, 0, sizeof(fake));
	ktls = sip_ktls_install(3, &keys, &keys, fake_setsockopt, &err);
	ktls->set_record_limit(ktls, UINT64_MAX);
	ck_assert(ktls->sent(ktls, (size_t)SIP_KTLS_MAX_PLAINTEXT *
						 ((1 << 24) - 2)));
	ck_assert(!ktls->sent(ktls, 0));
	ktls->destroy(ktls);
}
END_TEST

/**
 * A connected TCP pair over 127.0.0.1
 */
static void tcp_pair(int fds[2])
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sin);
	int l;

	l = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(l, 0);
	ck_assert_int_eq(bind(l, (struct sockaddr*)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(l, 1), 0);
	ck_assert_int_eq(getsockname(l, (struct sockaddr*)&sin, &len), 0);
	fds[0] = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fds[0], (struct sockaddr*)&sin, sizeof(sin)), 0);
	fds[1] = accept(l, NULL, NULL);
	ck_assert_int_ge(fds[1], 0);
	close(l);
}

/**
 * On a real socket: where the kernel has no kTLS the install fails at
 * TCP_ULP and the socket is untouched; where it has (the qemu lane), the
 * kernel's records and imsaka's userspace records interoperate both ways,
 * and close_notify goes out as an alert record
 */
START_TEST(test_real_socket)
{
	uint8_t ue[48], pcscf[48], buf[2048];
	imsaka_tls_record_t *peer;
	imsaka_tls_plain_t plain;
	sip_ktls_keys_t rx, tx;
	sip_ktls_t *ktls;
	size_t len, secret_len;
	uint8_t type;
	sip_error_t err = {};
	int fds[2], i;

	secret_len = vectors[_i].suite == 0x1302 ? 48 : 32;
	for (i = 0; i < 48; i++)
	{
		ue[i] = i;
		pcscf[i] = 0x80 | i;
	}
	tcp_pair(fds);
	/* fds[0] is the UE: reads with the P-CSCF's secret */
	ck_assert(sip_ktls_keys_derive(vectors[_i].suite, pcscf, secret_len, 0,
								   &rx));
	ck_assert(sip_ktls_keys_derive(vectors[_i].suite, ue, secret_len, 0,
								   &tx));
	ktls = sip_ktls_install(fds[0], &rx, &tx, NULL, &err);
	if (!ktls)
	{	/* no kTLS here: the socket still carries plain bytes */
		ck_assert_msg(strpfx(err.reason, "TCP_ULP tls: "), "%s", err.reason);
		ck_assert_int_eq(send(fds[0], "plain", 5, 0), 5);
		ck_assert_int_eq(recv(fds[1], buf, sizeof(buf), 0), 5);
		ck_assert(memeq(buf, "plain", 5));
		fprintf(stderr, "test_real_socket: no kTLS (%s): userspace path\n",
				err.reason);
		close(fds[0]);
		close(fds[1]);
		return;
	}
	ck_assert_msg(ktls->has_tx(ktls), "%s", err.reason);
	peer = imsaka_tls_record_create(vectors[_i].suite, pcscf, ue, secret_len);
	ck_assert(peer);

	/* the kernel's record, opened by imsaka */
	ck_assert_int_eq(send(fds[0], "SIP/2.0 200 OK", 14, 0), 14);
	len = transport_test_read_record(fds[1], buf, sizeof(buf));
	ck_assert_int_eq(buf[0], 23);
	ck_assert(peer->open(peer, buf, len, &plain) == IMSAKA_TLS_OK);
	ck_assert_int_eq(plain.type, IMSAKA_TLS_CT_APPLICATION_DATA);
	ck_assert_uint_eq(plain.len, 14);
	ck_assert(memeq(plain.data, "SIP/2.0 200 OK", 14));

	/* imsaka's records (one padded), opened by the kernel */
	for (i = 0; i < 2; i++)
	{
		ck_assert(peer->seal(peer, (const uint8_t*)"REGISTER", 8, i * 100,
							 buf, sizeof(buf), &len) == IMSAKA_TLS_OK);
		ck_assert_int_eq(write(fds[1], buf, len), (ssize_t)len);
		memset(buf, 0, sizeof(buf));
		ck_assert_int_eq(ktls->recv(ktls, buf, sizeof(buf), &type), 8);
		ck_assert_int_eq(type, SIP_KTLS_CT_APPLICATION_DATA);
		ck_assert(memeq(buf, "REGISTER", 8));
	}

	/* an alert record from imsaka comes with its type */
	ck_assert(peer->seal_alert(peer, 0, buf, sizeof(buf), &len) ==
			  IMSAKA_TLS_OK);
	ck_assert_int_eq(write(fds[1], buf, len), (ssize_t)len);
	ck_assert_int_eq(ktls->recv(ktls, buf, sizeof(buf), &type), 2);
	ck_assert_int_eq(type, SIP_KTLS_CT_ALERT);
	ck_assert_int_eq(buf[1], 0);

	/* close_notify from the kernel, once */
	ck_assert(ktls->send_alert(ktls, 0));
	ck_assert(!ktls->send_alert(ktls, 0));
	len = transport_test_read_record(fds[1], buf, sizeof(buf));
	ck_assert(peer->open(peer, buf, len, &plain) == IMSAKA_TLS_CLOSED);

	peer->destroy(peer);
	ktls->destroy(ktls);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/**
 * On a real socket with kTLS: a tampered record is refused (EBADMSG), and
 * the bad_record_mac alert still reaches the peer before the connection
 * closes with the bad record unread
 */
START_TEST(test_real_socket_tamper)
{
	uint8_t ue[48], pcscf[48], buf[2048];
	imsaka_tls_record_t *peer;
	imsaka_tls_plain_t plain;
	sip_ktls_keys_t rx, tx;
	sip_ktls_t *ktls;
	size_t len;
	uint8_t type;
	sip_error_t err = {};
	int fds[2], i;

	for (i = 0; i < 32; i++)
	{
		ue[i] = i;
		pcscf[i] = 0x80 | i;
	}
	tcp_pair(fds);
	ck_assert(sip_ktls_keys_derive(0x1301, pcscf, 32, 0, &rx));
	ck_assert(sip_ktls_keys_derive(0x1301, ue, 32, 0, &tx));
	ktls = sip_ktls_install(fds[0], &rx, &tx, NULL, &err);
	if (!ktls)
	{
		ck_assert_msg(strpfx(err.reason, "TCP_ULP tls: "), "%s", err.reason);
		close(fds[0]);
		close(fds[1]);
		return;
	}
	peer = imsaka_tls_record_create(0x1301, pcscf, ue, 32);
	ck_assert(peer);
	ck_assert(peer->seal(peer, (const uint8_t*)"REGISTER", 8, 0, buf,
						 sizeof(buf), &len) == IMSAKA_TLS_OK);
	buf[len - 1] ^= 0x01;
	ck_assert_int_eq(write(fds[1], buf, len), (ssize_t)len);
	errno = 0;
	ck_assert_int_eq(ktls->recv(ktls, buf, sizeof(buf), &type), -1);
	ck_assert_msg(errno == EBADMSG, "recv: %s", strerror(errno));
	errno = 0;
	ck_assert_msg(ktls->send_alert(ktls, 20), "send_alert: %s",
				  strerror(errno));
	ck_assert(!ktls->send_alert(ktls, 0));
	close(fds[0]);
	len = transport_test_read_record(fds[1], buf, sizeof(buf));
	ck_assert(peer->open(peer, buf, len, &plain) == IMSAKA_TLS_ERR_PEER_ALERT);
	ck_assert_int_eq(plain.alert, 20);
	peer->destroy(peer);
	ktls->destroy(ktls);
	close(fds[1]);
}
END_TEST

Suite *sip_ktls_suite_create(void)
{
	Suite *s = suite_create("sip_ktls");
	TCase *tc;

	tc = tcase_create("keys");
	tcase_add_loop_test(tc, test_keys_derive, 0, countof(vectors));
	tcase_add_loop_test(tc, test_crypto_info_layout, 0, countof(vectors));
	suite_add_tcase(s, tc);

	tc = tcase_create("install");
	tcase_add_loop_test(tc, test_install_refused, 0, countof(refused));
	tcase_add_test(tc, test_install_decision);
	tcase_add_test(tc, test_record_limit);
	tcase_add_loop_test(tc, test_real_socket, 0, countof(vectors));
	tcase_add_test(tc, test_real_socket_tamper);
	suite_add_tcase(s, tc);
	return s;
}

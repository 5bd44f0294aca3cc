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
 * tls-aka key schedule (tls_aka_keys.h, docs/TLS-AKA.md) and TLS 1.3
 * HKDF-Expand-Label (tls_hkdf.h).
 *
 * Vectors: CK and IK of TS 35.207 Milenage test set 1, sid 5ee5510b2c7a8d3f;
 * expected values computed independently with Python's hmac/hashlib
 * (the reference script in docs/TLS-AKA.md). HKDF-Expand-Label is also
 * checked against RFC 8448 section 3 (server handshake write key and IV),
 * and HKDF-Extract and HKDF-Expand-Label against OpenSSL's EVP_KDF "HKDF"
 * and "TLS13-KDF" for SHA-256, SHA-384 and SHA-512 and many lengths.
 */

#include "tests.h"
#include "test_vectors.h"

#include <hex.h>
#include <tls_aka_keys.h>
#include <tls_hkdf.h>

#include <string.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

static const char ck_hex[] = "b40ba9a3c58b2a05bbf0d987b21bf8cb";
static const char ik_hex[] = "f769bcd751044604127672711c6d3441";
static const char sid_hex[] = "5ee5510b2c7a8d3f";

/**
 * Expected secrets per suite, and the key and IV of each direction.
 */
static const struct {
	uint16_t suite;
	const char *ue;
	const char *pcscf;
	const char *ue_key, *ue_iv;
	const char *pcscf_key, *pcscf_iv;
} vectors[] = {
	{ 0x1301,
	  "d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d",
	  "663c4452cbe3ea9595c9c6d8aae31094f2b3581dd23b19a651ce4f95d279d911",
	  "0c18dc34a2411e065cbc7a9a87fe2a8e", "51a95d57ace69498f06ca46a",
	  "4f00c2b9df15379bbf674ee66a5fdd77", "acd16675a68e2450817f32ca" },
	{ 0x1302,
	  "ccdf969bf0dab5e5fe56e73670542b7406a979c4f80ee10fbe8c297db9a2e05a"
	  "99109bbe91809bd7254383757e784b2d",
	  "138af9ad07e162323cc93c7e0379a9b999925b8eefa26489c9050ff8bf68f566"
	  "9b747dba96a7e2d9f8e7d76e261a7b99",
	  "324884d4c35ad9ec7440df5e83906b77d7a7785ff76753b5c0d0ca44a49426b1",
	  "563d54dda99139ae68e4c874",
	  "e22803a0f3df7d69beb0d9bc70f3a1bee70dae15f6b9c6b0a4e1b4deeacbab99",
	  "7df481b46da7c215ab264c86" },
	{ 0x1303,
	  "520ec35d4c692b5d2a59ed7dc8a7cfbddd969cba729d1ef1d7145cd2d0e1f5ae",
	  "d789bfc0a96db8b804dcb9f13691752030b731867fc61ae9a0bc5e91a5c34981",
	  "d0e2d75c1c5d124c066bcd2987dc6201dabfdc2776c061dba7fa2889ee4cf374",
	  "128434b9ea2ba8d05ebd15f1",
	  "7646dc0cfc5ce7e1da6b012522fe43bbdc05c660bd51a2d9ddbb0fcdf02e81a0",
	  "f5ecc42e38c55a951f6edc82" },
};

START_TEST(test_tls_aka_vectors)
{
	imsaka_tls_aka_secrets_t s;
	uint8_t ck[16], ik[16], sid[8], exp[48], got[48];
	const char *digest;
	size_t key_len;

	test_hex(ck_hex, ck, sizeof(ck));
	test_hex(ik_hex, ik, sizeof(ik));
	test_hex(sid_hex, sid, sizeof(sid));
	ck_assert(imsaka_tls_aka_keys(ck, ik, vectors[_i].suite, sid, sizeof(sid),
								  &s));
	ck_assert_ptr_eq(s.suite, imsaka_tls_suite_get(vectors[_i].suite));
	ck_assert_uint_eq(s.len, strlen(vectors[_i].ue) / 2);
	test_hex(vectors[_i].ue, exp, s.len);
	ck_assert_bytes(s.ue, exp, s.len, "ue ap traffic");
	test_hex(vectors[_i].pcscf, exp, s.len);
	ck_assert_bytes(s.pcscf, exp, s.len, "pcscf ap traffic");

	/* key and IV of each direction, as TLS 1.3 derives them */
	digest = s.suite->digest;
	key_len = s.suite->key_len;
	ck_assert(imsaka_tls_hkdf_expand_label(digest, s.ue, s.len, "key", NULL,
										   0, got, key_len));
	test_hex(vectors[_i].ue_key, exp, key_len);
	ck_assert_bytes(got, exp, key_len, "ue key");
	ck_assert(imsaka_tls_hkdf_expand_label(digest, s.ue, s.len, "iv", NULL,
										   0, got, 12));
	test_hex(vectors[_i].ue_iv, exp, 12);
	ck_assert_bytes(got, exp, 12, "ue iv");
	ck_assert(imsaka_tls_hkdf_expand_label(digest, s.pcscf, s.len, "key",
										   NULL, 0, got, key_len));
	test_hex(vectors[_i].pcscf_key, exp, key_len);
	ck_assert_bytes(got, exp, key_len, "pcscf key");
	ck_assert(imsaka_tls_hkdf_expand_label(digest, s.pcscf, s.len, "iv",
										   NULL, 0, got, 12));
	test_hex(vectors[_i].pcscf_iv, exp, 12);
	ck_assert_bytes(got, exp, 12, "pcscf iv");

	imsaka_tls_aka_secrets_wipe(&s);
	ck_assert_ptr_eq(s.suite, NULL);
	ck_assert_uint_eq(s.ue[0] | s.pcscf[0] | s.len, 0);
}
END_TEST

START_TEST(test_tls_aka_bound)
{
	imsaka_tls_aka_secrets_t a, b;
	uint8_t ck[16], ik[16], sid[8];

	test_hex(ck_hex, ck, sizeof(ck));
	test_hex(ik_hex, ik, sizeof(ik));
	test_hex(sid_hex, sid, sizeof(sid));
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, sizeof(sid), &a));
	/* another sid, a shorter sid, another suite of the same hash, another
	 * CK: each gives other secrets */
	sid[7] ^= 1;
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, sizeof(sid), &b));
	ck_assert(memcmp(a.ue, b.ue, 32) != 0);
	sid[7] ^= 1;
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, 7, &b));
	ck_assert(memcmp(a.ue, b.ue, 32) != 0);
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1303, sid, sizeof(sid), &b));
	ck_assert(memcmp(a.ue, b.ue, 32) != 0);
	ck[0] ^= 1;
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, sizeof(sid), &b));
	ck_assert(memcmp(a.ue, b.ue, 32) != 0);
	/* the two directions differ */
	ck_assert(memcmp(a.ue, a.pcscf, 32) != 0);
}
END_TEST

START_TEST(test_tls_aka_refused)
{
	imsaka_tls_aka_secrets_t s;
	uint8_t ck[16] = { 1 }, ik[16] = { 2 }, sid[33] = { 3 };

	memset(&s, 0x55, sizeof(s));
	ck_assert(!imsaka_tls_aka_keys(ck, ik, 0x1304, sid, 8, &s));
	ck_assert(s.suite == NULL && s.len == 0 && s.ue[0] == 0);
	ck_assert(!imsaka_tls_aka_keys(ck, ik, 0x00a8, sid, 8, &s));
	ck_assert(!imsaka_tls_aka_keys(ck, ik, 0x1301, sid, 0, &s));
	ck_assert(!imsaka_tls_aka_keys(ck, ik, 0x1301, NULL, 8, &s));
	ck_assert(!imsaka_tls_aka_keys(ck, ik, 0x1301, sid, 33, &s));
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, 32, &s));
	ck_assert(imsaka_tls_aka_keys(ck, ik, 0x1301, sid, 1, &s));
}
END_TEST

START_TEST(test_hkdf_rfc8448)
{
	/* RFC 8448 section 3, "{server} derive write traffic keys for
	 * handshake data" */
	uint8_t prk[32], exp[16], out[16];

	test_hex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",
			 prk, sizeof(prk));
	ck_assert(imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "key", NULL, 0,
										   out, 16));
	test_hex("3fce516009c21727d0f2e4e86ee403bc", exp, 16);
	ck_assert_bytes(out, exp, 16, "key");
	ck_assert(imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "iv", NULL, 0,
										   out, 12));
	test_hex("5d313eb2671276ee13000b30", exp, 12);
	ck_assert_bytes(out, exp, 12, "iv");
}
END_TEST

START_TEST(test_hkdf_bounds)
{
	uint8_t prk[32] = { 0 }, out[64], ctx[256] = { 0 };
	char label[251];

	memset(label, 'a', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	/* a label of 250 + "tls13 " no longer fits in one length byte */
	ck_assert(!imsaka_tls_hkdf_expand_label("SHA256", prk, 32, label, NULL, 0,
											out, 16));
	label[249] = '\0';
	ck_assert(imsaka_tls_hkdf_expand_label("SHA256", prk, 32, label, NULL, 0,
										   out, 16));
	ck_assert(!imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "", NULL, 0,
											out, 16));
	ck_assert(!imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "key", ctx, 256,
											out, 16));
	ck_assert(imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "key", ctx, 255,
										   out, 16));
	ck_assert(!imsaka_tls_hkdf_expand_label("SHA256", prk, 32, "key", NULL, 0,
											out, 0));
	ck_assert(!imsaka_tls_hkdf_expand_label("NOSUCHHASH", prk, 32, "key",
											NULL, 0, out, 16));
	/* extract wants exactly Hash.length */
	ck_assert(!imsaka_tls_hkdf_extract("SHA384", NULL, 0, prk, 32, out, 32));
	ck_assert(imsaka_tls_hkdf_extract("SHA384", NULL, 0, prk, 32, out, 48));
}
END_TEST

/**
 * Run an OpenSSL EVP_KDF in a mode, with a digest, a key and the
 * parameters more of that mode.
 */
static bool openssl_kdf(const char *name, int mode, const char *digest,
						const uint8_t *key, size_t key_len,
						const OSSL_PARAM *more, uint8_t *out, size_t out_len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
										 (char*)digest, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void*)key,
										  key_len),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, name, NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	bool ok;

	ok = ctx && EVP_KDF_CTX_set_params(ctx, params) > 0 &&
		 EVP_KDF_derive(ctx, out, out_len, more) > 0;
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok;
}

/**
 * OpenSSL's own HKDF-Expand-Label: EVP_KDF "TLS13-KDF", expand mode.
 */
static bool openssl_expand_label(const char *digest, const uint8_t *secret,
								 size_t secret_len, const char *label,
								 const uint8_t *context, size_t context_len,
								 uint8_t *out, size_t out_len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PREFIX, "tls13 ", 6),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_LABEL, (void*)label,
										  strlen(label)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_DATA, (void*)context,
										  context_len),
		OSSL_PARAM_construct_end(),
	};

	return openssl_kdf("TLS13-KDF", EVP_KDF_HKDF_MODE_EXPAND_ONLY, digest,
					   secret, secret_len, params, out, out_len);
}

/**
 * OpenSSL's own HKDF-Extract: EVP_KDF "HKDF", extract mode.
 */
static bool openssl_extract(const char *digest, const uint8_t *salt,
							size_t salt_len, const uint8_t *ikm,
							size_t ikm_len, uint8_t *out, size_t out_len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void*)salt,
										  salt_len),
		OSSL_PARAM_construct_end(),
	};

	return openssl_kdf("HKDF", EVP_KDF_HKDF_MODE_EXTRACT_ONLY, digest, ikm,
					   ikm_len, params, out, out_len);
}

START_TEST(test_hkdf_against_evp_kdf)
{
	static const char *digests[] = { "SHA256", "SHA384", "SHA512" };
	static const char *labels[] = { "key", "iv", "traffic upd",
									"ue ap traffic", "pcscf ap traffic" };
	const char *digest = digests[_i];
	uint8_t secret[64], ctx[64], got[200], exp[200];
	size_t hash_len = _i == 0 ? 32 : _i == 1 ? 48 : 64;
	unsigned int l, n, c;

	for (l = 0; l < sizeof(secret); l++)
	{
		secret[l] = 0x5a ^ (l * 13);
		ctx[l] = l * 3;
	}
	/* every output length up to four blocks, with and without context */
	for (n = 1; n <= 200 && n <= 4 * hash_len; n++)
	{
		l = n % (sizeof(labels) / sizeof(labels[0]));
		c = n % 3 == 0 ? n % 64 : 0;
		ck_assert(imsaka_tls_hkdf_expand_label(digest, secret, hash_len,
											   labels[l], ctx, c, got, n));
		ck_assert(openssl_expand_label(digest, secret, hash_len, labels[l],
									   ctx, c, exp, n));
		ck_assert_msg(memcmp(got, exp, n) == 0, "%s %s len %u ctx %u",
					  digest, labels[l], n, c);
	}
	/* extract with a salt, and without (HashLen zeros) */
	memset(ctx, 0, sizeof(ctx));
	ck_assert(imsaka_tls_hkdf_extract(digest, secret, 20, secret + 20, 33,
									  got, hash_len));
	ck_assert(openssl_extract(digest, secret, 20, secret + 20, 33, exp,
							  hash_len));
	ck_assert_bytes(got, exp, hash_len, "extract with salt");
	ck_assert(imsaka_tls_hkdf_extract(digest, NULL, 0, secret, 32, got,
									  hash_len));
	ck_assert(openssl_extract(digest, ctx, hash_len, secret, 32, exp,
							  hash_len));
	ck_assert_bytes(got, exp, hash_len, "extract without salt");
}
END_TEST

Suite *tls_aka_keys_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("tls_aka_keys"),
		TEST_LOOP(test_tls_aka_vectors, TEST_COUNT(vectors)),
		TEST_ONCE(test_tls_aka_bound),
		TEST_ONCE(test_tls_aka_refused),
		TEST_ONCE(test_hkdf_rfc8448),
		TEST_ONCE(test_hkdf_bounds),
		TEST_LOOP(test_hkdf_against_evp_kdf, 3),
	};

	return test_suite_build("tls_aka_keys", tests, TEST_COUNT(tests));
}

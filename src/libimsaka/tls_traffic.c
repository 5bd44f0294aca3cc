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

#include "tls_traffic.h"
#include "tls_hkdf.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

typedef struct private_imsaka_tls_traffic_t private_imsaka_tls_traffic_t;

/**
 * Private data of an imsaka_tls_traffic_t object.
 */
struct private_imsaka_tls_traffic_t {

	/** public interface */
	imsaka_tls_traffic_t public;

	/** cipher suite */
	const imsaka_tls_suite_t *suite;

	/** the suite's AEAD (shared, see get_cipher()) */
	const EVP_CIPHER *cipher;

	/** AEAD context, keyed with the current key */
	EVP_CIPHER_CTX *ctx;

	/** sealing (TRUE) or opening */
	bool encrypt;

	/** current traffic secret */
	uint8_t secret[IMSAKA_TLS_MAX_HASH_LEN];

	/** per-record IV of the current key */
	uint8_t iv[IMSAKA_TLS_IV_LEN];

	/** sequence number of the next record */
	uint64_t seq;

	/** records after which update_due() says so */
	uint64_t update_limit;
};

/** number of suites */
#define SUITES 3

/**
 * The suites' AEADs, fetched once for all connections: fetching by name
 * costs more than keying. Never freed; EVP_CIPHER objects are reference
 * counted and safe to share between threads.
 */
static EVP_CIPHER *ciphers[SUITES];
static CRYPTO_ONCE ciphers_once = CRYPTO_ONCE_STATIC_INIT;

static void fetch_ciphers(void)
{
	int i;

	for (i = 0; i < SUITES && imsaka_tls_suite_at(i); i++)
	{
		ciphers[i] = EVP_CIPHER_fetch(NULL, imsaka_tls_suite_at(i)->cipher,
									  NULL);
	}
}

/**
 * The AEAD of a suite, NULL if OpenSSL does not have it.
 */
static const EVP_CIPHER *get_cipher(const imsaka_tls_suite_t *suite)
{
	int i;

	if (!CRYPTO_THREAD_run_once(&ciphers_once, fetch_ciphers))
	{
		return NULL;
	}
	for (i = 0; i < SUITES; i++)
	{
		if (imsaka_tls_suite_at(i) == suite)
		{
			return ciphers[i];
		}
	}
	return NULL;
}

/**
 * Derive key and IV from the current secret and key the AEAD context.
 */
static bool derive_keys(private_imsaka_tls_traffic_t *this)
{
	const char *md = this->suite->digest;
	uint8_t key[IMSAKA_TLS_MAX_KEY_LEN];
	bool ok;

	ok = imsaka_tls_hkdf_expand_label(md, this->secret, this->suite->hash_len,
									  "key", NULL, 0, key,
									  this->suite->key_len) &&
		 imsaka_tls_hkdf_expand_label(md, this->secret, this->suite->hash_len,
									  "iv", NULL, 0, this->iv,
									  IMSAKA_TLS_IV_LEN) &&
		 EVP_CipherInit_ex(this->ctx, this->cipher, NULL, key, NULL,
						   this->encrypt ? 1 : 0);
	OPENSSL_cleanse(key, sizeof(key));
	return ok;
}

/**
 * Per-record nonce: the IV XORed with the 64-bit sequence number, right
 * aligned (RFC 8446 5.3).
 */
static void make_nonce(private_imsaka_tls_traffic_t *this,
					   uint8_t nonce[IMSAKA_TLS_IV_LEN])
{
	int i;

	memcpy(nonce, this->iv, IMSAKA_TLS_IV_LEN);
	for (i = 0; i < 8; i++)
	{
		nonce[IMSAKA_TLS_IV_LEN - 1 - i] ^= (this->seq >> (8 * i)) & 0xff;
	}
}

static imsaka_tls_err_t seal(imsaka_tls_traffic_t *public, uint8_t type,
							 const uint8_t *data, size_t len, size_t padding,
							 uint8_t *out, size_t out_size, size_t *out_len)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;
	uint8_t nonce[IMSAKA_TLS_IV_LEN], *body = out + IMSAKA_TLS_HEADER_LEN;
	size_t inner, length;
	int n;

	if (len > IMSAKA_TLS_MAX_PLAINTEXT ||
		padding > IMSAKA_TLS_MAX_PLAINTEXT - len)
	{
		return IMSAKA_TLS_ERR_TOO_LONG;
	}
	inner = len + 1 + padding;
	length = inner + IMSAKA_TLS_TAG_LEN;
	if (out_size < IMSAKA_TLS_HEADER_LEN + length)
	{
		return IMSAKA_TLS_ERR_BUFFER;
	}
	if (this->seq >= this->suite->max_records)
	{
		return IMSAKA_TLS_ERR_KEY_EXHAUSTED;
	}
	out[0] = IMSAKA_TLS_CT_APPLICATION_DATA;
	out[1] = 0x03;
	out[2] = 0x03;
	out[3] = length >> 8;
	out[4] = length & 0xff;
	/* type and padding after the content, encrypted in place below */
	body[len] = type;
	memset(body + len + 1, 0, padding);
	make_nonce(this, nonce);
	if (!EVP_EncryptInit_ex(this->ctx, NULL, NULL, NULL, nonce) ||
		!EVP_EncryptUpdate(this->ctx, NULL, &n, out, IMSAKA_TLS_HEADER_LEN) ||
		(len && !EVP_EncryptUpdate(this->ctx, body, &n, data, len)) ||
		!EVP_EncryptUpdate(this->ctx, body + len, &n, body + len,
						   1 + padding) ||
		!EVP_EncryptFinal_ex(this->ctx, body + inner, &n) ||
		!EVP_CIPHER_CTX_ctrl(this->ctx, EVP_CTRL_AEAD_GET_TAG,
							 IMSAKA_TLS_TAG_LEN, body + inner))
	{
		OPENSSL_cleanse(out, IMSAKA_TLS_HEADER_LEN + length);
		return IMSAKA_TLS_ERR_CRYPTO;
	}
	this->seq++;
	*out_len = IMSAKA_TLS_HEADER_LEN + length;
	return IMSAKA_TLS_OK;
}

static imsaka_tls_err_t open_(imsaka_tls_traffic_t *public, uint8_t *record,
							  size_t len, uint8_t *type, uint8_t **data,
							  size_t *data_len)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;
	uint8_t nonce[IMSAKA_TLS_IV_LEN], *body = record + IMSAKA_TLS_HEADER_LEN;
	imsaka_tls_err_t err;
	size_t length, inner;
	int n;

	if (len < IMSAKA_TLS_HEADER_LEN)
	{
		return IMSAKA_TLS_ERR_LENGTH;
	}
	err = imsaka_tls_traffic_check_header(record, &length);
	if (err != IMSAKA_TLS_OK)
	{
		return err;
	}
	if (length != len - IMSAKA_TLS_HEADER_LEN)
	{
		return IMSAKA_TLS_ERR_LENGTH;
	}
	/* the tag is always 16 bytes, so TLSInnerPlaintext is known to be too
	 * long (RFC 8446 5.4: at most 2^14 + 1) before decrypting */
	inner = length - IMSAKA_TLS_TAG_LEN;
	if (inner > IMSAKA_TLS_MAX_PLAINTEXT + 1)
	{
		return IMSAKA_TLS_ERR_RECORD_OVERFLOW;
	}
	if (this->seq >= this->suite->max_records)
	{
		return IMSAKA_TLS_ERR_KEY_EXHAUSTED;
	}
	make_nonce(this, nonce);
	if (!EVP_DecryptInit_ex(this->ctx, NULL, NULL, NULL, nonce) ||
		!EVP_DecryptUpdate(this->ctx, NULL, &n, record, IMSAKA_TLS_HEADER_LEN) ||
		!EVP_DecryptUpdate(this->ctx, body, &n, body, inner) ||
		!EVP_CIPHER_CTX_ctrl(this->ctx, EVP_CTRL_AEAD_SET_TAG,
							 IMSAKA_TLS_TAG_LEN, body + inner) ||
		EVP_DecryptFinal_ex(this->ctx, body + inner, &n) <= 0)
	{
		/* never leave unauthenticated plaintext behind */
		OPENSSL_cleanse(body, inner);
		return IMSAKA_TLS_ERR_BAD_RECORD_MAC;
	}
	/* strip the zero padding: the last non-zero byte is the type */
	while (inner > 0 && body[inner - 1] == 0)
	{
		inner--;
	}
	if (!inner)
	{
		return IMSAKA_TLS_ERR_NO_CONTENT_TYPE;
	}
	this->seq++;
	*type = body[inner - 1];
	*data = body;
	*data_len = inner - 1;
	return IMSAKA_TLS_OK;
}

static bool update(imsaka_tls_traffic_t *public)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;
	uint8_t next[IMSAKA_TLS_MAX_HASH_LEN];
	bool ok;

	ok = imsaka_tls_hkdf_expand_label(this->suite->digest, this->secret,
									  this->suite->hash_len, "traffic upd",
									  NULL, 0, next, this->suite->hash_len);
	memcpy(this->secret, next, this->suite->hash_len);
	OPENSSL_cleanse(next, sizeof(next));
	this->seq = 0;
	return ok && derive_keys(this);
}

static bool update_due(imsaka_tls_traffic_t *public)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;

	return this->seq >= this->update_limit;
}

static void set_update_limit(imsaka_tls_traffic_t *public, uint64_t records)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;

	if (records < 1)
	{
		records = 1;
	}
	if (records > this->suite->update_records)
	{
		records = this->suite->update_records;
	}
	this->update_limit = records;
}

static uint64_t get_seq(imsaka_tls_traffic_t *public)
{
	return ((private_imsaka_tls_traffic_t*)public)->seq;
}

static void set_seq(imsaka_tls_traffic_t *public, uint64_t seq)
{
	((private_imsaka_tls_traffic_t*)public)->seq = seq;
}

static const imsaka_tls_suite_t *get_suite(imsaka_tls_traffic_t *public)
{
	return ((private_imsaka_tls_traffic_t*)public)->suite;
}

static void destroy(imsaka_tls_traffic_t *public)
{
	private_imsaka_tls_traffic_t *this = (private_imsaka_tls_traffic_t*)public;

	/* EVP_CIPHER_CTX_free() wipes the expanded key */
	EVP_CIPHER_CTX_free(this->ctx);
	OPENSSL_cleanse(this, sizeof(*this));
	free(this);
}

/*
 * Described in header
 */
imsaka_tls_traffic_t *imsaka_tls_traffic_create(uint16_t suite,
												const uint8_t *secret,
												size_t secret_len,
												bool encrypt)
{
	private_imsaka_tls_traffic_t *this;
	const imsaka_tls_suite_t *s;

	s = imsaka_tls_suite_get(suite);
	if (!s || secret_len != s->hash_len)
	{
		return NULL;
	}
	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	this->public = (imsaka_tls_traffic_t){
		.seal = seal,
		.open = open_,
		.update = update,
		.update_due = update_due,
		.set_update_limit = set_update_limit,
		.get_seq = get_seq,
		.set_seq = set_seq,
		.get_suite = get_suite,
		.destroy = destroy,
	};
	this->suite = s;
	this->encrypt = encrypt;
	this->update_limit = s->update_records;
	memcpy(this->secret, secret, secret_len);
	this->cipher = get_cipher(s);
	this->ctx = EVP_CIPHER_CTX_new();
	if (!this->cipher || !this->ctx || !derive_keys(this))
	{
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}

/*
 * Described in header
 */
imsaka_tls_err_t imsaka_tls_traffic_check_header(const uint8_t *header,
												 size_t *length)
{
	if (header[0] != IMSAKA_TLS_CT_APPLICATION_DATA)
	{
		return IMSAKA_TLS_ERR_RECORD_TYPE;
	}
	if (header[1] != 0x03 || header[2] != 0x03)
	{
		return IMSAKA_TLS_ERR_VERSION;
	}
	*length = (header[3] << 8) | header[4];
	if (*length > IMSAKA_TLS_MAX_CIPHERTEXT)
	{
		return IMSAKA_TLS_ERR_RECORD_OVERFLOW;
	}
	if (*length < 1 + IMSAKA_TLS_TAG_LEN)
	{
		return IMSAKA_TLS_ERR_LENGTH;
	}
	return IMSAKA_TLS_OK;
}

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

#include "digest_aka.h"
#include "base64.h"
#include "hex.h"

#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

/** RFC 4169 3: the string AKAv2 derives the password from */
#define AKAV2_PASSWORD_LABEL "http-digest-akav2-password"

/** MD5 length */
#define MD5_LEN 16

/*
 * Described in header
 */
const char *imsaka_digest_aka_strerror(imsaka_digest_aka_error_t error)
{
	switch (error)
	{
		case IMSAKA_DIGEST_AKA_OK:
			return "success";
		case IMSAKA_DIGEST_AKA_ERR_BASE64:
			return "not valid base64";
		case IMSAKA_DIGEST_AKA_ERR_TOO_SHORT:
			return "nonce shorter than RAND and AUTN (32 bytes)";
		case IMSAKA_DIGEST_AKA_ERR_TOO_LONG:
			return "nonce or server data too long";
		case IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH:
			return "auts is not 14 bytes";
		case IMSAKA_DIGEST_AKA_ERR_BUFFER:
			return "output buffer too small";
		case IMSAKA_DIGEST_AKA_ERR_VERSION:
			return "unknown Digest AKA version";
		case IMSAKA_DIGEST_AKA_ERR_QOP:
			return "unsupported qop (only auth)";
		case IMSAKA_DIGEST_AKA_ERR_PARAM:
			return "missing or invalid parameter";
		case IMSAKA_DIGEST_AKA_ERR_CRYPTO:
			return "crypto failure";
	}
	return "unknown error";
}

/*
 * Described in header
 */
const char *imsaka_digest_aka_algorithm_name(imsaka_digest_aka_version_t version)
{
	switch (version)
	{
		case IMSAKA_DIGEST_AKAV1_MD5:
			return "AKAv1-MD5";
		case IMSAKA_DIGEST_AKAV2_MD5:
			return "AKAv2-MD5";
	}
	return NULL;
}

/*
 * Described in header
 */
bool imsaka_digest_aka_algorithm_from_name(const char *name,
									imsaka_digest_aka_version_t *version)
{
	if (name && !strcasecmp(name, "AKAv1-MD5"))
	{
		*version = IMSAKA_DIGEST_AKAV1_MD5;
		return true;
	}
	if (name && !strcasecmp(name, "AKAv2-MD5"))
	{
		*version = IMSAKA_DIGEST_AKAV2_MD5;
		return true;
	}
	return false;
}

/*
 * Described in header
 */
imsaka_digest_aka_error_t imsaka_digest_aka_nonce_build(
							const uint8_t rand[static 16],
							const uint8_t autn[static 16],
							const uint8_t *server_data, size_t server_len,
							char *nonce, size_t size)
{
	uint8_t buf[IMSAKA_RAND_LEN + IMSAKA_AUTN_LEN +
				IMSAKA_DIGEST_AKA_SERVER_DATA_MAX];
	size_t len = IMSAKA_RAND_LEN + IMSAKA_AUTN_LEN + server_len;

	if (server_len > IMSAKA_DIGEST_AKA_SERVER_DATA_MAX)
	{
		return IMSAKA_DIGEST_AKA_ERR_TOO_LONG;
	}
	if (server_len && !server_data)
	{
		return IMSAKA_DIGEST_AKA_ERR_PARAM;
	}
	if (size < IMSAKA_BASE64_LEN(len) + 1)
	{
		return IMSAKA_DIGEST_AKA_ERR_BUFFER;
	}
	memcpy(buf, rand, IMSAKA_RAND_LEN);
	memcpy(buf + IMSAKA_RAND_LEN, autn, IMSAKA_AUTN_LEN);
	if (server_len)
	{
		memcpy(buf + IMSAKA_RAND_LEN + IMSAKA_AUTN_LEN, server_data,
			   server_len);
	}
	imsaka_base64_encode(buf, len, nonce, size);
	return IMSAKA_DIGEST_AKA_OK;
}

/*
 * Described in header
 */
imsaka_digest_aka_error_t imsaka_digest_aka_nonce_parse(const char *nonce,
							size_t len, uint8_t rand[static 16],
							uint8_t autn[static 16], uint8_t *server_data,
							size_t server_size, size_t *server_len)
{
	uint8_t buf[IMSAKA_DIGEST_AKA_NONCE_MAX / 4 * 3];
	size_t got, extra;

	if (server_len)
	{
		*server_len = 0;
	}
	if (!nonce)
	{
		return IMSAKA_DIGEST_AKA_ERR_PARAM;
	}
	if (len > IMSAKA_DIGEST_AKA_NONCE_MAX)
	{
		return IMSAKA_DIGEST_AKA_ERR_TOO_LONG;
	}
	if (!imsaka_base64_decode(nonce, len, buf, sizeof(buf), &got))
	{
		return IMSAKA_DIGEST_AKA_ERR_BASE64;
	}
	if (got < IMSAKA_RAND_LEN + IMSAKA_AUTN_LEN)
	{
		return IMSAKA_DIGEST_AKA_ERR_TOO_SHORT;
	}
	extra = got - IMSAKA_RAND_LEN - IMSAKA_AUTN_LEN;
	if (server_data)
	{
		if (extra > server_size)
		{
			return IMSAKA_DIGEST_AKA_ERR_BUFFER;
		}
		memcpy(server_data, buf + IMSAKA_RAND_LEN + IMSAKA_AUTN_LEN, extra);
	}
	if (server_len)
	{
		*server_len = extra;
	}
	memcpy(rand, buf, IMSAKA_RAND_LEN);
	memcpy(autn, buf + IMSAKA_RAND_LEN, IMSAKA_AUTN_LEN);
	return IMSAKA_DIGEST_AKA_OK;
}

/*
 * Described in header
 */
imsaka_digest_aka_error_t imsaka_digest_aka_password(
							imsaka_digest_aka_version_t version,
							const uint8_t *res, size_t res_len,
							const uint8_t ck[static 16],
							const uint8_t ik[static 16],
							uint8_t password[IMSAKA_DIGEST_AKA_PASSWORD_MAX],
							size_t *password_len)
{
	uint8_t key[16 + IMSAKA_IK_LEN + IMSAKA_CK_LEN], mac[MD5_LEN];
	char b64[IMSAKA_BASE64_LEN(MD5_LEN) + 1];
	size_t mac_len = 0;
	imsaka_digest_aka_error_t err = IMSAKA_DIGEST_AKA_OK;

	*password_len = 0;
	if (!res || res_len < 4 || res_len > 16)
	{
		return IMSAKA_DIGEST_AKA_ERR_PARAM;
	}
	switch (version)
	{
		case IMSAKA_DIGEST_AKAV1_MD5:
			memcpy(password, res, res_len);
			*password_len = res_len;
			return IMSAKA_DIGEST_AKA_OK;
		case IMSAKA_DIGEST_AKAV2_MD5:
			break;
		default:
			return IMSAKA_DIGEST_AKA_ERR_VERSION;
	}
	/* RFC 4169 3: PRF(RES || IK || CK, "http-digest-akav2-password") */
	memcpy(key, res, res_len);
	memcpy(key + res_len, ik, IMSAKA_IK_LEN);
	memcpy(key + res_len + IMSAKA_IK_LEN, ck, IMSAKA_CK_LEN);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, key,
				   res_len + IMSAKA_IK_LEN + IMSAKA_CK_LEN,
				   (const unsigned char*)AKAV2_PASSWORD_LABEL,
				   strlen(AKAV2_PASSWORD_LABEL), mac, sizeof(mac), &mac_len) ||
		mac_len != MD5_LEN)
	{
		err = IMSAKA_DIGEST_AKA_ERR_CRYPTO;
	}
	else
	{
		*password_len = imsaka_base64_encode(mac, sizeof(mac), b64,
											 sizeof(b64));
		memcpy(password, b64, *password_len);
	}
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(mac, sizeof(mac));
	OPENSSL_cleanse(b64, sizeof(b64));
	return err;
}

/**
 * MD5 over the parts joined by ':', as lowercase hex.
 */
static bool md5_hex(const void *parts[], const size_t lens[], int count,
					char hex[IMSAKA_DIGEST_RESPONSE_LEN + 1])
{
	EVP_MD_CTX *ctx;
	uint8_t md[MD5_LEN];
	unsigned int md_len = 0;
	bool ok;
	int i;

	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (i = 0; ok && i < count; i++)
	{
		ok = (i == 0 || EVP_DigestUpdate(ctx, ":", 1)) &&
			 EVP_DigestUpdate(ctx, parts[i], lens[i]);
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, &md_len) && md_len == MD5_LEN;
	EVP_MD_CTX_free(ctx);
	if (ok)
	{
		imsaka_hex_encode(md, MD5_LEN, hex);
	}
	OPENSSL_cleanse(md, sizeof(md));
	return ok;
}

/** a string part */
#define PART(s) (parts[n] = (s), lens[n++] = strlen(s))

/*
 * Described in header
 */
imsaka_digest_aka_error_t imsaka_digest_response(
							const imsaka_digest_params_t *p,
							const uint8_t *password, size_t password_len,
							char response[IMSAKA_DIGEST_RESPONSE_LEN + 1])
{
	char ha1[IMSAKA_DIGEST_RESPONSE_LEN + 1], ha2[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	const void *parts[6];
	size_t lens[6];
	int n = 0;
	bool ok;

	response[0] = '\0';
	if (!p->username || !p->realm || !p->method || !p->uri || !p->nonce ||
		(password_len && !password))
	{
		return IMSAKA_DIGEST_AKA_ERR_PARAM;
	}
	if (p->qop)
	{
		if (strcmp(p->qop, "auth"))
		{
			return IMSAKA_DIGEST_AKA_ERR_QOP;
		}
		if (!p->nc || !p->cnonce)
		{
			return IMSAKA_DIGEST_AKA_ERR_PARAM;
		}
	}
	PART(p->username);
	PART(p->realm);
	parts[n] = password ?: (const uint8_t*)"";
	lens[n++] = password_len;
	ok = md5_hex(parts, lens, n, ha1);

	n = 0;
	PART(p->method);
	PART(p->uri);
	ok = ok && md5_hex(parts, lens, n, ha2);

	n = 0;
	PART(ha1);
	PART(p->nonce);
	if (p->qop)
	{
		PART(p->nc);
		PART(p->cnonce);
		PART(p->qop);
	}
	PART(ha2);
	ok = ok && md5_hex(parts, lens, n, response);
	OPENSSL_cleanse(ha1, sizeof(ha1));
	if (!ok)
	{
		response[0] = '\0';
		return IMSAKA_DIGEST_AKA_ERR_CRYPTO;
	}
	return IMSAKA_DIGEST_AKA_OK;
}

/*
 * Described in header
 */
void imsaka_digest_aka_auts_encode(const uint8_t auts[static 14],
								   char out[IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1])
{
	imsaka_base64_encode(auts, IMSAKA_AUTS_LEN, out,
						 IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 1);
}

/*
 * Described in header
 */
imsaka_digest_aka_error_t imsaka_digest_aka_auts_decode(const char *text,
							size_t len, uint8_t auts[static 14])
{
	uint8_t buf[(IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 4) / 4 * 3];
	size_t got;

	if (!text)
	{
		return IMSAKA_DIGEST_AKA_ERR_PARAM;
	}
	if (len > IMSAKA_DIGEST_AKA_AUTS_B64_LEN + 4)
	{
		return IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH;
	}
	if (!imsaka_base64_decode(text, len, buf, sizeof(buf), &got))
	{
		return IMSAKA_DIGEST_AKA_ERR_BASE64;
	}
	if (got != IMSAKA_AUTS_LEN)
	{
		return IMSAKA_DIGEST_AKA_ERR_AUTS_LENGTH;
	}
	memcpy(auts, buf, IMSAKA_AUTS_LEN);
	return IMSAKA_DIGEST_AKA_OK;
}

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

#include "pcscf_tls_psk.h"

#include <string.h>

#include <library.h>
#include <collections/hashtable.h>
#include <utils/debug.h>

/** TLS 1.2 suites offered: RFC 5487 PSK, DHE-PSK and ECDHE-PSK with AES-GCM
 *  and AES-CBC-SHA256; the client's order (the agreed cs) decides */
#define CIPHERS_12 "PSK-AES128-GCM-SHA256:PSK-AES256-GCM-SHA384:" \
	"PSK-AES128-CBC-SHA256:DHE-PSK-AES128-GCM-SHA256:" \
	"DHE-PSK-AES256-GCM-SHA384:ECDHE-PSK-AES128-CBC-SHA256"

/** TLS 1.3 suites: those with SHA-256, the hash of callback PSKs */
#define CIPHERS_13 "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"

typedef struct private_pcscf_tls_psk_t private_pcscf_tls_psk_t;

/**
 * Private data.
 */
struct private_pcscf_tls_psk_t {

	/** public interface */
	pcscf_tls_psk_t public;

	/** OpenSSL server context */
	SSL_CTX *ctx;

	/** entry_t by identity */
	hashtable_t *psks;

	/** most entries */
	u_int max;
};

/**
 * One PSK
 */
typedef struct {
	/** PSK identity, the key */
	char identity[PCSCF_TLS_PSK_IDENTITY_MAX + 1];
	/** IMPI, allocated */
	char *impi;
	/** the key */
	uint8_t psk[PCSCF_TLS_PSK_LEN];
	/** suites agreed in SM6 */
	uint16_t suites[PCSCF_TLS_PSK_SUITES_MAX];
	/** number of suites */
	u_int suite_count;
} entry_t;

/** ex_data index of the object on the SSL_CTX and of the identity a
 *  connection's client used, -1 until allocated */
static int ctx_index = -1, id_index = -1;

static void entry_destroy(entry_t *entry)
{
	free(entry->impi);
	memwipe(entry, sizeof(*entry));
	free(entry);
}

static void id_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
					long argl, void *argp)
{
	free(ptr);
}

/**
 * Whether a connection's suite is one agreed for the PSK it used; logs
 * the refusal
 */
static bool suite_agreed(entry_t *entry, const SSL_CIPHER *cipher)
{
	uint16_t suite;
	u_int i;

	if (!cipher)
	{
		return FALSE;
	}
	suite = SSL_CIPHER_get_protocol_id(cipher);
	for (i = 0; i < entry->suite_count; i++)
	{
		if (entry->suites[i] == suite)
		{
			return TRUE;
		}
	}
	DBG1(DBG_NET, "tls-psk: identity '%s' negotiated suite %04x, which SM6 "
		 "did not agree, refused", entry->identity, suite);
	return FALSE;
}

/**
 * OpenSSL's PSK server callback (TLS 1.2, and TLS 1.3 external PSKs):
 * no registration for the identity, no key
 */
static unsigned int psk_server_cb(SSL *ssl, const char *identity,
								  unsigned char *psk, unsigned int max_psk_len)
{
	private_pcscf_tls_psk_t *this;
	entry_t *entry;
	char *copy;

	this = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index);
	if (!this || !identity ||
		strlen(identity) > PCSCF_TLS_PSK_IDENTITY_MAX)
	{
		return 0;
	}
	entry = this->psks->get(this->psks, identity);
	if (!entry || max_psk_len < PCSCF_TLS_PSK_LEN)
	{
		DBG1(DBG_NET, "tls-psk: identity '%s' has no pending or active "
			 "registration, refused", identity);
		return 0;
	}
	/* the suite is chosen before the key is asked for (the ClientHello of
	 * TLS 1.3, the ClientKeyExchange of TLS 1.2): no key for another one */
	if (!suite_agreed(entry, SSL_get_pending_cipher(ssl)))
	{
		return 0;
	}
	copy = strdup(identity);
	free(SSL_get_ex_data(ssl, id_index));
	if (!copy || !SSL_set_ex_data(ssl, id_index, copy))
	{
		free(copy);
		return 0;
	}
	memcpy(psk, entry->psk, PCSCF_TLS_PSK_LEN);
	return PCSCF_TLS_PSK_LEN;
}

METHOD(pcscf_tls_psk_t, add, bool,
	private_pcscf_tls_psk_t *this, const char *identity, const char *impi,
	const uint8_t psk[PCSCF_TLS_PSK_LEN], const uint16_t *suites, u_int count)
{
	entry_t *entry, *old;

	if (!identity || !identity[0] ||
		strlen(identity) > PCSCF_TLS_PSK_IDENTITY_MAX || !impi || !impi[0] ||
		strlen(impi) > PCSCF_TLS_PSK_IMPI_MAX || !suites || !count ||
		count > PCSCF_TLS_PSK_SUITES_MAX)
	{
		return FALSE;
	}
	if (!this->psks->get(this->psks, identity) &&
		this->psks->get_count(this->psks) >= this->max)
	{
		DBG1(DBG_NET, "tls-psk: %u PSKs held, no room for another", this->max);
		return FALSE;
	}
	entry = calloc(1, sizeof(*entry));
	if (!entry || !(entry->impi = strdup(impi)))
	{
		free(entry);
		return FALSE;
	}
	strcpy(entry->identity, identity);
	memcpy(entry->psk, psk, PCSCF_TLS_PSK_LEN);
	memcpy(entry->suites, suites, count * sizeof(suites[0]));
	entry->suite_count = count;
	old = this->psks->put(this->psks, entry->identity, entry);
	if (old)
	{
		entry_destroy(old);
	}
	return TRUE;
}

METHOD(pcscf_tls_psk_t, remove_, bool,
	private_pcscf_tls_psk_t *this, const char *identity)
{
	entry_t *entry;

	entry = identity ? this->psks->remove(this->psks, identity) : NULL;
	if (!entry)
	{
		return FALSE;
	}
	entry_destroy(entry);
	return TRUE;
}

METHOD(pcscf_tls_psk_t, remove_impi, int,
	private_pcscf_tls_psk_t *this, const char *impi)
{
	enumerator_t *enumerator;
	entry_t *entry;
	char *key;
	int removed = 0;

	enumerator = this->psks->create_enumerator(this->psks);
	while (enumerator->enumerate(enumerator, &key, &entry))
	{
		if (streq(entry->impi, impi))
		{
			this->psks->remove_at(this->psks, enumerator);
			entry_destroy(entry);
			removed++;
		}
	}
	enumerator->destroy(enumerator);
	return removed;
}

METHOD(pcscf_tls_psk_t, count, u_int,
	private_pcscf_tls_psk_t *this)
{
	return this->psks->get_count(this->psks);
}

METHOD(pcscf_tls_psk_t, accept_, SSL*,
	private_pcscf_tls_psk_t *this)
{
	SSL *ssl;

	ssl = SSL_new(this->ctx);
	if (ssl)
	{
		SSL_set_accept_state(ssl);
	}
	return ssl;
}

METHOD(pcscf_tls_psk_t, peer, bool,
	private_pcscf_tls_psk_t *this, SSL *ssl, char *impi, size_t size,
	char *identity)
{
	const char *id;
	entry_t *entry;

	if (!SSL_is_init_finished(ssl))
	{
		return FALSE;
	}
	id = SSL_get_ex_data(ssl, id_index);
	entry = id ? this->psks->get(this->psks, id) : NULL;
	if (!entry || strlen(entry->impi) >= size ||
		!suite_agreed(entry, SSL_get_current_cipher(ssl)))
	{
		return FALSE;
	}
	strcpy(impi, entry->impi);
	if (identity)
	{
		strcpy(identity, entry->identity);
	}
	return TRUE;
}

METHOD(pcscf_tls_psk_t, identity, bool,
	private_pcscf_tls_psk_t *this, SSL *ssl, char *buf, size_t size)
{
	const char *id;
	entry_t *entry;

	if (!SSL_is_init_finished(ssl))
	{
		return FALSE;
	}
	id = SSL_get_ex_data(ssl, id_index);
	if (!id || strlen(id) >= size)
	{
		return FALSE;
	}
	entry = this->psks->get(this->psks, id);
	if (entry && !suite_agreed(entry, SSL_get_current_cipher(ssl)))
	{
		return FALSE;
	}
	strcpy(buf, id);
	return TRUE;
}

METHOD(pcscf_tls_psk_t, impi_of, bool,
	private_pcscf_tls_psk_t *this, const char *id, char *impi, size_t size)
{
	entry_t *entry;

	entry = this->psks->get(this->psks, id);
	if (!entry || strlen(entry->impi) >= size)
	{
		return FALSE;
	}
	strcpy(impi, entry->impi);
	return TRUE;
}

METHOD(pcscf_tls_psk_t, destroy, void,
	private_pcscf_tls_psk_t *this)
{
	if (this->psks)
	{
		this->psks->destroy_function(this->psks, (void*)entry_destroy);
	}
	SSL_CTX_free(this->ctx);
	free(this);
}

/**
 * Set up the server context
 */
static bool init_ctx(private_pcscf_tls_psk_t *this, int versions, bool dhe)
{
	SSL_CTX *ctx = this->ctx;

	if (!ctx ||
		!SSL_CTX_set_min_proto_version(ctx, (versions & PCSCF_TLS_V12) ?
									   TLS1_2_VERSION : TLS1_3_VERSION) ||
		!SSL_CTX_set_max_proto_version(ctx, (versions & PCSCF_TLS_V13) ?
									   TLS1_3_VERSION : TLS1_2_VERSION) ||
		SSL_CTX_set_cipher_list(ctx, CIPHERS_12) != 1 ||
		SSL_CTX_set_ciphersuites(ctx, CIPHERS_13) != 1 ||
		SSL_CTX_use_psk_identity_hint(ctx, PCSCF_TLS_PSK_HINT) != 1 ||
		SSL_CTX_set_dh_auto(ctx, 1) != 1 ||
		!SSL_CTX_set_ex_data(ctx, ctx_index, this))
	{
		return FALSE;
	}
	/* no tickets or session cache: a registration's PSK is the only way
	 * in, and it goes with the registration */
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET |
						(dhe ? 0 : SSL_OP_ALLOW_NO_DHE_KEX));
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/* an idle connection gives its record buffers back: thousands of UEs
	 * hold one connection each (bench/run-tls-psk.sh) */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_psk_server_callback(ctx, psk_server_cb);
	return TRUE;
}

/*
 * Described in header
 */
pcscf_tls_psk_t *pcscf_tls_psk_create(int versions, bool dhe, u_int max)
{
	private_pcscf_tls_psk_t *this;

	if (!(versions & (PCSCF_TLS_V12 | PCSCF_TLS_V13)) || !max)
	{
		return NULL;
	}
	if (ctx_index < 0)
	{
		ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
		id_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, id_free);
		if (ctx_index < 0 || id_index < 0)
		{
			return NULL;
		}
	}
	INIT(this,
		.public = {
			.add = _add,
			.remove = _remove_,
			.remove_impi = _remove_impi,
			.count = _count,
			.accept = _accept_,
			.peer = _peer,
			.identity = _identity,
			.impi_of = _impi_of,
			.destroy = _destroy,
		},
		.ctx = SSL_CTX_new(TLS_server_method()),
		.psks = hashtable_create(hashtable_hash_str, hashtable_equals_str, 64),
		.max = max,
	);
	if (!init_ctx(this, versions, dhe))
	{
		DBG1(DBG_NET, "tls-psk: creating the OpenSSL server context failed");
		destroy(this);
		return NULL;
	}
	return &this->public;
}

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

#include "sip_tls_filter.h"
#include "sip_connection.h"

#include <library.h>
#include <openssl/err.h>

/** plaintext read from SSL at a time */
#define READ_CHUNK 4096

typedef struct private_sip_tls_filter_t private_sip_tls_filter_t;

/**
 * Private data of a TLS stream filter.
 */
struct private_sip_tls_filter_t {

	/**
	 * Public interface
	 */
	sip_stream_filter_t public;

	/**
	 * TLS connection
	 */
	SSL *ssl;

	/**
	 * Wire bytes received, for SSL (owned by ssl)
	 */
	BIO *rbio;

	/**
	 * Wire bytes SSL wants to send (owned by ssl)
	 */
	BIO *wbio;

	/**
	 * Plaintext waiting for the handshake
	 */
	chunk_t pending;

	/**
	 * Client: the PSK identity used
	 */
	char *identity;

	/**
	 * Server: finds the client's identity
	 */
	sip_tls_filter_identity_cb_t cb;

	/**
	 * Data for cb
	 */
	void *data;
};

/**
 * Log OpenSSL's error queue with a reason
 */
static void log_error(const char *what, int ret, int err)
{
	char buf[256];
	u_long e;

	e = ERR_get_error();
	if (e)
	{
		ERR_error_string_n(e, buf, sizeof(buf));
	}
	else
	{
		snprintf(buf, sizeof(buf), "SSL error %d (ret %d)", err, ret);
	}
	DBG1(DBG_NET, "TLS %s failed: %s", what, buf);
	ERR_clear_error();
}

/**
 * Append what SSL wants to send to wire
 */
static void take_wire(private_sip_tls_filter_t *this, chunk_t *wire)
{
	size_t n = BIO_ctrl_pending(this->wbio);
	int r;

	if (!n)
	{
		return;
	}
	*wire = chunk_alloc(n);
	r = BIO_read(this->wbio, wire->ptr, n);
	wire->len = r > 0 ? r : 0;
}

/**
 * Drive the handshake, then write pending plaintext
 */
static bool progress(private_sip_tls_filter_t *this)
{
	int ret, err;

	if (!SSL_is_init_finished(this->ssl))
	{
		ret = SSL_do_handshake(this->ssl);
		if (ret <= 0)
		{
			err = SSL_get_error(this->ssl, ret);
			if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
			{
				return TRUE;
			}
			log_error("handshake", ret, err);
			return FALSE;
		}
		DBG2(DBG_NET, "TLS handshake done: %s, %s", SSL_get_version(this->ssl),
			 SSL_CIPHER_get_name(SSL_get_current_cipher(this->ssl)));
	}
	if (this->pending.len)
	{
		ret = SSL_write(this->ssl, this->pending.ptr, this->pending.len);
		if (ret <= 0)
		{
			log_error("write", ret, SSL_get_error(this->ssl, ret));
			return FALSE;
		}
		/* memory BIOs take all of it */
		chunk_clear(&this->pending);
	}
	return TRUE;
}

METHOD(sip_stream_filter_t, input, bool,
	private_sip_tls_filter_t *this, const char *in, size_t len,
	chunk_t *plain, chunk_t *wire)
{
	chunk_t out = chunk_empty;
	u_char buf[READ_CHUNK];
	int ret, err;

	*plain = *wire = chunk_empty;
	if (len && BIO_write(this->rbio, in, len) != (int)len)
	{
		return FALSE;
	}
	if (!progress(this))
	{
		take_wire(this, wire);	/* the alert */
		return FALSE;
	}
	while (SSL_is_init_finished(this->ssl))
	{
		ret = SSL_read(this->ssl, buf, sizeof(buf));
		if (ret <= 0)
		{
			err = SSL_get_error(this->ssl, ret);
			if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
			{
				break;
			}
			if (err == SSL_ERROR_ZERO_RETURN)
			{
				DBG2(DBG_NET, "TLS connection closed by the peer");
			}
			else
			{
				log_error("read", ret, err);
			}
			chunk_clear(&out);
			memwipe(buf, sizeof(buf));
			return FALSE;
		}
		if (out.len + ret > SIP_CONNECTION_MAX_QUEUED)
		{
			DBG1(DBG_NET, "TLS: too much plaintext at once");
			chunk_clear(&out);
			memwipe(buf, sizeof(buf));
			return FALSE;
		}
		out = chunk_cat("mc", out, chunk_create(buf, ret));
	}
	memwipe(buf, sizeof(buf));
	/* post-handshake messages, or what progress() wrote */
	take_wire(this, wire);
	*plain = out;
	return TRUE;
}

METHOD(sip_stream_filter_t, output, bool,
	private_sip_tls_filter_t *this, const char *msg, size_t len,
	chunk_t *wire)
{
	*wire = chunk_empty;
	if (len)
	{
		if (this->pending.len + len > SIP_CONNECTION_MAX_QUEUED)
		{
			DBG1(DBG_NET, "TLS: too much plaintext waiting for the handshake");
			return FALSE;
		}
		this->pending = chunk_cat("mc", this->pending,
								  chunk_create((u_char*)msg, len));
	}
	if (!progress(this))
	{
		take_wire(this, wire);
		return FALSE;
	}
	take_wire(this, wire);
	return TRUE;
}

METHOD(sip_stream_filter_t, get_identity, bool,
	private_sip_tls_filter_t *this, char *buf, size_t size)
{
	const char *id = this->identity;

	if (!SSL_is_init_finished(this->ssl))
	{
		return FALSE;
	}
	if (!id && this->cb)
	{
		return this->cb(this->data, this->ssl, buf, size);
	}
	if (!id)
	{
		id = SSL_get_psk_identity(this->ssl);
	}
	if (!id || strlen(id) >= size)
	{
		return FALSE;
	}
	strncpy(buf, id, size);
	return TRUE;
}

METHOD(sip_stream_filter_t, finish, void,
	private_sip_tls_filter_t *this, chunk_t *wire)
{
	*wire = chunk_empty;
	if (SSL_is_init_finished(this->ssl) &&
		!(SSL_get_shutdown(this->ssl) & SSL_SENT_SHUTDOWN))
	{	/* writes close_notify into wbio; the answer is not waited for */
		SSL_shutdown(this->ssl);
		ERR_clear_error();
		take_wire(this, wire);
	}
}

METHOD(sip_stream_filter_t, destroy, void,
	private_sip_tls_filter_t *this)
{
	SSL_free(this->ssl);
	chunk_clear(&this->pending);
	free(this->identity);
	free(this);
}

/*
 * Described in header
 */
sip_stream_filter_t *sip_tls_filter_create(SSL *ssl, const char *identity,
										   sip_tls_filter_identity_cb_t cb,
										   void *data)
{
	private_sip_tls_filter_t *this;
	BIO *rbio, *wbio;

	rbio = BIO_new(BIO_s_mem());
	wbio = BIO_new(BIO_s_mem());
	if (!rbio || !wbio)
	{
		BIO_free(rbio);
		BIO_free(wbio);
		SSL_free(ssl);
		DBG1(DBG_NET, "TLS: no memory BIO");
		return NULL;
	}
	BIO_set_mem_eof_return(rbio, -1);
	BIO_set_mem_eof_return(wbio, -1);
	SSL_set_bio(ssl, rbio, wbio);

	INIT(this,
		.public = {
			.input = _input,
			.output = _output,
			.get_identity = _get_identity,
			.finish = _finish,
			.destroy = _destroy,
		},
		.ssl = ssl,
		.rbio = rbio,
		.wbio = wbio,
		.identity = identity ? strdup(identity) : NULL,
		.cb = cb,
		.data = data,
	);
	return &this->public;
}

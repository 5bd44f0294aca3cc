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


#include "sip_tls_aka_filter.h"
#include "sip_connection.h"
#include "frontend_conf.h"

#include <library.h>
#include <utils/debug.h>

#include <tls_reader.h>
#include <tls_record.h>

typedef struct private_sip_tls_aka_filter_t private_sip_tls_aka_filter_t;

/**
 * Private data of a tls-aka stream filter.
 */
struct private_sip_tls_aka_filter_t {

	/**
	 * Public interface
	 */
	sip_stream_filter_t public;

	/**
	 * Record layer, both directions
	 */
	imsaka_tls_record_t *record;

	/**
	 * Cuts received bytes into records
	 */
	imsaka_tls_reader_t *reader;

	/**
	 * Identity reported, NULL if none
	 */
	char *identity;

	/**
	 * Cipher suite code point
	 */
	uint16_t suite;

	/**
	 * Copies of this side's and the peer's traffic secrets for kTLS, wiped
	 * once records flow or offload() ran
	 */
	uint8_t write[IMSAKA_TLS_MAX_HASH_LEN], read[IMSAKA_TLS_MAX_HASH_LEN];

	/**
	 * Length of both, 0 once wiped
	 */
	size_t secret_len;

	/**
	 * Option ktls: try kernel TLS
	 */
	bool ktls;

	/**
	 * The kernel receives (input() refuses)
	 */
	bool rx_offloaded;

	/**
	 * The kernel sends (output() refuses: its sequence numbers are used)
	 */
	bool tx_offloaded;
};

/**
 * Wipe the secrets kept for kTLS: records flow in userspace now
 */
static void forget_secrets(private_sip_tls_aka_filter_t *this)
{
	if (this->secret_len)
	{
		memwipe(this->write, sizeof(this->write));
		memwipe(this->read, sizeof(this->read));
		this->secret_len = 0;
	}
}

/**
 * Seal an alert for a failure (nothing if the error needs none)
 */
static void seal_alert(private_sip_tls_aka_filter_t *this, uint8_t alert,
					   chunk_t *wire)
{
	uint8_t buf[IMSAKA_TLS_SEAL_SIZE(2, 0)];
	size_t n;

	if (this->record->seal_alert(this->record, alert, buf, sizeof(buf),
								 &n) == IMSAKA_TLS_OK && n)
	{
		*wire = chunk_clone(chunk_create(buf, n));
	}
}

/**
 * Log a failed record and seal the alert it earns
 */
static void failed(private_sip_tls_aka_filter_t *this, imsaka_tls_err_t err,
				   uint8_t peer_alert, chunk_t *wire)
{
	uint8_t alert;

	if (err == IMSAKA_TLS_ERR_PEER_ALERT)
	{
		DBG1(DBG_NET, "tls-aka: peer sent fatal alert %u", peer_alert);
		return;
	}
	DBG1(DBG_NET, "tls-aka: %s", imsaka_tls_strerror(err));
	alert = imsaka_tls_err_alert(err);
	if (alert)
	{
		seal_alert(this, alert, wire);
	}
}

METHOD(sip_stream_filter_t, input, bool,
	private_sip_tls_aka_filter_t *this, const char *in, size_t len,
	chunk_t *plain, chunk_t *wire)
{
	imsaka_tls_plain_t content;
	imsaka_tls_err_t err;
	chunk_t copy, out = chunk_empty;
	uint8_t *data, *record;
	size_t left, record_len;

	*plain = *wire = chunk_empty;
	if (this->rx_offloaded)
	{
		DBG1(DBG_NET, "tls-aka: the kernel receives on this connection");
		return FALSE;
	}
	if (!len)
	{
		return TRUE;
	}
	forget_secrets(this);
	/* the reader decrypts in place: it needs writable input */
	copy = chunk_clone(chunk_create((u_char*)in, len));
	data = copy.ptr;
	left = copy.len;
	while (TRUE)
	{
		err = this->reader->read(this->reader, &data, &left, &record,
								 &record_len);
		if (err == IMSAKA_TLS_AGAIN)
		{
			break;
		}
		if (err == IMSAKA_TLS_OK)
		{
			memset(&content, 0, sizeof(content));
			err = this->record->open(this->record, record, record_len,
									 &content);
		}
		if (err == IMSAKA_TLS_CLOSED)
		{
			DBG2(DBG_NET, "tls-aka: close_notify from the peer");
			seal_alert(this, IMSAKA_TLS_ALERT_CLOSE_NOTIFY, wire);
			chunk_clear(&copy);
			chunk_clear(&out);
			return FALSE;
		}
		if (err != IMSAKA_TLS_OK)
		{
			failed(this, err, content.alert, wire);
			chunk_clear(&copy);
			chunk_clear(&out);
			return FALSE;
		}
		if (content.type != IMSAKA_TLS_CT_APPLICATION_DATA || !content.len)
		{
			continue;
		}
		if (out.len + content.len > SIP_CONNECTION_MAX_QUEUED)
		{
			DBG1(DBG_NET, "tls-aka: too much plaintext at once");
			chunk_clear(&copy);
			chunk_clear(&out);
			return FALSE;
		}
		out = chunk_cat("mc", out, chunk_create(content.data, content.len));
	}
	chunk_clear(&copy);
	*plain = out;
	return TRUE;
}

METHOD(sip_stream_filter_t, output, bool,
	private_sip_tls_aka_filter_t *this, const char *msg, size_t len,
	chunk_t *wire)
{
	imsaka_tls_err_t err;
	chunk_t out;
	size_t n, done = 0, pos = 0, size = 0;

	*wire = chunk_empty;
	if (this->tx_offloaded)
	{	/* never seal with a key the kernel uses: nonces would repeat */
		DBG1(DBG_NET, "tls-aka: the kernel sends on this connection");
		return FALSE;
	}
	/* the connection offered kTLS before its first output, or not at all */
	forget_secrets(this);
	if (!len)
	{
		return TRUE;
	}
	if (len > SIP_CONNECTION_MAX_QUEUED)
	{
		DBG1(DBG_NET, "tls-aka: message too long");
		return FALSE;
	}
	for (n = 0; n < len; n += IMSAKA_TLS_MAX_PLAINTEXT)
	{
		size += IMSAKA_TLS_SEAL_SIZE(IMSAKA_TLS_MAX_PLAINTEXT, 0);
	}
	out = chunk_alloc(size);
	while (done < len)
	{
		n = min(len - done, IMSAKA_TLS_MAX_PLAINTEXT);
		err = this->record->seal(this->record, (const uint8_t*)msg + done, n,
								 0, out.ptr + pos, out.len - pos, &n);
		if (err != IMSAKA_TLS_OK)
		{
			DBG1(DBG_NET, "tls-aka: %s", imsaka_tls_strerror(err));
			chunk_clear(&out);
			return FALSE;
		}
		pos += n;
		done += min(len - done, IMSAKA_TLS_MAX_PLAINTEXT);
	}
	out.len = pos;
	*wire = out;
	return TRUE;
}

METHOD(sip_stream_filter_t, get_identity, bool,
	private_sip_tls_aka_filter_t *this, char *buf, size_t size)
{
	if (!this->identity || strlen(this->identity) >= size)
	{
		return FALSE;
	}
	strncpy(buf, this->identity, size);
	return TRUE;
}

METHOD(sip_stream_filter_t, offload, sip_ktls_t*,
	private_sip_tls_aka_filter_t *this, int fd, bool tx, sip_error_t *err)
{
	sip_ktls_keys_t rx_keys, tx_keys;
	sip_ktls_t *ktls = NULL;
	imsaka_tls_traffic_t *rd, *wr;

	if (!this->ktls)
	{
		sip_error_set(err, 0, "ktls = no");
	}
	else if (!this->secret_len || this->rx_offloaded)
	{
		sip_error_set(err, 0, "records already exchanged in userspace");
	}
	else
	{
		rd = this->record->get_read(this->record);
		wr = this->record->get_write(this->record);
		if (!sip_ktls_keys_derive(this->suite, this->read, this->secret_len,
								  rd->get_seq(rd), &rx_keys) ||
			!sip_ktls_keys_derive(this->suite, this->write, this->secret_len,
								  wr->get_seq(wr), &tx_keys))
		{
			sip_error_set(err, 0, "deriving the keys failed");
		}
		else
		{
			ktls = sip_ktls_install(fd, &rx_keys, tx ? &tx_keys : NULL, NULL,
									err);
		}
		memwipe(&rx_keys, sizeof(rx_keys));
		memwipe(&tx_keys, sizeof(tx_keys));
	}
	forget_secrets(this);
	if (ktls)
	{
		this->rx_offloaded = TRUE;
		this->tx_offloaded = ktls->has_tx(ktls);
		if (tx && !this->tx_offloaded && !err->reason[0])
		{
			sip_error_set(err, 0, "TLS_TX failed");
		}
		else if (!tx)
		{
			sip_error_set(err, 0, "bytes queued to send at the switch");
		}
	}
	return ktls;
}

METHOD(sip_stream_filter_t, finish, void,
	private_sip_tls_aka_filter_t *this, chunk_t *wire)
{
	*wire = chunk_empty;
	if (!this->tx_offloaded)
	{	/* nothing once an alert closed the write side */
		seal_alert(this, IMSAKA_TLS_ALERT_CLOSE_NOTIFY, wire);
	}
}

METHOD(sip_stream_filter_t, destroy, void,
	private_sip_tls_aka_filter_t *this)
{
	forget_secrets(this);
	this->record->destroy(this->record);
	this->reader->destroy(this->reader);
	free(this->identity);
	free(this);
}

/** the option ktls as the program read it at startup: try kernel TLS */
static bool ktls_option = TRUE;

/*
 * Described in header
 */
bool sip_tls_aka_filter_ktls_option(bool *ktls)
{
	if (!frontend_conf_bool("ktls", TRUE, ktls))
	{
		return FALSE;
	}
	ktls_option = *ktls;
	return TRUE;
}

/*
 * Described in header
 */
sip_stream_filter_t *sip_tls_aka_filter_create(uint16_t suite,
											   sip_tls_aka_role_t role,
											   const uint8_t *ue,
											   const uint8_t *pcscf,
											   size_t len,
											   const char *identity)
{
	private_sip_tls_aka_filter_t *this;
	imsaka_tls_record_t *record;
	imsaka_tls_reader_t *reader;

	if (role == SIP_TLS_AKA_UE)
	{
		record = imsaka_tls_record_create(suite, ue, pcscf, len);
	}
	else
	{
		record = imsaka_tls_record_create(suite, pcscf, ue, len);
	}
	if (!record)
	{
		DBG1(DBG_NET, "tls-aka: no record layer for suite %04x with %zu-byte "
			 "secrets", suite, len);
		return NULL;
	}
	reader = imsaka_tls_reader_create();
	if (!reader)
	{
		record->destroy(record);
		return NULL;
	}
	INIT(this,
		.public = {
			.input = _input,
			.output = _output,
			.get_identity = _get_identity,
			.offload = _offload,
			.finish = _finish,
			.destroy = _destroy,
		},
		.record = record,
		.reader = reader,
		.identity = identity ? strdup(identity) : NULL,
		.suite = suite,
		.secret_len = len,
		.ktls = ktls_option,
	);
	memcpy(this->write, role == SIP_TLS_AKA_UE ? ue : pcscf, len);
	memcpy(this->read, role == SIP_TLS_AKA_UE ? pcscf : ue, len);
	return &this->public;
}

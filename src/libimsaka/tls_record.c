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

#include "tls_record.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

/** handshake message type KeyUpdate, RFC 8446 4 */
#define HS_KEY_UPDATE		24
/** KeyUpdate message: type, uint24 length 1, request_update */
#define KEY_UPDATE_MSG_LEN	5

typedef struct private_imsaka_tls_record_t private_imsaka_tls_record_t;

/**
 * Private data of an imsaka_tls_record_t object.
 */
struct private_imsaka_tls_record_t {

	/** public interface */
	imsaka_tls_record_t public;

	/** write direction */
	imsaka_tls_traffic_t *write;

	/** read direction */
	imsaka_tls_traffic_t *read;

	/** the peer asked for a KeyUpdate we have not sent yet */
	bool update_owed;

	/** this side sent close_notify or an alert */
	bool write_closed;

	/** the write side failed in OpenSSL */
	bool write_broken;

	/** the peer sent close_notify */
	bool read_closed;

	/** a record failed to open, or the peer sent a fatal alert */
	bool read_broken;
};

/**
 * Whether a KeyUpdate must go before the next record.
 */
static bool update_needed(private_imsaka_tls_record_t *this)
{
	return this->update_owed || this->write->update_due(this->write);
}

/**
 * Seal a KeyUpdate and switch the write key; the caller checked the
 * buffer size.
 */
static imsaka_tls_err_t send_key_update(private_imsaka_tls_record_t *this,
										bool request, uint8_t *out,
										size_t out_size, size_t *out_len)
{
	uint8_t msg[KEY_UPDATE_MSG_LEN] = { HS_KEY_UPDATE, 0, 0, 1, request };
	imsaka_tls_err_t err;

	err = this->write->seal(this->write, IMSAKA_TLS_CT_HANDSHAKE, msg,
							sizeof(msg), 0, out, out_size, out_len);
	if (err == IMSAKA_TLS_OK && !this->write->update(this->write))
	{
		err = IMSAKA_TLS_ERR_CRYPTO;
	}
	if (err != IMSAKA_TLS_OK)
	{
		this->write_broken = true;
		return err;
	}
	this->update_owed = false;
	return IMSAKA_TLS_OK;
}

/**
 * Seal one record of the given type, with a KeyUpdate first if needed.
 */
static imsaka_tls_err_t seal_type(private_imsaka_tls_record_t *this,
								  uint8_t type, const uint8_t *data,
								  size_t len, size_t padding, uint8_t *out,
								  size_t out_size, size_t *out_len)
{
	size_t need, done = 0, sealed;
	imsaka_tls_err_t err;
	bool update;

	if (this->write_broken)
	{
		return IMSAKA_TLS_ERR_BROKEN;
	}
	if (this->write_closed)
	{
		return IMSAKA_TLS_ERR_CLOSED;
	}
	if (len > IMSAKA_TLS_MAX_PLAINTEXT ||
		padding > IMSAKA_TLS_MAX_PLAINTEXT - len)
	{
		return IMSAKA_TLS_ERR_TOO_LONG;
	}
	update = update_needed(this);
	need = len + padding + IMSAKA_TLS_OVERHEAD;
	if (update)
	{
		need += IMSAKA_TLS_KEY_UPDATE_RECORD_LEN;
	}
	if (out_size < need)
	{
		return IMSAKA_TLS_ERR_BUFFER;
	}
	if (update)
	{
		err = send_key_update(this, false, out, out_size, &done);
		if (err != IMSAKA_TLS_OK)
		{
			return err;
		}
	}
	err = this->write->seal(this->write, type, data, len, padding, out + done,
							out_size - done, &sealed);
	if (err != IMSAKA_TLS_OK)
	{
		this->write_broken = true;
		return err;
	}
	*out_len = done + sealed;
	return IMSAKA_TLS_OK;
}

static imsaka_tls_err_t seal(imsaka_tls_record_t *public, const uint8_t *data,
							 size_t len, size_t padding, uint8_t *out,
							 size_t out_size, size_t *out_len)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;

	return seal_type(this, IMSAKA_TLS_CT_APPLICATION_DATA, data, len, padding,
					 out, out_size, out_len);
}

static imsaka_tls_err_t key_update(imsaka_tls_record_t *public, bool request,
								   uint8_t *out, size_t out_size,
								   size_t *out_len)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;

	if (this->write_broken)
	{
		return IMSAKA_TLS_ERR_BROKEN;
	}
	if (this->write_closed)
	{
		return IMSAKA_TLS_ERR_CLOSED;
	}
	if (out_size < IMSAKA_TLS_KEY_UPDATE_RECORD_LEN)
	{
		return IMSAKA_TLS_ERR_BUFFER;
	}
	return send_key_update(this, request, out, out_size, out_len);
}

static imsaka_tls_err_t seal_alert(imsaka_tls_record_t *public,
								   uint8_t description, uint8_t *out,
								   size_t out_size, size_t *out_len)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;
	/* level warning for close_notify and user_canceled, fatal otherwise;
	 * TLS 1.3 peers ignore it (RFC 8446 6) */
	uint8_t alert[2] = { 2, description };
	imsaka_tls_err_t err;

	if (description == IMSAKA_TLS_ALERT_CLOSE_NOTIFY ||
		description == IMSAKA_TLS_ALERT_USER_CANCELED)
	{
		alert[0] = 1;
	}
	err = seal_type(this, IMSAKA_TLS_CT_ALERT, alert, sizeof(alert), 0,
					out, out_size, out_len);
	if (err == IMSAKA_TLS_OK && description != IMSAKA_TLS_ALERT_USER_CANCELED)
	{
		this->write_closed = true;
	}
	return err;
}

/**
 * Act on a decrypted handshake record: one whole KeyUpdate.
 */
static imsaka_tls_err_t got_handshake(private_imsaka_tls_record_t *this,
									  const uint8_t *msg, size_t len)
{
	if (msg[0] != HS_KEY_UPDATE)
	{
		return IMSAKA_TLS_ERR_HANDSHAKE;
	}
	if (len < 4 || msg[1] || msg[2] || msg[3] != 1)
	{	/* a longer or shorter KeyUpdate, or one cut across records */
		return len < KEY_UPDATE_MSG_LEN ? IMSAKA_TLS_ERR_HANDSHAKE
										: IMSAKA_TLS_ERR_KEY_UPDATE;
	}
	if (len != KEY_UPDATE_MSG_LEN)
	{	/* coalesced with another message, or cut short */
		return IMSAKA_TLS_ERR_HANDSHAKE;
	}
	if (msg[4] > 1)
	{
		return IMSAKA_TLS_ERR_KEY_UPDATE;
	}
	if (!this->read->update(this->read))
	{
		return IMSAKA_TLS_ERR_CRYPTO;
	}
	if (msg[4] == 1 && !this->write_closed)
	{
		this->update_owed = true;
	}
	return IMSAKA_TLS_OK;
}

/**
 * Act on a decrypted alert record: exactly one alert (RFC 8446 5.1).
 */
static imsaka_tls_err_t got_alert(private_imsaka_tls_record_t *this,
								  const uint8_t *msg, size_t len,
								  imsaka_tls_plain_t *plain)
{
	if (len != 2)
	{
		return IMSAKA_TLS_ERR_ALERT_FORMAT;
	}
	plain->alert = msg[1];
	switch (msg[1])
	{
		case IMSAKA_TLS_ALERT_CLOSE_NOTIFY:
			this->read_closed = true;
			return IMSAKA_TLS_CLOSED;
		case IMSAKA_TLS_ALERT_USER_CANCELED:
			return IMSAKA_TLS_OK;
		default:
			return IMSAKA_TLS_ERR_PEER_ALERT;
	}
}

static imsaka_tls_err_t open_(imsaka_tls_record_t *public, uint8_t *record,
							  size_t len, imsaka_tls_plain_t *plain)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;
	imsaka_tls_err_t err;
	uint8_t *data;
	size_t data_len;

	*plain = (imsaka_tls_plain_t){ 0 };
	if (this->read_broken)
	{
		return IMSAKA_TLS_ERR_BROKEN;
	}
	if (this->read_closed)
	{
		return IMSAKA_TLS_ERR_AFTER_CLOSE;
	}
	err = this->read->open(this->read, record, len, &plain->type, &data,
						   &data_len);
	if (err == IMSAKA_TLS_OK)
	{
		switch (plain->type)
		{
			case IMSAKA_TLS_CT_APPLICATION_DATA:
				plain->data = data;
				plain->len = data_len;
				return IMSAKA_TLS_OK;
			case IMSAKA_TLS_CT_HANDSHAKE:
				err = data_len ? got_handshake(this, data, data_len)
							   : IMSAKA_TLS_ERR_EMPTY;
				break;
			case IMSAKA_TLS_CT_ALERT:
				err = data_len ? got_alert(this, data, data_len, plain)
							   : IMSAKA_TLS_ERR_EMPTY;
				break;
			default:
				err = IMSAKA_TLS_ERR_CONTENT_TYPE;
				break;
		}
		OPENSSL_cleanse(data, data_len);
	}
	if (err != IMSAKA_TLS_OK && err != IMSAKA_TLS_CLOSED)
	{
		this->read_broken = true;
	}
	return err;
}

static void set_update_limit(imsaka_tls_record_t *public, uint64_t records)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;

	this->write->set_update_limit(this->write, records);
}

static imsaka_tls_traffic_t *get_write(imsaka_tls_record_t *public)
{
	return ((private_imsaka_tls_record_t*)public)->write;
}

static imsaka_tls_traffic_t *get_read(imsaka_tls_record_t *public)
{
	return ((private_imsaka_tls_record_t*)public)->read;
}

static void destroy(imsaka_tls_record_t *public)
{
	private_imsaka_tls_record_t *this = (private_imsaka_tls_record_t*)public;

	if (this->write)
	{
		this->write->destroy(this->write);
	}
	if (this->read)
	{
		this->read->destroy(this->read);
	}
	free(this);
}

/*
 * Described in header
 */
imsaka_tls_record_t *imsaka_tls_record_create(uint16_t suite,
											  const uint8_t *write,
											  const uint8_t *read,
											  size_t secret_len)
{
	private_imsaka_tls_record_t *this;

	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	this->public = (imsaka_tls_record_t){
		.seal = seal,
		.key_update = key_update,
		.seal_alert = seal_alert,
		.open = open_,
		.set_update_limit = set_update_limit,
		.get_write = get_write,
		.get_read = get_read,
		.destroy = destroy,
	};
	this->write = imsaka_tls_traffic_create(suite, write, secret_len, true);
	this->read = imsaka_tls_traffic_create(suite, read, secret_len, false);
	if (!this->write || !this->read)
	{
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}

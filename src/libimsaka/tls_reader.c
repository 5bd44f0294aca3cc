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

#include "tls_reader.h"
#include "tls_traffic.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

typedef struct private_imsaka_tls_reader_t private_imsaka_tls_reader_t;

/**
 * Private data of an imsaka_tls_reader_t object.
 */
struct private_imsaka_tls_reader_t {

	/** public interface */
	imsaka_tls_reader_t public;

	/** buffer of a record cut by the chunking */
	uint8_t *buf;

	/** allocated size of buf */
	size_t size;

	/** bytes in buf */
	size_t have;

	/** whole record length once the header is in, else 0 */
	size_t need;

	/** buf holds a record handed out by the last call */
	bool delivered;

	/** a header was refused */
	bool broken;
};

/**
 * Check a complete header; on success the whole record length.
 */
static imsaka_tls_err_t check_header(const uint8_t *h, size_t *record_len)
{
	imsaka_tls_err_t err;
	size_t length;

	err = imsaka_tls_traffic_check_header(h, &length);
	if (err != IMSAKA_TLS_OK)
	{
		return err;
	}
	*record_len = IMSAKA_TLS_HEADER_LEN + length;
	return IMSAKA_TLS_OK;
}

/**
 * Drop a record handed out last time; free a large buffer.
 */
static void release(private_imsaka_tls_reader_t *this)
{
	if (!this->delivered)
	{
		return;
	}
	OPENSSL_cleanse(this->buf, this->have);
	this->have = this->need = 0;
	this->delivered = false;
	if (this->size > IMSAKA_TLS_READER_KEEP)
	{
		free(this->buf);
		this->buf = NULL;
		this->size = 0;
	}
}

/**
 * Copy up to want bytes of input into buf.
 */
static void take(private_imsaka_tls_reader_t *this, uint8_t **data,
				 size_t *len, size_t want)
{
	size_t n = want - this->have;

	if (n > *len)
	{
		n = *len;
	}
	memcpy(this->buf + this->have, *data, n);
	this->have += n;
	*data += n;
	*len -= n;
}

/**
 * Make buf hold at least size bytes, keeping its content.
 */
static bool reserve(private_imsaka_tls_reader_t *this, size_t size)
{
	uint8_t *buf;

	if (this->size >= size)
	{
		return true;
	}
	/* not realloc(): the old buffer may hold a header, wipe it ourselves */
	buf = malloc(size);
	if (!buf)
	{
		return false;
	}
	if (this->buf)
	{
		memcpy(buf, this->buf, this->have);
		OPENSSL_cleanse(this->buf, this->size);
		free(this->buf);
	}
	this->buf = buf;
	this->size = size;
	return true;
}

static imsaka_tls_err_t read_(imsaka_tls_reader_t *public, uint8_t **data,
							  size_t *len, uint8_t **record,
							  size_t *record_len)
{
	private_imsaka_tls_reader_t *this = (private_imsaka_tls_reader_t*)public;
	imsaka_tls_err_t err;
	size_t need;

	release(this);
	if (this->broken)
	{
		return IMSAKA_TLS_ERR_BROKEN;
	}
	if (!this->have && *len >= IMSAKA_TLS_HEADER_LEN)
	{	/* fast path: a record starting in the input */
		err = check_header(*data, &need);
		if (err != IMSAKA_TLS_OK)
		{
			this->broken = true;
			return err;
		}
		if (*len >= need)
		{
			*record = *data;
			*record_len = need;
			*data += need;
			*len -= need;
			return IMSAKA_TLS_OK;
		}
	}
	if (!*len)
	{
		return IMSAKA_TLS_AGAIN;
	}
	if (!this->need)
	{
		if (!reserve(this, IMSAKA_TLS_HEADER_LEN))
		{
			return IMSAKA_TLS_ERR_BUFFER;
		}
		take(this, data, len, IMSAKA_TLS_HEADER_LEN);
		if (this->have < IMSAKA_TLS_HEADER_LEN)
		{
			return IMSAKA_TLS_AGAIN;
		}
		err = check_header(this->buf, &need);
		if (err != IMSAKA_TLS_OK)
		{
			this->broken = true;
			return err;
		}
		if (!reserve(this, need))
		{
			return IMSAKA_TLS_ERR_BUFFER;
		}
		this->need = need;
	}
	take(this, data, len, this->need);
	if (this->have < this->need)
	{
		return IMSAKA_TLS_AGAIN;
	}
	this->delivered = true;
	*record = this->buf;
	*record_len = this->need;
	return IMSAKA_TLS_OK;
}

static size_t pending(imsaka_tls_reader_t *public)
{
	private_imsaka_tls_reader_t *this = (private_imsaka_tls_reader_t*)public;

	return this->delivered ? 0 : this->have;
}

static void destroy(imsaka_tls_reader_t *public)
{
	private_imsaka_tls_reader_t *this = (private_imsaka_tls_reader_t*)public;

	if (this->buf)
	{
		OPENSSL_cleanse(this->buf, this->size);
		free(this->buf);
	}
	free(this);
}

/*
 * Described in header
 */
imsaka_tls_reader_t *imsaka_tls_reader_create(void)
{
	private_imsaka_tls_reader_t *this;

	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	this->public = (imsaka_tls_reader_t){
		.read = read_,
		.pending = pending,
		.destroy = destroy,
	};
	return &this->public;
}

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

/**
 * @defgroup imsaka_tls_reader tls_reader
 * @{ @ingroup libimsaka
 *
 * Cuts a TCP byte stream, in any chunking, into TLS records for
 * tls_record.h. The 5-byte header is checked as soon as it is complete
 * (type 23, version 0x0303, length 17..2^14+256), so a bad or oversize
 * record is refused before its body is waited for.
 *
 * Whole records inside the caller's receive buffer are handed back in
 * place, without a copy; only a record cut by the chunking is copied into
 * the reader's own buffer, sized to that record (at most 2^14+261 bytes).
 * A small buffer (up to 2 KiB, a typical SIP message) is kept for the
 * next record, a larger one freed: an idle connection holds little.
 */

#ifndef IMSAKA_TLS_READER_H_
#define IMSAKA_TLS_READER_H_

#include "tls_error.h"

#include <stddef.h>
#include <stdint.h>

/** a record buffer up to this size is kept between records */
#define IMSAKA_TLS_READER_KEEP	2048

typedef struct imsaka_tls_reader_t imsaka_tls_reader_t;

/**
 * Record reader of one connection.
 */
struct imsaka_tls_reader_t {

	/**
	 * Take bytes until one record is whole. Call again with the rest of
	 * the input until it returns AGAIN.
	 *
	 * @param data		input; advanced past what was taken. Records
	 *					returned in place are decrypted in place, so the
	 *					input must be writable
	 * @param len		input length; reduced by what was taken
	 * @param record	receives the record (header included), writable,
	 *					valid until the next call and the input lives
	 * @param record_len receives the record length
	 * @return			OK with a record, AGAIN when all input was taken
	 *					without completing one, or the header error
	 *					(ERR_RECORD_TYPE, ERR_VERSION, ERR_LENGTH,
	 *					ERR_RECORD_OVERFLOW), after which the reader
	 *					answers ERR_BROKEN
	 */
	imsaka_tls_err_t (*read)(imsaka_tls_reader_t *this, uint8_t **data,
							 size_t *len, uint8_t **record,
							 size_t *record_len);

	/**
	 * Bytes held of an incomplete record.
	 *
	 * @return			number of bytes buffered
	 */
	size_t (*pending)(imsaka_tls_reader_t *this);

	/**
	 * Wipe and free the reader.
	 */
	void (*destroy)(imsaka_tls_reader_t *this);
};

/**
 * Create a record reader.
 *
 * @return			reader, NULL if out of memory
 */
imsaka_tls_reader_t *imsaka_tls_reader_create(void);

#endif /** IMSAKA_TLS_READER_H_ @}*/

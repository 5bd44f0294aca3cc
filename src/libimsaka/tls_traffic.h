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
 * @defgroup imsaka_tls_traffic tls_traffic
 * @{ @ingroup libimsaka
 *
 * Record protection of one direction of a TLS 1.3 connection (RFC 8446
 * 5.2-5.5, 7.2, 7.3): a traffic secret, the key and IV derived from it,
 * the sequence number, and seal or open of one TLSCiphertext record.
 *
 *   key = HKDF-Expand-Label(secret, "key", "", key_len)
 *   iv  = HKDF-Expand-Label(secret, "iv", "", 12)
 *   nonce = iv XOR seq (64-bit, big-endian, left-padded to 12 bytes)
 *   record = 23 | 0x0303 | length(2) | AEAD(nonce, header, inner || tag)
 *   inner = content | content type | zero padding
 *   next secret = HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)
 *
 * The object is keyed by a traffic secret, so OpenSSL's own secrets (from
 * its key log) drive it as well as tls-aka's (tls_aka_keys.h).
 */

#ifndef IMSAKA_TLS_TRAFFIC_H_
#define IMSAKA_TLS_TRAFFIC_H_

#include "tls_error.h"
#include "tls_suite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** record header: opaque_type, legacy_record_version, length */
#define IMSAKA_TLS_HEADER_LEN			5
/** longest TLSPlaintext fragment (content and padding), 2^14 */
#define IMSAKA_TLS_MAX_PLAINTEXT		16384
/** longest TLSCiphertext.encrypted_record, 2^14 + 256 */
#define IMSAKA_TLS_MAX_CIPHERTEXT		(16384 + 256)
/** longest record on the wire */
#define IMSAKA_TLS_MAX_RECORD	(IMSAKA_TLS_HEADER_LEN + IMSAKA_TLS_MAX_CIPHERTEXT)
/** bytes a record adds to content and padding: header, type, tag */
#define IMSAKA_TLS_OVERHEAD	(IMSAKA_TLS_HEADER_LEN + 1 + IMSAKA_TLS_TAG_LEN)

/** content types (RFC 8446 5.1) */
#define IMSAKA_TLS_CT_CHANGE_CIPHER_SPEC	20
#define IMSAKA_TLS_CT_ALERT					21
#define IMSAKA_TLS_CT_HANDSHAKE				22
#define IMSAKA_TLS_CT_APPLICATION_DATA		23

typedef struct imsaka_tls_traffic_t imsaka_tls_traffic_t;

/**
 * One direction's record protection.
 */
struct imsaka_tls_traffic_t {

	/**
	 * Protect one record: header, then content || type || padding zero
	 * bytes, encrypted, then the tag. The sequence number advances.
	 *
	 * @param type		inner content type, e.g. IMSAKA_TLS_CT_APPLICATION_DATA
	 * @param data		content (may be out + IMSAKA_TLS_HEADER_LEN)
	 * @param len		content length
	 * @param padding	zero bytes to add; len + padding <= 2^14
	 * @param out		receives the record, len + padding +
	 *					IMSAKA_TLS_OVERHEAD bytes
	 * @param out_size	size of out
	 * @param out_len	receives the record length
	 * @return			OK, ERR_TOO_LONG, ERR_BUFFER, ERR_KEY_EXHAUSTED
	 *					(the sequence number reached the suite's limit) or
	 *					ERR_CRYPTO
	 */
	imsaka_tls_err_t (*seal)(imsaka_tls_traffic_t *this, uint8_t type,
							 const uint8_t *data, size_t len, size_t padding,
							 uint8_t *out, size_t out_size, size_t *out_len);

	/**
	 * Check and decrypt one whole record in place; padding is stripped.
	 * The sequence number advances only on success.
	 *
	 * @param record	record, header included; decrypted in place
	 * @param len		record length
	 * @param type		receives the inner content type
	 * @param data		receives where the content starts (in record)
	 * @param data_len	receives the content length
	 * @return			OK or the header, length, AEAD or content error
	 */
	imsaka_tls_err_t (*open)(imsaka_tls_traffic_t *this, uint8_t *record,
							 size_t len, uint8_t *type, uint8_t **data,
							 size_t *data_len);

	/**
	 * Move to the next traffic secret (KeyUpdate, RFC 8446 7.2) and the
	 * key and IV derived from it; the sequence number restarts at 0.
	 *
	 * @return			FALSE if OpenSSL failed (the object is then unusable)
	 */
	bool (*update)(imsaka_tls_traffic_t *this);

	/**
	 * Whether the sender should update its key before the next record,
	 * i.e. the sequence number reached the update threshold.
	 *
	 * @return			TRUE if an update is due
	 */
	bool (*update_due)(imsaka_tls_traffic_t *this);

	/**
	 * Set the number of records after which update_due() turns TRUE;
	 * capped at the suite's threshold (suite->update_records).
	 *
	 * @param records	records per key, at least 1
	 */
	void (*set_update_limit)(imsaka_tls_traffic_t *this, uint64_t records);

	/**
	 * Sequence number of the next record.
	 *
	 * @return			sequence number
	 */
	uint64_t (*get_seq)(imsaka_tls_traffic_t *this);

	/**
	 * Continue at a sequence number, e.g. to test the AEAD limits.
	 *
	 * @param seq		sequence number of the next record
	 */
	void (*set_seq)(imsaka_tls_traffic_t *this, uint64_t seq);

	/**
	 * The cipher suite.
	 *
	 * @return			suite
	 */
	const imsaka_tls_suite_t *(*get_suite)(imsaka_tls_traffic_t *this);

	/**
	 * Wipe the keys and free the object.
	 */
	void (*destroy)(imsaka_tls_traffic_t *this);
};

/**
 * Create one direction's protection from a traffic secret.
 *
 * @param suite		cipher suite code point, e.g. 0x1301
 * @param secret	traffic secret, Hash.length bytes (copied)
 * @param secret_len secret length, must be the suite's hash length
 * @param encrypt	TRUE to seal (write side), FALSE to open (read side)
 * @return			object, NULL for an unknown suite, a wrong secret
 *					length or an OpenSSL failure
 */
imsaka_tls_traffic_t *imsaka_tls_traffic_create(uint16_t suite,
												const uint8_t *secret,
												size_t secret_len,
												bool encrypt);

/**
 * Check the header of a protected record: type application_data, legacy
 * version 0x0303, a length from one content type byte and the tag up to
 * the ciphertext limit.
 *
 * @param header	the IMSAKA_TLS_HEADER_LEN header bytes
 * @param length	receives the length of the record after the header
 * @return			IMSAKA_TLS_OK or the error found
 */
imsaka_tls_err_t imsaka_tls_traffic_check_header(const uint8_t *header,
												 size_t *length);

#endif /** IMSAKA_TLS_TRAFFIC_H_ @}*/

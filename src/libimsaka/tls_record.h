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
 * @defgroup imsaka_tls_record tls_record
 * @{ @ingroup libimsaka
 *
 * The TLS 1.3 record layer of one connection (RFC 8446 5, 6, 4.6.3),
 * without a handshake: both directions' protection (tls_traffic.h),
 * KeyUpdate, alerts and close_notify.
 *
 * After the switch to protection only these may arrive: application data
 * (content type 23, empty allowed), one KeyUpdate per handshake record
 * (22; tls-aka has no other handshake message) and alerts (21). The
 * writer updates its key by itself (a KeyUpdate record goes first) when
 * its sequence number reaches the suite's update threshold, and answers a
 * KeyUpdate with update_requested with its own before its next record.
 * Any error on a direction is final for it.
 */

#ifndef IMSAKA_TLS_RECORD_H_
#define IMSAKA_TLS_RECORD_H_

#include "tls_traffic.h"

/** a KeyUpdate record: header, 4-byte message header, 1 byte, type, tag */
#define IMSAKA_TLS_KEY_UPDATE_RECORD_LEN	(IMSAKA_TLS_OVERHEAD + 5)

/** an alert record */
#define IMSAKA_TLS_ALERT_RECORD_LEN			(IMSAKA_TLS_OVERHEAD + 2)

/** bytes seal() may write for len content and padding bytes */
#define IMSAKA_TLS_SEAL_SIZE(len, padding) \
	(IMSAKA_TLS_KEY_UPDATE_RECORD_LEN + (len) + (padding) + IMSAKA_TLS_OVERHEAD)

/** alert descriptions handled by the record layer itself */
#define IMSAKA_TLS_ALERT_CLOSE_NOTIFY	0
#define IMSAKA_TLS_ALERT_USER_CANCELED	90

typedef struct imsaka_tls_record_t imsaka_tls_record_t;

/**
 * What open() found in a record.
 */
typedef struct {
	/** inner content type */
	uint8_t type;
	/** application data (in the record buffer), NULL for other types */
	uint8_t *data;
	/** application data length (0 for other types) */
	size_t len;
	/** the alert description for type IMSAKA_TLS_CT_ALERT */
	uint8_t alert;
} imsaka_tls_plain_t;

/**
 * Record layer of one connection.
 */
struct imsaka_tls_record_t {

	/**
	 * Protect application data as one record. A KeyUpdate record goes
	 * first if the key is due for an update or the peer asked for one.
	 *
	 * @param data		content
	 * @param len		content length
	 * @param padding	zero bytes of padding; len + padding <= 2^14
	 * @param out		receives the record(s)
	 * @param out_size	size of out; IMSAKA_TLS_SEAL_SIZE(len, padding) is
	 *					always enough
	 * @param out_len	receives the number of bytes to send
	 * @return			OK, ERR_TOO_LONG or ERR_BUFFER (nothing changed),
	 *					ERR_CLOSED, ERR_BROKEN or ERR_CRYPTO
	 */
	imsaka_tls_err_t (*seal)(imsaka_tls_record_t *this, const uint8_t *data,
							 size_t len, size_t padding, uint8_t *out,
							 size_t out_size, size_t *out_len);

	/**
	 * Send a KeyUpdate now and switch to the next write key.
	 *
	 * @param request	TRUE to ask the peer to update its key as well
	 * @param out		receives the KeyUpdate record (one: it also answers a
	 *					KeyUpdate the peer asked for)
	 * @param out_size	size of out
	 * @param out_len	receives the number of bytes to send
	 * @return			OK or an error as in seal()
	 */
	imsaka_tls_err_t (*key_update)(imsaka_tls_record_t *this, bool request,
								   uint8_t *out, size_t out_size,
								   size_t *out_len);

	/**
	 * Send an alert and close the write side: close_notify (0) at the end
	 * of a connection, or the alert of a failure (imsaka_tls_err_alert()).
	 *
	 * @param description	alert description
	 * @param out		receives the record(s)
	 * @param out_size	size of out
	 * @param out_len	receives the number of bytes to send
	 * @return			OK or an error as in seal()
	 */
	imsaka_tls_err_t (*seal_alert)(imsaka_tls_record_t *this,
								   uint8_t description, uint8_t *out,
								   size_t out_size, size_t *out_len);

	/**
	 * Check, decrypt (in place) and act on one whole record: deliver
	 * application data, update the read key on a KeyUpdate, recognise
	 * close_notify and fatal alerts.
	 *
	 * @param record	record, header included (see tls_reader.h)
	 * @param len		record length
	 * @param plain		receives what the record held
	 * @return			OK (plain->type APPLICATION_DATA with data, or
	 *					HANDSHAKE/ALERT with nothing to deliver), CLOSED on
	 *					close_notify, ERR_PEER_ALERT (plain->alert), or the
	 *					error that ended the read side
	 */
	imsaka_tls_err_t (*open)(imsaka_tls_record_t *this, uint8_t *record,
							 size_t len, imsaka_tls_plain_t *plain);

	/**
	 * Records per write key before this side updates it, capped at the
	 * suite's threshold (shorter key lifetimes, or tests).
	 *
	 * @param records	records per key, at least 1
	 */
	void (*set_update_limit)(imsaka_tls_record_t *this, uint64_t records);

	/**
	 * The write direction's protection (sequence number, suite).
	 *
	 * @return			write side, owned by this object
	 */
	imsaka_tls_traffic_t *(*get_write)(imsaka_tls_record_t *this);

	/**
	 * The read direction's protection.
	 *
	 * @return			read side, owned by this object
	 */
	imsaka_tls_traffic_t *(*get_read)(imsaka_tls_record_t *this);

	/**
	 * Wipe all keys and free the object.
	 */
	void (*destroy)(imsaka_tls_record_t *this);
};

/**
 * Create the record layer of a connection from its two traffic secrets.
 * For tls-aka the UE writes with the "ue ap traffic" secret and reads with
 * the "pcscf ap traffic" one, the P-CSCF the other way round.
 *
 * @param suite		cipher suite code point
 * @param write		this side's traffic secret (copied)
 * @param read		the peer's traffic secret (copied)
 * @param secret_len length of both, the suite's hash length
 * @return			object, NULL for an unknown suite, a wrong length or an
 *					OpenSSL failure
 */
imsaka_tls_record_t *imsaka_tls_record_create(uint16_t suite,
											  const uint8_t *write,
											  const uint8_t *read,
											  size_t secret_len);

#endif /** IMSAKA_TLS_RECORD_H_ @}*/

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
 * @defgroup sip_ktls sip_ktls
 * @{ @ingroup sip_frontend
 * Kernel TLS (Linux kTLS, CONFIG_TLS) for a tls-aka connection: the TLS 1.3
 * record keys of each direction installed with setsockopt(SOL_TLS, TLS_RX /
 * TLS_TX), records received with recvmsg() and their content type from the
 * TLS_GET_RECORD_TYPE cmsg, alerts sent with TLS_SET_RECORD_TYPE.
 *
 * Optional: where the kernel has no kTLS (TCP_ULP "tls" fails with ENOENT),
 * or refuses the suite, the connection stays on the userspace record layer
 * (docs/TLS-AKA.md, "Kernel TLS"). The receive direction goes first: a
 * connection may end up with kernel receive and userspace send, never the
 * other way round.
 *
 * The kernel of Debian 12 (6.1) cannot change keys (no KeyUpdate): the send
 * side counts the records it may have made and refuses to go on at the
 * suite's update threshold; a KeyUpdate received ends the connection.
 */

#ifndef SIP_KTLS_H_
#define SIP_KTLS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <linux/tls.h>

#include "sip_error.h"

/** record content types the kernel reports (RFC 8446 5.1) */
#define SIP_KTLS_CT_ALERT			21
#define SIP_KTLS_CT_HANDSHAKE		22
#define SIP_KTLS_CT_APPLICATION_DATA	23

/** longest plaintext of one record the kernel makes, 2^14 */
#define SIP_KTLS_MAX_PLAINTEXT		16384

typedef struct sip_ktls_t sip_ktls_t;

/**
 * One direction's record keys as TLS 1.3 derives them from a traffic
 * secret (RFC 8446 7.3).
 */
typedef struct {
	/** cipher suite code point, e.g. 0x1301 */
	uint16_t suite;
	/** AEAD key */
	uint8_t key[32];
	/** key length, 16 or 32 */
	size_t key_len;
	/** the 12-byte write IV */
	uint8_t iv[12];
	/** sequence number of the next record */
	uint64_t seq;
} sip_ktls_keys_t;

/**
 * The crypto_info of TLS_TX / TLS_RX, one of the kernel's layouts.
 */
typedef union {
	/** version and cipher_type, common to all */
	struct tls_crypto_info info;
	/** TLS_AES_128_GCM_SHA256 */
	struct tls12_crypto_info_aes_gcm_128 aes_gcm_128;
	/** TLS_AES_256_GCM_SHA384 */
	struct tls12_crypto_info_aes_gcm_256 aes_gcm_256;
	/** TLS_CHACHA20_POLY1305_SHA256 */
	struct tls12_crypto_info_chacha20_poly1305 chacha20_poly1305;
} sip_ktls_crypto_info_t;

/**
 * The setsockopt() used to install keys (tests give their own).
 */
typedef int (*sip_ktls_setsockopt_t)(int fd, int level, int name,
									 const void *value, socklen_t len);

/**
 * Kernel TLS on one connection.
 */
struct sip_ktls_t {

	/**
	 * Whether the send direction is in the kernel too (else only the
	 * receive direction is, and the userspace record layer sends).
	 *
	 * @return			TRUE if the kernel makes the records sent
	 */
	bool (*has_tx)(sip_ktls_t *this);

	/**
	 * Receive the content of records of one type (recvmsg() with a
	 * TLS_GET_RECORD_TYPE cmsg buffer).
	 *
	 * @param buf		receives plaintext
	 * @param size		size of buf
	 * @param type		receives the content type (application data if the
	 *					kernel gave none)
	 * @return			bytes, 0 when the peer closed TCP, -1 with errno
	 *					(EAGAIN; EBADMSG: authentication failed; EMSGSIZE:
	 *					record too long; EINVAL: not a TLS record)
	 */
	ssize_t (*recv)(sip_ktls_t *this, void *buf, size_t size, uint8_t *type);

	/**
	 * Count what a send() took: the kernel made at most one record per
	 * 2^14 bytes and one more.
	 *
	 * @param bytes		bytes send() accepted
	 * @return			FALSE once the write key reached its record limit:
	 *					the connection must end (no KeyUpdate in the kernel)
	 */
	bool (*sent)(sip_ktls_t *this, size_t bytes);

	/**
	 * Records per write key before sent() refuses; capped at the suite's
	 * update threshold (2^24 for AES-GCM, 2^62 for ChaCha20-Poly1305).
	 *
	 * @param records	records, at least 1
	 */
	void (*set_record_limit)(sip_ktls_t *this, uint64_t records);

	/**
	 * Send an alert record (TLS_SET_RECORD_TYPE 21), once: close_notify
	 * (warning) or a fatal alert; nothing if the send side is not in the
	 * kernel or an alert went already. Best effort, never blocks.
	 *
	 * @param description	alert description, e.g. 0 for close_notify
	 * @return			TRUE if the kernel took it
	 */
	bool (*send_alert)(sip_ktls_t *this, uint8_t description);

	/**
	 * Free the object (the socket is not closed).
	 */
	void (*destroy)(sip_ktls_t *this);
};

/**
 * Derive one direction's key and IV from its traffic secret, as TLS 1.3
 * does: key = HKDF-Expand-Label(secret, "key", "", key_length),
 * iv = HKDF-Expand-Label(secret, "iv", "", 12).
 *
 * @param suite		cipher suite code point
 * @param secret	traffic secret
 * @param len		its length, the suite's hash length
 * @param seq		sequence number of the next record
 * @param keys		receives the keys (wipe them after use)
 * @return			FALSE for an unknown suite, a wrong length or an
 *					OpenSSL failure
 */
bool sip_ktls_keys_derive(uint16_t suite, const uint8_t *secret, size_t len,
						  uint64_t seq, sip_ktls_keys_t *keys);

/**
 * Fill the crypto_info the kernel takes for TLS 1.3 with a suite:
 * version TLS_1_3_VERSION, the cipher type, the key; for AES-GCM salt =
 * IV[0..3] and iv = IV[4..11], for ChaCha20-Poly1305 iv = the whole IV;
 * rec_seq = the sequence number, big-endian.
 *
 * @param keys		the keys
 * @param info		receives the crypto_info (wipe it after use)
 * @param len		receives the size to pass to setsockopt()
 * @return			FALSE for a suite the kernel has no layout for
 */
bool sip_ktls_crypto_info(const sip_ktls_keys_t *keys,
						  sip_ktls_crypto_info_t *info, socklen_t *len);

/**
 * Try to hand a connected TCP socket's records to the kernel:
 * setsockopt(SOL_TCP, TCP_ULP, "tls"), then TLS_RX, then (if tx is given)
 * TLS_TX. The caller must have no received bytes pending in userspace (the
 * kernel takes the socket's receive queue as records) and, for tx, nothing
 * queued to send.
 *
 * @param fd		connected TCP socket
 * @param rx		the receive direction's keys
 * @param tx		the send direction's keys, NULL to keep it in userspace
 * @param fn		setsockopt() to use, NULL for the system's
 * @param err		receives why the kernel took less than asked
 *					(e.g. "TCP_ULP tls: No such file or directory"),
 *					status 0; an empty reason if it took all
 * @return			object (receive in the kernel, send if has_tx()), NULL
 *					if nothing changed hands (stay in userspace)
 */
sip_ktls_t *sip_ktls_install(int fd, const sip_ktls_keys_t *rx,
							 const sip_ktls_keys_t *tx,
							 sip_ktls_setsockopt_t fn, sip_error_t *err);

#endif /** SIP_KTLS_H_ @}*/

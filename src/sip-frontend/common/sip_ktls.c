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

#include "sip_ktls.h"

#include <library.h>
#include <utils/debug.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include <tls_hkdf.h>
#include <tls_suite.h>

#ifndef SOL_TLS
#define SOL_TLS 282
#endif

typedef struct private_sip_ktls_t private_sip_ktls_t;

/**
 * Private data of a sip_ktls_t object.
 */
struct private_sip_ktls_t {

	/**
	 * Public interface
	 */
	sip_ktls_t public;

	/**
	 * The socket (not owned)
	 */
	int fd;

	/**
	 * Send direction in the kernel
	 */
	bool tx;

	/**
	 * An alert went out (or the send side is not ours): no more
	 */
	bool alert_sent;

	/**
	 * Records the kernel may have made with the write key, at most
	 */
	uint64_t records;

	/**
	 * Records allowed per write key
	 */
	uint64_t limit;

	/**
	 * The suite's update threshold
	 */
	uint64_t max_limit;
};

METHOD(sip_ktls_t, has_tx, bool,
	private_sip_ktls_t *this)
{
	return this->tx;
}

METHOD(sip_ktls_t, recv_, ssize_t,
	private_sip_ktls_t *this, void *buf, size_t size, uint8_t *type)
{
	char control[CMSG_SPACE(sizeof(uint8_t))];
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	ssize_t n;

	*type = SIP_KTLS_CT_APPLICATION_DATA;
	memset(control, 0, sizeof(control));
	n = recvmsg(this->fd, &msg, 0);
	if (n < 0)
	{
		return n;
	}
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
	{
		if (cmsg->cmsg_level == SOL_TLS &&
			cmsg->cmsg_type == TLS_GET_RECORD_TYPE &&
			cmsg->cmsg_len >= CMSG_LEN(sizeof(uint8_t)))
		{
			*type = *(uint8_t*)CMSG_DATA(cmsg);
		}
	}
	return n;
}

METHOD(sip_ktls_t, sent, bool,
	private_sip_ktls_t *this, size_t bytes)
{
	/* counted after the fact: the threshold is far below the hard limit
	 * (2^24 and 2^24.5 for AES-GCM), a send overshoots it by a few records */
	this->records += bytes / SIP_KTLS_MAX_PLAINTEXT + 1;
	return this->records < this->limit;
}

METHOD(sip_ktls_t, set_record_limit, void,
	private_sip_ktls_t *this, uint64_t records)
{
	this->limit = max(1, min(records, this->max_limit));
}

METHOD(sip_ktls_t, send_alert, bool,
	private_sip_ktls_t *this, uint8_t description)
{
	char control[CMSG_SPACE(sizeof(uint8_t))];
	/* warning for close_notify and user_canceled, fatal otherwise, as the
	 * userspace record layer does */
	uint8_t alert[2] = { description == 0 || description == 90 ? 1 : 2,
						 description };
	struct iovec iov = { .iov_base = alert, .iov_len = sizeof(alert) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	socklen_t len = sizeof(int);
	int err;

	if (!this->tx || this->alert_sent)
	{
		return FALSE;
	}
	this->alert_sent = TRUE;
	/* a failed record leaves its error on the socket (tls_err_abort()),
	 * which would refuse the alert: take it off (SO_ERROR clears it) */
	getsockopt(this->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	/* the alert is the last record: out at once, not held back by Nagle
	 * until a close() that finds unread bytes resets the connection */
	err = 1;
	setsockopt(this->fd, IPPROTO_TCP, TCP_NODELAY, &err, sizeof(err));
	memset(control, 0, sizeof(control));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_TLS;
	cmsg->cmsg_type = TLS_SET_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(sizeof(uint8_t));
	*(uint8_t*)CMSG_DATA(cmsg) = SIP_KTLS_CT_ALERT;
	if (sendmsg(this->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) !=
		(ssize_t)sizeof(alert))
	{
		DBG2(DBG_NET, "kTLS alert %u not sent: %s", description,
			 strerror(errno));
		return FALSE;
	}
	return TRUE;
}

METHOD(sip_ktls_t, destroy, void,
	private_sip_ktls_t *this)
{
	free(this);
}

/*
 * Described in header
 */
bool sip_ktls_keys_derive(uint16_t suite, const uint8_t *secret, size_t len,
						  uint64_t seq, sip_ktls_keys_t *keys)
{
	const imsaka_tls_suite_t *s = imsaka_tls_suite_get(suite);

	memset(keys, 0, sizeof(*keys));
	if (!s || len != s->hash_len || s->key_len > sizeof(keys->key))
	{
		return FALSE;
	}
	keys->suite = suite;
	keys->key_len = s->key_len;
	keys->seq = seq;
	if (!imsaka_tls_hkdf_expand_label(s->digest, secret, len, "key", NULL, 0,
									  keys->key, keys->key_len) ||
		!imsaka_tls_hkdf_expand_label(s->digest, secret, len, "iv", NULL, 0,
									  keys->iv, sizeof(keys->iv)))
	{
		memwipe(keys, sizeof(*keys));
		return FALSE;
	}
	return TRUE;
}

/**
 * rec_seq: the sequence number, big-endian
 */
static void put_seq(unsigned char *rec_seq, uint64_t seq)
{
	int i;

	for (i = 7; i >= 0; i--)
	{
		rec_seq[i] = seq & 0xff;
		seq >>= 8;
	}
}

/*
 * Described in header
 */
bool sip_ktls_crypto_info(const sip_ktls_keys_t *keys,
						  sip_ktls_crypto_info_t *info, socklen_t *len)
{
	memset(info, 0, sizeof(*info));
	info->info.version = TLS_1_3_VERSION;
	switch (keys->suite)
	{
		case IMSAKA_TLS_AES_128_GCM_SHA256:
			if (keys->key_len != sizeof(info->aes_gcm_128.key))
			{
				return FALSE;
			}
			info->info.cipher_type = TLS_CIPHER_AES_GCM_128;
			memcpy(info->aes_gcm_128.salt, keys->iv, 4);
			memcpy(info->aes_gcm_128.iv, keys->iv + 4, 8);
			memcpy(info->aes_gcm_128.key, keys->key, keys->key_len);
			put_seq(info->aes_gcm_128.rec_seq, keys->seq);
			*len = sizeof(info->aes_gcm_128);
			return TRUE;
		case IMSAKA_TLS_AES_256_GCM_SHA384:
			if (keys->key_len != sizeof(info->aes_gcm_256.key))
			{
				return FALSE;
			}
			info->info.cipher_type = TLS_CIPHER_AES_GCM_256;
			memcpy(info->aes_gcm_256.salt, keys->iv, 4);
			memcpy(info->aes_gcm_256.iv, keys->iv + 4, 8);
			memcpy(info->aes_gcm_256.key, keys->key, keys->key_len);
			put_seq(info->aes_gcm_256.rec_seq, keys->seq);
			*len = sizeof(info->aes_gcm_256);
			return TRUE;
		case IMSAKA_TLS_CHACHA20_POLY1305_SHA256:
			if (keys->key_len != sizeof(info->chacha20_poly1305.key))
			{
				return FALSE;
			}
			info->info.cipher_type = TLS_CIPHER_CHACHA20_POLY1305;
			memcpy(info->chacha20_poly1305.iv, keys->iv, 12);
			memcpy(info->chacha20_poly1305.key, keys->key, keys->key_len);
			put_seq(info->chacha20_poly1305.rec_seq, keys->seq);
			*len = sizeof(info->chacha20_poly1305);
			return TRUE;
		default:
			memset(info, 0, sizeof(*info));
			return FALSE;
	}
}

/**
 * Install one direction's keys; on failure fill err
 */
static bool install_dir(int fd, int name, const sip_ktls_keys_t *keys,
						sip_ktls_setsockopt_t fn, sip_error_t *err)
{
	sip_ktls_crypto_info_t info;
	const char *what = name == TLS_RX ? "TLS_RX" : "TLS_TX";
	socklen_t len;
	int failed = 0;

	if (!sip_ktls_crypto_info(keys, &info, &len))
	{
		return sip_error_setf(err, 0, "%s: no kTLS layout for suite %04x",
							  what, keys->suite);
	}
	if (fn(fd, SOL_TLS, name, &info, len) != 0)
	{
		failed = errno;
		sip_error_setf(err, 0, "%s suite %04x: %s", what, keys->suite,
					   strerror(failed));
	}
	memwipe(&info, sizeof(info));
	return !failed;
}

/*
 * Described in header
 */
sip_ktls_t *sip_ktls_install(int fd, const sip_ktls_keys_t *rx,
							 const sip_ktls_keys_t *tx,
							 sip_ktls_setsockopt_t fn, sip_error_t *err)
{
	private_sip_ktls_t *this;
	const imsaka_tls_suite_t *suite;
	bool have_tx = FALSE;

	sip_error_set(err, 0, "");
	fn = fn ?: (sip_ktls_setsockopt_t)setsockopt;
	suite = imsaka_tls_suite_get(tx ? tx->suite : rx->suite);
	if (!suite || (tx && tx->suite != rx->suite))
	{
		sip_error_setf(err, 0, "unknown suite %04x", rx->suite);
		return NULL;
	}
	if (fn(fd, IPPROTO_TCP, TCP_ULP, "tls", sizeof("tls")) != 0)
	{
		sip_error_setf(err, 0, "TCP_ULP tls: %s", strerror(errno));
		return NULL;
	}
	/* the ULP alone changes nothing: the socket is still plain TCP */
	if (!install_dir(fd, TLS_RX, rx, fn, err))
	{
		return NULL;
	}
	if (tx)
	{
		have_tx = install_dir(fd, TLS_TX, tx, fn, err);
	}
	INIT(this,
		.public = {
			.has_tx = _has_tx,
			.recv = _recv_,
			.sent = _sent,
			.set_record_limit = _set_record_limit,
			.send_alert = _send_alert,
			.destroy = _destroy,
		},
		.fd = fd,
		.tx = have_tx,
		.limit = suite->update_records,
		.max_limit = suite->update_records,
	);
	return &this->public;
}

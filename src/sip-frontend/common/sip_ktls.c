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

/**
 * A message of one buffer with room for the cmsg of a record's type
 */
typedef struct {
	struct msghdr msg;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(uint8_t))];
		struct cmsghdr align;
	} control;
} record_msg_t;

/**
 * Point a cleared record message at buf
 */
static void record_msg_init(record_msg_t *m, void *buf, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->iov = (struct iovec){ .iov_base = buf, .iov_len = len };
	m->msg = (struct msghdr){
		.msg_iov = &m->iov,
		.msg_iovlen = 1,
		.msg_control = m->control.buf,
		.msg_controllen = sizeof(m->control.buf),
	};
}

METHOD(sip_ktls_t, has_tx, bool,
	private_sip_ktls_t *this)
{
	return this->tx;
}

METHOD(sip_ktls_t, recv_, ssize_t,
	private_sip_ktls_t *this, void *buf, size_t size, uint8_t *type)
{
	record_msg_t m;
	struct cmsghdr *cmsg;
	ssize_t n;

	*type = SIP_KTLS_CT_APPLICATION_DATA;
	record_msg_init(&m, buf, size);
	n = recvmsg(this->fd, &m.msg, 0);
	if (n < 0)
	{
		return n;
	}
	for (cmsg = CMSG_FIRSTHDR(&m.msg); cmsg;
		 cmsg = CMSG_NXTHDR(&m.msg, cmsg))
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
	/* warning for close_notify and user_canceled, fatal otherwise, as the
	 * userspace record layer does */
	uint8_t alert[2] = { description == 0 || description == 90 ? 1 : 2,
						 description };
	record_msg_t m;
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
	record_msg_init(&m, alert, sizeof(alert));
	cmsg = CMSG_FIRSTHDR(&m.msg);
	cmsg->cmsg_level = SOL_TLS;
	cmsg->cmsg_type = TLS_SET_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(sizeof(uint8_t));
	*(uint8_t*)CMSG_DATA(cmsg) = SIP_KTLS_CT_ALERT;
	if (sendmsg(this->fd, &m.msg, MSG_DONTWAIT | MSG_NOSIGNAL) !=
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

/**
 * Where a kernel crypto_info layout keeps each part of a TLS 1.3 key
 */
typedef struct {
	/** IANA suite */
	uint16_t suite;
	/** TLS_CIPHER_* */
	uint16_t cipher_type;
	/** size of the layout's struct */
	socklen_t size;
	/** offset and length of the salt: the start of the static IV */
	size_t salt, salt_len;
	/** offset and length of the explicit IV: the rest of the static IV */
	size_t iv, iv_len;
	/** offset and length of the key */
	size_t key, key_len;
	/** offset of the 8 byte record sequence number */
	size_t rec_seq;
} crypto_layout_t;

#define CRYPTO_LAYOUT(suite, cipher, type) { suite, TLS_CIPHER_##cipher, \
	sizeof(struct type), \
	offsetof(struct type, salt), TLS_CIPHER_##cipher##_SALT_SIZE, \
	offsetof(struct type, iv), TLS_CIPHER_##cipher##_IV_SIZE, \
	offsetof(struct type, key), TLS_CIPHER_##cipher##_KEY_SIZE, \
	offsetof(struct type, rec_seq) }

/**
 * The layouts of the suites the kernel offloads (ChaCha20 has no salt)
 */
static const crypto_layout_t crypto_layouts[] = {
	CRYPTO_LAYOUT(IMSAKA_TLS_AES_128_GCM_SHA256, AES_GCM_128,
				  tls12_crypto_info_aes_gcm_128),
	CRYPTO_LAYOUT(IMSAKA_TLS_AES_256_GCM_SHA384, AES_GCM_256,
				  tls12_crypto_info_aes_gcm_256),
	CRYPTO_LAYOUT(IMSAKA_TLS_CHACHA20_POLY1305_SHA256, CHACHA20_POLY1305,
				  tls12_crypto_info_chacha20_poly1305),
};

/*
 * Described in header
 */
bool sip_ktls_crypto_info(const sip_ktls_keys_t *keys,
						  sip_ktls_crypto_info_t *info, socklen_t *len)
{
	const crypto_layout_t *l;
	u_char *base = (u_char*)info;
	int i;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < countof(crypto_layouts); i++)
	{
		l = &crypto_layouts[i];
		if (l->suite != keys->suite)
		{
			continue;
		}
		if (keys->key_len != l->key_len)
		{
			return FALSE;
		}
		info->info.version = TLS_1_3_VERSION;
		info->info.cipher_type = l->cipher_type;
		memcpy(base + l->salt, keys->iv, l->salt_len);
		memcpy(base + l->iv, keys->iv + l->salt_len, l->iv_len);
		memcpy(base + l->key, keys->key, keys->key_len);
		put_seq(base + l->rec_seq, keys->seq);
		*len = l->size;
		return TRUE;
	}
	return FALSE;
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

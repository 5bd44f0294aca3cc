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

#include "sip_connection_filter.h"
#include "sip_sockaddr.h"

#include <library.h>
#include <errno.h>

/** TLS alerts the connection sends itself with kTLS (RFC 8446 6) */
#define ALERT_CLOSE_NOTIFY			0
#define ALERT_UNEXPECTED_MESSAGE	10
#define ALERT_BAD_RECORD_MAC		20
#define ALERT_RECORD_OVERFLOW		22
#define ALERT_DECODE_ERROR			50
#define ALERT_USER_CANCELED			90

typedef struct private_sip_connection_filter_t private_sip_connection_filter_t;

/**
 * Private data of a sip_connection_filter_t object.
 */
struct private_sip_connection_filter_t {

	/**
	 * Public interface
	 */
	sip_connection_filter_t public;

	/**
	 * Byte filter on the stream
	 */
	sip_stream_filter_t *filter;

	/**
	 * Kernel TLS: the kernel receives records (and sends, if has_tx()),
	 * NULL if the filter does it in userspace
	 */
	sip_ktls_t *ktls;

	/**
	 * Connection id, for log lines
	 */
	uint32_t id;

	/**
	 * Remote address, for log lines
	 */
	imsaka_addr_t remote;
};

/**
 * Print the remote address for log lines
 */
static char *remote_str(private_sip_connection_filter_t *this, char *buf,
						size_t size)
{
	return sip_sockaddr_str(&this->remote, buf, size);
}

METHOD(sip_connection_filter_t, offload, void,
	private_sip_connection_filter_t *this, int fd, bool connecting, bool tx)
{
	char buf[IMSAKA_ADDR_STRLEN];
	sip_error_t err = {};

	if (!this->filter->offload)
	{
		return;
	}
	remote_str(this, buf, sizeof(buf));
	if (connecting)
	{
		DBG1(DBG_NET, "TCP connection %u with %s: records in userspace "
			 "(no kTLS: not connected yet)", this->id, buf);
		return;
	}
	this->ktls = this->filter->offload(this->filter, fd, tx, &err);
	if (!this->ktls)
	{
		DBG1(DBG_NET, "TCP connection %u with %s: records in userspace "
			 "(no kTLS: %s)", this->id, buf, err.reason);
	}
	else if (this->ktls->has_tx(this->ktls))
	{
		DBG1(DBG_NET, "TCP connection %u with %s: records in the kernel "
			 "(kTLS rx and tx)", this->id, buf);
	}
	else
	{
		DBG1(DBG_NET, "TCP connection %u with %s: records in the kernel "
			 "(kTLS rx), sent from userspace (%s)", this->id, buf,
			 err.reason);
	}
}

METHOD(sip_connection_filter_t, kernel_receives, bool,
	private_sip_connection_filter_t *this)
{
	return this->ktls != NULL;
}

METHOD(sip_connection_filter_t, kernel_sends, bool,
	private_sip_connection_filter_t *this)
{
	return this->ktls && this->ktls->has_tx(this->ktls);
}

METHOD(sip_connection_filter_t, input, bool,
	private_sip_connection_filter_t *this, const char *in, size_t len,
	chunk_t *plain, chunk_t *wire)
{
	if (!this->filter->input(this->filter, in, len, plain, wire))
	{
		chunk_clear(plain);
		return FALSE;
	}
	return TRUE;
}

METHOD(sip_connection_filter_t, output, bool,
	private_sip_connection_filter_t *this, const char *msg, size_t len,
	chunk_t *wire)
{
	if (!this->filter->output(this->filter, msg, len, wire))
	{
		chunk_free(wire);
		return FALSE;
	}
	return TRUE;
}

/**
 * End on a failed kTLS record: the alert for it (if the kernel sends), a
 * log line
 */
static sip_connection_record_t record_failed(
									private_sip_connection_filter_t *this,
									uint8_t alert, const char *what)
{
	char buf[IMSAKA_ADDR_STRLEN];

	DBG1(DBG_NET, "closing TCP connection %u with %s: kTLS: %s", this->id,
		 remote_str(this, buf, sizeof(buf)), what);
	this->ktls->send_alert(this->ktls, alert);
	return SIP_CONNECTION_RECORD_END;
}

/**
 * An alert record the kernel received: a user_canceled is ignored, a
 * close_notify is answered with one, anything else ends the connection
 */
static sip_connection_record_t alert_received(
									private_sip_connection_filter_t *this,
									const char *alert, ssize_t n)
{
	char buf[IMSAKA_ADDR_STRLEN];

	if (n != 2)
	{
		return record_failed(this, ALERT_DECODE_ERROR,
							 "alert record not of 2 bytes");
	}
	if ((uint8_t)alert[1] == ALERT_USER_CANCELED)
	{
		return SIP_CONNECTION_RECORD_OTHER;
	}
	if (alert[1] == ALERT_CLOSE_NOTIFY)
	{
		DBG2(DBG_NET, "TCP connection %u: close_notify from %s", this->id,
			 remote_str(this, buf, sizeof(buf)));
		this->ktls->send_alert(this->ktls, ALERT_CLOSE_NOTIFY);
		return SIP_CONNECTION_RECORD_END;
	}
	DBG1(DBG_NET, "closing TCP connection %u with %s: peer sent fatal alert "
		 "%u", this->id, remote_str(this, buf, sizeof(buf)),
		 (uint8_t)alert[1]);
	return SIP_CONNECTION_RECORD_END;
}

METHOD(sip_connection_filter_t, read_record, sip_connection_record_t,
	private_sip_connection_filter_t *this, char *wire, size_t size,
	size_t *len)
{
	char buf[IMSAKA_ADDR_STRLEN];
	uint8_t type;
	ssize_t n;

	do
	{
		n = this->ktls->recv(this->ktls, wire, size, &type);
	}
	while (n < 0 && errno == EINTR);
	if (n < 0)
	{
		switch (errno)
		{
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
				return SIP_CONNECTION_RECORD_AGAIN;
			case EBADMSG:
				return record_failed(this, ALERT_BAD_RECORD_MAC,
									 "record failed authentication");
			case EMSGSIZE:
				return record_failed(this, ALERT_RECORD_OVERFLOW,
									 "record too long");
			default:
				return record_failed(this, ALERT_DECODE_ERROR,
									 strerror(errno));
		}
	}
	if (n == 0)
	{
		return SIP_CONNECTION_RECORD_CLOSED;
	}
	switch (type)
	{
		case SIP_KTLS_CT_APPLICATION_DATA:
			*len = n;
			return SIP_CONNECTION_RECORD_DATA;
		case SIP_KTLS_CT_ALERT:
			return alert_received(this, wire, n);
		case SIP_KTLS_CT_HANDSHAKE:
			/* a KeyUpdate: the kernel of Debian 12 cannot follow it; the
			 * UE registers again on a new connection */
			DBG1(DBG_NET, "closing TCP connection %u with %s: kTLS: "
				 "handshake record (KeyUpdate), the kernel cannot update "
				 "its key", this->id, remote_str(this, buf, sizeof(buf)));
			this->ktls->send_alert(this->ktls, ALERT_CLOSE_NOTIFY);
			return SIP_CONNECTION_RECORD_END;
		default:
			return record_failed(this, ALERT_UNEXPECTED_MESSAGE,
								 "unexpected record content type");
	}
}

METHOD(sip_connection_filter_t, sent, bool,
	private_sip_connection_filter_t *this, size_t bytes)
{
	char buf[IMSAKA_ADDR_STRLEN];

	if (kernel_sends(this) && !this->ktls->sent(this->ktls, bytes))
	{	/* the kernel cannot update its key (docs/TLS-AKA.md) */
		DBG1(DBG_NET, "closing TCP connection %u with %s: the kernel's "
			 "write key reached its record limit and kTLS has no "
			 "KeyUpdate", this->id, remote_str(this, buf, sizeof(buf)));
		return FALSE;
	}
	return TRUE;
}

METHOD(sip_connection_filter_t, finish, void,
	private_sip_connection_filter_t *this, chunk_t *wire)
{
	*wire = chunk_empty;
	if (kernel_sends(this))
	{	/* nothing if an alert went out already */
		this->ktls->send_alert(this->ktls, ALERT_CLOSE_NOTIFY);
	}
	else if (this->filter->finish)
	{
		this->filter->finish(this->filter, wire);
	}
}

METHOD(sip_connection_filter_t, get_filter, sip_stream_filter_t*,
	private_sip_connection_filter_t *this)
{
	return this->filter;
}

METHOD(sip_connection_filter_t, destroy, void,
	private_sip_connection_filter_t *this)
{
	DESTROY_IF(this->ktls);
	this->filter->destroy(this->filter);
	free(this);
}

/*
 * Described in header
 */
sip_connection_filter_t *sip_connection_filter_create(
										sip_stream_filter_t *filter,
										uint32_t id,
										const imsaka_addr_t *remote)
{
	private_sip_connection_filter_t *this;

	INIT(this,
		.public = {
			.offload = _offload,
			.kernel_receives = _kernel_receives,
			.kernel_sends = _kernel_sends,
			.input = _input,
			.output = _output,
			.read_record = _read_record,
			.sent = _sent,
			.finish = _finish,
			.get_filter = _get_filter,
			.destroy = _destroy,
		},
		.filter = filter,
		.id = id,
		.remote = *remote,
	);
	return &this->public;
}

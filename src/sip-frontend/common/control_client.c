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

/*
 * Client of the plugin's control socket, used by imsakactl and the frontend
 * programs: plain POSIX (imsakactl needs no libstrongswan for it), bounded
 * lines, a timeout on every wait.
 */

#include "control_client.h"

#include <hex.h>
#include <openssl/crypto.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/*
 * Described in header
 */
int control_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
	{
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		return -1;
	}
	if (connect(fd, (struct sockaddr*)&addr, sizeof(addr)) != 0)
	{
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/**
 * Write all of buf
 */
static bool write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len)
	{
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
		{
			continue;
		}
		if (n <= 0)
		{
			return false;
		}
		buf += n;
		len -= n;
	}
	return true;
}

/** ms to wait for each part of a reply */
static int reply_timeout_ms = CONTROL_TIMEOUT * 1000;

/*
 * Described in header
 */
void control_set_timeout(int ms)
{
	reply_timeout_ms = ms > 0 ? ms : CONTROL_TIMEOUT * 1000;
}

/**
 * Wait until fd is readable
 */
static bool wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;

	do
	{
		n = poll(&pfd, 1, reply_timeout_ms);
	}
	while (n < 0 && errno == EINTR);
	return n > 0;
}

/**
 * Whether a line ends a reply
 */
static bool is_last(const char *line, bool *is_err)
{
	*is_err = !strncmp(line, "ERR ", 4) || !strcmp(line, "ERR");
	return *is_err || !strncmp(line, "OK", 2) || !strcmp(line, "END");
}

/*
 * Described in header
 */
bool control_request(int fd, const char *request, control_line_cb_t cb,
					 void *data, bool *is_err, sip_error_t *err)
{
	char *buf, *nl;
	size_t len = 0, lines = 0, used;
	ssize_t n;
	bool done = false;

	*is_err = false;
	if (strlen(request) > CONTROL_LINE_MAX || strchr(request, '\n'))
	{
		return sip_error_set(err, 0, "request longer than the protocol "
							 "allows or with a newline");
	}
	if (!write_all(fd, request, strlen(request)) || !write_all(fd, "\n", 1))
	{
		return sip_error_set(err, 0, "sending the request failed");
	}
	buf = malloc(CONTROL_REPLY_LINE_MAX + 1);
	while (!done)
	{
		nl = memchr(buf, '\n', len);
		if (!nl)
		{
			if (len == CONTROL_REPLY_LINE_MAX)
			{
				sip_error_set(err, 0, "reply line too long");
				break;
			}
			if (!wait_readable(fd))
			{
				sip_error_set(err, 0, CONTROL_ERROR_TIMEOUT);
				break;
			}
			n = recv(fd, buf + len, CONTROL_REPLY_LINE_MAX - len, 0);
			if (n < 0 && errno == EINTR)
			{
				continue;
			}
			if (n <= 0)
			{
				sip_error_set(err, 0, "charon closed the connection before "
							  "the reply ended");
				break;
			}
			len += n;
			continue;
		}
		*nl = '\0';
		if (nl > buf && nl[-1] == '\r')
		{
			nl[-1] = '\0';
		}
		done = is_last(buf, is_err);
		if (!cb(data, buf))
		{
			sip_error_set(err, 0, "reply not understood");
			break;
		}
		if (++lines == CONTROL_REPLY_LINES_MAX && !done)
		{
			sip_error_set(err, 0, "reply has too many lines");
			break;
		}
		used = nl - buf + 1;
		memmove(buf, buf + used, len - used);
		len -= used;
	}
	free(buf);
	return done;
}

/**
 * Reply line kept by control_call()
 */
typedef struct {
	/** buffer */
	char *reply;
	/** its size */
	size_t size;
	/** whether the line fitted */
	bool fitted;
} call_reply_t;

/**
 * Keep the last reply line
 */
static bool keep_line(void *data, const char *line)
{
	call_reply_t *call = data;
	size_t len = strlen(line);

	call->fitted = len < call->size;
	if (call->size)
	{
		len = call->fitted ? len : call->size - 1;
		memcpy(call->reply, line, len);
		call->reply[len] = '\0';
	}
	return true;
}

/*
 * Described in header
 */
bool control_call(int fd, char *reply, size_t size, const char *fmt, ...)
{
	call_reply_t call = { .reply = reply, .size = size };
	char request[CONTROL_LINE_MAX + 2];
	sip_error_t err = {};
	va_list args;
	bool is_err;
	int len;

	va_start(args, fmt);
	len = vsnprintf(request, sizeof(request), fmt, args);
	va_end(args);
	if (len < 0 || len > CONTROL_LINE_MAX)
	{
		snprintf(reply, size, "request longer than %d bytes",
				 CONTROL_LINE_MAX);
		return false;
	}
	if (!control_request(fd, request, keep_line, &call, &is_err, &err))
	{
		snprintf(reply, size, "%s", err.reason[0] ? err.reason
												  : "control request failed");
		return false;
	}
	if (!call.fitted)
	{
		snprintf(reply, size, "reply longer than %zu bytes", size - 1);
		return false;
	}
	return !is_err && !strncmp(reply, "OK", 2) &&
		   (reply[2] == '\0' || reply[2] == ' ' || reply[2] == '\t');
}

/**
 * Whether c separates tokens
 */
static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Described in header
 */
bool control_reply_get(const char *reply, const char *key, char *value,
					   size_t size)
{
	const char *pos = reply, *end;
	size_t key_len = strlen(key), len;

	if (!key_len || !size)
	{
		return false;
	}
	while (*pos)
	{
		while (is_space(*pos))
		{
			pos++;
		}
		for (end = pos; *end && !is_space(*end); end++)
		{
		}
		if (end - pos > key_len && !strncmp(pos, key, key_len) &&
			pos[key_len] == '=')
		{
			pos += key_len + 1;
			len = end - pos;
			if (len >= size)
			{
				return false;
			}
			memcpy(value, pos, len);
			value[len] = '\0';
			return true;
		}
		pos = end;
	}
	return false;
}

/*
 * Described in header
 */
bool control_reply_error(const char *reply, char *code, size_t size)
{
	const char *pos, *end;
	size_t len;

	if (strncmp(reply, "ERR", 3) || (reply[3] && !is_space(reply[3])) ||
		!size)
	{
		return false;
	}
	for (pos = reply + 3; is_space(*pos); pos++)
	{
	}
	for (end = pos; *end && !is_space(*end); end++)
	{
	}
	len = end - pos;
	if (len >= size)
	{
		return false;
	}
	memcpy(code, pos, len);
	code[len] = '\0';
	return true;
}

/*
 * Described in header
 */
bool control_reply_secret(const char *reply, const char *key, uint8_t *out,
						  size_t max, size_t *len)
{
	char hex[2 * 64 + 2];
	bool ok;

	ok = 2 * max + 2 <= sizeof(hex) &&
		 control_reply_get(reply, key, hex, 2 * max + 2) &&
		 imsaka_hex_decode_var(hex, out, max, len) && *len;
	OPENSSL_cleanse(hex, sizeof(hex));
	return ok;
}

/*
 * Described in header
 */
bool control_reply_traffic_secrets(const char *reply, uint8_t ue[48],
								   uint8_t pcscf[48], size_t *len)
{
	size_t ue_len, pcscf_len;

	if (control_reply_secret(reply, "ue", ue, 48, &ue_len) &&
		control_reply_secret(reply, "pcscf", pcscf, 48, &pcscf_len) &&
		ue_len == pcscf_len && (ue_len == 32 || ue_len == 48))
	{
		*len = ue_len;
		return true;
	}
	OPENSSL_cleanse(ue, 48);
	OPENSSL_cleanse(pcscf, 48);
	return false;
}

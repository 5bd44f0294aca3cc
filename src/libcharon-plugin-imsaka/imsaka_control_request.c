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

#include "imsaka_control_request.h"

#include <hex.h>

#include <errno.h>
#include <stdarg.h>

/** longest value echoed in an error message */
#define ECHO_MAX 64

/*
 * Described in header
 */
bool imsaka_control_request_error(imsaka_control_request_t *req,
								  const char *code, const char *fmt, ...)
{
	va_list args;
	int len;

	len = snprintf(req->err, sizeof(req->err), "%s ", code);
	if (len < 0 || len >= sizeof(req->err))
	{
		return FALSE;
	}
	va_start(args, fmt);
	vsnprintf(req->err + len, sizeof(req->err) - len, fmt, args);
	va_end(args);
	return FALSE;
}

/**
 * Printable ASCII other than space
 */
static bool is_token_char(char c)
{
	return c > 0x20 && c < 0x7f;
}

/*
 * Described in header
 */
bool imsaka_control_request_parse(imsaka_control_request_t *req,
								  const char *line, size_t len)
{
	char *pos, *end, *eq;
	int i;

	req->command = NULL;
	req->count = 0;
	req->tag = 0;
	req->err[0] = '\0';
	if (len > IMSAKA_CONTROL_LINE_MAX)
	{
		return imsaka_control_request_error(req, "syntax", "request longer "
					"than %d bytes", IMSAKA_CONTROL_LINE_MAX);
	}
	memcpy(req->buf, line, len);
	req->buf[len] = '\0';
	if (len && req->buf[len - 1] == '\r')
	{
		req->buf[--len] = '\0';
	}
	for (i = 0; i < len; i++)
	{
		if (req->buf[i] != ' ' && req->buf[i] != '\t' &&
			!is_token_char(req->buf[i]))
		{
			return imsaka_control_request_error(req, "syntax", "invalid "
						"character 0x%02x at offset %d (printable ASCII only)",
						(u_char)req->buf[i], i);
		}
	}
	pos = req->buf;
	while (TRUE)
	{
		while (*pos == ' ' || *pos == '\t')
		{
			*pos++ = '\0';
		}
		if (!*pos)
		{
			break;
		}
		end = pos;
		while (is_token_char(*end))
		{
			end++;
		}
		if (*end)
		{
			*end++ = '\0';
		}
		if (!req->command)
		{
			if (strchr(pos, '='))
			{
				return imsaka_control_request_error(req, "syntax", "request "
							"must start with a command, not '%.*s'", ECHO_MAX,
							pos);
			}
			req->command = pos;
		}
		else
		{
			eq = strchr(pos, '=');
			if (!eq || eq == pos || !eq[1])
			{
				return imsaka_control_request_error(req, "syntax", "parameter "
							"'%.*s' is not key=value", ECHO_MAX, pos);
			}
			*eq = '\0';
			for (i = 0; i < req->count; i++)
			{
				if (streq(req->params[i].key, pos))
				{
					return imsaka_control_request_error(req, "syntax",
								"parameter '%.*s' given twice", ECHO_MAX, pos);
				}
			}
			if (req->count == IMSAKA_CONTROL_PARAMS_MAX)
			{
				return imsaka_control_request_error(req, "syntax", "more than "
							"%d parameters", IMSAKA_CONTROL_PARAMS_MAX);
			}
			req->params[req->count].key = pos;
			req->params[req->count].value = eq + 1;
			req->count++;
		}
		pos = end;
	}
	return req->command != NULL;
}

/*
 * Described in header
 */
bool imsaka_control_request_take_tag(imsaka_control_request_t *req)
{
	const char *value;
	uint32_t tag;
	int i;

	req->tag = 0;
	for (i = 0; i < req->count; i++)
	{
		if (streq(req->params[i].key, IMSAKA_CONTROL_TAG))
		{
			break;
		}
	}
	if (i == req->count)
	{
		return TRUE;
	}
	value = req->params[i].value;
	if (!imsaka_control_parse_u32(value, 1, UINT32_MAX, &tag))
	{
		return imsaka_control_request_error(req, "param", "%s=%.*s is not a "
					"decimal number in 1..%u", IMSAKA_CONTROL_TAG, ECHO_MAX,
					value, UINT32_MAX);
	}
	/* commands see their own parameters only */
	memmove(&req->params[i], &req->params[i + 1],
			(req->count - i - 1) * sizeof(req->params[0]));
	req->count--;
	req->tag = tag;
	return TRUE;
}

/**
 * Parse the value of a tag token, NUL-terminating a copy of it
 */
static uint32_t tag_value(const char *value, size_t len)
{
	char buf[16];
	uint32_t tag;

	if (len >= sizeof(buf))
	{
		return 0;
	}
	memcpy(buf, value, len);
	buf[len] = '\0';
	return imsaka_control_parse_u32(buf, 1, UINT32_MAX, &tag) ? tag : 0;
}

/*
 * Described in header
 */
uint32_t imsaka_control_find_tag(const char *line, size_t len, bool complete)
{
	const size_t key_len = strlen(IMSAKA_CONTROL_TAG "=");
	size_t pos = 0, start;
	bool command = TRUE;
	uint32_t tag = 0;
	int found = 0;

	if (complete && len && line[len - 1] == '\r')
	{
		len--;
	}
	while (pos < len)
	{
		while (pos < len && (line[pos] == ' ' || line[pos] == '\t'))
		{
			pos++;
		}
		start = pos;
		while (pos < len && line[pos] != ' ' && line[pos] != '\t')
		{
			pos++;
		}
		if (pos == start)
		{
			continue;
		}
		if (command)
		{	/* the first token is the command, never a parameter */
			command = FALSE;
			continue;
		}
		if ((pos == len && !complete) || pos - start < key_len ||
			memcmp(line + start, IMSAKA_CONTROL_TAG "=", key_len) != 0)
		{
			continue;
		}
		if (++found > 1)
		{	/* which one would the client match? */
			return 0;
		}
		tag = tag_value(line + start + key_len, pos - start - key_len);
	}
	return tag;
}

/*
 * Described in header
 */
bool imsaka_control_request_check(imsaka_control_request_t *req,
								  const char *const allowed[])
{
	int i, j;

	for (i = 0; i < req->count; i++)
	{
		for (j = 0; allowed[j]; j++)
		{
			if (streq(req->params[i].key, allowed[j]))
			{
				break;
			}
		}
		if (!allowed[j])
		{
			return imsaka_control_request_error(req, "param", "unknown "
						"parameter '%.*s' for %s", ECHO_MAX, req->params[i].key,
						req->command);
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
const char *imsaka_control_request_str(imsaka_control_request_t *req,
									   const char *key, bool required)
{
	int i;

	for (i = 0; i < req->count; i++)
	{
		if (streq(req->params[i].key, key))
		{
			return req->params[i].value;
		}
	}
	if (required)
	{
		imsaka_control_request_error(req, "param", "missing parameter '%s'",
									 key);
	}
	return NULL;
}

/*
 * Described in header
 */
bool imsaka_control_parse_u32(const char *str, uint32_t min, uint32_t max,
							  uint32_t *value)
{
	unsigned long long v;
	char *end;

	/* strtoull() would accept spaces, signs and wrap negative numbers */
	if (!str || *str < '0' || *str > '9')
	{
		return FALSE;
	}
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || *end || v < min || v > max)
	{
		return FALSE;
	}
	*value = v;
	return TRUE;
}

/*
 * Described in header
 */
bool imsaka_control_request_u32(imsaka_control_request_t *req,
								const char *key, uint32_t min, uint32_t max,
								uint32_t *value, bool required)
{
	const char *str;

	str = imsaka_control_request_str(req, key, required);
	if (!str)
	{
		return !required;
	}
	if (!imsaka_control_parse_u32(str, min, max, value))
	{
		return imsaka_control_request_error(req, "param", "%s=%.*s is not a "
					"decimal number in %u..%u", key, ECHO_MAX, str, min, max);
	}
	return TRUE;
}

/*
 * Described in header
 */
host_t *imsaka_control_parse_host(const char *str, int port)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *colon = NULL, *end;
	uint32_t p = 0;
	size_t len;
	host_t *host;

	if (!str || !*str)
	{
		return NULL;
	}
	if (*str == '[')
	{
		end = strchr(str, ']');
		if (!end)
		{
			return NULL;
		}
		if (end[1] == ':')
		{
			colon = end + 1;
		}
		else if (end[1])
		{
			return NULL;
		}
		str++;
		len = end - str;
		if (!memchr(str, ':', len))
		{	/* brackets are for IPv6 only */
			return NULL;
		}
	}
	else
	{
		colon = strchr(str, ':');
		if (colon && strchr(colon + 1, ':'))
		{	/* bare IPv6, no port */
			colon = NULL;
			len = strlen(str);
		}
		else
		{
			len = colon ? colon - str : strlen(str);
		}
	}
	if (!len || len >= sizeof(addr))
	{
		return NULL;
	}
	if (colon)
	{
		if (!port || !imsaka_control_parse_u32(colon + 1, 1, 65535, &p))
		{
			return NULL;
		}
	}
	else if (port == 2)
	{
		return NULL;
	}
	memcpy(addr, str, len);
	addr[len] = '\0';
	/* host_create_from_string() would resolve "%any" and the like */
	if (!strchr(addr, ':') && !strchr(addr, '.'))
	{
		return NULL;
	}
	host = host_create_from_string(addr, p);
	if (host && host->is_anyaddr(host))
	{
		host->destroy(host);
		return NULL;
	}
	return host;
}

/*
 * Described in header
 */
bool imsaka_control_request_host(imsaka_control_request_t *req,
								 const char *key, int port, bool required,
								 host_t **host)
{
	const char *str;

	*host = NULL;
	str = imsaka_control_request_str(req, key, required);
	if (!str)
	{
		return !required;
	}
	*host = imsaka_control_parse_host(str, port);
	if (!*host)
	{
		return imsaka_control_request_error(req, "param", "%s=%.*s is not %s",
				key, ECHO_MAX, str, port == 2 ? "an address with port "
				"(a.b.c.d:port or [v6]:port)" : port ? "an address, optionally "
				"with port (a.b.c.d:port or [v6]:port)" : "an IPv4 or IPv6 "
				"address");
	}
	return TRUE;
}

/*
 * Described in header
 */
bool imsaka_control_request_hex(imsaka_control_request_t *req,
								const char *key, uint8_t *out, size_t len)
{
	const char *str;

	str = imsaka_control_request_str(req, key, TRUE);
	if (!str)
	{
		return FALSE;
	}
	if (!imsaka_hex_decode(str, out, len))
	{
		/* never echo the value: it may be a key */
		return imsaka_control_request_error(req, "param", "%s is not %zu "
					"bytes of hex (got %zu characters)", key, len, strlen(str));
	}
	return TRUE;
}

/**
 * Make room for more bytes in a reply
 */
static void reply_grow(imsaka_control_reply_t *reply, size_t more)
{
	if (reply->len + more + 1 > reply->size)
	{
		reply->size = max(reply->size * 2, reply->len + more + 1);
		reply->buf = realloc(reply->buf, reply->size);
	}
}

/*
 * Described in header
 */
void imsaka_control_reply_addv(imsaka_control_reply_t *reply,
							   const char *fmt, va_list args)
{
	va_list copy;
	int len;

	reply_grow(reply, 128);
	va_copy(copy, args);
	len = vsnprintf(reply->buf + reply->len, reply->size - reply->len, fmt,
					copy);
	va_end(copy);
	if (len < 0)
	{
		reply->buf[reply->len] = '\0';
		return;
	}
	/* room for the text, the newline and the NUL */
	if (reply->len + len + 2 > reply->size)
	{
		reply_grow(reply, len + 1);
		vsnprintf(reply->buf + reply->len, reply->size - reply->len, fmt,
				  args);
	}
	reply->len += len;
	reply->buf[reply->len++] = '\n';
	reply->buf[reply->len] = '\0';
}

/*
 * Described in header
 */
void imsaka_control_reply_add(imsaka_control_reply_t *reply,
							  const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	imsaka_control_reply_addv(reply, fmt, args);
	va_end(args);
}

/*
 * Described in header
 */
void imsaka_control_reply_err(imsaka_control_reply_t *reply, const char *err)
{
	imsaka_control_reply_reset(reply);
	imsaka_control_reply_add(reply, "ERR %s", err);
}

/*
 * Described in header
 */
void imsaka_control_reply_tag(imsaka_control_reply_t *reply, uint32_t tag)
{
	imsaka_control_reply_t tagged = {};
	char *line, *end;
	size_t left;

	if (!tag || !reply->len)
	{
		return;
	}
	line = reply->buf;
	left = reply->len;
	while (left)
	{
		end = memchr(line, '\n', left);
		end = end ? end : line + left;
		imsaka_control_reply_add(&tagged, "%u %.*s", tag, (int)(end - line),
								 line);
		left -= min(left, (size_t)(end - line) + 1);
		line = end + 1;
	}
	/* the old text may hold keys (tls-psk) */
	imsaka_control_reply_free(reply);
	*reply = tagged;
}

/*
 * Described in header
 */
void imsaka_control_reply_reset(imsaka_control_reply_t *reply)
{
	reply->len = 0;
	if (reply->buf)
	{
		reply->buf[0] = '\0';
	}
}

/*
 * Described in header
 */
void imsaka_control_reply_free(imsaka_control_reply_t *reply)
{
	if (reply->buf)
	{
		memwipe(reply->buf, reply->size);
	}
	free(reply->buf);
	*reply = (imsaka_control_reply_t){};
}

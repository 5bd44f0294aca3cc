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
 * What the SIP fuzz targets share (header only, each target is one
 * program): the input format, placeholders, a log hook and checks.
 *
 * Input: byte 0 picks a scenario (what the target does before the fuzzed
 * messages), then messages separated by the line FUZZ_SIP_NEXT. The first
 * byte of each message picks where it arrives (or an action such as firing
 * a timer); the rest is the datagram. In the datagram "$x" placeholders
 * are replaced with values only known at run time (a branch, the Via lines
 * of the message to answer, a Security-Server, a Digest response), so
 * mutated messages still reach the states behind a matched transaction.
 * An unknown "$x" stays as it is.
 */

#ifndef FUZZ_SIP_H_
#define FUZZ_SIP_H_

#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* memmem(), strcasestr() */
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>

#include <secagree_addr.h>

/** separator of the messages of one input */
#define FUZZ_SIP_NEXT "\r\n=next=\r\n"
/** most messages of one input */
#define FUZZ_SIP_MAX_MESSAGES 8
/** longest message after expanding placeholders */
#define FUZZ_SIP_MAX_TEXT 65535

#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) \
	{ \
		fprintf(stderr, "invariant broken: " __VA_ARGS__); \
		fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

/** FUZZ_VERBOSE set: log lines and messages go to stderr */
static bool fuzz_verbose;

/**
 * dbg() hook: every line is formatted (bad format arguments show under
 * ASan), printed only with FUZZ_VERBOSE.
 */
static inline void fuzz_sip_log(debug_t group, level_t level, char *fmt, ...)
{
	static char line[8192];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (fuzz_verbose)
	{
		fprintf(stderr, "[%d] %s\n", level, line);
	}
}

/**
 * libosip2's trace: printed with FUZZ_VERBOSE only (without a function of
 * its own libosip2 5 prints parser errors to stdout, whatever levels are
 * disabled)
 */
static inline void fuzz_sip_osip_trace(const char *file, int line,
								osip_trace_level_t level, const char *fmt,
								va_list args)
{
	if (fuzz_verbose)
	{
		fprintf(stderr, "osip %s:%d: ", file, line);
		vfprintf(stderr, fmt, args);
	}
}

/** libstrongswan (settings, logging) and libosip2's parser, once */
static inline void fuzz_sip_init(const char *name)
{
	fuzz_verbose = getenv("FUZZ_VERBOSE") != NULL;
	FUZZ_CHECK(library_init(NULL, (char*)name), "library_init");
	parser_init();
	osip_trace_initialize_func(END_TRACE_LEVEL, fuzz_sip_osip_trace);
	dbg = fuzz_sip_log;
}

/** an address text the target writes itself */
static inline imsaka_addr_t fuzz_addr(const char *text)
{
	imsaka_addr_t a;

	FUZZ_CHECK(imsaka_addr_parse(text, strlen(text), false, &a) ==
			   IMSAKA_SECAGREE_OK, "address %s", text);
	return a;
}

/** one message of the input */
typedef struct {
	/** the selector byte */
	uint8_t how;
	const char *text;
	size_t len;
} fuzz_sip_msg_t;

/**
 * Cut the input after byte 0 into messages.
 *
 * @return			number of messages
 */
static inline int fuzz_sip_split(const uint8_t *data, size_t size,
						  fuzz_sip_msg_t msgs[FUZZ_SIP_MAX_MESSAGES])
{
	const char *pos = (const char*)data, *end = pos + size, *sep;
	size_t seplen = strlen(FUZZ_SIP_NEXT);
	int count = 0;

	while (pos < end && count < FUZZ_SIP_MAX_MESSAGES)
	{
		sep = memmem(pos, end - pos, FUZZ_SIP_NEXT, seplen);
		if (!sep)
		{
			sep = end;
		}
		msgs[count].how = (uint8_t)*pos;
		msgs[count].text = pos + 1;
		msgs[count].len = sep > pos ? (size_t)(sep - pos - 1) : 0;
		count++;
		pos = sep + (sep < end ? seplen : 0);
	}
	return count;
}

/** gives the value of placeholder $c, NULL if there is none */
typedef const char *(*fuzz_sip_value_t)(void *ctx, char c);

/**
 * Expand the placeholders of a message into a malloc()ed buffer of
 * exactly the message's length (so reads beyond it are caught).
 *
 * @param len		receives the length
 * @return			text, not NUL-terminated; NULL if it grew too long
 */
static inline char *fuzz_sip_expand(const char *text, size_t size,
									fuzz_sip_value_t value, void *ctx,
									size_t *len)
{
	static char buf[FUZZ_SIP_MAX_TEXT];
	const char *v;
	size_t n = 0, i, vlen;
	char *out;

	for (i = 0; i < size; i++)
	{
		v = NULL;
		if (text[i] == '$' && i + 1 < size)
		{
			v = value(ctx, text[i + 1]);
		}
		if (v)
		{
			vlen = strlen(v);
			if (n + vlen > sizeof(buf))
			{
				return NULL;
			}
			memcpy(buf + n, v, vlen);
			n += vlen;
			i++;
			continue;
		}
		if (n == sizeof(buf))
		{
			return NULL;
		}
		buf[n++] = text[i];
	}
	out = malloc(n ? n : 1);
	memcpy(out, buf, n);
	*len = n;
	return out;
}

/** what the transport drops: empty datagrams and keep-alive CRLFs */
static inline bool fuzz_sip_keepalive(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		if (text[i] != '\r' && text[i] != '\n')
		{
			return false;
		}
	}
	return true;
}

/**
 * Whether libosip2 parses its own printout of a message it parsed. It does
 * not always (e.g. "To: <sip:host: >" prints as "<sip:host:>", which it
 * refuses), so a program that parses and re-prints a message may send
 * what libosip2 cannot parse. A message libosip2 refuses in the first
 * place counts as round-tripping: the programs drop it.
 */
static inline bool fuzz_sip_roundtrips(const char *text, size_t len)
{
	osip_message_t *msg, *again;
	bool ok = true;
	size_t out_len;
	char *out;

	if (osip_message_init(&msg) != OSIP_SUCCESS)
	{
		return true;
	}
	if (osip_message_parse(msg, text, len) == OSIP_SUCCESS &&
		osip_message_to_str(msg, &out, &out_len) == OSIP_SUCCESS)
	{
		if (osip_message_init(&again) == OSIP_SUCCESS)
		{
			ok = osip_message_parse(again, out, out_len) == OSIP_SUCCESS;
			osip_message_free(again);
		}
		osip_free(out);
	}
	osip_message_free(msg);
	return ok;
}

/**
 * A message the program sent must parse with libosip2, unless a message
 * it received did not survive libosip2's own round trip (tolerated).
 *
 * @param tolerate	a message received did not round-trip
 * @return			the message, to osip_message_free(); NULL if it does
 *					not parse and that was tolerated
 */
static inline osip_message_t *fuzz_sip_parse_sent(const char *text,
												  size_t len, bool tolerate)
{
	osip_message_t *msg;

	FUZZ_CHECK(osip_message_init(&msg) == OSIP_SUCCESS, "osip init");
	if (osip_message_parse(msg, text, len) != OSIP_SUCCESS)
	{
		osip_message_free(msg);
		if (tolerate)
		{
			return NULL;
		}
		fprintf(stderr, "sent message does not parse:\n%.*s\n", (int)len,
				text);
		abort();
	}
	FUZZ_CHECK(!MSG_IS_RESPONSE(msg) ||
			   (msg->status_code >= 100 && msg->status_code <= 699),
			   "status code %d", msg->status_code);
	return msg;
}

/**
 * The value of the first header field of a name in a message text, into
 * buf; FALSE if there is none.
 */
static inline bool fuzz_sip_header(const char *text, const char *name,
								   char *buf,
							size_t size)
{
	char needle[64];
	const char *pos, *end;

	snprintf(needle, sizeof(needle), "\r\n%s: ", name);
	pos = strcasestr(text, needle);
	if (!pos)
	{
		return false;
	}
	pos += strlen(needle);
	end = strstr(pos, "\r\n");
	if (!end)
	{
		end = pos + strlen(pos);
	}
	snprintf(buf, size, "%.*s", (int)(end - pos), pos);
	return true;
}

/** all Via lines of a message text, each ended by CRLF, into buf */
static inline void fuzz_sip_vias(const char *text, char *buf, size_t size)
{
	const char *pos = text, *end;
	size_t n = 0;

	buf[0] = '\0';
	while ((pos = strcasestr(pos, "\r\nVia: ")) && n < size)
	{
		pos += 2;
		end = strstr(pos, "\r\n");
		if (!end)
		{
			break;
		}
		n += snprintf(buf + n, size - n, "%.*s\r\n", (int)(end - pos), pos);
		pos = end;
	}
}

/** the branch of the top Via of a message text, into buf */
static inline void fuzz_sip_branch(const char *text, char *buf, size_t size)
{
	const char *pos = strstr(text, ";branch=");
	size_t n;

	buf[0] = '\0';
	if (pos)
	{
		pos += strlen(";branch=");
		n = strcspn(pos, ";,\r\n ");
		snprintf(buf, size, "%.*s", (int)n, pos);
	}
}

#endif

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

#include "ladder_fields.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Fields of a line, in tshark's order
 */
enum {
	F_FRAME,
	F_TIME,
	F_PROTOCOLS,
	F_IP_SRC,
	F_IP_DST,
	F_IP6_SRC,
	F_IP6_DST,
	F_IP_ID,
	F_UDP_SRC,
	F_UDP_DST,
	F_TCP_SRC,
	F_TCP_DST,
	F_ESP_SPI,
	F_METHOD,
	F_STATUS,
	F_CSEQ,
	F_CSEQ_METHOD,
	F_CALL_ID,
	F_SEC_CLIENT,
	F_SEC_SERVER,
	F_SEC_VERIFY,
	F_EXPIRES,
	F_COUNT,
};

static const char *names[F_COUNT] = {
	[F_FRAME] = "frame.number",
	[F_TIME] = "frame.time_epoch",
	[F_PROTOCOLS] = "frame.protocols",
	[F_IP_SRC] = "ip.src",
	[F_IP_DST] = "ip.dst",
	[F_IP6_SRC] = "ipv6.src",
	[F_IP6_DST] = "ipv6.dst",
	[F_IP_ID] = "ip.id",
	[F_UDP_SRC] = "udp.srcport",
	[F_UDP_DST] = "udp.dstport",
	[F_TCP_SRC] = "tcp.srcport",
	[F_TCP_DST] = "tcp.dstport",
	[F_ESP_SPI] = "esp.spi",
	[F_METHOD] = "sip.Method",
	[F_STATUS] = "sip.Status-Code",
	[F_CSEQ] = "sip.CSeq.seq",
	[F_CSEQ_METHOD] = "sip.CSeq.method",
	[F_CALL_ID] = "sip.Call-ID",
	[F_SEC_CLIENT] = "sip.Security-Client",
	[F_SEC_SERVER] = "sip.Security-Server",
	[F_SEC_VERIFY] = "sip.Security-Verify",
	[F_EXPIRES] = "sip.Expires",
};

/** most protocol layers of a frame considered */
#define LAYERS_MAX 32

/*
 * Described in header
 */
int ladder_fields_count(void)
{
	return F_COUNT;
}

/*
 * Described in header
 */
const char *ladder_fields_name(int i)
{
	return i >= 0 && i < F_COUNT ? names[i] : NULL;
}

static bool fail(char *err, size_t len, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(err, len, fmt, args);
	va_end(args);
	return false;
}

/**
 * Occurrence n of an aggregated field (0 the first, -1 the last), copied
 * into buf; FALSE if the field has no such occurrence or it is too long.
 */
static bool occurrence(const char *field, int n, char *buf, size_t len)
{
	const char *start = field, *end;
	int count = 0, i;
	size_t l;

	for (end = field; *end; end++)
	{
		count += (*end == LADDER_FIELDS_AGGREGATOR);
	}
	if (!*field)
	{
		return false;
	}
	if (n < 0)
	{
		n = count;
	}
	if (n > count)
	{
		return false;
	}
	for (i = 0; i < n; i++)
	{
		start = strchr(start, LADDER_FIELDS_AGGREGATOR) + 1;
	}
	end = strchr(start, LADDER_FIELDS_AGGREGATOR);
	l = end ? (size_t)(end - start) : strlen(start);
	if (l >= len)
	{
		return false;
	}
	memcpy(buf, start, l);
	buf[l] = '\0';
	return true;
}

/**
 * Strict unsigned decimal or (hex) 0x number of at most max
 */
static bool number(const char *text, bool hex, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (hex)
	{
		if (strncmp(text, "0x", 2) || !isxdigit((unsigned char)text[2]))
		{
			return false;
		}
		text += 2;
	}
	else if (!isdigit((unsigned char)*text))
	{
		return false;
	}
	errno = 0;
	v = strtoull(text, &end, hex ? 16 : 10);
	if (errno || *end || v > max)
	{
		return false;
	}
	*out = v;
	return true;
}

/**
 * Occurrence n of a numeric field; absent fields are 0 if optional
 */
static bool field_number(const char *field, int n, bool hex, uint64_t max,
						 uint64_t *out)
{
	char buf[32];

	return occurrence(field, n, buf, sizeof(buf)) &&
		   number(buf, hex, max, out);
}

/**
 * frame.time_epoch "seconds.fraction" to microseconds
 */
static bool parse_time(const char *text, uint64_t *us)
{
	char secs[24], frac[7] = "000000";
	const char *dot;
	uint64_t s, f;
	size_t l, i;

	dot = strchr(text, '.');
	l = dot ? (size_t)(dot - text) : strlen(text);
	if (l == 0 || l >= sizeof(secs))
	{
		return false;
	}
	memcpy(secs, text, l);
	secs[l] = '\0';
	if (!number(secs, false, UINT32_MAX, &s))
	{
		return false;
	}
	if (dot)
	{
		for (i = 1; dot[i]; i++)
		{
			if (!isdigit((unsigned char)dot[i]))
			{
				return false;
			}
			if (i <= 6)
			{
				frac[i - 1] = dot[i];
			}
		}
	}
	if (!number(frac, false, 999999, &f))
	{
		return false;
	}
	*us = s * 1000000 + f;
	return true;
}

/**
 * The layers of frame.protocols, e.g. "sll:ethertype:ip:udp:sip"
 */
typedef struct {
	/** first and last IP layer is IPv6 */
	bool outer_v6, inner_v6;
	/** first and last transport is TCP */
	bool outer_tcp, inner_tcp;
	/** protection */
	ladder_protection_t protection;
} layers_t;

static bool parse_layers(const char *text, layers_t *layers, char *err,
						 size_t len)
{
	char buf[512], *pos, *token;
	bool ip = false, transport = false, encap = false;
	int count = 0;

	if (strlen(text) >= sizeof(buf))
	{
		return fail(err, len, "frame.protocols too long");
	}
	strcpy(buf, text);
	*layers = (layers_t){ .protection = LADDER_PROT_PLAIN };
	for (pos = buf; (token = strsep(&pos, ":")); )
	{
		if (++count > LAYERS_MAX)
		{
			return fail(err, len, "more than %d protocol layers", LAYERS_MAX);
		}
		if (!strcmp(token, "ip") || !strcmp(token, "ipv6"))
		{
			layers->inner_v6 = !strcmp(token, "ipv6");
			if (!ip)
			{
				layers->outer_v6 = layers->inner_v6;
				ip = true;
			}
		}
		else if (!strcmp(token, "udp") || !strcmp(token, "tcp"))
		{
			layers->inner_tcp = !strcmp(token, "tcp");
			if (!transport)
			{
				layers->outer_tcp = layers->inner_tcp;
				transport = true;
			}
		}
		else if (!strcmp(token, "udpencap"))
		{
			encap = true;
		}
		else if (!strcmp(token, "esp") &&
				 layers->protection == LADDER_PROT_PLAIN)
		{
			layers->protection = encap ? LADDER_PROT_ESP_UDP : LADDER_PROT_ESP;
		}
		else if (!strcmp(token, "tls") &&
				 layers->protection == LADDER_PROT_PLAIN)
		{
			layers->protection = LADDER_PROT_TLS;
		}
	}
	if (!ip || !transport)
	{
		return fail(err, len, "no IP or no UDP/TCP layer in '%s'", text);
	}
	return true;
}

/**
 * Occurrence n of an address field of the given family
 */
static bool field_addr(const char *field, int n, bool v6, char *out)
{
	unsigned char bin[16];

	return occurrence(field, n, out, LADDER_ADDR_LEN) &&
		   inet_pton(v6 ? AF_INET6 : AF_INET, out, bin) == 1;
}

static bool field_port(const char *field, int n, uint16_t *port)
{
	uint64_t v;

	if (!field_number(field, n, false, 65535, &v))
	{
		return false;
	}
	*port = v;
	return true;
}

/**
 * A SIP token (method), first occurrence
 */
static bool field_token(const char *field, char *out, size_t len)
{
	const char *p;

	if (!occurrence(field, 0, out, len) || !*out)
	{
		return false;
	}
	for (p = out; *p; p++)
	{
		if (!isalnum((unsigned char)*p) && !strchr("-.!%*_+`'~", *p))
		{
			return false;
		}
	}
	return true;
}

/**
 * Call-ID: printable ASCII kept, anything else shown as '?', cut with
 * "..." if longer than the room
 */
static void field_call_id(const char *field, char *out, size_t len)
{
	size_t i;

	for (i = 0; field[i] && field[i] != LADDER_FIELDS_AGGREGATOR &&
				i < len - 1; i++)
	{
		out[i] = (field[i] > 0x20 && field[i] < 0x7f) ? field[i] : '?';
	}
	out[i] = '\0';
	if (field[i] && field[i] != LADDER_FIELDS_AGGREGATOR && i >= 3)
	{
		memcpy(out + i - 3, "...", 3);
	}
}

/**
 * Name of the first mechanism of a Security-* header field, e.g.
 * "ipsec-3gpp" out of "ipsec-3gpp;alg=..., tls-psk;..."; empty if none
 */
static void field_mechanism(const char *field, char *out, size_t len)
{
	size_t i = 0;

	while (*field == ' ' || *field == '\t')
	{
		field++;
	}
	for (; i < len - 1 && (isalnum((unsigned char)field[i]) ||
						   field[i] == '-' || field[i] == '_'); i++)
	{
		out[i] = tolower((unsigned char)field[i]);
	}
	out[i] = '\0';
}

/*
 * Described in header
 */
bool ladder_fields_parse(char *line, unsigned capture,
						 ladder_sighting_t *s, char *err, size_t err_len)
{
	char *fields[F_COUNT], *pos = line, *sep, *ip_src, *ip_dst;
	bool outer_v6, inner_v6;
	layers_t layers;
	uint64_t v;
	int i;

	for (i = 0; i < F_COUNT; i++)
	{
		fields[i] = pos;
		sep = strchr(pos, LADDER_FIELDS_SEPARATOR);
		if (i < F_COUNT - 1)
		{
			if (!sep)
			{
				return fail(err, err_len, "%d fields, expected %d", i + 1,
							F_COUNT);
			}
			*sep = '\0';
			pos = sep + 1;
		}
		else if (sep)
		{
			return fail(err, err_len, "more than %d fields", F_COUNT);
		}
	}
	*s = (ladder_sighting_t){ .capture = capture };
	if (!field_number(fields[F_FRAME], 0, false, UINT32_MAX, &v))
	{
		return fail(err, err_len, "invalid frame number");
	}
	s->frame = v;
	if (!parse_time(fields[F_TIME], &s->time_us))
	{
		return fail(err, err_len, "frame %u: invalid time", s->frame);
	}
	if (!parse_layers(fields[F_PROTOCOLS], &layers, err, err_len))
	{
		return false;
	}
	s->protection = layers.protection;
	s->tcp = layers.inner_tcp;
	outer_v6 = layers.outer_v6;
	inner_v6 = layers.inner_v6;
	ip_src = outer_v6 ? fields[F_IP6_SRC] : fields[F_IP_SRC];
	ip_dst = outer_v6 ? fields[F_IP6_DST] : fields[F_IP_DST];
	if (!field_addr(ip_src, 0, outer_v6, s->src.addr) ||
		!field_addr(ip_dst, 0, outer_v6, s->dst.addr))
	{
		return fail(err, err_len, "frame %u: invalid outer address", s->frame);
	}
	ip_src = inner_v6 ? fields[F_IP6_SRC] : fields[F_IP_SRC];
	ip_dst = inner_v6 ? fields[F_IP6_DST] : fields[F_IP_DST];
	if (!field_addr(ip_src, -1, inner_v6, s->inner_src.addr) ||
		!field_addr(ip_dst, -1, inner_v6, s->inner_dst.addr))
	{
		return fail(err, err_len, "frame %u: invalid inner address", s->frame);
	}
	if (!field_port(fields[layers.outer_tcp ? F_TCP_SRC : F_UDP_SRC], 0,
					&s->src.port) ||
		!field_port(fields[layers.outer_tcp ? F_TCP_DST : F_UDP_DST], 0,
					&s->dst.port) ||
		!field_port(fields[layers.inner_tcp ? F_TCP_SRC : F_UDP_SRC], -1,
					&s->inner_src.port) ||
		!field_port(fields[layers.inner_tcp ? F_TCP_DST : F_UDP_DST], -1,
					&s->inner_dst.port))
	{
		return fail(err, err_len, "frame %u: invalid port", s->frame);
	}
	if (!outer_v6 && *fields[F_IP_ID])
	{
		if (!field_number(fields[F_IP_ID], 0, true, 0xffff, &v))
		{
			return fail(err, err_len, "frame %u: invalid ip.id", s->frame);
		}
		s->has_ip_id = true;
		s->ip_id = v;
	}
	if (s->protection == LADDER_PROT_ESP || s->protection == LADDER_PROT_ESP_UDP)
	{
		if (!field_number(fields[F_ESP_SPI], 0, true, UINT32_MAX, &v))
		{
			return fail(err, err_len, "frame %u: invalid esp.spi", s->frame);
		}
		s->spi = v;
	}
	if (*fields[F_METHOD])
	{
		if (!field_token(fields[F_METHOD], s->method, sizeof(s->method)))
		{
			return fail(err, err_len, "frame %u: invalid method", s->frame);
		}
	}
	else
	{
		if (!field_number(fields[F_STATUS], 0, false, 699, &v) || v < 100)
		{
			return fail(err, err_len, "frame %u: neither a method nor a "
						"status code", s->frame);
		}
		s->status = v;
	}
	if (!field_number(fields[F_CSEQ], 0, false, UINT32_MAX, &v) ||
		!field_token(fields[F_CSEQ_METHOD], s->cseq_method,
					 sizeof(s->cseq_method)))
	{
		return fail(err, err_len, "frame %u: invalid CSeq", s->frame);
	}
	s->cseq = v;
	if (!*fields[F_CALL_ID])
	{
		return fail(err, err_len, "frame %u: no Call-ID", s->frame);
	}
	field_call_id(fields[F_CALL_ID], s->call_id, sizeof(s->call_id));
	field_mechanism(fields[F_SEC_CLIENT], s->client_mech,
					sizeof(s->client_mech));
	field_mechanism(fields[F_SEC_SERVER], s->server_mech,
					sizeof(s->server_mech));
	field_mechanism(fields[F_SEC_VERIFY], s->verify_mech,
					sizeof(s->verify_mech));
	s->expires_zero = field_number(fields[F_EXPIRES], 0, false, UINT32_MAX,
								   &v) && v == 0;
	return true;
}

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

#include "secagree_addr.h"
#include "secagree_lex.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/*
 * Described in header
 */
imsaka_secagree_err_t imsaka_addr_parse(const char *text, size_t len, bool need_port,
								  imsaka_addr_t *addr)
{
	char ip[INET6_ADDRSTRLEN];
	const char *host = text, *colon;
	size_t host_len = len;
	uint32_t port = 0;
	bool has_port = false;

	if (len == 0 || len >= IMSAKA_ADDR_STRLEN)
	{
		return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
	}
	if (text[0] == '[')
	{
		const char *close = memchr(text, ']', len);

		if (!close)
		{
			return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
		}
		host = text + 1;
		host_len = close - host;
		if (close + 1 < text + len)
		{
			if (close[1] != ':')
			{
				return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
			}
			has_port = true;
			colon = close + 1;
		}
		addr->family = 6;
	}
	else
	{
		colon = memchr(text, ':', len);
		if (colon && memchr(colon + 1, ':', len - (colon + 1 - text)))
		{
			addr->family = 6;	/* bare IPv6, no port possible */
		}
		else
		{
			addr->family = 4;
			if (colon)
			{
				has_port = true;
				host_len = colon - text;
			}
		}
	}
	if (has_port)
	{
		if (!imsaka_lex_number(colon + 1, len - (colon + 1 - text), 65535,
							   &port) || port == 0)
		{
			return IMSAKA_SECAGREE_ERR_BAD_PORT;
		}
	}
	else if (need_port)
	{
		return IMSAKA_SECAGREE_ERR_BAD_PORT;
	}
	if (host_len == 0 || host_len >= sizeof(ip) ||
		memchr(host, '\0', host_len))
	{
		return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
	}
	memcpy(ip, host, host_len);
	ip[host_len] = '\0';
	if (inet_pton(addr->family == 4 ? AF_INET : AF_INET6, ip, addr->ip) != 1)
	{
		addr->family = 0;
		return IMSAKA_SECAGREE_ERR_BAD_ADDRESS;
	}
	if (addr->family == 4)
	{
		memset(addr->ip + 4, 0, 12);
	}
	addr->port = port;
	return IMSAKA_SECAGREE_OK;
}

/*
 * Described in header
 */
size_t imsaka_addr_format(const imsaka_addr_t *addr, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	int len;

	if (!addr->family || !inet_ntop(addr->family == 4 ? AF_INET : AF_INET6,
									addr->ip, ip, sizeof(ip)))
	{
		return 0;
	}
	if (!addr->port)
	{
		len = snprintf(buf, size, "%s", ip);
	}
	else if (addr->family == 6)
	{
		len = snprintf(buf, size, "[%s]:%u", ip, addr->port);
	}
	else
	{
		len = snprintf(buf, size, "%s:%u", ip, addr->port);
	}
	return (len < 0 || (size_t)len >= size) ? 0 : (size_t)len;
}

/*
 * Described in header
 */
size_t imsaka_addr_len(const imsaka_addr_t *addr)
{
	return addr->family == 4 ? 4 : addr->family == 6 ? 16 : 0;
}

/*
 * Described in header
 */
bool imsaka_addr_equals(const imsaka_addr_t *a, const imsaka_addr_t *b)
{
	return a->family == b->family && a->port == b->port &&
		   memcmp(a->ip, b->ip, imsaka_addr_len(a)) == 0;
}

/*
 * Described in header
 */
bool imsaka_addr_same_ip(const imsaka_addr_t *a, const imsaka_addr_t *b)
{
	return imsaka_addr_len(a) && a->family == b->family &&
		   memcmp(a->ip, b->ip, imsaka_addr_len(a)) == 0;
}

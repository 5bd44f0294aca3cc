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

#include "sip_sockaddr.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif

/*
 * Described in header
 */
bool sip_sockaddr_from_addr(const imsaka_addr_t *addr,
							struct sockaddr_storage *sa, socklen_t *len)
{
	memset(sa, 0, sizeof(*sa));
	switch (addr->family)
	{
		case 4:
		{
			struct sockaddr_in *sin = (struct sockaddr_in*)sa;

			sin->sin_family = AF_INET;
			sin->sin_port = htons(addr->port);
			memcpy(&sin->sin_addr, addr->ip, 4);
			*len = sizeof(*sin);
			return true;
		}
		case 6:
		{
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6*)sa;

			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = htons(addr->port);
			memcpy(&sin6->sin6_addr, addr->ip, 16);
			*len = sizeof(*sin6);
			return true;
		}
		default:
			return false;
	}
}

/*
 * Described in header
 */
bool sip_sockaddr_to_addr(const struct sockaddr *sa, imsaka_addr_t *addr)
{
	memset(addr, 0, sizeof(*addr));
	switch (sa->sa_family)
	{
		case AF_INET:
		{
			const struct sockaddr_in *sin = (const struct sockaddr_in*)sa;

			addr->family = 4;
			addr->port = ntohs(sin->sin_port);
			memcpy(addr->ip, &sin->sin_addr, 4);
			return true;
		}
		case AF_INET6:
		{
			const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6*)sa;

			addr->family = 6;
			addr->port = ntohs(sin6->sin6_port);
			memcpy(addr->ip, &sin6->sin6_addr, 16);
			return true;
		}
		default:
			return false;
	}
}

/*
 * Described in header
 */
char *sip_sockaddr_str(const imsaka_addr_t *addr, char *buf, size_t size)
{
	if (!imsaka_addr_format(addr, buf, size))
	{
		snprintf(buf, size, "?");
	}
	return buf;
}

/*
 * Described in header
 */
int sip_sockaddr_bind(int type, const imsaka_addr_t *local)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd, on = 1, err;

	if (!sip_sockaddr_from_addr(local, &sa, &len))
	{
		errno = EAFNOSUPPORT;
		return -1;
	}
	fd = socket(sa.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0)
	{
		goto failed;
	}
	/* TCP: an outgoing connection from a protected client port shares the
	 * port with the listener there (TS 33.203: a TCP connection is opened
	 * from port_uc / port_pc); Linux wants SO_REUSEPORT on all of them */
	if (type == SOCK_STREAM &&
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0)
	{
		goto failed;
	}
	if (sa.ss_family == AF_INET6)
	{
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0)
		{
			goto failed;
		}
		/* best effort: older kernels lack it, binding then needs the
		 * address to be up */
		setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &on, sizeof(on));
	}
	else
	{
		setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &on, sizeof(on));
	}
	if (type == SOCK_DGRAM)
	{	/* best effort: a registration storm brings thousands of
		 * REGISTERs at once, the default buffer (about 200 KiB) holds a
		 * few hundred; past net.core.rmem_max only as root */
		int size = SIP_SOCKADDR_UDP_RCVBUF;

		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
					   sizeof(size)) != 0)
		{
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
		}
	}
	if (bind(fd, (struct sockaddr*)&sa, len) != 0)
	{
		goto failed;
	}
	return fd;

failed:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

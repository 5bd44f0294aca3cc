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

#include "transport_test.h"

#include <sip_sockaddr.h>

#include <check.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * Described in header
 */
imsaka_addr_t transport_test_free_addr(const char *ip, int type)
{
	struct sockaddr_storage sa;
	imsaka_addr_t addr;
	socklen_t len = sizeof(sa);
	int fd;

	ck_assert_int_eq(imsaka_addr_parse(ip, strlen(ip), false, &addr), 0);
	fd = sip_sockaddr_bind(type, &addr);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr*)&sa, &len), 0);
	ck_assert(sip_sockaddr_to_addr((struct sockaddr*)&sa, &addr));
	close(fd);
	return addr;
}

/*
 * Described in header
 */
int transport_test_tcp_client(const imsaka_addr_t *addr)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd;

	ck_assert(sip_sockaddr_from_addr(addr, &sa, &len));
	fd = socket(sa.ss_family, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr*)&sa, len), 0);
	return fd;
}

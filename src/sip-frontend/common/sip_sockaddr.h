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

/**
 * @defgroup sip_sockaddr sip_sockaddr
 * @{ @ingroup sip_frontend
 * Conversions between imsaka_addr_t and struct sockaddr, and the socket
 * set-up shared by the transport's UDP sockets, TCP listeners and outgoing
 * TCP connections.
 */

#ifndef SIP_SOCKADDR_H_
#define SIP_SOCKADDR_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <secagree_addr.h>

/** receive buffer asked for UDP sockets, bytes */
#define SIP_SOCKADDR_UDP_RCVBUF (4 * 1024 * 1024)

/**
 * Fill a sockaddr from an address.
 *
 * @param addr		address (family 4 or 6)
 * @param sa		receives the socket address
 * @param len		receives its length
 * @return			FALSE if the family is unset
 */
bool sip_sockaddr_from_addr(const imsaka_addr_t *addr,
							struct sockaddr_storage *sa, socklen_t *len);

/**
 * Fill an address from a sockaddr; an IPv4-mapped IPv6 address stays IPv6
 * (v6 sockets are IPV6_V6ONLY, so none arrive).
 *
 * @param sa		socket address
 * @param addr		receives the address
 * @return			FALSE if not AF_INET or AF_INET6
 */
bool sip_sockaddr_to_addr(const struct sockaddr *sa, imsaka_addr_t *addr);

/**
 * Print an address for log lines: "?" where it has no text form.
 *
 * @param addr		address
 * @param buf		receives the text
 * @param size		size of buf (IMSAKA_ADDR_STRLEN)
 * @return			buf
 */
char *sip_sockaddr_str(const imsaka_addr_t *addr, char *buf, size_t size);

/**
 * Open a non-blocking socket of the address's family, with close-on-exec,
 * SO_REUSEADDR, IPV6_V6ONLY for IPv6 and IP_FREEBIND/IPV6_FREEBIND (so a
 * program may start before its address is up), and bind it.
 *
 * @param type		SOCK_DGRAM or SOCK_STREAM
 * @param local		address to bind, port 0 for an ephemeral one
 * @return			socket, -1 on error (errno set)
 */
int sip_sockaddr_bind(int type, const imsaka_addr_t *local);

#endif /** SIP_SOCKADDR_H_ @}*/

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
 * @defgroup bench_reg_transport bench_reg_transport
 * @{ @ingroup bench
 *
 * UDP for the emulated UEs of the registration benchmark: one socket per
 * UE port on 0.0.0.0, each message sent from its UE's own address
 * (IP_PKTINFO; a local route on lo covers the UEs' addresses), and the
 * clocks the benchmark measures with.
 */

#ifndef BENCH_REG_TRANSPORT_H_
#define BENCH_REG_TRANSPORT_H_

#include <secagree_addr.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

/**
 * Open a non-blocking UDP socket on 0.0.0.0:port with large buffers.
 *
 * @param port		local port
 * @return			socket, -1 on failure (said on stderr)
 */
int bench_reg_transport_open(uint16_t port);

/**
 * The sockaddr of an IPv4 imsaka_addr_t.
 *
 * @param addr		address and port
 * @param sin		set to it
 */
void bench_reg_transport_sin(const imsaka_addr_t *addr,
							 struct sockaddr_in *sin);

/**
 * Send a message from a UE's address; a failure counts as a lost message
 * (the sender's retransmission timer sends it again).
 *
 * @param fd		socket
 * @param src		the UE's address (no port: the socket's)
 * @param to		destination
 * @param msg		message
 * @param len		its length
 */
void bench_reg_transport_send(int fd, const imsaka_addr_t *src,
							  struct sockaddr_in *to, const char *msg,
							  size_t len);

/**
 * Monotonic time, ms.
 *
 * @return			ms
 */
double bench_reg_now_ms(void);

/**
 * Realtime clock, ms (CLOCK_REALTIME).
 *
 * @return			ms
 */
double bench_reg_real_ms(void);

#endif /** BENCH_REG_TRANSPORT_H_ @}*/

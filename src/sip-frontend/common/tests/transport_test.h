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
 * @defgroup transport_test transport_test
 * @{ @ingroup sip_frontend
 * Socket helpers and the receive collector of the transport tests (Check
 * assertions inside).
 */

#ifndef TRANSPORT_TEST_H_
#define TRANSPORT_TEST_H_

#include <secagree_addr.h>
#include <sip_transport.h>

/** most messages a test collects */
#define TRANSPORT_TEST_MAX_RX 8

typedef struct transport_test_rx_t transport_test_rx_t;

/**
 * What a test run received
 */
struct transport_test_rx_t {
	/** the transport under test */
	sip_transport_t *transport;
	/** if set, called with each message before it is collected */
	void (*on_msg)(transport_test_rx_t *rx, const sip_peer_t *peer);
	/** messages received */
	int count;
	/** stop the loop at this count */
	int stop_after;
	/** the watchdog stopped the loop */
	bool timed_out;
	/** where each message came from */
	sip_peer_t peers[TRANSPORT_TEST_MAX_RX];
	/** the messages, NUL-terminated */
	char msgs[TRANSPORT_TEST_MAX_RX][4096];
	/** their lengths */
	size_t lens[TRANSPORT_TEST_MAX_RX];
};

/** addresses of the loop tests: _i = 0 IPv4, 1 IPv6 */
extern const char *transport_test_loopback[2];

/** the collector of the transport suites, set up by transport_test_setup() */
extern transport_test_rx_t transport_test_rx;

/**
 * Checked fixture: clear transport_test_rx and create its transport.
 */
void transport_test_setup(void);

/**
 * Checked fixture: destroy the transport of transport_test_rx.
 */
void transport_test_teardown(void);

/**
 * Clear a collector and create its transport, receiving into it.
 *
 * @param rx		collector
 */
void transport_test_rx_init(transport_test_rx_t *rx);

/**
 * Run the loop until stop_after messages arrived, or the watchdog.
 *
 * @param rx		collector
 * @param stop_after	messages to wait for
 * @param watchdog_ms	longest run, ms
 * @return			TRUE if a signal ended the run
 */
bool transport_test_run_until(transport_test_rx_t *rx, int stop_after,
							  uint32_t watchdog_ms);

/**
 * Write a string to a socket, all of it.
 *
 * @param fd		socket
 * @param str		string
 */
void transport_test_write_str(int fd, const char *str);

/**
 * Whether the peer closed fd (EOF or reset) within a second.
 *
 * @param fd		socket
 * @return			TRUE if closed
 */
bool transport_test_closed_by_peer(int fd);

/**
 * An address with a port that is free now.
 *
 * @param ip		"127.0.0.1" or "::1"
 * @param type		SOCK_STREAM or SOCK_DGRAM
 * @return			address and port
 */
imsaka_addr_t transport_test_free_addr(const char *ip, int type);

/**
 * An address of a loop test's family with a port that is free now.
 *
 * @param fam		index into transport_test_loopback (the loop's _i)
 * @param type		SOCK_STREAM or SOCK_DGRAM
 * @return			address and port
 */
imsaka_addr_t transport_test_loop_addr(int fam, int type);

/**
 * Read one whole TLS record (header and the length it gives) from fd.
 *
 * @param fd		socket
 * @param buf		receives the record
 * @param size		size of buf, the record must fit
 * @return			length of the record
 */
size_t transport_test_read_record(int fd, uint8_t *buf, size_t size);

/**
 * A new filtered listener of a collector's transport on 127.0.0.1, and a
 * plain TCP client connected to it.
 *
 * @param rx		collector
 * @param factory	filter factory of the listener
 * @param data		data passed to factory
 * @param addr		receives the listener's address, NULL if not needed
 * @return			connected socket
 */
int transport_test_filtered_client(transport_test_rx_t *rx,
								   sip_stream_filter_factory_t factory,
								   void *data, imsaka_addr_t *addr);

/**
 * A blocking TCP client connected to addr.
 *
 * @param addr		where to connect
 * @return			connected socket
 */
int transport_test_tcp_client(const imsaka_addr_t *addr);

#endif /** TRANSPORT_TEST_H_ @}*/

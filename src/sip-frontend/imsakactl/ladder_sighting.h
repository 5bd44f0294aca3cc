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
 * @defgroup ladder_sighting ladder_sighting
 * @{ @ingroup imsakactl
 */

#ifndef LADDER_SIGHTING_H_
#define LADDER_SIGHTING_H_

#include <stdbool.h>
#include <stdint.h>

/** longest address text (IPv6 with scope) */
#define LADDER_ADDR_LEN 48
/** longest SIP method kept */
#define LADDER_METHOD_LEN 32
/** longest Call-ID kept (longer ones are cut, marked with "...") */
#define LADDER_CALL_ID_LEN 128
/** longest security mechanism name kept */
#define LADDER_MECH_LEN 24

typedef struct ladder_endpoint_t ladder_endpoint_t;
typedef struct ladder_sighting_t ladder_sighting_t;

/**
 * How a SIP message travelled.
 */
typedef enum {
	/** plain UDP or TCP */
	LADDER_PROT_PLAIN,
	/** ESP in UDP (RFC 3948) */
	LADDER_PROT_ESP_UDP,
	/** ESP directly over IP */
	LADDER_PROT_ESP,
	/** TLS (TLS-PSK or tls-aka, told apart by the agreed mechanism) */
	LADDER_PROT_TLS,
} ladder_protection_t;

/**
 * Address and port of one end of a packet.
 */
struct ladder_endpoint_t {

	/** address as text, as tshark printed it (validated) */
	char addr[LADDER_ADDR_LEN];

	/** port, 0 if none */
	uint16_t port;
};

/**
 * One SIP message as seen once in one capture: the decoded fields of one
 * tshark line.
 */
struct ladder_sighting_t {

	/** index of the capture it came from (order of --capture) */
	unsigned capture;

	/** frame number in that capture */
	uint32_t frame;

	/** capture time, microseconds since the epoch */
	uint64_t time_us;

	/** outermost source (for ESP-in-UDP: the UDP encapsulation) */
	ladder_endpoint_t src;

	/** outermost destination */
	ladder_endpoint_t dst;

	/** innermost source, the SIP's own (= src when not tunnelled) */
	ladder_endpoint_t inner_src;

	/** innermost destination */
	ladder_endpoint_t inner_dst;

	/** SIP over TCP (innermost transport) */
	bool tcp;

	/** IPv4 identification of the outermost header, if any */
	bool has_ip_id;

	/** outermost IPv4 identification */
	uint16_t ip_id;

	/** protection of the packet */
	ladder_protection_t protection;

	/** ESP SPI (ESP protections only) */
	uint32_t spi;

	/** request method, empty for a response */
	char method[LADDER_METHOD_LEN];

	/** response status, 0 for a request */
	uint16_t status;

	/** CSeq number */
	uint32_t cseq;

	/** CSeq method */
	char cseq_method[LADDER_METHOD_LEN];

	/** Call-ID (printable ASCII only) */
	char call_id[LADDER_CALL_ID_LEN];

	/** first mechanism of Security-Client, empty if none */
	char client_mech[LADDER_MECH_LEN];

	/** first mechanism of Security-Server, empty if none */
	char server_mech[LADDER_MECH_LEN];

	/** first mechanism of Security-Verify, empty if none */
	char verify_mech[LADDER_MECH_LEN];

	/** Expires header field present and 0 (a de-registration) */
	bool expires_zero;
};

#endif /** LADDER_SIGHTING_H_ @}*/

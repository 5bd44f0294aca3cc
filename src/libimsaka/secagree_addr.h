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
 * @defgroup secagree_addr secagree_addr
 * @{ @ingroup libimsaka
 *
 * IPv4 or IPv6 address with port, as carried by the NAT-T extension
 * (OA values), hashed by the NAT detection and compared with Via.
 */

#ifndef IMSAKA_SECAGREE_ADDR_H_
#define IMSAKA_SECAGREE_ADDR_H_

#include "secagree_error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** longest text form: "[" 39 chars of IPv6 "]:65535" and NUL */
#define IMSAKA_ADDR_STRLEN 48

typedef struct imsaka_addr_t imsaka_addr_t;

/**
 * An address of either family with a port, network byte order.
 */
struct imsaka_addr_t {
	/** 4 or 6, 0 when unset */
	uint8_t family;
	/** port, host byte order, 0 when none */
	uint16_t port;
	/** address: 4 bytes for IPv4, 16 for IPv6 */
	uint8_t ip[16];
};

/**
 * Parse "192.0.2.1", "192.0.2.1:5060", "2001:db8::1", "[2001:db8::1]" or
 * "[2001:db8::1]:5060".
 *
 * @param text		address text, not necessarily NUL-terminated
 * @param len		length of text
 * @param need_port	TRUE to refuse an address without port
 * @param addr		parsed address
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_BAD_ADDRESS or
 *					IMSAKA_SECAGREE_ERR_BAD_PORT
 */
imsaka_secagree_err_t imsaka_addr_parse(const char *text, size_t len, bool need_port,
								  imsaka_addr_t *addr);

/**
 * Print an address as parsed by imsaka_addr_parse(), IPv6 in brackets when
 * a port follows.
 *
 * @param addr		address
 * @param buf		output buffer, IMSAKA_ADDR_STRLEN bytes suffice
 * @param size		size of buf
 * @return			length written (without NUL), 0 if unset or too small
 */
size_t imsaka_addr_format(const imsaka_addr_t *addr, char *buf, size_t size);

/**
 * Compare family, address and port.
 *
 * @param a			first address
 * @param b			second address
 * @return			TRUE if equal
 */
bool imsaka_addr_equals(const imsaka_addr_t *a, const imsaka_addr_t *b);

/**
 * Compare family and address, not the port.
 *
 * @param a			first address
 * @param b			second address
 * @return			TRUE if both are set and the same address
 */
bool imsaka_addr_same_ip(const imsaka_addr_t *a, const imsaka_addr_t *b);

/**
 * Length of the address bytes of the family.
 *
 * @param addr		address
 * @return			4, 16, or 0 when unset
 */
size_t imsaka_addr_len(const imsaka_addr_t *addr);

#endif /** IMSAKA_SECAGREE_ADDR_H_ @}*/

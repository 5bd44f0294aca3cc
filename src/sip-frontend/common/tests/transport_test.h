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
 * Socket helpers of the transport tests (Check assertions inside).
 */

#ifndef TRANSPORT_TEST_H_
#define TRANSPORT_TEST_H_

#include <secagree_addr.h>

/**
 * An address with a port that is free now.
 *
 * @param ip		"127.0.0.1" or "::1"
 * @param type		SOCK_STREAM or SOCK_DGRAM
 * @return			address and port
 */
imsaka_addr_t transport_test_free_addr(const char *ip, int type);

/**
 * A blocking TCP client connected to addr.
 *
 * @param addr		where to connect
 * @return			connected socket
 */
int transport_test_tcp_client(const imsaka_addr_t *addr);

#endif /** TRANSPORT_TEST_H_ @}*/

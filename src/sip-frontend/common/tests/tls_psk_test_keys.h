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

/*
 * The registration the tls-psk tests of the UE and the P-CSCF share: the
 * PSK charon would derive, SM6's PSK identity (sid) and the IMPI.
 */

#ifndef TLS_PSK_TEST_KEYS_H_
#define TLS_PSK_TEST_KEYS_H_

#include <stdint.h>

/** PSK of the registration */
static const uint8_t psk[32] = {
	0xc8, 0x73, 0x2a, 0x80, 0xc5, 0xab, 0x88, 0xb6, 0x4b, 0x53, 0x33, 0xc0,
	0x6a, 0x98, 0x91, 0x07, 0xac, 0x06, 0xcf, 0x5a, 0x71, 0x27, 0x79, 0xb2,
	0x6b, 0x1b, 0xa1, 0x1c, 0x80, 0x28, 0x94, 0xaf,
};

/** PSK identity, as SM6 carries it */
static const char *sid = "9f0e1d2c3b4a59687766554433221100";

/** IMPI of the registration */
static const char *impi = "alice@ims.example.net";

#endif /** TLS_PSK_TEST_KEYS_H_ */

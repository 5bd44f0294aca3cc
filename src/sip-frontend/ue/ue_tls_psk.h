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
 * @defgroup ue_tls_psk ue_tls_psk
 * @{ @ingroup imsaka_ue
 *
 * The UE's side of tls-psk (docs/TLS-PSK.md): an OpenSSL client context
 * for TLS 1.2 PSK suites (RFC 4279/5487) and TLS 1.3 external PSKs, and
 * client connections restricted to the suites security agreement chose,
 * with the PSK charon exported (tls-psk) and the P-CSCF's sid as the PSK
 * identity. Connections are socket-less (memory BIOs or any BIO the
 * caller sets), so the transport decides where the bytes go.
 *
 * Each agreed suite list gets its own OpenSSL context, created on first
 * use and kept for the next connections with that list (at most
 * UE_TLS_PSK_CTXS_MAX, the least recently used one goes first): a
 * connection then costs what SSL_new() does instead of parsing the list
 * again. Not thread-safe: connect() from one thread at a time (the
 * frontend's poll loop).
 */

#ifndef UE_TLS_PSK_H_
#define UE_TLS_PSK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

/** PSK identity hint a tls-psk P-CSCF sends in TLS 1.2 (TS 33.222's GBA
 *  model: a fixed hint naming the key's origin) */
#define UE_TLS_PSK_HINT "3GPP-IMS-AKA"

/** PSK length (the KDF output, docs/TLS-PSK.md) */
#define UE_TLS_PSK_LEN 32

/** longest PSK identity: a 32 byte sid in hex */
#define UE_TLS_PSK_IDENTITY_MAX 64

/** most suite lists with a context kept (a UE agrees one per P-CSCF) */
#define UE_TLS_PSK_CTXS_MAX 8

/** TLS versions a context allows (bits) */
typedef enum {
	UE_TLS_V12 = 1,
	UE_TLS_V13 = 2,
} ue_tls_version_t;

typedef struct ue_tls_psk_t ue_tls_psk_t;

/**
 * TLS-PSK client context of the UE.
 */
struct ue_tls_psk_t {

	/**
	 * Create a client connection (SSL_connect() pending, no BIOs set).
	 *
	 * @param identity	PSK identity (the sid of SM6 in hex), 1..64 chars
	 * @param psk		PSK from charon (copied, wiped with the connection)
	 * @param suites	cipher suite code points agreed (cs of SM6), in
	 *					preference order
	 * @param count		number of suites, 1..16
	 * @return			connection, NULL if no suite is usable with the
	 *					versions allowed or on bad input (logged)
	 */
	SSL *(*connect)(ue_tls_psk_t *this, const char *identity,
					const uint8_t psk[UE_TLS_PSK_LEN], const uint16_t *suites,
					int count);

	/**
	 * Free the contexts (connections hold their own reference).
	 */
	void (*destroy)(ue_tls_psk_t *this);
};

/**
 * Whether a cipher suite code point can be used for tls-psk: a TLS 1.2
 * PSK, DHE-PSK or ECDHE-PSK suite, or a TLS 1.3 suite with SHA-256 (the
 * hash of OpenSSL's external PSKs from the PSK callbacks).
 *
 * @param suite		code point, e.g. 0x00a8
 * @param versions	versions allowed (ue_tls_version_t bits)
 * @return			TRUE if usable
 */
bool ue_tls_psk_suite_usable(uint16_t suite, int versions);

/**
 * Create the context.
 *
 * @param versions	TLS versions allowed (ue_tls_version_t bits)
 * @param dhe		TLS 1.3: psk_dhe_ke (forward secrecy); else psk_ke
 * @return			context, NULL on an OpenSSL failure (logged)
 */
ue_tls_psk_t *ue_tls_psk_create(int versions, bool dhe);

#endif /** UE_TLS_PSK_H_ @}*/

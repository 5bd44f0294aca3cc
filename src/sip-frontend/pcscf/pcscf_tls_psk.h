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
 * @defgroup pcscf_tls_psk pcscf_tls_psk
 * @{ @ingroup pcscf
 *
 * The P-CSCF's side of tls-psk (docs/TLS-PSK.md): the PSKs of pending and
 * active registrations by PSK identity (the sid the P-CSCF put into SM6),
 * and an OpenSSL server context whose PSK callback finds them. A TLS
 * client whose identity has no registration gets no key: the handshake
 * fails (unknown_psk_identity in TLS 1.2). Kept apart from the
 * registration table, keyed by identity, with the IMPI it belongs to.
 */

#ifndef PCSCF_TLS_PSK_H_
#define PCSCF_TLS_PSK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

/** PSK identity hint sent in TLS 1.2 (TS 33.222's GBA model) */
#define PCSCF_TLS_PSK_HINT "3GPP-IMS-AKA"

/** PSK length */
#define PCSCF_TLS_PSK_LEN 32

/** longest PSK identity: a 32 byte sid in hex */
#define PCSCF_TLS_PSK_IDENTITY_MAX 64

/** longest IMPI kept */
#define PCSCF_TLS_PSK_IMPI_MAX 255

/** most agreed suites kept per PSK (a cs parameter holds no more) */
#define PCSCF_TLS_PSK_SUITES_MAX 16

/** TLS versions allowed (bits) */
typedef enum {
	PCSCF_TLS_V12 = 1,
	PCSCF_TLS_V13 = 2,
} pcscf_tls_version_t;

typedef struct pcscf_tls_psk_t pcscf_tls_psk_t;

/**
 * PSKs by identity and the TLS server context using them.
 */
struct pcscf_tls_psk_t {

	/**
	 * Add the PSK of a registration step, replacing one of the same
	 * identity. A handshake with that identity must use one of the suites
	 * agreed in SM6, else the key is refused.
	 *
	 * @param identity	PSK identity (sid in hex), 1..64 characters
	 * @param impi		IMPI it belongs to
	 * @param psk		PSK from charon (copied)
	 * @param suites	agreed suites (IANA code points)
	 * @param count		number of suites, 1..PCSCF_TLS_PSK_SUITES_MAX
	 * @return			FALSE on bad input, a full table or no memory
	 */
	bool (*add)(pcscf_tls_psk_t *this, const char *identity, const char *impi,
				const uint8_t psk[PCSCF_TLS_PSK_LEN], const uint16_t *suites,
				u_int count);

	/**
	 * Remove a PSK (wiped).
	 *
	 * @param identity	PSK identity
	 * @return			FALSE if unknown
	 */
	bool (*remove)(pcscf_tls_psk_t *this, const char *identity);

	/**
	 * Remove every PSK of an IMPI (de-registration, expiry).
	 *
	 * @param impi		IMPI
	 * @return			number removed
	 */
	int (*remove_impi)(pcscf_tls_psk_t *this, const char *impi);

	/**
	 * Number of PSKs held.
	 *
	 * @return			count
	 */
	u_int (*count)(pcscf_tls_psk_t *this);

	/**
	 * Create a server connection (SSL_accept() pending, no BIOs set).
	 *
	 * @return			connection, NULL on an OpenSSL failure
	 */
	SSL *(*accept)(pcscf_tls_psk_t *this);

	/**
	 * After the handshake: the IMPI the client's identity belongs to.
	 *
	 * @param ssl		connection with a finished handshake
	 * @param impi		receives the IMPI
	 * @param size		size of impi
	 * @param identity	receives the identity (PCSCF_TLS_PSK_IDENTITY_MAX+1
	 *					bytes), or NULL
	 * @return			FALSE if the identity is not (or no longer) known
	 */
	bool (*peer)(pcscf_tls_psk_t *this, SSL *ssl, char *impi, size_t size,
				 char *identity);

	/**
	 * After the handshake: the PSK identity the client used (known or not
	 * any longer).
	 *
	 * @param ssl		connection with a finished handshake
	 * @param buf		receives the identity
	 * @param size		size of buf
	 * @return			FALSE if there is none or it does not fit
	 */
	bool (*identity)(pcscf_tls_psk_t *this, SSL *ssl, char *buf, size_t size);

	/**
	 * The IMPI a PSK identity belongs to.
	 *
	 * @param identity	PSK identity
	 * @param impi		receives the IMPI
	 * @param size		size of impi
	 * @return			FALSE if the identity is not (or no longer) known
	 */
	bool (*impi_of)(pcscf_tls_psk_t *this, const char *identity, char *impi,
					size_t size);

	/**
	 * Free the PSKs (wiped) and the context.
	 */
	void (*destroy)(pcscf_tls_psk_t *this);
};

/**
 * Create the PSK table and server context.
 *
 * @param versions	TLS versions allowed (pcscf_tls_version_t bits)
 * @param dhe		TLS 1.3: accept psk_dhe_ke only (else psk_ke too)
 * @param max		most PSKs held
 * @return			object, NULL on an OpenSSL failure (logged)
 */
pcscf_tls_psk_t *pcscf_tls_psk_create(int versions, bool dhe, u_int max);

#endif /** PCSCF_TLS_PSK_H_ @}*/

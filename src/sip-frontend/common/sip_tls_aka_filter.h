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
 * @defgroup sip_tls_aka_filter sip_tls_aka_filter
 * @{ @ingroup sip_frontend
 * A stream filter that protects a TCP connection with the TLS 1.3 record
 * layer keyed by IMS AKA (tls-aka, docs/TLS-AKA.md): no handshake, the two
 * traffic secrets come from charon (control command tls-aka-keys).
 * Received records become plaintext; a record that fails (authentication,
 * format, a fatal alert) ends the connection after the alert for it; the
 * peer's close_notify ends it too. Plaintext sent becomes one record per
 * 2^14 bytes.
 */

#ifndef SIP_TLS_AKA_FILTER_H_
#define SIP_TLS_AKA_FILTER_H_

#include <stdint.h>

#include "sip_stream_filter.h"

/**
 * Which side of the connection a filter is on.
 */
typedef enum {
	/** the UE: writes with the ue secret, reads with the pcscf one */
	SIP_TLS_AKA_UE,
	/** the P-CSCF: the other way round */
	SIP_TLS_AKA_PCSCF,
} sip_tls_aka_role_t;

/**
 * The option ktls of the program's section (frontend_conf): try kernel TLS
 * for the records, default yes. A program calls it once at startup (a bad
 * value stops it); the filters made after it follow the value read, and
 * try kernel TLS if it was never called.
 *
 * @param ktls		receives the value
 * @return			FALSE for a bad value (logged, naming the option)
 */
bool sip_tls_aka_filter_ktls_option(bool *ktls);

/**
 * Create the filter from the two traffic secrets of tls-aka-keys.
 *
 * @param suite		cipher suite code point (0x1301, 0x1302, 0x1303)
 * @param role		this side
 * @param ue		ue_ap_traffic_secret_0 (copied; the caller wipes it)
 * @param pcscf		pcscf_ap_traffic_secret_0 (copied)
 * @param len		length of both, the suite's hash length
 * @param identity	what get_identity() reports (the P-CSCF: the IMPI of the
 *					registration that made the keys), NULL for nothing
 * @return			filter, NULL for a bad suite or length (logged)
 */
sip_stream_filter_t *sip_tls_aka_filter_create(uint16_t suite,
											   sip_tls_aka_role_t role,
											   const uint8_t *ue,
											   const uint8_t *pcscf,
											   size_t len,
											   const char *identity);

#endif /** SIP_TLS_AKA_FILTER_H_ @}*/

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
 * @defgroup scscf_impu scscf_impu
 * @{ @ingroup scscf
 * Public user identities compared the way the registrar needs: scheme and
 * host case-insensitive, user part exact, URI parameters ignored.
 */

#ifndef SCSCF_IMPU_H_
#define SCSCF_IMPU_H_

#include <sip_uri.h>

#include <stdbool.h>
#include <stddef.h>

/** longest IMPI or IMPU, with NUL */
#define SCSCF_MAX_ID 256

/**
 * Key of a parsed URI: "sip:user@host", "sips:host" or "tel:+123".
 *
 * @param uri		parsed URI
 * @param key		receives the key
 * @param size		size of key
 * @return			FALSE if the URI has no host/number or does not fit
 */
bool scscf_impu_key(const imsaka_sip_uri_t *uri, char *key, size_t size);

/**
 * Key of a URI given as text.
 *
 * @param text		URI, e.g. "sip:ue@ims.example.net"
 * @param key		receives the key
 * @param size		size of key
 * @return			FALSE if it does not parse as sip:, sips: or tel: URI
 */
bool scscf_impu_key_text(const char *text, char *key, size_t size);

#endif /** SCSCF_IMPU_H_ @}*/

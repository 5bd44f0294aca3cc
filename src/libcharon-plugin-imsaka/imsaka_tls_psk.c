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

#include "imsaka_tls_psk.h"

#include <string.h>

#include <openssl/crypto.h>

#include <kdf.h>

/** P0, the label */
static const char label[] = "tls-psk";

/*
 * Described in header
 */
bool imsaka_tls_psk_derive(const uint8_t ck[static 16],
						   const uint8_t ik[static 16],
						   const uint8_t rand[static 16],
						   const char *impi, size_t impi_len,
						   const uint8_t *id, size_t id_len,
						   uint8_t psk[static IMSAKA_TLS_PSK_LEN])
{
	uint8_t key[32];
	imsaka_kdf_param_t params[] = {
		{ (const uint8_t*)label, sizeof(label) - 1 },
		{ rand, 16 },
		{ (const uint8_t*)impi, impi_len },
		{ id, id_len },
	};
	bool ok;

	memset(psk, 0, IMSAKA_TLS_PSK_LEN);
	if (!impi || !impi_len || impi_len > IMSAKA_TLS_PSK_IMPI_MAX ||
		!id || !id_len || id_len > IMSAKA_TLS_PSK_ID_MAX)
	{
		return false;
	}
	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	ok = imsaka_kdf(key, sizeof(key), IMSAKA_TLS_PSK_FC, params,
					sizeof(params) / sizeof(params[0]), psk);
	OPENSSL_cleanse(key, sizeof(key));
	return ok;
}

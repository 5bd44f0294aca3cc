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
 * @defgroup imsaka_tls_hkdf tls_hkdf
 * @{ @ingroup libimsaka
 *
 * HKDF (RFC 5869) as TLS 1.3 uses it (RFC 8446 7.1), on OpenSSL's
 * EVP_MAC HMAC (checked against OpenSSL's EVP_KDF "HKDF" in the tests):
 *
 *   HKDF-Expand-Label(Secret, Label, Context, Length) =
 *       HKDF-Expand(Secret, HkdfLabel, Length)
 *   struct {
 *       uint16 length = Length;
 *       opaque label<7..255> = "tls13 " + Label;
 *       opaque context<0..255> = Context;
 *   } HkdfLabel;
 */

#ifndef IMSAKA_TLS_HKDF_H_
#define IMSAKA_TLS_HKDF_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** longest Label without the "tls13 " prefix */
#define IMSAKA_TLS_LABEL_MAX	249
/** longest Context */
#define IMSAKA_TLS_CONTEXT_MAX	255

/**
 * HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM).
 *
 * @param digest	OpenSSL hash name, e.g. "SHA256"
 * @param salt		salt; NULL or empty means Hash.length zero bytes
 * @param salt_len	salt length
 * @param ikm		input keying material
 * @param ikm_len	input keying material length
 * @param prk		receives Hash.length bytes (zeroed on failure)
 * @param prk_len	size of prk, must be Hash.length
 * @return			FALSE if OpenSSL failed or prk_len is wrong
 */
bool imsaka_tls_hkdf_extract(const char *digest,
							 const uint8_t *salt, size_t salt_len,
							 const uint8_t *ikm, size_t ikm_len,
							 uint8_t *prk, size_t prk_len);

/**
 * HKDF-Expand-Label(secret, label, context, out_len) of RFC 8446 7.1.
 *
 * @param digest	OpenSSL hash name, e.g. "SHA256"
 * @param secret	secret (a PRK of Hash.length bytes)
 * @param secret_len secret length
 * @param label		label without "tls13 ", e.g. "key"
 * @param context	context, may be NULL if context_len is 0
 * @param context_len context length, at most 255
 * @param out		receives out_len bytes (zeroed on failure)
 * @param out_len	output length, 1..255 * Hash.length, at most 65535
 * @return			FALSE on a bad length or an OpenSSL failure
 */
bool imsaka_tls_hkdf_expand_label(const char *digest,
								  const uint8_t *secret, size_t secret_len,
								  const char *label,
								  const uint8_t *context, size_t context_len,
								  uint8_t *out, size_t out_len);

#endif /** IMSAKA_TLS_HKDF_H_ @}*/

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
 * @defgroup imsaka_base64 base64
 * @{ @ingroup libimsaka
 *
 * Bounded base64 (RFC 4648 alphabet, with padding) for Digest AKA nonces,
 * passwords and auts.
 */

#ifndef IMSAKA_BASE64_H_
#define IMSAKA_BASE64_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** encoded length of len bytes, without the NUL */
#define IMSAKA_BASE64_LEN(len) ((((len) + 2) / 3) * 4)

/**
 * Encode bytes as base64 (with padding, no line breaks).
 *
 * @param in		bytes to encode
 * @param len		number of bytes
 * @param out		output buffer
 * @param size		size of out, at least IMSAKA_BASE64_LEN(len) + 1
 * @return			length written (without NUL), 0 if out is too small
 *					and len > 0
 */
size_t imsaka_base64_encode(const uint8_t *in, size_t len, char *out,
							size_t size);

/**
 * Decode base64 strictly: length a multiple of 4, padding only at the end,
 * no whitespace, unused bits zero.
 *
 * @param in		base64 text (need not be NUL-terminated)
 * @param in_len	length of the text
 * @param out		output buffer
 * @param size		size of out
 * @param out_len	receives the number of bytes decoded
 * @return			FALSE on bad syntax or if out is too small
 */
bool imsaka_base64_decode(const char *in, size_t in_len, uint8_t *out,
						  size_t size, size_t *out_len);

#endif /** IMSAKA_BASE64_H_ @}*/

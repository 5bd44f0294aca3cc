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
 * @defgroup imsaka_hex hex
 * @{ @ingroup libimsaka
 */

#ifndef IMSAKA_HEX_H_
#define IMSAKA_HEX_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Decode exactly len bytes from exactly 2 * len hex digits that need not
 * be NUL-terminated, no prefix: for values inside protocol text.
 *
 * @param hex		hex digits, either case
 * @param hex_len	number of characters at hex
 * @param out		output of len bytes, zeroed on a bad digit
 * @param len		number of bytes expected
 * @return			TRUE if hex_len == 2 * len and all are hex digits
 */
bool imsaka_hex_decode_exact(const char *hex, size_t hex_len, uint8_t *out,
							 size_t len);

/**
 * Decode a hex string of exactly len bytes.
 *
 * Upper and lower case digits are accepted, as is one optional "0x" or "0X"
 * prefix. Anything else (odd length, wrong length, whitespace, other
 * characters) fails. On failure out is zeroed.
 *
 * @param hex		NUL-terminated hex string
 * @param out		output buffer of len bytes
 * @param len		expected number of bytes
 * @return			TRUE if hex holds exactly len bytes
 */
bool imsaka_hex_decode(const char *hex, uint8_t *out, size_t len);

/**
 * Decode a hex string of any length up to max bytes.
 *
 * Same syntax as imsaka_hex_decode(); an empty string decodes to 0 bytes.
 *
 * @param hex		NUL-terminated hex string
 * @param out		output buffer of max bytes
 * @param max		size of out
 * @param len		receives the number of bytes decoded
 * @return			TRUE if valid and not longer than max bytes
 */
bool imsaka_hex_decode_var(const char *hex, uint8_t *out, size_t max,
						   size_t *len);

/**
 * Number of bytes a hex string holds, ignoring an "0x" prefix, for error
 * messages ("got 15 bytes").
 *
 * @param hex		NUL-terminated string
 * @return			number of whole bytes the string length stands for
 */
size_t imsaka_hex_len(const char *hex);

/**
 * Encode bytes as lowercase hex.
 *
 * @param in		bytes to encode
 * @param len		number of bytes
 * @param out		buffer of 2 * len + 1 chars, NUL-terminated on return
 */
void imsaka_hex_encode(const uint8_t *in, size_t len, char *out);

#endif /** IMSAKA_HEX_H_ @}*/

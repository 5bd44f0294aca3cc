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
 * @defgroup test_vectors test_vectors
 * @{ @ingroup imsaka_tests
 *
 * Reader of the "name=value name=value ..." vector files in vectors/:
 * one vector per line, '#' comments and blank lines skipped, values
 * optionally in double quotes, a bare word is a field with an empty value.
 */

#ifndef TEST_VECTORS_H_
#define TEST_VECTORS_H_

#include <stddef.h>
#include <stdint.h>

/** most fields on one line */
#define TEST_FIELDS_MAX 32

/**
 * One vector line, split into fields.
 */
typedef struct {
	/** line number in the file, for messages */
	int lineno;
	/** number of fields */
	int count;
	/** field names */
	char *names[TEST_FIELDS_MAX];
	/** field values, quotes removed */
	char *values[TEST_FIELDS_MAX];
	/** storage of the line */
	char text[1024];
} test_line_t;

/**
 * Read all vector lines of a file in the vector folder; fails the test if
 * the file is missing or a line is malformed.
 *
 * @param name		file name, e.g. "milenage-ts35207.txt"
 * @param lines		receives an array to free()
 * @return			number of lines
 */
int test_vectors_read(const char *name, test_line_t **lines);

/**
 * Value of a field.
 *
 * @param line		line
 * @param name		field name
 * @return			value, NULL if absent
 */
const char *test_field(const test_line_t *line, const char *name);

/**
 * Decode a hex field of exactly len bytes, failing the test if it is
 * absent or malformed.
 *
 * @param line		line
 * @param name		field name
 * @param out		output buffer
 * @param len		expected length
 */
void test_field_hex(const test_line_t *line, const char *name, uint8_t *out,
					size_t len);

/**
 * Check bytes against a hex field of exactly len bytes (at most 64).
 *
 * @param line		line
 * @param name		field name of the expected bytes
 * @param got		bytes got
 * @param len		number of bytes
 * @param what		label for the message
 */
void test_field_check(const test_line_t *line, const char *name,
					  const uint8_t *got, size_t len, const char *what);

/**
 * Assert two byte strings are equal, printing both in hex otherwise.
 *
 * @param a		bytes got
 * @param b		bytes expected
 * @param len		number of bytes
 * @param what		label for the message
 */
#define ck_assert_bytes(a, b, len, what) do { \
	char _ha[2 * (len) + 1], _hb[2 * (len) + 1]; \
	imsaka_hex_encode((a), (len), _ha); \
	imsaka_hex_encode((b), (len), _hb); \
	ck_assert_msg(memcmp((a), (b), (len)) == 0, \
				  "%s: got %s, expected %s", (what), _ha, _hb); \
} while (0)

#endif /** TEST_VECTORS_H_ @}*/

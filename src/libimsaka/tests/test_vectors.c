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

#include "tests.h"
#include "test_vectors.h"

#include <hex.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Split a line into name=value fields in place.
 */
static void split_line(test_line_t *line, const char *file)
{
	char *pos = line->text, *eq;

	line->count = 0;
	while (*pos)
	{
		while (*pos == ' ' || *pos == '\t')
		{
			pos++;
		}
		if (!*pos)
		{
			break;
		}
		ck_assert_msg(line->count < TEST_FIELDS_MAX, "%s:%d: too many fields",
					  file, line->lineno);
		eq = pos + strcspn(pos, "= \t");
		ck_assert_msg(eq != pos, "%s:%d: field without name", file,
					  line->lineno);
		line->names[line->count] = pos;
		if (*eq != '=')
		{	/* a bare word, e.g. "kdf": a name with an empty value */
			line->values[line->count++] = "";
			pos = eq;
			if (*pos)
			{
				*pos++ = '\0';
			}
			continue;
		}
		*eq = '\0';
		pos = eq + 1;
		if (*pos == '"')
		{
			line->values[line->count] = ++pos;
			pos = strchr(pos, '"');
			ck_assert_msg(pos, "%s:%d: unterminated quote", file, line->lineno);
			*pos++ = '\0';
		}
		else
		{
			line->values[line->count] = pos;
			pos += strcspn(pos, " \t");
			if (*pos)
			{
				*pos++ = '\0';
			}
		}
		line->count++;
	}
}

/*
 * Described in header
 */
int test_vectors_read(const char *name, test_line_t **lines)
{
	char buf[1024];
	FILE *file;
	int count = 0, lineno = 0;
	size_t len;

	file = fopen(test_vector_path(name), "r");
	ck_assert_msg(file, "cannot open %s", test_vector_path(name));
	*lines = NULL;
	while (fgets(buf, sizeof(buf), file))
	{
		lineno++;
		len = strlen(buf);
		ck_assert_msg(len && (buf[len - 1] == '\n' || feof(file)),
					  "%s:%d: line too long", name, lineno);
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || buf[strspn(buf, " \t")] == '\0')
		{
			continue;
		}
		*lines = realloc(*lines, (count + 1) * sizeof(test_line_t));
		ck_assert(*lines);
		(*lines)[count].lineno = lineno;
		strcpy((*lines)[count].text, buf);
		count++;
	}
	fclose(file);
	/* split once the array no longer moves: fields point into text */
	for (lineno = 0; lineno < count; lineno++)
	{
		split_line(&(*lines)[lineno], name);
	}
	return count;
}

/*
 * Described in header
 */
const char *test_field(const test_line_t *line, const char *name)
{
	int i;

	for (i = 0; i < line->count; i++)
	{
		if (!strcmp(line->names[i], name))
		{
			return line->values[i];
		}
	}
	return NULL;
}

/*
 * Described in header
 */
void test_field_hex(const test_line_t *line, const char *name, uint8_t *out,
					size_t len)
{
	const char *value = test_field(line, name);

	ck_assert_msg(value, "line %d: no field %s", line->lineno, name);
	ck_assert_msg(imsaka_hex_decode(value, out, len),
				  "line %d: %s=%s is not %zu bytes of hex", line->lineno, name,
				  value, len);
}

/*
 * Described in header
 */
void test_field_check(const test_line_t *line, const char *name,
					  const uint8_t *got, size_t len, const char *what)
{
	uint8_t exp[64];

	ck_assert_uint_le(len, sizeof(exp));
	test_field_hex(line, name, exp, len);
	ck_assert_bytes(got, exp, len, what);
}

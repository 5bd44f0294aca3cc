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
 * @defgroup secagree_lex secagree_lex
 * @{ @ingroup libimsaka
 *
 * Lexical pieces of SIP header values (RFC 3261 25.1) shared by the
 * security agreement and the Digest header parsers. Every function is
 * bounded by the length it is given; nothing needs NUL-terminated input.
 */

#ifndef IMSAKA_SECAGREE_LEX_H_
#define IMSAKA_SECAGREE_LEX_H_

#include "secagree_error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct imsaka_lex_param_t imsaka_lex_param_t;

/* where parsers keep parameters they do not know (secagree.h) */
struct imsaka_secagree_unknown_t;

/**
 * One generic-param: name [EQUAL value], as offsets into the input.
 */
struct imsaka_lex_param_t {
	/** offset and length of the name */
	size_t name, name_len;
	/** offset and length of the value as received (quotes included) */
	size_t value, value_len;
	/** TRUE if "=" and a value follow the name */
	bool has_value;
};

/**
 * RFC 3261 token characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" /
 * "+" / "`" / "'" / "~". A table in the header: the parsers ask for every
 * character of their input.
 */
static const bool imsaka_lex_token_chars[256] = {
	['0' ... '9'] = true, ['a' ... 'z'] = true, ['A' ... 'Z'] = true,
	['-'] = true, ['.'] = true, ['!'] = true, ['%'] = true, ['*'] = true,
	['_'] = true, ['+'] = true, ['`'] = true, ['\''] = true, ['~'] = true,
};

/**
 * Check for an RFC 3261 token character.
 *
 * @param c			character
 * @return			TRUE if c may appear in a token
 */
static inline bool imsaka_lex_is_token(unsigned char c)
{
	return imsaka_lex_token_chars[c];
}

/**
 * Skip the token starting at pos.
 *
 * @param s			input
 * @param len		length of input
 * @param pos		position to start at
 * @return			first position that is no token character
 */
static inline size_t imsaka_lex_token(const char *s, size_t len, size_t pos)
{
	const bool *t = imsaka_lex_token_chars;
	const unsigned char *u = (const unsigned char *)s;

	while (pos < len && t[u[pos]])
	{
		pos++;
	}
	return pos;
}

/**
 * Skip linear white space (SP, HTAB, CR, LF).
 *
 * @param s			input
 * @param len		length of input
 * @param pos		position to start at
 * @return			first position that is no white space
 */
static inline size_t imsaka_lex_ws(const char *s, size_t len, size_t pos)
{
	while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' ||
						 s[pos] == '\n'))
	{
		pos++;
	}
	return pos;
}

/**
 * Read a quoted string starting at the opening quote; backslash escapes
 * one character (quoted-pair).
 */
static inline imsaka_secagree_err_t imsaka_lex_quoted(const char *s, size_t len,
												 size_t *pos)
{
	size_t i = *pos + 1;

	while (i < len)
	{
		if (s[i] == '\\')
		{
			i += 2;
			continue;
		}
		if (s[i] == '"')
		{
			*pos = i + 1;
			return IMSAKA_SECAGREE_OK;
		}
		i++;
	}
	return IMSAKA_SECAGREE_ERR_UNTERMINATED_QUOTE;
}

/**
 * Read an IPv6reference "[...]" of hex digits, ':' and '.'.
 */
static inline imsaka_secagree_err_t imsaka_lex_ipv6ref(const char *s, size_t len,
												  size_t *pos)
{
	size_t i;

	for (i = *pos + 1; i < len; i++)
	{
		if (s[i] == ']')
		{
			*pos = i + 1;
			return IMSAKA_SECAGREE_OK;
		}
		if (!s[i] || !strchr("0123456789abcdefABCDEF:.", s[i]))
		{
			break;
		}
	}
	return IMSAKA_SECAGREE_ERR_BAD_VALUE;
}

/**
 * Read name [EQUAL value] at pos, value being a token, a quoted string or
 * an IPv6 reference; white space around "=" is skipped. Inline: the
 * parsers call it for every parameter.
 *
 * @param s			input
 * @param len		length of input
 * @param pos		in: start, out: position after the parameter
 * @param max_name	longest name accepted
 * @param max_value	longest value accepted
 * @param param		offsets of name and value
 * @return			IMSAKA_SECAGREE_OK or the error found
 */
static inline imsaka_secagree_err_t imsaka_lex_param(const char *s, size_t len,
												size_t *pos, size_t max_name,
												size_t max_value,
												imsaka_lex_param_t *param)
{
	imsaka_secagree_err_t err = IMSAKA_SECAGREE_OK;
	size_t i = imsaka_lex_ws(s, len, *pos), end;

	param->name = i;
	i = imsaka_lex_token(s, len, i);
	param->name_len = i - param->name;
	if (!param->name_len)
	{
		return IMSAKA_SECAGREE_ERR_BAD_PARAM;
	}
	if (param->name_len > max_name)
	{
		return IMSAKA_SECAGREE_ERR_NAME_TOO_LONG;
	}
	param->has_value = false;
	param->value = param->value_len = 0;
	end = i;
	i = imsaka_lex_ws(s, len, i);
	if (i < len && s[i] == '=')
	{
		i = imsaka_lex_ws(s, len, i + 1);
		param->value = i;
		if (i < len && s[i] == '"')
		{
			err = imsaka_lex_quoted(s, len, &i);
		}
		else if (i < len && s[i] == '[')
		{
			err = imsaka_lex_ipv6ref(s, len, &i);
		}
		else
		{
			i = imsaka_lex_token(s, len, i);
			if (i == param->value)
			{
				err = IMSAKA_SECAGREE_ERR_BAD_VALUE;
			}
		}
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
		param->value_len = i - param->value;
		if (param->value_len > max_value)
		{
			return IMSAKA_SECAGREE_ERR_VALUE_TOO_LONG;
		}
		param->has_value = true;
		end = i;
	}
	*pos = end;
	return IMSAKA_SECAGREE_OK;
}

/**
 * Strict unsigned decimal: digits only, at most 10, range checked.
 *
 * @param s			digits, not NUL-terminated
 * @param len		number of characters
 * @param max		largest value accepted
 * @param out		value
 * @return			TRUE if s is a number 0..max
 */
static inline bool imsaka_lex_number(const char *s, size_t len, uint32_t max,
									 uint32_t *out)
{
	uint64_t value = 0;
	size_t i;

	/* what strtoul() with an *end check and a range check accepts, minus
	 * its signs and white space; a loop, as strtoul() alone cost a quarter
	 * of parsing a Security-Client */
	if (len == 0 || len > 10)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
		{
			return false;
		}
		value = value * 10 + (s[i] - '0');
	}
	if (value > max)
	{
		return false;
	}
	*out = value;
	return true;
}


/**
 * Case-insensitive compare of a counted string with a literal.
 *
 * @param s			string, not NUL-terminated
 * @param len		length of s
 * @param lit		NUL-terminated literal
 * @return			TRUE if equal ignoring ASCII case
 */
bool imsaka_lex_ieq(const char *s, size_t len, const char *lit);

/**
 * If s is a quoted string without escapes, give its content.
 *
 * @param s			value as received
 * @param len		length of s
 * @param inner		out: start of the content
 * @param inner_len	out: length of the content
 * @return			TRUE if s is "..." with no backslash inside
 */
bool imsaka_lex_unquote(const char *s, size_t len, const char **inner,
						size_t *inner_len);

/**
 * Compare two counted strings, exactly or ignoring ASCII case.
 *
 * @param a			first string, not NUL-terminated
 * @param a_len		length of a
 * @param b			second string, not NUL-terminated
 * @param b_len		length of b
 * @param icase		TRUE to ignore ASCII case
 * @return			TRUE if equal
 */
bool imsaka_lex_equal(const char *a, size_t a_len, const char *b, size_t b_len,
					  bool icase);

/**
 * Keep a parameter as received, as one the parser does not know, in the
 * next free element of unknown.
 *
 * @param param		parameter read by imsaka_lex_param()
 * @param unknown	the parameters kept so far
 * @param count		in: number kept, out: incremented
 * @param max		number of elements of unknown
 * @return			IMSAKA_SECAGREE_OK, or ERR_TOO_MANY_UNKNOWN if full
 */
imsaka_secagree_err_t imsaka_lex_keep(const imsaka_lex_param_t *param,
									  struct imsaka_secagree_unknown_t *unknown,
									  uint8_t *count, uint8_t max);

#endif /** IMSAKA_SECAGREE_LEX_H_ @}*/

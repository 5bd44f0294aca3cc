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
 * @defgroup imsaka_control_request imsaka_control_request
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTROL_REQUEST_H_
#define IMSAKA_CONTROL_REQUEST_H_

#include <library.h>
#include <networking/host.h>

#include <stdarg.h>

typedef struct imsaka_control_request_t imsaka_control_request_t;
typedef struct imsaka_control_param_t imsaka_control_param_t;
typedef struct imsaka_control_reply_t imsaka_control_reply_t;

/** version of the control protocol a connection speaks until hello */
#define IMSAKA_CONTROL_VERSION 1

/** newest version of the control protocol: tags (docs/CONTROL.md) */
#define IMSAKA_CONTROL_VERSION_MAX 2

/** key of the tag parameter of protocol v2 */
#define IMSAKA_CONTROL_TAG "tag"

/** longest request line, without the line end */
#define IMSAKA_CONTROL_LINE_MAX 4096

/** most key=value parameters in a request */
#define IMSAKA_CONTROL_PARAMS_MAX 32

/** longest error message, code included */
#define IMSAKA_CONTROL_ERR_MAX 256

/**
 * One key=value parameter of a request.
 */
struct imsaka_control_param_t {

	/** key, in the request's buffer */
	char *key;

	/** value, in the request's buffer, never empty */
	char *value;
};

/**
 * A parsed request line: COMMAND key=value ...
 *
 * Tokens are separated by spaces or tabs and hold printable ASCII only;
 * keys are unique. The getters check what a command needs and leave an
 * "ERR code message" text in err when something is wrong.
 */
struct imsaka_control_request_t {

	/** copy of the line, tokens NUL-terminated in place */
	char buf[IMSAKA_CONTROL_LINE_MAX + 1];

	/** command token */
	char *command;

	/** parameters, in order */
	imsaka_control_param_t params[IMSAKA_CONTROL_PARAMS_MAX];

	/** number of parameters */
	int count;

	/** tag of a v2 request (imsaka_control_request_take_tag()), 0 if none */
	uint32_t tag;

	/** error of the last failed call, "code message" */
	char err[IMSAKA_CONTROL_ERR_MAX];
};

/**
 * A reply being built: one or more lines.
 */
struct imsaka_control_reply_t {

	/** text, NUL-terminated */
	char *buf;

	/** length of the text */
	size_t len;

	/** allocated size of buf */
	size_t size;
};

/**
 * Parse a request line.
 *
 * @param req		receives the request
 * @param line		line, without line end (need not be NUL-terminated)
 * @param len		length of line
 * @return			FALSE with req->err set on a syntax error or an empty
 *					line (err then empty)
 */
bool imsaka_control_request_parse(imsaka_control_request_t *req,
								  const char *line, size_t len);

/**
 * Take the tag= parameter of a v2 request out of its parameters into
 * req->tag. The tag still counted as one of the request's parameters
 * (IMSAKA_CONTROL_PARAMS_MAX) while it was parsed.
 *
 * @param req		parsed request
 * @return			FALSE with req->err set if the tag is not a decimal
 *					number in 1..4294967295 (req->tag 0 then)
 */
bool imsaka_control_request_take_tag(imsaka_control_request_t *req);

/**
 * Find the tag of a request line the parser refused: the one token
 * "tag=<n>" with a valid number, so that a syntax error of a tagged v2
 * request is answered with its tag. A token ending at len counts only if
 * complete is TRUE (a line cut off may have lost the rest of it).
 *
 * @param line		line, need not be NUL-terminated
 * @param len		length of line
 * @param complete	TRUE if the line ends at len
 * @return			the tag, 0 if none or more than one could be read
 */
uint32_t imsaka_control_find_tag(const char *line, size_t len, bool complete);

/**
 * Check that every parameter of a request is in a list of allowed keys.
 *
 * @param req		request
 * @param allowed	NULL-terminated list of keys
 * @return			FALSE with req->err set for the first other key
 */
bool imsaka_control_request_check(imsaka_control_request_t *req,
								  const char *const allowed[]);

/**
 * Get a parameter value.
 *
 * @param req		request
 * @param key		key
 * @param required	TRUE to fail if the parameter is absent
 * @return			value, NULL if absent (req->err set if required)
 */
const char *imsaka_control_request_str(imsaka_control_request_t *req,
									   const char *key, bool required);

/**
 * Get a decimal number parameter: digits only, no sign, no spaces, within
 * [min, max].
 *
 * @param req		request
 * @param key		key
 * @param min		smallest value allowed
 * @param max		largest value allowed
 * @param value		receives the value; unchanged if absent
 * @param required	TRUE to fail if the parameter is absent
 * @return			FALSE with req->err set if invalid or missing
 */
bool imsaka_control_request_u32(imsaka_control_request_t *req,
								const char *key, uint32_t min, uint32_t max,
								uint32_t *value, bool required);

/**
 * Get an address parameter: an IPv4 or IPv6 address, with a port as
 * a.b.c.d:port or [v6]:port.
 *
 * @param req		request
 * @param key		key
 * @param port		0: no port allowed, 1: port optional, 2: port required
 * @param required	TRUE to fail if the parameter is absent
 * @param host		receives the host (port 0 if none), NULL if absent
 * @return			FALSE with req->err set if invalid or missing
 */
bool imsaka_control_request_host(imsaka_control_request_t *req,
								 const char *key, int port, bool required,
								 host_t **host);

/**
 * Get a hex parameter of an exact length.
 *
 * @param req		request
 * @param key		key
 * @param out		receives len bytes
 * @param len		number of bytes required
 * @return			FALSE with req->err set if invalid or missing
 */
bool imsaka_control_request_hex(imsaka_control_request_t *req,
								const char *key, uint8_t *out, size_t len);

/**
 * Set req->err.
 *
 * @param req		request
 * @param code		error code, e.g. "param"
 * @param fmt		printf() format of the message
 * @return			FALSE, to fail the request
 */
bool imsaka_control_request_error(imsaka_control_request_t *req,
								  const char *code, const char *fmt, ...);

/**
 * Parse a number strictly, as imsaka_control_request_u32() does.
 *
 * @param str		decimal digits
 * @param min		smallest value allowed
 * @param max		largest value allowed
 * @param value		receives the value
 * @return			FALSE if str is not a number in [min, max]
 */
bool imsaka_control_parse_u32(const char *str, uint32_t min, uint32_t max,
							  uint32_t *value);

/**
 * Parse an address, as imsaka_control_request_host() does.
 *
 * @param str		address text
 * @param port		0: no port allowed, 1: port optional, 2: port required
 * @return			host, NULL if invalid
 */
host_t *imsaka_control_parse_host(const char *str, int port);

/**
 * Append a line to a reply; a newline is added.
 *
 * @param reply		reply
 * @param fmt		printf() format, strongSwan's hooks (%H, %Y) included
 */
void imsaka_control_reply_add(imsaka_control_reply_t *reply,
							  const char *fmt, ...);

/**
 * Append a line to a reply, va_list variant of imsaka_control_reply_add().
 *
 * @param reply		reply
 * @param fmt		printf() format, strongSwan's hooks (%H, %Y) included
 * @param args		arguments of fmt
 */
void imsaka_control_reply_addv(imsaka_control_reply_t *reply,
							   const char *fmt, va_list args);

/**
 * Replace a reply by one error line "ERR code message".
 *
 * @param reply		reply
 * @param err		"code message"
 */
void imsaka_control_reply_err(imsaka_control_reply_t *reply, const char *err);

/**
 * Put a tag and a space before every line of a reply (protocol v2).
 *
 * @param reply		complete reply
 * @param tag		tag of the request, 0 to leave the reply as it is
 */
void imsaka_control_reply_tag(imsaka_control_reply_t *reply, uint32_t tag);

/**
 * Empty a reply, keeping its buffer.
 *
 * @param reply		reply
 */
void imsaka_control_reply_reset(imsaka_control_reply_t *reply);

/**
 * Free the buffer of a reply.
 *
 * @param reply		reply
 */
void imsaka_control_reply_free(imsaka_control_reply_t *reply);

#endif /** IMSAKA_CONTROL_REQUEST_H_ @}*/

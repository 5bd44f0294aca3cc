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
 * @defgroup secagree_param secagree_param
 * @{ @ingroup libimsaka
 *
 * The table of known security agreement parameters, shared by the
 * parser, the builder and the comparison (internal to libimsaka).
 */

#ifndef IMSAKA_SECAGREE_PARAM_H_
#define IMSAKA_SECAGREE_PARAM_H_

#include "secagree.h"

typedef enum imsaka_secagree_kind_t imsaka_secagree_kind_t;
typedef struct imsaka_secagree_name_t imsaka_secagree_name_t;
typedef struct imsaka_secagree_param_desc_t imsaka_secagree_param_desc_t;

/**
 * How a parameter's value is encoded and stored.
 */
enum imsaka_secagree_kind_t {
	/** qvalue, stored in thousandths (uint16_t) */
	IMSAKA_SECAGREE_KIND_Q,
	/** token from a name table, stored as an enum (int sized) */
	IMSAKA_SECAGREE_KIND_ENUM,
	/** decimal 32-bit (uint32_t) */
	IMSAKA_SECAGREE_KIND_SPI,
	/** decimal 1..65535 (uint16_t) */
	IMSAKA_SECAGREE_KIND_PORT,
	/** any token, kept as text (imsaka_secagree_text_t) */
	IMSAKA_SECAGREE_KIND_TOKEN,
	/** 32 hex digits in quotes (uint8_t[16]) */
	IMSAKA_SECAGREE_KIND_DVER,
	/** 4-hex-digit suites joined by '.' */
	IMSAKA_SECAGREE_KIND_SUITES,
	/** hex session id */
	IMSAKA_SECAGREE_KIND_SID,
	/** no value */
	IMSAKA_SECAGREE_KIND_FLAG,
	/** 40 hex digits (uint8_t[20]) */
	IMSAKA_SECAGREE_KIND_HASH,
	/** quoted "address:port" (imsaka_addr_t) */
	IMSAKA_SECAGREE_KIND_ADDR,
};

/**
 * A name with its length, so lookups compare lengths first.
 */
struct imsaka_secagree_name_t {
	/** name, lowercase unless the grammar has capitals (UDP-enc-tun) */
	const char *name;
	/** strlen(name) */
	size_t len;
};

/**
 * A known parameter.
 */
struct imsaka_secagree_param_desc_t {
	/** name, lowercase */
	const char *name;
	/** length of name */
	size_t len;
	/** encoding */
	imsaka_secagree_kind_t kind;
	/** offset of the field in imsaka_secagree_entry_t */
	size_t offset;
	/** IMSAKA_SECAGREE_KIND_ENUM: names indexed by value */
	const imsaka_secagree_name_t *names;
	/** IMSAKA_SECAGREE_KIND_ENUM: number of names */
	unsigned int count;
	/** error code for a malformed value */
	imsaka_secagree_err_t err;
};

/**
 * Descriptor of a known parameter.
 *
 * @param param		parameter
 * @return			descriptor
 */
const imsaka_secagree_param_desc_t *imsaka_secagree_param_desc(imsaka_secagree_param_t param);

#endif /** IMSAKA_SECAGREE_PARAM_H_ @}*/

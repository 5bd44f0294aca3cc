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
 * @defgroup secagree secagree
 * @{ @ingroup libimsaka
 *
 * Model, parser and builder of Security-Client, Security-Server and
 * Security-Verify (RFC 3329, TS 33.203 Annex H), including the tls-psk and
 * tls-aka mechanisms and the NAT-T extension parameters of docs/PROTOCOL.md.
 *
 * A list holds every entry of one header kind of one message (several
 * header fields are appended to the same list). It owns a copy of the text
 * it was parsed from; unknown mechanisms and parameters point into it, so
 * a list may be copied with plain assignment. Nothing is allocated.
 */

#ifndef IMSAKA_SECAGREE_H_
#define IMSAKA_SECAGREE_H_

#include "key_expansion.h"
#include "secagree_addr.h"
#include "secagree_error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** bytes of header text one list holds, all its header fields together */
#define IMSAKA_SECAGREE_MAX_TEXT		4096
/** entries (mechanisms) in one list */
#define IMSAKA_SECAGREE_MAX_ENTRIES	16
/** parameters of one entry, known and unknown */
#define IMSAKA_SECAGREE_MAX_PARAMS	24
/** unknown parameters of one entry */
#define IMSAKA_SECAGREE_MAX_UNKNOWN	12
/** length of a mechanism or parameter name */
#define IMSAKA_SECAGREE_MAX_NAME		64
/** length of a parameter value as received */
#define IMSAKA_SECAGREE_MAX_VALUE		256
/** cipher suites in a cs parameter */
#define IMSAKA_SECAGREE_MAX_SUITES	16
/** bytes of a session id */
#define IMSAKA_SECAGREE_MAX_SID		32
/** bytes of a NAT-T hash (SHA-1) */
#define IMSAKA_SECAGREE_HASH_LEN		20

typedef enum imsaka_secagree_mech_t imsaka_secagree_mech_t;
typedef enum imsaka_secagree_prot_t imsaka_secagree_prot_t;
typedef enum imsaka_secagree_mod_t imsaka_secagree_mod_t;
typedef enum imsaka_secagree_param_t imsaka_secagree_param_t;
typedef struct imsaka_secagree_text_t imsaka_secagree_text_t;
typedef struct imsaka_secagree_unknown_t imsaka_secagree_unknown_t;
typedef struct imsaka_secagree_entry_t imsaka_secagree_entry_t;
typedef struct imsaka_secagree_list_t imsaka_secagree_list_t;

/**
 * Mechanism names, RFC 3329 and TS 33.203 plus the project's TLS ones.
 */
enum imsaka_secagree_mech_t {
	IMSAKA_SECAGREE_MECH_OTHER = 0,
	IMSAKA_SECAGREE_MECH_DIGEST,
	IMSAKA_SECAGREE_MECH_TLS,
	IMSAKA_SECAGREE_MECH_IPSEC_IKE,
	IMSAKA_SECAGREE_MECH_IPSEC_MAN,
	IMSAKA_SECAGREE_MECH_IPSEC_3GPP,
	IMSAKA_SECAGREE_MECH_TLS_PSK,
	IMSAKA_SECAGREE_MECH_TLS_AKA,
	IMSAKA_SECAGREE_MECH_COUNT,
};

/** IPsec protocols, absent means esp */
enum imsaka_secagree_prot_t {
	IMSAKA_SECAGREE_PROT_ESP = 0,
	IMSAKA_SECAGREE_PROT_AH,
	IMSAKA_SECAGREE_PROT_COUNT,
};

/** IPsec modes, absent means trans */
enum imsaka_secagree_mod_t {
	IMSAKA_SECAGREE_MOD_TRANS = 0,
	IMSAKA_SECAGREE_MOD_TUN,
	IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
	IMSAKA_SECAGREE_MOD_COUNT,
};

/**
 * Known parameters; bit (1 << id) in imsaka_secagree_entry_t.present.
 */
enum imsaka_secagree_param_t {
	IMSAKA_SECAGREE_P_Q = 0,
	IMSAKA_SECAGREE_P_ALG,
	IMSAKA_SECAGREE_P_EALG,
	IMSAKA_SECAGREE_P_PROT,
	IMSAKA_SECAGREE_P_MOD,
	IMSAKA_SECAGREE_P_SPI_C,
	IMSAKA_SECAGREE_P_SPI_S,
	IMSAKA_SECAGREE_P_PORT_C,
	IMSAKA_SECAGREE_P_PORT_S,
	IMSAKA_SECAGREE_P_D_ALG,
	IMSAKA_SECAGREE_P_D_QOP,
	IMSAKA_SECAGREE_P_D_VER,
	IMSAKA_SECAGREE_P_CS,
	IMSAKA_SECAGREE_P_SID,
	IMSAKA_SECAGREE_P_NAT_U,
	IMSAKA_SECAGREE_P_NAT_P,
	IMSAKA_SECAGREE_P_HASH_UL,
	IMSAKA_SECAGREE_P_HASH_PP,
	IMSAKA_SECAGREE_P_HASH_PL,
	IMSAKA_SECAGREE_P_HASH_UP,
	IMSAKA_SECAGREE_P_OA_UL,
	IMSAKA_SECAGREE_P_OA_UP,
	IMSAKA_SECAGREE_P_OA_PL,
	IMSAKA_SECAGREE_P_OA_PP,
	IMSAKA_SECAGREE_P_COUNT,
};

/** present bit of a known parameter */
#define IMSAKA_SECAGREE_BIT(param) (1u << (param))

/** the parameters of the NAT-T extension */
#define IMSAKA_SECAGREE_NATT_BITS (IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_U) | \
	IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_P) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_HASH_UL) | \
	IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_HASH_PP) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_HASH_PL) | \
	IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_HASH_UP) | IMSAKA_SECAGREE_OA_BITS)

/** the original-address parameters of the NAT-T extension */
#define IMSAKA_SECAGREE_OA_BITS (IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_OA_UL) | \
	IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_OA_UP) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_OA_PL) | \
	IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_OA_PP))

/**
 * A piece of the list's text: offset and length.
 */
struct imsaka_secagree_text_t {
	uint16_t off;
	uint16_t len;
};

/**
 * A parameter the parser does not know, or a known one whose value names
 * something unknown (e.g. a future alg), kept as received.
 */
struct imsaka_secagree_unknown_t {
	/** name as received */
	imsaka_secagree_text_t name;
	/** value as received, quotes included; len 0 if has_value is FALSE */
	imsaka_secagree_text_t value;
	/** "=" value present */
	bool has_value;
};

/**
 * One sec-mechanism with its parameters. Only the fields whose bit is set
 * in present are meaningful.
 */
struct imsaka_secagree_entry_t {
	/** mechanism */
	imsaka_secagree_mech_t mech;
	/** mechanism name as received if mech is IMSAKA_SECAGREE_MECH_OTHER */
	imsaka_secagree_text_t mech_name;
	/** IMSAKA_SECAGREE_BIT() of each known parameter present */
	uint32_t present;
	/** a known parameter had an unknown value: the entry is never chosen */
	bool unsupported;
	/** preference in thousandths, 0..1000 */
	uint16_t q;
	/** integrity algorithm */
	imsaka_esp_alg_t alg;
	/** encryption algorithm if present, see imsaka_secagree_entry_ealg() */
	imsaka_esp_ealg_t ealg;
	/** protocol */
	imsaka_secagree_prot_t prot;
	/** mode */
	imsaka_secagree_mod_t mod;
	/** SPIs, the sender's own inbound ones */
	uint32_t spi_c, spi_s;
	/** protected client and server ports */
	uint16_t port_c, port_s;
	/** RFC 3329 d-alg and d-qop tokens */
	imsaka_secagree_text_t d_alg, d_qop;
	/** RFC 3329 d-ver */
	uint8_t d_ver[16];
	/** tls-psk/tls-aka cipher suites (IANA code points), in order */
	uint16_t suites[IMSAKA_SECAGREE_MAX_SUITES];
	/** number of suites */
	uint8_t suite_count;
	/** tls-psk/tls-aka session id */
	uint8_t sid[IMSAKA_SECAGREE_MAX_SID];
	/** length of sid */
	uint8_t sid_len;
	/** NAT-T hashes HASH_ul, HASH_pp, HASH_pl, HASH_up */
	uint8_t hash_ul[IMSAKA_SECAGREE_HASH_LEN], hash_pp[IMSAKA_SECAGREE_HASH_LEN];
	uint8_t hash_pl[IMSAKA_SECAGREE_HASH_LEN], hash_up[IMSAKA_SECAGREE_HASH_LEN];
	/** NAT-T original addresses OA_ul, OA_up, OA_pl, OA_pp */
	imsaka_addr_t oa_ul, oa_up, oa_pl, oa_pp;
	/** unknown parameters in order */
	imsaka_secagree_unknown_t unknown[IMSAKA_SECAGREE_MAX_UNKNOWN];
	/** number of unknown parameters */
	uint8_t unknown_count;
	/**
	 * Order parameters were received in, to emit them the same way:
	 * imsaka_secagree_param_t, or IMSAKA_SECAGREE_P_COUNT + index of an unknown one.
	 */
	uint8_t order[IMSAKA_SECAGREE_MAX_PARAMS];
	/** number of order items */
	uint8_t order_count;
};

/**
 * The entries of all header fields of one kind in one message.
 */
struct imsaka_secagree_list_t {
	/** entries in order */
	imsaka_secagree_entry_t entries[IMSAKA_SECAGREE_MAX_ENTRIES];
	/** number of entries */
	unsigned int count;
	/** offset in the text (of all header values parsed) of the last error */
	size_t error_offset;
	/** bytes used in text */
	size_t text_len;
	/** copy of the header values parsed, referenced by imsaka_secagree_text_t */
	char text[IMSAKA_SECAGREE_MAX_TEXT];
};

/**
 * Empty a list.
 *
 * @param list		list to initialize
 */
void imsaka_secagree_list_init(imsaka_secagree_list_t *list);

/**
 * Parse one header field value (a comma list of sec-mechanisms) and append
 * its entries; call once per header field of the message. On error the
 * list keeps the entries of earlier calls only.
 *
 * @param list		list to append to, initialized
 * @param value		header field value (after the colon)
 * @param len		length of value
 * @return			IMSAKA_SECAGREE_OK or the error; list->error_offset says where
 */
imsaka_secagree_err_t imsaka_secagree_list_parse(imsaka_secagree_list_t *list, const char *value,
									 size_t len);

/**
 * Initialize an entry to build, e.g. the P-CSCF's Security-Server.
 *
 * @param entry		entry to reset
 * @param mech		mechanism, not IMSAKA_SECAGREE_MECH_OTHER
 */
void imsaka_secagree_entry_init(imsaka_secagree_entry_t *entry, imsaka_secagree_mech_t mech);

/**
 * Append a copy of an entry of a list (or one built with
 * imsaka_secagree_entry_init() without unknown parameters) to a list.
 *
 * @param list		list to append to
 * @param from		list the entry's text belongs to, NULL if none
 * @param entry		entry to copy
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_TOO_MANY_ENTRIES or
 *					IMSAKA_SECAGREE_ERR_TOO_LONG
 */
imsaka_secagree_err_t imsaka_secagree_list_add(imsaka_secagree_list_t *list,
								   const imsaka_secagree_list_t *from,
								   const imsaka_secagree_entry_t *entry);

/**
 * Print a list as a header field value: entries separated by ", ",
 * parameters in the order received, then any others set, canonical names.
 *
 * @param list		list to print
 * @param buf		output buffer, NUL-terminated on success
 * @param size		size of buf
 * @param len		out: length printed, without the NUL
 * @return			IMSAKA_SECAGREE_OK, IMSAKA_SECAGREE_ERR_BUFFER_TOO_SMALL, or
 *					IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS if an entry has more
 *					parameters than the parser accepts
 */
imsaka_secagree_err_t imsaka_secagree_list_build(const imsaka_secagree_list_t *list, char *buf,
									 size_t size, size_t *len);

/**
 * Print one entry of a list, as imsaka_secagree_list_build() does.
 *
 * @param list		list holding the entry's text
 * @param entry		entry to print
 * @param buf		output buffer, NUL-terminated on success
 * @param size		size of buf
 * @param len		out: length printed, without the NUL
 * @return			as imsaka_secagree_list_build()
 */
imsaka_secagree_err_t imsaka_secagree_entry_build(const imsaka_secagree_list_t *list,
									  const imsaka_secagree_entry_t *entry,
									  char *buf, size_t size, size_t *len);

/**
 * Compare two entries parameter by parameter, order of parameters and case
 * of names and known values ignored, unknown values compared exactly.
 *
 * @param la		list of a
 * @param a			first entry
 * @param lb		list of b
 * @param b			second entry
 * @param ignore	IMSAKA_SECAGREE_BIT()s of known parameters not to compare
 * @return			TRUE if equal
 */
bool imsaka_secagree_entry_equals(const imsaka_secagree_list_t *la,
							const imsaka_secagree_entry_t *a,
							const imsaka_secagree_list_t *lb,
							const imsaka_secagree_entry_t *b, uint32_t ignore);

/**
 * Compare only some known parameters of two entries: each must be absent
 * from both or present in both with the same value.
 *
 * @param la		list of a
 * @param a			first entry
 * @param lb		list of b
 * @param b			second entry
 * @param only		IMSAKA_SECAGREE_BIT()s of the parameters to compare
 * @return			TRUE if equal
 */
bool imsaka_secagree_entry_params_equal(const imsaka_secagree_list_t *la,
								  const imsaka_secagree_entry_t *a,
								  const imsaka_secagree_list_t *lb,
								  const imsaka_secagree_entry_t *b, uint32_t only);

/**
 * Compare two lists entry by entry, in order.
 *
 * @param a			first list
 * @param b			second list
 * @param ignore	IMSAKA_SECAGREE_BIT()s of known parameters not to compare
 * @return			TRUE if equal
 */
bool imsaka_secagree_list_equals(const imsaka_secagree_list_t *a, const imsaka_secagree_list_t *b,
						   uint32_t ignore);

/**
 * Canonical name of a mechanism or of a known parameter's value.
 *
 * @param mech		mechanism
 * @return			name, e.g. "ipsec-3gpp"; "" for IMSAKA_SECAGREE_MECH_OTHER
 */
const char *imsaka_secagree_mech_name(imsaka_secagree_mech_t mech);

/**
 * Name of a mode.
 *
 * @param mod		mode
 * @return			name, e.g. "UDP-enc-tun"
 */
const char *imsaka_secagree_mod_name(imsaka_secagree_mod_t mod);

/**
 * Name of a known parameter.
 *
 * @param param		parameter
 * @return			name, e.g. "spi-c"
 */
const char *imsaka_secagree_param_name(imsaka_secagree_param_t param);

/**
 * Name of an entry's mechanism, also for unknown ones, NUL-terminated.
 *
 * @param list		list of the entry
 * @param entry		entry
 * @param buf		buffer of IMSAKA_SECAGREE_MAX_NAME + 1 bytes
 * @return			buf or a static name
 */
const char *imsaka_secagree_entry_mech(const imsaka_secagree_list_t *list,
								 const imsaka_secagree_entry_t *entry, char *buf);

/**
 * Effective value of optional enums (absent means the default).
 *
 * @param entry		entry
 * @return			ealg, null when absent
 */
imsaka_esp_ealg_t imsaka_secagree_entry_ealg(const imsaka_secagree_entry_t *entry);

/**
 * Effective mode, trans when absent.
 *
 * @param entry		entry
 * @return			mode
 */
imsaka_secagree_mod_t imsaka_secagree_entry_mod(const imsaka_secagree_entry_t *entry);

/**
 * Effective protocol, esp when absent.
 *
 * @param entry		entry
 * @return			protocol
 */
imsaka_secagree_prot_t imsaka_secagree_entry_prot(const imsaka_secagree_entry_t *entry);

/**
 * Effective preference in thousandths, 1000 when q is absent.
 *
 * @param entry		entry
 * @return			0..1000
 */
unsigned int imsaka_secagree_entry_q(const imsaka_secagree_entry_t *entry);

#endif /** IMSAKA_SECAGREE_H_ @}*/

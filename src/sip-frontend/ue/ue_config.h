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
 * @defgroup ue_config ue_config
 * @{ @ingroup imsaka_ue
 *
 * The options of imsaka-ue (section imsaka-ue of its configuration file,
 * documented in conf/imsaka-ue.conf and docs/UE.md), read once and
 * checked; a bad value is refused with a message naming the option.
 */

#ifndef UE_CONFIG_H_
#define UE_CONFIG_H_

#include <stdbool.h>
#include <stdint.h>

#include <secagree.h>
#include <sip_error.h>

/** longest IMPI, IMPU, realm */
#define UE_CONFIG_MAX_ID 256
/** longest path (control socket, state file) */
#define UE_CONFIG_MAX_PATH 256
/** most algorithms, encryption algorithms and modes in each list */
#define UE_CONFIG_MAX_LIST 4

/** most tls-psk suites offered */
#define UE_CONFIG_MAX_SUITES 8

/** the P-CSCF's tls-psk port unless configured */
#define UE_CONFIG_TLS_PORT 5061

/** most P-CSCF units in option pcscf */
#define UE_CONFIG_MAX_UNITS 8

typedef struct ue_offer_t ue_offer_t;
typedef struct ue_unit_t ue_unit_t;
typedef struct ue_config_t ue_config_t;

/**
 * A P-CSCF unit the UE may register on: one entry of options pcscf and
 * pcscf_protected_address (its tls-psk port is option tls_port).
 */
struct ue_unit_t {
	/** address and port SM1 goes to */
	imsaka_addr_t addr;
	/** protected (inner) address, port 0 */
	imsaka_addr_t protected;
};

/**
 * What the UE offers in its Security-Client: the mechanisms in the order of
 * their ranks, ipsec-3gpp as every mode x alg x ealg in the order
 * configured (modes outermost).
 */
struct ue_offer_t {
	/** integrity algorithms */
	imsaka_esp_alg_t alg[UE_CONFIG_MAX_LIST];
	/** number of alg */
	unsigned int alg_count;
	/** encryption algorithms */
	imsaka_esp_ealg_t ealg[UE_CONFIG_MAX_LIST];
	/** number of ealg */
	unsigned int ealg_count;
	/** modes; trans is sent without a mod parameter (its default) */
	imsaka_secagree_mod_t mod[UE_CONFIG_MAX_LIST];
	/** number of mod */
	unsigned int mod_count;
	/** profile phone: entries shaped as phones send them, with
	 * prot=esp;mod=trans spelled out, ealg omitted for null, no q and no
	 * NAT-T extension */
	bool phone;
	/** ipsec-3gpp offered (option mechanisms) */
	bool ipsec;
	/** ipsec-3gpp's position in option mechanisms, 0 = preferred */
	unsigned int ipsec_rank;
	/** tls-psk offered (option mechanisms) */
	bool tls;
	/** tls-psk's position in option mechanisms, 0 = preferred */
	unsigned int tls_rank;
	/** tls-psk cipher suites offered (option tls_cs), preferred first */
	uint16_t tls_suites[UE_CONFIG_MAX_SUITES];
	/** number of tls_suites */
	unsigned int tls_suite_count;
	/** tls-aka offered (option mechanisms); SM1 then goes over TCP */
	bool tls_aka;
	/** tls-aka's position in option mechanisms, 0 = preferred */
	unsigned int tls_aka_rank;
	/** tls-aka cipher suites offered (option tls_aka_cs), preferred first */
	uint16_t tls_aka_suites[UE_CONFIG_MAX_SUITES];
	/** number of tls_aka_suites */
	unsigned int tls_aka_suite_count;
};

/**
 * All options of imsaka-ue.
 */
struct ue_config_t {
	/** private user identity, username of the Digest credentials */
	char impi[UE_CONFIG_MAX_ID];
	/** public user identity registered, a SIP URI */
	char impu[UE_CONFIG_MAX_ID];
	/** home network domain: Request-URI sip:<realm>, Digest realm */
	char realm[UE_CONFIG_MAX_ID];
	/** P-CSCF address and port SM1 goes to: the unit in use (units[0]
	 *  until ue_failover_t moves to another between registrations) */
	imsaka_addr_t pcscf;
	/** P-CSCF's protected (inner) address, port 0, of the unit in use */
	imsaka_addr_t pcscf_protected;
	/** the P-CSCF units of option pcscf, in the order listed */
	ue_unit_t units[UE_CONFIG_MAX_UNITS];
	/** number of units, 0 when none was parsed (pcscf set directly) */
	unsigned int unit_count;
	/** own address and unprotected port SM1 is sent from */
	imsaka_addr_t local;
	/** own protected (inner) address, port 0 */
	imsaka_addr_t protected;
	/** protected client port of the first registration; + 1 alternately */
	uint16_t port_c;
	/** protected server port */
	uint16_t port_s;
	/** what the Security-Client offers */
	ue_offer_t offer;
	/** registration expiry asked for, seconds */
	uint32_t expires;
	/** seconds before expiry the re-registration starts */
	uint32_t reregister_margin;
	/** Digest AKA versions accepted: bit 1 AKAv1-MD5, bit 2 AKAv2-MD5 */
	unsigned int akav;
	/** send NAT keep-alives when behind a NAT */
	bool keepalive;
	/** outbound proxy listens here (UDP and TCP) if port is not 0 */
	imsaka_addr_t proxy;
	/** path of charon's imsaka control socket */
	char socket[UE_CONFIG_MAX_PATH];
	/** state file, "" for none */
	char state_file[UE_CONFIG_MAX_PATH];
	/** RFC 3261 T1 and T2 in ms */
	uint32_t t1, t2;
	/** seconds to wait for the 200 of a de-registration */
	uint32_t dereg_timeout;
	/** seconds before a failed registration is tried again (not --once) */
	uint32_t retry_interval;
	/** the P-CSCF's TLS port for tls-psk (on the address of pcscf) */
	uint16_t tls_port;
	/** seconds between keep-alive probes (OPTIONS over the protected
	 *  ports to the P-CSCF) while registered, 0 for none */
	uint32_t probe_interval;
	/** RFC 5626 4.5 base-time and max-time of the wait before registering
	 *  on the next unit, seconds */
	uint32_t backoff_base, backoff_max;
};

/** akav bit of AKAv1-MD5 */
#define UE_AKAV1 1
/** akav bit of AKAv2-MD5 */
#define UE_AKAV2 2

/**
 * Read and check every option through frontend_conf (libstrongswan
 * settings of section imsaka-ue).
 *
 * @param config	filled in
 * @return			FALSE if an option is bad or missing (logged)
 */
bool ue_config_load(ue_config_t *config);

/**
 * Fill a configuration with the defaults (no identities, no addresses).
 *
 * @param config	filled in
 */
void ue_config_defaults(ue_config_t *config);

/**
 * A list of an offer, each read from a list option.
 */
typedef enum {
	/** integrity algorithms into alg, e.g. "hmac-sha-1-96, hmac-md5-96" */
	UE_OFFER_ALG,
	/** encryption algorithms into ealg, e.g. "aes-cbc" */
	UE_OFFER_EALG,
	/** modes (UDP-enc-tun, trans, tun) into mod */
	UE_OFFER_MOD,
	/** tls-psk cipher suites into tls_suites: 4 hex digit code points that
	 *  ue_tls_psk_suite_usable() accepts for TLS 1.2 or 1.3, e.g.
	 *  "00a8, 1301" */
	UE_OFFER_TLS_CS,
	/** tls-aka cipher suites into tls_aka_suites: 1301, 1302, 1303
	 *  (docs/TLS-AKA.md) */
	UE_OFFER_TLS_AKA_CS,
} ue_offer_list_t;

/**
 * Parse a comma or space separated list into a list of an offer, in place
 * of the values it had.
 *
 * @param offer		offer to fill
 * @param list		list of the offer the text is for
 * @param text		list
 * @param err		receives the offending word as reason on failure
 * @return			FALSE on an unknown or unusable value, a duplicate,
 *					too many or none
 */
bool ue_config_parse_list(ue_offer_t *offer, ue_offer_list_t list,
						  const char *text, sip_error_t *err);

/**
 * Parse the mechanisms offered: "ipsec-3gpp", "tls-psk" and "tls-aka",
 * preferred first; each one's position becomes its rank (the Security-Client
 * order and q, see ue_secagree_start()).
 *
 * @param offer		receives ipsec, tls, tls_aka and their ranks
 * @param text		option value
 * @param err		receives the complaint, e.g. "'tls-psk' is repeated"
 * @return			FALSE on an unknown or repeated word, or an empty list
 */
bool ue_config_parse_mechanisms(ue_offer_t *offer, const char *text,
								sip_error_t *err);

/**
 * Parse the accepted Digest AKA versions ("AKAv1-MD5, AKAv2-MD5").
 *
 * @param text		list
 * @param akav		receives UE_AKAV1 | UE_AKAV2 bits
 * @return			FALSE on an unknown name or an empty list
 */
bool ue_config_parse_akav(const char *text, unsigned int *akav);

/**
 * Parse the P-CSCF units: option pcscf, a list of addresses with optional
 * port (5060 if none), and option pcscf_protected_address, NULL or a list
 * of addresses without port, as long as pcscf or one address when pcscf
 * has one entry; each unit's protected address defaults to its address.
 * Sets pcscf and pcscf_protected to the first unit.
 *
 * @param config	receives units, unit_count, pcscf, pcscf_protected
 * @param pcscf		value of option pcscf
 * @param protected	value of option pcscf_protected_address, or NULL
 * @param err		receives the complaint, naming the option
 * @return			FALSE on a bad address, a unit listed twice, more than
 *					UE_CONFIG_MAX_UNITS units or lists of different lengths
 */
bool ue_config_parse_units(ue_config_t *config, const char *pcscf,
						   const char *protected, sip_error_t *err);

/**
 * Check that an identity (IMPI, IMPU, realm) can be put into a Digest
 * quoted string and a control socket token: printable ASCII, no space,
 * quote, backslash, comma or angle bracket, 1..UE_CONFIG_MAX_ID-1 bytes.
 *
 * @param value		value
 * @return			TRUE if usable
 */
bool ue_config_identity_ok(const char *value);

/**
 * Check the options against each other (distinct ports, families,
 * expires and margin, offer size within the sec-agree limits).
 *
 * @param config	configuration
 * @param err		receives the complaint on failure
 * @return			FALSE if inconsistent
 */
bool ue_config_check(const ue_config_t *config, sip_error_t *err);

#endif /** UE_CONFIG_H_ @}*/

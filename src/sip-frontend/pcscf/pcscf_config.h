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
 * @defgroup pcscf_config pcscf_config
 * @{ @ingroup pcscf
 *
 * Options of imsaka-pcscf (section imsaka-pcscf of its configuration file,
 * docs/PCSCF.md), read once and checked; a bad one is refused naming it.
 */

#ifndef PCSCF_CONFIG_H_
#define PCSCF_CONFIG_H_

#include <stdbool.h>
#include <stdint.h>

#include <secagree.h>

#include "pcscf_networks.h"

/** default unprotected SIP port */
#define PCSCF_PORT_DEFAULT 5060
/** default protected client port (TS 33.203 port_pc) */
#define PCSCF_PORT_C_DEFAULT 5062
/** default protected server port (TS 33.203 port_ps) */
#define PCSCF_PORT_S_DEFAULT 5064
/** default bound on registrations held */
#define PCSCF_MAX_REGISTRATIONS_DEFAULT 1000
/** default time a registration step may take, s (64*T1) */
#define PCSCF_AUTH_TIMEOUT_DEFAULT 32

/** default of max_handshakes */
#define PCSCF_MAX_HANDSHAKES_DEFAULT 2000

/** default of handshake_backlog, s */
#define PCSCF_HANDSHAKE_BACKLOG_DEFAULT 4

/** handshakes in flight handshake_backlog never refuses below */
#define PCSCF_HANDSHAKE_BACKLOG_FLOOR 64

/** default of retry_after, s */
#define PCSCF_RETRY_AFTER_DEFAULT 10

/** default of max_charon_queue */
#define PCSCF_MAX_CHARON_QUEUE_DEFAULT 256

/** default of control_timeout, s */
#define PCSCF_CONTROL_TIMEOUT_DEFAULT 10

/** default of scscf_timeout, s: well before the UE's own timer F (64*T1) */
#define PCSCF_SCSCF_TIMEOUT_DEFAULT 8
/** default ESP-in-UDP port of charon on both sides */
#define PCSCF_NATT_PORT 4500
#define PCSCF_TLS_PORT_DEFAULT 5061

/** most host names in the option aliases */
#define PCSCF_ALIASES_MAX 8
/** longest host name in aliases (RFC 1035 2.3.4, dots included) */
#define PCSCF_ALIAS_LEN 253

typedef struct pcscf_config_t pcscf_config_t;

/**
 * All options, checked.
 */
struct pcscf_config_t {
	/** unprotected SIP address; port = the option port */
	imsaka_addr_t listen;
	/** protected (inner) address; port unset */
	imsaka_addr_t protected_address;
	/** protected client port; port_c + 1 is used by every other set */
	uint16_t port_c;
	/** protected server port */
	uint16_t port_s;
	/** local address and port towards the S-CSCF (default: listen) */
	imsaka_addr_t core;
	/** the S-CSCF, address and port */
	imsaka_addr_t scscf;
	/** public address of the P-CSCF behind a NAT, for oa-pp; family 0
	 *  when unknown */
	imsaka_addr_t public_address;
	/** forward REGISTER without sec-agree as plain digest (SIPp only) */
	bool allow_unprotected;
	/** ipsec-3gpp policy from the options alg, ealg and mod */
	imsaka_secagree_list_t policy;
	/** tls-psk offered (option mechanisms) */
	bool tls_psk;
	/** TLS port on listen's address for tls-psk */
	uint16_t tls_port;
	/** tls-psk cipher suites, preferred first */
	uint16_t tls_suites[IMSAKA_SECAGREE_MAX_SUITES];
	/** number of tls_suites */
	int tls_suite_count;
	/** tls-aka offered (option mechanisms) */
	bool tls_aka;
	/** tls-aka cipher suites, preferred first (option tls_aka_cs) */
	uint16_t tls_aka_suites[IMSAKA_SECAGREE_MAX_SUITES];
	/** number of tls_aka_suites */
	int tls_aka_suite_count;
	/** the plugin's control socket */
	char socket[256];
	/** imsaka-pcscf's status socket (option status_socket), "" for none;
	 *  as long as a UNIX socket path may be */
	char status_socket[108];
	/** bound on registrations held */
	uint32_t max_registrations;
	/** seconds a registration step (SM1..SM4, SM6..SM7, SM7..SM10) may
	 *  take before it is given up */
	uint32_t auth_timeout;
	/** handshakes in flight at most before new ones get a 503, 0 for no
	 *  cap (overload control) */
	uint32_t max_handshakes;
	/** handshakes in flight at most the number the P-CSCF ends in this many
	 *  seconds at its measured rate (at least
	 *  PCSCF_HANDSHAKE_BACKLOG_FLOOR), 0 for no such bound */
	uint32_t handshake_backlog;
	/** Retry-After of that 503 at most twice this (paced), s; of a probe's */
	uint32_t retry_after;
	/** pipelined requests waiting for charon at most before new
	 *  handshakes get a 503, 0 for no cap */
	uint32_t max_charon_queue;
	/** seconds charon may stay silent with requests in flight */
	uint32_t control_timeout;
	/** seconds the S-CSCF may take for the final response to a REGISTER
	 *  of a handshake before the UE gets a 408 and the handshake goes */
	uint32_t scscf_timeout;
	/** who may probe the P-CSCF with an OPTIONS over its unprotected
	 *  ports (option probe_from; default: the S-CSCF's address and
	 *  loopback) */
	pcscf_network_t probe_from[PCSCF_NETWORKS_MAX];
	/** number of probe_from */
	int probe_from_count;
	/** the S-CSCF's address (option scscf, any port) may probe as well:
	 *  probe_from not given */
	bool probe_from_scscf;
	/** host names that name the P-CSCF in a Request-URI (option aliases),
	 *  besides its addresses */
	char aliases[PCSCF_ALIASES_MAX][PCSCF_ALIAS_LEN + 1];
	/** number of aliases */
	int alias_count;
	/** seconds a stopping imsaka-pcscf keeps serving, probes answered
	 *  503, before it deletes its registrations (option stop_delay) */
	uint32_t stop_delay;
};

/**
 * Default values for everything but the addresses: what a test or a
 * caller without a configuration file starts from.
 *
 * @param config	configuration to fill
 */
void pcscf_config_defaults(pcscf_config_t *config);

/**
 * Read and check every option through frontend_conf (frontend_conf_init()
 * must have run). A bad or missing required option is logged naming it.
 *
 * @param config	receives the options
 * @return			FALSE if an option is bad
 */
bool pcscf_config_load(pcscf_config_t *config);

#endif /** PCSCF_CONFIG_H_ @}*/

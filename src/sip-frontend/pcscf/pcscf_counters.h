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
 * @defgroup pcscf_counters pcscf_counters
 * @{ @ingroup pcscf
 * imsaka-pcscf's SIP-side counters: registrations by outcome, refusals by
 * cause, SM7 tamper aborts by the check that failed, the mechanisms agreed,
 * charon's failed requests, the answers to probes, and two gauges. The event loop is one thread:
 * plain integers, no locks. Printed as one line of key=value pairs, every
 * key always present, in a fixed order (docs/PCSCF.md, "Counters").
 */

#ifndef PCSCF_COUNTERS_H_
#define PCSCF_COUNTERS_H_

#include <library.h>

#include <secagree_error.h>
#include <secagree.h>

typedef struct pcscf_counters_t pcscf_counters_t;
typedef enum pcscf_counter_t pcscf_counter_t;

/**
 * One counter or gauge; the order is the order printed.
 */
enum pcscf_counter_t {
	/** an initial registration reached its 200 (SM10/SM12) */
	PCSCF_REG_INITIAL,
	/** a re-registration got its 200 (new agreement or the one in force) */
	PCSCF_REG_REFRESHED,
	/** a de-registration got its 200 */
	PCSCF_REG_DEREGISTERED,
	/** a registration expired without a refresh */
	PCSCF_REG_EXPIRED,
	/** REGISTER refused with 421 or 494: no security agreement */
	PCSCF_REG_FAILED_SECAGREE,
	/** REGISTER refused with 400: a malformed security header */
	PCSCF_REG_FAILED_MALFORMED,
	/** REGISTER refused with 403 by the P-CSCF (another IMPI, before the
	 *  registration, Security-Verify of a re-REGISTER changed) */
	PCSCF_REG_FAILED_FORBIDDEN,
	/** the S-CSCF answered a REGISTER of a handshake with 300..699 (e.g.
	 *  403 to a wrong RES) */
	PCSCF_REG_FAILED_SCSCF,
	/** the S-CSCF left a REGISTER unanswered: 408 sent */
	PCSCF_REG_FAILED_TIMEOUT,
	/** no SM7 within auth_timeout: the handshake given up */
	PCSCF_REG_FAILED_AUTH_TIMEOUT,
	/** 500: the mechanism could not set up or promote its protection at
	 *  SM4 or SM10 (charon refused or did not answer, or building it
	 *  failed; control-errors and control-lost tell charon's part) */
	PCSCF_REG_FAILED_MECHANISM,
	/** 500 for another cause (keys missing in a 401, SIP building, no
	 *  protection for the mechanism chosen) */
	PCSCF_REG_FAILED_INTERNAL,
	/** REGISTER refused with 503: max_handshakes or max_registrations */
	PCSCF_REG_FAILED_CAPACITY,
	/** SM7 outside the handshake's protection */
	PCSCF_SM7_TAMPER_UNPROTECTED,
	/** SM7 with a security header that does not parse */
	PCSCF_SM7_TAMPER_MALFORMED,
	/** SM7's Security-Client differs from SM1's */
	PCSCF_SM7_TAMPER_CLIENT_CHANGED,
	/** SM7's Security-Verify differs from SM6's Security-Server */
	PCSCF_SM7_TAMPER_VERIFY_MISMATCH,
	/** SM7's NAT-T parameters removed */
	PCSCF_SM7_TAMPER_NATT_DOWNGRADE,
	/** SM7's NAT-D hashes changed */
	PCSCF_SM7_TAMPER_NATT_HASH,
	/** SM7's oa-ul/oa-up differ from what the P-CSCF saw */
	PCSCF_SM7_TAMPER_NATT_OA,
	/** SM7 without oa-ul/oa-up */
	PCSCF_SM7_TAMPER_NATT_MISSING_OA,
	/** SM7's NAT-T parameters contradict each other */
	PCSCF_SM7_TAMPER_NATT_INCONSISTENT,
	/** 403 to a request other than REGISTER outside any protection */
	PCSCF_UNPROTECTED_REFUSED,
	/** 403 to a request other than REGISTER on a protected port or
	 *  connection its agreement does not cover */
	PCSCF_PROTECTED_REFUSED,
	/** registrations reaching their 200 in ipsec-3gpp */
	PCSCF_MECH_IPSEC_3GPP,
	/** registrations reaching their 200 in tls-psk */
	PCSCF_MECH_TLS_PSK,
	/** registrations reaching their 200 in tls-aka */
	PCSCF_MECH_TLS_AKA,
	/** ERR replies of charon */
	PCSCF_CONTROL_ERRORS,
	/** requests charon did not answer (connection lost, timeout) */
	PCSCF_CONTROL_LOST,
	/** OPTIONS addressed to the P-CSCF answered 200 (a probe of the core
	 *  or a registered UE's keep-alive) */
	PCSCF_OPTIONS_ANSWERED,
	/** OPTIONS addressed to the P-CSCF answered 503: charon's control
	 *  socket does not answer, or the P-CSCF is stopping */
	PCSCF_OPTIONS_UNAVAILABLE,
	/** gauge: registrations in force */
	PCSCF_GAUGE_REGISTRATIONS,
	/** gauge: handshakes between SM1 and SM10 */
	PCSCF_GAUGE_HANDSHAKES,
	/** number of counters, not a counter */
	PCSCF_COUNTER_MAX,
};

/**
 * The counters of one imsaka-pcscf.
 */
struct pcscf_counters_t {

	/**
	 * Count one event.
	 *
	 * @param counter	counter, not a gauge
	 */
	void (*inc)(pcscf_counters_t *this, pcscf_counter_t counter);

	/**
	 * Count an SM7 refused by the sec-agree checks.
	 *
	 * @param code		what imsaka_secagree_check_sm7() or the parsing of
	 *					SM7's security headers returned
	 */
	void (*sm7_tamper)(pcscf_counters_t *this, imsaka_secagree_err_t code);

	/**
	 * Count a request of charon's control socket that failed: control-lost
	 * if charon left it unanswered (no reply, "ERR lost ..."), else
	 * control-errors.
	 *
	 * @param reply		the reply, "" if none
	 */
	void (*control_failed)(pcscf_counters_t *this, const char *reply);

	/**
	 * Count a registration reaching its 200 in a mechanism.
	 *
	 * @param mech		mechanism agreed
	 */
	void (*mechanism)(pcscf_counters_t *this, imsaka_secagree_mech_t mech);

	/**
	 * Set a gauge.
	 *
	 * @param counter	gauge
	 * @param value		current value
	 */
	void (*set)(pcscf_counters_t *this, pcscf_counter_t counter,
				uint64_t value);

	/**
	 * Current value of a counter or gauge.
	 *
	 * @param counter	counter
	 * @return			value
	 */
	uint64_t (*get)(pcscf_counters_t *this, pcscf_counter_t counter);

	/**
	 * Print all as "key=value key=value ...", in the enum's order.
	 *
	 * @param buf		buffer
	 * @param size		its size
	 * @return			FALSE if it did not fit
	 */
	bool (*print)(pcscf_counters_t *this, char *buf, size_t size);

	/**
	 * Destroy.
	 */
	void (*destroy)(pcscf_counters_t *this);
};

/**
 * Key of a counter as printed.
 *
 * @param counter	counter
 * @return			static text, NULL if out of range
 */
const char *pcscf_counter_name(pcscf_counter_t counter);

/**
 * Create the counters, all zero.
 *
 * @return			counters
 */
pcscf_counters_t *pcscf_counters_create(void);

#endif /** PCSCF_COUNTERS_H_ @}*/

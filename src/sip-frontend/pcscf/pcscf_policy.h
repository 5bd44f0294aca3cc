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
 * @defgroup pcscf_policy pcscf_policy
 * @{ @ingroup pcscf
 *
 * The P-CSCF's ipsec-3gpp policy (what it accepts in a Security-Client and
 * lists in the Security-Server of a 494), built from the configured lists
 * of integrity algorithms, encryption algorithms and modes.
 */

#ifndef PCSCF_POLICY_H_
#define PCSCF_POLICY_H_

#include <stdbool.h>

#include <secagree.h>

#include <control_caps.h>
#include <sip_error.h>

/**
 * Build the policy: one ipsec-3gpp entry per mode x alg x ealg, in that
 * nesting and in the order configured, each with a q below the one before
 * (the first is 1), so the Security-Server of a 494 shows the preference.
 * Pairs that can never be used (alg null without ealg aes-gcm) are left out.
 *
 * @param algs		comma list of alg names, e.g. "hmac-sha-1-96, hmac-md5-96"
 * @param ealgs		comma list of ealg names, e.g. "aes-cbc, null"
 * @param mods		comma list of modes, e.g. "UDP-enc-tun, trans"
 * @param policy	receives the policy
 * @param err		on failure: the option at fault as reason, e.g. "ealg"
 * @return			FALSE if a list is empty, too long, or names something
 *					unknown
 */
bool pcscf_policy_build(const char *algs, const char *ealgs, const char *mods,
						imsaka_secagree_list_t *policy, sip_error_t *err);

/** tls-psk suites the P-CSCF's server context knows (docs/TLS-PSK.md) */
#define PCSCF_POLICY_TLS_SUITES_DEFAULT "1301, 00a8"

/**
 * Parse the tls-psk cipher suites: a comma list of 4 hex digit IANA code
 * points the TLS-PSK contexts support (docs/TLS-PSK.md, section 1).
 *
 * @param text		e.g. "00a8, 1301"
 * @param suites	receives the code points, in order
 * @param count		receives their number, 1..IMSAKA_SECAGREE_MAX_SUITES
 * @return			FALSE if empty, too long, repeated or unsupported
 */
bool pcscf_policy_tls_suites(const char *text, uint16_t *suites, int *count);

/** tls-aka suites (docs/TLS-AKA.md); the first agreed one is used */
#define PCSCF_POLICY_TLS_AKA_SUITES_DEFAULT "1301, 1302, 1303"

/**
 * Parse the tls-aka cipher suites: a comma list of 1301, 1302, 1303.
 *
 * @param text		e.g. "1303, 1301"
 * @param suites	receives the code points, in order
 * @param count		receives their number
 * @return			FALSE if empty, repeated or unsupported
 */
bool pcscf_policy_tls_aka_suites(const char *text, uint16_t *suites,
								 int *count);

/**
 * Put the mechanisms in the configured order: the ipsec-3gpp entries of
 * pcscf_policy_build(), one tls-psk entry and one tls-aka entry with their
 * suites, q falling along the whole list.
 *
 * @param mechs		comma list of "ipsec-3gpp", "tls-psk" and "tls-aka",
 *					preferred first
 * @param suites	tls-psk suites
 * @param count		number of suites
 * @param aka_suites tls-aka suites
 * @param aka_count	number of aka_suites (0: tls-aka refused)
 * @param policy	the ipsec-3gpp policy in, the mechanisms out
 * @param has_tls	receives whether tls-psk is in
 * @param has_tls_aka receives whether tls-aka is in (may be NULL)
 * @return			FALSE if the list is empty, repeats or names something
 *					else, or a listed TLS mechanism has no suites
 */
bool pcscf_policy_mechanisms(const char *mechs, const uint16_t *suites,
							 int count, const uint16_t *aka_suites,
							 int aka_count, imsaka_secagree_list_t *policy,
							 bool *has_tls, bool *has_tls_aka);

/**
 * The policy less the ipsec-3gpp entries charon's kernel backend cannot
 * install (its mode or its alg/ealg pair); other mechanisms are kept, the
 * order and q values stay.
 *
 * @param policy	configured policy
 * @param caps		what the backend can install
 * @param out		receives the restricted policy
 * @param dropped	receives the number of ipsec-3gpp entries left out
 * @return			number of ipsec-3gpp entries kept
 */
int pcscf_policy_restrict(const imsaka_secagree_list_t *policy,
						  const control_caps_t *caps, imsaka_secagree_list_t *out,
						  int *dropped);

/**
 * The entries of a policy that can work with a NAT between UE and P-CSCF:
 * every ipsec-3gpp entry of mod=UDP-enc-tun (TS 33.203 Annex M) and the
 * other mechanisms, for the Security-Server of a 494 to a UE behind a NAT.
 *
 * @param policy	policy
 * @param out		receives those entries
 */
void pcscf_policy_across_nat(const imsaka_secagree_list_t *policy,
							 imsaka_secagree_list_t *out);

#endif /** PCSCF_POLICY_H_ @}*/

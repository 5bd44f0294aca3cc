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

/*
 * The P-CSCF of the registration tests (test_pcscf_register*.c): a proxy
 * on a fake charon and a fake transport, built by register_setup(), and
 * the SIP texts of a UE behind a NAT and of the S-CSCF.
 */

#ifndef PCSCF_REGISTER_FIXTURE_H_
#define PCSCF_REGISTER_FIXTURE_H_

#include "pcscf_tests.h"
#include "pcscf_fakes.h"
#include "../pcscf_config.h"
#include "../pcscf_counters.h"
#include "../pcscf_policy.h"
#include "../pcscf_proxy.h"

#define IMPI "alice@ims.example.net"
#define CK_HEX "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK_HEX "f769bcd751044604127672711c6d3441"

/** the Security-Client of a re-registration: a new set, ports 5065/5066 */
#define REREG_CLIENT "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;" \
	"mod=UDP-enc-tun;spi-c=3333;spi-s=4444;port-c=5065;port-s=5066"

/** the oa-ul and oa-up of SM7 as the UE behind its NAT sends them */
#define OA ";oa-ul=\"10.1.0.10:5060\";oa-up=\"192.0.2.1:20001\""

/** configuration of the P-CSCF */
extern pcscf_config_t config;
/** fake transport */
extern fake_transport_t *transport;
/** fake charon's requests and replies */
extern fake_control_t fake;
/** the fake charon */
extern pcscf_control_client_t *control;
/** the P-CSCF */
extern pcscf_proxy_t *proxy;
/** where SM1 comes from (the UE's NAT) and arrives */
extern sip_peer_t ue_unprotected;
/** the S-CSCF */
extern sip_peer_t scscf;

/** build the P-CSCF (checked fixture) */
void register_setup(void);
/** the same on a charon that answers caps (kernel-netlink), so that no
 *  ERR is counted at startup (checked fixture) */
void register_setup_caps(void);
/** destroy it (checked fixture) */
void register_teardown(void);
/** parse an address[:port], asserting it parses */
void parse_addr(const char *text, imsaka_addr_t *a);
/** a protected peer: UE 10.1.0.10:port to the P-CSCF's 10.2.0.1:local */
sip_peer_t protected_peer(uint16_t port, uint16_t local);
/** a SIP text to the P-CSCF from a peer */
void receive_text(const sip_peer_t *peer, const char *text);
/** a SIP text to the P-CSCF from a peer, freed after */
void receive_free(const sip_peer_t *peer, char *text);
/** fire the timer after which the SAs of a final response go (2 s) */
void fire_linger(void);
/** NAT-D hash of the UE's SPIs 1111/2222 and an address, as hex */
void natd_hash(const char *address, char out[41]);
/** the sec-agree headers of a REGISTER: Security-Verify if verify given */
void sec_agree_headers(char *buf, size_t size, const char *client,
					   const char *verify);
/** the UE's Security-Client: a UDP-enc-tun and a trans entry */
void security_client(char *buf, size_t size, const char *pcscf,
					 const char *extra);
/** a REGISTER; security headers given whole (free it) */
char *register_text(const char *via_port, int cseq, const char *security,
					const char *expires);
/** SM1 offering a Security-Client given whole (free it) */
char *sm1_offering(const char *client);
/** SM1 from the UE behind its NAT, sent to pcscf (free it) */
char *sm1_text(const char *pcscf);
/** all Via lines of a text */
void via_lines(const char *text, char *buf, size_t size);
/** value of the first header field of a name in a text */
bool header_value(const char *text, const char *name, char *buf, size_t size);
/** the one entry of a message's Security-Server, asserting it parses;
 *  value receives the header's text */
const imsaka_secagree_entry_t *security_server(const char *msg,
									imsaka_secagree_list_t *server,
									char *value, size_t size);
/** a response of the S-CSCF to the last request forwarded (free it) */
char *scscf_response(const char *status, int cseq, const char *extra);
/** the S-CSCF answers the last request forwarded */
void scscf_answers(const char *status, int cseq, const char *extra);
/** the S-CSCF's 401, with CK and IK if keys (free it) */
char *sm4_text(int cseq, bool keys);
/** the last message sent, asserting where it went */
const char *sent_to(const sip_peer_t *peer);
/** SM1 (freed here) from a peer, and SM4: returns SM6 as sent to it */
const char *sm1_to_sm6(const sip_peer_t *peer, char *sm1);
/** SM1 and SM4: returns SM6 as sent to the UE */
const char *register_to_sm6(const char *pcscf);
/** SM7 as the UE sends it after SM6 (free it) */
char *sm7_text(const char *sm6, const char *pcscf, const char *oa,
			   const char *verify);
/** a whole registration through SM12 */
void register_ue(void);
/** assert the P-CSCF's counters: the (counter, value) pairs given, ended
 *  by PCSCF_COUNTER_MAX, have these values, every other counter is 0 */
void assert_counters(int counter, ...);

/** add the refusal tests (test_pcscf_register_refusals.c) */
void pcscf_register_refusal_tests(TCase *tc);
/** add the tls-psk tests (test_pcscf_register_tls.c) */
void pcscf_register_tls_psk_tests(TCase *tc);
/** add the tls-aka tests (test_pcscf_register_tls.c) */
void pcscf_register_tls_aka_tests(TCase *tc);
/** add the tests of charon answering late (test_pcscf_register_pipeline.c) */
void pcscf_register_pipeline_tests(TCase *tc);

#endif /* PCSCF_REGISTER_FIXTURE_H_ */

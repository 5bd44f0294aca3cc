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
 * The P-CSCF side of the tests: real SIP texts answering what the UE
 * sent, made with libosip2 and libimsaka as a P-CSCF would (Via
 * received/rport, negotiation, NAT-T hashes of SM6, OA values of SM12).
 */

#ifndef PCSCF_SCRIPT_H_
#define PCSCF_SCRIPT_H_

#include <secagree_negotiate.h>

typedef struct {
	/** where SM1 seems to come from (the NAT's public side, or the UE) */
	imsaka_addr_t source;
	/** the P-CSCF's own address SM1 arrives at */
	imsaka_addr_t local;
	/** where the Via says the REGISTER came from, if not from source
	 * (a re-REGISTER arrives over the tunnel, its hashes are over the
	 * outer addresses of the first SM1) */
	imsaka_addr_t via;
	/** an imsaka P-CSCF: nat-p and hashes */
	bool natp;
	/** policy with trans first instead of UDP-enc-tun */
	bool prefer_trans;
	/** answer with tls-psk (cs = the first suite offered, sid SCRIPT_SID) */
	bool tls;
	/** answer with tls-aka (cs = the suites offered, reversed; sid
	 *  SCRIPT_SID) */
	bool tls_aka;
	/** SM1's Security-Client, SM6's Security-Server, as sent */
	imsaka_secagree_list_t client, server;
	/** the entry of SM6 */
	imsaka_secagree_entry_t entry;
	/** the NAT verdict */
	imsaka_nat_t nat;
} pcscf_script_t;

/** nonce of the 401 (base64 of 32 bytes) */
#define SCRIPT_SID "11111111111111111111111111111111"
#define SCRIPT_NONCE "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

/** SM6 (401) to SM1; text to free() */
char *pcscf_sm6(pcscf_script_t *p, const char *sm1);

/** SM12 (200 OK) to SM7; oa-pl off by one port if tamper; text to free() */
char *pcscf_sm12(pcscf_script_t *p, const char *sm7, uint32_t expires,
				 bool tamper);

/** plain response to a request; text to free() */
char *pcscf_response(const char *req, int code);

#endif

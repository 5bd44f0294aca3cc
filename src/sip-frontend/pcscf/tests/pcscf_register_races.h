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
 * The checks of the race tests (test_pcscf_register_races.c), on the
 * registration fixture: every message sent is journaled with the number
 * of requests charon had then, charon's contexts are replayed from those
 * requests, and each REGISTER of the UE is counted against its final
 * answers. The UE's REGISTER n carries the branch z9hG4bKue<n> and CSeq n.
 */

#ifndef PCSCF_REGISTER_RACES_H_
#define PCSCF_REGISTER_RACES_H_

#include "pcscf_register_fixture.h"

/** most REGISTERs of the UE a test numbers */
#define RACES_MAX_UE 64

/** REGISTERs the UE sent per number; answers one may get beyond them
 *  (the S-CSCF answered twice); 1 if it may get none (superseded while
 *  charon worked on its 401, or sent in a set gone) */
extern int ue_sent[RACES_MAX_UE], ue_extra[RACES_MAX_UE],
		   ue_superseded[RACES_MAX_UE];

/** the registration fixture with the transport's sends journaled */
void races_setup(void);
/** fire the step, 408 and linger timers (not the expiry) until none is
 *  left, answering charon's deferred requests first */
void settle(void);
/** at most one set in force, no CK/IK to the UE, nothing sent to the
 *  protected port_s without a set (skipped once expired is set) */
void check_always(bool expired);
/** settle(), check_always(), then no temporary set, one context per
 *  registration (at most one), each REGISTER with one final answer */
void check_settled(bool expired);
/** the UE sends REGISTER n from a peer (freed here) */
void ue_sends(const sip_peer_t *peer, int n, char *text);
/** the S-CSCF's answer to the forwarded REGISTER n (free it) */
char *answer(int n, const char *status, const char *extra);
/** the S-CSCF's 401 with CK and IK to REGISTER n (free it) */
char *challenge(int n);
/** the S-CSCF's 200 to REGISTER n granting expires (free it) */
char *accept_(int n, int expires);
/** the S-CSCF sends a text, freed here */
void scscf_sends(char *text);
/** whether REGISTER n went to the S-CSCF */
bool forwarded(int n);
/** the status of the last final answer to REGISTER n, 0 if none */
int answered(int n);
/** index of the first recorded request starting with prefix, -1 if none */
int request_index(const char *prefix);
/** how many recorded requests start with prefix */
int request_count(const char *prefix);
/** the UE registered (REGISTERs 1 and 2) over the set of ports 5064 */
void registered(void);
/** a protected re-REGISTER n from port_c 5064 with a new Security-Client
 *  (ports 5065/5066) if new_set, else a refresh (free it) */
char *rereg_text(int n, bool new_set);
/** SM7 n of that re-registration after its SM6, over the new set (free
 *  it) */
char *rereg_sm7_text(int n, const char *sm6);
/** the registration's expiry timer fires */
void expire(void);

#endif /* PCSCF_REGISTER_RACES_H_ */

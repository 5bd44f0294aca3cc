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
 * @defgroup imsaka_sa_journal_entry imsaka_sa_journal_entry
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SA_JOURNAL_ENTRY_H_
#define IMSAKA_SA_JOURNAL_ENTRY_H_

#include "imsaka_sa_set.h"

#include <ipsec/ipsec_types.h>

typedef struct imsaka_sa_journal_entry_t imsaka_sa_journal_entry_t;

/**
 * Longest line of the journal, newline included; a longer one is refused.
 * The longest entry (IPv6 everywhere, every number at its largest) takes
 * about 420 characters.
 */
#define IMSAKA_SA_JOURNAL_LINE_MAX 512

/**
 * The kernel identity of one installed SA set: what deleting its four SAs
 * and their policies through charon's kernel interface takes (protected
 * addresses and ports as selectors, SPIs, ESP, mode and UDP encapsulation,
 * outer addresses and ports, reqids, mark and interface ID), never keys.
 * The four SAs follow from it as TS 33.203 7.1 lays them out
 * (imsaka_sa_layout.h).
 *
 * One line of the journal, fields separated by single spaces:
 *
 *   set <id> mod=<trans|tun|UDP-enc-tun> proto=esp encap=<yes|no>
 *   local=<ip> port-c=<n> port-s=<n> spi-c=<n> spi-s=<n>
 *   remote=<ip> rport-c=<n> rport-s=<n> rspi-c=<n> rspi-s=<n>
 *   local-outer=<ip> local-outer-port=<n> remote-outer=<ip>
 *   remote-outer-port=<n> reqid-c=<n> reqid-s=<n> mark=<n>/<n> if-id=<n>
 *
 * (on one line), where <id> is the journal's number of the entry.
 */
struct imsaka_sa_journal_entry_t {

	/**
	 * Write the entry's journal line, newline included.
	 *
	 * @param id		number of the entry in the journal
	 * @param buf		buffer of IMSAKA_SA_JOURNAL_LINE_MAX bytes
	 * @return			length of the line, 0 if it does not fit
	 */
	size_t (*format)(imsaka_sa_journal_entry_t *this, u_int id,
					 char buf[IMSAKA_SA_JOURNAL_LINE_MAX]);

	/**
	 * Delete the set's SAs and policies through charon's kernel interface,
	 * policies first. An SA or policy the kernel does not have is no
	 * failure, nor is any answer of kernel-libipsec (there they went with
	 * the charon that installed them). Under a kernel backend each policy
	 * is installed again before it is deleted: charon's kernel-netlink
	 * deletes only policies it knows of, and a new charon knows none of
	 * its predecessor's.
	 *
	 * @return			TRUE if nothing of the set is left
	 */
	bool (*remove_state)(imsaka_sa_journal_entry_t *this);

	/**
	 * Get the set as recorded (hosts owned by the entry; algorithms,
	 * lifetime and hooks unset).
	 *
	 * @return			configuration
	 */
	imsaka_sa_set_cfg_t *(*get_cfg)(imsaka_sa_journal_entry_t *this);

	/**
	 * Destroy the entry.
	 */
	void (*destroy)(imsaka_sa_journal_entry_t *this);
};

/**
 * Create the entry of an installed (or about to be installed) set.
 *
 * @param cfg			configuration of the set (hosts cloned)
 * @param remote_outer	outer address and port of the peer (cloned)
 * @param reqid			reqids of the SA pairs on our client and server port
 * @return				entry
 */
imsaka_sa_journal_entry_t *imsaka_sa_journal_entry_create(
							imsaka_sa_set_cfg_t *cfg, host_t *remote_outer,
							uint32_t reqid[2]);

/**
 * Parse a "set" line of the journal (newline removed). Hostile input: every
 * field must be there once and valid, nothing else may be.
 *
 * @param line			the line, '\0' terminated
 * @param id			receives the number of the entry
 * @param err			on failure, what is wrong (static string)
 * @return				entry, NULL on failure
 */
imsaka_sa_journal_entry_t *imsaka_sa_journal_entry_parse(const char *line,
											u_int *id, const char **err);

#endif /** IMSAKA_SA_JOURNAL_ENTRY_H_ @}*/

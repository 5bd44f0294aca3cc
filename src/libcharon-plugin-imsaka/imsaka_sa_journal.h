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
 * @defgroup imsaka_sa_journal imsaka_sa_journal
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SA_JOURNAL_H_
#define IMSAKA_SA_JOURNAL_H_

#include "imsaka_sa_journal_entry.h"
#include "imsaka_spi_allocator.h"

typedef struct imsaka_sa_journal_t imsaka_sa_journal_t;

/**
 * Default path of the journal (charon.plugins.imsaka.sa_journal); an empty
 * value turns it off.
 */
#define IMSAKA_SA_JOURNAL_DEFAULT "/var/lib/strongswan/imsaka-sa-journal"

/**
 * Fewest lines read from a previous charon's journal. The plugin allows 8
 * per context where that is more: compaction leaves at most about twice
 * the sets installed at a time (three per context) plus 4096 lines.
 */
#define IMSAKA_SA_JOURNAL_LINES_MIN (1 << 20)

/**
 * The SA sets this charon has in the kernel, in a file, so that the next
 * charon can delete what a charon killed without clean-up (kill -9, a
 * crash) left there: under kernel-netlink its SAs and policies stay in the
 * kernel, and a new charon would hand out the same SPIs again.
 *
 * One line is appended for each set installed ("set <id> ...", see
 * imsaka_sa_journal_entry_t) and each set removed ("del <id>"), with one
 * write() and no fsync(): the journal guards against charon's end, not the
 * machine's (kernel state does not survive a reboot either). When removed
 * entries outnumber the sets installed, the file is rewritten with the
 * installed ones only. The file is created 0600 and locked (flock()) while
 * a charon uses it, so two charons never share one. All methods are
 * thread-safe.
 */
struct imsaka_sa_journal_t {

	/**
	 * Delete the SAs and policies of every set the journal read at create
	 * time (the previous charon's) through charon's kernel interface, then
	 * start the file afresh. A set whose removal failed stays in the new
	 * journal (the next charon tries again) and its local SPIs are
	 * reserved in the allocator. Call once, before any set is installed.
	 *
	 * @param spis		allocator of local inbound SPIs
	 * @return			number of sets removed
	 */
	u_int (*remove_stale)(imsaka_sa_journal_t *this,
						  imsaka_spi_allocator_t *spis);

	/**
	 * Record a set before its SAs go into the kernel.
	 *
	 * @param cfg			configuration of the set
	 * @param remote_outer	outer address and port of the peer
	 * @param reqid			reqids of the SA pairs on our client and server
	 *						port
	 * @return				number of the entry (for forget()), 0 if it
	 *						could not be written
	 */
	u_int (*record)(imsaka_sa_journal_t *this, imsaka_sa_set_cfg_t *cfg,
					host_t *remote_outer, uint32_t reqid[2]);

	/**
	 * Forget a set after its SAs and policies left the kernel.
	 *
	 * @param id			number from record(), 0 for none
	 */
	void (*forget)(imsaka_sa_journal_t *this, u_int id);

	/**
	 * Number of sets recorded and not forgotten.
	 *
	 * @return				count
	 */
	u_int (*count)(imsaka_sa_journal_t *this);

	/**
	 * Close the journal. Sets still recorded stay in the file.
	 */
	void (*destroy)(imsaka_sa_journal_t *this);
};

/**
 * Open the journal (created 0600 if missing, not following a symbolic
 * link), lock it, and read what a previous charon left in it. Hostile
 * input: lines longer than IMSAKA_SA_JOURNAL_LINE_MAX, lines that do not
 * parse and a last line without newline are logged and skipped; after
 * max_lines lines the rest is ignored.
 *
 * @param path			file of the journal
 * @param max_lines		most lines read
 * @return				journal, NULL (logged) if the file cannot be
 *						opened or another charon holds it
 */
imsaka_sa_journal_t *imsaka_sa_journal_create(const char *path,
											  u_int max_lines);

#endif /** IMSAKA_SA_JOURNAL_H_ @}*/

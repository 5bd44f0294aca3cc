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
 * @defgroup scscf_sqn_state scscf_sqn_state
 * @{ @ingroup scscf
 * Optional file keeping the highest SEQ issued per subscriber, so a restart
 * (with a clock set back, or after a resynchronisation put a subscriber
 * ahead of the clock) does not issue an SQN the UE saw already. One line per
 * subscriber: "<IMPI> <SEQ>", SEQ decimal (the SQN without its IND bits).
 */

#ifndef SCSCF_SQN_STATE_H_
#define SCSCF_SQN_STATE_H_

#include "scscf_subscribers.h"

/**
 * Load the file into the subscribers' generators; a missing file is an
 * empty one, lines of unknown IMPIs are skipped (logged).
 *
 * @param file		file name
 * @param subs		subscribers
 * @return			FALSE if the file has a bad line (logged with its number)
 */
bool scscf_sqn_state_load(const char *file, scscf_subscribers_t *subs);

/**
 * Write the file (a temporary file renamed over it, mode 0600).
 *
 * @param file		file name
 * @param subs		subscribers
 * @return			FALSE on failure (logged)
 */
bool scscf_sqn_state_save(const char *file, scscf_subscribers_t *subs);

#endif /** SCSCF_SQN_STATE_H_ @}*/

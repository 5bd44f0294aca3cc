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
 * @defgroup ue_state ue_state
 * @{ @ingroup imsaka_ue
 *
 * What the UE reports about its registration: one log line per step and
 * the state file (key=value lines, replaced atomically) that tests and
 * operators read.
 */

#ifndef UE_STATE_H_
#define UE_STATE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nat_detect.h>

typedef struct ue_state_t ue_state_t;

/**
 * A snapshot of the registration.
 */
struct ue_state_t {
	/** state name: idle, sm1-sent, sm7-sent, registered, re-registering,
	 *  deregistering, deregistered, failed */
	const char *state;
	/** NAT verdict */
	imsaka_nat_t nat;
	/** mode name of the SA set in use, "" before SM6 */
	const char *mode;
	/** SPIs of the set: UE client/server, P-CSCF client/server */
	uint32_t spi_uc, spi_us, spi_pc, spi_ps;
	/** ports of the set */
	uint16_t port_uc, port_us, port_pc, port_ps;
	/** seconds granted, 0 if not registered */
	uint32_t expires;
	/** keep-alives running */
	bool keepalive;
	/** charon context, 0 if none */
	uint32_t ctx;
	/** mechanism agreed (ipsec-3gpp, tls-psk, tls-aka), "" before SM6 */
	const char *mech;
	/** the P-CSCF unit registered on or being registered on (its address
	 *  and port SM1 goes to) */
	imsaka_addr_t pcscf;
};

/**
 * Print the snapshot as key=value pairs.
 *
 * @param state		snapshot
 * @param sep		separator, " " for a log line, "\n" for the file
 * @param buf		output, NUL-terminated
 * @param size		size of buf
 * @return			length printed
 */
size_t ue_state_format(const ue_state_t *state, const char *sep, char *buf,
					   size_t size);

/**
 * Write the snapshot to a file atomically (a temporary file in the same
 * folder, then rename()).
 *
 * @param path		file, "" or NULL to do nothing
 * @param state		snapshot
 * @return			FALSE if writing failed (logged)
 */
bool ue_state_write(const char *path, const ue_state_t *state);

#endif /** UE_STATE_H_ @}*/

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
 * A ue_control_client_t for tests: records every call as a line of text in the
 * control socket's words, answers aka-digest as scripted, allocates SPIs
 * 1000, 1001, 1002, ...
 */

#ifndef FAKE_CONTROL_H_
#define FAKE_CONTROL_H_

#include "ue_control_client.h"

typedef struct {
	ue_control_client_t public;
	/** every call, one line each */
	char log[16384];
	/** next SPI */
	uint32_t next_spi;
	/** what aka-digest answers */
	ue_aka_status_t aka_status;
	/** aka-digest answers sync only this many times, then OK */
	int sync_times;
	/** last aka-digest request, copied */
	char nonce[1024], realm[256], uri[256], username[256], cnonce[64];
	bool qop;
	uint32_t nc;
	/** last sa-install */
	ue_sa_params_t sa;
	int installs, promotes, removes, deletes, keepalive_starts;
	uint32_t promoted_expires;
	/** ctx-hold calls and the expires of the last one */
	int holds;
	uint32_t held_expires;
	imsaka_addr_t ka_src, ka_dst;
	/** fail sa-install */
	bool fail_install;
	/** fail ctx-hold */
	bool fail_hold;
	/** the caps reply, NULL: an older plugin that does not know it */
	const char *caps;
	/** caps calls */
	int caps_asked;
	/** context ctx-create makes, 0 for 7 */
	uint32_t next_ctx;
	/** contexts up to this one are gone with a restarted charon */
	uint32_t gone_below;
	/** the restart callback set */
	control_restart_cb_t restart_cb;
	void *restart_data;
	/** check() calls, and whether it finds charon away */
	int checks;
	bool down;
} fake_control_t;

/** response the fake computes */
#define FAKE_RESPONSE "0123456789abcdef0123456789abcdef"
/** traffic secrets the fake answers to tls-aka-keys (docs/TLS-AKA.md) */
#define FAKE_TLS_AKA_UE_HEX \
	"d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d"
#define FAKE_TLS_AKA_PCSCF_HEX \
	"663c4452cbe3ea9595c9c6d8aae31094f2b3581dd23b19a651ce4f95d279d911"

/** auts the fake returns on sync */
#define FAKE_AUTS "AAECAwQFBgcICQoLDA0="

fake_control_t *fake_control_create(void);

/** whether the log has a line starting with prefix */
bool fake_control_called(fake_control_t *c, const char *prefix);

#endif

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
 * @defgroup scscf_subscribers scscf_subscribers
 * @{ @ingroup scscf
 * The registrar's subscribers (IMPI, IMPUs, K, OP or OPc, AMF) from a file
 * in strongswan.conf syntax (or from a database, scscf_pg_store.h), and each one's SQN generator and registration.
 * A bad entry refuses the whole file, naming the entry and the field.
 * Found by IMPI or IMPU with a hash table lookup.
 */

#ifndef SCSCF_SUBSCRIBERS_H_
#define SCSCF_SUBSCRIBERS_H_

#include "scscf_impu.h"

#include <milenage.h>
#include <sqn.h>

#include <stdint.h>
#include <time.h>

/** most subscribers in a file (100,000 in groups of 250 load in about 8 s
 * and take about 750 MB: 7.5 KB each, most of it Contact and Path text) */
#define SCSCF_MAX_SUBSCRIBERS 1000000

/** most IMPUs of a subscriber */
#define SCSCF_MAX_IMPUS 8

/** longest Contact or Path text of a registration */
#define SCSCF_MAX_BINDING 2048

typedef struct scscf_subscriber_t scscf_subscriber_t;
typedef struct scscf_subscriber_fields_t scscf_subscriber_fields_t;
typedef struct scscf_subscribers_t scscf_subscribers_t;

/**
 * The text fields of one subscriber entry, as a file or a database row
 * gives them; checked by scscf_subscribers_t.add().
 */
struct scscf_subscriber_fields_t {
	/** name of the entry, for log lines */
	const char *name;
	/** private identity, NULL if missing */
	const char *impi;
	/** public identities, comma-separated, NULL if missing */
	const char *impu;
	/** K, 32 hex digits, NULL if missing */
	const char *k;
	/** OP, 32 hex digits, NULL if not given */
	const char *op;
	/** OPc, 32 hex digits, NULL if not given */
	const char *opc;
	/** AMF, 4 hex digits, NULL for 8000 */
	const char *amf;
};

/**
 * One subscriber.
 */
struct scscf_subscriber_t {
	/** name of the entry in the file */
	char name[64];
	/** private identity, the Digest username */
	char impi[SCSCF_MAX_ID];
	/** public identities, as scscf_impu_key() gives them */
	char impus[SCSCF_MAX_IMPUS][SCSCF_MAX_ID];
	/** number of IMPUs */
	int impu_count;
	/** K and OPc, expanded */
	imsaka_milenage_t milenage;
	/** AMF of the vectors */
	uint8_t amf[IMSAKA_AMF_LEN];
	/** SQN generator */
	imsaka_sqn_he_t sqn;
	/** registered until (time_monotonic() seconds), 0 if not registered */
	time_t registered_until;
	/** Contact header values of the registration, LF-separated */
	char contacts[SCSCF_MAX_BINDING];
	/** Path header values of the registration, comma-separated */
	char path[SCSCF_MAX_BINDING];
};

/**
 * The subscribers.
 */
struct scscf_subscribers_t {

	/**
	 * Find a subscriber by private identity.
	 *
	 * @param impi		IMPI, exact
	 * @return			subscriber, NULL if unknown
	 */
	scscf_subscriber_t *(*find_impi)(scscf_subscribers_t *this,
									 const char *impi);

	/**
	 * Find a subscriber by public identity.
	 *
	 * @param impu		IMPU key, see scscf_impu_key()
	 * @return			subscriber, NULL if unknown
	 */
	scscf_subscriber_t *(*find_impu)(scscf_subscribers_t *this,
									 const char *impu);

	/**
	 * Add a subscriber; a bad field is logged naming the entry and the
	 * field (key values never).
	 *
	 * @param fields	the entry's fields
	 * @return			FALSE if a field is bad, the IMPI or an IMPU is
	 *					taken, or the table is full
	 */
	bool (*add)(scscf_subscribers_t *this,
				const scscf_subscriber_fields_t *fields);

	/**
	 * Give every subscriber's SQN generator one fixed IND.
	 *
	 * @param ind		IND of every SQN issued from now on
	 */
	void (*set_ind)(scscf_subscribers_t *this, unsigned ind);

	/**
	 * Number of subscribers.
	 *
	 * @return			count
	 */
	int (*count)(scscf_subscribers_t *this);

	/**
	 * Subscriber by index, for the SQN state file.
	 *
	 * @param i			index, 0..count()-1
	 * @return			subscriber
	 */
	scscf_subscriber_t *(*get)(scscf_subscribers_t *this, int i);

	/**
	 * Wipe the keys and free everything.
	 */
	void (*destroy)(scscf_subscribers_t *this);
};

/**
 * Load the subscribers file.
 *
 * File format (strongswan.conf syntax), one section per subscriber below
 * "subscribers":
 *   subscribers {
 *     ue {
 *       impi = ue@ims.example.net
 *       impu = sip:ue@ims.example.net, tel:+15551234
 *       k = 465b5ce8b199b49faa5f0a2ee238a6bc
 *       op = cdc202d5123e20f62b6d676ac72cb318   # or opc = ...
 *       amf = 8000                              # optional, default 8000
 *     }
 *   }
 * Sections without keys of their own below "subscribers" group
 * subscribers (one level): strongSwan's settings parser sorts a section's
 * subsections on every one it adds, so 100,000 in one section take minutes.
 *
 * @param file		file name
 * @return			subscribers, NULL on error (logged with entry and field)
 */
scscf_subscribers_t *scscf_subscribers_load(const char *file);

/**
 * An empty table, filled with add().
 *
 * @return			subscribers
 */
scscf_subscribers_t *scscf_subscribers_create(void);

/**
 * Parse subscribers from a string of the same format (for tests).
 *
 * @param text		subscribers in strongswan.conf syntax
 * @return			subscribers, NULL on error (logged)
 */
scscf_subscribers_t *scscf_subscribers_load_string(const char *text);

#endif /** SCSCF_SUBSCRIBERS_H_ @}*/

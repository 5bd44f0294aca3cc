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
 * @defgroup pcscf_transactions pcscf_transactions
 * @{ @ingroup pcscf
 *
 * Requests forwarded to the S-CSCF, by the branch of the Via the P-CSCF
 * added, so that responses go back where the request came from. Entries
 * live 64*T1 (also after the final response, so retransmissions still
 * match); one still waiting for its final response lives on until it has
 * it or gives up. The table is bounded, the oldest entry goes first.
 */

#ifndef PCSCF_TRANSACTIONS_H_
#define PCSCF_TRANSACTIONS_H_

#include <stdbool.h>
#include <time.h>

#include <sip_transport.h>

#include "pcscf_sip.h"

/** seconds a transaction is kept (64*T1) */
#define PCSCF_TRANSACTION_LIFETIME 32

typedef struct pcscf_transaction_t pcscf_transaction_t;
typedef struct pcscf_transactions_t pcscf_transactions_t;

/**
 * A forwarded request.
 */
struct pcscf_transaction_t {
	/** branch of the P-CSCF's Via */
	char branch[PCSCF_SIP_BRANCH_MAX];
	/** branch of the Via below it (the UE's), for retransmissions */
	char ue_branch[PCSCF_SIP_BRANCH_MAX];
	/** IMPI of a security agreement registration, "" for anything else */
	char impi[PCSCF_SIP_IMPI_MAX];
	/** where the request came from: responses go back there */
	sip_peer_t peer;
	/** when it was added (or, still waiting, last found old) */
	time_t created;
	/** the response the P-CSCF sends if the S-CSCF does not answer (a
	 *  REGISTER of a handshake: 408) while one may be due, as text, else
	 *  NULL; freed with the entry */
	char *timeout_response;
	/** length of timeout_response */
	size_t timeout_len;
	/** timer waiting for the final response, 0 if none */
	uint32_t timer;
	/** the S-CSCF did not answer in time and timeout_response was sent:
	 *  retransmissions get it again, a late answer is dropped */
	bool timed_out;
	/** the object whose timer refers to this entry */
	void *owner;
};

/**
 * Called for an entry that leaves the table, before it is freed (its timer
 * must go).
 *
 * @param data		data given to pcscf_transactions_create()
 * @param tx		entry leaving
 */
typedef void (*pcscf_transaction_end_t)(void *data, pcscf_transaction_t *tx);

/**
 * The table.
 */
struct pcscf_transactions_t {

	/**
	 * Add a transaction, or refresh the one with the same branch (a
	 * retransmission).
	 *
	 * @param tx		transaction to copy in
	 * @return			the entry in the table
	 */
	pcscf_transaction_t *(*add)(pcscf_transactions_t *this,
								const pcscf_transaction_t *tx);

	/**
	 * Find by the P-CSCF's branch.
	 *
	 * @param branch	branch of the top Via of a response
	 * @return			entry or NULL
	 */
	pcscf_transaction_t *(*get)(pcscf_transactions_t *this,
								const char *branch);

	/**
	 * Number of transactions held.
	 *
	 * @return			count
	 */
	unsigned int (*get_count)(pcscf_transactions_t *this);

	/**
	 * Destroy the table.
	 */
	void (*destroy)(pcscf_transactions_t *this);
};

/**
 * Create a table.
 *
 * @param max		most transactions held
 * @param end		called for each entry leaving the table, or NULL
 * @param data		data for end
 * @return			table
 */
pcscf_transactions_t *pcscf_transactions_create(unsigned int max,
												pcscf_transaction_end_t end,
												void *data);

#endif /** PCSCF_TRANSACTIONS_H_ @}*/

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
 * @defgroup ue_transaction ue_transaction
 * @{ @ingroup imsaka_ue
 *
 * The retransmission part of a non-INVITE client transaction (RFC 3261
 * 17.1.2): over UDP the request is sent again after T1, 2*T1, ... up to
 * T2 (T2 after a provisional response), and the transaction times out
 * after 64*T1 (timer F) or an explicit bound. Matching responses is the
 * owner's job.
 */

#ifndef UE_TRANSACTION_H_
#define UE_TRANSACTION_H_

#include <sip_transport.h>

typedef struct ue_transaction_t ue_transaction_t;

/**
 * Called when the transaction timed out without a final response.
 *
 * @param data		data given to ue_transaction_create()
 */
typedef void (*ue_transaction_timeout_cb_t)(void *data);

/**
 * One client transaction at a time; send() starts the next one.
 */
struct ue_transaction_t {

	/**
	 * Send a request and arm the timers, ending a running transaction.
	 *
	 * @param peer		where to send it from and to
	 * @param msg		request text (copied)
	 * @param len		length of msg
	 * @param timeout_ms	time until timer F, 0 for 64*T1
	 * @return			FALSE if the first send failed (no timers armed)
	 */
	bool (*send)(ue_transaction_t *this, const sip_peer_t *peer,
				 const char *msg, size_t len, uint32_t timeout_ms);

	/**
	 * A provisional response arrived: retransmit every T2 from now on.
	 */
	void (*provisional)(ue_transaction_t *this);

	/**
	 * A final response arrived, or the request is abandoned: cancel the
	 * timers.
	 */
	void (*stop)(ue_transaction_t *this);

	/**
	 * Whether a request is waiting for its final response.
	 *
	 * @return			TRUE if active
	 */
	bool (*is_active)(ue_transaction_t *this);

	/**
	 * Retransmissions of the current (or last) request so far.
	 *
	 * @return			count, not counting the first send
	 */
	unsigned int (*get_retransmissions)(ue_transaction_t *this);

	/**
	 * Cancel timers and free.
	 */
	void (*destroy)(ue_transaction_t *this);
};

/**
 * Create a transaction slot.
 *
 * @param transport	to send and set timers with
 * @param t1		RFC 3261 T1, ms
 * @param t2		RFC 3261 T2, ms
 * @param cb		called on timeout
 * @param data		data for cb
 * @return			transaction
 */
ue_transaction_t *ue_transaction_create(sip_transport_t *transport,
										uint32_t t1, uint32_t t2,
										ue_transaction_timeout_cb_t cb,
										void *data);

#endif /** UE_TRANSACTION_H_ @}*/

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
 * @defgroup ue_register_sender ue_register_sender
 * @{ @ingroup imsaka_ue
 *
 * The REGISTERs of one registration (RFC 3261 10.2, TS 24.229 5.1.1):
 * one Call-ID and From tag, a CSeq one higher each time, a new branch for
 * each, the Request-URI sip:<realm> and the Contact on the protected
 * server port. Prints a REGISTER of a kind, with the Security-Client and
 * Security-Verify of the sets and the route the protection gives, and
 * sends it on the client transaction.
 */

#ifndef UE_REGISTER_SENDER_H_
#define UE_REGISTER_SENDER_H_

#include "ue_config.h"
#include "ue_protection.h"
#include "ue_transaction.h"

typedef struct ue_register_sender_t ue_register_sender_t;

/**
 * What a REGISTER is.
 */
typedef enum {
	/** unprotected, initial or after a sync failure: expects a 401 */
	UE_REGISTER_SM1,
	/** protected over the set in force: re-registration, expects a 401 */
	UE_REGISTER_REREG,
	/** protected over the set being agreed: expects the 200 */
	UE_REGISTER_SM7,
	/** protected de-registration (Expires: 0) */
	UE_REGISTER_DEREG,
} ue_register_kind_t;

/**
 * Sender of the REGISTERs of one registration.
 */
struct ue_register_sender_t {

	/**
	 * Start a new registration: new Call-ID and From tag, CSeq from 1.
	 */
	void (*reset)(ue_register_sender_t *this);

	/**
	 * Print a REGISTER and send it: SM1 unprotected, the others over the
	 * set the protection routes them with. A protected request larger
	 * than a datagram should be goes over TCP (RFC 3261 18.1.1).
	 *
	 * @param kind		what it is
	 * @param auth		Authorization header value
	 * @return			FALSE if it has no route, does not fit or could not
	 *					be sent
	 */
	bool (*send)(ue_register_sender_t *this, ue_register_kind_t kind,
				 const char *auth);

	/**
	 * What the REGISTER sent last is.
	 *
	 * @return			kind
	 */
	ue_register_kind_t (*get_kind)(ue_register_sender_t *this);

	/**
	 * Whether a response's top Via branch is that of the REGISTER in
	 * flight.
	 *
	 * @param branch	branch of the response
	 * @return			TRUE if it answers our REGISTER
	 */
	bool (*answers)(ue_register_sender_t *this, const char *branch);

	/**
	 * Request-URI and digest uri, sip:<realm>.
	 *
	 * @return			URI
	 */
	const char *(*get_uri)(ue_register_sender_t *this);

	/**
	 * Contact URI, sip:<user>@<protected address>:<port_s>.
	 *
	 * @return			URI
	 */
	const char *(*get_contact)(ue_register_sender_t *this);

	/**
	 * Free the sender.
	 */
	void (*destroy)(ue_register_sender_t *this);
};

/**
 * Create the sender of a registration's REGISTERs.
 *
 * @param config	options, kept by reference
 * @param tx		client transaction it sends on, kept by reference
 * @param protection	sets and routes, kept by reference
 * @return			sender
 */
ue_register_sender_t *ue_register_sender_create(const ue_config_t *config,
												ue_transaction_t *tx,
												ue_protection_t *protection);

#endif /** UE_REGISTER_SENDER_H_ @}*/

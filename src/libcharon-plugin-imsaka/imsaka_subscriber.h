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
 * @defgroup imsaka_subscriber imsaka_subscriber
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SUBSCRIBER_H_
#define IMSAKA_SUBSCRIBER_H_

#include <utils/identification.h>

#include <milenage.h>

/** longest text form of a subscriber secret we accept */
#define IMSAKA_SUBSCRIBER_TEXT_MAX 256

typedef struct imsaka_subscriber_t imsaka_subscriber_t;

/**
 * Milenage keys of one subscriber, as looked up in charon's credentials.
 *
 * A subscriber's secret is an EAP shared key (swanctl.conf:
 * secrets { eap-NAME { id = IMPI  secret = ... } }) in one of these forms:
 *  - 16 bytes binary (0x...): K, OPc all zero (as strongSwan's eap-aka-3gpp)
 *  - 32 bytes binary: K || OPc (as strongSwan's eap-aka-3gpp)
 *  - text "k=HEX,op=HEX[,amf=HEX]" or "k=HEX,opc=HEX[,amf=HEX]"
 */
struct imsaka_subscriber_t {

	/** Milenage state keyed with K and OPc */
	imsaka_milenage_t milenage;

	/** AMF from the secret, if has_amf */
	uint8_t amf[IMSAKA_AMF_LEN];

	/** whether the secret named an AMF */
	bool has_amf;
};

/**
 * Look up the subscriber secret of id and key a Milenage state with it.
 *
 * @param id		subscriber identity (IMPI)
 * @param sub		filled on success; wipe with imsaka_subscriber_wipe()
 * @return			TRUE if a valid secret was found
 */
bool imsaka_subscriber_get(identification_t *id, imsaka_subscriber_t *sub);

/**
 * Parse a subscriber secret in any of the forms above.
 *
 * @param secret	shared key data
 * @param sub		filled on success; wipe with imsaka_subscriber_wipe()
 * @param err		on failure, what was wrong (static string, names no key)
 * @return			TRUE if parsed
 */
bool imsaka_subscriber_parse(chunk_t secret, imsaka_subscriber_t *sub,
							 const char **err);

/**
 * Wipe the keys held by a subscriber.
 *
 * @param sub		subscriber to wipe
 */
void imsaka_subscriber_wipe(imsaka_subscriber_t *sub);

#endif /** IMSAKA_SUBSCRIBER_H_ @}*/

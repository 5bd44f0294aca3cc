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
 * @defgroup imsaka_libipsec imsaka_libipsec
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_LIBIPSEC_H_
#define IMSAKA_LIBIPSEC_H_

#include <library.h>
#include <networking/packet.h>
#include <esp_context.h>

typedef struct imsaka_libipsec_t imsaka_libipsec_t;

/**
 * The plugin's link to strongSwan's userspace IPsec (libipsec), used where
 * kernel-libipsec is the kernel backend: it reaches libipsec's SAs directly
 * for what charon's kernel interface does not offer (moving an SA, reading
 * its sequence number) and feeds it received ESP.
 *
 * libipsec's symbols are looked up at run time in the copy kernel-libipsec
 * loaded, so the plugin neither links nor loads libipsec itself and runs
 * unchanged where it is absent (kernel-netlink). Its layouts come from
 * headers Debian does not package: the link exists only where
 * imsaka_libipsec_check() found the library to be the build the plugin was
 * built for, with the layouts assumed.
 */
struct imsaka_libipsec_t {

	/**
	 * Hand a received ESP-in-UDP packet to libipsec, as kernel-libipsec's
	 * router does.
	 *
	 * @param packet	decapsulated ESP packet, adopted
	 */
	void (*queue_inbound)(imsaka_libipsec_t *this, packet_t *packet);

	/**
	 * Move an SA to new outer addresses and ports in place, keeping its
	 * keys, sequence numbers and replay window.
	 *
	 * @param spi		SPI, host order
	 * @param src		current source address (port ignored)
	 * @param dst		current destination address (port ignored)
	 * @param new_src	new source address and port
	 * @param new_dst	new destination address and port
	 * @return			TRUE if moved
	 */
	bool (*update_sa)(imsaka_libipsec_t *this, uint32_t spi, host_t *src,
					  host_t *dst, host_t *new_src, host_t *new_dst);

	/**
	 * Get the highest sequence number an inbound SA has authenticated.
	 *
	 * @param spi		SPI, host order
	 * @param dst		destination address of the SA
	 * @param seqno		receives the sequence number
	 * @return			FALSE if there is no such inbound SA
	 */
	bool (*get_seqno)(imsaka_libipsec_t *this, uint32_t spi, host_t *dst,
					  uint32_t *seqno);

	/**
	 * Create an inbound ESP context of libipsec: the algorithms of an SA
	 * with a replay window of its own.
	 *
	 * @param enc_alg	encryption algorithm (an AEAD, or ENCR_NULL)
	 * @param enc_key	encryption key
	 * @param int_alg	integrity algorithm, AUTH_UNDEFINED for AEADs
	 * @param int_key	integrity key
	 * @return			context, NULL if the algorithms are not available
	 */
	esp_context_t *(*create_esp_context)(imsaka_libipsec_t *this,
								int enc_alg, chunk_t enc_key, int int_alg,
								chunk_t int_key);

	/**
	 * Destroy the link (libipsec stays loaded).
	 */
	void (*destroy)(imsaka_libipsec_t *this);
};

/**
 * Link to libipsec if kernel-libipsec is charon's kernel backend.
 *
 * @return			link, NULL if libipsec is not loaded, not in use or not
 *					what the plugin was built for
 */
imsaka_libipsec_t *imsaka_libipsec_create();

/**
 * Link to a loaded libipsec if imsaka_libipsec_check() finds it to be what
 * the plugin was built for (the test hook IMSAKA_LIBIPSEC_MISMATCH_ENV
 * applied), else log at level 1 what did not match.
 *
 * @param handle	dlopen() handle of libipsec, adopted (closed on failure)
 * @return			link, NULL if libipsec does not match
 */
imsaka_libipsec_t *imsaka_libipsec_create_checked(void *handle);

/**
 * imsaka_sa_set_update_cb_t moving an SA through libipsec.
 *
 * @param data		imsaka_libipsec_t
 */
bool imsaka_libipsec_update_cb(void *data, uint32_t spi, host_t *src,
							   host_t *dst, host_t *new_src, host_t *new_dst);

#endif /** IMSAKA_LIBIPSEC_H_ @}*/

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
 * @defgroup imsaka_control_keyfile imsaka_control_keyfile
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTROL_KEYFILE_H_
#define IMSAKA_CONTROL_KEYFILE_H_

#include "imsaka_sa_set.h"

typedef struct imsaka_control_keyfile_t imsaka_control_keyfile_t;

/**
 * Debugging aid: appends the keys of every SA installed to a file in the
 * format of Wireshark's esp_sa UAT table, as the save-keys plugin does for
 * CHILD_SAs, so captures can be decrypted. The file holds secrets: it is
 * created with mode 0600.
 */
struct imsaka_control_keyfile_t {

	/**
	 * Append the keys of one SA, see imsaka_sa_set_keys_cb_t.
	 */
	void (*add)(imsaka_control_keyfile_t *this, host_t *src, host_t *dst,
				uint32_t spi, uint16_t enc_alg, chunk_t enc_key,
				uint16_t int_alg, chunk_t int_key);

	/**
	 * Destroy the object; the file stays.
	 */
	void (*destroy)(imsaka_control_keyfile_t *this);
};

/**
 * Hook for imsaka_sa_set_cfg_t.keys_cb, data is an
 * imsaka_control_keyfile_t.
 */
void imsaka_control_keyfile_cb(void *data, host_t *src, host_t *dst,
							   uint32_t spi, uint16_t enc_alg, chunk_t enc_key,
							   uint16_t int_alg, chunk_t int_key);

/**
 * Create the key export.
 *
 * @param path		file to append to
 * @return			object
 */
imsaka_control_keyfile_t *imsaka_control_keyfile_create(char *path);

#endif /** IMSAKA_CONTROL_KEYFILE_H_ @}*/

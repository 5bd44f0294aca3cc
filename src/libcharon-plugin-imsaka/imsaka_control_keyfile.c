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

#include "imsaka_control_keyfile.h"

#include <daemon.h>
#include <threading/mutex.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sys/stat.h>

typedef struct private_imsaka_control_keyfile_t
					private_imsaka_control_keyfile_t;

/**
 * Private data of an imsaka_control_keyfile_t object.
 */
struct private_imsaka_control_keyfile_t {

	/**
	 * Public interface
	 */
	imsaka_control_keyfile_t public;

	/**
	 * Path of the file
	 */
	char *path;

	/**
	 * Keeps lines whole
	 */
	mutex_t *mutex;
};

/**
 * Wireshark's names of encryption algorithms, as the save-keys plugin
 * writes them (the key length is implied by the key)
 */
static const char *enc_name(uint16_t alg)
{
	switch (alg)
	{
		case ENCR_NULL:
		case ENCR_NULL_AUTH_AES_GMAC:
			return "NULL";
		case ENCR_3DES:
			return "TripleDES-CBC [RFC2451]";
		case ENCR_AES_CBC:
			return "AES-CBC [RFC3602]";
		case ENCR_AES_GCM_ICV8:
		case ENCR_AES_GCM_ICV12:
		case ENCR_AES_GCM_ICV16:
			return "AES-GCM [RFC4106]";
		default:
			return NULL;
	}
}

/**
 * Wireshark's names of integrity algorithms, as save-keys writes them;
 * AEADs get "any 128 bit ICV, unchecked", the ICV of aes-gcm and aes-gmac
 */
static const char *int_name(uint16_t enc_alg, uint16_t alg)
{
	if (encryption_algorithm_is_aead(enc_alg))
	{
		return "ANY 128 bit authentication [no checking]";
	}
	switch (alg)
	{
		case AUTH_HMAC_MD5_96:
			return "HMAC-MD5-96 [RFC2403]";
		case AUTH_HMAC_SHA1_96:
			return "HMAC-SHA-1-96 [RFC2404]";
		case AUTH_UNDEFINED:
			return "NULL";
		default:
			return NULL;
	}
}

/**
 * fprintf() with strongSwan's printf hooks (%H, %B), which gcc's format
 * checks do not know
 */
static void print(FILE *file, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vfprintf(file, fmt, args);
	va_end(args);
}

METHOD(imsaka_control_keyfile_t, add, void,
	private_imsaka_control_keyfile_t *this, host_t *src, host_t *dst,
	uint32_t spi, uint16_t enc_alg, chunk_t enc_key, uint16_t int_alg,
	chunk_t int_key)
{
	const char *enc, *integ;
	FILE *file;
	int fd;

	enc = enc_name(enc_alg);
	integ = int_name(enc_alg, int_alg);
	if (!enc || !integ)
	{
		DBG1(DBG_KNL, "no Wireshark name for the algorithms of SPI "
			 "%.8x, not exported", spi);
		return;
	}
	if (enc_alg == ENCR_NULL_AUTH_AES_GMAC)
	{	/* Wireshark cannot check GMAC (the payload is plain anyway); the
		 * key (AES key || salt) goes with the ICV, where a checker of its
		 * own finds it (testing/scripts/esp-gmac) */
		int_key = enc_key;
		enc_key = chunk_empty;
	}
	this->mutex->lock(this->mutex);
	fd = open(this->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0 || !(file = fdopen(fd, "a")))
	{
		DBG1(DBG_KNL, "opening ESP key file '%s' failed: %s",
			 this->path, strerror(errno));
		if (fd >= 0)
		{
			close(fd);
		}
		this->mutex->unlock(this->mutex);
		return;
	}
	print(file, "\"%s\",\"%H\",\"%H\",\"0x%.8x\",\"%s\",\"0x%+B\","
			"\"%s\",\"0x%+B\"\n", src->get_family(src) == AF_INET ? "IPv4"
			: "IPv6", src, dst, spi, enc, &enc_key, integ, &int_key);
	fclose(file);
	this->mutex->unlock(this->mutex);
	DBG2(DBG_KNL, "keys of SPI %.8x written to '%s'", spi, this->path);
}

/*
 * Described in header
 */
void imsaka_control_keyfile_cb(void *data, host_t *src, host_t *dst,
							   uint32_t spi, uint16_t enc_alg, chunk_t enc_key,
							   uint16_t int_alg, chunk_t int_key)
{
	imsaka_control_keyfile_t *this = data;

	this->add(this, src, dst, spi, enc_alg, enc_key, int_alg, int_key);
}

METHOD(imsaka_control_keyfile_t, destroy, void,
	private_imsaka_control_keyfile_t *this)
{
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this);
}

/*
 * Described in header
 */
imsaka_control_keyfile_t *imsaka_control_keyfile_create(char *path)
{
	private_imsaka_control_keyfile_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	/* as charon's save-keys: keys on disk must not go unnoticed */
	DBG0(DBG_CFG, "!!");
	DBG0(DBG_CFG, "!! WARNING: SAVING ESP KEYS OF ALL SA SETS TO '%s'", path);
	DBG0(DBG_CFG, "!!");
	return &this->public;
}

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

#ifndef ME
#error imsaka must be built against strongSwan headers configured with mediation (ME), like the charon of Debian
#endif

#include "imsaka_libipsec.h"
#include "imsaka_libipsec_check.h"
#include "imsaka_backend.h"

#include <daemon.h>
#include <ipsec.h>
#include <esp_packet.h>

#include <dlfcn.h>

/** soname of libipsec, loaded by kernel-libipsec */
#define LIBIPSEC_SONAME "libipsec.so.0"

typedef struct private_imsaka_libipsec_t private_imsaka_libipsec_t;

/**
 * Private data of an imsaka_libipsec_t object.
 */
struct private_imsaka_libipsec_t {

	/**
	 * Public interface
	 */
	imsaka_libipsec_t public;

	/**
	 * dlopen() handle of the loaded libipsec (a reference to it)
	 */
	void *handle;

	/**
	 * libipsec's "ipsec" instance variable, set between libipsec_init()
	 * and libipsec_deinit()
	 */
	ipsec_t **instance;

	/**
	 * esp_packet_create_from_packet()
	 */
	esp_packet_t *(*create_packet)(packet_t *packet);

	/**
	 * esp_context_create()
	 */
	esp_context_t *(*create_context)(int enc_alg, chunk_t enc_key,
									 int int_alg, chunk_t int_key,
									 bool inbound);
};

METHOD(imsaka_libipsec_t, queue_inbound, void,
	private_imsaka_libipsec_t *this, packet_t *packet)
{
	ipsec_t *ipsec = *this->instance;

	if (!ipsec)
	{
		packet->destroy(packet);
		return;
	}
	ipsec->processor->queue_inbound(ipsec->processor,
									this->create_packet(packet));
}

METHOD(imsaka_libipsec_t, update_sa, bool,
	private_imsaka_libipsec_t *this, uint32_t spi, host_t *src, host_t *dst,
	host_t *new_src, host_t *new_dst)
{
	ipsec_t *ipsec = *this->instance;

	/* libipsec finds the SA by SPI and the addresses without their ports,
	 * and takes the new hosts with their ports */
	return ipsec && ipsec->sas->update_sa(ipsec->sas, htonl(spi),
							IPPROTO_ESP, 0, src, dst, new_src, new_dst, TRUE,
							TRUE, (mark_t){}) == SUCCESS;
}

METHOD(imsaka_libipsec_t, get_seqno, bool,
	private_imsaka_libipsec_t *this, uint32_t spi, host_t *dst,
	uint32_t *seqno)
{
	ipsec_t *ipsec = *this->instance;
	ipsec_sa_t *sa;
	bool found = FALSE;

	if (!ipsec)
	{
		return FALSE;
	}
	sa = ipsec->sas->checkout_by_spi(ipsec->sas, htonl(spi), dst);
	if (sa)
	{
		if (sa->is_inbound(sa))
		{
			*seqno = sa->get_esp_context(sa)->get_seqno(
												sa->get_esp_context(sa));
			found = TRUE;
		}
		ipsec->sas->checkin(ipsec->sas, sa);
	}
	return found;
}

METHOD(imsaka_libipsec_t, create_esp_context, esp_context_t*,
	private_imsaka_libipsec_t *this, int enc_alg, chunk_t enc_key,
	int int_alg, chunk_t int_key)
{
	return this->create_context(enc_alg, enc_key, int_alg, int_key, TRUE);
}

METHOD(imsaka_libipsec_t, destroy, void,
	private_imsaka_libipsec_t *this)
{
	dlclose(this->handle);
	free(this);
}

/*
 * Described in header
 */
bool imsaka_libipsec_update_cb(void *data, uint32_t spi, host_t *src,
							   host_t *dst, host_t *new_src, host_t *new_dst)
{
	imsaka_libipsec_t *libipsec = data;

	return libipsec->update_sa(libipsec, spi, src, dst, new_src, new_dst);
}

/*
 * Described in header
 */
imsaka_libipsec_t *imsaka_libipsec_create_checked(void *handle)
{
	private_imsaka_libipsec_t *this;
	imsaka_libipsec_expect_t expect;
	char why[512], *test;

	imsaka_libipsec_expect_built(&expect);
	test = getenv(IMSAKA_LIBIPSEC_MISMATCH_ENV);
	if (test && !imsaka_libipsec_expect_mismatch(&expect, test))
	{
		DBG1(DBG_KNL, "%s=%s is neither build-id nor layout, ignored",
			 IMSAKA_LIBIPSEC_MISMATCH_ENV, test);
	}
	/* before anything reaches libipsec's internals */
	if (!imsaka_libipsec_check(handle, &expect, why, sizeof(why)))
	{
		DBG1(DBG_KNL, "%s is not the one imsaka was built for: %s; peers "
			 "are not followed from ESP, the mapping command replaces SA "
			 "sets", LIBIPSEC_SONAME, why);
		dlclose(handle);
		return NULL;
	}
	INIT(this,
		.public = {
			.queue_inbound = _queue_inbound,
			.update_sa = _update_sa,
			.get_seqno = _get_seqno,
			.create_esp_context = _create_esp_context,
			.destroy = _destroy,
		},
		.handle = handle,
		.instance = dlsym(handle, "ipsec"),
		.create_packet = dlsym(handle, "esp_packet_create_from_packet"),
		.create_context = dlsym(handle, "esp_context_create"),
	);
	DBG2(DBG_KNL, "linked to %s (build %s), its layouts checked",
		 LIBIPSEC_SONAME, expect.build_id);
	return &this->public;
}

/*
 * Described in header
 */
imsaka_libipsec_t *imsaka_libipsec_create()
{
	void *handle;

	if (imsaka_backend_type() != IMSAKA_BACKEND_USERSPACE)
	{	/* a kernel backend doing ESP itself */
		return NULL;
	}
	/* only the copy kernel-libipsec loaded, never a second one */
	handle = dlopen(LIBIPSEC_SONAME, RTLD_LAZY | RTLD_NOLOAD);
	if (!handle)
	{
		DBG1(DBG_KNL, "kernel backend needs UDP encapsulation but "
			 "%s is not loaded, peers are not followed on their own",
			 LIBIPSEC_SONAME);
		return NULL;
	}
	return imsaka_libipsec_create_checked(handle);
}

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

#include "pcscf_registrations.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <library.h>
#include <collections/hashtable.h>

typedef struct private_pcscf_registrations_t private_pcscf_registrations_t;

/**
 * Private data.
 */
struct private_pcscf_registrations_t {

	/** public interface */
	pcscf_registrations_t public;

	/** pcscf_registration_t by its impi */
	hashtable_t *by_impi;

	/** pcscf_registration_t by each of its endpoints */
	hashtable_t *by_endpoint;

	/** first pcscf_registration_t of an IMPU (case-insensitive), the others
	 *  of the same IMPU chained by same_impu */
	hashtable_t *by_impu;

	/** most registrations */
	u_int max;

	/** registrations in the table with a handshake in flight */
	u_int handshakes;

	/** handshakes ended since start */
	uint64_t ended;
};

/**
 * Hash of an address: family, port and address bytes
 */
static u_int addr_hash(const void *key)
{
	const imsaka_addr_t *addr = key;
	u_int hash;

	hash = chunk_hash(chunk_create((u_char*)addr->ip, imsaka_addr_len(addr)));
	return chunk_hash_inc(chunk_from_thing(addr->port), hash ^ addr->family);
}

/**
 * Equality of addresses
 */
static bool addr_equals(const void *a, const void *b)
{
	return imsaka_addr_equals(a, b);
}

/**
 * Hash of an IMPU, without regard to case
 */
static u_int impu_hash(const void *key)
{
	char lower[PCSCF_SIP_IMPI_MAX];
	const char *impu = key;
	size_t i;

	for (i = 0; impu[i] && i < sizeof(lower); i++)
	{
		lower[i] = tolower((unsigned char)impu[i]);
	}
	return chunk_hash(chunk_create((u_char*)lower, i));
}

/**
 * Equality of IMPUs, without regard to case
 */
static bool impu_equals(const void *a, const void *b)
{
	return strcasecmp(a, b) == 0;
}

/**
 * Take a registration out of the IMPU index
 */
static void unindex_impu(private_pcscf_registrations_t *this,
						 pcscf_registration_t *reg)
{
	pcscf_registration_t *first, *prev;

	if (!reg->impu)
	{
		return;
	}
	first = this->by_impu->get(this->by_impu, reg->impu);
	if (first == reg)
	{
		if (reg->same_impu)
		{	/* the next one heads the chain, keyed by its own copy */
			this->by_impu->put(this->by_impu, reg->same_impu->impu,
							   reg->same_impu);
		}
		else
		{
			this->by_impu->remove(this->by_impu, reg->impu);
		}
	}
	else
	{
		for (prev = first; prev && prev->same_impu != reg;
			 prev = prev->same_impu)
		{
		}
		if (prev)
		{
			prev->same_impu = reg->same_impu;
		}
	}
	reg->same_impu = NULL;
}

METHOD(pcscf_registrations_t, add, bool,
	private_pcscf_registrations_t *this, pcscf_registration_t *reg)
{
	if (this->by_impi->get_count(this->by_impi) >= this->max ||
		this->by_impi->get(this->by_impi, reg->impi))
	{
		return false;
	}
	reg->endpoint_count = 0;
	reg->same_impu = NULL;
	this->by_impi->put(this->by_impi, reg->impi, reg);
	if (reg->impu)
	{
		reg->same_impu = this->by_impu->put(this->by_impu, reg->impu, reg);
	}
	return true;
}

METHOD(pcscf_registrations_t, get, pcscf_registration_t*,
	private_pcscf_registrations_t *this, const char *impi)
{
	return this->by_impi->get(this->by_impi, impi);
}

METHOD(pcscf_registrations_t, find_endpoint, pcscf_registration_t*,
	private_pcscf_registrations_t *this, const imsaka_addr_t *addr)
{
	return this->by_endpoint->get(this->by_endpoint, addr);
}

METHOD(pcscf_registrations_t, find_impu, pcscf_registration_t*,
	private_pcscf_registrations_t *this, const char *impu)
{
	pcscf_registration_t *reg;

	for (reg = this->by_impu->get(this->by_impu, impu); reg;
		 reg = reg->same_impu)
	{
		if (reg->registered)
		{
			return reg;
		}
	}
	return NULL;
}

METHOD(pcscf_registrations_t, set_impu, bool,
	private_pcscf_registrations_t *this, pcscf_registration_t *reg,
	const char *impu)
{
	bool in_table;

	in_table = this->by_impi->get(this->by_impi, reg->impi) == reg;
	if (in_table)
	{
		unindex_impu(this, reg);
	}
	free(reg->impu);
	reg->impu = NULL;
	if (!impu || !*impu)
	{
		return true;
	}
	reg->impu = strdup(impu);
	if (!reg->impu)
	{
		return false;
	}
	if (in_table)
	{
		reg->same_impu = this->by_impu->put(this->by_impu, reg->impu, reg);
	}
	return true;
}

/**
 * Drop a registration's endpoints from the endpoint table
 */
static void unbind(private_pcscf_registrations_t *this,
				   pcscf_registration_t *reg)
{
	int i;

	for (i = 0; i < reg->endpoint_count; i++)
	{
		if (this->by_endpoint->get(this->by_endpoint,
								   &reg->endpoints[i]) == reg)
		{
			this->by_endpoint->remove(this->by_endpoint, &reg->endpoints[i]);
		}
	}
	reg->endpoint_count = 0;
}

METHOD(pcscf_registrations_t, bind_, void,
	private_pcscf_registrations_t *this, pcscf_registration_t *reg,
	const imsaka_addr_t *endpoints, int count)
{
	pcscf_registration_t *other;
	int i, j;

	unbind(this, reg);
	for (i = 0; i < count && i < countof(reg->endpoints); i++)
	{
		for (j = 0; j < reg->endpoint_count; j++)
		{
			if (imsaka_addr_equals(&reg->endpoints[j], &endpoints[i]))
			{
				break;
			}
		}
		if (j < reg->endpoint_count)
		{	/* listed twice */
			continue;
		}
		other = this->by_endpoint->get(this->by_endpoint, &endpoints[i]);
		if (other)
		{	/* another UE had this address before; it is gone */
			this->by_endpoint->remove(this->by_endpoint, &endpoints[i]);
		}
		reg->endpoints[reg->endpoint_count] = endpoints[i];
		this->by_endpoint->put(this->by_endpoint,
							   &reg->endpoints[reg->endpoint_count], reg);
		reg->endpoint_count++;
	}
}

METHOD(pcscf_registrations_t, remove_, void,
	private_pcscf_registrations_t *this, pcscf_registration_t *reg)
{
	unbind(this, reg);
	if (this->by_impi->get(this->by_impi, reg->impi) == reg)
	{
		unindex_impu(this, reg);
		this->by_impi->remove(this->by_impi, reg->impi);
		if (reg->step != PCSCF_STEP_NONE)
		{
			this->handshakes--;
			this->ended++;
		}
	}
}

METHOD(pcscf_registrations_t, set_step, void,
	private_pcscf_registrations_t *this, pcscf_registration_t *reg,
	pcscf_step_t step)
{
	if (reg->step == PCSCF_STEP_NONE && step != PCSCF_STEP_NONE)
	{
		this->handshakes++;
	}
	else if (reg->step != PCSCF_STEP_NONE && step == PCSCF_STEP_NONE)
	{
		this->handshakes--;
		this->ended++;
	}
	reg->step = step;
}

METHOD(pcscf_registrations_t, get_handshakes, u_int,
	private_pcscf_registrations_t *this)
{
	return this->handshakes;
}

METHOD(pcscf_registrations_t, get_handshakes_ended, uint64_t,
	private_pcscf_registrations_t *this)
{
	return this->ended;
}

METHOD(pcscf_registrations_t, get_registered, u_int,
	private_pcscf_registrations_t *this)
{
	enumerator_t *enumerator;
	pcscf_registration_t *reg;
	const void *key;
	u_int count = 0;

	enumerator = this->by_impi->create_enumerator(this->by_impi);
	while (enumerator->enumerate(enumerator, &key, &reg))
	{
		count += reg->registered;
	}
	enumerator->destroy(enumerator);
	return count;
}

METHOD(pcscf_registrations_t, remove_any, pcscf_registration_t*,
	private_pcscf_registrations_t *this)
{
	enumerator_t *enumerator;
	pcscf_registration_t *reg = NULL;
	const void *key;

	enumerator = this->by_impi->create_enumerator(this->by_impi);
	if (!enumerator->enumerate(enumerator, &key, &reg))
	{
		reg = NULL;
	}
	enumerator->destroy(enumerator);
	if (reg)
	{
		remove_(this, reg);
	}
	return reg;
}

METHOD(pcscf_registrations_t, remove_all, u_int,
	private_pcscf_registrations_t *this,
	void (*cb)(void *data, pcscf_registration_t *reg), void *data)
{
	enumerator_t *enumerator;
	pcscf_registration_t *reg, **all;
	const void *key;
	u_int count = 0, i;

	all = calloc(this->by_impi->get_count(this->by_impi) ?: 1, sizeof(*all));
	enumerator = this->by_impi->create_enumerator(this->by_impi);
	while (enumerator->enumerate(enumerator, &key, &reg))
	{
		all[count++] = reg;
	}
	enumerator->destroy(enumerator);
	for (i = 0; i < count; i++)
	{
		remove_(this, all[i]);
		cb(data, all[i]);
	}
	free(all);
	return count;
}

METHOD(pcscf_registrations_t, get_count, u_int,
	private_pcscf_registrations_t *this)
{
	return this->by_impi->get_count(this->by_impi);
}

METHOD(pcscf_registrations_t, destroy, void,
	private_pcscf_registrations_t *this)
{
	pcscf_registration_t *reg;

	while ((reg = remove_any(this)))
	{
		pcscf_registration_release(reg);
	}
	this->by_impi->destroy(this->by_impi);
	this->by_endpoint->destroy(this->by_endpoint);
	this->by_impu->destroy(this->by_impu);
	free(this);
}

/*
 * Described in header
 */
pcscf_registrations_t *pcscf_registrations_create(u_int max)
{
	private_pcscf_registrations_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.get = _get,
			.find_endpoint = _find_endpoint,
			.find_impu = _find_impu,
			.set_impu = _set_impu,
			.bind = _bind_,
			.remove = _remove_,
			.remove_any = _remove_any,
			.remove_all = _remove_all,
			.get_registered = _get_registered,
			.get_count = _get_count,
			.set_step = _set_step,
			.get_handshakes = _get_handshakes,
			.get_handshakes_ended = _get_handshakes_ended,
			.destroy = _destroy,
		},
		.by_impi = hashtable_create(hashtable_hash_str, hashtable_equals_str,
									32),
		.by_endpoint = hashtable_create(addr_hash, addr_equals, 32),
		.by_impu = hashtable_create(impu_hash, impu_equals, 32),
		.max = max,
	);
	return &this->public;
}

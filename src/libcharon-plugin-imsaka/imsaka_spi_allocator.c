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

#include "imsaka_spi_allocator.h"

#include <utils/debug.h>
#include <threading/mutex.h>
#include <collections/hashtable.h>

typedef struct private_imsaka_spi_allocator_t private_imsaka_spi_allocator_t;

/**
 * Released SPIs wait until this many more were released before they are
 * handed out again (unless the range is used up): a peer may still send
 * with an SA just removed, and a UE that re-registers right after a failure
 * must not get its last SPIs back while the P-CSCF may still hold them
 */
#define SPI_REUSE_DELAY 256

/**
 * Private data of an imsaka_spi_allocator_t object.
 *
 * SPIs are kept as offsets from min. Offsets below next have been handed out
 * at least once; of those, a bit set in the bitmap marks one allocated now,
 * and each cleared one waits in the release FIFO. So both structures only
 * grow with next, the largest number of SPIs ever allocated at once plus
 * SPI_REUSE_DELAY.
 */
struct private_imsaka_spi_allocator_t {

	/**
	 * Public interface
	 */
	imsaka_spi_allocator_t public;

	/**
	 * First SPI of the range
	 */
	uint32_t min;

	/**
	 * Number of SPIs in the range (up to 2^32 - 256, hence 64 bits)
	 */
	uint64_t size;

	/**
	 * Offset of the next never used SPI
	 */
	uint64_t next;

	/**
	 * Offset of the SPI handed out first: independent hosts (two UEs behind
	 * one NAT) start at different places of the range and so rarely pick
	 * the same SPIs, which the peer could not tell apart
	 */
	uint64_t start;

	/**
	 * One bit per offset below next, set while allocated
	 */
	uint64_t *bits;

	/**
	 * Number of 64-bit words in bits
	 */
	size_t words;

	/**
	 * Released offsets, a ring buffer used as FIFO
	 */
	uint32_t *fifo;

	/**
	 * Capacity of fifo
	 */
	size_t fifo_size;

	/**
	 * Index of the oldest released offset in fifo
	 */
	size_t fifo_head;

	/**
	 * Number of released offsets in fifo
	 */
	size_t fifo_len;

	/**
	 * Number of SPIs allocated now
	 */
	u_int count;

	/**
	 * SPIs never to hand out (key: the SPI as a pointer), NULL if none:
	 * when one comes up it is marked allocated for good and skipped
	 */
	hashtable_t *reserved;

	/**
	 * Lock for all of the above
	 */
	mutex_t *mutex;
};

/** bits per bitmap word */
#define WORD_BITS 64

/** smallest allocation of the bitmap and the FIFO, in elements */
#define MIN_GROW 16

static inline bool bit_get(private_imsaka_spi_allocator_t *this, uint64_t off)
{
	return (this->bits[off / WORD_BITS] >> (off % WORD_BITS)) & 1;
}

static inline void bit_set(private_imsaka_spi_allocator_t *this, uint64_t off,
						   bool value)
{
	uint64_t mask = (uint64_t)1 << (off % WORD_BITS);

	if (value)
	{
		this->bits[off / WORD_BITS] |= mask;
	}
	else
	{
		this->bits[off / WORD_BITS] &= ~mask;
	}
}

/**
 * Make room in the bitmap for offset off, doubling to keep growth O(1)
 * amortized
 */
static void bits_reserve(private_imsaka_spi_allocator_t *this, uint64_t off)
{
	size_t words;

	if (off / WORD_BITS < this->words)
	{
		return;
	}
	words = max(this->words * 2, MIN_GROW);
	this->bits = realloc(this->bits, words * sizeof(uint64_t));
	memset(this->bits + this->words, 0,
		   (words - this->words) * sizeof(uint64_t));
	this->words = words;
}

/**
 * Append a released offset to the FIFO, doubling it when full
 */
static void fifo_push(private_imsaka_spi_allocator_t *this, uint32_t off)
{
	uint32_t *fifo;
	size_t size, i;

	if (this->fifo_len == this->fifo_size)
	{
		size = max(this->fifo_size * 2, MIN_GROW);
		fifo = malloc(size * sizeof(uint32_t));
		for (i = 0; i < this->fifo_len; i++)
		{
			fifo[i] = this->fifo[(this->fifo_head + i) % this->fifo_size];
		}
		free(this->fifo);
		this->fifo = fifo;
		this->fifo_size = size;
		this->fifo_head = 0;
	}
	this->fifo[(this->fifo_head + this->fifo_len) % this->fifo_size] = off;
	this->fifo_len++;
}

/**
 * Take the oldest released offset from the FIFO, which must not be empty
 */
static uint32_t fifo_pop(private_imsaka_spi_allocator_t *this)
{
	uint32_t off;

	off = this->fifo[this->fifo_head];
	this->fifo_head = (this->fifo_head + 1) % this->fifo_size;
	this->fifo_len--;
	return off;
}

METHOD(imsaka_spi_allocator_t, allocate, bool,
	private_imsaka_spi_allocator_t *this, uint32_t *spi)
{
	uint64_t off;

	this->mutex->lock(this->mutex);
	while (TRUE)
	{
		if (this->fifo_len > SPI_REUSE_DELAY ||
			(this->fifo_len && this->next >= this->size))
		{
			off = fifo_pop(this);
		}
		else if (this->next < this->size)
		{
			off = this->next++;
			bits_reserve(this, off);
		}
		else
		{
			this->mutex->unlock(this->mutex);
			DBG1(DBG_KNL, "all %llu SPIs of 0x%08x..0x%08x allocated",
				 (unsigned long long)this->size, this->min,
				 (uint32_t)(this->min + this->size - 1));
			return FALSE;
		}
		bit_set(this, off, TRUE);
		*spi = this->min + (uint32_t)((off + this->start) % this->size);
		if (!this->reserved ||
			!this->reserved->get(this->reserved, (void*)(uintptr_t)*spi))
		{
			break;
		}
		/* its bit stays set: never released, never handed out */
		DBG2(DBG_KNL, "SPI 0x%08x skipped, an SA left by a previous charon "
			 "may still use it", *spi);
	}
	this->count++;
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(imsaka_spi_allocator_t, release, bool,
	private_imsaka_spi_allocator_t *this, uint32_t spi)
{
	uint64_t off;

	this->mutex->lock(this->mutex);
	off = ((uint64_t)spi - this->min + this->size - this->start) % this->size;
	if (spi < this->min || (uint64_t)spi - this->min >= this->size ||
		off >= this->next || !bit_get(this, off) ||
		(this->reserved &&
		 this->reserved->get(this->reserved, (void*)(uintptr_t)spi)))
	{
		this->mutex->unlock(this->mutex);
		/* a caller bug, but one that must not hand out an SPI twice */
		DBG1(DBG_KNL, "refusing to release SPI 0x%08x, it is not "
			 "allocated (released twice or never allocated)", spi);
		return FALSE;
	}
	bit_set(this, off, FALSE);
	fifo_push(this, (uint32_t)off);
	this->count--;
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(imsaka_spi_allocator_t, reserve, void,
	private_imsaka_spi_allocator_t *this, uint32_t spi)
{
	if (spi < this->min || (uint64_t)spi - this->min >= this->size)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	if (!this->reserved)
	{
		this->reserved = hashtable_create(hashtable_hash_ptr,
										  hashtable_equals_ptr, 8);
	}
	this->reserved->put(this->reserved, (void*)(uintptr_t)spi,
						(void*)(uintptr_t)spi);
	this->mutex->unlock(this->mutex);
}

METHOD(imsaka_spi_allocator_t, count, u_int,
	private_imsaka_spi_allocator_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->count;
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(imsaka_spi_allocator_t, destroy, void,
	private_imsaka_spi_allocator_t *this)
{
	DESTROY_IF(this->reserved);
	this->mutex->destroy(this->mutex);
	free(this->bits);
	free(this->fifo);
	free(this);
}

/*
 * Described in header
 */
imsaka_spi_allocator_t *imsaka_spi_allocator_create(uint32_t min, uint32_t max,
													uint32_t start)
{
	private_imsaka_spi_allocator_t *this;

	if (min <= IMSAKA_SPI_RESERVED_MAX || min > max)
	{
		DBG1(DBG_KNL, "invalid SPI range 0x%08x..0x%08x, it must "
			 "start above %u and not be empty", min, max,
			 IMSAKA_SPI_RESERVED_MAX);
		return NULL;
	}

	INIT(this,
		.public = {
			.allocate = _allocate,
			.release = _release,
			.reserve = _reserve,
			.count = _count,
			.destroy = _destroy,
		},
		.min = min,
		.size = (uint64_t)max - min + 1,
		.start = (uint64_t)start % ((uint64_t)max - min + 1),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}

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
 * @defgroup imsaka_spi_allocator imsaka_spi_allocator
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_SPI_ALLOCATOR_H_
#define IMSAKA_SPI_ALLOCATOR_H_

#include <library.h>

typedef struct imsaka_spi_allocator_t imsaka_spi_allocator_t;

/**
 * Lowest SPI the allocator accepts as range start. SPIs 1..255 are reserved
 * by IANA for future use (RFC 4303 section 2.1), 0 means "no SA".
 */
#define IMSAKA_SPI_RESERVED_MAX 255

/**
 * Default start of the local inbound SPI range for IMS AKA SA sets
 * (charon.plugins.imsaka.spi_min).
 *
 * The default range 0x00010000..0x0fffffff keeps clear of the IANA
 * reserved SPIs 0..255 and of charon's own IKE/CHILD_SA range
 * (charon.spi_min 0xc0000000 .. charon.spi_max 0xcfffffff), so SA sets of
 * this plugin never collide with SAs charon negotiates over IKE on the same
 * host. It also stays below 0x80000000, so the values print the same
 * whether a peer parses spi-c/spi-s as a signed or unsigned 32-bit number.
 */
#define IMSAKA_SPI_MIN_DEFAULT 0x00010000

/**
 * Default end of the local inbound SPI range, inclusive
 * (charon.plugins.imsaka.spi_max), see IMSAKA_SPI_MIN_DEFAULT.
 */
#define IMSAKA_SPI_MAX_DEFAULT 0x0fffffff

/**
 * Allocator of unique local inbound SPIs (spi-c, spi-s of an IMS AKA SA set).
 *
 * Allocation and release are O(1). Released SPIs are handed out again
 * oldest first (FIFO), so an SPI just released is reused as late as
 * possible while packets for its old SA may still be in flight; otherwise
 * the next never used SPI of the range is taken. Memory is proportional to
 * the largest number of SPIs allocated at the same time (one bit per SPI
 * plus four bytes per released SPI waiting for reuse), not to the range
 * size. All methods are thread-safe.
 */
struct imsaka_spi_allocator_t {

	/**
	 * Allocate an SPI, unique among all SPIs allocated and not released.
	 *
	 * @param spi		receives the SPI, in host order
	 * @return			FALSE if every SPI of the range is allocated
	 */
	bool (*allocate)(imsaka_spi_allocator_t *this, uint32_t *spi);

	/**
	 * Release an SPI for reuse.
	 *
	 * A double release, the release of an SPI that was never allocated or
	 * of a reserved one is logged and refused, leaving the allocator
	 * unchanged.
	 *
	 * @param spi		SPI returned by allocate(), in host order
	 * @return			TRUE if released, FALSE if spi was not allocated
	 */
	bool (*release)(imsaka_spi_allocator_t *this, uint32_t spi);

	/**
	 * Keep an SPI from ever being handed out: one an SA a previous charon
	 * installed may still use in the kernel (its removal failed). Meant for
	 * SPIs not allocated now, before the first allocate(); an SPI outside
	 * the range is ignored.
	 *
	 * @param spi		SPI, in host order
	 */
	void (*reserve)(imsaka_spi_allocator_t *this, uint32_t spi);

	/**
	 * Number of SPIs allocated and not yet released.
	 *
	 * @return			count
	 */
	u_int (*count)(imsaka_spi_allocator_t *this);

	/**
	 * Destroy the allocator.
	 */
	void (*destroy)(imsaka_spi_allocator_t *this);
};

/**
 * Create an allocator over the SPI range [min, max].
 *
 * The caller reads charon.plugins.imsaka.spi_min and spi_max, with the
 * defaults IMSAKA_SPI_MIN_DEFAULT and IMSAKA_SPI_MAX_DEFAULT.
 *
 * @param min		first SPI of the range, > IMSAKA_SPI_RESERVED_MAX
 * @param max		last SPI of the range, inclusive, >= min
 * @param start		where in the range to begin (taken modulo its size);
 *					the plugin passes a random value so that independent
 *					hosts rarely choose the same SPIs
 * @return			allocator, NULL (and a DBG1 line) for an invalid range
 */
imsaka_spi_allocator_t *imsaka_spi_allocator_create(uint32_t min, uint32_t max,
													uint32_t start);

#endif /** IMSAKA_SPI_ALLOCATOR_H_ @}*/

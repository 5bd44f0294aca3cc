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

#include <check.h>

#include <library.h>
#include <threading/thread.h>

#include "imsaka_spi_allocator.h"
#include "test_library.h"


static imsaka_spi_allocator_t *spis;

/**
 * Create an allocator of [min, max] and allocate every SPI of it, asserting
 * each is in range and new, and that none is left
 */
static void create_full(uint32_t min, uint32_t max)
{
	uint64_t size = (uint64_t)max - min + 1, i;
	uint8_t *seen;
	uint32_t spi;

	spis = imsaka_spi_allocator_create(min, max, 0);
	ck_assert(spis);
	seen = calloc(size, 1);
	for (i = 0; i < size; i++)
	{
		ck_assert(spis->allocate(spis, &spi));
		ck_assert(spi >= min && spi <= max);
		ck_assert_msg(!seen[spi - min], "SPI 0x%08x allocated twice", spi);
		seen[spi - min] = 1;
	}
	free(seen);
	ck_assert_int_eq(spis->count(spis), size);
	ck_assert(!spis->allocate(spis, &spi));
}

/**
 * Allocate an SPI, asserting it is the one expected
 */
static void allocate_next(uint32_t expected)
{
	uint32_t spi;

	ck_assert(spis->allocate(spis, &spi));
	ck_assert_msg(spi == expected, "SPI %u allocated, not %u", spi, expected);
}

static struct {
	uint32_t min;
	uint32_t max;
	bool valid;
} ranges[] = {
	{ IMSAKA_SPI_MIN_DEFAULT, IMSAKA_SPI_MAX_DEFAULT, TRUE },
	{ 256, 256, TRUE },
	{ 0xffffff00, 0xffffffff, TRUE },
	{ 0, 100, FALSE },
	{ 1, 0xffffffff, FALSE },
	{ 255, 1000, FALSE },
	{ 2000, 1999, FALSE },
};

START_TEST(test_create)
{
	spis = imsaka_spi_allocator_create(ranges[_i].min, ranges[_i].max, 0);
	ck_assert(!spis == !ranges[_i].valid);
	if (spis)
	{
		ck_assert_int_eq(spis->count(spis), 0);
		spis->destroy(spis);
	}
}
END_TEST

START_TEST(test_default_range)
{
	/* clear of IANA's reserved SPIs and of charon's own spi_min/spi_max */
	ck_assert(IMSAKA_SPI_MIN_DEFAULT > IMSAKA_SPI_RESERVED_MAX);
	ck_assert(IMSAKA_SPI_MIN_DEFAULT <= IMSAKA_SPI_MAX_DEFAULT);
	ck_assert(IMSAKA_SPI_MAX_DEFAULT < 0xc0000000);
}
END_TEST

START_TEST(test_exhaust)
{
	uint32_t spi;

	create_full(1000, 1015);
	ck_assert(!spis->allocate(spis, &spi));
	ck_assert_int_eq(spis->count(spis), 16);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_exhaust_top)
{
	/* the range ends at the largest SPI, its size needs 64 bits inside */
	create_full(0xffffff00, 0xffffffff);
	ck_assert(spis->release(spis, 0xffffffff));
	allocate_next(0xffffffff);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_release_reuse)
{
	uint32_t spi;

	create_full(1000, 1015);
	ck_assert(spis->release(spis, 1003));
	ck_assert(spis->release(spis, 1010));
	ck_assert(spis->release(spis, 1000));
	ck_assert_int_eq(spis->count(spis), 13);
	/* released SPIs come back oldest first */
	allocate_next(1003);
	allocate_next(1010);
	allocate_next(1000);
	ck_assert(!spis->allocate(spis, &spi));
	ck_assert_int_eq(spis->count(spis), 16);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_reuse_delayed)
{
	uint32_t a, b, spi;
	int i;

	spis = imsaka_spi_allocator_create(IMSAKA_SPI_MIN_DEFAULT,
									   IMSAKA_SPI_MAX_DEFAULT, 0);
	ck_assert(spis->allocate(spis, &a));
	ck_assert(spis->allocate(spis, &b));
	ck_assert_int_eq(a, IMSAKA_SPI_MIN_DEFAULT);
	ck_assert_int_eq(b, IMSAKA_SPI_MIN_DEFAULT + 1);
	ck_assert(spis->release(spis, a));
	/* a released SPI is not handed out again at once */
	allocate_next(IMSAKA_SPI_MIN_DEFAULT + 2);
	/* only after 256 more were released */
	for (i = 0; i < 256; i++)
	{
		ck_assert(spis->allocate(spis, &spi));
		ck_assert(spi != a);
		ck_assert(spis->release(spis, spi));
	}
	allocate_next(a);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_double_release)
{
	uint32_t spi, first;

	spis = imsaka_spi_allocator_create(1000, 1003, 0);
	ck_assert(spis->allocate(spis, &first));
	ck_assert(spis->allocate(spis, &spi));
	ck_assert(spis->release(spis, first));
	ck_assert(!spis->release(spis, first));
	ck_assert(!spis->release(spis, first));
	ck_assert_int_eq(spis->count(spis), 1);
	/* fresh SPIs first; once the range is used up, the released one, and
	 * the refused releases left no second copy to hand out */
	allocate_next(1002);
	allocate_next(1003);
	allocate_next(first);
	ck_assert(!spis->allocate(spis, &spi));
	ck_assert_int_eq(spis->count(spis), 4);
	spis->destroy(spis);
}
END_TEST

static uint32_t never_allocated[] = {
	0, 1, 255, 999, 1002, 1003, 1004, 0x7fffffff, 0xffffffff,
};

START_TEST(test_release_unallocated)
{
	uint32_t spi;

	spis = imsaka_spi_allocator_create(1000, 1003, 0);
	ck_assert(spis->allocate(spis, &spi));
	ck_assert(spis->allocate(spis, &spi));
	/* below, inside (never handed out) and above the range */
	ck_assert(!spis->release(spis, never_allocated[_i]));
	ck_assert_int_eq(spis->count(spis), 2);
	allocate_next(1002);
	allocate_next(1003);
	ck_assert(!spis->allocate(spis, &spi));
	spis->destroy(spis);
}
END_TEST

#define THREADS 8
#define PER_THREAD 5000

/**
 * Allocate PER_THREAD SPIs, releasing every third one again, so the
 * threads race on both the FIFO and the fresh counter
 */
static void *alloc_thread(uint32_t *held)
{
	uint32_t spi;
	int i, n = 0;

	for (i = 0; i < PER_THREAD; i++)
	{
		if (!spis->allocate(spis, &spi))
		{
			return NULL;
		}
		if (i % 3 == 2)
		{
			if (!spis->release(spis, spi))
			{
				return NULL;
			}
			continue;
		}
		held[n++] = spi;
	}
	return held;
}

static int cmp_spi(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;

	return x < y ? -1 : x > y;
}

START_TEST(test_threads)
{
	thread_t *threads[THREADS];
	uint32_t *held;
	int i, kept = PER_THREAD - PER_THREAD / 3;

	spis = imsaka_spi_allocator_create(IMSAKA_SPI_MIN_DEFAULT,
									   IMSAKA_SPI_MAX_DEFAULT, 0);
	held = calloc(THREADS * PER_THREAD, sizeof(uint32_t));
	for (i = 0; i < THREADS; i++)
	{
		threads[i] = thread_create((thread_main_t)alloc_thread,
								   held + i * kept);
		ck_assert(threads[i]);
	}
	for (i = 0; i < THREADS; i++)
	{
		ck_assert(threads[i]->join(threads[i]));
	}
	ck_assert_int_eq(spis->count(spis), THREADS * kept);
	qsort(held, THREADS * kept, sizeof(uint32_t), cmp_spi);
	for (i = 1; i < THREADS * kept; i++)
	{
		ck_assert_msg(held[i - 1] != held[i], "SPI 0x%08x held twice",
					  held[i]);
	}
	for (i = 0; i < THREADS * kept; i++)
	{
		ck_assert(spis->release(spis, held[i]));
	}
	ck_assert_int_eq(spis->count(spis), 0);
	free(held);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_start_rotates)
{
	imsaka_spi_allocator_t *spis;
	uint32_t spi, seen[16];
	int i, j;

	/* start 21 on a 16-SPI range begins at offset 5 and wraps to min */
	spis = imsaka_spi_allocator_create(1000, 1015, 21);
	ck_assert(spis);
	for (i = 0; i < 16; i++)
	{
		ck_assert(spis->allocate(spis, &seen[i]));
		ck_assert_int_eq(seen[i], 1000 + (5 + i) % 16);
		for (j = 0; j < i; j++)
		{
			ck_assert_int_ne(seen[i], seen[j]);
		}
	}
	ck_assert(!spis->allocate(spis, &spi));
	/* release works across the wrap, foreign SPIs are still refused */
	ck_assert(spis->release(spis, 1003));
	ck_assert(spis->release(spis, 1015));
	ck_assert(!spis->release(spis, 1003));
	ck_assert(!spis->release(spis, 1016));
	ck_assert(!spis->release(spis, 999));
	ck_assert(spis->allocate(spis, &spi));
	ck_assert_int_eq(spi, 1003);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_reserved_skipped)
{
	uint32_t spi, i;

	/* SPIs an SA left by a previous charon may hold: never handed out,
	 * neither fresh nor after a release; one outside the range is ignored */
	spis = imsaka_spi_allocator_create(1000, 1015, 0);
	ck_assert(spis);
	spis->reserve(spis, 1001);
	spis->reserve(spis, 1015);
	spis->reserve(spis, 2000);
	for (i = 0; i < 14; i++)
	{
		ck_assert(spis->allocate(spis, &spi));
		ck_assert_msg(spi != 1001 && spi != 1015, "reserved SPI %u "
					  "allocated", spi);
	}
	ck_assert_int_eq(spis->count(spis), 14);
	ck_assert(!spis->allocate(spis, &spi));
	ck_assert(!spis->release(spis, 1001));
	ck_assert(spis->release(spis, 1000));
	allocate_next(1000);
	spis->destroy(spis);
}
END_TEST

Suite *spi_allocator_suite_create(void)
{
	test_entry_t tests[] = {
		{ "create", test_create, countof(ranges) },
		{ "create", test_default_range },
		{ "allocate", test_exhaust },
		{ "allocate", test_exhaust_top },
		{ "allocate", test_release_reuse },
		{ "allocate", test_reuse_delayed },
		{ "misuse", test_double_release },
		{ "misuse", test_start_rotates },
		{ "misuse", test_release_unallocated, countof(never_allocated) },
		{ "reserved", test_reserved_skipped },
		{ "threads", test_threads },
	};

	return test_suite_create("imsaka spi allocator", test_library_setup,
							 test_library_teardown, tests, countof(tests));
}

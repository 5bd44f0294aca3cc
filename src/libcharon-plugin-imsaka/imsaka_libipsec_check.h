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
 * @defgroup imsaka_libipsec_check imsaka_libipsec_check
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_LIBIPSEC_CHECK_H_
#define IMSAKA_LIBIPSEC_CHECK_H_

#include <library.h>

/**
 * Environment variable making the check see a libipsec it was not built
 * for, for tests: "build-id" (another build ID is expected) or "layout"
 * (ipsec_sa_t is expected to have one method more). It can only make the
 * check fail.
 */
#define IMSAKA_LIBIPSEC_MISMATCH_ENV "IMSAKA_TEST_LIBIPSEC_MISMATCH"

typedef struct imsaka_libipsec_expect_t imsaka_libipsec_expect_t;

/**
 * What the plugin was built for: the libipsec binary and the layouts of
 * libipsec's headers (which Debian does not package; they come from the
 * strongSwan source the plugin was compiled with).
 */
struct imsaka_libipsec_expect_t {

	/**
	 * GNU build ID of the libipsec installed at build time, lower-case hex;
	 * empty if there was none
	 */
	char build_id[2 * 64 + 1];

	/**
	 * Package and version that libipsec came with, for messages
	 */
	const char *built_for;

	/**
	 * Methods of ipsec_sa_t in the headers
	 */
	u_int sa_methods;

	/**
	 * Methods of esp_context_t in the headers
	 */
	u_int esp_methods;

	/**
	 * Methods of ipsec_sa_mgr_t in the headers
	 */
	u_int mgr_methods;

	/**
	 * Methods of ipsec_processor_t in the headers
	 */
	u_int processor_methods;
};

/**
 * Get what the plugin was built for.
 *
 * @param expect	receives the expectations
 */
void imsaka_libipsec_expect_built(imsaka_libipsec_expect_t *expect);

/**
 * Change expectations so that they no longer match, as a test asks for.
 *
 * @param expect	expectations to change
 * @param mismatch	"build-id" or "layout"
 * @return			FALSE if mismatch is neither
 */
bool imsaka_libipsec_expect_mismatch(imsaka_libipsec_expect_t *expect,
									 const char *mismatch);

/**
 * Check that a loaded libipsec is the one the plugin was built for and has
 * the layouts it assumes, before anything dereferences them.
 *
 * In this order, each step only if the ones before passed: the symbols
 * used are there; the library's GNU build ID (read from its program
 * headers in memory) is the one expected; libipsec is initialised and the
 * method tables of its SA manager and processor have the expected number of
 * entries, all pointing into libipsec's code; then a throwaway SA manager
 * (ipsec_sa_mgr_create(), not the one in use) takes a test SA, and what its
 * ipsec_sa_t and esp_context_t read back through the methods the plugin
 * uses (SPI, reqid, protocol, direction, addresses, sequence numbers,
 * replay check, ICV size) must be what was set, also after update_sa()
 * moved it. A method table is only called through once it was found
 * sound; a throwaway object whose table is not is left unreleased.
 *
 * The test SA uses AES-CBC and HMAC-SHA1-96, which must be available.
 *
 * @param handle	dlopen() handle of libipsec
 * @param expect	what is expected
 * @param why		receives what did not match, if so
 * @param len		size of why
 * @return			TRUE if everything matched
 */
bool imsaka_libipsec_check(void *handle, const imsaka_libipsec_expect_t *expect,
						   char *why, size_t len);

#endif /** IMSAKA_LIBIPSEC_CHECK_H_ @}*/

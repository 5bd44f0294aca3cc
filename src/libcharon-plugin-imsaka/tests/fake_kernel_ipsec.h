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
 * @defgroup fake_kernel_ipsec fake_kernel_ipsec
 * @{ @ingroup imsaka_plugin_tests
 */

#ifndef FAKE_KERNEL_IPSEC_H_
#define FAKE_KERNEL_IPSEC_H_

#include <kernel/kernel_ipsec.h>

typedef struct fake_kernel_ipsec_t fake_kernel_ipsec_t;

/**
 * What the fake kernel interface of the plugin's unit tests holds, counts
 * and is told to refuse. One per test program: charon creates the
 * interface from a constructor without arguments.
 */
struct fake_kernel_ipsec_t {

	/** SAs and policies held (added less deleted) */
	int sas, policies;

	/** add_sa() calls so far, and the one to fail (1: the first, 0: none) */
	int add_sa_calls, add_sa_refuse;

	/** the SPI whose add_sa() / del_sa() fails, 0 for none */
	uint32_t refuse_add_spi, refuse_del_spi;

	/** what del_sa() answers when it does not fail: SUCCESS, or NOT_FOUND
	 * as kernel-libipsec and kernel-netlink do for an SA they lack */
	status_t del_status;

	/** features reported, e.g. KERNEL_REQUIRE_UDP_ENCAPSULATION to look
	 * like kernel-libipsec */
	kernel_feature_t features;

	/** ms each del_sa() takes (a backend slow to remove SAs), 0: none */
	u_int del_sa_delay_ms;

	/** hard lifetime of every SA added, -1 once two differed */
	int64_t sa_life;

	/** one line per call with its SPI ("add-sa <spi>", "del-sa <spi>
	 * <dst> mark=<m> if-id=<i>", "add-policy|del-policy in|out <spi>") */
	char calls[8192];
};

/**
 * The state of the fake, reset by fake_kernel_ipsec_reset()
 */
extern fake_kernel_ipsec_t fake_kernel;

/**
 * Forget every count and refusal, del_sa() answering SUCCESS
 */
void fake_kernel_ipsec_reset();

/**
 * Register the fake as charon's kernel IPsec interface (after
 * libcharon_init()) and reset it
 */
void fake_kernel_ipsec_register();

#endif /** FAKE_KERNEL_IPSEC_H_ @}*/

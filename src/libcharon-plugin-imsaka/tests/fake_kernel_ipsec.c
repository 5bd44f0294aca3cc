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

#include "fake_kernel_ipsec.h"

#include <check.h>
#include <daemon.h>

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

fake_kernel_ipsec_t fake_kernel;

/**
 * Append one line to the call log (cut short when full)
 */
static void log_call(const char *fmt, ...)
{
	size_t len = strlen(fake_kernel.calls);
	va_list args;

	va_start(args, fmt);
	vsnprintf(fake_kernel.calls + len, sizeof(fake_kernel.calls) - len, fmt,
			  args);
	va_end(args);
}

static status_t add_sa(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
					   kernel_ipsec_add_sa_t *data)
{
	log_call("add-sa %u\n", ntohl(id->spi));
	if (++fake_kernel.add_sa_calls == fake_kernel.add_sa_refuse ||
		ntohl(id->spi) == fake_kernel.refuse_add_spi)
	{
		return FAILED;
	}
	if (fake_kernel.add_sa_calls == 1)
	{
		fake_kernel.sa_life = data->lifetime->time.life;
	}
	else if (fake_kernel.sa_life != data->lifetime->time.life)
	{
		fake_kernel.sa_life = -1;
	}
	fake_kernel.sas++;
	return SUCCESS;
}

static status_t update_sa(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
						  kernel_ipsec_update_sa_t *data)
{
	return SUCCESS;
}

static status_t del_sa(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
					   kernel_ipsec_del_sa_t *data)
{
	log_call("del-sa %u %#H mark=%u if-id=%u\n", ntohl(id->spi), id->dst,
			 id->mark.value, id->if_id);
	if (fake_kernel.del_sa_delay_ms)
	{
		usleep(fake_kernel.del_sa_delay_ms * 1000);
	}
	if (ntohl(id->spi) == fake_kernel.refuse_del_spi)
	{
		return FAILED;
	}
	if (fake_kernel.del_status == SUCCESS)
	{
		fake_kernel.sas--;
	}
	return fake_kernel.del_status;
}

static status_t query_sa(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
						 kernel_ipsec_query_sa_t *data, uint64_t *bytes,
						 uint64_t *packets, time_t *time)
{
	return NOT_SUPPORTED;
}

static status_t add_policy(kernel_ipsec_t *this, kernel_ipsec_policy_id_t *id,
						   kernel_ipsec_manage_policy_t *data)
{
	log_call("add-policy %s %u\n", id->dir == POLICY_IN ? "in" : "out",
			 ntohl(data->sa->esp.spi));
	fake_kernel.policies++;
	return SUCCESS;
}

static status_t del_policy(kernel_ipsec_t *this, kernel_ipsec_policy_id_t *id,
						   kernel_ipsec_manage_policy_t *data)
{
	log_call("del-policy %s %u\n", id->dir == POLICY_IN ? "in" : "out",
			 ntohl(data->sa->esp.spi));
	fake_kernel.policies--;
	return SUCCESS;
}

static kernel_feature_t get_features(kernel_ipsec_t *this)
{
	return fake_kernel.features;
}

/**
 * Constructor charon calls
 */
static kernel_ipsec_t *fake_kernel_ipsec_create()
{
	kernel_ipsec_t *this;

	INIT(this,
		.get_features = get_features,
		.add_sa = add_sa,
		.update_sa = update_sa,
		.del_sa = del_sa,
		.query_sa = query_sa,
		.add_policy = add_policy,
		.del_policy = del_policy,
		.destroy = (void*)free,
	);
	return this;
}

/*
 * Described in header
 */
void fake_kernel_ipsec_reset()
{
	fake_kernel = (fake_kernel_ipsec_t){
		.del_status = SUCCESS,
	};
}

/*
 * Described in header
 */
void fake_kernel_ipsec_register()
{
	fake_kernel_ipsec_reset();
	ck_assert(charon->kernel->add_ipsec_interface(charon->kernel,
												  fake_kernel_ipsec_create));
}

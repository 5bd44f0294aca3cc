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

/*
 * stats: how many contexts and SA sets the plugin holds, from its own
 * tables only, then the event counters. Unlike list it asks the kernel
 * backend nothing (list reads every SA's counters, which under
 * kernel-libipsec searches its list of all SAs each time), so it answers at
 * once with any number of sets.
 */

#include "imsaka_control_handlers.h"
#include "imsaka_esp_monitor.h"
#include "imsaka_counters.h"

#include <stdio.h>

/**
 * Write " key=value" for every counter, all of them also without counters
 * (zeros), so that the keys are always the same
 */
static void counters_text(imsaka_counters_t *counters, char *buf, size_t size)
{
	imsaka_counter_t which;
	uint64_t value;
	size_t len = 0;
	int written;

	buf[0] = '\0';
	for (which = 0; which < IMSAKA_COUNTER_MAX; which++)
	{
		value = counters ? counters->get(counters, which) : 0;
		written = snprintf(buf + len, size - len, " %s=%llu",
						   enum_to_name(imsaka_counter_names, which),
						   (unsigned long long)value);
		if (written < 0 || (size_t)written >= size - len)
		{	/* sized for every key with a 20-digit value, never cut */
			buf[len] = '\0';
			return;
		}
		len += written;
	}
}

/*
 * Described in header
 */
bool imsaka_control_cmd_stats(imsaka_control_env_t *env,
							  imsaka_control_request_t *req,
							  imsaka_control_reply_t *reply)
{
	u_int roles[2] = {}, sets[IMSAKA_SET_COUNT] = {}, contexts = 0;
	uint64_t esp[IMSAKA_REBIND_ACCEPT + 1];
	char esp_text[128], counts_text[IMSAKA_COUNTER_MAX * 48];
	imsaka_context_slot_t slot;
	enumerator_t *enumerator;
	imsaka_context_t *ctx;
	uint32_t remaining;

	enumerator = env->contexts->create_enumerator(env->contexts);
	while (enumerator->enumerate(enumerator, &ctx))
	{
		contexts++;
		roles[ctx->get_role(ctx) == IMSAKA_CONTEXT_PCSCF]++;
		for (slot = 0; slot < IMSAKA_SET_COUNT; slot++)
		{
			if (ctx->get_set(ctx, slot, &remaining))
			{
				sets[slot]++;
			}
		}
	}
	enumerator->destroy(enumerator);
	counters_text(env->counters, counts_text, sizeof(counts_text));
	esp_text[0] = '\0';
	if (env->monitor)
	{	/* ESP from new sources (kernel-libipsec): rebinds followed, and
		 * what did not move the peer (forged, replayed, not examined) */
		env->monitor->get_counts(env->monitor, esp);
		snprintf(esp_text, sizeof(esp_text), " esp-rebinds=%llu "
				 "esp-unauthentic=%llu esp-replayed=%llu esp-rate-limited=%llu",
				 (unsigned long long)esp[IMSAKA_REBIND_ACCEPT],
				 (unsigned long long)esp[IMSAKA_REBIND_UNAUTHENTIC],
				 (unsigned long long)esp[IMSAKA_REBIND_REPLAYED],
				 (unsigned long long)esp[IMSAKA_REBIND_RATE_LIMITED]);
	}
	/* the counters before the esp-* keys, which stay last as they were */
	imsaka_control_reply_add(reply, "OK contexts=%u ue=%u pcscf=%u "
							 "sets-temp=%u sets-current=%u sets-old=%u%s%s",
							 contexts, roles[0], roles[1],
							 sets[IMSAKA_SET_TEMP], sets[IMSAKA_SET_CURRENT],
							 sets[IMSAKA_SET_OLD], counts_text, esp_text);
	return TRUE;
}

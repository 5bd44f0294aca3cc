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

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "pcscf_counters.h"

typedef struct private_pcscf_counters_t private_pcscf_counters_t;

/**
 * Private data.
 */
struct private_pcscf_counters_t {

	/** public interface */
	pcscf_counters_t public;

	/** values, by pcscf_counter_t */
	uint64_t values[PCSCF_COUNTER_MAX];
};

/**
 * Keys, by pcscf_counter_t; a fixed set that monitoring may rely on
 */
static const char *names[PCSCF_COUNTER_MAX] = {
	[PCSCF_REG_INITIAL] = "reg-initial",
	[PCSCF_REG_REFRESHED] = "reg-refreshed",
	[PCSCF_REG_DEREGISTERED] = "reg-deregistered",
	[PCSCF_REG_EXPIRED] = "reg-expired",
	[PCSCF_REG_FAILED_SECAGREE] = "reg-failed-secagree",
	[PCSCF_REG_FAILED_MALFORMED] = "reg-failed-malformed",
	[PCSCF_REG_FAILED_FORBIDDEN] = "reg-failed-forbidden",
	[PCSCF_REG_FAILED_SCSCF] = "reg-failed-scscf",
	[PCSCF_REG_FAILED_TIMEOUT] = "reg-failed-timeout",
	[PCSCF_REG_FAILED_AUTH_TIMEOUT] = "reg-failed-auth-timeout",
	[PCSCF_REG_FAILED_MECHANISM] = "reg-failed-mechanism",
	[PCSCF_REG_FAILED_INTERNAL] = "reg-failed-internal",
	[PCSCF_REG_FAILED_CAPACITY] = "reg-failed-capacity",
	[PCSCF_SM7_TAMPER_UNPROTECTED] = "sm7-tamper-unprotected",
	[PCSCF_SM7_TAMPER_MALFORMED] = "sm7-tamper-malformed",
	[PCSCF_SM7_TAMPER_CLIENT_CHANGED] = "sm7-tamper-client-changed",
	[PCSCF_SM7_TAMPER_VERIFY_MISMATCH] = "sm7-tamper-verify-mismatch",
	[PCSCF_SM7_TAMPER_NATT_DOWNGRADE] = "sm7-tamper-natt-downgrade",
	[PCSCF_SM7_TAMPER_NATT_HASH] = "sm7-tamper-natt-hash",
	[PCSCF_SM7_TAMPER_NATT_OA] = "sm7-tamper-natt-oa",
	[PCSCF_SM7_TAMPER_NATT_MISSING_OA] = "sm7-tamper-natt-missing-oa",
	[PCSCF_SM7_TAMPER_NATT_INCONSISTENT] = "sm7-tamper-natt-inconsistent",
	[PCSCF_UNPROTECTED_REFUSED] = "unprotected-refused",
	[PCSCF_PROTECTED_REFUSED] = "protected-refused",
	[PCSCF_MECH_IPSEC_3GPP] = "mech-ipsec-3gpp",
	[PCSCF_MECH_TLS_PSK] = "mech-tls-psk",
	[PCSCF_MECH_TLS_AKA] = "mech-tls-aka",
	[PCSCF_CONTROL_ERRORS] = "control-errors",
	[PCSCF_CONTROL_LOST] = "control-lost",
	[PCSCF_OPTIONS_ANSWERED] = "options-answered",
	[PCSCF_OPTIONS_UNAVAILABLE] = "options-unavailable",
	[PCSCF_GAUGE_REGISTRATIONS] = "registrations",
	[PCSCF_GAUGE_HANDSHAKES] = "handshakes-in-flight",
};

/*
 * Described in header
 */
const char *pcscf_counter_name(pcscf_counter_t counter)
{
	return counter < PCSCF_COUNTER_MAX ? names[counter] : NULL;
}

METHOD(pcscf_counters_t, inc, void,
	private_pcscf_counters_t *this, pcscf_counter_t counter)
{
	if (counter < PCSCF_COUNTER_MAX)
	{
		this->values[counter]++;
	}
}

METHOD(pcscf_counters_t, sm7_tamper, void,
	private_pcscf_counters_t *this, imsaka_secagree_err_t code)
{
	pcscf_counter_t counter;

	switch (code)
	{
		case IMSAKA_SECAGREE_OK:
			/* the checks passed: the protection was wrong */
			counter = PCSCF_SM7_TAMPER_UNPROTECTED;
			break;
		case IMSAKA_SECAGREE_ERR_CLIENT_CHANGED:
			counter = PCSCF_SM7_TAMPER_CLIENT_CHANGED;
			break;
		case IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH:
			counter = PCSCF_SM7_TAMPER_VERIFY_MISMATCH;
			break;
		case IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE:
			counter = PCSCF_SM7_TAMPER_NATT_DOWNGRADE;
			break;
		case IMSAKA_SECAGREE_ERR_NATT_HASH:
			counter = PCSCF_SM7_TAMPER_NATT_HASH;
			break;
		case IMSAKA_SECAGREE_ERR_NATT_OA:
			counter = PCSCF_SM7_TAMPER_NATT_OA;
			break;
		case IMSAKA_SECAGREE_ERR_NATT_MISSING_OA:
			counter = PCSCF_SM7_TAMPER_NATT_MISSING_OA;
			break;
		case IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT:
			counter = PCSCF_SM7_TAMPER_NATT_INCONSISTENT;
			break;
		default:
			/* the grammar's codes: a header that does not parse */
			counter = PCSCF_SM7_TAMPER_MALFORMED;
			break;
	}
	this->values[counter]++;
}

METHOD(pcscf_counters_t, control_failed, void,
	private_pcscf_counters_t *this, const char *reply)
{
	/* "lost" is the code the control pipeline gives requests without a
	 * reply; the plugin's own codes are others */
	if (!reply[0] || !strncmp(reply, "ERR lost", strlen("ERR lost")) ||
		strncmp(reply, "ERR", 3))
	{
		this->values[PCSCF_CONTROL_LOST]++;
	}
	else
	{
		this->values[PCSCF_CONTROL_ERRORS]++;
	}
}

METHOD(pcscf_counters_t, mechanism, void,
	private_pcscf_counters_t *this, imsaka_secagree_mech_t mech)
{
	switch (mech)
	{
		case IMSAKA_SECAGREE_MECH_IPSEC_3GPP:
			this->values[PCSCF_MECH_IPSEC_3GPP]++;
			break;
		case IMSAKA_SECAGREE_MECH_TLS_PSK:
			this->values[PCSCF_MECH_TLS_PSK]++;
			break;
		case IMSAKA_SECAGREE_MECH_TLS_AKA:
			this->values[PCSCF_MECH_TLS_AKA]++;
			break;
		default:
			/* the P-CSCF agrees on no other */
			break;
	}
}

METHOD(pcscf_counters_t, set, void,
	private_pcscf_counters_t *this, pcscf_counter_t counter, uint64_t value)
{
	if (counter < PCSCF_COUNTER_MAX)
	{
		this->values[counter] = value;
	}
}

METHOD(pcscf_counters_t, get, uint64_t,
	private_pcscf_counters_t *this, pcscf_counter_t counter)
{
	return counter < PCSCF_COUNTER_MAX ? this->values[counter] : 0;
}

METHOD(pcscf_counters_t, print, bool,
	private_pcscf_counters_t *this, char *buf, size_t size)
{
	size_t pos = 0;
	int i, len;

	if (!size)
	{
		return false;
	}
	buf[0] = '\0';
	for (i = 0; i < PCSCF_COUNTER_MAX; i++)
	{
		len = snprintf(buf + pos, size - pos, "%s%s=%" PRIu64, i ? " " : "",
					   names[i], this->values[i]);
		if (len < 0 || (size_t)len >= size - pos)
		{
			buf[pos] = '\0';
			return false;
		}
		pos += len;
	}
	return true;
}

METHOD(pcscf_counters_t, destroy, void,
	private_pcscf_counters_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_counters_t *pcscf_counters_create(void)
{
	private_pcscf_counters_t *this;

	INIT(this,
		.public = {
			.inc = _inc,
			.sm7_tamper = _sm7_tamper,
			.control_failed = _control_failed,
			.mechanism = _mechanism,
			.set = _set,
			.get = _get,
			.print = _print,
			.destroy = _destroy,
		},
	);
	return &this->public;
}

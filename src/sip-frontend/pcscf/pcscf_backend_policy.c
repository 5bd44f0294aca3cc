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

#include "pcscf_backend_policy.h"
#include "pcscf_policy.h"

#include <stdio.h>
#include <stdlib.h>

#include <library.h>

/** longest list of modes or pairs logged */
#define CAPS_TEXT_MAX 512

typedef struct private_pcscf_backend_policy_t private_pcscf_backend_policy_t;

/**
 * Private data.
 */
struct private_pcscf_backend_policy_t {

	/** public interface */
	pcscf_backend_policy_t public;

	/** configured policy */
	const imsaka_secagree_list_t *configured;

	/** the plugin */
	pcscf_control_client_t *control;

	/** configured policy less what the backend cannot install */
	imsaka_secagree_list_t restricted;

	/** whether restricted is in use (charon told its backend) */
	bool known;

	/** the 494's Security-Server for a UE behind a NAT */
	imsaka_secagree_list_t across_nat;
};

/**
 * Append ",name" to a text, silently cut when full
 */
static void append(char *buf, size_t len, const char *name)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used ? "," : "", name);
}

/**
 * Log what the backend can do and what it means for the policy
 */
static void log_caps(const control_caps_t *caps, int kept, int dropped)
{
	char mods[CAPS_TEXT_MAX] = "";
	imsaka_secagree_mod_t mod;

	for (mod = 0; mod < IMSAKA_SECAGREE_MOD_COUNT; mod++)
	{
		if (caps->mods & (1 << mod))
		{
			append(mods, sizeof(mods), imsaka_secagree_mod_name(mod));
		}
	}
	if (!dropped)
	{
		DBG1(DBG_CFG, "charon's %s installs mod=%s: all %d ipsec-3gpp "
			 "entries of the policy offered", caps->backend,
			 mods[0] ? mods : "none", kept);
	}
	else if (!(caps->mods & (1 << IMSAKA_SECAGREE_MOD_TRANS)))
	{
		DBG1(DBG_CFG, "charon's %s installs mod=%s only: %d of %d ipsec-3gpp "
			 "entries of the policy left out; phones offer mod=trans, which "
			 "needs kernel-netlink", caps->backend, mods[0] ? mods : "none",
			 dropped, kept + dropped);
	}
	else
	{
		DBG1(DBG_CFG, "charon's %s installs mod=%s but not every alg/ealg "
			 "pair: %d of %d ipsec-3gpp entries of the policy left out",
			 caps->backend, mods[0] ? mods : "none", dropped, kept + dropped);
	}
	if (!kept && dropped)
	{
		DBG1(DBG_CFG, "no ipsec-3gpp entry of the policy can be installed: "
			 "every ipsec-3gpp SM1 is answered 494");
	}
}

METHOD(pcscf_backend_policy_t, get, const imsaka_secagree_list_t*,
	private_pcscf_backend_policy_t *this)
{
	control_caps_t caps;
	int kept, dropped;
	bool fresh;

	if (!this->control->caps(this->control, &caps, &fresh))
	{
		return this->configured;
	}
	if (fresh)
	{
		kept = pcscf_policy_restrict(this->configured, &caps,
									 &this->restricted, &dropped);
		log_caps(&caps, kept, dropped);
		this->known = true;
	}
	return this->known ? &this->restricted : this->configured;
}

METHOD(pcscf_backend_policy_t, refusal, const imsaka_secagree_list_t*,
	private_pcscf_backend_policy_t *this, imsaka_nat_t nat)
{
	const imsaka_secagree_list_t *policy = get(this);

	if (nat == IMSAKA_NAT_NONE)
	{
		return policy;
	}
	pcscf_policy_across_nat(policy, &this->across_nat);
	return &this->across_nat;
}

METHOD(pcscf_backend_policy_t, destroy, void,
	private_pcscf_backend_policy_t *this)
{
	free(this);
}

/*
 * Described in header
 */
pcscf_backend_policy_t *pcscf_backend_policy_create(
							const imsaka_secagree_list_t *configured,
							pcscf_control_client_t *control)
{
	private_pcscf_backend_policy_t *this;

	INIT(this,
		.public = {
			.get = _get,
			.refusal = _refusal,
			.destroy = _destroy,
		},
		.configured = configured,
		.control = control,
	);
	return &this->public;
}

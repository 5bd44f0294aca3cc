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
 * libFuzzer target: Security-Client/-Server/-Verify values. Every input
 * that parses must print, parse again to the same model, and go through
 * negotiation and the SM7 checks without fault.
 */

#include <secagree.h>
#include <secagree_natt.h>
#include <secagree_negotiate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** a P-CSCF policy to negotiate against */
static const char policy_text[] =
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;q=0.9, ipsec-3gpp;q=0.5, "
	"tls-aka;cs=1301.1302;q=0.7, tls-psk;q=0.1, digest;d-alg=md5";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static imsaka_secagree_list_t list, again, policy;
	static char out[2 * IMSAKA_SECAGREE_MAX_TEXT];
	imsaka_secagree_choice_t choice;
	size_t len;
	unsigned int i;

	imsaka_secagree_list_init(&list);
	if (imsaka_secagree_list_parse(&list, (const char *)data, size) != IMSAKA_SECAGREE_OK)
	{
		return 0;
	}
	if (imsaka_secagree_list_build(&list, out, sizeof(out), &len) != IMSAKA_SECAGREE_OK)
	{
		fprintf(stderr, "parsed list does not print\n");
		abort();
	}
	if (len > IMSAKA_SECAGREE_MAX_TEXT)
	{
		return 0;	/* ", " between entries may grow a full header */
	}
	imsaka_secagree_list_init(&again);
	if (imsaka_secagree_list_parse(&again, out, len) != IMSAKA_SECAGREE_OK ||
		!imsaka_secagree_list_equals(&list, &again, 0) ||
		!imsaka_secagree_list_equals(&again, &list, 0))
	{
		fprintf(stderr, "round trip differs: '%.*s' -> '%s'\n", (int)size,
				(const char *)data, out);
		abort();
	}
	for (i = 0; i < list.count; i++)
	{
		if (!imsaka_secagree_entry_equals(&list, &list.entries[i], &again,
									&again.entries[i], 0))
		{
			abort();
		}
	}
	imsaka_secagree_list_init(&policy);
	imsaka_secagree_list_parse(&policy, policy_text, strlen(policy_text));
	for (i = 0; i < 4; i++)
	{
		if (imsaka_secagree_negotiate(&list, &policy, i, &choice) == IMSAKA_SECAGREE_OK &&
			(choice.client >= list.count || choice.server >= policy.count))
		{
			abort();
		}
	}
	if (imsaka_secagree_ue_select(&list, &again, &choice) == IMSAKA_SECAGREE_OK &&
		(choice.client >= list.count || choice.server >= again.count))
	{
		abort();
	}
	/* unchanged headers never look tampered with, apart from the OA
	 * values, which must match the hashes */
	switch (imsaka_secagree_check_sm7(&list, &list, &again, &again))
	{
		case IMSAKA_SECAGREE_OK:
		case IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT:
		case IMSAKA_SECAGREE_ERR_NATT_OA:
		case IMSAKA_SECAGREE_ERR_NATT_MISSING_OA:
			break;
		default:
			fprintf(stderr, "identical headers fail the SM7 check\n");
			abort();
	}
	return 0;
}

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
 * libFuzzer target: WWW-Authenticate / Authorization values of Digest AKA,
 * as a challenge and as credentials. Parsed headers must print and parse
 * to the same model, also after ck and ik were stripped.
 */

#include <digest_header.h>

#include <stdio.h>
#include <stdlib.h>

static void round_trip(imsaka_digest_kind_t kind, const uint8_t *data,
					   size_t size)
{
	static imsaka_digest_t hdr, again;
	static char out[2 * IMSAKA_DIGEST_MAX_TEXT];
	const char *value;
	size_t len;
	int i;

	if (imsaka_digest_parse(&hdr, kind, (const char *)data, size) !=
		IMSAKA_SECAGREE_OK)
	{
		return;
	}
	for (i = 0; i < 2; i++)
	{
		if (imsaka_digest_build(&hdr, out, sizeof(out), &len) != IMSAKA_SECAGREE_OK)
		{
			abort();
		}
		if (len > IMSAKA_DIGEST_MAX_TEXT)
		{
			break;	/* ", " between parameters may grow a full header */
		}
		if (imsaka_digest_parse(&again, kind, out, len) != IMSAKA_SECAGREE_OK ||
			!imsaka_digest_equals(&hdr, &again))
		{
			fprintf(stderr, "round trip differs: '%s'\n", out);
			abort();
		}
		imsaka_digest_get(&hdr, IMSAKA_DIGEST_NONCE, &value, &len);
		imsaka_digest_strip_keys(&hdr);
	}
	imsaka_digest_wipe(&hdr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	round_trip(IMSAKA_DIGEST_CHALLENGE, data, size);
	round_trip(IMSAKA_DIGEST_CREDENTIALS, data, size);
	return 0;
}

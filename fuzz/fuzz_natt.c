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
 * libFuzzer target: the NAT-T extension parameters. The input is appended
 * as parameters to an ipsec-3gpp entry; the first line of it is also tried
 * as an address (OA value). Parsed values must round-trip, and detection
 * and the SM7/SM12 checks must run without fault.
 */

#include <nat_detect.h>
#include <secagree.h>
#include <secagree_natt.h>
#include <secagree_negotiate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char prefix[] =
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;spi-c=1111;spi-s=2222;"
	"port-c=5062;port-s=5064;";

/** address text: parse, print, parse must give the same */
static void check_addr(const uint8_t *data, size_t size)
{
	char buf[IMSAKA_ADDR_STRLEN];
	imsaka_addr_t a, b;
	size_t len;

	len = memchr(data, '\n', size) ? (size_t)((uint8_t *)memchr(data, '\n',
											  size) - data) : size;
	if (imsaka_addr_parse((const char *)data, len, false, &a) != IMSAKA_SECAGREE_OK)
	{
		return;
	}
	len = imsaka_addr_format(&a, buf, sizeof(buf));
	if (!len || imsaka_addr_parse(buf, len, false, &b) != IMSAKA_SECAGREE_OK ||
		!imsaka_addr_equals(&a, &b))
	{
		fprintf(stderr, "address round trip differs: '%s'\n", buf);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static imsaka_secagree_list_t list, again;
	static char text[IMSAKA_SECAGREE_MAX_TEXT + sizeof(prefix)];
	static char out[2 * IMSAKA_SECAGREE_MAX_TEXT];
	imsaka_addr_t ue, pcscf;
	imsaka_nat_t nat;
	size_t len;

	check_addr(data, size);
	if (size > IMSAKA_SECAGREE_MAX_TEXT)
	{
		return 0;
	}
	memcpy(text, prefix, sizeof(prefix) - 1);
	memcpy(text + sizeof(prefix) - 1, data, size);
	imsaka_secagree_list_init(&list);
	if (imsaka_secagree_list_parse(&list, text, sizeof(prefix) - 1 + size) !=
		IMSAKA_SECAGREE_OK)
	{
		return 0;
	}
	if (imsaka_secagree_list_build(&list, out, sizeof(out), &len) != IMSAKA_SECAGREE_OK)
	{
		abort();
	}
	if (len > IMSAKA_SECAGREE_MAX_TEXT)
	{
		return 0;
	}
	imsaka_secagree_list_init(&again);
	if (imsaka_secagree_list_parse(&again, out, len) != IMSAKA_SECAGREE_OK ||
		!imsaka_secagree_list_equals(&list, &again, 0))
	{
		fprintf(stderr, "round trip differs: '%s'\n", out);
		abort();
	}
	imsaka_addr_parse("192.0.2.1:5060", 14, true, &ue);
	imsaka_addr_parse("[2001:db8::1]:5060", 18, true, &pcscf);
	if (imsaka_secagree_natt_detect_pcscf(&list, &ue, &pcscf, &nat) &&
		(unsigned)nat > IMSAKA_NAT_BOTH)
	{
		abort();
	}
	if (imsaka_secagree_natt_detect_ue(&list, &again, &ue, &pcscf, &nat) &&
		(unsigned)nat > IMSAKA_NAT_BOTH)
	{
		abort();
	}
	imsaka_secagree_check_sm7(&list, &again, &again, &list);
	imsaka_secagree_natt_check_sm12(&list, &again, &list);
	/* adding the extension to anything parsed must print and parse */
	if (imsaka_secagree_natt_add_sm1(&again, &ue, &pcscf) == IMSAKA_SECAGREE_OK)
	{
		imsaka_secagree_natt_add_sm7(&again, &ue, &pcscf);
		switch (imsaka_secagree_list_build(&again, out, sizeof(out), &len))
		{
			case IMSAKA_SECAGREE_OK:
				break;
			case IMSAKA_SECAGREE_ERR_TOO_MANY_PARAMS:
				return 0;	/* refused rather than printed unparsable */
			default:
				abort();
		}
		if (len > IMSAKA_SECAGREE_MAX_TEXT)
		{
			return 0;
		}
		imsaka_secagree_list_init(&list);
		if (imsaka_secagree_list_parse(&list, out, len) != IMSAKA_SECAGREE_OK ||
			!imsaka_secagree_list_equals(&list, &again, 0))
		{
			fprintf(stderr, "extension round trip differs: '%s'\n", out);
			abort();
		}
	}
	return 0;
}

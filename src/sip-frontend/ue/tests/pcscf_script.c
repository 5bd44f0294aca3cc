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

#include "pcscf_script.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

#include <secagree_natt.h>
#include <sip_message.h>

static osip_message_t *parse(const char *text)
{
	osip_message_t *msg;

	ck_assert_int_eq(osip_message_init(&msg), OSIP_SUCCESS);
	ck_assert_int_eq(osip_message_parse(msg, text, strlen(text)),
					 OSIP_SUCCESS);
	return msg;
}

static char *print(osip_message_t *msg)
{
	char *text, *copy;
	size_t len;

	ck_assert_int_eq(osip_message_to_str(msg, &text, &len), OSIP_SUCCESS);
	copy = strdup(text);
	osip_free(text);
	return copy;
}

char *pcscf_sm6(pcscf_script_t *p, const char *sm1)
{
	osip_message_t *req = parse(sm1), *resp;
	imsaka_secagree_list_t policy;
	imsaka_secagree_choice_t choice;
	imsaka_nat_t via_nat, hash_nat = IMSAKA_NAT_NONE;
	const char *pol = p->prefer_trans ? "ipsec-3gpp;mod=trans, "
										"ipsec-3gpp;mod=UDP-enc-tun"
									  : "ipsec-3gpp;mod=UDP-enc-tun, "
										"ipsec-3gpp;mod=trans";
	char *text;

	ck_assert(imsaka_sip_via_received(req, p->via.family ? &p->via
														 : &p->source,
									  &via_nat));
	ck_assert_int_eq(imsaka_sip_sec_get(req, IMSAKA_SIP_SECURITY_CLIENT,
										&p->client), IMSAKA_SECAGREE_OK);
	if (p->natp)
	{
		imsaka_secagree_natt_detect_pcscf(&p->client, &p->source, &p->local,
									&hash_nat);
	}
	p->nat = via_nat | hash_nat;
	imsaka_secagree_list_init(&policy);
	ck_assert_int_eq(imsaka_secagree_list_parse(&policy, pol, strlen(pol)),
					 IMSAKA_SECAGREE_OK);
	if (p->tls_aka)
	{
		const imsaka_secagree_entry_t *offer;
		unsigned int i, j;

		for (i = 0; i < p->client.count &&
			 p->client.entries[i].mech != IMSAKA_SECAGREE_MECH_TLS_AKA; i++)
		{
		}
		ck_assert_uint_lt(i, p->client.count);
		offer = &p->client.entries[i];
		imsaka_secagree_entry_init(&p->entry, IMSAKA_SECAGREE_MECH_TLS_AKA);
		for (j = 0; j < offer->suite_count; j++)
		{
			p->entry.suites[j] = offer->suites[offer->suite_count - 1 - j];
		}
		p->entry.suite_count = offer->suite_count;
		memset(p->entry.sid, 0x11, 16);
		p->entry.sid_len = 16;
		p->entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_CS) |
						   IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SID);
		goto server;
	}
	if (p->tls)
	{
		unsigned int i;

		for (i = 0; i < p->client.count &&
			 p->client.entries[i].mech != IMSAKA_SECAGREE_MECH_TLS_PSK; i++)
		{
		}
		ck_assert_uint_lt(i, p->client.count);
		imsaka_secagree_entry_init(&p->entry, IMSAKA_SECAGREE_MECH_TLS_PSK);
		p->entry.suites[0] = p->client.entries[i].suites[0];
		p->entry.suite_count = 1;
		memset(p->entry.sid, 0x11, 16);
		p->entry.sid_len = 16;
		p->entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_CS) |
						   IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SID);
		goto server;
	}
	ck_assert_int_eq(imsaka_secagree_negotiate(&p->client, &policy, p->nat,
										 &choice), IMSAKA_SECAGREE_OK);

	imsaka_secagree_entry_init(&p->entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	p->entry.alg = choice.alg;
	p->entry.ealg = choice.ealg;
	p->entry.mod = choice.mod;
	p->entry.spi_c = 2000;
	p->entry.spi_s = 2001;
	p->entry.port_c = 5062;
	p->entry.port_s = 5064;
	p->entry.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_S) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_C) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_S);
	if (p->natp && (p->client.entries[choice.client].present &
					IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_U)))
	{
		ck_assert_int_eq(imsaka_secagree_natt_add_sm6(&p->entry,
							&p->client.entries[choice.client], &p->local,
							&p->source), IMSAKA_SECAGREE_OK);
	}
server:
	imsaka_secagree_list_init(&p->server);
	ck_assert_int_eq(imsaka_secagree_list_add(&p->server, NULL, &p->entry),
					 IMSAKA_SECAGREE_OK);

	resp = imsaka_sip_response(req, 401, "pcscftag");
	ck_assert(resp);
	ck_assert_int_eq(osip_message_set_www_authenticate(resp,
		"Digest realm=\"ims.example.net\", nonce=\"" SCRIPT_NONCE "\", "
		"algorithm=AKAv1-MD5, qop=\"auth\""), OSIP_SUCCESS);
	ck_assert_int_eq(imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
										&p->server), IMSAKA_SECAGREE_OK);
	text = print(resp);
	osip_message_free(resp);
	osip_message_free(req);
	return text;
}

char *pcscf_sm12(pcscf_script_t *p, const char *sm7, uint32_t expires,
				 bool tamper)
{
	osip_message_t *req = parse(sm7), *resp;
	osip_contact_t *contact = NULL;
	imsaka_secagree_list_t list;
	imsaka_secagree_entry_t e = p->entry;
	char *uri, value[512], *text;

	resp = imsaka_sip_response(req, 200, "pcscftag");
	ck_assert(resp);
	ck_assert_int_eq(osip_message_get_contact(req, 0, &contact), 0);
	ck_assert_int_eq(osip_uri_to_str(contact->url, &uri), OSIP_SUCCESS);
	snprintf(value, sizeof(value), "<%s>;expires=%u", uri, expires);
	osip_free(uri);
	ck_assert_int_eq(osip_message_set_contact(resp, value), OSIP_SUCCESS);
	if (p->natp && !p->tls && !p->tls_aka)
	{
		imsaka_secagree_natt_add_sm12(&e, &p->local, NULL);
		if (tamper)
		{
			e.oa_pl.port++;
		}
		imsaka_secagree_list_init(&list);
		ck_assert_int_eq(imsaka_secagree_list_add(&list, NULL, &e), IMSAKA_SECAGREE_OK);
		ck_assert_int_eq(imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
											&list), IMSAKA_SECAGREE_OK);
	}
	text = print(resp);
	osip_message_free(resp);
	osip_message_free(req);
	return text;
}

char *pcscf_response(const char *req_text, int code)
{
	osip_message_t *req = parse(req_text), *resp;
	char *text;

	resp = imsaka_sip_response(req, code, "pcscftag");
	ck_assert(resp);
	text = print(resp);
	osip_message_free(resp);
	osip_message_free(req);
	return text;
}

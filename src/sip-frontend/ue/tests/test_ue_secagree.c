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
 * ue_secagree: the Security-Client of a UE for each order of its
 * mechanisms (entries and q), the hash verdict of an SM6 answering an SM1
 * that went over TCP, and the description of SM6's choice for the log.
 */

#include <stdio.h>
#include <string.h>

#include <library.h>

#include <secagree_natt.h>
#include <sip_message.h>

#include "ue_tests.h"
#include "../ue_secagree.h"

/** the offer of mechanisms = ... (bench config otherwise) */
static void offer_of(ue_config_t *config, const char *mechanisms)
{
	sip_error_t err = {};

	test_config(config);
	ck_assert_msg(ue_config_parse_mechanisms(&config->offer, mechanisms, &err),
				  "%s", err.reason);
}

/** start a set for an offer: SPIs 1000/1001, SM1 from the bench UE to the
 * bench P-CSCF */
static void start(ue_secagree_t *sa, const ue_config_t *config,
				  uint16_t port_c, uint16_t port_s)
{
	imsaka_addr_t from = test_addr("10.1.0.10:5060");
	imsaka_addr_t to = test_addr("192.0.2.20:5060");

	ck_assert(ue_secagree_start(sa, &config->offer, NULL, 1000, 1001, port_c,
								port_s, &from, &to));
}

/** the set takes SM6: a 401 over TCP with rport whose Security-Server is
 * the one entry */
static void sm6(ue_secagree_t *sa, const imsaka_secagree_entry_t *entry,
				uint16_t rport)
{
	imsaka_secagree_list_t server;
	sip_msg_t *resp;
	char text[512];
	sip_error_t err = {};

	imsaka_secagree_list_init(&server);
	ck_assert_int_eq(imsaka_secagree_list_add(&server, NULL, entry),
					 IMSAKA_SECAGREE_OK);
	snprintf(text, sizeof(text),
		"SIP/2.0 401 Unauthorized\r\n"
		"Via: SIP/2.0/TCP 10.1.0.10:5060;branch=z9hG4bK-1;rport=%u\r\n"
		"From: <sip:alice@ims.example.net>;tag=1\r\n"
		"To: <sip:alice@ims.example.net>;tag=2\r\n"
		"Call-ID: 1@10.1.0.10\r\n"
		"CSeq: 1 REGISTER\r\n"
		"Content-Length: 0\r\n\r\n", rport);
	resp = imsaka_sip_parse(text, strlen(text));
	ck_assert(resp);
	ck_assert_int_eq(imsaka_sip_sec_set(resp, IMSAKA_SIP_SECURITY_SERVER,
										&server), IMSAKA_SECAGREE_OK);
	ck_assert_msg(ue_secagree_sm6(sa, resp, &err), "%s", err.reason);
	imsaka_sip_free(resp);
}

/**
 * The Security-Client text without SPIs, ports and NAT-T values: each
 * entry's mechanism, q, alg, ealg, mod and cs, entries joined by ", "
 */
static void skeleton(const imsaka_secagree_list_t *client, char *out, size_t size)
{
	static const char *keep[] = { "q=", "alg=", "ealg=", "mod=", "cs=" };
	char text[4096], *entry, *param, *save_e, *save_p;
	size_t len, used = 0;
	u_int i;
	bool first_param;

	ck_assert_int_eq(imsaka_secagree_list_build(client, text, sizeof(text), &len),
					 IMSAKA_SECAGREE_OK);
	out[0] = '\0';
	for (entry = strtok_r(text, ",", &save_e); entry;
		 entry = strtok_r(NULL, ",", &save_e))
	{
		entry += strspn(entry, " ");
		first_param = true;
		for (param = strtok_r(entry, ";", &save_p); param;
			 param = strtok_r(NULL, ";", &save_p))
		{
			for (i = 0; !first_param && i < countof(keep); i++)
			{
				if (strncmp(param, keep[i], strlen(keep[i])) == 0)
				{
					break;
				}
			}
			if (first_param || i < countof(keep))
			{
				used += snprintf(out + used, size - used, "%s%s",
								 first_param ? (used ? ", " : "") : ";",
								 param);
				ck_assert(used < size);
			}
			first_param = false;
		}
	}
}

/** the Security-Client of SM1 for an order of option mechanisms */
static struct {
	const char *mechanisms;
	const char *client;
} orders[] = {
	{ "ipsec-3gpp, tls-psk, tls-aka",
	  "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc, "
	  "tls-psk;q=0.5;cs=00a8.1301, "
	  "tls-aka;q=0.25;cs=1301.1302.1303" },
	{ "tls-aka, ipsec-3gpp",
	  "tls-aka;q=1;cs=1301.1302.1303, "
	  "ipsec-3gpp;q=0.5;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;q=0.5;alg=hmac-sha-1-96;ealg=aes-cbc" },
	{ "tls-psk, tls-aka, ipsec-3gpp",
	  "tls-psk;q=1;cs=00a8.1301, "
	  "tls-aka;q=0.5;cs=1301.1302.1303, "
	  "ipsec-3gpp;q=0.25;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;q=0.25;alg=hmac-sha-1-96;ealg=aes-cbc" },
	{ "ipsec-3gpp, tls-aka",
	  "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc, "
	  "tls-aka;q=0.5;cs=1301.1302.1303" },
	{ "tls-psk ipsec-3gpp",
	  "tls-psk;q=1;cs=00a8.1301, "
	  "ipsec-3gpp;q=0.5;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;q=0.5;alg=hmac-sha-1-96;ealg=aes-cbc" },
	/* a single mechanism sends no q */
	{ "ipsec-3gpp",
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun, "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" },
	{ "tls-aka", "tls-aka;cs=1301.1302.1303" },
	{ "tls-psk", "tls-psk;cs=00a8.1301" },
};

START_TEST(test_order)
{
	ue_config_t config;
	ue_secagree_t sa;
	char text[1024];
	sip_error_t err = {};
	u_int i, ipsec = 0;

	offer_of(&config, orders[_i].mechanisms);
	ck_assert_msg(ue_config_parse_list(&config.offer, UE_OFFER_ALG,
									   "hmac-sha-1-96", &err),
				  "%s", err.reason);
	start(&sa, &config, 5064, 5066);
	skeleton(&sa.client, text, sizeof(text));
	ck_assert_str_eq(text, orders[_i].client);
	/* tls-aka offered: SM1 over TCP, whatever its rank */
	ck_assert(sa.sm1_stream == (strstr(orders[_i].mechanisms, "tls-aka") !=
								NULL));
	/* every ipsec-3gpp entry carries the NAT-T values of SM1 */
	for (i = 0; i < sa.client.count; i++)
	{
		if (sa.client.entries[i].mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
		{
			ck_assert(sa.client.entries[i].present &
					  IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_U));
			ck_assert(sa.client.entries[i].present &
					  IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_HASH_UL));
			ipsec++;
		}
	}
	ck_assert_int_eq(ipsec, strstr(orders[_i].mechanisms, "ipsec-3gpp") ?
					 2 : 0);
}
END_TEST

START_TEST(test_phone_profile)
{
	ue_config_t config;
	ue_secagree_t sa;
	char text[4096];
	sip_error_t err = {};
	size_t len;

	/* the profile's lists: {md5, sha1} x {des, aes, null}, trans */
	offer_of(&config, "ipsec-3gpp");
	config.offer.phone = true;
	ck_assert(ue_config_parse_list(&config.offer, UE_OFFER_ALG,
								   "hmac-md5-96, hmac-sha-1-96", &err));
	ck_assert(ue_config_parse_list(&config.offer, UE_OFFER_EALG,
								   "des-ede3-cbc, aes-cbc, null", &err));
	ck_assert(ue_config_parse_list(&config.offer, UE_OFFER_MOD, "trans", &err));
	start(&sa, &config, 8001, 8000);
	ck_assert_int_eq(imsaka_secagree_list_build(&sa.client, text, sizeof(text),
										  &len), IMSAKA_SECAGREE_OK);
	/* six entries as phones send them: the same SPIs and ports, prot and
	 * mod spelled out, no ealg for null, no q, no NAT-T extension */
	ck_assert_str_eq(text,
		"ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000, "
		"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000, "
		"ipsec-3gpp;alg=hmac-md5-96;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000, "
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000, "
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000, "
		"ipsec-3gpp;alg=hmac-sha-1-96;prot=esp;mod=trans;"
			"spi-c=1000;spi-s=1001;port-c=8001;port-s=8000");
}
END_TEST

START_TEST(test_all_three)
{
	ue_config_t config;
	ue_secagree_t sa;
	const imsaka_secagree_entry_t *e;
	u_int i;

	/* the default offer: four ipsec-3gpp entries stay together, in mod x
	 * alg x ealg order, between tls-aka and tls-psk */
	offer_of(&config, "tls-aka, ipsec-3gpp, tls-psk");
	start(&sa, &config, 5064, 5066);
	ck_assert(sa.sm1_stream);
	ck_assert_int_eq(sa.client.count, 6);
	e = &sa.client.entries[0];
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_TLS_AKA);
	ck_assert_int_eq(e->q, 1000);
	ck_assert_int_eq(e->suite_count, 3);
	for (i = 1; i < 5; i++)
	{
		e = &sa.client.entries[i];
		ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
		ck_assert_int_eq(e->q, 500);
		ck_assert_int_eq(e->alg, i % 2 ? IMSAKA_ESP_ALG_HMAC_SHA1_96 :
						 IMSAKA_ESP_ALG_HMAC_MD5_96);
		ck_assert_int_eq(imsaka_secagree_entry_mod(e), i < 3 ?
						 IMSAKA_SECAGREE_MOD_UDP_ENC_TUN : IMSAKA_SECAGREE_MOD_TRANS);
	}
	e = &sa.client.entries[5];
	ck_assert_int_eq(e->mech, IMSAKA_SECAGREE_MECH_TLS_PSK);
	ck_assert_int_eq(e->q, 250);
	ck_assert_int_eq(e->suite_count, 2);

	offer_of(&config, "ipsec-3gpp, tls-psk");
	start(&sa, &config, 5064, 5066);
	ck_assert(!sa.sm1_stream);
}
END_TEST

static struct {
	/** the UE's mechanisms */
	const char *mechanisms;
	/** where the P-CSCF got SM1 from and at */
	const char *source, *local;
	/** the UE's hash verdict */
	imsaka_nat_t hash_nat;
} sm6_cases[] = {
	/* no NAT, SM1 over TCP from an ephemeral port: not a NAT */
	{ "ipsec-3gpp, tls-aka", "10.1.0.10:41234", "192.0.2.20:5060",
	  IMSAKA_NAT_NONE },
	/* the same source port change over UDP is a NAT at the UE */
	{ "ipsec-3gpp", "10.1.0.10:41234", "192.0.2.20:5060", IMSAKA_NAT_UE },
	/* a NAT in front of the P-CSCF is still found over TCP */
	{ "ipsec-3gpp, tls-aka", "10.1.0.10:41234", "198.51.100.20:5060",
	  IMSAKA_NAT_PCSCF },
	{ "ipsec-3gpp", "192.0.2.1:20001", "198.51.100.20:5060",
	  IMSAKA_NAT_BOTH },
	{ "ipsec-3gpp", "10.1.0.10:5060", "192.0.2.20:5060", IMSAKA_NAT_NONE },
};

START_TEST(test_sm6_hashes)
{
	ue_config_t config;
	ue_secagree_t sa;
	imsaka_addr_t source = test_addr(sm6_cases[_i].source);
	imsaka_addr_t local = test_addr(sm6_cases[_i].local);
	imsaka_secagree_entry_t entry;
	const imsaka_secagree_entry_t *ue = NULL;
	char text[512];
	u_int i;

	offer_of(&config, sm6_cases[_i].mechanisms);
	start(&sa, &config, 5064, 5066);
	for (i = 0; i < sa.client.count && !ue; i++)
	{
		if (sa.client.entries[i].mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP &&
			sa.client.entries[i].mod == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
		{
			ue = &sa.client.entries[i];
		}
	}
	ck_assert(ue);
	/* the P-CSCF's SM6 entry for what it saw */
	imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	entry.alg = ue->alg;
	entry.ealg = ue->ealg;
	entry.mod = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN;
	entry.spi_c = 2000;
	entry.spi_s = 2001;
	entry.port_c = 5062;
	entry.port_s = 5064;
	entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_S) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_C) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_S);
	ck_assert_int_eq(imsaka_secagree_natt_add_sm6(&entry, ue, &local, &source),
					 IMSAKA_SECAGREE_OK);
	sm6(&sa, &entry, source.port);
	ck_assert(sa.natp);
	ck_assert_int_eq(sa.choice.mech, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	ue_secagree_choice_format(&sa, text, sizeof(text));
	ck_assert_str_eq(text, "mode=UDP-enc-tun alg=hmac-sha-1-96 ealg=aes-cbc "
					 "spi-pc=2000 spi-ps=2001 port-pc=5062 port-ps=5064");
	ck_assert_msg(sa.hash_nat == sm6_cases[_i].hash_nat,
				  "%s from %s at %s: hashes %s", sm6_cases[_i].mechanisms,
				  sm6_cases[_i].source, sm6_cases[_i].local,
				  imsaka_nat_name(sa.hash_nat));
}
END_TEST

/** SM6 choosing a TLS mechanism, and the SM6 log's description of it */
static struct {
	imsaka_secagree_mech_t mech;
	/** the P-CSCF's cs, in its order */
	uint16_t suites[2];
	const char *expected;
} tls_cases[] = {
	{ IMSAKA_SECAGREE_MECH_TLS_PSK, { 0x1301, 0x00a8 },
	  "mech=tls-psk cs=1301,00a8 sid=000102030405060708090a0b0c0d0e0f" },
	{ IMSAKA_SECAGREE_MECH_TLS_AKA, { 0x1302, 0x1303 },
	  "mech=tls-aka cs=1302,1303 sid=000102030405060708090a0b0c0d0e0f" },
};

START_TEST(test_choice_tls)
{
	ue_config_t config;
	ue_secagree_t sa;
	imsaka_secagree_entry_t entry;
	char text[512];
	u_int i;

	offer_of(&config, "ipsec-3gpp, tls-psk, tls-aka");
	start(&sa, &config, 5064, 5066);
	imsaka_secagree_entry_init(&entry, tls_cases[_i].mech);
	memcpy(entry.suites, tls_cases[_i].suites, sizeof(tls_cases[_i].suites));
	entry.suite_count = 2;
	for (i = 0; i < 16; i++)
	{
		entry.sid[i] = i;
	}
	entry.sid_len = 16;
	entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_CS) |
					 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SID);
	sm6(&sa, &entry, 5060);
	ck_assert_int_eq(sa.choice.mech, tls_cases[_i].mech);
	ue_secagree_choice_format(&sa, text, sizeof(text));
	ck_assert_str_eq(text, tls_cases[_i].expected);
	/* no ipsec-3gpp values in it */
	ck_assert(!strstr(text, "mode=") && !strstr(text, "alg="));
	/* a short buffer is cut, never overrun */
	ue_secagree_choice_format(&sa, text, 8);
	ck_assert_str_eq(text, "mech=tl");
}
END_TEST

Suite *ue_secagree_suite_create(void)
{
	Suite *s = suite_create("ue secagree");
	TCase *tc = tcase_create("secagree");

	tcase_add_loop_test(tc, test_order, 0, countof(orders));
	tcase_add_test(tc, test_all_three);
	tcase_add_test(tc, test_phone_profile);
	tcase_add_loop_test(tc, test_sm6_hashes, 0, countof(sm6_cases));
	tcase_add_loop_test(tc, test_choice_tls, 0, countof(tls_cases));
	suite_add_tcase(s, tc);
	return s;
}

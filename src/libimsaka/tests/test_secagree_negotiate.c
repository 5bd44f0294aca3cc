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

#include "test_secagree.h"

#include <secagree_natt.h>
#include <secagree_negotiate.h>

#include <stdio.h>
#include <stdlib.h>

#define SPIS ";spi-c=1111;spi-s=2222;port-c=5062;port-s=5064"

/** a real UE's SM1 offer: hmac-md5-96 and hmac-sha-1-96 x 3DES, AES, null */
#define UE_OFFER \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc;mod=trans;prot=esp" SPIS ", " \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;mod=trans;prot=esp" SPIS ", " \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=null;mod=trans;prot=esp" SPIS ", " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc;mod=trans;prot=esp" SPIS ", " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;prot=esp" SPIS ", " \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;mod=trans;prot=esp" SPIS

/** an offer of several mechanisms with q-values */
#define MIXED_OFFER \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;q=0.5" SPIS ", " \
	"ipsec-3gpp;alg=null;ealg=aes-gcm;q=0.9" SPIS ", " \
	"tls-psk;q=0.3, tls-aka;cs=1301.1302;q=0.7"

static const struct {
	const char *client;
	const char *policy;
	imsaka_nat_t nat;
	imsaka_secagree_err_t err;
	unsigned int ci, pi;
	imsaka_secagree_mech_t mech;
	imsaka_esp_alg_t alg;
	imsaka_esp_ealg_t ealg;
	imsaka_secagree_mod_t mod;
	const char *suites;
} negotiations[] = {
	/* Kamailio-like policy of one pair */
	{ UE_OFFER, "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_OK, 4, 0, IMSAKA_SECAGREE_MECH_IPSEC_3GPP,
	  IMSAKA_ESP_ALG_HMAC_SHA1_96, IMSAKA_ESP_EALG_AES_CBC, IMSAKA_SECAGREE_MOD_TRANS,
	  "" },
	/* a policy accepting anything takes the UE's first */
	{ UE_OFFER, "ipsec-3gpp", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 0, 0,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_HMAC_MD5_96,
	  IMSAKA_ESP_EALG_DES_EDE3_CBC, IMSAKA_SECAGREE_MOD_TRANS, "" },
	/* the server's q beats its order */
	{ UE_OFFER, "ipsec-3gpp;ealg=null;q=0.2, "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;q=0.9", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_OK, 4, 1, IMSAKA_SECAGREE_MECH_IPSEC_3GPP,
	  IMSAKA_ESP_ALG_HMAC_SHA1_96, IMSAKA_ESP_EALG_AES_CBC, IMSAKA_SECAGREE_MOD_TRANS,
	  "" },
	/* equal q: the server's order */
	{ UE_OFFER, "ipsec-3gpp;alg=hmac-sha-1-96;q=0.5, "
	  "ipsec-3gpp;alg=hmac-md5-96;q=0.5", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 3, 0,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_HMAC_SHA1_96,
	  IMSAKA_ESP_EALG_DES_EDE3_CBC, IMSAKA_SECAGREE_MOD_TRANS, "" },
	/* NAT but the UE offers neither UDP-enc-tun nor nat-u */
	{ UE_OFFER, "ipsec-3gpp", IMSAKA_NAT_UE, IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* a UE offering both modes: trans without NAT, UDP-enc-tun behind one */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans" SPIS ", "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun" SPIS,
	  "ipsec-3gpp", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 0, 0,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_HMAC_SHA1_96,
	  IMSAKA_ESP_EALG_AES_CBC, IMSAKA_SECAGREE_MOD_TRANS, "" },
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans" SPIS ", "
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun" SPIS,
	  "ipsec-3gpp", IMSAKA_NAT_UE, IMSAKA_SECAGREE_OK, 1, 0,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_HMAC_SHA1_96,
	  IMSAKA_ESP_EALG_AES_CBC, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "" },
	/* nat-u implies UDP-enc-tun; a NAT in front of the P-CSCF counts too */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;nat-u" SPIS, "ipsec-3gpp",
	  IMSAKA_NAT_PCSCF, IMSAKA_SECAGREE_OK, 0, 0, IMSAKA_SECAGREE_MECH_IPSEC_3GPP,
	  IMSAKA_ESP_ALG_HMAC_SHA1_96, IMSAKA_ESP_EALG_AES_CBC,
	  IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "" },
	/* a policy of tunnel mode only */
	{ UE_OFFER, "ipsec-3gpp;mod=tun", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* the client's q decides within one policy entry */
	{ MIXED_OFFER, "ipsec-3gpp, tls-psk;q=0.1", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK,
	  1, 0, IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_NULL,
	  IMSAKA_ESP_EALG_AES_GCM, IMSAKA_SECAGREE_MOD_TRANS, "" },
	/* tls-aka preferred by the server, suites in its order */
	{ MIXED_OFFER, "tls-aka;cs=1302.c02b.1301;q=1, ipsec-3gpp;q=0.5",
	  IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 3, 0, IMSAKA_SECAGREE_MECH_TLS_AKA, 0, 0, 0,
	  "1302.1301" },
	/* tls-aka without a common suite falls back */
	{ MIXED_OFFER, "tls-aka;cs=c02b;q=1, tls-psk;cs=00a8;q=0.5",
	  IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 2, 1, IMSAKA_SECAGREE_MECH_TLS_PSK, 0, 0, 0,
	  "00a8" },
	{ MIXED_OFFER, "tls-aka;cs=c02b", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* tls-aka needs suites from someone */
	{ "tls-aka", "tls-aka", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* alg null needs aes-gcm; an offer needs its SPIs and ports */
	{ "ipsec-3gpp;alg=null;ealg=aes-cbc" SPIS, "ipsec-3gpp", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_ERR_NO_COMMON },
	{ "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2", "ipsec-3gpp",
	  IMSAKA_NAT_NONE, IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* a future alg is skipped, the next entry taken */
	{ "ipsec-3gpp;alg=hmac-sha-256-128" SPIS ", ipsec-3gpp;alg=hmac-md5-96"
	  SPIS, "ipsec-3gpp", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 1, 0,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, IMSAKA_ESP_ALG_HMAC_MD5_96,
	  IMSAKA_ESP_EALG_NULL, IMSAKA_SECAGREE_MOD_TRANS, "" },
	/* RFC 3329 section 3: client digest, tls; server ipsec-ike, tls */
	{ "digest, tls", "ipsec-ike;q=0.1, tls;q=0.2", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_OK, 1, 1, IMSAKA_SECAGREE_MECH_TLS, 0, 0, 0, "" },
	{ "digest;d-alg=md5", "digest;d-alg=sha", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_ERR_NO_COMMON },
	/* unknown mechanisms match by name */
	{ "x-future;q=0.3, tls", "X-FUTURE", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_OK, 0, 0,
	  IMSAKA_SECAGREE_MECH_OTHER, 0, 0, 0, "" },
	{ "", "ipsec-3gpp", IMSAKA_NAT_NONE, IMSAKA_SECAGREE_ERR_NO_OFFER },
};

/** print suites as the cs parameter does */
static void suites_str(const imsaka_secagree_choice_t *c, char *buf)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < c->suite_count; i++)
	{
		sprintf(buf + strlen(buf), "%s%04x", i ? "." : "", c->suites[i]);
	}
}

START_TEST(test_negotiate)
{
	imsaka_secagree_list_t *client = malloc(sizeof(*client));
	imsaka_secagree_list_t *policy = malloc(sizeof(*policy));
	imsaka_secagree_choice_t choice;
	imsaka_secagree_err_t err;
	char suites[128];

	imsaka_secagree_list_init(client);
	if (*negotiations[_i].client)
	{
		sa_parse(client, negotiations[_i].client);
	}
	sa_parse(policy, negotiations[_i].policy);
	err = imsaka_secagree_negotiate(client, policy, negotiations[_i].nat, &choice);
	ck_assert_msg(err == negotiations[_i].err, "got %s",
				  imsaka_secagree_strerror(err));
	if (err == IMSAKA_SECAGREE_OK)
	{
		ck_assert_uint_eq(choice.client, negotiations[_i].ci);
		ck_assert_uint_eq(choice.server, negotiations[_i].pi);
		ck_assert_int_eq(choice.mech, negotiations[_i].mech);
		if (choice.mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
		{
			ck_assert_int_eq(choice.alg, negotiations[_i].alg);
			ck_assert_int_eq(choice.ealg, negotiations[_i].ealg);
			ck_assert_int_eq(choice.mod, negotiations[_i].mod);
		}
		suites_str(&choice, suites);
		ck_assert_str_eq(suites, negotiations[_i].suites);
		ck_assert_uint_ge(choice.candidates, 1);
	}
	free(client);
	free(policy);
}
END_TEST

/**
 * The UE's side of SM6: mirror the server's entry it can use.
 */
START_TEST(test_ue_select)
{
	imsaka_secagree_list_t *client = malloc(sizeof(*client));
	imsaka_secagree_list_t *server = malloc(sizeof(*server));
	imsaka_secagree_choice_t choice;

	sa_parse(client, UE_OFFER);
	sa_parse(server, "ipsec-3gpp;prot=esp;mod=trans;spi-c=100;spi-s=101;"
			 "port-c=5100;port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc");
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice), IMSAKA_SECAGREE_OK);
	ck_assert_uint_eq(choice.client, 4);
	ck_assert_uint_eq(choice.server, 0);
	/* UDP-enc-tun needs an entry of that mode or nat-u */
	sa_parse(server, "ipsec-3gpp;mod=UDP-enc-tun;spi-c=100;spi-s=101;"
			 "port-c=5100;port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc");
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice),
					 IMSAKA_SECAGREE_ERR_NO_COMMON);
	sa_parse(client, "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;nat-u" SPIS
			 ", tls-aka;cs=1301.1302");
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(choice.mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	/* the server's q first */
	sa_parse(server, "ipsec-3gpp;q=0.2;mod=trans;spi-c=100;spi-s=101;"
			 "port-c=5100;port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc, "
			 "tls-aka;q=0.8;cs=1302;sid=0102");
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice), IMSAKA_SECAGREE_OK);
	ck_assert_uint_eq(choice.server, 1);
	ck_assert_uint_eq(choice.client, 1);
	ck_assert_uint_eq(choice.suites[0], 0x1302);
	/* a server answering with something never offered */
	sa_parse(server, "ipsec-3gpp;mod=trans;spi-c=100;spi-s=101;port-c=5100;"
			 "port-s=5200;alg=hmac-md5-96;ealg=aes-cbc");
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice),
					 IMSAKA_SECAGREE_ERR_NO_COMMON);
	imsaka_secagree_list_init(client);
	ck_assert_int_eq(imsaka_secagree_ue_select(client, server, &choice),
					 IMSAKA_SECAGREE_ERR_NO_OFFER);
	free(client);
	free(server);
}
END_TEST

START_TEST(test_required)
{
	static const struct {
		const char *value;
		bool required;
	} tests[] = {
		{ "sec-agree", true },
		{ "path, sec-agree", true },
		{ " Sec-Agree ,path", true },
		{ "path", false },
		{ "sec-agreement", false },
		{ "", false },
		{ "precondition,100rel", false },
	};
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		ck_assert_msg(imsaka_secagree_required(tests[i].value,
										 strlen(tests[i].value)) ==
					  tests[i].required, "%s", tests[i].value);
	}
}
END_TEST

/**
 * One registration's sec-agree headers, through the NAT-T extension.
 */
typedef struct {
	imsaka_secagree_list_t sm1, sm6, sm7c, sm7v, sm12;
	char sm7c_text[IMSAKA_SECAGREE_MAX_TEXT], sm7v_text[IMSAKA_SECAGREE_MAX_TEXT];
} exchange_t;

static void addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), true, a),
					 IMSAKA_SECAGREE_OK);
}

/**
 * SM1 to SM7 with a NAT in front of the UE; sm7c/sm7v as the P-CSCF
 * receives them (parsed from their text).
 */
static void run_exchange(exchange_t *x, bool natt)
{
	imsaka_addr_t ue_local, ue_public, pcscf;
	imsaka_secagree_list_t *policy = malloc(sizeof(*policy));
	imsaka_secagree_list_t *tmp = malloc(sizeof(*tmp));
	imsaka_secagree_choice_t choice;
	imsaka_secagree_entry_t server;
	imsaka_secagree_err_t err;
	char text[IMSAKA_SECAGREE_MAX_TEXT];

	addr("10.0.0.2:5060", &ue_local);
	addr("203.0.113.5:40000", &ue_public);
	addr("198.51.100.1:5060", &pcscf);

	/* SM1: the UE offers and adds the extension */
	sa_parse(tmp, "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" SPIS ", "
			 "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null" SPIS ", "
			 "tls-aka;cs=1301.1302");
	if (natt)
	{
		ck_assert_int_eq(imsaka_secagree_natt_add_sm1(tmp, &ue_local, &pcscf),
						 IMSAKA_SECAGREE_OK);
	}
	ck_assert_int_eq(imsaka_secagree_list_build(tmp, text, sizeof(text), NULL),
					 IMSAKA_SECAGREE_OK);
	sa_parse(&x->sm1, text);

	/* SM6: the P-CSCF chooses and answers */
	sa_parse(policy, "ipsec-3gpp;ealg=aes-cbc");
	ck_assert_int_eq(imsaka_secagree_negotiate(&x->sm1, policy, natt ? IMSAKA_NAT_UE
										 : IMSAKA_NAT_NONE, &choice),
					 IMSAKA_SECAGREE_OK);
	imsaka_secagree_entry_init(&server, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	server.present = IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_S) |
		IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_C) | IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_S);
	server.alg = choice.alg;
	server.ealg = choice.ealg;
	server.mod = choice.mod;
	server.spi_c = 3333;
	server.spi_s = 4444;
	server.port_c = 5100;
	server.port_s = 5200;
	if (natt)
	{
		ck_assert_int_eq(imsaka_secagree_natt_add_sm6(&server,
						&x->sm1.entries[choice.client], &pcscf, &ue_public),
						IMSAKA_SECAGREE_OK);
	}
	imsaka_secagree_list_init(tmp);
	ck_assert_int_eq(imsaka_secagree_list_add(tmp, NULL, &server), IMSAKA_SECAGREE_OK);
	err = imsaka_secagree_list_parse(tmp, "tls-aka;q=0.1;cs=1301.1302;sid=0a0b0c0d",
							   strlen("tls-aka;q=0.1;cs=1301.1302;sid=0a0b0c0d"));
	ck_assert_int_eq(err, IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_secagree_list_build(tmp, text, sizeof(text), NULL),
					 IMSAKA_SECAGREE_OK);
	sa_parse(&x->sm6, text);

	/* SM7: the UE repeats, mirrors and adds its original addresses */
	*tmp = x->sm1;
	if (natt)
	{
		imsaka_secagree_natt_add_sm7(tmp, &ue_local, &ue_public);
	}
	ck_assert_int_eq(imsaka_secagree_list_build(tmp, x->sm7c_text,
					 sizeof(x->sm7c_text), NULL), IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_secagree_list_build(&x->sm6, x->sm7v_text,
					 sizeof(x->sm7v_text), NULL), IMSAKA_SECAGREE_OK);
	sa_parse(&x->sm7c, x->sm7c_text);
	sa_parse(&x->sm7v, x->sm7v_text);

	/* SM12: the P-CSCF's original addresses */
	imsaka_secagree_entry_init(&server, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	imsaka_secagree_natt_add_sm12(&server, &pcscf, &pcscf);
	imsaka_secagree_list_init(&x->sm12);
	ck_assert_int_eq(imsaka_secagree_list_add(&x->sm12, NULL, &server), IMSAKA_SECAGREE_OK);
	free(policy);
	free(tmp);
}

START_TEST(test_sm7_ok)
{
	exchange_t *x = malloc(sizeof(*x));

	run_exchange(x, true);
	ck_assert_int_eq(imsaka_secagree_check_sm7(&x->sm1, &x->sm6, &x->sm7c, &x->sm7v),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_secagree_natt_check_sm12(&x->sm1, &x->sm6, &x->sm12),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(x->sm6.entries[0].mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert(strstr(x->sm7c_text, ";oa-up=\"203.0.113.5:40000\""));
	/* a standard peer: no extension anywhere, the standard checks only */
	run_exchange(x, false);
	ck_assert(!strstr(x->sm7c_text, "nat-u"));
	ck_assert_int_eq(imsaka_secagree_check_sm7(&x->sm1, &x->sm6, &x->sm7c, &x->sm7v),
					 IMSAKA_SECAGREE_OK);
	ck_assert_int_eq(imsaka_secagree_natt_check_sm12(&x->sm1, &x->sm6, &x->sm12),
					 IMSAKA_SECAGREE_OK);
	free(x);
}
END_TEST

typedef enum {
	REPLACE_FIRST,
	REPLACE_ALL,
	FLIP_FIRST,
	FLIP_ALL,
	DROP_LAST,
	APPEND,
} tamper_op_t;

/**
 * Each change an attacker could make to SM7 (or to SM1, stored by the
 * P-CSCF) and the error that must abort the registration.
 */
static const struct {
	const char *what;
	char header;	/* 'c' SM7 Security-Client, 'v' Security-Verify, '1' SM1 */
	tamper_op_t op;
	const char *old, *new;
	imsaka_secagree_err_t err;
} tampers[] = {
	{ "alg of an offer", 'c', REPLACE_FIRST, "alg=hmac-sha-1-96",
	  "alg=hmac-md5-96", IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
	{ "spi-c of the offer", 'c', REPLACE_ALL, "spi-c=1111", "spi-c=1112",
	  IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
	{ "an offer removed", 'c', DROP_LAST, NULL, NULL,
	  IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
	{ "an offer added", 'c', APPEND, NULL, ", tls",
	  IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
	{ "q added", 'c', APPEND, NULL, ";q=0.1", IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
	{ "nat-u removed", 'c', REPLACE_ALL, ";nat-u", "",
	  IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE },
	{ "hash-ul changed", 'c', FLIP_ALL, "hash-ul=", NULL,
	  IMSAKA_SECAGREE_ERR_NATT_HASH },
	{ "hash-pp changed", 'c', FLIP_ALL, "hash-pp=", NULL,
	  IMSAKA_SECAGREE_ERR_NATT_HASH },
	{ "hash-pp on one entry only", 'c', FLIP_FIRST, "hash-pp=", NULL,
	  IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT },
	{ "oa-ul changed", 'c', REPLACE_ALL, "10.0.0.2:5060", "10.0.0.3:5060",
	  IMSAKA_SECAGREE_ERR_NATT_OA },
	{ "oa-up changed", 'c', REPLACE_ALL, "203.0.113.5:40000",
	  "203.0.113.5:40001", IMSAKA_SECAGREE_ERR_NATT_OA },
	{ "oa-up removed", 'c', REPLACE_ALL, ";oa-up=\"203.0.113.5:40000\"", "",
	  IMSAKA_SECAGREE_ERR_NATT_MISSING_OA },
	{ "nat-p removed", 'v', REPLACE_ALL, ";nat-p", "",
	  IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE },
	{ "hash-pl changed", 'v', FLIP_ALL, "hash-pl=", NULL,
	  IMSAKA_SECAGREE_ERR_NATT_HASH },
	{ "hash-up changed", 'v', FLIP_ALL, "hash-up=", NULL,
	  IMSAKA_SECAGREE_ERR_NATT_HASH },
	{ "mod changed", 'v', REPLACE_ALL, "mod=UDP-enc-tun", "mod=trans",
	  IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH },
	{ "spi-s changed", 'v', REPLACE_ALL, "spi-s=4444", "spi-s=4445",
	  IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH },
	{ "tls-aka suites reordered", 'v', REPLACE_ALL, "cs=1301.1302",
	  "cs=1302.1301", IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH },
	{ "tls-aka session id changed", 'v', REPLACE_ALL, "sid=0a0b0c0d",
	  "sid=0a0b0c0e", IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH },
	{ "an entry removed", 'v', DROP_LAST, NULL, NULL,
	  IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH },
	{ "nat-u stripped from SM1 on the way", '1', REPLACE_ALL, ";nat-u", "",
	  IMSAKA_SECAGREE_ERR_NATT_DOWNGRADE },
	{ "tls-aka suites cut from SM1 on the way", '1', REPLACE_ALL,
	  "cs=1301.1302", "cs=1301", IMSAKA_SECAGREE_ERR_CLIENT_CHANGED },
};

/** apply a tamper to a header text */
static void tamper(char *text, size_t size, unsigned int i)
{
	char out[IMSAKA_SECAGREE_MAX_TEXT] = "", *pos = text, *hit, *last;

	switch (tampers[i].op)
	{
		case DROP_LAST:
			last = strrchr(text, ',');
			ck_assert(last);
			*last = '\0';
			return;
		case APPEND:
			strncat(text, tampers[i].new, size - strlen(text) - 1);
			return;
		case FLIP_FIRST:
		case FLIP_ALL:
			/* change the first hex digit of the value, length unchanged */
			ck_assert(strstr(text, tampers[i].old));
			while ((hit = strstr(pos, tampers[i].old)))
			{
				pos = hit + strlen(tampers[i].old);
				*pos = *pos == '0' ? '1' : '0';
				if (tampers[i].op == FLIP_FIRST)
				{
					break;
				}
			}
			return;
		default:
			break;
	}
	ck_assert_msg(strstr(text, tampers[i].old), "'%s' not in '%s'",
				  tampers[i].old, text);
	while ((hit = strstr(pos, tampers[i].old)))
	{
		strncat(out, pos, hit - pos);
		strcat(out, tampers[i].new);
		pos = hit + strlen(tampers[i].old);
		if (tampers[i].op == REPLACE_FIRST)
		{
			break;
		}
	}
	strcat(out, pos);
	snprintf(text, size, "%s", out);
}

START_TEST(test_sm7_tamper)
{
	exchange_t *x = malloc(sizeof(*x));
	char sm1[IMSAKA_SECAGREE_MAX_TEXT];
	imsaka_secagree_err_t err;

	run_exchange(x, true);
	switch (tampers[_i].header)
	{
		case 'c':
			tamper(x->sm7c_text, sizeof(x->sm7c_text), _i);
			sa_parse(&x->sm7c, x->sm7c_text);
			break;
		case 'v':
			tamper(x->sm7v_text, sizeof(x->sm7v_text), _i);
			sa_parse(&x->sm7v, x->sm7v_text);
			break;
		default:
			ck_assert_int_eq(imsaka_secagree_list_build(&x->sm1, sm1, sizeof(sm1),
												  NULL), IMSAKA_SECAGREE_OK);
			tamper(sm1, sizeof(sm1), _i);
			sa_parse(&x->sm1, sm1);
			break;
	}
	err = imsaka_secagree_check_sm7(&x->sm1, &x->sm6, &x->sm7c, &x->sm7v);
	ck_assert_msg(err == tampers[_i].err, "%s: got '%s', want '%s'",
				  tampers[_i].what, imsaka_secagree_strerror(err),
				  imsaka_secagree_strerror(tampers[_i].err));
	ck_assert_int_eq(imsaka_secagree_response_code(err),
					 err == IMSAKA_SECAGREE_ERR_NATT_INCONSISTENT ? 400 : 403);
	free(x);
}
END_TEST

START_TEST(test_sm12)
{
	exchange_t *x = malloc(sizeof(*x));
	imsaka_addr_t other;
	imsaka_secagree_entry_t e;

	run_exchange(x, true);
	addr("198.51.100.2:5060", &other);
	imsaka_secagree_entry_init(&e, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	imsaka_secagree_natt_add_sm12(&e, &other, NULL);
	imsaka_secagree_list_init(&x->sm12);
	imsaka_secagree_list_add(&x->sm12, NULL, &e);
	ck_assert_int_eq(imsaka_secagree_natt_check_sm12(&x->sm1, &x->sm6, &x->sm12),
					 IMSAKA_SECAGREE_ERR_NATT_OA);
	imsaka_secagree_list_init(&x->sm12);
	ck_assert_int_eq(imsaka_secagree_natt_check_sm12(&x->sm1, &x->sm6, &x->sm12),
					 IMSAKA_SECAGREE_ERR_NATT_MISSING_OA);
	free(x);
}
END_TEST

Suite *secagree_negotiate_suite_create(void)
{
	test_entry_t tests[] = {
		TEST_CASE("negotiate"),
		TEST_LOOP(test_negotiate, TEST_COUNT(negotiations)),
		TEST_ONCE(test_ue_select),
		TEST_ONCE(test_required),
		TEST_CASE("sm7"),
		TEST_ONCE(test_sm7_ok),
		TEST_LOOP(test_sm7_tamper, TEST_COUNT(tampers)),
		TEST_ONCE(test_sm12),
	};

	return test_suite_build("secagree_negotiate", tests, TEST_COUNT(tests));
}

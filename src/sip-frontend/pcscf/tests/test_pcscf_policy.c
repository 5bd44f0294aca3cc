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
 * The policy built from the options alg, ealg and mod.
 */

#include <library.h>

#include <secagree_negotiate.h>

#include "pcscf_tests.h"
#include "../pcscf_policy.h"

START_TEST(test_defaults)
{
	imsaka_secagree_list_t policy;
	sip_error_t err = {};
	int i;

	ck_assert(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96",
								 "aes-cbc, des-ede3-cbc, null",
								 "UDP-enc-tun, trans", &policy, &err));
	ck_assert_int_eq(policy.count, 12);
	ck_assert_int_eq(policy.entries[0].mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert_int_eq(policy.entries[0].alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert_int_eq(policy.entries[0].ealg, IMSAKA_ESP_EALG_AES_CBC);
	ck_assert_int_eq(policy.entries[0].q, 1000);
	ck_assert_int_eq(policy.entries[11].mod, IMSAKA_SECAGREE_MOD_TRANS);
	ck_assert_int_eq(policy.entries[11].alg, IMSAKA_ESP_ALG_HMAC_MD5_96);
	ck_assert_int_eq(policy.entries[11].ealg, IMSAKA_ESP_EALG_NULL);
	for (i = 1; i < policy.count; i++)
	{
		ck_assert_int_lt(policy.entries[i].q, policy.entries[i - 1].q);
		ck_assert_int_gt(policy.entries[i].q, 0);
	}
}
END_TEST

static struct {
	const char *alg, *ealg, *mod, *bad;
} bad_lists[] = {
	{ "hmac-sha-1-96, hmac-sha-2", "aes-cbc", "trans", "alg" },
	{ "hmac-sha-1-96", "aes-cbc, aes-cbc", "trans", "ealg" },
	{ "hmac-sha-1-96", "aes-cbc", "", "mod" },
	{ "hmac-sha-1-96", "aes-cbc", "trans,", "mod" },
	{ "hmac-sha-1-96", "aes-cbc", "tunnel", "mod" },
	{ "hmac-sha-1", "aes-cbc", "trans", "alg" },
	{ "null", "aes-cbc", "trans", "alg" },
	{ "hmac-sha-1-96, hmac-md5-96, aes-gmac", "aes-cbc, des-ede3-cbc, null",
	  "trans, tun, UDP-enc-tun", "mod" },
};

START_TEST(test_bad)
{
	imsaka_secagree_list_t policy;
	sip_error_t err = {};

	ck_assert(!pcscf_policy_build(bad_lists[_i].alg, bad_lists[_i].ealg,
								  bad_lists[_i].mod, &policy, &err));
	ck_assert_msg(strncmp(err.reason, bad_lists[_i].bad,
						  strlen(bad_lists[_i].bad)) == 0,
				  "bad is %s", err.reason);
}
END_TEST

/* the offer of a UE that lists UDP-enc-tun and trans entries */
static const char offer[] =
	"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;mod=trans;spi-c=1;spi-s=2;"
	"port-c=5064;port-s=5066, "
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;spi-c=1;"
	"spi-s=2;port-c=5064;port-s=5066, "
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=trans;spi-c=1;spi-s=2;"
	"port-c=5064;port-s=5066";

/**
 * Policies (aes-cbc) against that offer, with and without a NAT: the
 * entry of the offer chosen, or none
 */
static const struct {
	const char *algs;
	const char *mods;
	imsaka_nat_t nat;
	imsaka_secagree_err_t result;
	int client;
	imsaka_secagree_mod_t mod;
} orders[] = {
	/* UDP-enc-tun first: chosen even without NAT */
	{ "hmac-sha-1-96, hmac-md5-96", "UDP-enc-tun, trans", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_OK, 1, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN },
	/* a kernel-netlink P-CSCF preferring trans takes trans without NAT */
	{ "hmac-md5-96, hmac-sha-1-96", "trans, UDP-enc-tun", IMSAKA_NAT_NONE,
	  IMSAKA_SECAGREE_OK, 0, IMSAKA_SECAGREE_MOD_TRANS },
	/* but UDP-enc-tun with a NAT */
	{ "hmac-md5-96, hmac-sha-1-96", "trans, UDP-enc-tun", IMSAKA_NAT_UE,
	  IMSAKA_SECAGREE_OK, 1, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN },
	/* trans only: no agreement under a NAT */
	{ "hmac-md5-96", "trans", IMSAKA_NAT_UE, IMSAKA_SECAGREE_ERR_NO_COMMON },
};

START_TEST(test_negotiate_order)
{
	imsaka_secagree_list_t policy, client;
	imsaka_secagree_choice_t choice;
	sip_error_t err = {};

	imsaka_secagree_list_init(&client);
	ck_assert_int_eq(imsaka_secagree_list_parse(&client, offer, strlen(offer)),
					 IMSAKA_SECAGREE_OK);
	ck_assert(pcscf_policy_build(orders[_i].algs, "aes-cbc", orders[_i].mods,
								 &policy, &err));
	ck_assert_int_eq(imsaka_secagree_negotiate(&client, &policy,
											   orders[_i].nat, &choice),
					 orders[_i].result);
	if (orders[_i].result == IMSAKA_SECAGREE_OK)
	{
		ck_assert_int_eq(choice.client, orders[_i].client);
		ck_assert_int_eq(choice.mod, orders[_i].mod);
	}
}
END_TEST

/** the same SPIs and ports in every offer, as phones send them */
#define PH ";prot=esp;mod=trans;spi-c=1111;spi-s=2222;port-c=8001;port-s=8000"

/** {md5, sha1} x {des, aes, null}, ealg omitted for null */
#define SIX_OFFERS \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc" PH "," \
	"ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc" PH "," \
	"ipsec-3gpp;alg=hmac-md5-96" PH "," \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc" PH "," \
	"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" PH "," \
	"ipsec-3gpp;alg=hmac-sha-1-96" PH

/**
 * docs/PCSCF.md, "Phones": each phone offer shape, the policy options, the
 * backend and the NAT verdict, and what is chosen (NULL: 494)
 */
static const struct {
	const char *offer, *alg, *ealg, *caps, *chosen;
	imsaka_nat_t nat;
} phones[] = {
	/* Android framework defaults, or six offers: {md5, sha1} x {des, aes,
	 * null}, ealg omitted for null */
	{ SIX_OFFERS,
	  NULL, NULL, NULL, "hmac-sha-1-96/aes-cbc/trans", IMSAKA_NAT_NONE },
	{ SIX_OFFERS,
	  "hmac-md5-96, hmac-sha-1-96", "des-ede3-cbc, aes-cbc, null", NULL,
	  "hmac-md5-96/des-ede3-cbc/trans", IMSAKA_NAT_NONE },
	/* Samsung: md5 with des, aes, null */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc" PH ","
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc" PH ","
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=null" PH,
	  NULL, NULL, NULL, "hmac-md5-96/aes-cbc/trans", IMSAKA_NAT_NONE },
	/* per carrier: md5/null and sha1/null only */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=null" PH ","
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null" PH,
	  NULL, NULL, NULL, "hmac-sha-1-96/null/trans", IMSAKA_NAT_NONE },
	/* ... with a policy without null */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=null" PH ","
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null" PH,
	  NULL, "aes-cbc, des-ede3-cbc", NULL, NULL, IMSAKA_NAT_NONE },
	/* iPhone: {md5, sha1} x {aes, null} */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc" PH ","
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=null" PH ","
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" PH ","
	  "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null" PH,
	  NULL, NULL, NULL, "hmac-sha-1-96/aes-cbc/trans", IMSAKA_NAT_NONE },
	/* any phone on kernel-libipsec: no trans */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" PH,
	  NULL, NULL, "OK backend=kernel-libipsec mod=UDP-enc-tun "
	  "pairs=hmac-md5-96/aes-cbc,hmac-sha-1-96/aes-cbc", NULL,
	  IMSAKA_NAT_NONE },
	/* any phone behind a NAT: trans cannot cross it */
	{ "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" PH,
	  NULL, NULL, NULL, NULL, IMSAKA_NAT_UE },
	/* kernel-netlink lacking a pair (a kernel without 3DES) */
	{ "ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc" PH ","
	  "ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc" PH,
	  "hmac-md5-96", "des-ede3-cbc, aes-cbc", "OK backend=kernel-netlink "
	  "mod=trans,tun,UDP-enc-tun pairs=hmac-md5-96/aes-cbc",
	  "hmac-md5-96/aes-cbc/trans", IMSAKA_NAT_NONE },
};

START_TEST(test_phones)
{
	imsaka_secagree_list_t client, policy, restricted;
	imsaka_secagree_choice_t choice;
	control_caps_t caps;
	const char *offer = phones[_i].offer;
	sip_error_t err = {};
	char chosen[64];
	int dropped;

	imsaka_secagree_list_init(&client);
	ck_assert_int_eq(imsaka_secagree_list_parse(&client, offer, strlen(offer)),
					 IMSAKA_SECAGREE_OK);
	/* the defaults of docs/PCSCF.md unless the row sets alg or ealg */
	ck_assert(pcscf_policy_build(phones[_i].alg ?: "hmac-sha-1-96, hmac-md5-96",
								 phones[_i].ealg ?: "aes-cbc, des-ede3-cbc, null",
								 "UDP-enc-tun, trans", &policy, &err));
	if (phones[_i].caps)
	{
		ck_assert(control_caps_parse(phones[_i].caps, &caps));
		pcscf_policy_restrict(&policy, &caps, &restricted, &dropped);
		policy = restricted;
	}
	if (!phones[_i].chosen)
	{
		ck_assert_int_eq(imsaka_secagree_negotiate(&client, &policy, phones[_i].nat,
											 &choice), IMSAKA_SECAGREE_ERR_NO_COMMON);
		return;
	}
	ck_assert_int_eq(imsaka_secagree_negotiate(&client, &policy, phones[_i].nat,
										 &choice), IMSAKA_SECAGREE_OK);
	snprintf(chosen, sizeof(chosen), "%s/%s/%s",
			 imsaka_esp_alg_name(choice.alg), imsaka_esp_ealg_name(choice.ealg),
			 imsaka_secagree_mod_name(choice.mod));
	ck_assert_str_eq(chosen, phones[_i].chosen);
}
END_TEST

START_TEST(test_restrict)
{
	imsaka_secagree_list_t policy, out;
	control_caps_t caps;
	sip_error_t err = {};
	int kept, dropped;
	u_int i;

	ck_assert(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96",
								 "aes-cbc, des-ede3-cbc, null",
								 "UDP-enc-tun, trans", &policy, &err));
	ck_assert(pcscf_policy_mechanisms("tls-aka, ipsec-3gpp", NULL, 0,
			(const uint16_t[]){ 0x1301 }, 1, &policy, &(bool){ 0 }, NULL));
	ck_assert_int_eq(policy.count, 13);
	ck_assert(control_caps_parse("OK backend=kernel-libipsec mod=UDP-enc-tun "
			"pairs=hmac-md5-96/aes-cbc,hmac-sha-1-96/aes-cbc", &caps));
	kept = pcscf_policy_restrict(&policy, &caps, &out, &dropped);
	ck_assert_int_eq(kept, 2);
	ck_assert_int_eq(dropped, 10);
	ck_assert_int_eq(out.count, 3);
	/* order and q kept: tls-aka first */
	ck_assert_int_eq(out.entries[0].mech, IMSAKA_SECAGREE_MECH_TLS_AKA);
	ck_assert_int_eq(out.entries[0].q, policy.entries[0].q);
	for (i = 1; i < out.count; i++)
	{
		ck_assert_int_eq(imsaka_secagree_entry_mod(&out.entries[i]),
						 IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
		ck_assert_int_eq(out.entries[i].ealg, IMSAKA_ESP_EALG_AES_CBC);
	}
	/* across a NAT: the UDP-enc-tun entries and tls-aka */
	pcscf_policy_across_nat(&policy, &out);
	ck_assert_int_eq(out.count, 7);
	for (i = 1; i < out.count; i++)
	{
		ck_assert_int_eq(imsaka_secagree_entry_mod(&out.entries[i]),
						 IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	}
}
END_TEST

/**
 * Configured cipher suite lists of tls-psk and tls-aka: the suites parsed,
 * in order, or refused (count 0)
 */
static const struct {
	bool (*parse)(const char *text, uint16_t *suites, int *count);
	const char *text;
	int count;
	uint16_t suites[3];
} suite_lists[] = {
	{ pcscf_policy_tls_suites, "00a8", 1, { 0x00a8 } },
	{ pcscf_policy_tls_suites, " 1301 ,00A9, c037", 3,
	  { 0x1301, 0x00a9, 0xc037 } },
	{ pcscf_policy_tls_suites, "", 0 },
	{ pcscf_policy_tls_suites, "002f", 0 },
	{ pcscf_policy_tls_suites, "1302", 0 },
	{ pcscf_policy_tls_suites, "00a8, 00a8", 0 },
	{ pcscf_policy_tls_suites, "00a8,", 0 },
	{ pcscf_policy_tls_suites, "0a8", 0 },
	{ pcscf_policy_tls_suites, "00a8x", 0 },
	{ pcscf_policy_tls_suites, "00a8 1301", 0 },
	{ pcscf_policy_tls_aka_suites, "1303, 1301", 2, { 0x1303, 0x1301 } },
	{ pcscf_policy_tls_aka_suites, "1303,1301", 2, { 0x1303, 0x1301 } },
	{ pcscf_policy_tls_aka_suites, "00a8", 0 },
	{ pcscf_policy_tls_aka_suites, "1301, 1301", 0 },
	{ pcscf_policy_tls_aka_suites, "", 0 },
};

START_TEST(test_tls_suites)
{
	uint16_t suites[IMSAKA_SECAGREE_MAX_SUITES];
	int count, i;

	if (!suite_lists[_i].count)
	{
		ck_assert_msg(!suite_lists[_i].parse(suite_lists[_i].text, suites,
											 &count), "%s",
					  suite_lists[_i].text);
		return;
	}
	ck_assert(suite_lists[_i].parse(suite_lists[_i].text, suites, &count));
	ck_assert_int_eq(count, suite_lists[_i].count);
	for (i = 0; i < count; i++)
	{
		ck_assert_int_eq(suites[i], suite_lists[_i].suites[i]);
	}
}
END_TEST

#define IPSEC IMSAKA_SECAGREE_MECH_IPSEC_3GPP
#define PSK IMSAKA_SECAGREE_MECH_TLS_PSK
#define AKA IMSAKA_SECAGREE_MECH_TLS_AKA

/**
 * Configured mechanism lists, over an ipsec-3gpp policy of one entry, the
 * tls-psk suites 00a8, 1301 and, if given, the tls-aka suites 1303, 1301:
 * the entries offered in that order (falling q), or refused
 */
static const struct {
	const char *list;
	bool aka_suites;
	bool ok;
	u_int count;
	imsaka_secagree_mech_t mechs[3];
	bool tls, aka;
} mechanism_lists[] = {
	{ "ipsec-3gpp", FALSE, TRUE, 1, { IPSEC }, FALSE, FALSE },
	{ "tls-psk, ipsec-3gpp", FALSE, TRUE, 2, { PSK, IPSEC }, TRUE, FALSE },
	{ "ipsec-3gpp, tls-psk", FALSE, TRUE, 2, { IPSEC, PSK }, TRUE, FALSE },
	{ "tls-psk", FALSE, TRUE, 1, { PSK }, TRUE, FALSE },
	{ "tls-psk, tls-psk", FALSE, FALSE },
	{ "tls-aka", FALSE, FALSE },
	{ "tls-aka, tls-psk, ipsec-3gpp", TRUE, TRUE, 3, { AKA, PSK, IPSEC },
	  TRUE, TRUE },
	{ "tls-aka, tls-aka", TRUE, FALSE },
	{ "", FALSE, FALSE },
};

START_TEST(test_mechanisms)
{
	uint16_t suites[] = { 0x00a8, 0x1301 }, aka[] = { 0x1303, 0x1301 };
	imsaka_secagree_list_t only;
	sip_error_t err = {};
	bool tls = FALSE, has_aka = FALSE, ok;
	u_int i;

	ck_assert(pcscf_policy_build("hmac-sha-1-96", "aes-cbc", "UDP-enc-tun",
								 &only, &err));
	ok = pcscf_policy_mechanisms(mechanism_lists[_i].list, suites, 2,
								 mechanism_lists[_i].aka_suites ? aka : NULL,
								 mechanism_lists[_i].aka_suites ? 2 : 0,
								 &only, &tls, &has_aka);
	ck_assert_msg(ok == mechanism_lists[_i].ok, "%s", mechanism_lists[_i].list);
	if (!ok)
	{
		return;
	}
	ck_assert(tls == mechanism_lists[_i].tls);
	ck_assert(has_aka == mechanism_lists[_i].aka);
	ck_assert_int_eq(only.count, mechanism_lists[_i].count);
	for (i = 0; i < only.count; i++)
	{
		ck_assert_int_eq(only.entries[i].mech, mechanism_lists[_i].mechs[i]);
		ck_assert_int_gt(only.entries[i].q, 0);
		ck_assert(i == 0 || only.entries[i - 1].q > only.entries[i].q);
		if (only.entries[i].mech != IPSEC)
		{	/* the suites in the configured order */
			ck_assert_int_eq(only.entries[i].suite_count, 2);
			ck_assert_int_eq(only.entries[i].suites[1], 0x1301);
		}
	}
}
END_TEST

/* SM1's Security-Client of an imsaka-ue with mechanisms = ipsec-3gpp,
 * tls-psk, tls-aka (captured in the scenario imsaka/mech-q-ipsec) */
static const char offer_all[] =
	"tls-aka;q=1;cs=1301.1302.1303, "
	"ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;"
	"spi-c=173112210;spi-s=173112211;port-c=5064;port-s=5066;nat-u;"
	"hash-ul=55c7270e209c1cbb0c69dc3bbcae9a4737d6e188;"
	"hash-pp=491d8a2fe74ec1aea8330797d0983368d5b56144, "
	"ipsec-3gpp;q=1;alg=hmac-md5-96;ealg=aes-cbc;mod=UDP-enc-tun;"
	"spi-c=173112210;spi-s=173112211;port-c=5064;port-s=5066;nat-u;"
	"hash-ul=55c7270e209c1cbb0c69dc3bbcae9a4737d6e188;"
	"hash-pp=491d8a2fe74ec1aea8330797d0983368d5b56144, "
	"ipsec-3gpp;q=1;alg=hmac-sha-1-96;ealg=aes-cbc;"
	"spi-c=173112210;spi-s=173112211;port-c=5064;port-s=5066;nat-u;"
	"hash-ul=55c7270e209c1cbb0c69dc3bbcae9a4737d6e188;"
	"hash-pp=491d8a2fe74ec1aea8330797d0983368d5b56144, "
	"tls-psk;q=0.5;cs=00a8";

/* the same without tls-aka, and one whose tls-aka suites the policy lacks */
static const char offer_no_aka[] =
	"ipsec-3gpp;q=0.5;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;"
	"spi-c=1;spi-s=2;port-c=5064;port-s=5066, tls-psk;q=1;cs=00a8";
static const char offer_aka_1303[] =
	"tls-aka;q=1;cs=1303, tls-psk;q=0.1;cs=00a8";
static const char offer_psk_no_cs[] =
	"tls-psk;q=1, ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;ealg=aes-cbc;"
	"mod=UDP-enc-tun;spi-c=1;spi-s=2;port-c=5064;port-s=5066";

static struct {
	/** the P-CSCF's mechanisms option */
	const char *mechanisms;
	/** the UE's Security-Client */
	const char *offer;
	/** the mechanism chosen, with and without a NAT at the UE */
	imsaka_secagree_mech_t chosen;
	/** index of the chosen offer entry */
	int client;
} choices[] = {
	/* the P-CSCF's order decides, whatever the UE's q */
	{ "tls-aka, ipsec-3gpp, tls-psk", offer_all, IMSAKA_SECAGREE_MECH_TLS_AKA, 0 },
	{ "tls-aka, tls-psk, ipsec-3gpp", offer_all, IMSAKA_SECAGREE_MECH_TLS_AKA, 0 },
	{ "ipsec-3gpp, tls-aka, tls-psk", offer_all, IMSAKA_SECAGREE_MECH_IPSEC_3GPP, 1 },
	{ "ipsec-3gpp, tls-psk, tls-aka", offer_all, IMSAKA_SECAGREE_MECH_IPSEC_3GPP, 1 },
	{ "tls-psk, tls-aka, ipsec-3gpp", offer_all, IMSAKA_SECAGREE_MECH_TLS_PSK, 4 },
	{ "tls-psk, ipsec-3gpp, tls-aka", offer_all, IMSAKA_SECAGREE_MECH_TLS_PSK, 4 },
	/* what the P-CSCF prefers is not offered (a MITM removed it): the next */
	{ "tls-aka, ipsec-3gpp, tls-psk", offer_no_aka,
	  IMSAKA_SECAGREE_MECH_IPSEC_3GPP, 0 },
	{ "tls-aka, tls-psk, ipsec-3gpp", offer_no_aka, IMSAKA_SECAGREE_MECH_TLS_PSK, 1 },
	/* no common tls-aka suite */
	{ "tls-aka, tls-psk", offer_aka_1303, IMSAKA_SECAGREE_MECH_TLS_PSK, 1 },
	/* a tls-psk offer without cs takes the policy's suites */
	{ "tls-psk, ipsec-3gpp", offer_psk_no_cs, IMSAKA_SECAGREE_MECH_TLS_PSK, 0 },
	{ "ipsec-3gpp, tls-psk", offer_psk_no_cs, IMSAKA_SECAGREE_MECH_IPSEC_3GPP, 1 },
};

START_TEST(test_mechanism_choice)
{
	uint16_t suites[] = { 0x00a8 }, aka[] = { 0x1301, 0x1302 };
	imsaka_secagree_list_t policy, client;
	imsaka_secagree_choice_t choice;
	const char *text = choices[_i].offer;
	sip_error_t err = {};
	imsaka_nat_t nat[] = { IMSAKA_NAT_NONE, IMSAKA_NAT_UE };
	bool tls, has_aka;
	u_int n;

	imsaka_secagree_list_init(&client);
	ck_assert_int_eq(imsaka_secagree_list_parse(&client, text, strlen(text)),
					 IMSAKA_SECAGREE_OK);
	ck_assert(pcscf_policy_build("hmac-sha-1-96, hmac-md5-96", "aes-cbc",
								 "UDP-enc-tun, trans", &policy, &err));
	ck_assert(pcscf_policy_mechanisms(choices[_i].mechanisms, suites, 1, aka,
									  2, &policy, &tls, &has_aka));
	for (n = 0; n < countof(nat); n++)
	{
		ck_assert_int_eq(imsaka_secagree_negotiate(&client, &policy, nat[n],
											 &choice), IMSAKA_SECAGREE_OK);
		ck_assert_msg(choice.mech == choices[_i].chosen,
					  "%s: mech %d chosen", choices[_i].mechanisms,
					  choice.mech);
		ck_assert_int_eq(choice.client, choices[_i].client);
		if (choice.mech == IMSAKA_SECAGREE_MECH_TLS_AKA)
		{	/* the P-CSCF's order of the common suites */
			ck_assert_int_eq(choice.suite_count, 2);
			ck_assert_int_eq(choice.suites[0], 0x1301);
		}
		if (choice.mech == IMSAKA_SECAGREE_MECH_TLS_PSK)
		{
			ck_assert_int_eq(choice.suite_count, 1);
			ck_assert_int_eq(choice.suites[0], 0x00a8);
		}
		if (choice.mech == IMSAKA_SECAGREE_MECH_IPSEC_3GPP)
		{
			ck_assert_int_eq(choice.mod, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
			ck_assert_int_eq(choice.alg, IMSAKA_ESP_ALG_HMAC_SHA1_96);
		}
	}
}
END_TEST

Suite *pcscf_policy_suite_create(void)
{
	Suite *s = suite_create("pcscf policy");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_bad, 0, countof(bad_lists));
	tcase_add_loop_test(tc, test_negotiate_order, 0, countof(orders));
	tcase_add_loop_test(tc, test_phones, 0, countof(phones));
	tcase_add_test(tc, test_restrict);
	tcase_add_loop_test(tc, test_tls_suites, 0, countof(suite_lists));
	tcase_add_loop_test(tc, test_mechanisms, 0, countof(mechanism_lists));
	tcase_add_loop_test(tc, test_mechanism_choice, 0, countof(choices));
	suite_add_tcase(s, tc);
	return s;
}

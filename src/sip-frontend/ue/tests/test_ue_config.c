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
 * imsaka-ue's option checks: lists of algorithms and modes, identities,
 * options against each other.
 */

#include "ue_tests.h"

#include <string.h>

START_TEST(test_lists)
{
	ue_offer_t offer = {};
	sip_error_t err = {};

	ck_assert(ue_config_parse_list(&offer, UE_OFFER_ALG,
								   "hmac-md5-96,hmac-sha-1-96", &err));
	ck_assert_int_eq(offer.alg_count, 2);
	ck_assert_int_eq(offer.alg[0], IMSAKA_ESP_ALG_HMAC_MD5_96);
	ck_assert_int_eq(offer.alg[1], IMSAKA_ESP_ALG_HMAC_SHA1_96);
	ck_assert(ue_config_parse_list(&offer, UE_OFFER_EALG, " aes-cbc  null ",
								   &err));
	ck_assert_int_eq(offer.ealg_count, 2);
	ck_assert_int_eq(offer.ealg[1], IMSAKA_ESP_EALG_NULL);
	ck_assert(ue_config_parse_list(&offer, UE_OFFER_MOD, "udp-enc-tun, trans",
								   &err));
	ck_assert_int_eq(offer.mod[0], IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ck_assert_int_eq(offer.mod[1], IMSAKA_SECAGREE_MOD_TRANS);
}
END_TEST

/* bad values are refused naming the word */
static const struct {
	ue_offer_list_t list;
	const char *text;
	const char *word;
} bad[] = {
	{ UE_OFFER_ALG, "hmac-sha-1-96, hmac-sha1", "hmac-sha1" },
	{ UE_OFFER_ALG, "hmac-md5-96 hmac-md5-96", "hmac-md5-96" },
	{ UE_OFFER_ALG, "", "(empty list)" },
	{ UE_OFFER_ALG, " , ", "(empty list)" },
	{ UE_OFFER_EALG, "aes-cbc, aes-ctr", "aes-ctr" },
	{ UE_OFFER_MOD, "UDP-enc-tun, transport", "transport" },
	{ UE_OFFER_MOD, "trans tun UDP-enc-tun trans", "trans" },
};

START_TEST(test_bad_lists)
{
	ue_offer_t offer = {};
	sip_error_t err = {};

	ck_assert(!ue_config_parse_list(&offer, bad[_i].list, bad[_i].text, &err));
	ck_assert_str_eq(err.reason, bad[_i].word);
}
END_TEST

/* option mechanisms: each one's position is its rank */
START_TEST(test_mechanisms)
{
	ue_offer_t offer = {};
	sip_error_t err = {};

	ck_assert(ue_config_parse_mechanisms(&offer, "ipsec-3gpp, tls-psk, "
										 "tls-aka", &err));
	ck_assert(offer.ipsec && offer.tls && offer.tls_aka);
	ck_assert_int_eq(offer.ipsec_rank, 0);
	ck_assert_int_eq(offer.tls_rank, 1);
	ck_assert_int_eq(offer.tls_aka_rank, 2);

	ck_assert(ue_config_parse_mechanisms(&offer, "TLS-AKA,ipsec-3gpp", &err));
	ck_assert(offer.ipsec && !offer.tls && offer.tls_aka);
	ck_assert_int_eq(offer.tls_aka_rank, 0);
	ck_assert_int_eq(offer.ipsec_rank, 1);

	/* a new value replaces the old one, ranks included */
	ck_assert(ue_config_parse_mechanisms(&offer, "tls-psk", &err));
	ck_assert(!offer.ipsec && offer.tls && !offer.tls_aka);
	ck_assert_int_eq(offer.tls_rank, 0);
}
END_TEST

/* bad mechanisms are refused saying what is wrong */
static const struct {
	const char *text;
	const char *error;
} bad_mechanisms[] = {
	{ "ipsec-3gpp, tls-psk, ipsec-3gpp", "'ipsec-3gpp' is repeated" },
	{ "tls-aka TLS-AKA", "'TLS-AKA' is repeated" },
	{ "ipsec-3gpp, tls", "'tls' is unknown (ipsec-3gpp, tls-psk or "
	  "tls-aka)" },
	{ "digest", "'digest' is unknown (ipsec-3gpp, tls-psk or tls-aka)" },
	{ " , ", "no mechanism (ipsec-3gpp, tls-psk or tls-aka)" },
};

START_TEST(test_bad_mechanisms)
{
	ue_offer_t offer = {};
	sip_error_t err = {};

	ck_assert(!ue_config_parse_mechanisms(&offer, bad_mechanisms[_i].text,
										  &err));
	ck_assert_str_eq(err.reason, bad_mechanisms[_i].error);
}
END_TEST

START_TEST(test_akav)
{
	unsigned int akav;

	ck_assert(ue_config_parse_akav("AKAv1-MD5", &akav));
	ck_assert_int_eq(akav, UE_AKAV1);
	ck_assert(ue_config_parse_akav("akav2-md5, AKAv1-MD5", &akav));
	ck_assert_int_eq(akav, UE_AKAV1 | UE_AKAV2);
	ck_assert(!ue_config_parse_akav("MD5", &akav));
	ck_assert(!ue_config_parse_akav("", &akav));
}
END_TEST

START_TEST(test_identity)
{
	ck_assert(ue_config_identity_ok("alice@ims.example.net"));
	ck_assert(ue_config_identity_ok("sip:+4910@ims.example.net;user=phone"));
	ck_assert(!ue_config_identity_ok(""));
	ck_assert(!ue_config_identity_ok("alice @ims"));
	ck_assert(!ue_config_identity_ok("ali\"ce"));
	ck_assert(!ue_config_identity_ok("ali\\ce"));
	ck_assert(!ue_config_identity_ok("a,b"));
	ck_assert(!ue_config_identity_ok("a\nb"));
}
END_TEST

START_TEST(test_check)
{
	ue_config_t config;
	sip_error_t err = {};

	test_config(&config);
	ck_assert(ue_config_check(&config, &err));

	config.port_s = config.port_c + 1;
	ck_assert(!ue_config_check(&config, &err));
	ck_assert(strstr(err.reason, "port_c"));

	test_config(&config);
	config.port_c = 5059;		/* port_c + 1 is the unprotected port */
	ck_assert(!ue_config_check(&config, &err));
	config.protected = test_addr("10.9.0.1");
	ck_assert(ue_config_check(&config, &err));

	test_config(&config);
	config.reregister_margin = config.expires;
	ck_assert(!ue_config_check(&config, &err));
	ck_assert(strstr(err.reason, "reregister_margin"));

	test_config(&config);
	config.offer.alg_count = 4;
	config.offer.ealg_count = 3;
	config.offer.mod_count = 2;
	ck_assert(!ue_config_check(&config, &err));
	ck_assert(strstr(err.reason, "24 Security-Client entries"));

	test_config(&config);
	config.pcscf_protected = test_addr("fd00::1");
	ck_assert(!ue_config_check(&config, &err));
	ck_assert(strstr(err.reason, "family"));
}
END_TEST

Suite *ue_config_suite_create(void)
{
	Suite *s = suite_create("ue_config");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, test_lists);
	tcase_add_loop_test(tc, test_bad_lists, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_mechanisms);
	tcase_add_loop_test(tc, test_bad_mechanisms, 0,
						sizeof(bad_mechanisms) / sizeof(bad_mechanisms[0]));
	tcase_add_test(tc, test_akav);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_check);
	suite_add_tcase(s, tc);
	return s;
}

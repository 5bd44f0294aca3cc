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

#define _GNU_SOURCE
#include "bench_reg_ue.h"
#include "bench_reg_identity.h"
#include "bench_reg_sip.h"

#include <digest_aka.h>
#include <digest_header.h>
#include <milenage.h>
#include <secagree.h>
#include <secagree_natt.h>
#include <secagree_negotiate.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/** SM1 Security-Client per set and UE (BENCH_REG_PCSCF) */
static char **clients[BENCH_REG_SETS];

/** number of UEs in clients */
static unsigned client_count;

/** rotate_sets: Security-Server of each UE's set in force, and of its last
 * 401 (in force once promoted) */
static char **verify_current, **verify_next;

/** scratch lists: one thread, and too big for the stack */
static imsaka_secagree_list_t scratch_client, scratch_server;

/** scratch challenge */
static imsaka_digest_t scratch_challenge;

/**
 * The UE's SPIs of a set: unique per UE and generation
 */
static void ue_spis(const bench_reg_conf_t *conf, unsigned ue, unsigned set,
					uint32_t *spi_c, uint32_t *spi_s)
{
	unsigned gen = conf->rotate_sets ? set : conf->spi_gen;

	*spi_c = 0x10000 + 2 * (gen * BENCH_REG_MAX_UES + ue);
	*spi_s = *spi_c + 1;
}

/*
 * Described in header
 */
uint16_t bench_reg_ue_port_c(const bench_reg_conf_t *conf, unsigned set)
{
	return conf->port_c + (conf->rotate_sets ? 4 * set : 0);
}

/**
 * Dotted IPv4 of a UE
 */
static void ue_ip(const bench_reg_conf_t *conf, unsigned ue, char ip[16])
{
	imsaka_addr_t addr;

	bench_reg_identity_addr(conf, ue, &addr);
	snprintf(ip, 16, "%u.%u.%u.%u", addr.ip[0], addr.ip[1], addr.ip[2],
			 addr.ip[3]);
}

/**
 * Build the SM1 Security-Client of one UE: a UDP-enc-tun and a
 * transport mode entry, NAT-T capability and hashes (docs/PROTOCOL.md)
 */
static char *build_client(const bench_reg_conf_t *conf, unsigned ue,
						  unsigned set)
{
	uint16_t port_c = bench_reg_ue_port_c(conf, set);
	char text[1024], *out;
	imsaka_addr_t local;
	uint32_t spi_c, spi_s;
	size_t len;
	int n;

	ue_spis(conf, ue, set, &spi_c, &spi_s);
	n = snprintf(text, sizeof(text),
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;prot=esp;mod=UDP-enc-tun;"
		"spi-c=%u;spi-s=%u;port-c=%u;port-s=%u, "
		"ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;prot=esp;mod=trans;"
		"spi-c=%u;spi-s=%u;port-c=%u;port-s=%u", spi_c, spi_s, port_c,
		conf->port_s, spi_c, spi_s, port_c, conf->port_s);
	bench_reg_identity_addr(conf, ue, &local);
	local.port = conf->port;
	imsaka_secagree_list_init(&scratch_client);
	if (n < 0 || n >= sizeof(text) ||
		imsaka_secagree_list_parse(&scratch_client, text, n) != IMSAKA_SECAGREE_OK ||
		imsaka_secagree_natt_add_sm1(&scratch_client, &local,
			&conf->target[bench_reg_identity_unit(conf, ue)]) !=
			IMSAKA_SECAGREE_OK ||
		imsaka_secagree_list_build(&scratch_client, text, sizeof(text), &len) !=
			IMSAKA_SECAGREE_OK)
	{
		return NULL;
	}
	out = malloc(len + 1);
	if (out)
	{
		memcpy(out, text, len);
		out[len] = '\0';
	}
	return out;
}

/*
 * Described in header
 */
bool bench_reg_ue_prepare(const bench_reg_conf_t *conf, unsigned n)
{
	unsigned i, set, sets = conf->rotate_sets ? BENCH_REG_SETS : 1;

	if (conf->mode != BENCH_REG_PCSCF)
	{
		return true;
	}
	bench_reg_ue_cleanup();
	client_count = n;
	for (set = 0; set < sets; set++)
	{
		clients[set] = calloc(n, sizeof(char*));
		if (!clients[set])
		{
			return false;
		}
		for (i = 0; i < n; i++)
		{
			clients[set][i] = build_client(conf, i, set);
			if (!clients[set][i])
			{
				return false;
			}
		}
	}
	if (conf->rotate_sets)
	{
		verify_current = calloc(n, sizeof(char*));
		verify_next = calloc(n, sizeof(char*));
		if (!verify_current || !verify_next)
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
bool bench_reg_ue_rebuild(const bench_reg_conf_t *conf, unsigned ue)
{
	unsigned set;
	char *client;

	if (conf->mode != BENCH_REG_PCSCF)
	{
		return true;
	}
	for (set = 0; set < BENCH_REG_SETS; set++)
	{
		if (!clients[set] || ue >= client_count)
		{
			continue;
		}
		client = build_client(conf, ue, set);
		if (!client)
		{
			return false;
		}
		free(clients[set][ue]);
		clients[set][ue] = client;
	}
	return true;
}

/**
 * Append printf-style to a buffer; *len past the size marks an overflow
 */
static void put(char *buf, size_t *len, const char *fmt, ...)
{
	va_list args;
	int n;

	if (*len >= BENCH_REG_MSG_MAX)
	{
		return;
	}
	va_start(args, fmt);
	n = vsnprintf(buf + *len, BENCH_REG_MSG_MAX - *len, fmt, args);
	va_end(args);
	*len = n < 0 ? BENCH_REG_MSG_MAX : *len + n;
}

/**
 * The header fields both REGISTERs share, up to and without Authorization
 */
static void put_common(const bench_reg_conf_t *conf, unsigned ue,
					   uint16_t via_port, unsigned cseq, char *buf,
					   size_t *len)
{
	bool sec = conf->mode == BENCH_REG_PCSCF;
	char ip[16];

	ue_ip(conf, ue, ip);
	put(buf, len, "REGISTER sip:%s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %s:%u;branch=z9hG4bK-%su%u-%u;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:u%u@%s>;tag=t%u\r\n"
		"To: <sip:u%u@%s>\r\n"
		"Call-ID: %s%u-reg@bench\r\n"
		"CSeq: %u REGISTER\r\n"
		"Contact: <sip:u%u@%s:%u>\r\n"
		"Expires: %u\r\n", conf->domain, ip, via_port, conf->callid, ue,
		cseq, ue, conf->domain, ue, ue, conf->domain, conf->callid, ue, cseq,
		ue, ip, sec ? conf->port_s : conf->port, conf->expires ?: 600);
	if (sec)
	{
		put(buf, len, "Supported: path\r\nRequire: sec-agree\r\n"
			"Proxy-Require: sec-agree\r\n");
	}
}

/*
 * Described in header
 */
/**
 * TS 24.229 5.1.1.2: the IMPI in an empty Authorization, and the end
 */
static size_t put_end(const bench_reg_conf_t *conf, unsigned ue, char *buf,
					  size_t len)
{
	if (conf->mode != BENCH_REG_DIGEST)
	{
		put(buf, &len, "Authorization: Digest username=\"u%u@%s\", "
			"realm=\"%s\", uri=\"sip:%s\", nonce=\"\", response=\"\"\r\n", ue,
			conf->domain, conf->domain, conf->domain);
	}
	put(buf, &len, "Content-Length: 0\r\n\r\n");
	return len < BENCH_REG_MSG_MAX ? len : 0;
}

/*
 * Described in header
 */
size_t bench_reg_ue_first(const bench_reg_conf_t *conf, unsigned ue,
						  unsigned set, unsigned cseq,
						  char buf[BENCH_REG_MSG_MAX])
{
	size_t len = 0;

	put_common(conf, ue, conf->port, cseq, buf, &len);
	if (conf->mode == BENCH_REG_PCSCF)
	{
		if (ue >= client_count || set >= BENCH_REG_SETS || !clients[set])
		{
			return 0;
		}
		put(buf, &len, "Security-Client: %s\r\n", clients[set][ue]);
	}
	return put_end(conf, ue, buf, len);
}

/*
 * Described in header
 */
size_t bench_reg_ue_again(const bench_reg_conf_t *conf, unsigned ue,
						  unsigned set, unsigned cseq,
						  char buf[BENCH_REG_MSG_MAX])
{
	size_t len = 0;

	unsigned in_force = (set + BENCH_REG_SETS - 1) % BENCH_REG_SETS;

	if (!conf->rotate_sets || conf->mode != BENCH_REG_PCSCF ||
		ue >= client_count || set >= BENCH_REG_SETS || !verify_current[ue])
	{
		return 0;
	}
	put_common(conf, ue, bench_reg_ue_port_c(conf, in_force), cseq, buf,
			   &len);
	put(buf, &len, "Security-Client: %s\r\nSecurity-Verify: %s\r\n",
		clients[set][ue], verify_current[ue]);
	return put_end(conf, ue, buf, len);
}

/**
 * A challenge parameter as a NUL-terminated copy
 */
static bool param(const imsaka_digest_t *c, imsaka_digest_param_t p,
				  char *out, size_t size)
{
	const char *value;
	size_t len;

	if (!imsaka_digest_get(c, p, &value, &len))
	{
		out[0] = '\0';
		return false;
	}
	if (len >= 2 && value[0] == '"')
	{
		value++;
		len -= 2;
	}
	if (len >= size)
	{
		return false;
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return true;
}

/**
 * The Digest password: AKA from K/OP (with the MAC-A checked, SQN
 * freshness is not: the UE keeps no SQN), or the fixed one
 */
static const char *password(const bench_reg_conf_t *conf, unsigned ue,
							const imsaka_digest_t *c, const char *nonce,
							uint8_t pw[IMSAKA_DIGEST_AKA_PASSWORD_MAX],
							size_t *pw_len)
{
	uint8_t k[16], op[16], opc[16], rand[16], autn[16], res[8], ck[16], ik[16];
	uint8_t ak[6], sqn[6], mac_a[8], mac_s[8];
	imsaka_digest_aka_version_t version;
	imsaka_milenage_t m;
	size_t server_len;
	const char *why = NULL;
	int i;

	if (conf->mode == BENCH_REG_DIGEST)
	{
		*pw_len = strlen(conf->password);
		if (*pw_len > IMSAKA_DIGEST_AKA_PASSWORD_MAX)
		{
			return "password too long";
		}
		memcpy(pw, conf->password, *pw_len);
		return NULL;
	}
	if (c->alg == IMSAKA_DIGEST_ALG_AKAV1_MD5)
	{
		version = IMSAKA_DIGEST_AKAV1_MD5;
	}
	else if (c->alg == IMSAKA_DIGEST_ALG_AKAV2_MD5)
	{
		version = IMSAKA_DIGEST_AKAV2_MD5;
	}
	else
	{
		return "challenge is not Digest AKA";
	}
	if (imsaka_digest_aka_nonce_parse(nonce, strlen(nonce), rand, autn, NULL,
									  0, &server_len) != IMSAKA_DIGEST_AKA_OK)
	{
		return "nonce is not RAND || AUTN";
	}
	bench_reg_identity_keys(ue, k, op);
	imsaka_milenage_opc(k, op, opc);
	memset(op, 0, sizeof(op));
	imsaka_milenage_init(&m, k, opc);
	imsaka_milenage_f2345(&m, rand, res, ck, ik, ak);
	for (i = 0; i < 6; i++)
	{
		sqn[i] = autn[i] ^ ak[i];
	}
	imsaka_milenage_f1(&m, rand, sqn, autn + 6, mac_a, mac_s);
	if (memcmp(mac_a, autn + 8, 8) != 0)
	{
		why = "MAC-A of the challenge wrong";
	}
	else if (imsaka_digest_aka_password(version, res, sizeof(res), ck, ik, pw,
										pw_len) != IMSAKA_DIGEST_AKA_OK)
	{
		why = "Digest AKA password failed";
	}
	imsaka_milenage_wipe(&m);
	memset(k, 0, sizeof(k));
	memset(ck, 0, sizeof(ck));
	memset(ik, 0, sizeof(ik));
	memset(res, 0, sizeof(res));
	return why;
}

/**
 * The UE's address as the P-CSCF saw it: received/rport of the top Via
 */
static bool via_received(const char *resp, size_t rlen, imsaka_addr_t *addr)
{
	const char *value, *p, *end;
	char text[IMSAKA_ADDR_STRLEN + 8];
	size_t vlen, len;
	unsigned long port;

	if (!bench_reg_sip_header(resp, rlen, "Via", 0, &value, &vlen))
	{
		return false;
	}
	end = value + vlen;
	p = memmem(value, vlen, ";received=", 10);
	if (!p)
	{
		return false;
	}
	p += 10;
	len = strcspn(p, ";,\r\n");
	if (p + len > end || len >= IMSAKA_ADDR_STRLEN)
	{
		return false;
	}
	memcpy(text, p, len);
	if (imsaka_addr_parse(text, len, false, addr) != IMSAKA_SECAGREE_OK)
	{
		return false;
	}
	p = memmem(value, vlen, ";rport=", 7);
	if (!p)
	{
		return false;
	}
	port = strtoul(p + 7, NULL, 10);
	if (!port || port > 65535)
	{
		return false;
	}
	addr->port = port;
	return true;
}

/**
 * Security-Client and Security-Verify of SM7: SM1's offer (with oa-ul and
 * oa-up when SM6 has nat-p) and the Security-Server of SM6 verbatim
 */
static const char *sec_headers(const bench_reg_conf_t *conf, unsigned ue,
							   unsigned set, bool again, const char *resp,
							   size_t rlen, char *buf, size_t *len)
{
	const imsaka_secagree_entry_t *natt;
	imsaka_secagree_choice_t choice;
	imsaka_addr_t local, seen;
	imsaka_nat_t nat;
	const char *value;
	char verify[2048], text[1536];
	size_t vlen, total = 0, tlen;
	int nth;

	for (nth = 0; bench_reg_sip_header(resp, rlen, "Security-Server", nth,
									   &value, &vlen); nth++)
	{
		if (total + vlen + 2 >= sizeof(verify))
		{
			return "Security-Server too long";
		}
		if (total)
		{
			memcpy(verify + total, ", ", 2);
			total += 2;
		}
		memcpy(verify + total, value, vlen);
		total += vlen;
	}
	if (!total)
	{
		return "401 without Security-Server";
	}
	imsaka_secagree_list_init(&scratch_server);
	imsaka_secagree_list_init(&scratch_client);
	if (imsaka_secagree_list_parse(&scratch_server, verify, total) != IMSAKA_SECAGREE_OK ||
		imsaka_secagree_list_parse(&scratch_client, clients[set][ue],
							 strlen(clients[set][ue])) != IMSAKA_SECAGREE_OK)
	{
		return "Security-Server does not parse";
	}
	if (imsaka_secagree_ue_select(&scratch_client, &scratch_server, &choice) !=
			IMSAKA_SECAGREE_OK ||
		scratch_server.entries[choice.server].mod != IMSAKA_SECAGREE_MOD_UDP_ENC_TUN)
	{
		return "Security-Server has no UDP-enc-tun entry of the offer";
	}
	bench_reg_identity_addr(conf, ue, &local);
	local.port = conf->port;
	if (again)
	{	/* the P-CSCF keeps the outer address of the first SM1 (the
		 * re-REGISTER came from the protected one) */
		bench_reg_identity_source(conf, ue, &seen);
		seen.port = conf->port;
	}
	else if (!via_received(resp, rlen, &seen))
	{
		return "401 without received/rport in the Via";
	}
	/* a re-registration keeps the verdict of the first SM1 */
	if (!again &&
		(!imsaka_secagree_natt_detect_ue(&scratch_client, &scratch_server,
						&local, &conf->target[bench_reg_identity_unit(conf, ue)], &nat) ||
		 nat != (conf->outer_base ? IMSAKA_NAT_UE : IMSAKA_NAT_NONE)))
	{
		return "NAT-T hashes of SM6 missing, or wrong about the NAT";
	}
	if (imsaka_secagree_natt_find(&scratch_server, &natt) == IMSAKA_SECAGREE_OK && natt &&
		(natt->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_P)))
	{	/* OA_ul: the UE's own address, OA_up: as the P-CSCF saw it */
		imsaka_secagree_natt_add_sm7(&scratch_client, &local, &seen);
	}
	if (imsaka_secagree_list_build(&scratch_client, text, sizeof(text), &tlen) !=
			IMSAKA_SECAGREE_OK)
	{
		return "building the Security-Client failed";
	}
	put(buf, len, "Security-Client: %.*s\r\nSecurity-Verify: %.*s\r\n",
		(int)tlen, text, (int)total, verify);
	if (conf->rotate_sets)
	{
		free(verify_next[ue]);
		verify_next[ue] = strndup(verify, total);
		if (!verify_next[ue])
		{
			return "out of memory";
		}
	}
	return NULL;
}

/*
 * Described in header
 */
size_t bench_reg_ue_answer(const bench_reg_conf_t *conf, unsigned ue,
						   unsigned set, bool again, unsigned cseq,
						   const char *resp, size_t rlen,
						   char buf[BENCH_REG_MSG_MAX], const char **why)
{
	bool sec = conf->mode == BENCH_REG_PCSCF;
	imsaka_digest_t *c = &scratch_challenge;
	uint8_t pw[IMSAKA_DIGEST_AKA_PASSWORD_MAX];
	char realm[128], nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1], qop[32];
	char opaque[128], user[64], uri[80], cnonce[16];
	char response[IMSAKA_DIGEST_RESPONSE_LEN + 1];
	imsaka_digest_params_t params;
	const char *value;
	size_t vlen, len = 0, pw_len = 0;
	imsaka_digest_alg_t alg;
	bool has_opaque;

	*why = NULL;
	if (!bench_reg_sip_header(resp, rlen, "WWW-Authenticate", 0, &value,
							  &vlen) ||
		imsaka_digest_parse(c, IMSAKA_DIGEST_CHALLENGE, value, vlen) !=
			IMSAKA_SECAGREE_OK)
	{
		*why = "401 without a Digest WWW-Authenticate";
		return 0;
	}
	if (conf->mode == BENCH_REG_PCSCF &&
		(c->present & ((1u << IMSAKA_DIGEST_CK) | (1u << IMSAKA_DIGEST_IK))))
	{
		*why = "ck/ik reached the UE";
		imsaka_digest_wipe(c);
		return 0;
	}
	if (!param(c, IMSAKA_DIGEST_REALM, realm, sizeof(realm)) ||
		!param(c, IMSAKA_DIGEST_NONCE, nonce, sizeof(nonce)))
	{
		*why = "challenge without a usable realm or nonce";
		imsaka_digest_wipe(c);
		return 0;
	}
	param(c, IMSAKA_DIGEST_QOP, qop, sizeof(qop));
	alg = c->alg;
	has_opaque = param(c, IMSAKA_DIGEST_OPAQUE, opaque, sizeof(opaque));
	*why = password(conf, ue, c, nonce, pw, &pw_len);
	imsaka_digest_wipe(c);
	if (*why)
	{
		return 0;
	}
	snprintf(user, sizeof(user), "u%u@%s", ue, conf->domain);
	snprintf(uri, sizeof(uri), "sip:%s", conf->domain);
	snprintf(cnonce, sizeof(cnonce), "c%08x", ue);
	params = (imsaka_digest_params_t){
		.username = user,
		.realm = realm,
		.method = "REGISTER",
		.uri = uri,
		.nonce = nonce,
		.qop = strstr(qop, "auth") ? "auth" : NULL,
		.nc = "00000001",
		.cnonce = cnonce,
	};
	if (imsaka_digest_response(&params, pw, pw_len, response) !=
			IMSAKA_DIGEST_AKA_OK)
	{
		*why = "Digest response failed";
		memset(pw, 0, sizeof(pw));
		return 0;
	}
	memset(pw, 0, sizeof(pw));
	put_common(conf, ue, sec ? bench_reg_ue_port_c(conf, set) : conf->port,
			   cseq, buf, &len);
	if (sec)
	{
		*why = sec_headers(conf, ue, set, again, resp, rlen, buf, &len);
		if (*why)
		{
			return 0;
		}
	}
	put(buf, &len, "Authorization: Digest username=\"%s\", realm=\"%s\", "
		"uri=\"%s\", nonce=\"%s\", response=\"%s\"", user, realm, uri, nonce,
		response);
	if (conf->mode != BENCH_REG_DIGEST)
	{
		put(buf, &len, ", algorithm=%s", alg == IMSAKA_DIGEST_ALG_AKAV2_MD5 ?
			"AKAv2-MD5" : "AKAv1-MD5");
	}
	if (params.qop)
	{
		put(buf, &len, ", qop=auth, nc=00000001, cnonce=\"%s\"", cnonce);
	}
	if (has_opaque)
	{
		put(buf, &len, ", opaque=\"%s\"", opaque);
	}
	put(buf, &len, "\r\nContent-Length: 0\r\n\r\n");
	if (len >= BENCH_REG_MSG_MAX)
	{
		*why = "REGISTER too long";
		return 0;
	}
	return len;
}

/*
 * Described in header
 */
void bench_reg_ue_promote(unsigned ue)
{
	if (verify_current && ue < client_count && verify_next[ue])
	{
		free(verify_current[ue]);
		verify_current[ue] = verify_next[ue];
		verify_next[ue] = NULL;
	}
}

/**
 * Free an array of n strings
 */
static void free_strings(char **strings, unsigned n)
{
	unsigned i;

	for (i = 0; strings && i < n; i++)
	{
		free(strings[i]);
	}
	free(strings);
}

/*
 * Described in header
 */
void bench_reg_ue_cleanup(void)
{
	unsigned set;

	for (set = 0; set < BENCH_REG_SETS; set++)
	{
		free_strings(clients[set], client_count);
		clients[set] = NULL;
	}
	free_strings(verify_current, client_count);
	free_strings(verify_next, client_count);
	verify_current = verify_next = NULL;
	client_count = 0;
}

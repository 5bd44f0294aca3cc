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

#include "ue_secagree.h"
#include "ue_message.h"

#include <stdio.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

#include <hex.h>
#include <key_expansion.h>
#include <secagree_natt.h>
#include <sip_message.h>

/** parameters an SA set needs from the chosen server entry */
#define NEEDED (IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_C) | \
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SPI_S) | \
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_C) | \
				IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PORT_S))

/** most mechanisms a UE offers: ipsec-3gpp, tls-psk, tls-aka */
#define MAX_MECHS 3

/**
 * The q of a mechanism of the given rank: 1, 0.5, 0.25 (in thousandths)
 */
static uint16_t rank_q(unsigned int rank)
{
	return rank < MAX_MECHS ? 1000 >> rank : 1000 >> (MAX_MECHS - 1);
}

/**
 * Set q on an entry when more than one mechanism is offered
 */
static void set_q(imsaka_secagree_entry_t *entry, const ue_offer_t *offer,
				  unsigned int rank)
{
	if (offer->ipsec + offer->tls + offer->tls_aka > 1)
	{
		entry->q = rank_q(rank);
		entry->present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_Q);
	}
}

/**
 * Append an entry to the Security-Client
 */
static bool add_entry(ue_secagree_t *sa, const imsaka_secagree_entry_t *entry)
{
	imsaka_secagree_err_t err;

	err = imsaka_secagree_list_add(&sa->client, NULL, entry);
	if (err != IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "Security-Client: %s", imsaka_secagree_strerror(err));
		return false;
	}
	return true;
}

/**
 * Append a tls-psk or tls-aka entry with its suites
 */
static bool add_tls(ue_secagree_t *sa, const ue_offer_t *offer,
					imsaka_secagree_mech_t mech, unsigned int rank)
{
	imsaka_secagree_entry_t entry;

	imsaka_secagree_entry_init(&entry, mech);
	if (mech == IMSAKA_SECAGREE_MECH_TLS_AKA)
	{
		memcpy(entry.suites, offer->tls_aka_suites,
			   offer->tls_aka_suite_count * sizeof(entry.suites[0]));
		entry.suite_count = offer->tls_aka_suite_count;
	}
	else
	{
		memcpy(entry.suites, offer->tls_suites,
			   offer->tls_suite_count * sizeof(entry.suites[0]));
		entry.suite_count = offer->tls_suite_count;
	}
	entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_CS);
	set_q(&entry, offer, rank);
	return add_entry(sa, &entry);
}

/**
 * Append the ipsec-3gpp entries: every mode x alg x ealg, modes outermost
 */
static bool add_ipsec(ue_secagree_t *sa, const ue_offer_t *offer,
					  const control_caps_t *caps)
{
	imsaka_secagree_entry_t entry;
	unsigned int m, a, e;

	for (m = 0; m < offer->mod_count; m++)
	{
		for (a = 0; a < offer->alg_count; a++)
		{
			for (e = 0; e < offer->ealg_count; e++)
			{
				if (caps && !control_caps_can(caps, offer->mod[m],
											  offer->alg[a], offer->ealg[e]))
				{	/* charon could not install it */
					continue;
				}
				imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
				entry.alg = offer->alg[a];
				entry.ealg = offer->ealg[e];
				entry.spi_c = sa->spi_c;
				entry.spi_s = sa->spi_s;
				entry.port_c = sa->port_c;
				entry.port_s = sa->port_s;
				entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_ALG) |
								 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG) | NEEDED;
				entry.mod = offer->mod[m];
				if (offer->phone)
				{	/* prot and mod spelled out, no ealg for null, no q */
					entry.prot = IMSAKA_SECAGREE_PROT_ESP;
					entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_PROT) |
									 IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD);
					if (entry.ealg == IMSAKA_ESP_EALG_NULL)
					{
						entry.present &= ~IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_EALG);
					}
				}
				else
				{
					set_q(&entry, offer, offer->ipsec_rank);
					/* trans is the default: a plain entry, as standard UEs
					 * send */
					if (offer->mod[m] != IMSAKA_SECAGREE_MOD_TRANS)
					{
						entry.present |= IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_MOD);
					}
				}
				if (!add_entry(sa, &entry))
				{
					return false;
				}
			}
		}
	}
	return true;
}

/*
 * Described in header
 */
bool ue_secagree_start(ue_secagree_t *sa, const ue_offer_t *offer,
					   const control_caps_t *caps,
					   uint32_t spi_c, uint32_t spi_s, uint16_t port_c,
					   uint16_t port_s, const imsaka_addr_t *from,
					   const imsaka_addr_t *to)
{
	imsaka_secagree_err_t err;
	unsigned int rank;

	memset(sa, 0, sizeof(*sa));
	sa->spi_c = spi_c;
	sa->spi_s = spi_s;
	sa->port_c = port_c;
	sa->port_s = port_s;
	sa->from = *from;
	sa->to = *to;
	/* the rule of ue_registration: an offer with tls-aka sends SM1 over a
	 * new TCP connection, whose source port is not from's */
	sa->sm1_stream = offer->tls_aka;
	imsaka_secagree_list_init(&sa->client);
	imsaka_secagree_list_init(&sa->server);
	/* the entries in the order of option mechanisms (ranks) */
	for (rank = 0; rank < MAX_MECHS; rank++)
	{
		if (offer->ipsec && offer->ipsec_rank == rank &&
			!add_ipsec(sa, offer, caps))
		{
			return false;
		}
		if (offer->tls && offer->tls_rank == rank &&
			!add_tls(sa, offer, IMSAKA_SECAGREE_MECH_TLS_PSK, rank))
		{
			return false;
		}
		if (offer->tls_aka && offer->tls_aka_rank == rank &&
			!add_tls(sa, offer, IMSAKA_SECAGREE_MECH_TLS_AKA, rank))
		{
			return false;
		}
	}
	if (!sa->client.count)
	{
		DBG1(DBG_APP, "Security-Client: nothing offered%s", caps && offer->ipsec
			 ? " (charon's backend can install none of the ipsec-3gpp "
			   "entries of alg x ealg x mod; mod=trans needs kernel-netlink)"
			 : "");
		return false;
	}
	if (!offer->ipsec || offer->phone)
	{	/* the NAT-T values are ipsec-3gpp's, and phones know none */
		return true;
	}
	err = imsaka_secagree_natt_add_sm1(&sa->client, from, to);
	if (err != IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "Security-Client NAT-T values: %s",
			 imsaka_secagree_strerror(err));
		return false;
	}
	return true;
}

/*
 * Described in header
 */
bool ue_secagree_sm6(ue_secagree_t *sa, sip_msg_t *resp, sip_error_t *err)
{
	const imsaka_secagree_entry_t *chosen, *natt = NULL;
	imsaka_secagree_err_t code;

	code = imsaka_sip_sec_get(resp, IMSAKA_SIP_SECURITY_SERVER, &sa->server);
	if (code != IMSAKA_SECAGREE_OK)
	{
		return sip_error_setf(err, 0, "malformed Security-Server (%s)",
							  imsaka_secagree_strerror(code));
	}
	if (!sa->server.count)
	{
		return sip_error_set(err, 0, "no Security-Server");
	}
	code = imsaka_secagree_ue_select(&sa->client, &sa->server, &sa->choice);
	if (code != IMSAKA_SECAGREE_OK)
	{
		return sip_error_setf(err, 0, "no Security-Server entry fits the "
							  "offer (%s)", imsaka_secagree_strerror(code));
	}
	chosen = &sa->server.entries[sa->choice.server];
	if (chosen->mech == IMSAKA_SECAGREE_MECH_TLS_PSK)
	{
		if (!(chosen->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SID)) ||
			chosen->sid_len < 1 || !sa->choice.suite_count)
		{
			return sip_error_set(err, 0, "chosen tls-psk entry lacks sid or "
								 "cs");
		}
		imsaka_hex_encode(chosen->sid, chosen->sid_len, sa->tls_identity);
	}
	else if (chosen->mech == IMSAKA_SECAGREE_MECH_TLS_AKA)
	{
		if (!(chosen->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_SID)) ||
			chosen->sid_len < 1 || !chosen->suite_count ||
			!sa->choice.suite_count)
		{
			return sip_error_set(err, 0, "chosen tls-aka entry lacks sid or "
								 "cs");
		}
		/* the first suite of SM6's cs, whose order is the P-CSCF's */
		sa->tls_aka_suite = chosen->suites[0];
		imsaka_hex_encode(chosen->sid, chosen->sid_len, sa->tls_identity);
	}
	else if (chosen->mech != IMSAKA_SECAGREE_MECH_IPSEC_3GPP ||
		(chosen->present & NEEDED) != NEEDED || !chosen->spi_c ||
		!chosen->spi_s)
	{
		return sip_error_set(err, 0, "chosen Security-Server entry lacks SPIs "
							 "or ports");
	}
	else
	{
		sa->rspi_c = chosen->spi_c;
		sa->rspi_s = chosen->spi_s;
		sa->rport_c = chosen->port_c;
		sa->rport_s = chosen->port_s;
	}

	sa->via_nat = IMSAKA_NAT_NONE;
	if (!imsaka_sip_via_nat(resp, &sa->via_nat))
	{
		DBG2(DBG_APP, "SM6: top Via unusable for NAT detection");
	}
	if (!imsaka_sip_via_public(resp, &sa->public))
	{
		sa->public = sa->from;
	}
	sa->hash_nat = IMSAKA_NAT_NONE;
	if (imsaka_secagree_natt_find(&sa->server, &natt) != IMSAKA_SECAGREE_OK)
	{
		return sip_error_set(err, 0, "Security-Server NAT-T values "
							 "inconsistent");
	}
	sa->natp = natt && (natt->present & IMSAKA_SECAGREE_BIT(IMSAKA_SECAGREE_P_NAT_P));
	if (sa->natp && !imsaka_secagree_natt_detect_ue(&sa->client, &sa->server,
											 &sa->from, &sa->to, &sa->hash_nat))
	{
		sa->hash_nat = IMSAKA_NAT_NONE;
	}
	if (sa->sm1_stream)
	{	/* hash-up is over the ephemeral port of SM1's connection: only the
		 * Via's received tells of a NAT at the UE */
		sa->hash_nat &= ~IMSAKA_NAT_UE;
	}
	return true;
}

/*
 * Described in header
 */
void ue_secagree_choice_format(const ue_secagree_t *sa, char *buf,
							   size_t size)
{
	char suites[5 * IMSAKA_SECAGREE_MAX_SUITES + 1] = "";
	size_t len = 0;
	unsigned int i;

	if (!size)
	{
		return;
	}
	if (sa->choice.mech != IMSAKA_SECAGREE_MECH_TLS_PSK &&
		sa->choice.mech != IMSAKA_SECAGREE_MECH_TLS_AKA)
	{
		snprintf(buf, size, "mode=%s alg=%s ealg=%s spi-pc=%u spi-ps=%u "
				 "port-pc=%u port-ps=%u", imsaka_secagree_mod_name(sa->choice.mod),
				 imsaka_esp_alg_name(sa->choice.alg),
				 imsaka_esp_ealg_name(sa->choice.ealg), sa->rspi_c,
				 sa->rspi_s, sa->rport_c, sa->rport_s);
		return;
	}
	for (i = 0; i < sa->choice.suite_count && i < IMSAKA_SECAGREE_MAX_SUITES; i++)
	{
		len += snprintf(suites + len, sizeof(suites) - len, "%s%04x",
						i ? "," : "", sa->choice.suites[i]);
	}
	snprintf(buf, size, "mech=%s cs=%s sid=%s",
			 imsaka_secagree_mech_name(sa->choice.mech), len ? suites : "-",
			 sa->tls_identity[0] ? sa->tls_identity : "-");
}

/*
 * Described in header
 */
imsaka_nat_t ue_secagree_nat(const ue_secagree_t *sa)
{
	return sa->via_nat | sa->hash_nat;
}

/*
 * Described in header
 */
void ue_secagree_sm7_client(const ue_secagree_t *sa, imsaka_secagree_list_t *client)
{
	*client = sa->client;
	if (sa->natp)
	{
		imsaka_secagree_natt_add_sm7(client, &sa->from, &sa->public);
	}
}

/*
 * Described in header
 */
bool ue_secagree_sm12(const ue_secagree_t *sa, sip_msg_t *resp,
					  sip_error_t *err)
{
	imsaka_secagree_list_t *server;
	imsaka_secagree_err_t code;

	if (!sa->natp)
	{
		return true;
	}
	server = malloc(sizeof(*server));
	code = imsaka_sip_sec_get(resp, IMSAKA_SIP_SECURITY_SERVER, server);
	if (code == IMSAKA_SECAGREE_OK)
	{
		code = imsaka_secagree_natt_check_sm12(&sa->client, &sa->server, server);
	}
	free(server);
	if (code != IMSAKA_SECAGREE_OK)
	{
		return sip_error_setf(err, 0, "SM12 Security-Server check failed "
							  "(%s)", imsaka_secagree_strerror(code));
	}
	return true;
}

/*
 * Described in header
 */
void ue_secagree_log_offered(sip_msg_t *resp)
{
	imsaka_secagree_list_t *server;
	char text[IMSAKA_SECAGREE_MAX_TEXT];
	size_t len;

	server = malloc(sizeof(*server));
	imsaka_secagree_list_init(server);
	if (imsaka_sip_sec_get(resp, IMSAKA_SIP_SECURITY_SERVER, server) ==
			IMSAKA_SECAGREE_OK && server->count &&
		imsaka_secagree_list_build(server, text, sizeof(text), &len) ==
			IMSAKA_SECAGREE_OK)
	{
		DBG1(DBG_APP, "the P-CSCF can do: %s", text);
	}
	else
	{
		DBG1(DBG_APP, "the P-CSCF's 494 lists no usable Security-Server");
	}
	free(server);
}

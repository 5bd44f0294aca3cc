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

#include "pcscf_registration.h"

#include <stdio.h>
#include <string.h>

#include <library.h>

#include <secagree_natt.h>
#include <hex.h>
#include <sys/random.h>

#define BIT IMSAKA_SECAGREE_BIT
#define HAS(e, p) (((e)->present & BIT(IMSAKA_SECAGREE_P_##p)) != 0)

/*
 * Described in header
 */
pcscf_registration_t *pcscf_registration_create(const char *impi)
{
	pcscf_registration_t *reg;

	reg = calloc(1, sizeof(*reg));
	if (reg)
	{
		reg->impi = strdup(impi);
		if (!reg->impi)
		{
			free(reg);
			reg = NULL;
		}
	}
	return reg;
}

/*
 * Described in header
 */
void pcscf_registration_destroy(pcscf_registration_t *reg)
{
	if (reg)
	{
		pcscf_secagree_clear(&reg->current);
		pcscf_secagree_clear(&reg->next);
		free(reg->impi);
		free(reg->impu);
		memwipe(reg, sizeof(*reg));
		free(reg);
	}
}

/**
 * Free a list, wiping it (it names SPIs)
 */
static void list_free(imsaka_secagree_list_t *list)
{
	if (list)
	{
		memwipe(list, sizeof(*list));
		free(list);
	}
}

/*
 * Described in header
 */
pcscf_secagree_t *pcscf_secagree_create(void)
{
	pcscf_secagree_t *agreement;

	agreement = calloc(1, sizeof(*agreement));
	if (agreement)
	{
		agreement->client = malloc(sizeof(*agreement->client));
		if (!agreement->client)
		{
			free(agreement);
			return NULL;
		}
		imsaka_secagree_list_init(agreement->client);
	}
	return agreement;
}

/*
 * Described in header
 */
void pcscf_secagree_clear(pcscf_secagree_t *agreement)
{
	if (agreement)
	{
		list_free(agreement->client);
		list_free(agreement->server);
		free(agreement->server_text);
		memset(agreement, 0, sizeof(*agreement));
	}
}

/*
 * Described in header
 */
void pcscf_secagree_destroy(pcscf_secagree_t *agreement)
{
	if (agreement)
	{
		pcscf_secagree_clear(agreement);
		free(agreement);
	}
}

/*
 * Described in header
 */
bool pcscf_registration_promote(pcscf_registration_t *reg)
{
	char text[IMSAKA_SECAGREE_MAX_TEXT];
	imsaka_secagree_list_t *server;
	bool ok = false;
	size_t len;

	pcscf_secagree_clear(&reg->current);
	reg->current = reg->next;
	memset(&reg->next, 0, sizeof(reg->next));
	server = reg->current.server;
	if (server && server->count &&
		imsaka_secagree_list_build(server, text, sizeof(text), &len) ==
			IMSAKA_SECAGREE_OK)
	{
		reg->current.server_text = strndup(text, len);
		ok = reg->current.server_text != NULL;
	}
	list_free(reg->current.client);
	list_free(reg->current.server);
	reg->current.client = reg->current.server = NULL;
	return ok;
}

/*
 * Described in header
 */
bool pcscf_registration_owns_next(const pcscf_registration_t *reg)
{
	return reg->next.ctx &&
		   (!reg->registered || reg->next.ctx != reg->current.ctx);
}

/*
 * Described in header
 */
uint32_t pcscf_registration_replaces(const pcscf_registration_t *reg)
{
	return reg->registered && pcscf_registration_owns_next(reg) ?
			reg->current.ctx : 0;
}

/*
 * Described in header
 */
void pcscf_registration_release(pcscf_registration_t *reg)
{
	if (reg && reg->holds)
	{
		reg->removed = true;
		return;
	}
	pcscf_registration_destroy(reg);
}

/*
 * Described in header
 */
uint32_t pcscf_registration_hold(pcscf_registration_t *reg)
{
	reg->holds++;
	return reg->handshake;
}

/*
 * Described in header
 */
void pcscf_registration_unhold(pcscf_registration_t *reg)
{
	if (--reg->holds == 0 && reg->removed)
	{
		pcscf_registration_destroy(reg);
	}
}

/*
 * Described in header
 */
bool pcscf_registration_is_at(const pcscf_registration_t *reg,
							  uint32_t handshake)
{
	return !reg->removed && reg->handshake == handshake;
}

/*
 * Described in header
 */
imsaka_secagree_err_t pcscf_registration_check_verify(
										const pcscf_registration_t *reg,
										const imsaka_secagree_list_t *verify)
{
	const char *text = reg->current.server_text;
	imsaka_secagree_list_t *server;
	imsaka_secagree_err_t err;

	if (!text)
	{
		return IMSAKA_SECAGREE_ERR_VERIFY_MISMATCH;
	}
	server = malloc(sizeof(*server));
	if (!server)
	{
		return IMSAKA_SECAGREE_ERR_INTERNAL;
	}
	imsaka_secagree_list_init(server);
	err = imsaka_secagree_list_parse(server, text, strlen(text));
	if (err == IMSAKA_SECAGREE_OK)
	{
		err = imsaka_secagree_check_verify(server, verify);
	}
	list_free(server);
	return err;
}

/*
 * Described in header
 */
const imsaka_secagree_entry_t *pcscf_secagree_chosen(
										const pcscf_secagree_t *agreement)
{
	return &agreement->client->entries[agreement->choice.client];
}

/*
 * Described in header
 */
void pcscf_secagree_take_chosen(pcscf_secagree_t *agreement)
{
	const imsaka_secagree_entry_t *ue = pcscf_secagree_chosen(agreement);

	agreement->ue_port_c = ue->port_c;
	agreement->ue_port_s = ue->port_s;
	agreement->ue_spi_c = ue->spi_c;
	agreement->ue_spi_s = ue->spi_s;
}

/**
 * Whether the agreement chose tls-psk or tls-aka (no SA sets, SIP inside
 * TLS records).
 *
 * @param agreement	agreement after negotiation
 * @return			TRUE for tls-psk and tls-aka
 */
static bool pcscf_secagree_is_tls(const pcscf_secagree_t *agreement)
{
	return agreement->choice.mech == IMSAKA_SECAGREE_MECH_TLS_PSK ||
		   agreement->choice.mech == IMSAKA_SECAGREE_MECH_TLS_AKA;
}

/**
 * Whether the agreement chose tls-aka (records keyed by AKA on the TCP
 * connection of SM1, docs/TLS-AKA.md).
 *
 * @param agreement	agreement after negotiation
 * @return			TRUE for tls-aka
 */
static bool pcscf_secagree_is_tls_aka(const pcscf_secagree_t *agreement)
{
	return agreement->choice.mech == IMSAKA_SECAGREE_MECH_TLS_AKA;
}

/**
 * The tls-psk entry of SM6: agreed suites, a new sid, the UE's q
 */
static bool build_tls_entry(pcscf_secagree_t *agreement,
							const imsaka_secagree_entry_t *ue,
							imsaka_secagree_entry_t *entry)
{
	imsaka_secagree_entry_init(entry, agreement->choice.mech);
	memcpy(entry->suites, agreement->choice.suites,
		   agreement->choice.suite_count * sizeof(entry->suites[0]));
	entry->suite_count = agreement->choice.suite_count;
	if (getrandom(entry->sid, PCSCF_SECAGREE_SID_LEN, 0) !=
			PCSCF_SECAGREE_SID_LEN)
	{
		return false;
	}
	entry->sid_len = PCSCF_SECAGREE_SID_LEN;
	entry->present = BIT(IMSAKA_SECAGREE_P_CS) | BIT(IMSAKA_SECAGREE_P_SID);
	if (HAS(ue, Q))
	{
		entry->q = ue->q;
		entry->present |= BIT(IMSAKA_SECAGREE_P_Q);
	}
	imsaka_hex_encode(entry->sid, entry->sid_len, agreement->tls_identity);
	return true;
}

/**
 * Make an entry the Security-Server of SM6, allocating the list if needed
 */
static imsaka_secagree_err_t set_server(pcscf_secagree_t *agreement,
										const imsaka_secagree_entry_t *entry)
{
	if (!agreement->server)
	{
		agreement->server = malloc(sizeof(*agreement->server));
		if (!agreement->server)
		{
			return IMSAKA_SECAGREE_ERR_INTERNAL;
		}
	}
	imsaka_secagree_list_init(agreement->server);
	return imsaka_secagree_list_add(agreement->server, NULL, entry);
}

/*
 * Described in header
 */
imsaka_secagree_err_t pcscf_secagree_tls_server(pcscf_secagree_t *agreement)
{
	imsaka_secagree_entry_t entry;

	if (!build_tls_entry(agreement, pcscf_secagree_chosen(agreement), &entry))
	{
		return IMSAKA_SECAGREE_ERR_INTERNAL;
	}
	return set_server(agreement, &entry);
}

/*
 * Described in header
 */
imsaka_secagree_err_t pcscf_secagree_ipsec_server(pcscf_secagree_t *agreement)
{
	const imsaka_secagree_entry_t *ue = pcscf_secagree_chosen(agreement);
	imsaka_secagree_entry_t entry;
	imsaka_secagree_err_t err;

	imsaka_secagree_entry_init(&entry, IMSAKA_SECAGREE_MECH_IPSEC_3GPP);
	entry.alg = agreement->choice.alg;
	entry.ealg = agreement->choice.ealg;
	entry.prot = agreement->choice.prot;
	entry.mod = agreement->choice.mod;
	entry.spi_c = agreement->spi_c;
	entry.spi_s = agreement->spi_s;
	entry.port_c = agreement->port_c;
	entry.port_s = agreement->port_s;
	entry.present = BIT(IMSAKA_SECAGREE_P_ALG) | BIT(IMSAKA_SECAGREE_P_SPI_C) |
					BIT(IMSAKA_SECAGREE_P_SPI_S) | BIT(IMSAKA_SECAGREE_P_PORT_C) |
					BIT(IMSAKA_SECAGREE_P_PORT_S);
	/* what the UE left to its default stays so, unless it changed */
	if (HAS(ue, EALG) || entry.ealg != IMSAKA_ESP_EALG_NULL)
	{
		entry.present |= BIT(IMSAKA_SECAGREE_P_EALG);
	}
	if (HAS(ue, MOD) || entry.mod != IMSAKA_SECAGREE_MOD_TRANS)
	{
		entry.present |= BIT(IMSAKA_SECAGREE_P_MOD);
	}
	if (HAS(ue, PROT))
	{
		entry.present |= BIT(IMSAKA_SECAGREE_P_PROT);
	}
	if (HAS(ue, NAT_U))
	{
		err = imsaka_secagree_natt_add_sm6(&entry, ue, &agreement->local,
									 &agreement->ue_source);
		if (err != IMSAKA_SECAGREE_OK)
		{
			return err;
		}
	}
	return set_server(agreement, &entry);
}

/*
 * Described in header
 */
void pcscf_secagree_sa(const pcscf_secagree_t *agreement,
						const pcscf_config_t *config, pcscf_control_client_sa_t *sa)
{
	*sa = (pcscf_control_client_sa_t){
		.local = config->protected_address,
		.port_c = agreement->port_c,
		.port_s = agreement->port_s,
		.spi_c = agreement->spi_c,
		.spi_s = agreement->spi_s,
		.remote = agreement->ue_protected,
		.rport_c = agreement->ue_port_c,
		.rport_s = agreement->ue_port_s,
		.rspi_c = agreement->ue_spi_c,
		.rspi_s = agreement->ue_spi_s,
		.mod = agreement->choice.mod,
		.alg = agreement->choice.alg,
		.ealg = agreement->choice.ealg,
	};
	sa->local.port = 0;
	sa->remote.port = 0;
	if (sa->mod != IMSAKA_SECAGREE_MOD_TRANS)
	{
		/* the plugin learns the port the UE's NAT gives 4500 from the
		 * first authenticated ESP-in-UDP packet */
		sa->local_outer = agreement->local;
		sa->remote_outer = agreement->ue_source;
		sa->local_outer.port = sa->remote_outer.port =
			sa->mod == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN ? PCSCF_NATT_PORT : 0;
	}
}

/*
 * Described in header
 */
imsaka_secagree_err_t pcscf_secagree_sm12_server(const pcscf_secagree_t *agreement,
											const pcscf_config_t *config,
											imsaka_secagree_list_t *list)
{
	imsaka_secagree_entry_t entry;

	imsaka_secagree_list_init(list);
	if (!agreement->server || !agreement->server->count ||
		!HAS(&agreement->server->entries[0], NAT_P))
	{
		return IMSAKA_SECAGREE_OK;
	}
	entry = agreement->server->entries[0];
	imsaka_secagree_natt_add_sm12(&entry, &agreement->local,
							config->public_address.family ?
								&config->public_address : NULL);
	return imsaka_secagree_list_add(list, agreement->server, &entry);
}

/*
 * Described in header
 */
void pcscf_registration_log(const pcscf_registration_t *reg,
							const pcscf_secagree_t *a, const char *step,
							const char *result)
{
	char source[IMSAKA_ADDR_STRLEN] = "-";

	imsaka_addr_format(&a->ue_source, source, sizeof(source));
	if (pcscf_secagree_is_tls(a))
	{
		DBG1(DBG_APP, "%s %s %s: from %s nat=%s mech=%s cs=%04x%s "
			 "sid=%s ctx=%u", reg->impi, step, result, source,
			 imsaka_nat_name(a->nat), pcscf_secagree_is_tls_aka(a) ?
			 "tls-aka" : "tls-psk", a->choice.suites[0],
			 a->choice.suite_count > 1 ? ",.." : "",
			 a->tls_identity[0] ? a->tls_identity : "-", a->ctx);
		return;
	}
	if (!a->ue_spi_c && !a->spi_c)
	{	/* before negotiation */
		DBG1(DBG_APP, "%s %s %s: from %s nat=%s ctx=%u", reg->impi, step,
			 result, source, imsaka_nat_name(a->nat), a->ctx);
		return;
	}
	DBG1(DBG_APP, "%s %s %s: from %s nat=%s mod=%s alg=%s ealg=%s "
		 "spi-uc=%u spi-us=%u port-uc=%u port-us=%u spi-pc=%u spi-ps=%u "
		 "port-pc=%u port-ps=%u ctx=%u", reg->impi, step, result, source,
		 imsaka_nat_name(a->nat), imsaka_secagree_mod_name(a->choice.mod),
		 imsaka_esp_alg_name(a->choice.alg) ?: "?",
		 imsaka_esp_ealg_name(a->choice.ealg) ?: "?", a->ue_spi_c,
		 a->ue_spi_s, a->ue_port_c, a->ue_port_s, a->spi_c, a->spi_s,
		 a->port_c, a->port_s, a->ctx);
}

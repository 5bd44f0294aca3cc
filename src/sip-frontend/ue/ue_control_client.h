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

/**
 * @defgroup ue_control_client ue_control_client
 * @{ @ingroup imsaka_ue
 *
 * What the UE asks of charon's imsaka plugin (docs/CONTROL.md, role ue):
 * AKA on the card, SPIs, SA sets and NAT keep-alives. An interface, so
 * the tests drive the registration with a fake; ue_control_client_create() talks
 * to the control socket.
 */

#ifndef UE_CONTROL_CLIENT_H_
/** length of a tls-psk PSK */
#define UE_CONTROL_PSK_LEN 32

#define UE_CONTROL_CLIENT_H_

#include <stdbool.h>
#include <stdint.h>

#include <secagree.h>

#include <control_caps.h>
#include <control_instance.h>

/** length of a Digest response in hex, plus NUL */
#define UE_CONTROL_RESPONSE_LEN 33
/** longest auts (base64 of 14 bytes is 20 characters), plus NUL */
#define UE_CONTROL_AUTS_LEN 64

typedef struct ue_control_client_t ue_control_client_t;
typedef struct ue_aka_request_t ue_aka_request_t;
typedef struct ue_sa_params_t ue_sa_params_t;

/**
 * Outcome of aka-digest.
 */
typedef enum {
	/** the network is authentic, response computed, CK/IK in charon */
	UE_AKA_OK,
	/** SQN not fresh: auts and a response with an empty password */
	UE_AKA_SYNC,
	/** MAC failure (the network is not authentic) or no K/OPc */
	UE_AKA_AUTH,
	/** anything else: socket, parameter, charon */
	UE_AKA_ERROR,
} ue_aka_status_t;

/**
 * Parameters of aka-digest; every value is a control token (printable,
 * no space), checked before it is sent.
 */
struct ue_aka_request_t {
	/** nonce of the challenge, base64 of RAND || AUTN */
	const char *nonce;
	/** "AKAv1-MD5" or "AKAv2-MD5" */
	const char *algorithm;
	/** Digest username (IMPI) */
	const char *username;
	/** Digest realm of the challenge */
	const char *realm;
	/** Digest uri */
	const char *uri;
	/** "auth" or NULL when the challenge had no qop */
	const char *qop;
	/** client nonce if qop */
	const char *cnonce;
	/** nonce count if qop */
	uint32_t nc;
};

/**
 * One SA set of the UE (sa-install), TS 33.203 7.1.
 */
struct ue_sa_params_t {
	/** the UE's protected address, port ignored */
	imsaka_addr_t local;
	/** the P-CSCF's protected address, port ignored */
	imsaka_addr_t remote;
	/** the UE's protected ports */
	uint16_t port_c, port_s;
	/** the UE's inbound SPIs */
	uint32_t spi_c, spi_s;
	/** the P-CSCF's protected ports */
	uint16_t rport_c, rport_s;
	/** the P-CSCF's inbound SPIs */
	uint32_t rspi_c, rspi_s;
	/** mode */
	imsaka_secagree_mod_t mod;
	/** integrity algorithm */
	imsaka_esp_alg_t alg;
	/** encryption algorithm */
	imsaka_esp_ealg_t ealg;
	/** outer addresses with ports (UDP-enc-tun), family 0 for none */
	imsaka_addr_t local_outer, remote_outer;
};

/**
 * The control socket calls of the UE.
 */
struct ue_control_client_t {

	/**
	 * caps: the modes and algorithm pairs charon's kernel backend can
	 * install. Asked once, and again after the control socket had to be
	 * reconnected; between those the last answer is returned.
	 *
	 * @param caps		receives the capabilities
	 * @param fresh		set to TRUE if this call asked charon and it answered
	 * @return			FALSE if charon did not answer caps (unknown)
	 */
	bool (*caps)(ue_control_client_t *this, control_caps_t *caps, bool *fresh);

	/**
	 * ctx-create role=ue.
	 *
	 * @param impi		private identity whose K/OPc charon holds
	 * @param ctx		receives the context
	 * @return			FALSE on failure (logged)
	 */
	bool (*ctx_create)(ue_control_client_t *this, const char *impi, uint32_t *ctx);

	/**
	 * spi-alloc.
	 *
	 * @param ctx		context
	 * @param spi_c		receives the UE's new spi-c
	 * @param spi_s		receives the UE's new spi-s
	 * @return			FALSE on failure (logged)
	 */
	bool (*spi_alloc)(ue_control_client_t *this, uint32_t ctx, uint32_t *spi_c,
					  uint32_t *spi_s);

	/**
	 * aka-digest: run AKA on the card and compute the Digest response.
	 *
	 * @param ctx		context
	 * @param req		challenge and credentials parameters
	 * @param response	receives the response (UE_AKA_OK, UE_AKA_SYNC)
	 * @param auts		receives auts (UE_AKA_SYNC)
	 * @return			outcome
	 */
	ue_aka_status_t (*aka_digest)(ue_control_client_t *this, uint32_t ctx,
								  const ue_aka_request_t *req,
								  char response[UE_CONTROL_RESPONSE_LEN],
								  char auts[UE_CONTROL_AUTS_LEN]);

	/**
	 * tls-psk: the PSK of the tls-psk connection (docs/TLS-PSK.md), after
	 * aka-digest.
	 *
	 * @param ctx		context
	 * @param rand		RAND of SM6's nonce
	 * @param sid		sid of SM6's tls-psk entry, lowercase hex
	 * @param psk		receives the PSK (wipe it after use)
	 * @return			FALSE on failure (logged)
	 */
	bool (*tls_psk)(ue_control_client_t *this, uint32_t ctx, const uint8_t rand[16],
					const char *sid, uint8_t psk[UE_CONTROL_PSK_LEN]);

	/**
	 * tls-aka-keys: the two tls-aka traffic secrets (docs/TLS-AKA.md) of
	 * the context after aka-digest.
	 *
	 * @param ctx		context
	 * @param suite		chosen suite (first of SM6's cs)
	 * @param sid		SM6's sid in hex
	 * @param ue		receives the UE's write secret (wipe after use)
	 * @param pcscf		receives the P-CSCF's write secret (wipe after use)
	 * @param len		receives the length of both (32 or 48)
	 * @return			FALSE on failure (logged)
	 */
	bool (*tls_aka_keys)(ue_control_client_t *this, uint32_t ctx, uint16_t suite,
						 const char *sid, uint8_t ue[48], uint8_t pcscf[48],
						 size_t *len);

	/**
	 * sa-install of the temporary set.
	 *
	 * @param ctx		context
	 * @param sa		the set
	 * @return			FALSE on failure (logged)
	 */
	bool (*sa_install)(ue_control_client_t *this, uint32_t ctx,
					   const ue_sa_params_t *sa);

	/**
	 * sa-promote after the 200 OK.
	 *
	 * @param ctx		context
	 * @param expires	registration expiry granted, seconds
	 * @return			FALSE on failure (logged)
	 */
	bool (*sa_promote)(ue_control_client_t *this, uint32_t ctx, uint32_t expires);

	/**
	 * ctx-hold after the 200 OK of a registration without SA set (tls-psk,
	 * tls-aka): charon keeps the context, and its CK/IK for a challenged
	 * de-REGISTER, as long as sa-promote would keep a current set.
	 *
	 * @param ctx		context
	 * @param expires	registration expiry granted, seconds
	 * @return			FALSE on failure (logged)
	 */
	bool (*ctx_hold)(ue_control_client_t *this, uint32_t ctx, uint32_t expires);

	/**
	 * sa-remove.
	 *
	 * @param ctx		context
	 * @param set		"temp", "current", "old" or "all"
	 * @return			FALSE on failure (logged)
	 */
	bool (*sa_remove)(ue_control_client_t *this, uint32_t ctx, const char *set);

	/**
	 * keepalive-start.
	 *
	 * @param ctx		context
	 * @param src		source address:port (the UE's, port 4500)
	 * @param dst		destination address:port (the P-CSCF's, port 4500)
	 * @return			FALSE on failure (logged)
	 */
	bool (*keepalive_start)(ue_control_client_t *this, uint32_t ctx,
							const imsaka_addr_t *src, const imsaka_addr_t *dst);

	/**
	 * keepalive-stop.
	 *
	 * @param ctx		context
	 * @return			FALSE on failure (logged)
	 */
	bool (*keepalive_stop)(ue_control_client_t *this, uint32_t ctx);

	/**
	 * ctx-delete: removes SA sets, keep-alives and SPIs of the context.
	 *
	 * @param ctx		context
	 * @return			FALSE on failure (logged)
	 */
	bool (*ctx_delete)(ue_control_client_t *this, uint32_t ctx);

	/**
	 * ctx-flush role=ue for the UE's IMPI, at start: the contexts a
	 * previous imsaka-ue left (logged).
	 *
	 * @param impi		private identity
	 * @return			contexts removed, -1 if none could be
	 */
	int (*ctx_flush)(ue_control_client_t *this, const char *impi);

	/**
	 * Set whom a new connection tells that charon restarted, when this
	 * client made contexts in the charon that is gone. From then on it
	 * sends no request naming one of them (they fail at once): their
	 * numbers may name other contexts in the new charon.
	 *
	 * @param cb		callback (called before any request is sent on the
	 *					new connection, possibly from within a request)
	 * @param data		data for cb
	 */
	void (*set_restart)(ue_control_client_t *this, control_restart_cb_t cb,
						void *data);

	/**
	 * Whether a context this client made is gone with a charon that
	 * restarted since.
	 *
	 * @param ctx		context
	 * @return			TRUE if gone (0 is never gone)
	 */
	bool (*is_gone)(ue_control_client_t *this, uint32_t ctx);

	/**
	 * Notice, while nothing is asked, that charon stopped or restarted:
	 * look without blocking whether charon closed the connection, and if
	 * so (or if none is open) connect again, which calls the restart
	 * callback when charon restarted.
	 *
	 * @return			TRUE if connected
	 */
	bool (*check)(ue_control_client_t *this);

	/**
	 * Close the connection and free.
	 */
	void (*destroy)(ue_control_client_t *this);
};

/**
 * Check that a value can be sent as one control token: 1..1024 printable
 * ASCII characters, no space.
 *
 * @param value		value
 * @return			TRUE if it can
 */
bool ue_control_client_token_ok(const char *value);

/**
 * Create the client of charon's control socket; it connects on first use
 * and once more after a broken connection.
 *
 * @param path		socket path
 * @return			client
 */
ue_control_client_t *ue_control_client_create(const char *path);

#endif /** UE_CONTROL_CLIENT_H_ @}*/

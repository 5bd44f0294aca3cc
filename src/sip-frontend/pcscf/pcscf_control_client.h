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
 * @defgroup pcscf_control_client pcscf_control_client
 * @{ @ingroup pcscf
 *
 * What the P-CSCF asks of the imsaka plugin in charon, as requests of the
 * control protocol (docs/CONTROL.md). A registration's requests are
 * pipelined (sa-prepare, sa-promote, the TLS mechanisms' contexts, keys
 * and holds, and the clean-up requests; pcscf_control_requests sends them
 * and parses their replies): the SIP event loop never waits for them. caps
 * alone is a blocking one-line request. The transports are pluggable: the
 * control socket in the program, fakes in tests.
 */

#ifndef PCSCF_CONTROL_CLIENT_H_
#define PCSCF_CONTROL_CLIENT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <secagree.h>

#include "pcscf_counters.h"

#include <control_caps.h>
#include <control_pipeline.h>

typedef struct pcscf_control_client_t pcscf_control_client_t;
typedef struct pcscf_control_client_sa_t pcscf_control_client_sa_t;
typedef struct pcscf_control_prepared_t pcscf_control_prepared_t;

/** size of a reply line buffer */
#define PCSCF_CONTROL_REPLY_MAX 1024

/**
 * Send one request line and read its one-line reply.
 *
 * @param data		data given to pcscf_control_client_create()
 * @param request	request line without line end
 * @param reply		receives the reply line ("OK ..." or "ERR ...")
 * @param size		size of reply
 * @return			FALSE if the request could not be sent or no reply read
 *					(reply then holds why)
 */
typedef bool (*pcscf_control_client_call_t)(void *data, const char *request,
									char *reply, size_t size);

/**
 * What sa-prepare made: the context (new or given) and the P-CSCF's SPIs.
 */
struct pcscf_control_prepared_t {
	/** context id */
	uint32_t ctx;
	/** inbound SPIs spi_pc, spi_ps */
	uint32_t spi_c, spi_s;
};

/**
 * Called with the outcome of a pipelined request (failures are logged).
 *
 * @param data		data given with the request
 * @param ok		TRUE if charon answered OK
 * @param prepared	what sa-prepare made if ok, else NULL (NULL for the
 *					other requests)
 */
typedef void (*pcscf_control_client_done_t)(void *data, bool ok,
									const pcscf_control_prepared_t *prepared);

/**
 * Called with the context ctx_prepare() put CK/IK into.
 *
 * @param data		data given with the request
 * @param ok		TRUE if the context has the keys
 * @param ctx		the context (made or given) if ok, else 0
 */
typedef void (*pcscf_control_client_keyed_t)(void *data, bool ok,
											 uint32_t ctx);

/**
 * Called with the PSK of a tls-psk request.
 *
 * @param data		data given with the request
 * @param ok		TRUE if charon answered with a PSK
 * @param psk		PCSCF_CONTROL_PSK_LEN bytes if ok, else NULL; wiped
 *					when the call returns
 */
typedef void (*pcscf_control_client_psk_t)(void *data, bool ok,
										   const uint8_t *psk);

/**
 * Called with the traffic secrets of a tls-aka-keys request.
 *
 * @param data		data given with the request
 * @param ok		TRUE if charon answered with both secrets
 * @param ue		the UE's write secret if ok, else NULL; wiped when the
 *					call returns
 * @param pcscf		the P-CSCF's write secret if ok, else NULL; wiped too
 * @param len		length of both (32 or 48) if ok, else 0
 */
typedef void (*pcscf_control_client_secrets_t)(void *data, bool ok,
											   const uint8_t *ue,
											   const uint8_t *pcscf,
											   size_t len);

/** length of a tls-psk PSK */
#define PCSCF_CONTROL_PSK_LEN 32

/**
 * The parameters of sa-install.
 */
struct pcscf_control_client_sa_t {
	/** P-CSCF protected address, no port */
	imsaka_addr_t local;
	/** P-CSCF protected ports port_pc, port_ps */
	uint16_t port_c, port_s;
	/** P-CSCF inbound SPIs spi_pc, spi_ps (from spi-alloc) */
	uint32_t spi_c, spi_s;
	/** UE protected address, no port */
	imsaka_addr_t remote;
	/** UE protected ports port_uc, port_us */
	uint16_t rport_c, rport_s;
	/** UE inbound SPIs spi_uc, spi_us */
	uint32_t rspi_c, rspi_s;
	/** mode */
	imsaka_secagree_mod_t mod;
	/** integrity algorithm */
	imsaka_esp_alg_t alg;
	/** encryption algorithm */
	imsaka_esp_ealg_t ealg;
	/** outer addresses (with port for UDP-enc-tun); family 0 to omit */
	imsaka_addr_t local_outer, remote_outer;
};

/**
 * Registration contexts and SA sets in charon, for the P-CSCF. Every
 * failure is logged with the command and the plugin's answer.
 */
struct pcscf_control_client_t {

	/**
	 * caps: the modes and algorithm pairs charon's kernel backend can
	 * install. Asked once per connection of the control socket: once
	 * charon closed the one caps was asked on (it may have restarted with
	 * another backend) caps is asked on a new one; between those the last
	 * answer is returned without a request.
	 *
	 * @param caps		receives the capabilities
	 * @param fresh		set to TRUE if this call asked charon and it answered
	 * @return			FALSE if charon did not answer caps (unknown)
	 */
	bool (*caps)(pcscf_control_client_t *this, control_caps_t *caps, bool *fresh);

	/**
	 * ctx-create (unless a context is given) and ctx-keys, pipelined: the
	 * CK/IK of the S-CSCF's 401 in a context, for the TLS mechanisms.
	 * ctx-keys goes when ctx-create's reply gave the context. A context
	 * made here is deleted (ctx-delete) before keyed hears of a failure
	 * after it; a given one keeps its keys when ctx-keys fails (charon
	 * carries a request out fully or not at all).
	 *
	 * @param impi		IMPI for a new context, with ctx 0
	 * @param ctx		context of a re-registration, 0 for a new one
	 * @param ck		CK (copied until ctx-keys is built, then wiped)
	 * @param ik		IK (likewise)
	 * @param keyed		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for keyed
	 * @return			FALSE if the first request could not be sent
	 */
	bool (*ctx_prepare)(pcscf_control_client_t *this, const char *impi,
						uint32_t ctx, const uint8_t ck[16],
						const uint8_t ik[16],
						pcscf_control_client_keyed_t keyed, void *data);

	/**
	 * tls-psk, pipelined: the PSK of a tls-psk connection
	 * (docs/TLS-PSK.md), once the context has CK/IK.
	 *
	 * @param ctx		context id
	 * @param rand		RAND of the 401's nonce
	 * @param sid		PSK identity, lowercase hex (2..64 characters)
	 * @param cb		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for cb
	 * @return			FALSE if the request could not be sent
	 */
	bool (*tls_psk)(pcscf_control_client_t *this, uint32_t ctx,
					const uint8_t rand[16], const char *sid,
					pcscf_control_client_psk_t cb, void *data);

	/**
	 * tls-aka-keys, pipelined: the two tls-aka traffic secrets
	 * (docs/TLS-AKA.md), once the context has CK/IK.
	 *
	 * @param ctx		context id
	 * @param suite		chosen suite (0x1301, 0x1302, 0x1303)
	 * @param sid		SM6's sid, lowercase hex (2..64 characters)
	 * @param cb		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for cb
	 * @return			FALSE if the request could not be sent
	 */
	bool (*tls_aka_keys)(pcscf_control_client_t *this, uint32_t ctx,
						 uint16_t suite, const char *sid,
						 pcscf_control_client_secrets_t cb, void *data);

	/**
	 * sa-prepare, pipelined: context (new for an IMPI, or the one given),
	 * CK/IK, two SPIs and the temporary SA set in one request that charon
	 * carries out fully or not at all. spi_c/spi_s of sa are not used.
	 *
	 * @param impi		IMPI for a new context, with ctx 0
	 * @param ctx		context of a re-registration, 0 for a new one
	 * @param ck		CK
	 * @param ik		IK
	 * @param sa		parameters
	 * @param done		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for done
	 * @return			FALSE if the request could not be sent
	 */
	bool (*sa_prepare)(pcscf_control_client_t *this, const char *impi,
					   uint32_t ctx, const uint8_t ck[16], const uint8_t ik[16],
					   const pcscf_control_client_sa_t *sa,
					   pcscf_control_client_done_t done, void *data);

	/**
	 * sa-promote, pipelined: the temporary set becomes the current one.
	 *
	 * @param ctx		context id
	 * @param expires	registration expiry granted, s
	 * @param replaces	context of the registration in force that goes in
	 *					the same step, 0 for none
	 * @param done		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for done
	 * @return			FALSE if the request could not be sent
	 */
	bool (*sa_promote)(pcscf_control_client_t *this, uint32_t ctx,
					   uint32_t expires, uint32_t replaces,
					   pcscf_control_client_done_t done, void *data);

	/**
	 * ctx-hold, pipelined, its outcome handed to done: what promotion
	 * keeps of a TLS mechanism's agreement (SM10), where a failure fails
	 * the registration.
	 *
	 * @param ctx		context id
	 * @param expires	registration expiry granted, s
	 * @param done		called with the outcome, unless FALSE is returned;
	 *					possibly before this returns
	 * @param data		data for done
	 * @return			FALSE if the request could not be sent
	 */
	bool (*ctx_hold_checked)(pcscf_control_client_t *this, uint32_t ctx,
							 uint32_t expires,
							 pcscf_control_client_done_t done, void *data);

	/**
	 * ctx-hold, pipelined, for a registration refreshed without a new
	 * agreement; a failure is logged.
	 *
	 * @param ctx		context id
	 * @param expires	registration expiry granted, s
	 * @return			FALSE if it could not be sent
	 */
	bool (*ctx_hold_pipelined)(pcscf_control_client_t *this, uint32_t ctx,
							   uint32_t expires);

	/**
	 * sa-remove, pipelined; a failure is logged.
	 *
	 * @param ctx		context id
	 * @param set		"temp", "current", "old" or "all"
	 * @return			FALSE if it could not be sent
	 */
	bool (*sa_remove)(pcscf_control_client_t *this, uint32_t ctx, const char *set);

	/**
	 * ctx-delete, pipelined: the context with its SA sets, SPIs and
	 * keep-alives; a failure is logged.
	 *
	 * @param ctx		context id
	 * @return			FALSE if it could not be sent
	 */
	bool (*ctx_delete)(pcscf_control_client_t *this, uint32_t ctx);

	/**
	 * keepalive-start, pipelined; a failure is logged.
	 *
	 * @param ctx		context id
	 * @param src		local address:port (charon's NAT-T port)
	 * @param dst		peer address:port
	 * @return			FALSE if it could not be sent
	 */
	bool (*keepalive_start)(pcscf_control_client_t *this, uint32_t ctx,
							const imsaka_addr_t *src, const imsaka_addr_t *dst);

	/**
	 * Whether charon's control socket answers: the connection caps is
	 * asked on is open (looked at without blocking), or, when charon
	 * closed it, a new one could be made with hello (at most once a
	 * second; blocking as hello is). Over another line transport:
	 * whether it answers hello.
	 *
	 * @return			TRUE if charon is there
	 */
	bool (*is_up)(pcscf_control_client_t *this);

	/**
	 * Pipelined requests not answered yet.
	 *
	 * @return			count
	 */
	u_int (*get_pending)(pcscf_control_client_t *this);

	/**
	 * Wait, blocking, until charon answered every pipelined request (at
	 * shutdown, after the event loop), CONTROL_TIMEOUT at most.
	 */
	void (*drain)(pcscf_control_client_t *this);

	/**
	 * Set whom the pipelined connection tells that charon restarted (a
	 * connection made again whose hello carries another instance=). Called
	 * from the event loop's timer before any request is sent on the new
	 * connection; the requests that waited for it are not sent.
	 *
	 * @param cb		callback, NULL for none
	 * @param data		data for cb
	 */
	void (*set_restart)(pcscf_control_client_t *this, control_restart_cb_t cb,
						void *data);

	/**
	 * Count charon's ERR replies (control-errors) and the requests it left
	 * unanswered (control-lost), on both connections.
	 *
	 * @param counters	counters, NULL to stop counting
	 */
	void (*set_counters)(pcscf_control_client_t *this,
						 pcscf_counters_t *counters);

	/**
	 * Close the connections and free; pipelined requests in flight fail.
	 */
	void (*destroy)(pcscf_control_client_t *this);
};

/**
 * Create over a line transport; the pipelined requests go over it too,
 * answered before they return.
 *
 * @param call		sends a request and reads the reply
 * @param data		data for call
 * @return			object
 */
pcscf_control_client_t *pcscf_control_client_create(pcscf_control_client_call_t call, void *data);

/**
 * Create over a line transport for caps and a pipeline for the other
 * requests.
 *
 * @param call		sends a request and reads the reply
 * @param data		data for call
 * @param pipeline	pipeline, owned by the object from now on
 * @return			object
 */
pcscf_control_client_t *pcscf_control_client_create_pipelined(
							pcscf_control_client_call_t call, void *data,
							control_pipeline_t *pipeline);

/**
 * Create over the plugin's control socket: one connection for caps
 * (connected on first use and again once charon closed it), one pipelined
 * connection watched by the transport.
 *
 * @param path		socket path
 * @param transport	event loop of the pipelined connection
 * @param timeout	seconds charon has to answer, 0 for the default
 * @return			object
 */
pcscf_control_client_t *pcscf_control_client_create_socket(const char *path,
												sip_transport_t *transport,
												u_int timeout);

#endif /** PCSCF_CONTROL_CLIENT_H_ @}*/

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
 * Fakes for the P-CSCF tests: a transport that records what is sent and
 * the timers set, a charon line transport that records requests and
 * answers like the plugin (or fails a chosen command), and a log hook.
 */

#ifndef PCSCF_FAKES_H_
#define PCSCF_FAKES_H_

#include <stdbool.h>

#include <sip_transport.h>

#include "../pcscf_control_client.h"

/** most messages, requests and timers recorded */
#define FAKE_MAX 160

/** PSK the fake charon answers to tls-psk */
#define FAKE_PSK_HEX \
	"c8732a80c5ab88b64b5333c06a989107ac06cf5a712779b26b1ba11c802894af"

/** traffic secrets the fake charon answers to tls-aka-keys */
#define FAKE_TLS_AKA_UE_HEX \
	"d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d"
#define FAKE_TLS_AKA_PCSCF_HEX \
	"663c4452cbe3ea9595c9c6d8aae31094f2b3581dd23b19a651ce4f95d279d911"

/**
 * A message sent.
 */
typedef struct {
	sip_peer_t peer;
	char *text;
} fake_sent_t;

/**
 * A timer set.
 */
typedef struct {
	uint32_t id;
	uint32_t ms;
	sip_transport_timer_cb_t cb;
	void *data;
	bool active;
} fake_timer_t;

/**
 * The recording transport.
 */
typedef struct {
	sip_transport_t public;
	fake_sent_t sent[FAKE_MAX];
	int sent_count;
	fake_timer_t timers[FAKE_MAX];
	int timer_count;
	int listen_count;
	/** TLS connection with a PSK identity (get_identity), 0 for none */
	uint32_t tls_conn;
	char tls_identity[80];
	/** listen_filtered() calls */
	int filtered_count;
	/** set_filter() calls: the last connection, and sent_count then */
	int filters_set;
	uint32_t filter_conn;
	int filter_sent_count;
	/** the last connection close_conn() closed, 0 for none */
	uint32_t closed_conn;
	/** abort_addr() calls and the endpoints of the first ones */
	int aborts;
	imsaka_addr_t aborted_local[4], aborted_remote[4];
	/** what on_close() set: a test tells of a gone connection with it */
	sip_transport_close_cb_t close_cb;
	void *close_data;
} fake_transport_t;

/**
 * The recording charon.
 */
typedef struct {
	char *requests[FAKE_MAX];
	int count;
	/** command to answer with ERR, NULL for none */
	const char *fail;
	uint32_t next_ctx;
	uint32_t next_spi;
	/** reply to caps, NULL: an older plugin that does not know it */
	const char *caps;
	/** caps requests seen (not in requests) */
	int caps_asked;
	/** charon's control socket does not answer hello (is_up()) */
	bool down;
	/** hello requests seen (not in requests) */
	int hellos;
	/** pipelined requests wait for fake_control_answer() */
	bool defer;
	/** pipelined requests waiting: reply callback, data, and the reply
	 *  the fake charon would give */
	struct {
		control_pipeline_cb_t cb;
		void *data;
		char reply[256];
	} waiting[FAKE_MAX];
	/** entries of waiting, answered ones have cb NULL */
	int waiting_count;
} fake_control_t;

fake_transport_t *fake_transport_create(void);
void fake_transport_destroy(fake_transport_t *t);
/** forget what was sent */
void fake_transport_clear(fake_transport_t *t);
/** the last message sent, NULL if none */
fake_sent_t *fake_transport_last(fake_transport_t *t);
/** the active timer with the longest delay, NULL if none */
fake_timer_t *fake_transport_longest_timer(fake_transport_t *t);

/** create the recording charon behind a pcscf_control_client_t */
pcscf_control_client_t *fake_control_create(fake_control_t *fake);
/** forget the requests */
void fake_control_clear(fake_control_t *fake);
/** answer the i-th deferred request with reply, NULL for the fake's own;
 *  FALSE if there is none waiting at i */
bool fake_control_answer(fake_control_t *fake, int i, const char *reply);
/** deferred requests not answered yet */
int fake_control_waiting(fake_control_t *fake);
/** the recorded request starting with prefix, NULL if none */
const char *fake_control_find(fake_control_t *fake, const char *prefix);

/** start collecting log lines up to a level */
void fake_log_start(int level);
/** the collected log text */
const char *fake_log_text(void);

#endif

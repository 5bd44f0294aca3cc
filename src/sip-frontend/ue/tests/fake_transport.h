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
 * A sip_transport_t for tests: records what is sent and listened on, runs
 * timers on a virtual clock when the test says so.
 */

#ifndef FAKE_TRANSPORT_H_
#define FAKE_TRANSPORT_H_

#include <sip_transport.h>

#define FAKE_MAX_SENT 64
#define FAKE_MAX_TIMERS 64
#define FAKE_MAX_LISTEN 16

typedef struct {
	sip_peer_t peer;
	char *msg;
	size_t len;
} fake_sent_t;

typedef struct {
	uint32_t id;
	uint64_t due;
	uint32_t ms;
	sip_transport_timer_cb_t cb;
	void *data;
	bool active;
} fake_timer_t;

typedef struct {
	sip_transport_t public;
	fake_sent_t sent[FAKE_MAX_SENT];
	int sent_count;
	fake_timer_t timers[FAKE_MAX_TIMERS];
	int timer_count;
	uint32_t next_id;
	uint64_t now;
	struct {
		sip_proto_t proto;
		imsaka_addr_t addr;
	} listening[FAKE_MAX_LISTEN];
	int listen_count;
	bool stopped;
	/** abort_addr() calls and the endpoints of the first ones */
	int aborts;
	imsaka_addr_t aborted_local[4], aborted_remote[4];
	/** connect() calls, the last connection's id and peer */
	int connects;
	uint32_t last_conn;
	sip_peer_t conn_peer;
	/** whether the last connection is open (is_open()) */
	bool conn_open;
	/** set_filter() calls, the last filter (kept, freed with the fake)
	 *  and its connection, which becomes last_conn */
	int filters_set;
	sip_stream_filter_t *filter;
	uint32_t filter_conn;
} fake_transport_t;

fake_transport_t *fake_transport_create(void);

/** connection id a TCP message without one went on */
#define FAKE_TCP_CONN 55

/** last message sent, NUL-terminated */
const fake_sent_t *fake_transport_last(fake_transport_t *t);

/** fire the earliest active timer; FALSE if none */
bool fake_transport_fire(fake_transport_t *t);

/** number of active timers */
int fake_transport_timers(fake_transport_t *t);

/** the active timer due last, NULL if none */
fake_timer_t *fake_transport_latest(fake_transport_t *t);

#endif

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
 * A fake charon control socket on a thread, for the clients' restart
 * handling: it answers hello with an instance= (or none, an older plugin),
 * records every other request, answers tagged requests with their tag, and
 * "restarts" on request: every connection closed, another instance.
 */

#ifndef FAKE_CHARON_H_
#define FAKE_CHARON_H_

#include <pthread.h>
#include <stdbool.h>

/** connections served at once */
#define FAKE_CHARON_CONNS 8

typedef struct {
	/** socket path */
	char path[108];
	/** listening socket, wake-up and acknowledge pipes */
	int listen_fd, wake[2], ack[2];
	/** connections, and what they sent without a line end yet */
	int conns[FAKE_CHARON_CONNS];
	char in[FAKE_CHARON_CONNS][4096];
	size_t in_len[FAKE_CHARON_CONNS];
	/** the serving thread */
	pthread_t thread;
	/** guards what follows */
	pthread_mutex_t lock;
	/** instance hello answers, "" for none */
	char instance[64];
	/** what ctx-flush is answered */
	char flush_reply[128];
	/** requests other than hello, one a line */
	char log[8192];
	/** hellos answered */
	int hellos;
	/** next context ctx-create makes */
	unsigned int next_ctx;
} fake_charon_t;

/**
 * Start serving a socket in /tmp.
 *
 * @param instance	instance hello answers, "" for none
 * @return			fake
 */
fake_charon_t *fake_charon_start(const char *instance);

/**
 * Close every connection and answer hello with another instance (the same
 * for a restart of the connections only); returns when done.
 *
 * @param instance	instance from now on
 */
void fake_charon_restart(fake_charon_t *this, const char *instance);

/**
 * Number of requests received starting with prefix.
 */
int fake_charon_count(fake_charon_t *this, const char *prefix);

/**
 * Hellos answered so far.
 */
int fake_charon_hellos(fake_charon_t *this);

/**
 * Stop serving and free.
 */
void fake_charon_stop(fake_charon_t *this);

#endif /** FAKE_CHARON_H_ */

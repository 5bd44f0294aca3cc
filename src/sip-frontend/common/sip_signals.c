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

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2() */
#endif

#include "sip_signals.h"

#include <library.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

typedef struct private_sip_signals_t private_sip_signals_t;

/**
 * Private data of a sip_signals_t object.
 */
struct private_sip_signals_t {

	/**
	 * Public interface
	 */
	sip_signals_t public;

	/**
	 * Self-pipe: read end, write end
	 */
	int pipe[2];

	/**
	 * Actions of SIGINT and SIGTERM before
	 */
	struct sigaction old_int, old_term;
};

/**
 * Write end of the self-pipe of the object catching signals: a signal
 * handler can reach nothing else
 */
static int signal_fd = -1;

static void signal_handler(int sig)
{
	int saved = errno;
	char byte = sig;

	if (signal_fd >= 0 && write(signal_fd, &byte, 1) < 0)
	{
		/* pipe full: a signal is pending anyway */
	}
	errno = saved;
}

METHOD(sip_signals_t, get_fd, int,
	private_sip_signals_t *this)
{
	return this->pipe[0];
}

METHOD(sip_signals_t, take, bool,
	private_sip_signals_t *this, int *sig)
{
	bool taken = FALSE;
	char byte;

	while (this->pipe[0] >= 0 && read(this->pipe[0], &byte, 1) == 1)
	{
		*sig = byte;
		taken = TRUE;
	}
	return taken;
}

METHOD(sip_signals_t, destroy, void,
	private_sip_signals_t *this)
{
	if (this->pipe[1] >= 0 && signal_fd == this->pipe[1])
	{
		sigaction(SIGINT, &this->old_int, NULL);
		sigaction(SIGTERM, &this->old_term, NULL);
		signal_fd = -1;
	}
	if (this->pipe[0] >= 0)
	{
		close(this->pipe[0]);
		close(this->pipe[1]);
	}
	free(this);
}

/*
 * Described in header
 */
sip_signals_t *sip_signals_create(void)
{
	private_sip_signals_t *this;
	struct sigaction action = {
		.sa_handler = signal_handler,
		.sa_flags = SA_RESTART,
	};

	INIT(this,
		.public = {
			.get_fd = _get_fd,
			.take = _take,
			.destroy = _destroy,
		},
	);
	if (pipe2(this->pipe, O_NONBLOCK | O_CLOEXEC) != 0)
	{
		DBG1(DBG_NET, "creating the signal pipe failed: %s, SIGINT and "
			 "SIGTERM end the program at once", strerror(errno));
		this->pipe[0] = this->pipe[1] = -1;
		return &this->public;
	}
	signal_fd = this->pipe[1];
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, &this->old_int);
	sigaction(SIGTERM, &action, &this->old_term);
	return &this->public;
}

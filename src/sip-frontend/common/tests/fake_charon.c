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

#include "fake_charon.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/**
 * Answer one request line
 */
static void answer(fake_charon_t *this, int fd, char *line)
{
	char reply[512], tag[24] = "", *pos, *end;
	size_t len;

	pos = strstr(line, " tag=");
	if (pos)
	{
		len = strspn(pos + 5, "0123456789");
		if (len && len < sizeof(tag) - 1)
		{
			snprintf(tag, sizeof(tag), "%.*s ", (int)len, pos + 5);
		}
	}
	pthread_mutex_lock(&this->lock);
	if (!strncmp(line, "hello", 5))
	{
		end = strstr(line, "version=2") ? "2" : "1";
		this->hellos++;
		snprintf(reply, sizeof(reply), "%sOK version=%s imsaka=test%s%s\n",
				 tag, end, this->instance[0] ? " instance=" : "",
				 this->instance);
	}
	else
	{
		len = strlen(this->log);
		snprintf(this->log + len, sizeof(this->log) - len, "%s\n", line);
		if (!strncmp(line, "ctx-flush", 9))
		{
			snprintf(reply, sizeof(reply), "%s%s\n", tag, this->flush_reply);
		}
		else if (!strncmp(line, "ctx-create", 10))
		{
			snprintf(reply, sizeof(reply), "%sOK ctx=%u\n", tag,
					 this->next_ctx++);
		}
		else
		{
			snprintf(reply, sizeof(reply), "%sOK\n", tag);
		}
	}
	pthread_mutex_unlock(&this->lock);
	if (send(fd, reply, strlen(reply), MSG_NOSIGNAL) < 0)
	{
		return;
	}
}

/**
 * Read and answer the lines a connection sent
 *
 * @return			FALSE if it closed
 */
static bool serve(fake_charon_t *this, int i)
{
	char *buf = this->in[i], *start, *nl;
	size_t *len = &this->in_len[i];
	ssize_t n;

	n = recv(this->conns[i], buf + *len, sizeof(this->in[i]) - 1 - *len, 0);
	if (n <= 0)
	{
		return false;
	}
	*len += n;
	buf[*len] = '\0';
	for (start = buf; (nl = strchr(start, '\n')); start = nl + 1)
	{
		*nl = '\0';
		answer(this, this->conns[i], start);
	}
	*len -= start - buf;
	memmove(buf, start, *len);
	return *len < sizeof(this->in[i]) - 1;
}

/**
 * Close every connection
 */
static void close_all(fake_charon_t *this)
{
	int i;

	for (i = 0; i < FAKE_CHARON_CONNS; i++)
	{
		if (this->conns[i] >= 0)
		{
			close(this->conns[i]);
			this->conns[i] = -1;
		}
		this->in_len[i] = 0;
	}
}

/**
 * The serving thread
 */
static void *run(void *data)
{
	fake_charon_t *this = data;
	struct pollfd pfd[FAKE_CHARON_CONNS + 2];
	char cmd;
	int i, fd;

	while (true)
	{
		pfd[0] = (struct pollfd){ .fd = this->wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = this->listen_fd, .events = POLLIN };
		for (i = 0; i < FAKE_CHARON_CONNS; i++)
		{
			pfd[i + 2] = (struct pollfd){ .fd = this->conns[i],
										  .events = POLLIN };
		}
		if (poll(pfd, FAKE_CHARON_CONNS + 2, -1) < 0 && errno != EINTR)
		{
			break;
		}
		if (pfd[0].revents)
		{
			if (read(this->wake[0], &cmd, 1) != 1 || cmd == 'q')
			{
				break;
			}
			close_all(this);
			cmd = 'k';
			if (write(this->ack[1], &cmd, 1) != 1)
			{
				break;
			}
			continue;
		}
		if (pfd[1].revents & POLLIN)
		{
			fd = accept(this->listen_fd, NULL, NULL);
			for (i = 0; fd >= 0 && i < FAKE_CHARON_CONNS; i++)
			{
				if (this->conns[i] < 0)
				{
					this->conns[i] = fd;
					this->in_len[i] = 0;
					fd = -1;
				}
			}
			if (fd >= 0)
			{
				close(fd);
			}
		}
		for (i = 0; i < FAKE_CHARON_CONNS; i++)
		{
			if (pfd[i + 2].fd >= 0 && pfd[i + 2].revents &&
				this->conns[i] == pfd[i + 2].fd && !serve(this, i))
			{
				close(this->conns[i]);
				this->conns[i] = -1;
			}
		}
	}
	close_all(this);
	return NULL;
}

fake_charon_t *fake_charon_start(const char *instance)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	fake_charon_t *this = calloc(1, sizeof(*this));
	int i;

	snprintf(this->path, sizeof(this->path), "/tmp/imsaka-fake-charon-%d",
			 (int)getpid());
	snprintf(this->instance, sizeof(this->instance), "%s", instance);
	snprintf(this->flush_reply, sizeof(this->flush_reply), "OK flushed=0");
	this->next_ctx = 1;
	for (i = 0; i < FAKE_CHARON_CONNS; i++)
	{
		this->conns[i] = -1;
	}
	pthread_mutex_init(&this->lock, NULL);
	unlink(this->path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", this->path);
	this->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (this->listen_fd < 0 ||
		bind(this->listen_fd, (struct sockaddr*)&addr, sizeof(addr)) ||
		listen(this->listen_fd, 8) || pipe(this->wake) || pipe(this->ack) ||
		pthread_create(&this->thread, NULL, run, this))
	{
		abort();
	}
	return this;
}

void fake_charon_restart(fake_charon_t *this, const char *instance)
{
	char cmd = 'r';

	pthread_mutex_lock(&this->lock);
	snprintf(this->instance, sizeof(this->instance), "%s", instance);
	pthread_mutex_unlock(&this->lock);
	if (write(this->wake[1], &cmd, 1) != 1 || read(this->ack[0], &cmd, 1) != 1)
	{
		abort();
	}
}

int fake_charon_count(fake_charon_t *this, const char *prefix)
{
	const char *line;
	int count = 0;

	pthread_mutex_lock(&this->lock);
	for (line = this->log; *line; line = strchr(line, '\n') + 1)
	{
		if (!strncmp(line, prefix, strlen(prefix)))
		{
			count++;
		}
	}
	pthread_mutex_unlock(&this->lock);
	return count;
}

int fake_charon_hellos(fake_charon_t *this)
{
	int n;

	pthread_mutex_lock(&this->lock);
	n = this->hellos;
	pthread_mutex_unlock(&this->lock);
	return n;
}

void fake_charon_stop(fake_charon_t *this)
{
	char cmd = 'q';

	if (write(this->wake[1], &cmd, 1) == 1)
	{
		pthread_join(this->thread, NULL);
	}
	close(this->listen_fd);
	close(this->wake[0]);
	close(this->wake[1]);
	close(this->ack[0]);
	close(this->ack[1]);
	unlink(this->path);
	pthread_mutex_destroy(&this->lock);
	free(this);
}

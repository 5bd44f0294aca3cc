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
 * A stand-in for the imsaka plugin's control socket (docs/CONTROL.md) for
 * bench/run-registration.sh: answers every request the P-CSCF makes with
 * OK at once (contexts and SPIs counted up, nothing installed), so the
 * P-CSCF's own registration rate shows without charon's SA set cost.
 * Speaks v1 and, after "hello version=2", v2: a request's tag= starts its
 * reply line. Counts the requests per command and prints them on
 * SIGTERM/SIGINT. Key material of ctx-keys and sa-prepare is wiped, never
 * printed.
 *
 * usage: bench_reg_fake_charon SOCKET-PATH
 */

#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/** connections served at once */
#define MAX_CONN 16

/** longest request line */
#define LINE_MAX_LEN 4096

/** commands counted */
static const char *commands[] = {
	"hello", "ctx-create", "ctx-keys", "spi-alloc", "sa-install",
	"sa-promote", "sa-remove", "ctx-delete", "keepalive-start", "sa-prepare",
};

/** requests per command, the last one: unknown */
static unsigned long counts[sizeof(commands) / sizeof(commands[0]) + 1];

/** set by the signal handler */
static volatile sig_atomic_t stop;

/**
 * A client connection.
 */
typedef struct {
	int fd;
	/** protocol version, 1 until hello version=2 */
	int version;
	size_t len;
	char buf[LINE_MAX_LEN];
} conn_t;

static void on_signal(int sig)
{
	stop = 1;
}

/**
 * The value of key=... in a request, as a number
 */
static unsigned long value(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtoul(p + strlen(key), NULL, 10) : 0;
}

/**
 * The tag of a v2 request: the value of a tag= parameter (a token of its
 * own, not the command) if it is a number in 1..2^32-1, else 0
 */
static unsigned long tag_of(const char *line)
{
	const char *p = line + strcspn(line, " \t");
	unsigned long tag;
	char *end;

	while (*p)
	{
		p += strspn(p, " \t");
		if (strncmp(p, "tag=", 4) == 0 && p[4] >= '0' && p[4] <= '9')
		{
			errno = 0;
			tag = strtoul(p + 4, &end, 10);
			return (!errno && (*end == '\0' || *end == ' ' || *end == '\t') &&
					tag >= 1 && tag <= 0xffffffffUL) ? tag : 0;
		}
		p += strcspn(p, " \t");
	}
	return 0;
}

/**
 * Answer hello: choose the connection's version
 */
static int hello(conn_t *c, const char *line, char *reply, size_t size)
{
	unsigned long version = value(line, "version=");

	if (version != 1 && version != 2)
	{
		return snprintf(reply, size, "ERR version protocol version %lu is "
						"not supported, versions 1 and 2 are\n", version);
	}
	c->version = version;
	return snprintf(reply, size, "OK version=%lu imsaka=bench-fake\n",
					version);
}

/**
 * Answer one request line
 */
static int answer(conn_t *c, const char *line, char *reply, size_t size)
{
	static unsigned long ctx = 1, spi = 0x20000;
	size_t cmd = strcspn(line, " "), i;
	unsigned long id;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
	{
		if (strlen(commands[i]) == cmd && strncmp(line, commands[i], cmd) == 0)
		{
			break;
		}
	}
	counts[i]++;
	switch (i)
	{
		case 0:
			return hello(c, line, reply, size);
		case 1:
			return snprintf(reply, size, "OK ctx=%lu\n", ctx++);
		case 3:
			spi += 2;
			return snprintf(reply, size, "OK spi-c=%lu spi-s=%lu\n", spi,
							spi + 1);
		case 4:
			return snprintf(reply, size, "OK ctx=%lu set=temp lifetime=600\n",
							value(line, "ctx="));
		case 5:
			return snprintf(reply, size, "OK ctx=%lu set=current lifetime=%lu "
							"old=no\n", value(line, "ctx="),
							value(line, "expires=") + 30);
		case 6:
			return snprintf(reply, size, "OK ctx=%lu removed=4\n",
							value(line, "ctx="));
		case 8:
			return snprintf(reply, size, "OK ctx=%lu keepalive=1\n",
							value(line, "ctx="));
		case 2:
		case 7:
			return snprintf(reply, size, "OK ctx=%lu\n", value(line, "ctx="));
		case 9:
			/* a new context for impi=, ctx= for a re-registration */
			id = strstr(line, " impi=") ? ctx++ : value(line, "ctx=");
			spi += 2;
			return snprintf(reply, size, "OK ctx=%lu spi-c=%lu spi-s=%lu "
							"set=temp lifetime=%lu\n", id, spi, spi + 1,
							value(line, "lifetime=") ?: 600);
		default:
			return snprintf(reply, size, "ERR unknown command\n");
	}
}

/**
 * Read what a connection sent and answer its complete lines
 *
 * @return			FALSE if the connection is to be closed
 */
static int serve(conn_t *c)
{
	char reply[256];
	unsigned long tag;
	ssize_t got;
	size_t start = 0, i;
	int len, pre;

	got = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (got <= 0)
	{
		return got < 0 && errno == EINTR;
	}
	c->len += got;
	for (i = 0; i < c->len; i++)
	{
		if (c->buf[i] != '\n')
		{
			continue;
		}
		c->buf[i] = '\0';
		/* v2: the reply starts with the tag of the request */
		tag = c->version == 2 ? tag_of(c->buf + start) : 0;
		pre = tag ? snprintf(reply, sizeof(reply), "%lu ", tag) : 0;
		len = pre + answer(c, c->buf + start, reply + pre,
						   sizeof(reply) - pre);
		/* ctx-keys carries CK/IK: gone once answered */
		memset(c->buf + start, 0, i - start);
		if (write(c->fd, reply, len) != len)
		{
			return 0;
		}
		start = i + 1;
	}
	memmove(c->buf, c->buf + start, c->len - start);
	memset(c->buf + c->len - start, 0, start);
	c->len -= start;
	return c->len < sizeof(c->buf);
}

int main(int argc, char *argv[])
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct pollfd pfd[MAX_CONN + 1];
	conn_t *conns;
	int lfd, i, n = 0;
	size_t c;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path))
	{
		fprintf(stderr, "usage: bench_reg_fake_charon SOCKET-PATH\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	strcpy(sun.sun_path, argv[1]);
	unlink(argv[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr*)&sun, sizeof(sun)) < 0 ||
		listen(lfd, 16) < 0)
	{
		perror("bench_reg_fake_charon");
		return 1;
	}
	conns = calloc(MAX_CONN, sizeof(*conns));
	if (!conns)
	{
		return 1;
	}
	while (!stop)
	{
		pfd[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < n; i++)
		{
			pfd[i + 1] = (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
		}
		if (poll(pfd, n + 1, -1) < 0)
		{
			continue;
		}
		for (i = n - 1; i >= 0; i--)
		{
			if (pfd[i + 1].revents && !serve(&conns[i]))
			{
				close(conns[i].fd);
				conns[i] = conns[--n];
			}
		}
		if ((pfd[0].revents & POLLIN) && n < MAX_CONN)
		{
			conns[n].fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			conns[n].version = 1;
			conns[n].len = 0;
			if (conns[n].fd >= 0)
			{
				n++;
			}
		}
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
	{
		fprintf(stderr, "fake charon: %s %lu\n", commands[c], counts[c]);
	}
	fprintf(stderr, "fake charon: unknown %lu\n", counts[c]);
	for (i = 0; i < n; i++)
	{
		close(conns[i].fd);
	}
	free(conns);
	close(lfd);
	unlink(argv[1]);
	return 0;
}

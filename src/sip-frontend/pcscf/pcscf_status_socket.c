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

#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <library.h>

#include "pcscf_status_socket.h"

/** protocol version of hello */
#define STATUS_VERSION 1

/** mode of the socket file: the group of imsaka-pcscf may ask */
#define STATUS_MODE 0660

/** connections taken, or events handled, per loop round */
#define BURST 16

typedef struct private_pcscf_status_socket_t private_pcscf_status_socket_t;

/**
 * One client
 */
typedef struct {
	/** its socket, -1 if the slot is free */
	int fd;
	/** request bytes not yet taken: one line and its CR LF at most */
	char in[PCSCF_STATUS_LINE_MAX + 2];
	/** bytes in in */
	size_t in_len;
	/** the reply being written */
	char out[PCSCF_STATUS_REPLY_MAX];
	/** bytes in out */
	size_t out_len;
	/** bytes of out written */
	size_t out_pos;
	/** close once out is written (the line was too long) */
	bool closing;
} client_t;

/**
 * Private data.
 */
struct private_pcscf_status_socket_t {

	/** public interface */
	pcscf_status_socket_t public;

	/** socket file */
	char *path;

	/** its inode, so that only our own file is removed */
	struct stat st;

	/** listening socket */
	int fd;

	/** epoll set of fd and the clients: the one descriptor watched */
	int epoll;

	/** transport whose loop watches epoll */
	sip_transport_t *transport;

	/** watch id */
	uint32_t watch;

	/** prints the counters */
	pcscf_status_stats_t stats;

	/** data for stats */
	void *data;

	/** clients, by slot; epoll data is slot + 1, 0 for fd */
	client_t clients[PCSCF_STATUS_CLIENTS_MAX];
};

/**
 * Close a client and free its slot
 */
static void client_close(private_pcscf_status_socket_t *this, client_t *c)
{
	epoll_ctl(this->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	*c = (client_t){ .fd = -1 };
}

/**
 * Wait for what the client needs next
 */
static void client_rearm(private_pcscf_status_socket_t *this, client_t *c)
{
	struct epoll_event ev = {
		.events = c->out_pos < c->out_len ? EPOLLOUT : EPOLLIN,
		.data.u32 = c - this->clients + 1,
	};

	epoll_ctl(this->epoll, EPOLL_CTL_MOD, c->fd, &ev);
}

/**
 * Write what is left of the reply
 *
 * @return			FALSE if the client went
 */
static bool client_flush(private_pcscf_status_socket_t *this, client_t *c)
{
	ssize_t len;

	while (c->out_pos < c->out_len)
	{
		len = send(c->fd, c->out + c->out_pos, c->out_len - c->out_pos,
				   MSG_NOSIGNAL | MSG_DONTWAIT);
		if (len < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		{
			return true;
		}
		if (len <= 0)
		{
			client_close(this, c);
			return false;
		}
		c->out_pos += len;
	}
	c->out_pos = c->out_len = 0;
	if (c->closing)
	{
		client_close(this, c);
		return false;
	}
	return true;
}

/**
 * Whether a request is `hello version=...`, and the version (0 if it is
 * no number)
 */
static bool parse_hello(const char *line, u_int *version)
{
	const char *prefix = "hello version=";
	char *end;
	u_long value;

	if (strncmp(line, prefix, strlen(prefix)) ||
		line[strlen(prefix)] < '0' || line[strlen(prefix)] > '9')
	{
		return false;
	}
	errno = 0;
	value = strtoul(line + strlen(prefix), &end, 10);
	if (*end || errno || value > UINT32_MAX)
	{
		*version = 0;
		return true;
	}
	*version = value;
	return true;
}

/**
 * Build the reply to one request line
 */
static void answer(private_pcscf_status_socket_t *this, client_t *c,
				   const char *line)
{
	size_t size = sizeof(c->out) - 1;
	u_int version;
	int len;

	if (streq(line, "stats"))
	{
		len = snprintf(c->out, size, "OK ");
		if (!this->stats(this->data, c->out + len, size - len))
		{
			len = snprintf(c->out, size, "ERR internal counters do not fit "
						   "in a line");
		}
		else
		{
			len = strlen(c->out);
		}
	}
	else if (parse_hello(line, &version))
	{
		len = version == STATUS_VERSION ?
			snprintf(c->out, size, "OK version=%d", STATUS_VERSION) :
			snprintf(c->out, size, "ERR version only protocol version %d is "
					 "supported", STATUS_VERSION);
	}
	else
	{	/* the request itself is not echoed: it is anyone's input */
		len = snprintf(c->out, size, "ERR unknown-command the requests are "
					   "'hello version=%d' and 'stats'", STATUS_VERSION);
	}
	c->out[len++] = '\n';
	c->out_len = len;
	c->out_pos = 0;
}

/**
 * Answer the complete lines received while no reply is pending
 *
 * @return			FALSE if the client went
 */
static bool client_process(private_pcscf_status_socket_t *this, client_t *c)
{
	char *nl;
	size_t len;

	while (c->out_pos == c->out_len && !c->closing &&
		   (nl = memchr(c->in, '\n', c->in_len)))
	{
		len = nl - c->in;
		*nl = '\0';
		if (len && c->in[len - 1] == '\r')
		{
			c->in[len - 1] = '\0';
		}
		answer(this, c, c->in);
		c->in_len -= len + 1;
		memmove(c->in, nl + 1, c->in_len);
		if (!client_flush(this, c))
		{
			return false;
		}
	}
	if (c->out_pos == c->out_len && !c->closing &&
		c->in_len == sizeof(c->in))
	{	/* no newline within the longest line: the client is not ours */
		DBG2(DBG_NET, "status socket: request line too long, closing");
		c->out_len = snprintf(c->out, sizeof(c->out), "ERR line-too-long "
							  "a request is at most %d bytes\n",
							  PCSCF_STATUS_LINE_MAX);
		c->out_pos = 0;
		c->closing = true;
		c->in_len = 0;
		return client_flush(this, c);
	}
	return true;
}

/**
 * A client is ready
 */
static void client_ready(private_pcscf_status_socket_t *this, client_t *c,
						 uint32_t events)
{
	ssize_t len;

	if (c->out_pos < c->out_len)
	{
		if (!client_flush(this, c) || c->out_pos < c->out_len)
		{
			return;
		}
	}
	else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
	{
		len = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len,
				   MSG_DONTWAIT);
		if (len < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
						errno == EINTR))
		{
			return;
		}
		if (len <= 0)
		{	/* gone, or a broken connection */
			client_close(this, c);
			return;
		}
		c->in_len += len;
	}
	if (client_process(this, c))
	{
		client_rearm(this, c);
	}
}

/**
 * Take new connections; beyond the cap, tell and close
 */
static void accept_clients(private_pcscf_status_socket_t *this)
{
	static const char busy[] = "ERR busy too many status clients\n";
	struct epoll_event ev = { .events = EPOLLIN };
	int fd, i, n;

	for (n = 0; n < BURST; n++)
	{
		fd = accept4(this->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
		{
			return;
		}
		for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
		{
			if (this->clients[i].fd < 0)
			{
				break;
			}
		}
		ev.data.u32 = i + 1;
		if (i == PCSCF_STATUS_CLIENTS_MAX ||
			epoll_ctl(this->epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
		{
			DBG1(DBG_NET, "status socket: more than %d clients, one refused",
				 PCSCF_STATUS_CLIENTS_MAX);
			/* best effort: a full buffer of a new socket is unlikely */
			if (send(fd, busy, strlen(busy), MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			{
				DBG2(DBG_NET, "status socket: busy reply not sent");
			}
			close(fd);
			continue;
		}
		this->clients[i] = (client_t){ .fd = fd };
	}
}

/**
 * The epoll set is ready: handle what is due
 */
static short on_ready(void *data, int fd, short revents)
{
	private_pcscf_status_socket_t *this = data;
	struct epoll_event events[BURST];
	int n, i;

	n = epoll_wait(this->epoll, events, countof(events), 0);
	for (i = 0; i < n; i++)
	{
		if (!events[i].data.u32)
		{
			accept_clients(this);
		}
		else if (events[i].data.u32 <= PCSCF_STATUS_CLIENTS_MAX &&
				 this->clients[events[i].data.u32 - 1].fd >= 0)
		{
			client_ready(this, &this->clients[events[i].data.u32 - 1],
						 events[i].events);
		}
	}
	return POLLIN;
}

METHOD(pcscf_status_socket_t, get_clients, u_int,
	private_pcscf_status_socket_t *this)
{
	u_int count = 0;
	int i;

	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		count += this->clients[i].fd >= 0;
	}
	return count;
}

METHOD(pcscf_status_socket_t, destroy, void,
	private_pcscf_status_socket_t *this)
{
	struct stat st;
	int i;

	if (this->watch)
	{
		this->transport->set_watch(this->transport, this->watch, 0);
	}
	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		if (this->clients[i].fd >= 0)
		{
			client_close(this, &this->clients[i]);
		}
	}
	if (this->fd >= 0)
	{
		close(this->fd);
		/* another process may have replaced the file meanwhile */
		if (lstat(this->path, &st) == 0 && st.st_ino == this->st.st_ino &&
			st.st_dev == this->st.st_dev)
		{
			unlink(this->path);
		}
	}
	if (this->epoll >= 0)
	{
		close(this->epoll);
	}
	free(this->path);
	free(this);
}

/**
 * Remove a socket file an earlier process left, if nothing listens on it
 *
 * @return			FALSE if the path is in use or not a socket (logged)
 */
static bool clear_stale(const char *path, const struct sockaddr_un *addr)
{
	struct stat st;
	int fd, err;

	if (lstat(path, &st) != 0)
	{
		if (errno == ENOENT)
		{
			return true;
		}
		DBG1(DBG_CFG, "status socket %s: %s", path, strerror(errno));
		return false;
	}
	if (!S_ISSOCK(st.st_mode))
	{
		DBG1(DBG_CFG, "status socket %s: a file that is no socket is there, "
			 "left alone", path);
		return false;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		DBG1(DBG_CFG, "status socket %s: %s", path, strerror(errno));
		return false;
	}
	err = connect(fd, (const struct sockaddr*)addr, sizeof(*addr)) == 0 ?
			0 : errno;
	close(fd);
	if (err != ECONNREFUSED)
	{
		DBG1(DBG_CFG, "status socket %s: in use by another process", path);
		return false;
	}
	DBG2(DBG_CFG, "status socket %s: stale, replaced", path);
	return unlink(path) == 0 || errno == ENOENT;
}

/**
 * Bind and listen on the socket file with its mode
 */
static bool bind_listen(private_pcscf_status_socket_t *this,
						const struct sockaddr_un *addr)
{
	mode_t old;
	bool ok;

	this->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (this->fd < 0)
	{
		DBG1(DBG_CFG, "status socket %s: %s", this->path, strerror(errno));
		return false;
	}
	/* no moment where others may connect before the mode is set */
	old = umask(0777 & ~STATUS_MODE);
	ok = bind(this->fd, (const struct sockaddr*)addr, sizeof(*addr)) == 0;
	umask(old);
	if (!ok)
	{
		DBG1(DBG_CFG, "status socket %s: bind failed: %s", this->path,
			 strerror(errno));
		close(this->fd);
		this->fd = -1;
		return false;
	}
	if (lstat(this->path, &this->st) != 0 ||
		chmod(this->path, STATUS_MODE) != 0 ||
		listen(this->fd, PCSCF_STATUS_CLIENTS_MAX) != 0)
	{
		DBG1(DBG_CFG, "status socket %s: %s", this->path, strerror(errno));
		return false;
	}
	return true;
}

/*
 * Described in header
 */
pcscf_status_socket_t *pcscf_status_socket_create(const char *path,
												  sip_transport_t *transport,
												  pcscf_status_stats_t stats,
												  void *data)
{
	private_pcscf_status_socket_t *this;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 0 };
	int i;

	if (!path || !path[0] || strlen(path) >= sizeof(addr.sun_path))
	{
		DBG1(DBG_CFG, "status socket '%s': no valid path", path ?: "");
		return NULL;
	}
	memcpy(addr.sun_path, path, strlen(path));
	INIT(this,
		.public = {
			.get_clients = _get_clients,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.fd = -1,
		.epoll = -1,
		.transport = transport,
		.stats = stats,
		.data = data,
	);
	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		this->clients[i].fd = -1;
	}
	if (!clear_stale(path, &addr))
	{
		destroy(this);
		return NULL;
	}
	if (!bind_listen(this, &addr))
	{
		destroy(this);
		return NULL;
	}
	this->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (this->epoll < 0 ||
		epoll_ctl(this->epoll, EPOLL_CTL_ADD, this->fd, &ev) != 0)
	{
		DBG1(DBG_CFG, "status socket %s: epoll: %s", path, strerror(errno));
		destroy(this);
		return NULL;
	}
	this->watch = transport->watch(transport, this->epoll, POLLIN, on_ready,
								   this);
	if (!this->watch)
	{
		DBG1(DBG_CFG, "status socket %s: the event loop watches too many "
			 "descriptors", path);
		destroy(this);
		return NULL;
	}
	DBG1(DBG_CFG, "status socket %s", path);
	return &this->public;
}

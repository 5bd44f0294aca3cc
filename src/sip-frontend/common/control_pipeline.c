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

#include "control_pipeline.h"
#include "control_client.h"
#include "sip_timers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <library.h>
#include <collections/hashtable.h>

/** bytes of replies buffered until their line end */
#define IN_MAX CONTROL_REPLY_LINE_MAX

/** how often requests in flight are checked for a timeout, ms */
#define CHECK_INTERVAL 1000

typedef struct private_control_pipeline_t private_control_pipeline_t;
typedef struct pending_t pending_t;

/**
 * A request in flight
 */
struct pending_t {
	/** its tag */
	uint32_t tag;
	/** reply callback */
	control_pipeline_cb_t cb;
	/** its data */
	void *data;
	/** when it was sent, ms (sip_timers_now()) */
	uint64_t sent;
	/** requests in the order they were sent */
	pending_t *prev, *next;
};

/**
 * Private data of a control_pipeline_t object.
 */
struct private_control_pipeline_t {

	/** public interface */
	control_pipeline_t public;

	/** control socket path */
	char *path;

	/** event loop */
	sip_transport_t *transport;

	/** connected socket, -1 if none */
	int fd;

	/** its watch in the event loop, 0 if none */
	uint32_t watch;

	/** requests in flight by tag */
	hashtable_t *pending;

	/** oldest and newest request in flight */
	pending_t *head, *tail;

	/** last tag given */
	uint32_t tag;

	/** request lines not written yet */
	char *out;

	/** bytes in out, and allocated */
	size_t out_len, out_size;

	/** reply bytes received without their line end yet */
	char in[IN_MAX];

	/** bytes in in */
	size_t in_len;

	/** how long charon may stay silent with requests in flight, ms */
	uint64_t timeout;

	/** when the last reply came, ms (sip_timers_now()) */
	uint64_t last_reply;

	/** timer checking timeouts, 0 if none */
	uint32_t timer;

	/** a connection was made once: a lost one is made again by a timer */
	bool connected_once;

	/** timer connecting again, 0 if none */
	uint32_t reconnect_timer;

	/** delay of the next attempt to connect again, ms */
	u_int reconnect_ms;

	/** charon's instance on the last connection, and whom a new one tells
	 *  about a restart */
	control_instance_t instance;
};

static void reconnect(private_control_pipeline_t *this);

/**
 * Take a request out of the order of sending and the table
 */
static void unlink_pending(private_control_pipeline_t *this, pending_t *p)
{
	this->pending->remove(this->pending, (void*)(uintptr_t)p->tag);
	if (p->prev)
	{
		p->prev->next = p->next;
	}
	else
	{
		this->head = p->next;
	}
	if (p->next)
	{
		p->next->prev = p->prev;
	}
	else
	{
		this->tail = p->prev;
	}
}

/**
 * Arm the timer connecting again, unless armed or nothing was connected
 */
static void schedule_reconnect(private_control_pipeline_t *this)
{
	if (this->reconnect_timer || !this->connected_once)
	{
		return;
	}
	this->reconnect_ms = this->reconnect_ms ?: CONTROL_PIPELINE_RECONNECT_MIN;
	this->reconnect_timer = this->transport->add_timer(this->transport,
						this->reconnect_ms, (void*)reconnect, this);
}

/**
 * Take every request in flight out of the order of sending and the table
 *
 * @return			the oldest, linked to the others by next
 */
static pending_t *take_pending(private_control_pipeline_t *this)
{
	pending_t *p = this->head, *next;

	this->head = this->tail = NULL;
	for (next = p; next; next = next->next)
	{
		this->pending->remove(this->pending, (void*)(uintptr_t)next->tag);
	}
	if (this->out)
	{
		memwipe(this->out, this->out_size);
	}
	this->out_len = 0;
	return p;
}

/**
 * Give requests taken out their reply, and free them
 */
static void fail_taken(pending_t *p, const char *reply)
{
	pending_t *next;

	while (p)
	{
		next = p->next;
		p->cb(p->data, reply);
		free(p);
		p = next;
	}
}

/**
 * Drop the connection; every request in flight gets reply (callbacks may
 * send new requests: they wait for the connection the timer makes)
 */
static void drop(private_control_pipeline_t *this, const char *reply)
{
	pending_t *p;

	if (this->watch)
	{
		this->transport->set_watch(this->transport, this->watch, 0);
		this->watch = 0;
	}
	if (this->fd >= 0)
	{
		close(this->fd);
		this->fd = -1;
	}
	/* a part of a reply line, perhaps of keys */
	memwipe(this->in, this->in_len);
	this->in_len = 0;
	p = take_pending(this);
	schedule_reconnect(this);
	fail_taken(p, reply);
}

/**
 * Write what the socket takes
 *
 * @return			FALSE if the connection broke
 */
static bool flush(private_control_pipeline_t *this)
{
	ssize_t n;

	while (this->out_len)
	{
		n = send(this->fd, this->out, this->out_len, MSG_NOSIGNAL);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK;
		}
		memmove(this->out, this->out + n, this->out_len - n);
		this->out_len -= n;
		/* sa-prepare lines hold CK and IK */
		memwipe(this->out + this->out_len, n);
	}
	return true;
}

/**
 * Hand one reply line to its request
 */
static void reply_line(private_control_pipeline_t *this, char *line)
{
	unsigned long tag;
	pending_t *p;
	char *end;

	errno = 0;
	tag = strtoul(line, &end, 10);
	if (line[0] < '0' || line[0] > '9' || *end != ' ' || errno ||
		tag > UINT32_MAX)
	{
		DBG1(DBG_KNL, "charon: reply without a tag ignored: %.40s", line);
		return;
	}
	p = this->pending->get(this->pending, (void*)(uintptr_t)tag);
	if (!p)
	{
		DBG1(DBG_KNL, "charon: reply to no request in flight (tag %lu) "
			 "ignored", tag);
		return;
	}
	unlink_pending(this, p);
	this->last_reply = sip_timers_now();
	p->cb(p->data, end + 1);
	free(p);
}

/**
 * Read replies
 *
 * @return			FALSE if the connection broke
 */
static bool receive(private_control_pipeline_t *this)
{
	char *nl, *start, *end;
	ssize_t n;

	while (this->fd >= 0)
	{
		n = recv(this->fd, this->in + this->in_len,
				 sizeof(this->in) - this->in_len, 0);
		if (n < 0 && errno == EINTR)
		{
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		{
			return true;
		}
		if (n <= 0)
		{
			return false;
		}
		start = this->in;
		end = this->in + this->in_len + n;
		/* the lines are the loop's while callbacks run: one that drops the
		 * connection (drop() wipes in_len bytes) leaves them to it */
		this->in_len = 0;
		while ((nl = memchr(start, '\n', end - start)))
		{
			*nl = '\0';
			if (nl > start && nl[-1] == '\r')
			{
				nl[-1] = '\0';
			}
			reply_line(this, start);
			/* replies carry keys (tls-psk, tls-aka-keys): wiped once
			 * handled */
			memwipe(start, nl + 1 - start);
			start = nl + 1;
			if (this->fd < 0)
			{	/* dropped by a callback, with the lines after this one */
				memwipe(start, end - start);
				return true;
			}
		}
		this->in_len = end - start;
		memmove(this->in, start, this->in_len);
		/* the part moved, at its old place */
		memwipe(this->in + this->in_len, start - this->in);
		if (this->in_len == sizeof(this->in))
		{
			DBG1(DBG_KNL, "charon: reply line longer than %d bytes", IN_MAX);
			return false;
		}
	}
	return true;
}

/**
 * What the socket waits for
 */
static short events(private_control_pipeline_t *this)
{
	if (this->fd < 0)
	{
		return 0;
	}
	return POLLIN | (this->out_len ? POLLOUT : 0);
}

/**
 * The socket is ready
 */
static short on_ready(private_control_pipeline_t *this, int fd, short revents)
{
	if (fd != this->fd)
	{
		return 0;
	}
	if ((revents & POLLOUT) && !flush(this))
	{
		DBG1(DBG_KNL, "charon: sending requests failed: %s", strerror(errno));
		drop(this, CONTROL_PIPELINE_LOST);
		return 0;
	}
	if ((revents & (POLLIN | POLLERR | POLLHUP)) && !receive(this))
	{
		DBG1(DBG_KNL, "charon: control connection lost, %u requests in "
			 "flight fail", this->pending->get_count(this->pending));
		drop(this, CONTROL_PIPELINE_LOST);
		return 0;
	}
	if (fd != this->fd)
	{	/* a callback dropped it, a new one has its own watch */
		return 0;
	}
	return events(this);
}

/**
 * Connect with hello version=2, non-blocking afterwards. A connection to a
 * restarted charon sends none of the requests waiting for it: they get
 * CONTROL_PIPELINE_LOST once the restart callback returned.
 */
static bool connect_socket(private_control_pipeline_t *this)
{
	char reply[256], now[CONTROL_INSTANCE_LEN + 1];
	pending_t *taken = NULL;
	bool restarted;
	int fd, flags;

	fd = control_connect(this->path);
	if (fd < 0)
	{
		if (this->reconnect_ms > CONTROL_PIPELINE_RECONNECT_MIN)
		{	/* said once while charon is away */
			DBG2(DBG_KNL, "charon: connecting to %s: %s", this->path,
				 strerror(errno));
		}
		else
		{
			DBG1(DBG_KNL, "charon: connecting to %s: %s", this->path,
				 strerror(errno));
		}
		return false;
	}
	if (!control_call(fd, reply, sizeof(reply), "hello version=2"))
	{
		DBG1(DBG_KNL, "charon: hello version=2 refused: %s", reply);
		close(fd);
		return false;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
	{
		close(fd);
		return false;
	}
	restarted = control_instance_parse(reply, now) &&
				this->instance.last[0] && !streq(this->instance.last, now);
	if (restarted)
	{	/* they name contexts of the charon that is gone */
		taken = take_pending(this);
	}
	/* the owner forgets its contexts before anything is sent */
	control_instance_check(&this->instance, reply);
	this->watch = this->transport->watch(this->transport, fd,
								POLLIN | (this->out_len ? POLLOUT : 0),
								(sip_transport_watch_cb_t)on_ready, this);
	if (!this->watch)
	{
		close(fd);
		fail_taken(taken, CONTROL_PIPELINE_LOST);
		return false;
	}
	this->fd = fd;
	if (this->connected_once)
	{
		DBG1(DBG_KNL, "charon: control connection to %s back: %s",
			 this->path, reply);
	}
	else
	{
		DBG2(DBG_KNL, "charon: pipelined connection to %s: %s", this->path,
			 reply);
	}
	this->connected_once = true;
	this->reconnect_ms = 0;
	fail_taken(taken, CONTROL_PIPELINE_LOST);
	return true;
}

/**
 * Timer: connect again after a loss, less often while charon is away
 */
static void reconnect(private_control_pipeline_t *this)
{
	this->reconnect_timer = 0;
	if (this->fd >= 0)
	{
		return;
	}
	if (!connect_socket(this))
	{
		this->reconnect_ms = min(2 * this->reconnect_ms,
								 CONTROL_PIPELINE_RECONNECT_MAX);
		schedule_reconnect(this);
		return;
	}
	if (this->out_len && this->fd >= 0 && !flush(this))
	{
		DBG1(DBG_KNL, "charon: sending requests failed: %s", strerror(errno));
		drop(this, CONTROL_PIPELINE_LOST);
	}
}

/**
 * Check whether charon is silent: requests in flight and no reply since
 * the timeout. A busy charon that answers, however late, is waited for
 * (what waits on a request has its own timer); only a hung one fails them.
 */
static void check_timeout(private_control_pipeline_t *this)
{
	uint64_t since;

	this->timer = 0;
	since = this->head ? max(this->head->sent, this->last_reply) : 0;
	if (this->head && sip_timers_now() - since >= this->timeout)
	{
		DBG1(DBG_KNL, "charon: no reply in %llu ms, %u requests in flight "
			 "fail", (unsigned long long)this->timeout,
			 this->pending->get_count(this->pending));
		drop(this, CONTROL_PIPELINE_TIMEOUT);
	}
	if (this->head && !this->timer)
	{
		this->timer = this->transport->add_timer(this->transport,
						CHECK_INTERVAL, (void*)check_timeout, this);
	}
}

/**
 * Append a tagged request line to what is to be written
 */
static bool queue_line(private_control_pipeline_t *this, uint32_t tag,
					   const char *request)
{
	char head[16];
	size_t hlen, rlen = strlen(request), need;

	/* the tag is a parameter: after the command */
	hlen = snprintf(head, sizeof(head), " tag=%u", tag);
	need = this->out_len + rlen + hlen + 1;
	if (need > this->out_size)
	{
		this->out_size = max(need, 2 * this->out_size);
		this->out = realloc(this->out, this->out_size);
	}
	rlen = strcspn(request, " ");
	memcpy(this->out + this->out_len, request, rlen);
	memcpy(this->out + this->out_len + rlen, head, hlen);
	memcpy(this->out + this->out_len + rlen + hlen, request + rlen,
		   strlen(request) - rlen);
	this->out_len = need - 1;
	this->out[this->out_len++] = '\n';
	return true;
}

METHOD(control_pipeline_t, send_, bool,
	private_control_pipeline_t *this, const char *request,
	control_pipeline_cb_t cb, void *data)
{
	pending_t *p;

	if (strlen(request) + 16 > CONTROL_LINE_MAX || strchr(request, '\n') ||
		(this->fd < 0 && !this->connected_once && !connect_socket(this)))
	{
		return false;
	}
	do
	{
		this->tag = this->tag + 1 ?: 1;
	}
	while (this->pending->get(this->pending, (void*)(uintptr_t)this->tag));
	INIT(p,
		.tag = this->tag,
		.cb = cb,
		.data = data,
		.sent = sip_timers_now(),
		.prev = this->tail,
	);
	queue_line(this, p->tag, request);
	this->pending->put(this->pending, (void*)(uintptr_t)p->tag, p);
	if (this->tail)
	{
		this->tail->next = p;
	}
	else
	{
		this->head = p;
	}
	this->tail = p;
	if (this->fd < 0)
	{	/* waits for the connection the timer makes */
		schedule_reconnect(this);
	}
	else
	{
		if (!flush(this))
		{	/* the reply comes as LOST, from the next round */
			DBG1(DBG_KNL, "charon: sending a request failed: %s",
				 strerror(errno));
		}
		this->transport->set_watch(this->transport, this->watch,
								   POLLIN | (this->out_len ? POLLOUT : 0));
	}
	if (!this->timer)
	{
		this->timer = this->transport->add_timer(this->transport,
						CHECK_INTERVAL, (void*)check_timeout, this);
	}
	return true;
}

METHOD(control_pipeline_t, drain, bool,
	private_control_pipeline_t *this, u_int ms)
{
	uint64_t end = sip_timers_now() + ms, now;
	struct pollfd pfd;
	int n;

	if (this->head && this->fd < 0 && this->connected_once &&
		connect_socket(this) && this->out_len && !flush(this))
	{	/* at shutdown, requests waiting for charon to come back */
		drop(this, CONTROL_PIPELINE_LOST);
	}
	while (this->head && this->fd >= 0 && (now = sip_timers_now()) < end)
	{
		pfd = (struct pollfd){
			.fd = this->fd,
			.events = events(this),
		};
		n = poll(&pfd, 1, (int)(end - now));
		if (n < 0 && errno != EINTR)
		{
			break;
		}
		if (n > 0)
		{
			on_ready(this, pfd.fd, pfd.revents);
		}
	}
	return !this->head;
}

METHOD(control_pipeline_t, get_pending, u_int,
	private_control_pipeline_t *this)
{
	return this->pending->get_count(this->pending);
}

METHOD(control_pipeline_t, set_restart, void,
	private_control_pipeline_t *this, control_restart_cb_t cb, void *data)
{
	this->instance.cb = cb;
	this->instance.data = data;
}

METHOD(control_pipeline_t, destroy, void,
	private_control_pipeline_t *this)
{
	if (this->timer)
	{
		this->transport->cancel_timer(this->transport, this->timer);
	}
	if (this->reconnect_timer)
	{
		this->transport->cancel_timer(this->transport, this->reconnect_timer);
	}
	/* nothing connects again */
	this->connected_once = false;
	this->reconnect_timer = 0;
	drop(this, CONTROL_PIPELINE_LOST);
	this->pending->destroy(this->pending);
	if (this->out)
	{
		memwipe(this->out, this->out_size);
	}
	free(this->out);
	memwipe(this->in, sizeof(this->in));
	free(this->path);
	free(this);
}

/*
 * Described in header
 */
control_pipeline_t *control_pipeline_create(const char *path,
											sip_transport_t *transport,
											u_int timeout)
{
	private_control_pipeline_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.get_pending = _get_pending,
			.drain = _drain,
			.set_restart = _set_restart,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.transport = transport,
		.fd = -1,
		.pending = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									1024),
		.timeout = 1000ULL * (timeout ?: CONTROL_TIMEOUT),
	);
	return &this->public;
}

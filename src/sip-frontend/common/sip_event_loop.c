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
 * Not on lib->watcher: the programs do call library_init(), but the watcher
 * runs each event as a job on a lib->processor worker thread (and timers
 * would need lib->scheduler's thread). The programs start no threads; their
 * state and the unit tests rely on every callback running, without locks,
 * on the thread that called run().
 */

#include "sip_event_loop.h"
#include "sip_signals.h"
#include "sip_timers.h"

#include <library.h>
#include <errno.h>

/** datagrams or connections taken from one socket per loop round */
#define BURST 16

/** descriptors of other kinds watched at most (the control socket) */
#define MAX_WATCHES 4

typedef struct private_sip_event_loop_t private_sip_event_loop_t;

/**
 * What a pollfd entry stands for
 */
typedef enum {
	/** the signal pipe */
	POLL_SIGNAL,
	/** a UDP socket or TCP listener */
	POLL_LISTENER,
	/** a TCP connection */
	POLL_CONNECTION,
	/** a descriptor given to watch() */
	POLL_WATCH,
} poll_kind_t;

/**
 * A descriptor given to watch()
 */
typedef struct {
	/** id, 0 if the slot is free */
	uint32_t id;
	/** descriptor */
	int fd;
	/** events waited for */
	short events;
	/** callback */
	sip_transport_watch_cb_t cb;
	/** its data */
	void *data;
} watch_t;

/**
 * The source of a pollfd entry
 */
typedef struct {
	/** what it is */
	poll_kind_t kind;
	/** listener or connection id */
	uint32_t id;
} poll_ref_t;

/**
 * Private data of a sip_event_loop_t object.
 */
struct private_sip_event_loop_t {

	/**
	 * Public interface
	 */
	sip_event_loop_t public;

	/**
	 * Bound sockets
	 */
	sip_listeners_t *listeners;

	/**
	 * TCP connections
	 */
	sip_connections_t *conns;

	/**
	 * Receive callback
	 */
	sip_transport_recv_cb_t recv;

	/**
	 * Data for recv
	 */
	void *recv_data;

	/**
	 * Told of freed connections, NULL if none
	 */
	sip_event_loop_gone_cb_t gone;

	/**
	 * Data for gone
	 */
	void *gone_data;

	/**
	 * Timers
	 */
	sip_timers_t *timers;

	/**
	 * SIGINT and SIGTERM
	 */
	sip_signals_t *signals;

	/**
	 * poll() entries of a round, size entries allocated
	 */
	struct pollfd *fds;

	/**
	 * What each entry of fds stands for
	 */
	poll_ref_t *refs;

	/**
	 * Listener or connection ids while filling fds
	 */
	uint32_t *ids;

	/**
	 * Entries allocated in fds, refs and ids
	 */
	u_int size;

	/**
	 * Descriptors of other kinds
	 */
	watch_t watches[MAX_WATCHES];

	/**
	 * Last watch id given
	 */
	uint32_t watch_id;

	/**
	 * stop() was called or a signal arrived
	 */
	bool stopped;

	/**
	 * A signal arrived
	 */
	bool signaled;
};

METHOD(sip_event_loop_t, add_timer, uint32_t,
	private_sip_event_loop_t *this, uint32_t ms, sip_transport_timer_cb_t cb,
	void *data)
{
	return this->timers->add(this->timers, sip_timers_now() + ms, cb, data);
}

METHOD(sip_event_loop_t, cancel_timer, void,
	private_sip_event_loop_t *this, uint32_t id)
{
	this->timers->cancel(this->timers, id);
}

METHOD(sip_event_loop_t, watch, uint32_t,
	private_sip_event_loop_t *this, int fd, short events,
	sip_transport_watch_cb_t cb, void *data)
{
	int i;

	for (i = 0; i < MAX_WATCHES; i++)
	{
		if (!this->watches[i].id)
		{
			this->watch_id = this->watch_id + 1 ?: 1;
			this->watches[i] = (watch_t){
				.id = this->watch_id,
				.fd = fd,
				.events = events,
				.cb = cb,
				.data = data,
			};
			return this->watch_id;
		}
	}
	return 0;
}

/**
 * The slot of a watch, NULL if unknown
 */
static watch_t *find_watch(private_sip_event_loop_t *this, uint32_t id)
{
	int i;

	for (i = 0; id && i < MAX_WATCHES; i++)
	{
		if (this->watches[i].id == id)
		{
			return &this->watches[i];
		}
	}
	return NULL;
}

METHOD(sip_event_loop_t, set_watch, void,
	private_sip_event_loop_t *this, uint32_t id, short events)
{
	watch_t *watch = find_watch(this, id);

	if (watch)
	{
		watch->events = events;
		if (!events)
		{
			watch->id = 0;
		}
	}
}

/**
 * Call a watch's callback; it says what to wait for next
 */
static void handle_watch(private_sip_event_loop_t *this, uint32_t id,
						 short revents)
{
	watch_t *watch = find_watch(this, id);
	short events;

	if (watch)
	{
		events = watch->cb(watch->data, watch->fd, revents);
		/* the callback may have removed or replaced the watch */
		set_watch(this, id, events);
	}
}

METHOD(sip_event_loop_t, stop, void,
	private_sip_event_loop_t *this)
{
	this->stopped = TRUE;
}

/**
 * Fire the timers due now; those added meanwhile wait for the next round
 */
static void fire_timers(private_sip_event_loop_t *this)
{
	sip_timer_cb_t cb;
	uint64_t now;
	void *data;
	uint32_t count;

	now = sip_timers_now();
	count = this->timers->count(this->timers);
	while (count-- && !this->stopped &&
		   this->timers->pop_due(this->timers, now, &cb, &data))
	{
		cb(data);
	}
}

/**
 * Read the signal pipe
 */
static void handle_signal(private_sip_event_loop_t *this)
{
	int sig;

	if (this->signals->take(this->signals, &sig))
	{
		DBG1(DBG_NET, "received signal %d (%s), stopping", sig, strsignal(sig));
		this->signaled = TRUE;
		this->stopped = TRUE;
	}
}

/**
 * Read datagrams from a UDP socket or accept connections on a listener, a
 * burst at a time
 */
static void handle_listener(private_sip_event_loop_t *this, uint32_t id)
{
	sip_listener_t *listener;
	sip_proto_t proto;
	int i;

	listener = this->listeners->find_id(this->listeners, id);
	if (!listener)
	{
		return;
	}
	proto = listener->proto;
	for (i = 0; i < BURST; i++)
	{
		if (proto == SIP_UDP)
		{	/* a callback may stop the loop or remove the socket, so the
			 * socket is looked up again for each datagram */
			if (this->stopped ||
				!this->listeners->receive(this->listeners, id, this->recv,
										  this->recv_data))
			{
				return;
			}
		}
		else if (!this->listeners->accept(this->listeners, id))
		{
			return;
		}
	}
}

/**
 * Handle events of a connection
 */
static void handle_conn(private_sip_event_loop_t *this, uint32_t id,
						short revents)
{
	sip_connection_t *conn;
	short events;

	conn = this->conns->find(this->conns, id);
	if (!conn)
	{
		return;
	}
	/* what was asked for: a connection still connecting is not read */
	events = conn->get_events(conn);
	if (events & POLLOUT && revents & (POLLOUT | POLLERR | POLLHUP) &&
		!conn->on_writable(conn))
	{
		conn->close_socket(conn);
		return;
	}
	if (events & POLLIN && revents & (POLLIN | POLLERR | POLLHUP) &&
		!conn->on_readable(conn, this->recv, this->recv_data))
	{
		conn->close_socket(conn);
	}
}

/**
 * Fill the poll() entries of a round: the signal pipe, the bound sockets,
 * the connections
 *
 * @return			number of entries
 */
static u_int fill_poll(private_sip_event_loop_t *this)
{
	u_int count, n, i;

	count = 1 + MAX_WATCHES + this->listeners->count(this->listeners) +
			this->conns->count(this->conns);
	if (count > this->size)
	{
		this->size = count;
		this->fds = realloc(this->fds, count * sizeof(*this->fds));
		this->refs = realloc(this->refs, count * sizeof(*this->refs));
		this->ids = realloc(this->ids, count * sizeof(*this->ids));
	}
	count = 0;
	this->fds[count] = (struct pollfd){
		.fd = this->signals->get_fd(this->signals),
		.events = POLLIN,
	};
	this->refs[count++] = (poll_ref_t){ .kind = POLL_SIGNAL };
	for (i = 0; i < MAX_WATCHES; i++)
	{
		if (this->watches[i].id && this->watches[i].events)
		{
			this->fds[count] = (struct pollfd){
				.fd = this->watches[i].fd,
				.events = this->watches[i].events,
			};
			this->refs[count++] = (poll_ref_t){
				.kind = POLL_WATCH,
				.id = this->watches[i].id,
			};
		}
	}
	n = this->listeners->fill_poll(this->listeners, this->fds + count,
								   this->ids);
	for (i = 0; i < n; i++)
	{
		this->refs[count++] = (poll_ref_t){
			.kind = POLL_LISTENER,
			.id = this->ids[i],
		};
	}
	n = this->conns->fill_poll(this->conns, this->fds + count, this->ids);
	for (i = 0; i < n; i++)
	{
		this->refs[count++] = (poll_ref_t){
			.kind = POLL_CONNECTION,
			.id = this->ids[i],
		};
	}
	return count;
}

/**
 * Milliseconds poll() may wait: until the next timer or idle connection
 */
static int poll_timeout(private_sip_event_loop_t *this, uint64_t idle)
{
	uint64_t due = idle, next_timer, now;

	if (this->timers->next(this->timers, &next_timer))
	{
		due = min(due, next_timer);
	}
	now = sip_timers_now();
	if (due == UINT64_MAX)
	{
		return -1;
	}
	return due <= now ? 0 : (int)min(due - now, (uint64_t)INT32_MAX);
}

/**
 * Dispatch the events poll() returned
 */
static void dispatch(private_sip_event_loop_t *this, u_int count, int n)
{
	u_int i;

	for (i = 0; i < count && n > 0 && !this->stopped; i++)
	{
		if (!this->fds[i].revents)
		{
			continue;
		}
		n--;
		switch (this->refs[i].kind)
		{
			case POLL_SIGNAL:
				handle_signal(this);
				break;
			case POLL_LISTENER:
				handle_listener(this, this->refs[i].id);
				break;
			case POLL_CONNECTION:
				handle_conn(this, this->refs[i].id, this->fds[i].revents);
				break;
			case POLL_WATCH:
				handle_watch(this, this->refs[i].id, this->fds[i].revents);
				break;
		}
	}
}

METHOD(sip_event_loop_t, run, bool,
	private_sip_event_loop_t *this)
{
	uint64_t idle;
	u_int count;
	int timeout, n;

	this->stopped = FALSE;
	this->signaled = FALSE;
	while (!this->stopped)
	{
		fire_timers(this);
		if (this->stopped)
		{
			break;
		}
		idle = this->conns->reap(this->conns, sip_timers_now(), this->gone,
								 this->gone_data);
		count = fill_poll(this);
		timeout = poll_timeout(this, idle);

		n = poll(this->fds, count, timeout);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_NET, "poll() failed: %s", strerror(errno));
			break;
		}
		dispatch(this, count, n);
	}
	this->conns->reap(this->conns, sip_timers_now(), this->gone,
					  this->gone_data);
	return this->signaled;
}

METHOD(sip_event_loop_t, destroy, void,
	private_sip_event_loop_t *this)
{
	this->signals->destroy(this->signals);
	this->timers->destroy(this->timers);
	free(this->fds);
	free(this->refs);
	free(this->ids);
	free(this);
}

/*
 * Described in header
 */
sip_event_loop_t *sip_event_loop_create(sip_listeners_t *listeners,
										sip_connections_t *conns,
										sip_transport_recv_cb_t recv,
										void *recv_data,
										sip_event_loop_gone_cb_t gone,
										void *gone_data)
{
	private_sip_event_loop_t *this;

	INIT(this,
		.public = {
			.add_timer = _add_timer,
			.cancel_timer = _cancel_timer,
			.watch = _watch,
			.set_watch = _set_watch,
			.run = _run,
			.stop = _stop,
			.destroy = _destroy,
		},
		.listeners = listeners,
		.conns = conns,
		.recv = recv,
		.recv_data = recv_data,
		.gone = gone,
		.gone_data = gone_data,
		.timers = sip_timers_create(),
		.signals = sip_signals_create(),
	);
	return &this->public;
}

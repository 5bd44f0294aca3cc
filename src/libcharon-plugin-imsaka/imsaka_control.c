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

#include "imsaka_control.h"
#include "imsaka_control_session.h"

#include <daemon.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

#include <errno.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

/** backlog of the socket */
#define BACKLOG 16

/** default of charon.plugins.imsaka.max_clients: clients served at once */
#define MAX_CLIENTS_DEFAULT 32

/** highest max_clients accepted: each client holds a descriptor and a
 * line buffer */
#define MAX_CLIENTS_LIMIT 1024

typedef struct private_imsaka_control_t private_imsaka_control_t;

/**
 * A client connection
 */
typedef struct {
	/** service */
	private_imsaka_control_t *this;
	/** stream of the client */
	stream_t *stream;
	/** protocol state: version, tags */
	imsaka_control_session_t *session;
	/** received bytes not yet processed: the start of a line */
	char buf[IMSAKA_CONTROL_LINE_MAX + 2];
	/** bytes in buf */
	size_t len;
	/** discarding the rest of an over-long line */
	bool skipping;
} conn_t;

/**
 * Private data of an imsaka_control_t object.
 */
struct private_imsaka_control_t {

	/**
	 * Public interface
	 */
	imsaka_control_t public;

	/**
	 * What commands act on
	 */
	imsaka_control_env_t env;

	/**
	 * Socket service
	 */
	stream_service_t *service;

	/**
	 * Path of the socket file
	 */
	char *path;

	/**
	 * Connected clients, conn_t
	 */
	linked_list_t *conns;

	/**
	 * Protects conns
	 */
	mutex_t *mutex;

	/**
	 * Most clients served at the same time
	 */
	u_int max_clients;
};

CALLBACK(conn_destroy, void,
	conn_t *conn)
{
	conn->stream->destroy(conn->stream);
	conn->session->destroy(conn->session);
	memwipe(conn->buf, sizeof(conn->buf));
	free(conn);
}

/**
 * Close a connection, in a job: a stream cannot be destroyed from its own
 * read callback
 */
static job_requeue_t disconnect_job(conn_t *conn)
{
	private_imsaka_control_t *this = conn->this;
	bool found;

	this->mutex->lock(this->mutex);
	found = this->conns->remove(this->conns, conn, NULL) > 0;
	this->mutex->unlock(this->mutex);
	if (found)
	{
		conn_destroy(conn);
	}
	return JOB_REQUEUE_NONE;
}

static void disconnect(conn_t *conn)
{
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)disconnect_job,
										conn, NULL, NULL));
}

/**
 * Send a reply, if there is one
 */
static bool send_reply(conn_t *conn, imsaka_control_reply_t *reply)
{
	return !reply->len ||
		   conn->stream->write_all(conn->stream, reply->buf, reply->len);
}

/**
 * Take the complete lines out of the buffer and answer them in order
 */
static bool process_buffer(conn_t *conn)
{
	imsaka_control_reply_t reply = {};
	char *nl;
	size_t used;
	bool ok = TRUE;

	while (ok && (nl = memchr(conn->buf, '\n', conn->len)))
	{
		used = nl - conn->buf + 1;
		if (conn->skipping)
		{
			conn->skipping = FALSE;
		}
		else
		{
			conn->session->process(conn->session, conn->buf, nl - conn->buf,
								   &reply);
			ok = send_reply(conn, &reply);
		}
		memmove(conn->buf, conn->buf + used, conn->len - used);
		conn->len -= used;
	}
	if (ok && conn->len > IMSAKA_CONTROL_LINE_MAX)
	{	/* a line end is still missing, the line cannot be valid */
		if (!conn->skipping)
		{
			conn->session->refuse_long(conn->session, conn->buf, conn->len,
									   &reply);
			ok = send_reply(conn, &reply);
			DBG1(DBG_NET, "control request longer than %d bytes "
				 "refused", IMSAKA_CONTROL_LINE_MAX);
		}
		conn->skipping = TRUE;
		conn->len = 0;
	}
	/* replies may hold keys (tls-psk): wiped by free */
	imsaka_control_reply_free(&reply);
	return ok;
}

/**
 * Data from a client
 */
static bool on_read(conn_t *conn, stream_t *stream)
{
	ssize_t len;

	len = stream->read(stream, conn->buf + conn->len,
					   sizeof(conn->buf) - conn->len, FALSE);
	if (len < 0 && errno == EWOULDBLOCK)
	{
		return TRUE;
	}
	if (len <= 0)
	{
		/* a partial line is dropped: commands act on complete lines only */
		if (conn->len)
		{
			DBG1(DBG_NET, "control client left with an incomplete "
				 "request, ignored");
		}
		disconnect(conn);
		return FALSE;
	}
	conn->len += len;
	if (!process_buffer(conn))
	{
		DBG1(DBG_NET, "sending control reply failed: %s",
			 strerror(errno));
		disconnect(conn);
		return FALSE;
	}
	return TRUE;
}

/**
 * charon.plugins.imsaka.max_clients, the default if out of range
 */
static u_int get_max_clients()
{
	int value;

	value = lib->settings->get_int(lib->settings,
								   "%s.plugins.imsaka.max_clients",
								   MAX_CLIENTS_DEFAULT, lib->ns);
	if (value < 1 || value > MAX_CLIENTS_LIMIT)
	{
		DBG1(DBG_CFG, "max_clients %d is not in 1..%d, using %d", value,
			 MAX_CLIENTS_LIMIT, MAX_CLIENTS_DEFAULT);
		return MAX_CLIENTS_DEFAULT;
	}
	return value;
}

/**
 * A new client
 */
static bool on_accept(private_imsaka_control_t *this, stream_t *stream)
{
	conn_t *conn;

	this->mutex->lock(this->mutex);
	if (this->conns->get_count(this->conns) >= this->max_clients)
	{
		this->mutex->unlock(this->mutex);
		DBG1(DBG_NET, "%u control clients connected, another refused "
			 "(charon.plugins.imsaka.max_clients)", this->max_clients);
		return FALSE;
	}
	INIT(conn,
		.this = this,
		.stream = stream,
		.session = imsaka_control_session_create(&this->env),
	);
	this->conns->insert_last(this->conns, conn);
	this->mutex->unlock(this->mutex);
	DBG2(DBG_NET, "control client connected");
	stream->on_read(stream, (void*)on_read, conn);
	return TRUE;
}

/**
 * Restrict the socket file to root, or root and a group
 */
static bool set_permissions(private_imsaka_control_t *this)
{
	char *group;
	struct group *gr;
	mode_t mode = 0600;

	group = lib->settings->get_str(lib->settings,
							"%s.plugins.imsaka.socket_group", NULL, lib->ns);
	if (group && *group)
	{
		gr = getgrnam(group);
		if (!gr)
		{
			DBG1(DBG_CFG, "control socket group '%s' not found", group);
			return FALSE;
		}
		if (chown(this->path, -1, gr->gr_gid) != 0)
		{
			DBG1(DBG_CFG, "changing group of '%s' to '%s' failed: %s",
				 this->path, group, strerror(errno));
			return FALSE;
		}
		mode = 0660;
	}
	/* the stream service binds with umask 007: the socket is 0770 (group of
	 * charon) until this chmod() */
	if (chmod(this->path, mode) != 0)
	{
		DBG1(DBG_CFG, "chmod of '%s' failed: %s", this->path,
			 strerror(errno));
		return FALSE;
	}
	DBG1(DBG_CFG, "control socket '%s', mode %04o%s%s", this->path,
		 mode, group && *group ? ", group " : "", group && *group ? group : "");
	return TRUE;
}

METHOD(imsaka_control_t, destroy, void,
	private_imsaka_control_t *this)
{
	DESTROY_IF(this->service);
	this->conns->destroy_function(this->conns, conn_destroy);
	if (this->path)
	{
		unlink(this->path);
		free(this->path);
	}
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
imsaka_control_t *imsaka_control_create(imsaka_control_env_t *env)
{
	private_imsaka_control_t *this;
	char *uri;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.env = *env,
		.conns = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	this->max_clients = get_max_clients();
	uri = lib->settings->get_str(lib->settings, "%s.plugins.imsaka.socket",
								 IMSAKA_CONTROL_SOCKET, lib->ns);
	/* the socket grants control over keys and SAs: local only */
	if (!strpfx(uri, "unix://") || !uri[strlen("unix://")])
	{
		DBG1(DBG_CFG, "control socket '%s' is not a unix:// URI",
			 uri);
		destroy(this);
		return NULL;
	}
	this->service = lib->streams->create_service(lib->streams, uri, BACKLOG);
	if (!this->service)
	{
		DBG1(DBG_CFG, "creating control socket '%s' failed", uri);
		destroy(this);
		return NULL;
	}
	this->path = strdup(uri + strlen("unix://"));
	if (!set_permissions(this))
	{
		destroy(this);
		return NULL;
	}
	this->service->on_accept(this->service, (stream_service_cb_t)on_accept,
							 this, JOB_PRIO_CRITICAL, this->max_clients);
	return &this->public;
}

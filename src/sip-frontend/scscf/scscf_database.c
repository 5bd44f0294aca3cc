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

#include "scscf_database.h"

#include <library.h>

#include <stdio.h>

/** seconds between two attempts to connect again */
#define RECONNECT_INTERVAL 1

typedef struct private_scscf_database_t private_scscf_database_t;

/**
 * Private data of a scscf_database_t object.
 */
struct private_scscf_database_t {

	/**
	 * Public interface
	 */
	scscf_database_t public;

	/**
	 * libpq connection
	 */
	PGconn *conn;

	/**
	 * "dbname on host", for log lines
	 */
	char name[256];

	/**
	 * Time of the last attempt to connect (time_monotonic())
	 */
	time_t attempt;

	/**
	 * TRUE while the connection is known to be lost (logged once)
	 */
	bool down;
};

/**
 * libpq's error text on one line (its lines joined, blanks squeezed)
 */
static const char *error_text(const char *text, char *buf, size_t size)
{
	size_t len = 0;
	bool blank = FALSE;

	for (text = text ?: ""; *text && len + 1 < size; text++)
	{
		if (*text == '\n' || *text == '\r' || *text == '\t' || *text == ' ')
		{
			blank = len > 0;
			continue;
		}
		if (blank && len + 2 < size)
		{
			buf[len++] = ' ';
		}
		blank = FALSE;
		buf[len++] = *text;
	}
	buf[len] = '\0';
	return buf;
}

/**
 * Limit each statement on the server side (a new session has no limit)
 */
static bool prepare_session(private_scscf_database_t *this)
{
	char sql[64], error[256];
	PGresult *res;
	bool ok;

	snprintf(sql, sizeof(sql), "SET statement_timeout = %d",
			 SCSCF_DATABASE_STATEMENT_TIMEOUT);
	res = PQexec(this->conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
	{
		DBG1(DBG_CFG, "database %s: %s failed: %s", this->name, sql,
			 error_text(PQresultErrorMessage(res), error, sizeof(error)));
	}
	PQclear(res);
	return ok;
}

/**
 * Connect again after the connection was lost, at most once per interval
 */
static bool reconnect(private_scscf_database_t *this)
{
	char error[256];
	time_t now = time_monotonic(NULL);

	if (this->attempt && now - this->attempt < RECONNECT_INTERVAL)
	{
		return FALSE;
	}
	this->attempt = now;
	PQreset(this->conn);
	if (PQstatus(this->conn) != CONNECTION_OK)
	{
		DBG1(DBG_CFG, "database %s is down: %s", this->name,
			 error_text(PQerrorMessage(this->conn), error, sizeof(error)));
		this->down = TRUE;
		return FALSE;
	}
	if (!prepare_session(this))
	{
		return FALSE;
	}
	DBG1(DBG_CFG, "database %s: connected again", this->name);
	this->down = FALSE;
	return TRUE;
}

/**
 * Whether a result is a success
 */
static bool result_ok(PGresult *res)
{
	ExecStatusType status = PQresultStatus(res);

	return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
}

METHOD(scscf_database_t, query, PGresult*,
	private_scscf_database_t *this, const char *sql, int n,
	const char *const *params)
{
	char error[256];
	PGresult *res;

	if (PQstatus(this->conn) != CONNECTION_OK && !reconnect(this))
	{
		return NULL;
	}
	res = PQexecParams(this->conn, sql, n, NULL, params, NULL, NULL, 0);
	if (result_ok(res))
	{
		return res;
	}
	if (PQstatus(this->conn) != CONNECTION_OK)
	{	/* lost (e.g. the server restarted): once more on a new one */
		if (!this->down)
		{
			DBG1(DBG_CFG, "database %s: connection lost: %s", this->name,
				 error_text(PQerrorMessage(this->conn), error,
							sizeof(error)));
		}
		this->down = TRUE;
		PQclear(res);
		if (!reconnect(this))
		{
			return NULL;
		}
		res = PQexecParams(this->conn, sql, n, NULL, params, NULL, NULL, 0);
		if (result_ok(res))
		{
			return res;
		}
	}
	DBG1(DBG_CFG, "database %s: statement failed: %s", this->name,
		 error_text(PQresultErrorMessage(res) ?: PQerrorMessage(this->conn),
					error, sizeof(error)));
	PQclear(res);
	return NULL;
}

METHOD(scscf_database_t, name, const char*,
	private_scscf_database_t *this)
{
	return this->name;
}

METHOD(scscf_database_t, destroy, void,
	private_scscf_database_t *this)
{
	PQfinish(this->conn);
	free(this);
}

/*
 * Described in header
 */
scscf_database_t *scscf_database_create(const char *conninfo)
{
	private_scscf_database_t *this;
	char timeout[16], error[256];
	const char *host;
	/* the limits first, so the connection string may set others; dbname
	 * expands the connection string in its place */
	const char *const keys[] = {
		"connect_timeout", "tcp_user_timeout", "application_name", "dbname",
		NULL,
	};
	const char *values[] = {
		timeout, "3000", "imsaka-scscf", conninfo, NULL,
	};

	snprintf(timeout, sizeof(timeout), "%d", SCSCF_DATABASE_CONNECT_TIMEOUT);
	INIT(this,
		.public = {
			.query = _query,
			.name = _name,
			.destroy = _destroy,
		},
		.conn = PQconnectdbParams(keys, values, 1),
		.attempt = time_monotonic(NULL),
	);
	if (!this->conn)
	{
		DBG0(DBG_CFG, "database: out of memory");
		free(this);
		return NULL;
	}
	host = PQhost(this->conn);
	snprintf(this->name, sizeof(this->name), "%s on %s",
			 PQdb(this->conn) ?: "?", host && *host ? host : "local socket");
	if (PQstatus(this->conn) != CONNECTION_OK)
	{
		DBG0(DBG_CFG, "database %s: connecting failed: %s", this->name,
			 error_text(PQerrorMessage(this->conn), error, sizeof(error)));
		destroy(this);
		return NULL;
	}
	if (!prepare_session(this))
	{
		destroy(this);
		return NULL;
	}
	DBG1(DBG_CFG, "database %s: connected", this->name);
	return &this->public;
}

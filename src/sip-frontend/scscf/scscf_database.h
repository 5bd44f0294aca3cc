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

/**
 * @defgroup scscf_database scscf_database
 * @{ @ingroup scscf
 * One libpq connection to PostgreSQL, synchronous: every statement has a
 * time limit on the server (statement_timeout) and on the way there
 * (connect_timeout, tcp_user_timeout), so a database that is down or hung
 * costs a request a bounded time and never stalls the event loop for good.
 * A lost connection is re-established on the next statement, at most one
 * attempt per second; meanwhile statements fail at once.
 *
 * The connection string may hold a password: log lines name the host and
 * the database only.
 */

#ifndef SCSCF_DATABASE_H_
#define SCSCF_DATABASE_H_

#include <libpq-fe.h>
#include <stdbool.h>

/** server-side limit of one statement (ms) */
#define SCSCF_DATABASE_STATEMENT_TIMEOUT 2000

/** limit of a connection attempt (s) */
#define SCSCF_DATABASE_CONNECT_TIMEOUT 2

typedef struct scscf_database_t scscf_database_t;

/**
 * A database connection.
 */
struct scscf_database_t {

	/**
	 * Run a statement with text parameters; on a lost connection it is
	 * re-established (bounded, see above) and the statement run once more.
	 *
	 * @param sql		statement, parameters $1..$n
	 * @param n			number of parameters
	 * @param params	parameter values (NULL for SQL NULL)
	 * @return			result (PGRES_TUPLES_OK or PGRES_COMMAND_OK), PQclear()
	 *					it; NULL on failure (logged)
	 */
	PGresult *(*query)(scscf_database_t *this, const char *sql, int n,
					   const char *const *params);

	/**
	 * Host (or socket folder) and database name, for log lines.
	 *
	 * @return			"dbname on host"
	 */
	const char *(*name)(scscf_database_t *this);

	/**
	 * Close the connection.
	 */
	void (*destroy)(scscf_database_t *this);
};

/**
 * Connect.
 *
 * @param conninfo	libpq connection string (key=value or URI)
 * @return			connection, NULL if it failed (logged without the
 *					connection string)
 */
scscf_database_t *scscf_database_create(const char *conninfo);

#endif /** SCSCF_DATABASE_H_ @}*/

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

#include "scscf_pg_store.h"
#include "scscf_database.h"

#include <library.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

/** the floor moved on by the milliseconds since it was set (DB clock) */
#define FLOOR_NOW(t) \
	t ".seq + GREATEST(0, (extract(epoch FROM now() - " t ".set_at) " \
	"* 1000)::bigint)"

/** subscribers, keys as hex text */
static const char *sql_load =
	"SELECT impi, array_to_string(impus, ','), k, op, opc, amf "
	"FROM subscribers ORDER BY impi";

/** the floor of one subscriber */
static const char *sql_floor =
	"SELECT " FLOOR_NOW("f") " FROM sqn_floor f WHERE f.impi = $1";

/** floor = GREATEST(floor, new), atomically */
static const char *sql_raise =
	"INSERT INTO sqn_floor (impi, seq, set_at) VALUES ($1, $2, now()) "
	"ON CONFLICT (impi) DO UPDATE SET "
	"seq = GREATEST(" FLOOR_NOW("sqn_floor") ", EXCLUDED.seq), "
	"set_at = now()";

/** a binding, replacing any */
static const char *sql_bind =
	"INSERT INTO bindings (impi, contacts, path, expires_at) "
	"VALUES ($1, $2, $3, now() + $4::integer * interval '1 second') "
	"ON CONFLICT (impi) DO UPDATE SET contacts = EXCLUDED.contacts, "
	"path = EXCLUDED.path, expires_at = EXCLUDED.expires_at";

/** de-registration */
static const char *sql_unbind =
	"DELETE FROM bindings WHERE impi = $1";

/** a binding in force */
static const char *sql_ping = "SELECT 1";

static const char *sql_registered =
	"SELECT 1 FROM bindings WHERE impi = $1 AND expires_at > now()";

typedef struct private_scscf_pg_store_t private_scscf_pg_store_t;

/**
 * Private data of a scscf_pg_store_t object.
 */
struct private_scscf_pg_store_t {

	/**
	 * Public interface
	 */
	scscf_store_t public;

	/**
	 * The connection
	 */
	scscf_database_t *db;

	/**
	 * When is_up() last asked the database (time_monotonic), 0 never
	 */
	time_t pinged;

	/**
	 * What it answered
	 */
	bool up;
};

/**
 * A column of a row, NULL for SQL NULL
 */
static const char *column(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/**
 * Wipe the key columns of a result before it is freed
 */
static void wipe_keys(PGresult *res)
{
	int row, col;

	for (row = 0; row < PQntuples(res); row++)
	{
		for (col = 2; col <= 4; col++)
		{
			memwipe(PQgetvalue(res, row, col), PQgetlength(res, row, col));
		}
	}
}

METHOD(scscf_store_t, load, bool,
	private_scscf_pg_store_t *this, scscf_subscribers_t *subs)
{
	scscf_subscriber_fields_t fields;
	char name[64];
	PGresult *res;
	bool ok = TRUE;
	int row;

	res = this->db->query(this->db, sql_load, 0, NULL);
	if (!res)
	{
		return FALSE;
	}
	for (row = 0; ok && row < PQntuples(res); row++)
	{	/* the IMPI names the entry in log lines */
		snprintf(name, sizeof(name), "%s", column(res, row, 0));
		fields = (scscf_subscriber_fields_t){
			.name = name,
			.impi = column(res, row, 0),
			.impu = column(res, row, 1),
			.k = column(res, row, 2),
			.op = column(res, row, 3),
			.opc = column(res, row, 4),
			.amf = column(res, row, 5),
		};
		ok = subs->add(subs, &fields);
	}
	if (ok && !PQntuples(res))
	{
		DBG0(DBG_CFG, "database %s: no subscribers", this->db->name(this->db));
		ok = FALSE;
	}
	wipe_keys(res);
	PQclear(res);
	if (ok)
	{
		DBG1(DBG_CFG, "%d subscribers from database %s", subs->count(subs),
			 this->db->name(this->db));
	}
	return ok;
}

/**
 * Parse a bigint column strictly
 */
static bool parse_u64(const char *text, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (!text || *text < '0' || *text > '9')
	{
		return FALSE;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || *end)
	{
		return FALSE;
	}
	*value = v;
	return TRUE;
}

METHOD(scscf_store_t, sqn_floor, bool,
	private_scscf_pg_store_t *this, scscf_subscriber_t *sub, uint64_t *floor)
{
	const char *params[] = { sub->impi };
	PGresult *res;
	bool ok = TRUE;

	res = this->db->query(this->db, sql_floor, 1, params);
	if (!res)
	{
		return FALSE;
	}
	*floor = 0;
	if (PQntuples(res) == 1 && !parse_u64(column(res, 0, 0), floor))
	{
		DBG1(DBG_CFG, "database %s: floor of '%s' is not a number",
			 this->db->name(this->db), sub->impi);
		ok = FALSE;
	}
	PQclear(res);
	return ok;
}

/**
 * Run a statement that returns nothing
 */
static bool command(private_scscf_pg_store_t *this, const char *sql, int n,
					const char *const *params)
{
	PGresult *res = this->db->query(this->db, sql, n, params);

	PQclear(res);
	return res != NULL;
}

METHOD(scscf_store_t, raise_floor, bool,
	private_scscf_pg_store_t *this, scscf_subscriber_t *sub, uint64_t seq)
{
	char text[24];
	const char *params[] = { sub->impi, text };

	snprintf(text, sizeof(text), "%" PRIu64, seq);
	return command(this, sql_raise, 2, params);
}

METHOD(scscf_store_t, save_binding, bool,
	private_scscf_pg_store_t *this, scscf_subscriber_t *sub, uint32_t expires)
{
	char text[16];
	const char *params[] = { sub->impi, sub->contacts, sub->path, text };

	snprintf(text, sizeof(text), "%u", expires);
	return command(this, sql_bind, 4, params);
}

METHOD(scscf_store_t, remove_binding, bool,
	private_scscf_pg_store_t *this, scscf_subscriber_t *sub)
{
	const char *params[] = { sub->impi };

	return command(this, sql_unbind, 1, params);
}

METHOD(scscf_store_t, registered, bool,
	private_scscf_pg_store_t *this, scscf_subscriber_t *sub, bool *registered)
{
	const char *params[] = { sub->impi };
	PGresult *res;

	res = this->db->query(this->db, sql_registered, 1, params);
	if (!res)
	{
		return FALSE;
	}
	*registered = PQntuples(res) > 0;
	PQclear(res);
	return TRUE;
}

METHOD(scscf_store_t, is_up, bool,
	private_scscf_pg_store_t *this)
{
	time_t now = time_monotonic(NULL);

	if (now != this->pinged)
	{
		this->pinged = now;
		this->up = command(this, sql_ping, 0, NULL);
	}
	return this->up;
}

METHOD(scscf_store_t, destroy, void,
	private_scscf_pg_store_t *this)
{
	this->db->destroy(this->db);
	free(this);
}

/*
 * Described in header
 */
scscf_store_t *scscf_pg_store_create(const char *conninfo)
{
	private_scscf_pg_store_t *this;
	scscf_database_t *db;

	db = scscf_database_create(conninfo);
	if (!db)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.load = _load,
			.sqn_floor = _sqn_floor,
			.raise_floor = _raise_floor,
			.save_binding = _save_binding,
			.remove_binding = _remove_binding,
			.registered = _registered,
			.is_up = _is_up,
			.destroy = _destroy,
		},
		.db = db,
	);
	return &this->public;
}

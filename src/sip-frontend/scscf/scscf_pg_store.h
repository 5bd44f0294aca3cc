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
 * @defgroup scscf_pg_store scscf_pg_store
 * @{ @ingroup scscf
 * The store in PostgreSQL (schema conf/imsaka-scscf.sql): subscribers read
 * once at start, one SELECT by primary key per vector (the floor), one
 * upsert per resynchronisation, per registration and de-registration, one
 * SELECT per OPTIONS or MESSAGE.
 */

#ifndef SCSCF_PG_STORE_H_
#define SCSCF_PG_STORE_H_

#include "scscf_store.h"

/**
 * Connect to the database.
 *
 * @param conninfo	libpq connection string (never logged)
 * @return			store, NULL if the connection failed (logged)
 */
scscf_store_t *scscf_pg_store_create(const char *conninfo);

#endif /** SCSCF_PG_STORE_H_ @}*/

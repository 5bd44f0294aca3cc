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

#include "imsaka_sa_journal_entry.h"
#include "imsaka_sa_layout.h"
#include "imsaka_sa_kernel.h"
#include "imsaka_backend.h"

#include <daemon.h>

#include <errno.h>
#include <stdarg.h>

typedef struct private_imsaka_sa_journal_entry_t
					private_imsaka_sa_journal_entry_t;

/**
 * Private data of an imsaka_sa_journal_entry_t object.
 */
struct private_imsaka_sa_journal_entry_t {

	/**
	 * Public interface
	 */
	imsaka_sa_journal_entry_t public;

	/**
	 * The set: sides, mode, outer addresses with ports (hosts owned)
	 */
	imsaka_sa_set_cfg_t cfg;

	/**
	 * reqids of the SA pairs on our client and server port
	 */
	uint32_t reqid[2];

	/**
	 * Mark of the SAs and policies (none today, recorded for a later one)
	 */
	mark_t mark;

	/**
	 * Interface ID of the SAs and policies (none today, as mark)
	 */
	uint32_t if_id;
};

/**
 * The fields of a "set" line, in the order written
 */
typedef enum {
	F_MOD, F_PROTO, F_ENCAP,
	F_LOCAL, F_PORT_C, F_PORT_S, F_SPI_C, F_SPI_S,
	F_REMOTE, F_RPORT_C, F_RPORT_S, F_RSPI_C, F_RSPI_S,
	F_LOCAL_OUTER, F_LOCAL_OUTER_PORT, F_REMOTE_OUTER, F_REMOTE_OUTER_PORT,
	F_REQID_C, F_REQID_S, F_MARK, F_IF_ID,
	F_COUNT,
} field_t;

/** names of the fields, by field_t */
static const char *const field_names[F_COUNT] = {
	"mod", "proto", "encap",
	"local", "port-c", "port-s", "spi-c", "spi-s",
	"remote", "rport-c", "rport-s", "rspi-c", "rspi-s",
	"local-outer", "local-outer-port", "remote-outer", "remote-outer-port",
	"reqid-c", "reqid-s", "mark", "if-id",
};

/**
 * snprintf() with strongSwan's printf hooks (%H), which gcc's format checks
 * do not know
 */
static int print(char *buf, size_t len, const char *fmt, ...)
{
	va_list args;
	int written;

	va_start(args, fmt);
	written = vsnprintf(buf, len, fmt, args);
	va_end(args);
	return written;
}

METHOD(imsaka_sa_journal_entry_t, format, size_t,
	private_imsaka_sa_journal_entry_t *this, u_int id,
	char buf[IMSAKA_SA_JOURNAL_LINE_MAX])
{
	imsaka_sa_set_cfg_t *c = &this->cfg;
	int len;

	len = print(buf, IMSAKA_SA_JOURNAL_LINE_MAX, "set %u mod=%s proto=esp "
			"encap=%s local=%H port-c=%u port-s=%u spi-c=%u spi-s=%u "
			"remote=%H rport-c=%u rport-s=%u rspi-c=%u rspi-s=%u "
			"local-outer=%H local-outer-port=%u remote-outer=%H "
			"remote-outer-port=%u reqid-c=%u reqid-s=%u mark=%u/%u "
			"if-id=%u\n", id, imsaka_secagree_mod_name(c->mode),
			c->mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN ? "yes" : "no",
			c->local.addr, c->local.port_c, c->local.port_s, c->local.spi_c,
			c->local.spi_s, c->remote.addr, c->remote.port_c,
			c->remote.port_s, c->remote.spi_c, c->remote.spi_s,
			c->local_outer, c->local_outer->get_port(c->local_outer),
			c->remote_outer, c->remote_outer->get_port(c->remote_outer),
			this->reqid[0], this->reqid[1], this->mark.value,
			this->mark.mask, this->if_id);
	if (len <= 0 || len >= IMSAKA_SA_JOURNAL_LINE_MAX)
	{
		return 0;
	}
	return len;
}

/**
 * Whether a deletion left nothing behind. Under kernel-libipsec the SAs and
 * policies of a previous charon lived in its process and went with it; a
 * new one's libipsec knows none of them and answers FAILED, not NOT_FOUND.
 */
static bool removed(status_t status)
{
	return status == SUCCESS || status == NOT_FOUND ||
		   imsaka_backend_type() == IMSAKA_BACKEND_USERSPACE;
}

/**
 * Delete the policy of SA i, installing it first under a kernel backend
 */
static bool remove_policy(private_imsaka_sa_journal_entry_t *this, int i)
{
	uint32_t reqid = this->reqid[imsaka_sa_layout_pair(i)];
	status_t status = SUCCESS;

	if (imsaka_backend_type() == IMSAKA_BACKEND_KERNEL)
	{	/* replaces the kernel's policy and makes it charon's to delete */
		status = imsaka_sa_kernel_policy(&this->cfg, i, reqid, this->mark,
										 this->if_id, TRUE);
	}
	if (status == SUCCESS)
	{
		status = imsaka_sa_kernel_policy(&this->cfg, i, reqid, this->mark,
										 this->if_id, FALSE);
	}
	return removed(status);
}

/**
 * Delete SA i
 */
static bool remove_sa(private_imsaka_sa_journal_entry_t *this, int i)
{
	return removed(imsaka_sa_kernel_del_sa(&this->cfg, i, this->mark,
										   this->if_id));
}

METHOD(imsaka_sa_journal_entry_t, remove_state, bool,
	private_imsaka_sa_journal_entry_t *this)
{
	bool ok = TRUE;
	int i;

	for (i = IMSAKA_SA_SET_SIZE - 1; i >= 0; i--)
	{
		ok = remove_policy(this, i) && ok;
	}
	for (i = IMSAKA_SA_SET_SIZE - 1; i >= 0; i--)
	{
		ok = remove_sa(this, i) && ok;
	}
	return ok;
}

METHOD(imsaka_sa_journal_entry_t, get_cfg, imsaka_sa_set_cfg_t*,
	private_imsaka_sa_journal_entry_t *this)
{
	return &this->cfg;
}

METHOD(imsaka_sa_journal_entry_t, destroy, void,
	private_imsaka_sa_journal_entry_t *this)
{
	DESTROY_IF(this->cfg.local.addr);
	DESTROY_IF(this->cfg.remote.addr);
	DESTROY_IF(this->cfg.local_outer);
	DESTROY_IF(this->cfg.remote_outer);
	free(this);
}

/**
 * Create an empty entry
 */
static private_imsaka_sa_journal_entry_t *entry_create()
{
	private_imsaka_sa_journal_entry_t *this;

	INIT(this,
		.public = {
			.format = _format,
			.remove_state = _remove_state,
			.get_cfg = _get_cfg,
			.destroy = _destroy,
		},
	);
	return this;
}

/*
 * Described in header
 */
imsaka_sa_journal_entry_t *imsaka_sa_journal_entry_create(
							imsaka_sa_set_cfg_t *cfg, host_t *remote_outer,
							uint32_t reqid[2])
{
	private_imsaka_sa_journal_entry_t *this = entry_create();

	this->cfg = (imsaka_sa_set_cfg_t){
		.local = cfg->local,
		.remote = cfg->remote,
		.mode = cfg->mode,
	};
	this->cfg.local.addr = cfg->local.addr->clone(cfg->local.addr);
	this->cfg.remote.addr = cfg->remote.addr->clone(cfg->remote.addr);
	this->cfg.local_outer = cfg->local_outer->clone(cfg->local_outer);
	this->cfg.remote_outer = remote_outer->clone(remote_outer);
	this->reqid[0] = reqid[0];
	this->reqid[1] = reqid[1];
	return &this->public;
}

/**
 * A decimal number up to max, strictly: digits only, no sign, no spaces
 */
static bool parse_number(const char *str, uint32_t max, uint32_t *value)
{
	unsigned long long v;
	char *end;

	if (*str < '0' || *str > '9')
	{
		return FALSE;
	}
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || *end || v > max)
	{
		return FALSE;
	}
	*value = v;
	return TRUE;
}

/**
 * An address without port
 */
static bool parse_host(const char *str, host_t **host)
{
	if (*host)
	{
		return FALSE;
	}
	*host = host_create_from_string((char*)str, 0);
	return *host != NULL;
}

/**
 * The mark, <value>/<mask>
 */
static bool parse_mark(char *str, mark_t *mark)
{
	char *slash;

	slash = strchr(str, '/');
	if (!slash)
	{
		return FALSE;
	}
	*slash = '\0';
	return parse_number(str, UINT32_MAX, &mark->value) &&
		   parse_number(slash + 1, UINT32_MAX, &mark->mask);
}

/**
 * Parse the value of one field into the entry
 */
static bool parse_field(private_imsaka_sa_journal_entry_t *this, field_t f,
						char *value, uint32_t *ports)
{
	imsaka_sa_set_cfg_t *c = &this->cfg;
	u_int mod;

	switch (f)
	{
		case F_MOD:
			for (mod = 0; mod < IMSAKA_SECAGREE_MOD_COUNT; mod++)
			{
				if (streq(value, imsaka_secagree_mod_name(mod)))
				{
					c->mode = mod;
					return TRUE;
				}
			}
			return FALSE;
		case F_PROTO:
			return streq(value, "esp");
		case F_ENCAP:
			return streq(value, "yes") || streq(value, "no");
		case F_LOCAL:
			return parse_host(value, &c->local.addr);
		case F_REMOTE:
			return parse_host(value, &c->remote.addr);
		case F_LOCAL_OUTER:
			return parse_host(value, &c->local_outer);
		case F_REMOTE_OUTER:
			return parse_host(value, &c->remote_outer);
		case F_SPI_C:
			return parse_number(value, UINT32_MAX, &c->local.spi_c);
		case F_SPI_S:
			return parse_number(value, UINT32_MAX, &c->local.spi_s);
		case F_RSPI_C:
			return parse_number(value, UINT32_MAX, &c->remote.spi_c);
		case F_RSPI_S:
			return parse_number(value, UINT32_MAX, &c->remote.spi_s);
		case F_REQID_C:
			return parse_number(value, UINT32_MAX, &this->reqid[0]);
		case F_REQID_S:
			return parse_number(value, UINT32_MAX, &this->reqid[1]);
		case F_MARK:
			return parse_mark(value, &this->mark);
		case F_IF_ID:
			return parse_number(value, UINT32_MAX, &this->if_id);
		default:
			/* the ports, checked and set when all fields are read */
			return parse_number(value, UINT16_MAX, &ports[f]);
	}
}

/**
 * Check a parsed entry as a whole and set its ports
 */
static bool complete(private_imsaka_sa_journal_entry_t *this,
					 uint32_t *ports, bool encap, const char **err)
{
	imsaka_sa_set_cfg_t *c = &this->cfg;

	c->local.port_c = ports[F_PORT_C];
	c->local.port_s = ports[F_PORT_S];
	c->remote.port_c = ports[F_RPORT_C];
	c->remote.port_s = ports[F_RPORT_S];
	if (!c->local.port_c || !c->local.port_s || !c->remote.port_c ||
		!c->remote.port_s)
	{
		*err = "a protected port is 0";
		return FALSE;
	}
	/* as imsaka_sa_set_create() requires (RFC 4303 2.1 reserves 1..255) */
	if (c->local.spi_c <= 255 || c->local.spi_s <= 255 || c->remote.spi_c <= 255 ||
		c->remote.spi_s <= 255)
	{
		*err = "an SPI is not above 255";
		return FALSE;
	}
	if (c->local.addr->get_family(c->local.addr) !=
			c->remote.addr->get_family(c->remote.addr) ||
		c->local_outer->get_family(c->local_outer) !=
			c->remote_outer->get_family(c->remote_outer))
	{
		*err = "addresses differ in family";
		return FALSE;
	}
	if (encap != (c->mode == IMSAKA_SECAGREE_MOD_UDP_ENC_TUN))
	{
		*err = "encap does not match mod";
		return FALSE;
	}
	c->local_outer->set_port(c->local_outer, ports[F_LOCAL_OUTER_PORT]);
	c->remote_outer->set_port(c->remote_outer, ports[F_REMOTE_OUTER_PORT]);
	return TRUE;
}

/*
 * Described in header
 */
imsaka_sa_journal_entry_t *imsaka_sa_journal_entry_parse(const char *line,
											u_int *id, const char **err)
{
	private_imsaka_sa_journal_entry_t *this;
	char buf[IMSAKA_SA_JOURNAL_LINE_MAX], *token, *value, *pos = NULL;
	uint32_t ports[F_COUNT] = {}, seen = 0, number;
	bool encap = FALSE;
	field_t f;

	if (strlen(line) >= sizeof(buf))
	{
		*err = "line too long";
		return NULL;
	}
	strcpy(buf, line);
	token = strtok_r(buf, " ", &pos);
	if (!token || !streq(token, "set"))
	{
		*err = "not a set line";
		return NULL;
	}
	token = strtok_r(NULL, " ", &pos);
	if (!token || !parse_number(token, UINT_MAX, &number) || !number)
	{
		*err = "no entry number";
		return NULL;
	}
	*id = number;
	this = entry_create();
	while ((token = strtok_r(NULL, " ", &pos)))
	{
		value = strchr(token, '=');
		if (!value)
		{
			*err = "a field is not key=value";
			goto failed;
		}
		*value++ = '\0';
		for (f = 0; f < F_COUNT && !streq(token, field_names[f]); f++)
		{
		}
		if (f == F_COUNT)
		{
			*err = "unknown field";
			goto failed;
		}
		if (seen & (1 << f))
		{
			*err = "a field given twice";
			goto failed;
		}
		seen |= 1 << f;
		if (!parse_field(this, f, value, ports))
		{
			*err = "a field is invalid";
			goto failed;
		}
		encap = f == F_ENCAP ? streq(value, "yes") : encap;
	}
	if (seen != (1 << F_COUNT) - 1)
	{
		*err = "a field is missing";
		goto failed;
	}
	if (!complete(this, ports, encap, err))
	{
		goto failed;
	}
	return &this->public;

failed:
	destroy(this);
	return NULL;
}

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

#include "ue_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <library.h>
#include <utils/debug.h>

/*
 * Described in header
 */
size_t ue_state_format(const ue_state_t *state, const char *sep, char *buf,
					   size_t size)
{
	char pcscf[IMSAKA_ADDR_STRLEN];
	int n;

	n = snprintf(buf, size, "state=%s%snat=%s%smode=%s%sspi-uc=%u%s"
				 "spi-us=%u%sspi-pc=%u%sspi-ps=%u%sport-uc=%u%sport-us=%u%s"
				 "port-pc=%u%sport-ps=%u%sexpires=%u%skeepalive=%s%sctx=%u%s"
				 "mech=%s%spcscf=%s",
				 state->state, sep, imsaka_nat_name(state->nat), sep,
				 state->mode && *state->mode ? state->mode : "-", sep,
				 state->spi_uc, sep, state->spi_us, sep, state->spi_pc, sep,
				 state->spi_ps, sep, state->port_uc, sep, state->port_us, sep,
				 state->port_pc, sep, state->port_ps, sep, state->expires, sep,
				 state->keepalive ? "yes" : "no", sep, state->ctx, sep,
				 state->mech && *state->mech ? state->mech : "-", sep,
				 imsaka_addr_format(&state->pcscf, pcscf, sizeof(pcscf)) ?
				 pcscf : "-");
	if (n < 0)
	{
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n >= size ? size - 1 : (size_t)n;
}

/*
 * Described in header
 */
bool ue_state_write(const char *path, const ue_state_t *state)
{
	char tmp[512], text[1024];
	size_t len;
	int fd;
	bool ok;

	if (!path || !*path)
	{
		return true;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
	{
		DBG1(DBG_APP, "state file path '%s' too long", path);
		return false;
	}
	len = ue_state_format(state, "\n", text, sizeof(text) - 1);
	text[len++] = '\n';
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
	{
		DBG1(DBG_APP, "writing state file '%s' failed: %s", tmp,
			 strerror(errno));
		return false;
	}
	ok = write(fd, text, len) == (ssize_t)len;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
	{
		DBG1(DBG_APP, "writing state file '%s' failed: %s", path,
			 strerror(errno));
		unlink(tmp);
		return false;
	}
	return true;
}

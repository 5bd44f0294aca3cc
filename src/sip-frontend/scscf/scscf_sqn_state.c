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

#include "scscf_sqn_state.h"

#include <library.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/** longest line of the file */
#define LINE_MAX_LEN (SCSCF_MAX_ID + 32)

/**
 * Parse one line "<IMPI> <SEQ>"
 */
static bool parse_line(char *line, char **impi, uint64_t *seq)
{
	char *space, *end;
	unsigned long long value;

	line[strcspn(line, "\r\n")] = '\0';
	space = strchr(line, ' ');
	if (!space || space == line || space[1] < '0' || space[1] > '9')
	{
		return FALSE;
	}
	*space = '\0';
	errno = 0;
	value = strtoull(space + 1, &end, 10);
	if (errno || *end || value >= (UINT64_C(1) << 48))
	{
		return FALSE;
	}
	*impi = line;
	*seq = value;
	return TRUE;
}

/*
 * Described in header
 */
bool scscf_sqn_state_load(const char *file, scscf_subscribers_t *subs)
{
	scscf_subscriber_t *sub;
	char line[LINE_MAX_LEN], *impi;
	uint64_t seq;
	int number = 0;
	FILE *f;

	f = fopen(file, "r");
	if (!f)
	{
		if (errno == ENOENT)
		{
			DBG1(DBG_CFG, "SQN state file '%s' not there yet", file);
			return TRUE;
		}
		DBG0(DBG_CFG, "SQN state file '%s': %s", file, strerror(errno));
		return FALSE;
	}
	while (fgets(line, sizeof(line), f))
	{
		number++;
		if (!strchr(line, '\n') && !feof(f))
		{
			DBG0(DBG_CFG, "SQN state file '%s' line %d: too long", file, number);
			fclose(f);
			return FALSE;
		}
		if (!parse_line(line, &impi, &seq))
		{
			DBG0(DBG_CFG, "SQN state file '%s' line %d: not '<IMPI> <SEQ>'",
				 file, number);
			fclose(f);
			return FALSE;
		}
		sub = subs->find_impi(subs, impi);
		if (!sub)
		{
			DBG1(DBG_CFG, "SQN state file '%s' line %d: unknown IMPI '%s' "
				 "skipped", file, number, impi);
			continue;
		}
		sub->sqn.last_seq = max(sub->sqn.last_seq, seq);
	}
	fclose(f);
	return TRUE;
}

/*
 * Described in header
 */
bool scscf_sqn_state_save(const char *file, scscf_subscribers_t *subs)
{
	scscf_subscriber_t *sub;
	char tmp[SCSCF_MAX_ID + 8];
	bool ok = TRUE;
	FILE *f;
	int fd, i;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", file) >= (int)sizeof(tmp))
	{
		DBG1(DBG_CFG, "SQN state file name '%s' too long", file);
		return FALSE;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
	{
		DBG1(DBG_CFG, "writing SQN state file '%s' failed: %s", tmp,
			 strerror(errno));
		if (fd >= 0)
		{
			close(fd);
		}
		return FALSE;
	}
	for (i = 0; i < subs->count(subs); i++)
	{
		sub = subs->get(subs, i);
		if (sub->sqn.last_seq &&
			fprintf(f, "%s %llu\n", sub->impi,
					(unsigned long long)sub->sqn.last_seq) < 0)
		{
			ok = FALSE;
		}
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
	{
		ok = FALSE;
	}
	if (fclose(f) != 0 || !ok || rename(tmp, file) != 0)
	{
		DBG1(DBG_CFG, "writing SQN state file '%s' failed: %s", file,
			 strerror(errno));
		unlink(tmp);
		return FALSE;
	}
	return TRUE;
}

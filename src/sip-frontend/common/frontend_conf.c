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

#include "frontend_conf.h"

#include <library.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/** longest log line printed, longer ones are cut */
#define LOG_LINE_MAX 8192

/** highest log level (keys) */
#define LOG_LEVEL_MAX 4

/** default log level */
#define LOG_LEVEL_DEFAULT 1

/**
 * State of the runtime: one per process, since libstrongswan's lib and dbg
 * are too
 */
static struct {
	/** program name and settings section, NULL before init */
	char *program;
	/** highest level logged */
	int level;
} conf = {
	.level = LOG_LEVEL_DEFAULT,
};

/**
 * The dbg() hook: "YYYY-mm-dd HH:MM:SS program[pid]: message" to stderr
 */
static void frontend_dbg(debug_t group, level_t level, char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct tm tm;
	time_t now;
	va_list args;
	int len;

	if (level > conf.level)
	{
		return;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	len = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S ", &tm);
	len += snprintf(line + len, sizeof(line) - len, "%s[%d]: ",
					conf.program ?: "imsaka", (int)getpid());
	va_start(args, fmt);
	vsnprintf(line + len, sizeof(line) - len, fmt, args);
	va_end(args);
	fprintf(stderr, "%s\n", line);
}

/**
 * Whether the file is there and readable, printing why not
 */
static bool check_file(const char *program, const char *file)
{
	struct stat st;

	if (stat(file, &st) != 0)
	{
		fprintf(stderr, "%s: configuration file '%s': %s\n", program, file,
				strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode))
	{
		fprintf(stderr, "%s: configuration file '%s' is not a regular file\n",
				program, file);
		return FALSE;
	}
	if (access(file, R_OK) != 0)
	{
		fprintf(stderr, "%s: configuration file '%s': %s\n", program, file,
				strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/*
 * Described in header
 */
int frontend_conf_level(const char *program, const char *arg)
{
	char *end;
	long level;

	level = strtol(arg, &end, 10);
	if (*end || end == arg || level < 0 || level > 4)
	{
		fprintf(stderr, "%s: -d %s is not a level 0..4\n", program, arg);
		return -1;
	}
	return level;
}

/*
 * Described in header
 */
bool frontend_conf_init(const char *program, const char *file, int level)
{
	uint32_t value;

	if (!program || !file)
	{
		fprintf(stderr, "%s: no configuration file given\n",
				program ?: "imsaka");
		return FALSE;
	}
	if (level < -1 || level > LOG_LEVEL_MAX)
	{
		fprintf(stderr, "%s: log level %d is not in 0..%d\n", program, level,
				LOG_LEVEL_MAX);
		return FALSE;
	}
	if (lib)
	{	/* library_init() would only take a reference, ignoring file */
		fprintf(stderr, "%s: libstrongswan is initialised already, '%s' not "
				"loaded\n", program, file);
		return FALSE;
	}
	if (!check_file(program, file))
	{
		return FALSE;
	}
	free(conf.program);
	conf.program = strdup(program);
	/* before library_init(), so its parser errors (level 1) show */
	conf.level = max(level, LOG_LEVEL_DEFAULT);
	dbg = frontend_dbg;
	if (!library_init((char*)file, program))
	{
		fprintf(stderr, "%s: configuration file '%s' could not be loaded "
				"(see above)\n", program, file);
		frontend_conf_deinit();
		return FALSE;
	}
	conf.level = level;
	if (level < 0)
	{
		if (!frontend_conf_uint("loglevel", 0, LOG_LEVEL_MAX,
								LOG_LEVEL_DEFAULT, &value))
		{
			frontend_conf_deinit();
			return FALSE;
		}
		conf.level = value;
	}
	DBG2(DBG_CFG, "%s: configuration from '%s', log level %d", program, file,
		 conf.level);
	return TRUE;
}

/*
 * Described in header
 */
void frontend_conf_deinit(void)
{
	library_deinit();
	dbg = dbg_default;
	free(conf.program);
	conf.program = NULL;
	conf.level = LOG_LEVEL_DEFAULT;
}

/**
 * Raw text of an option, NULL if absent
 */
static char *get_raw(const char *key)
{
	if (!lib || !conf.program)
	{	/* not initialised (unit tests of other parts): defaults */
		return NULL;
	}
	return lib->settings->get_str(lib->settings, "%s.%s", NULL, conf.program,
								  key);
}

/*
 * Described in header
 */
const char *frontend_conf_str(const char *key, const char *def)
{
	if (!lib || !conf.program)
	{
		return def;
	}
	return lib->settings->get_str(lib->settings, "%s.%s", (char*)def,
								  conf.program, key);
}

/*
 * Described in header
 */
bool frontend_conf_uint(const char *key, uint32_t min, uint32_t max,
						uint32_t def, uint32_t *value)
{
	unsigned long long parsed = 0;
	const char *text, *pos;

	*value = def;
	text = get_raw(key);
	if (!text)
	{
		return TRUE;
	}
	/* strtoul() would take signs, spaces and 0x: digits only */
	for (pos = text; *pos >= '0' && *pos <= '9' && pos - text < 11; pos++)
	{
		parsed = parsed * 10 + (*pos - '0');
	}
	if (pos == text || *pos || parsed < min || parsed > max)
	{
		DBG0(DBG_CFG, "option %s.%s = '%s' is not a number in %u..%u",
			 conf.program, key, text, min, max);
		return FALSE;
	}
	*value = parsed;
	return TRUE;
}

/*
 * Described in header
 */
bool frontend_conf_bool(const char *key, bool def, bool *value)
{
	static const char *yes[] = { "yes", "true", "1" };
	static const char *no[] = { "no", "false", "0" };
	const char *text;
	int i;

	*value = def;
	text = get_raw(key);
	if (!text)
	{
		return TRUE;
	}
	for (i = 0; i < countof(yes); i++)
	{
		if (!strcasecmp(text, yes[i]))
		{
			*value = TRUE;
			return TRUE;
		}
		if (!strcasecmp(text, no[i]))
		{
			*value = FALSE;
			return TRUE;
		}
	}
	DBG0(DBG_CFG, "option %s.%s = '%s' is not yes or no", conf.program, key,
		 text);
	return FALSE;
}

/*
 * Described in header
 */
bool frontend_conf_addr(const char *key, bool need_port, const char *def,
						imsaka_addr_t *addr)
{
	imsaka_secagree_err_t err;
	const char *text;

	memset(addr, 0, sizeof(*addr));
	text = frontend_conf_str(key, def);
	if (!text)
	{
		DBG0(DBG_CFG, "option %s.%s missing (an address%s)", conf.program,
			 key, need_port ? " with port" : "");
		return FALSE;
	}
	err = imsaka_addr_parse(text, strlen(text), need_port, addr);
	if (err != IMSAKA_SECAGREE_OK)
	{
		DBG0(DBG_CFG, "option %s.%s = '%s' is not an address%s: %s",
			 conf.program, key, text, need_port ? " with port" : "",
			 imsaka_secagree_strerror(err));
		return FALSE;
	}
	return TRUE;
}

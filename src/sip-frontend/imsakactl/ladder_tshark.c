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

#define _GNU_SOURCE
#include "ladder_tshark.h"
#include "ladder_esp_sa.h"
#include "ladder_fields.h"

#include <library.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/** most environment variables passed on */
#define ENV_MAX 256
/** most arguments of tshark */
#define ARGV_MAX 96
/** longest PSK in hex */
#define PSK_HEX_MAX 128

typedef struct private_ladder_tshark_t private_ladder_tshark_t;

/**
 * Private data of a ladder_tshark_t object.
 */
struct private_ladder_tshark_t {

	/**
	 * Public interface.
	 */
	ladder_tshark_t public;

	/**
	 * tshark program
	 */
	char *program;

	/**
	 * Rewritten esp_sa lines (key material)
	 */
	char *sas[LADDER_TSHARK_SA_MAX];

	/**
	 * Number of SAs
	 */
	int sa_count;

	/**
	 * TLS key log file, NULL if none
	 */
	char *keylog;

	/**
	 * PSKs in hex (key material)
	 */
	char *psks[LADDER_TSHARK_PSK_MAX];

	/**
	 * Number of PSKs
	 */
	int psk_count;
};

METHOD(ladder_tshark_t, add_esp_sa_file, bool,
	private_ladder_tshark_t *this, const char *path, char *err, size_t err_len)
{
	char line[LADDER_ESP_SA_LINE_MAX + 2], out[LADDER_ESP_SA_LINE_MAX];
	char why[128];
	bool ok = TRUE;
	size_t len;
	FILE *file;
	int n = 0;

	file = fopen(path, "re");
	if (!file)
	{
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return FALSE;
	}
	while (ok && fgets(line, sizeof(line), file))
	{
		n++;
		len = strlen(line);
		if (len && line[len - 1] == '\n')
		{
			line[--len] = '\0';
		}
		else if (!feof(file))
		{
			snprintf(err, err_len, "%s:%d: line too long", path, n);
			ok = FALSE;
			break;
		}
		if (len && line[len - 1] == '\r')
		{
			line[--len] = '\0';
		}
		if (!len || line[0] == '#')
		{
			continue;
		}
		switch (ladder_esp_sa_rewrite(line, out, sizeof(out), why,
									  sizeof(why)))
		{
			case LADDER_ESP_SA_OK:
				if (this->sa_count == LADDER_TSHARK_SA_MAX)
				{
					snprintf(err, err_len, "%s:%d: more than %d SAs", path,
							 n, LADDER_TSHARK_SA_MAX);
					ok = FALSE;
					break;
				}
				this->sas[this->sa_count++] = strdup(out);
				break;
			case LADDER_ESP_SA_UNSUPPORTED:
				fprintf(stderr, "imsakactl ladder: %s:%d: %s, skipped\n",
						path, n, why);
				break;
			case LADDER_ESP_SA_INVALID:
				snprintf(err, err_len, "%s:%d: %s", path, n, why);
				ok = FALSE;
				break;
		}
	}
	memwipe(line, sizeof(line));
	memwipe(out, sizeof(out));
	fclose(file);
	return ok;
}

METHOD(ladder_tshark_t, set_tls_keylog, bool,
	private_ladder_tshark_t *this, const char *path, char *err, size_t err_len)
{
	char *abs;

	/* the path goes into a preferences file line */
	if (strpbrk(path, "\r\n") || access(path, R_OK) != 0)
	{
		snprintf(err, err_len, "TLS key log '%.200s' is not readable", path);
		return FALSE;
	}
	abs = realpath(path, NULL);
	if (!abs)
	{
		snprintf(err, err_len, "TLS key log '%.200s': %s", path,
				 strerror(errno));
		return FALSE;
	}
	free(this->keylog);
	this->keylog = abs;
	return TRUE;
}

METHOD(ladder_tshark_t, add_psk, bool,
	private_ladder_tshark_t *this, const char *hex, char *err, size_t err_len)
{
	size_t i, len = strlen(hex);

	for (i = 0; i < len; i++)
	{
		if (!isxdigit((unsigned char)hex[i]))
		{
			break;
		}
	}
	if (i < len || len < 2 || len % 2 || len > PSK_HEX_MAX)
	{
		snprintf(err, err_len, "a PSK is 1..%d bytes in hex", PSK_HEX_MAX / 2);
		return FALSE;
	}
	if (this->psk_count == LADDER_TSHARK_PSK_MAX)
	{
		snprintf(err, err_len, "more than %d PSKs", LADDER_TSHARK_PSK_MAX);
		return FALSE;
	}
	this->psks[this->psk_count++] = strdup(hex);
	return TRUE;
}

METHOD(ladder_tshark_t, add_psk_file, bool,
	private_ladder_tshark_t *this, const char *path, char *err, size_t err_len)
{
	char text[PSK_HEX_MAX + 4], why[128], *start = text;
	size_t len;
	FILE *file;
	bool ok;

	file = fopen(path, "re");
	if (!file)
	{
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return FALSE;
	}
	/* one more byte than a key and a line break: a longer file is refused
	 * by the length check */
	len = fread(text, 1, sizeof(text) - 1, file);
	fclose(file);
	text[len] = '\0';
	while (len && isspace((unsigned char)text[len - 1]))
	{
		text[--len] = '\0';
	}
	while (isspace((unsigned char)*start))
	{
		start++;
	}
	ok = add_psk(this, start, why, sizeof(why));
	if (!ok)
	{
		snprintf(err, err_len, "%s: %s", path, why);
	}
	memwipe(text, sizeof(text));
	return ok;
}

/**
 * Write a file of the configuration folder, mode 0600
 */
static bool write_file(const char *dir, const char *name, const char *data)
{
	char path[PATH_MAX];
	size_t len = strlen(data);
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
	{
		return FALSE;
	}
	ok = write(fd, data, len) == (ssize_t)len;
	return close(fd) == 0 && ok;
}

/**
 * Overwrite and remove every file of the configuration folder, then it
 */
static void remove_config(const char *dir)
{
	char path[PATH_MAX], zeros[4096] = {};
	struct dirent *entry;
	struct stat st;
	off_t done;
	DIR *d;
	int fd;

	d = opendir(dir);
	while (d && (entry = readdir(d)))
	{
		if (streq(entry->d_name, ".") || streq(entry->d_name, ".."))
		{
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		{
			for (done = 0; done < st.st_size; done += sizeof(zeros))
			{
				if (write(fd, zeros, min((off_t)sizeof(zeros),
										 st.st_size - done)) < 0)
				{
					break;
				}
			}
			fsync(fd);
		}
		if (fd >= 0)
		{
			close(fd);
		}
		unlink(path);
	}
	if (d)
	{
		closedir(d);
	}
	rmdir(dir);
}

/**
 * The configuration folder for one run: esp_sa and preferences
 */
static bool make_config(private_ladder_tshark_t *this, char *dir, int psk)
{
	char *text = NULL, *grown;
	size_t len = 0, need;
	int i;
	bool ok;

	if (!mkdtemp(dir))
	{
		return FALSE;
	}
	/* esp_sa: one UAT line each, after the header Wireshark writes */
	need = 64;
	for (i = 0; i < this->sa_count; i++)
	{
		need += strlen(this->sas[i]) + 1;
	}
	text = calloc(1, need);
	len = snprintf(text, need, "# This file is automatically generated, "
				   "DO NOT MODIFY.\n");
	for (i = 0; i < this->sa_count; i++)
	{
		len += snprintf(text + len, need - len, "%s\n", this->sas[i]);
	}
	ok = write_file(dir, "esp_sa", text);
	memwipe(text, need);
	free(text);

	need = 256 + (this->keylog ? strlen(this->keylog) : 0) + PSK_HEX_MAX;
	grown = calloc(1, need);
	/* a capture on all interfaces of a NAT holds each TCP segment twice
	 * (before and after the rewrite), the P-CSCF's a third time: without
	 * sequence analysis and reassembly none is taken for a retransmission
	 * or a part of another, each copy's SIP is decoded (from its own
	 * segment: the start line and header fields of a message come first) */
	len = snprintf(grown, need, "esp.enable_encryption_decode: TRUE\n"
				   "esp.enable_authentication_check: TRUE\n"
				   "tcp.analyze_sequence_numbers: FALSE\n"
				   "tcp.desegment_tcp_streams: FALSE\n");
	if (this->keylog)
	{
		len += snprintf(grown + len, need - len, "tls.keylog_file: %s\n",
						this->keylog);
	}
	if (psk >= 0)
	{
		snprintf(grown + len, need - len, "tls.psk: %s\n", this->psks[psk]);
	}
	ok = write_file(dir, "preferences", grown) && ok;
	memwipe(grown, need);
	free(grown);
	return ok;
}

/**
 * The environment of tshark: ours, WIRESHARK_CONFIG_DIR replaced
 */
static void make_env(char *env[ENV_MAX], char *config)
{
	int i, n = 0;

	for (i = 0; environ[i] && n < ENV_MAX - 2; i++)
	{
		if (strncmp(environ[i], "WIRESHARK_CONFIG_DIR=", 21))
		{
			env[n++] = environ[i];
		}
	}
	env[n++] = config;
	env[n] = NULL;
}

/**
 * tshark's message out of its stderr file, without the note on root
 */
static void read_stderr(const char *path, char *err, size_t err_len)
{
	char line[256];
	size_t len = 0;
	FILE *file;

	file = fopen(path, "re");
	while (file && fgets(line, sizeof(line), file) && len + 1 < err_len)
	{
		if (strstr(line, "could be dangerous"))
		{
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		len += snprintf(err + len, err_len - len, "%s%s", len ? "; " : "",
						line);
	}
	if (file)
	{
		fclose(file);
	}
}

/**
 * Read tshark's output line by line, bounded
 */
static bool read_lines(FILE *file, ladder_tshark_line_t cb, void *ctx)
{
	char line[LADDER_FIELDS_LINE_MAX];
	size_t len = 0;
	bool cut = FALSE;
	int c;

	while ((c = getc(file)) != EOF)
	{
		if (c != '\n')
		{
			if (len < sizeof(line) - 1)
			{
				line[len++] = c;
			}
			else
			{
				cut = TRUE;
			}
			continue;
		}
		line[len] = '\0';
		if (!cb(ctx, line, cut))
		{
			return FALSE;
		}
		len = 0;
		cut = FALSE;
	}
	if (len)
	{
		line[len] = '\0';
		return cb(ctx, line, cut);
	}
	return TRUE;
}

/**
 * One run of tshark with PSK number psk (-1 for none)
 */
static bool run_once(private_ladder_tshark_t *this, const char *capture,
					 int psk, ladder_tshark_line_t line, void *ctx, char *err,
					 size_t err_len)
{
	char dir[PATH_MAX], config[PATH_MAX + 32], errpath[PATH_MAX + 16];
	char *argv[ARGV_MAX], *env[ENV_MAX], sep[] = "separator=\x1f";
	char agg[] = "aggregator=\x1e";
	posix_spawn_file_actions_t actions;
	const char *tmp = getenv("TMPDIR");
	int pipefd[2], n = 0, i, status, spawned;
	bool ok = FALSE, stopped;
	FILE *out;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s/imsakactl-ladder.XXXXXX",
			 tmp && *tmp == '/' ? tmp : "/tmp");
	if (!make_config(this, dir, psk))
	{
		snprintf(err, err_len, "writing tshark's configuration in %s: %s",
				 dir, strerror(errno));
		remove_config(dir);
		return FALSE;
	}
	snprintf(config, sizeof(config), "WIRESHARK_CONFIG_DIR=%s", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	make_env(env, config);

	argv[n++] = this->program;
	argv[n++] = "-n";
	argv[n++] = "-r";
	argv[n++] = (char*)capture;
	argv[n++] = "-Y";
	argv[n++] = "sip";
	argv[n++] = "-T";
	argv[n++] = "fields";
	argv[n++] = "-E";
	argv[n++] = "header=n";
	argv[n++] = "-E";
	argv[n++] = "quote=n";
	argv[n++] = "-E";
	argv[n++] = "occurrence=a";
	argv[n++] = "-E";
	argv[n++] = sep;
	argv[n++] = "-E";
	argv[n++] = agg;
	for (i = 0; i < ladder_fields_count() && n < ARGV_MAX - 3; i++)
	{
		argv[n++] = "-e";
		argv[n++] = (char*)ladder_fields_name(i);
	}
	argv[n] = NULL;

	if (pipe2(pipefd, O_CLOEXEC) != 0)
	{
		snprintf(err, err_len, "pipe: %s", strerror(errno));
		remove_config(dir);
		return FALSE;
	}
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
									 O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errpath,
									 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	spawned = posix_spawnp(&pid, this->program, &actions, NULL, argv, env);
	posix_spawn_file_actions_destroy(&actions);
	close(pipefd[1]);
	if (spawned != 0)
	{
		snprintf(err, err_len, "starting %s: %s", this->program,
				 strerror(spawned));
		close(pipefd[0]);
		remove_config(dir);
		return FALSE;
	}
	out = fdopen(pipefd[0], "r");
	stopped = !out || !read_lines(out, line, ctx);
	if (stopped)
	{
		kill(pid, SIGTERM);
	}
	if (out)
	{
		fclose(out);
	}
	else
	{
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
	{
	}
	if (stopped && out)
	{
		ok = TRUE;
	}
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
	{
		ok = TRUE;
	}
	else
	{
		snprintf(err, err_len, "%s failed on %s: ", this->program, capture);
		read_stderr(errpath, err + strlen(err), err_len - strlen(err));
	}
	remove_config(dir);
	return ok;
}

METHOD(ladder_tshark_t, run, bool,
	private_ladder_tshark_t *this, const char *capture,
	ladder_tshark_line_t line, void *ctx, char *err, size_t err_len)
{
	int psk;

	if (access(capture, R_OK) != 0)
	{
		snprintf(err, err_len, "capture '%.200s': %s", capture,
				 strerror(errno));
		return FALSE;
	}
	for (psk = this->psk_count ? 0 : -1; psk < this->psk_count; psk++)
	{
		if (!run_once(this, capture, psk, line, ctx, err, err_len))
		{
			return FALSE;
		}
		if (psk < 0)
		{
			break;
		}
	}
	return TRUE;
}

METHOD(ladder_tshark_t, destroy, void,
	private_ladder_tshark_t *this)
{
	int i;

	for (i = 0; i < this->sa_count; i++)
	{
		memwipe(this->sas[i], strlen(this->sas[i]));
		free(this->sas[i]);
	}
	for (i = 0; i < this->psk_count; i++)
	{
		memwipe(this->psks[i], strlen(this->psks[i]));
		free(this->psks[i]);
	}
	free(this->keylog);
	free(this->program);
	free(this);
}

/*
 * Described in header
 */
ladder_tshark_t *ladder_tshark_create(const char *program)
{
	private_ladder_tshark_t *this;

	INIT(this,
		.public = {
			.add_esp_sa_file = _add_esp_sa_file,
			.set_tls_keylog = _set_tls_keylog,
			.add_psk = _add_psk,
			.add_psk_file = _add_psk_file,
			.run = _run,
			.destroy = _destroy,
		},
		.program = strdup(program),
	);
	return &this->public;
}

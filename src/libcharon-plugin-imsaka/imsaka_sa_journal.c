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

#include "imsaka_sa_journal.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct private_imsaka_sa_journal_t private_imsaka_sa_journal_t;

/** lines of forgotten sets tolerated before the file is compacted, at least */
#define COMPACT_MIN 4096

/** bad lines of a previous journal logged one by one, the rest counted */
#define BAD_LINES_LOGGED 10

/** bytes written at a time when the file is compacted */
#define COMPACT_CHUNK 65536

/**
 * Private data of an imsaka_sa_journal_t object.
 */
struct private_imsaka_sa_journal_t {

	/**
	 * Public interface
	 */
	imsaka_sa_journal_t public;

	/**
	 * Path of the file
	 */
	char *path;

	/**
	 * The file, opened for appending and locked
	 */
	int fd;

	/**
	 * Lines of the sets recorded and not forgotten (key: the entry's
	 * number as a pointer, value: its line, newline included)
	 */
	hashtable_t *live;

	/**
	 * Sets a previous charon left (key: number as a pointer, value:
	 * imsaka_sa_journal_entry_t), until remove_stale()
	 */
	hashtable_t *stale;

	/**
	 * Lines in the file that describe no set recorded now: forgotten sets'
	 * "set" and "del" lines
	 */
	u_int dead;

	/**
	 * Number of the next entry
	 */
	u_int next_id;

	/**
	 * TRUE once a failed write was logged, to log it once
	 */
	bool write_failed;

	/**
	 * Serializes access to the file and the tables
	 */
	mutex_t *mutex;
};

/**
 * Write all of buf, as write() may write less
 */
static bool write_all(int fd, const char *buf, size_t len)
{
	ssize_t written;

	while (len)
	{
		written = write(fd, buf, len);
		if (written < 0 && errno == EINTR)
		{
			continue;
		}
		if (written <= 0)
		{
			return FALSE;
		}
		buf += written;
		len -= written;
	}
	return TRUE;
}

/**
 * Append a line to the file, with the mutex held
 */
static bool append(private_imsaka_sa_journal_t *this, const char *line,
				   size_t len)
{
	if (write_all(this->fd, line, len))
	{
		return TRUE;
	}
	if (!this->write_failed)
	{
		DBG1(DBG_KNL, "writing SA set journal %s failed: %s", this->path,
			 strerror(errno));
		this->write_failed = TRUE;
	}
	return FALSE;
}

/**
 * Open, lock and check a file of the journal
 */
static int open_locked(const char *path, int flags)
{
	struct stat st;
	int fd;

	fd = open(path, flags | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
	{
		DBG1(DBG_KNL, "opening SA set journal %s failed: %s", path,
			 strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
	{
		DBG1(DBG_KNL, "SA set journal %s is in use by another process",
			 path);
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
		fchmod(fd, 0600) != 0)
	{
		DBG1(DBG_KNL, "SA set journal %s is not a regular file we can "
			 "make 0600", path);
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * Rewrite the file with the sets recorded now, with the mutex held. The
 * new file replaces the old one only when complete.
 */
static void compact(private_imsaka_sa_journal_t *this)
{
	char tmp[PATH_MAX], buf[COMPACT_CHUNK], *line;
	enumerator_t *enumerator;
	size_t len, used = 0;
	bool ok = TRUE;
	void *id;
	int fd;

	/* whatever happens, wait for as much garbage again */
	this->dead = 0;
	if (snprintf(tmp, sizeof(tmp), "%s.new", this->path) >= sizeof(tmp))
	{
		return;
	}
	unlink(tmp);
	fd = open_locked(tmp, O_WRONLY | O_TRUNC | O_EXCL);
	if (fd < 0)
	{
		return;
	}
	enumerator = this->live->create_enumerator(this->live);
	while (ok && enumerator->enumerate(enumerator, &id, &line))
	{
		len = strlen(line);
		if (used + len > sizeof(buf))
		{
			ok = write_all(fd, buf, used);
			used = 0;
		}
		memcpy(buf + used, line, len);
		used += len;
	}
	enumerator->destroy(enumerator);
	if (!ok || !write_all(fd, buf, used) || rename(tmp, this->path) != 0)
	{
		DBG1(DBG_KNL, "compacting SA set journal %s failed: %s", this->path,
			 strerror(errno));
		close(fd);
		unlink(tmp);
		return;
	}
	close(this->fd);
	this->fd = fd;
	DBG2(DBG_KNL, "SA set journal %s compacted to %u sets", this->path,
		 this->live->get_count(this->live));
}

/**
 * Record an entry, with the mutex held
 */
static u_int record_entry(private_imsaka_sa_journal_t *this,
						  imsaka_sa_journal_entry_t *entry)
{
	char line[IMSAKA_SA_JOURNAL_LINE_MAX];
	size_t len;
	u_int id;

	id = this->next_id++;
	if (!this->next_id)
	{
		this->next_id = 1;
	}
	len = entry->format(entry, id, line);
	if (!len || !append(this, line, len))
	{
		return 0;
	}
	this->live->put(this->live, (void*)(uintptr_t)id, strndup(line, len));
	return id;
}

METHOD(imsaka_sa_journal_t, record, u_int,
	private_imsaka_sa_journal_t *this, imsaka_sa_set_cfg_t *cfg,
	host_t *remote_outer, uint32_t reqid[2])
{
	imsaka_sa_journal_entry_t *entry;
	u_int id;

	entry = imsaka_sa_journal_entry_create(cfg, remote_outer, reqid);
	this->mutex->lock(this->mutex);
	id = record_entry(this, entry);
	this->mutex->unlock(this->mutex);
	entry->destroy(entry);
	return id;
}

METHOD(imsaka_sa_journal_t, forget, void,
	private_imsaka_sa_journal_t *this, u_int id)
{
	char line[32], *recorded;
	int len;

	if (!id)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	recorded = this->live->remove(this->live, (void*)(uintptr_t)id);
	if (recorded)
	{
		free(recorded);
		len = snprintf(line, sizeof(line), "del %u\n", id);
		append(this, line, len);
		this->dead += 2;
		if (this->dead >= COMPACT_MIN &&
			this->dead > this->live->get_count(this->live))
		{
			compact(this);
		}
	}
	this->mutex->unlock(this->mutex);
}

METHOD(imsaka_sa_journal_t, count, u_int,
	private_imsaka_sa_journal_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->live->get_count(this->live);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(imsaka_sa_journal_t, remove_stale, u_int,
	private_imsaka_sa_journal_t *this, imsaka_spi_allocator_t *spis)
{
	imsaka_sa_journal_entry_t *entry;
	linked_list_t *failed;
	enumerator_t *enumerator;
	imsaka_sa_set_cfg_t *cfg;
	u_int removed = 0;
	void *id;

	failed = linked_list_create();
	this->mutex->lock(this->mutex);
	enumerator = this->stale->create_enumerator(this->stale);
	while (enumerator->enumerate(enumerator, &id, &entry))
	{
		cfg = entry->get_cfg(entry);
		if (entry->remove_state(entry))
		{
			DBG2(DBG_KNL, "removed SA set %.8x/%.8x <-> %.8x/%.8x of %H "
				 "left by a previous charon", cfg->local.spi_c,
				 cfg->local.spi_s, cfg->remote.spi_c, cfg->remote.spi_s,
				 cfg->remote.addr);
			entry->destroy(entry);
			removed++;
			continue;
		}
		DBG1(DBG_KNL, "removing SA set %.8x/%.8x <-> %.8x/%.8x of %H left "
			 "by a previous charon failed, its SPIs stay reserved",
			 cfg->local.spi_c, cfg->local.spi_s, cfg->remote.spi_c,
			 cfg->remote.spi_s, cfg->remote.addr);
		spis->reserve(spis, cfg->local.spi_c);
		spis->reserve(spis, cfg->local.spi_s);
		failed->insert_last(failed, entry);
	}
	enumerator->destroy(enumerator);
	this->stale->destroy(this->stale);
	this->stale = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								   8);
	/* a fresh journal, with what is still in the kernel for the next
	 * charon to try again */
	if (ftruncate(this->fd, 0) != 0)
	{
		DBG1(DBG_KNL, "emptying SA set journal %s failed: %s", this->path,
			 strerror(errno));
	}
	this->dead = 0;
	while (failed->remove_first(failed, (void**)&entry) == SUCCESS)
	{
		record_entry(this, entry);
		entry->destroy(entry);
	}
	this->mutex->unlock(this->mutex);
	failed->destroy(failed);
	DBG1(DBG_KNL, "removed %u SA sets left by a previous charon", removed);
	return removed;
}

/**
 * Take one line of a previous journal (newline removed)
 */
static bool read_line(private_imsaka_sa_journal_t *this, char *line,
					  const char **err)
{
	imsaka_sa_journal_entry_t *entry;
	unsigned long long id;
	u_int number;
	char *end;

	if (strpfx(line, "del "))
	{
		errno = 0;
		id = strtoull(line + 4, &end, 10);
		if (line[4] < '1' || line[4] > '9' || errno || *end || id > UINT_MAX)
		{
			*err = "no entry number";
			return FALSE;
		}
		entry = this->stale->remove(this->stale, (void*)(uintptr_t)id);
		DESTROY_IF(entry);
		return TRUE;
	}
	entry = imsaka_sa_journal_entry_parse(line, &number, err);
	if (!entry)
	{
		return FALSE;
	}
	id = number;
	if (this->stale->get(this->stale, (void*)(uintptr_t)id))
	{
		*err = "entry number used twice";
		entry->destroy(entry);
		return FALSE;
	}
	this->stale->put(this->stale, (void*)(uintptr_t)id, entry);
	return TRUE;
}

/**
 * Log a bad line of a previous journal, the first few one by one
 */
static void bad_line(private_imsaka_sa_journal_t *this, u_int *bad,
					 u_int number, const char *err)
{
	if (++*bad <= BAD_LINES_LOGGED)
	{
		DBG1(DBG_KNL, "SA set journal %s, line %u skipped: %s", this->path,
			 number, err);
	}
}

/**
 * Read one line into buf ('\0' terminated, newline removed), as much of it
 * as fits; *bytes counts what was read
 *
 * @return			the line's fault, NULL if good or at the end (*len 0)
 */
static const char *get_line(FILE *file, char buf[IMSAKA_SA_JOURNAL_LINE_MAX],
							size_t *len, uint64_t *bytes, uint64_t max_bytes)
{
	bool overlong = FALSE, nul = FALSE;
	int c;

	*len = 0;
	while (*bytes < max_bytes && (c = getc(file)) != EOF)
	{
		(*bytes)++;
		if (c == '\n')
		{
			buf[*len] = '\0';
			if (overlong)
			{
				return "longer than the longest entry";
			}
			return nul ? "holds a NUL byte" : NULL;
		}
		nul |= c == '\0';
		if (*len < IMSAKA_SA_JOURNAL_LINE_MAX - 1)
		{
			buf[(*len)++] = c;
		}
		else
		{
			overlong = TRUE;
		}
	}
	return *len || overlong ? "no newline, cut short" : NULL;
}

/**
 * Read what a previous charon left in the file, bounded: at most max_lines
 * lines of at most IMSAKA_SA_JOURNAL_LINE_MAX bytes each on average
 */
static void read_journal(private_imsaka_sa_journal_t *this, u_int max_lines)
{
	char buf[IMSAKA_SA_JOURNAL_LINE_MAX];
	uint64_t bytes = 0, max_bytes;
	const char *err;
	u_int lines = 0, bad = 0;
	FILE *file;
	size_t len;
	int fd;

	fd = dup(this->fd);
	file = fd < 0 ? NULL : fdopen(fd, "r");
	if (!file)
	{
		if (fd >= 0)
		{
			close(fd);
		}
		DBG1(DBG_KNL, "reading SA set journal %s failed", this->path);
		return;
	}
	max_bytes = (uint64_t)max_lines * IMSAKA_SA_JOURNAL_LINE_MAX;
	while (lines < max_lines)
	{
		err = get_line(file, buf, &len, &bytes, max_bytes);
		if (!err && !len && (feof(file) || bytes >= max_bytes))
		{
			break;
		}
		lines++;
		if (err || !read_line(this, buf, &err))
		{
			bad_line(this, &bad, lines, err);
		}
	}
	if ((lines == max_lines || bytes >= max_bytes) && getc(file) != EOF)
	{
		DBG1(DBG_KNL, "SA set journal %s is longer than %u lines, the rest "
			 "is ignored", this->path, max_lines);
	}
	if (bad > BAD_LINES_LOGGED)
	{
		DBG1(DBG_KNL, "SA set journal %s: %u bad lines skipped", this->path,
			 bad);
	}
	fclose(file);
}

CALLBACK(destroy_entry, void,
	imsaka_sa_journal_entry_t *entry, const void *key)
{
	entry->destroy(entry);
}

CALLBACK(free_line, void,
	char *line, const void *key)
{
	free(line);
}

METHOD(imsaka_sa_journal_t, destroy, void,
	private_imsaka_sa_journal_t *this)
{
	close(this->fd);
	this->live->destroy_function(this->live, free_line);
	this->stale->destroy_function(this->stale, destroy_entry);
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this);
}

/*
 * Described in header
 */
imsaka_sa_journal_t *imsaka_sa_journal_create(const char *path,
											  u_int max_lines)
{
	private_imsaka_sa_journal_t *this;
	int fd;

	fd = open_locked(path, O_RDWR | O_APPEND);
	if (fd < 0)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.remove_stale = _remove_stale,
			.record = _record,
			.forget = _forget,
			.count = _count,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.fd = fd,
		.live = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								 64),
		.stale = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								  8),
		.next_id = 1,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	read_journal(this, max_lines);
	return &this->public;
}

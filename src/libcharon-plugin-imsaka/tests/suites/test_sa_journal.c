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

/*
 * Unit tests of the SA set journal: its lines parsed and written back, a
 * previous charon's file read as hostile input (truncated, overlong,
 * garbage lines, too many lines), the removal at load of what it lists
 * through a fake IPsec backend that logs every SA and policy call, sets
 * recorded and forgotten as they are installed, moved and removed, the
 * SPIs of a set whose removal failed kept from the allocator, and the file
 * compacted.
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imsaka_sa_journal.h"
#include "test_library.h"
#include "fake_kernel_ipsec.h"

/** TS 35.207 test set 1 CK and IK */
static const uint8_t ck1[IMSAKA_CK_LEN] = {
	0xb4, 0x0b, 0xa9, 0xa3, 0xc5, 0x8b, 0x2a, 0x05,
	0xbb, 0xf0, 0xd9, 0x87, 0xb2, 0x1b, 0xf8, 0xcb,
};
static const uint8_t ik1[IMSAKA_IK_LEN] = {
	0xf7, 0x69, 0xbc, 0xd7, 0x51, 0x04, 0x46, 0x04,
	0x12, 0x76, 0x72, 0x71, 0x1c, 0x6d, 0x34, 0x41,
};

/** a set of the P-CSCF: UDP-enc-tun behind a NAT, IPv4 */
#define LINE_V4 "set 7 mod=UDP-enc-tun proto=esp encap=yes local=10.2.0.1 " \
	"port-c=5062 port-s=5060 spi-c=4096 spi-s=4097 remote=10.1.0.10 " \
	"rport-c=5064 rport-s=5066 rspi-c=2000 rspi-s=2001 " \
	"local-outer=10.2.0.1 local-outer-port=4500 remote-outer=192.0.2.1 " \
	"remote-outer-port=4501 reqid-c=1 reqid-s=2 mark=0/0 if-id=0"

/** a transport mode set, IPv6 */
#define LINE_V6 "set 4294967295 mod=trans proto=esp encap=no local=fd00::1 " \
	"port-c=5064 port-s=5066 spi-c=300 spi-s=301 remote=fd00::2 " \
	"rport-c=5060 rport-s=5062 rspi-c=3333 rspi-s=4444 " \
	"local-outer=fd00::1 local-outer-port=0 remote-outer=fd00::2 " \
	"remote-outer-port=0 reqid-c=4294967295 reqid-s=9 mark=42/255 if-id=7"

/** a tunnel mode set, IPv4 */
#define LINE_TUN "set 1 mod=tun proto=esp encap=no local=10.2.0.1 " \
	"port-c=5062 port-s=5060 spi-c=5000 spi-s=5001 remote=10.1.0.11 " \
	"rport-c=5064 rport-s=5066 rspi-c=6000 rspi-s=6001 " \
	"local-outer=10.2.0.1 local-outer-port=0 remote-outer=192.0.2.2 " \
	"remote-outer-port=0 reqid-c=3 reqid-s=4 mark=0/0 if-id=0"

/** folder of the journal, and its path */
static char dir[64], path[128];

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	fake_kernel_ipsec_register();
	/* as kernel-libipsec and kernel-netlink answer for an SA they lack */
	fake_kernel.del_status = NOT_FOUND;
	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE,
							lib->ns);
	strcpy(dir, "/tmp/imsaka-journal-test.XXXXXX");
	ck_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/journal", dir);
}

static void teardown()
{
	char tmp[160];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	rmdir(dir);
	libcharon_deinit();
	library_deinit();
}

/**
 * Write the journal file as a previous charon left it
 */
static void write_file(const char *content, size_t len)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert(fd >= 0);
	ck_assert_int_eq(write(fd, content, len), len);
	close(fd);
}

/**
 * Read the journal file ('\0' terminated, to free)
 */
static char *read_file()
{
	chunk_t content;
	char *str;

	content = chunk_from_fd(open(path, O_RDONLY), &content) ?
			  content : chunk_empty;
	ck_assert(content.ptr || !content.len);
	str = strndup((char*)content.ptr, content.len);
	chunk_free(&content);
	return str;
}

/**
 * Number of lines of a text starting with a prefix
 */
static int count_lines(const char *text, const char *prefix)
{
	const char *pos = text;
	int n = 0;

	while (pos && *pos)
	{
		n += strpfx(pos, prefix);
		pos = strchr(pos, '\n');
		pos = pos ? pos + 1 : NULL;
	}
	return n;
}

static struct {
	const char *line;
	u_int id;
	uint32_t spi_c;
} good_lines[] = {
	{ LINE_V4, 7, 4096 },
	{ LINE_V6, 4294967295, 300 },
	{ LINE_TUN, 1, 5000 },
};

START_TEST(test_parse_good)
{
	imsaka_sa_journal_entry_t *entry;
	char buf[IMSAKA_SA_JOURNAL_LINE_MAX];
	const char *err = NULL;
	size_t len;
	u_int id;

	entry = imsaka_sa_journal_entry_parse(good_lines[_i].line, &id, &err);
	ck_assert_msg(entry, "'%s' refused: %s", good_lines[_i].line, err);
	ck_assert_int_eq(id, good_lines[_i].id);
	ck_assert_int_eq(entry->get_cfg(entry)->local.spi_c,
					 good_lines[_i].spi_c);
	/* written back as read */
	len = entry->format(entry, id, buf);
	ck_assert_int_eq(len, strlen(good_lines[_i].line) + 1);
	ck_assert(strneq(buf, good_lines[_i].line, len - 1));
	ck_assert(buf[len - 1] == '\n');
	entry->destroy(entry);
}
END_TEST

/** a set line with one field replaced (sed-like: the first occurrence) */
static char *replaced(const char *line, const char *from, const char *to)
{
	static char buf[2 * IMSAKA_SA_JOURNAL_LINE_MAX];
	const char *pos;

	pos = strstr(line, from);
	ck_assert(pos);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(pos - line), line, to,
			 pos + strlen(from));
	return buf;
}

static struct {
	const char *from;
	const char *to;
} bad_fields[] = {
	{ "set 7 ", "set 0 " },
	{ "set 7 ", "set -7 " },
	{ "set 7 ", "set 4294967296 " },
	{ "set 7 ", "sat 7 " },
	{ "mod=UDP-enc-tun", "mod=udp" },
	{ "proto=esp", "proto=ah" },
	{ "encap=yes", "encap=no" },
	{ "encap=yes", "encap=1" },
	{ "local=10.2.0.1", "local=fd00::1" },
	{ "local=10.2.0.1", "local=10.2.0.256" },
	{ "port-c=5062", "port-c=0" },
	{ "port-c=5062", "port-c=65536" },
	{ "port-c=5062", "port-c=+5062" },
	{ "port-c=5062", "port-c=5062x" },
	{ "port-c=5062", "port-c=" },
	{ "spi-c=4096", "spi-c=255" },
	{ "spi-c=4096", "spi-c=0x1000" },
	{ "rspi-s=2001", "rspi-s=4294967296" },
	{ "remote-outer=192.0.2.1", "remote-outer=2001:db8::1" },
	{ "local-outer-port=4500", "local-outer-port=65536" },
	{ "reqid-c=1", "reqid-c=-1" },
	{ "mark=0/0", "mark=0" },
	{ "mark=0/0", "mark=0/x" },
	{ "if-id=0", "if-id=0 if-id=0" },
	{ "if-id=0", "if-id=0 foo=1" },
	{ "if-id=0", "if-id=0 foo" },
	{ " if-id=0", "" },
	{ " proto=esp", "" },
};

START_TEST(test_parse_bad)
{
	imsaka_sa_journal_entry_t *entry;
	const char *err = NULL, *line;
	u_int id;

	line = replaced(LINE_V4, bad_fields[_i].from, bad_fields[_i].to);
	entry = imsaka_sa_journal_entry_parse(line, &id, &err);
	ck_assert_msg(!entry, "'%s' accepted", line);
	ck_assert(err && *err);
}
END_TEST

START_TEST(test_parse_overlong)
{
	char line[2 * IMSAKA_SA_JOURNAL_LINE_MAX];
	const char *err = NULL;
	u_int id;

	/* a good line padded past the limit */
	snprintf(line, sizeof(line), "%s%*s", LINE_V4,
			 IMSAKA_SA_JOURNAL_LINE_MAX, " ");
	ck_assert(strlen(line) >= IMSAKA_SA_JOURNAL_LINE_MAX);
	ck_assert(!imsaka_sa_journal_entry_parse(line, &id, &err));
	ck_assert(err);
}
END_TEST

/**
 * Open the journal on the file, remove what it lists, return the number
 * removed; the journal stays open in *out if out is given
 */
static u_int load(u_int max_lines, imsaka_spi_allocator_t *spis,
				  imsaka_sa_journal_t **out)
{
	imsaka_spi_allocator_t *own = NULL;
	imsaka_sa_journal_t *journal;
	u_int removed;

	if (!spis)
	{
		spis = own = imsaka_spi_allocator_create(256, 100000, 0);
	}
	journal = imsaka_sa_journal_create(path, max_lines);
	ck_assert(journal);
	removed = journal->remove_stale(journal, spis);
	DESTROY_IF(own);
	if (out)
	{
		*out = journal;
	}
	else
	{
		journal->destroy(journal);
	}
	return removed;
}

START_TEST(test_load_removes)
{
	const char content[] = LINE_V4 "\n" LINE_TUN "\n";
	struct stat st;
	char *text;

	write_file(content, strlen(content));
	ck_assert_int_eq(load(100, NULL, NULL), 2);
	/* each SA deleted at its outer destination (inbound ones here, on our
	 * SPIs, outbound ones at the peer's NAT) */
	ck_assert_msg(strstr(fake_kernel.calls, "del-sa 4096 10.2.0.1[4500] mark=0 if-id=0\n") &&
				  strstr(fake_kernel.calls, "del-sa 4097 10.2.0.1[4500]") &&
				  strstr(fake_kernel.calls, "del-sa 2000 192.0.2.1[4501]") &&
				  strstr(fake_kernel.calls, "del-sa 2001 192.0.2.1[4501]") &&
				  strstr(fake_kernel.calls, "del-sa 5000 10.2.0.1") &&
				  strstr(fake_kernel.calls, "del-sa 6001 192.0.2.2"), "%s", fake_kernel.calls);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-sa "), 8);
	/* kernel-netlink knows no policy of a previous charon: each is added
	 * (replacing the kernel's) and deleted */
	ck_assert_int_eq(count_lines(fake_kernel.calls, "add-policy "), 8);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-policy "), 8);
	ck_assert(strstr(fake_kernel.calls, "add-policy in 4096\ndel-policy in 4096\n"));
	/* a fresh journal, 0600 */
	text = read_file();
	ck_assert_str_eq(text, "");
	free(text);
	ck_assert(stat(path, &st) == 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
}
END_TEST

START_TEST(test_load_userspace)
{
	const char content[] = LINE_V4 "\n";

	/* kernel-libipsec: SAs and policies went with the previous charon,
	 * deleting them finds nothing (libipsec answers FAILED), no policy is
	 * added */
	fake_kernel.features = KERNEL_REQUIRE_UDP_ENCAPSULATION;
	fake_kernel.refuse_del_spi = 4096;
	write_file(content, strlen(content));
	ck_assert_int_eq(load(100, NULL, NULL), 1);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-sa "), 4);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-policy "), 4);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "add-policy "), 0);
}
END_TEST

START_TEST(test_load_hostile)
{
	char content[8 * IMSAKA_SA_JOURNAL_LINE_MAX];
	int len;

	/* garbage, an overlong line, a binary one, a duplicate number, a del
	 * of an unknown entry, and a last line cut short: only the two good
	 * sets are removed */
	len = snprintf(content, sizeof(content),
				   "garbage\n"
				   "%s%*s\n"
				   "set 9 \001\002\n"
				   "\n"
				   "%s\n"
				   "%s\n"
				   "del 12345\n"
				   "del x\n"
				   "%s\n"
				   "%.100s",
				   LINE_V4, IMSAKA_SA_JOURNAL_LINE_MAX, "x",
				   LINE_V4, LINE_V4, LINE_TUN, LINE_V6);
	ck_assert(len < sizeof(content));
	write_file(content, len);
	ck_assert_int_eq(load(100, NULL, NULL), 2);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-sa "), 8);
	ck_assert(!strstr(fake_kernel.calls, "del-sa 300 "));
}
END_TEST

START_TEST(test_load_nul)
{
	const char content[] = "set 3\0 garbage\n" LINE_TUN "\n";

	write_file(content, sizeof(content) - 1);
	ck_assert_int_eq(load(100, NULL, NULL), 1);
	ck_assert(strstr(fake_kernel.calls, "del-sa 5000 "));
}
END_TEST

START_TEST(test_load_deleted)
{
	const char content[] = LINE_V4 "\n" LINE_TUN "\ndel 7\n";

	/* a set forgotten before the end is not removed again */
	write_file(content, strlen(content));
	ck_assert_int_eq(load(100, NULL, NULL), 1);
	ck_assert(!strstr(fake_kernel.calls, "del-sa 4096 "));
	ck_assert(strstr(fake_kernel.calls, "del-sa 5000 "));
}
END_TEST

START_TEST(test_load_too_many)
{
	char content[8 * IMSAKA_SA_JOURNAL_LINE_MAX];
	int len = 0, i;

	char number[16];

	/* lines past the limit are not read */
	for (i = 1; i <= 5; i++)
	{
		snprintf(number, sizeof(number), "set %d ", i);
		len += snprintf(content + len, sizeof(content) - len, "%s\n",
						replaced(LINE_TUN, "set 1 ", number));
	}
	write_file(content, len);
	ck_assert_int_eq(load(3, NULL, NULL), 3);
	ck_assert_int_eq(count_lines(fake_kernel.calls, "del-sa "), 12);
}
END_TEST

START_TEST(test_load_failed_reserves)
{
	const char content[] = LINE_TUN "\n" LINE_V4 "\n";
	imsaka_spi_allocator_t *spis;
	imsaka_sa_journal_t *journal;
	uint32_t spi;
	char *text;
	int i;

	/* the kernel refuses to delete an SA of the tunnel mode set */
	fake_kernel.refuse_del_spi = 6000;
	write_file(content, strlen(content));
	spis = imsaka_spi_allocator_create(4990, 5009, 0);
	ck_assert_int_eq(load(100, spis, &journal), 1);
	/* it stays in the fresh journal, for the next charon */
	ck_assert_int_eq(journal->count(journal), 1);
	text = read_file();
	ck_assert_int_eq(count_lines(text, "set "), 1);
	ck_assert_msg(strstr(text, " spi-c=5000 spi-s=5001 "), "%s", text);
	free(text);
	journal->destroy(journal);
	/* and its local SPIs are never handed out */
	for (i = 0; i < 18; i++)
	{
		ck_assert(spis->allocate(spis, &spi));
		ck_assert_msg(spi != 5000 && spi != 5001, "SPI %u allocated", spi);
	}
	ck_assert(!spis->allocate(spis, &spi));
	spis->destroy(spis);
}
END_TEST

START_TEST(test_locked)
{
	imsaka_sa_journal_t *journal, *other;

	journal = imsaka_sa_journal_create(path, 100);
	ck_assert(journal);
	/* a second charon on the same file gets none */
	other = imsaka_sa_journal_create(path, 100);
	ck_assert(!other);
	journal->destroy(journal);
	other = imsaka_sa_journal_create(path, 100);
	ck_assert(other);
	other->destroy(other);
}
END_TEST

START_TEST(test_symlink_refused)
{
	char target[160];

	snprintf(target, sizeof(target), "%s/target", dir);
	ck_assert(symlink(target, path) == 0);
	ck_assert(!imsaka_sa_journal_create(path, 100));
	unlink(target);
}
END_TEST

/**
 * A set as sa-install builds it, recorded in journal
 */
static imsaka_sa_set_t *set_create(imsaka_sa_journal_t *journal,
								   uint32_t spi_c)
{
	imsaka_sa_set_cfg_t cfg = {
		.local = {
			.addr = host_create_from_string("10.2.0.1", 0),
			.port_c = 5062,
			.port_s = 5060,
			.spi_c = spi_c,
			.spi_s = spi_c + 1,
		},
		.remote = {
			.addr = host_create_from_string("10.1.0.10", 0),
			.port_c = 5064,
			.port_s = 5066,
			.spi_c = 2000,
			.spi_s = 2001,
		},
		.mode = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
		.alg = IMSAKA_ESP_ALG_HMAC_SHA1_96,
		.ealg = IMSAKA_ESP_EALG_AES_CBC,
		.remote_outer = host_create_from_string("192.0.2.1", 4500),
		.journal = journal,
	};
	imsaka_sa_set_t *set;
	const char *err;

	set = imsaka_sa_set_create(&cfg, &err);
	ck_assert_msg(set, "%s", err);
	cfg.local.addr->destroy(cfg.local.addr);
	cfg.remote.addr->destroy(cfg.remote.addr);
	cfg.remote_outer->destroy(cfg.remote_outer);
	return set;
}

START_TEST(test_sets_recorded)
{
	imsaka_sa_journal_t *journal;
	imsaka_sa_set_t *set, *other;
	host_t *moved;
	const char *err;
	char *text;

	journal = imsaka_sa_journal_create(path, 100);
	ck_assert(journal);
	set = set_create(journal, 4096);
	other = set_create(journal, 4098);
	ck_assert_int_eq(journal->count(journal), 0);
	ck_assert(set->install(set, ck1, ik1, &err));
	ck_assert(other->install(other, ck1, ik1, &err));
	ck_assert_int_eq(journal->count(journal), 2);
	/* the peer moved: the set is recorded at its new address */
	moved = host_create_from_string("192.0.2.1", 4501);
	ck_assert(set->update_remote(set, moved, ck1, ik1));
	moved->destroy(moved);
	ck_assert_int_eq(journal->count(journal), 2);
	other->destroy(other);
	ck_assert_int_eq(journal->count(journal), 1);
	/* the set, the other, the set moved; the set before the move and the
	 * other forgotten; no key */
	text = read_file();
	ck_assert_int_eq(count_lines(text, "set "), 3);
	ck_assert_int_eq(count_lines(text, "del "), 2);
	ck_assert_msg(!strstr(text, "b40ba9") && !strstr(text, "f769bc"), "%s",
				  text);
	set->destroy(set);
	journal->destroy(journal);
	/* as if charon had been killed before the set went: the next charon
	 * removes the one set left, at the peer's new address */
	write_file(text, strlen(text));
	free(text);
	fake_kernel.calls[0] = '\0';
	ck_assert_int_eq(load(100, NULL, NULL), 1);
	ck_assert_msg(strstr(fake_kernel.calls, "del-sa 2000 192.0.2.1[4501]") &&
				  strstr(fake_kernel.calls, "del-sa 4096 10.2.0.1[4500]") &&
				  !strstr(fake_kernel.calls, "del-sa 4098 "), "%s", fake_kernel.calls);
	ck_assert(!strstr(fake_kernel.calls, "192.0.2.1[4500]"));
}
END_TEST

START_TEST(test_failed_install_forgotten)
{
	imsaka_sa_journal_t *journal;
	imsaka_sa_set_t *set;
	const char *err;

	char *text;

	journal = imsaka_sa_journal_create(path, 100);
	ck_assert(journal);
	set = set_create(journal, 4096);
	/* the kernel refuses the third SA: the set is rolled back and leaves
	 * the journal */
	fake_kernel.refuse_add_spi = 4096;
	ck_assert(!set->install(set, ck1, ik1, &err));
	ck_assert_int_eq(journal->count(journal), 0);
	text = read_file();
	ck_assert_int_eq(count_lines(text, "set 1 "), 1);
	ck_assert_int_eq(count_lines(text, "del 1"), 1);
	free(text);
	/* installed, a second install adds no entry, uninstall forgets it */
	fake_kernel.refuse_add_spi = 0;
	ck_assert(set->install(set, ck1, ik1, &err));
	ck_assert(!set->install(set, ck1, ik1, &err));
	ck_assert_int_eq(journal->count(journal), 1);
	set->uninstall(set);
	ck_assert_int_eq(journal->count(journal), 0);
	set->destroy(set);
	journal->destroy(journal);
}
END_TEST

START_TEST(test_compacted)
{
	imsaka_spi_allocator_t *spis;
	imsaka_sa_journal_t *journal;
	imsaka_sa_set_cfg_t *cfg;
	imsaka_sa_set_t *set;
	uint32_t reqid[2] = { 1, 2 };
	u_int ids[5000], i;
	char *text;

	journal = imsaka_sa_journal_create(path, 100);
	ck_assert(journal);
	set = set_create(NULL, 4096);
	cfg = set->get_cfg(set);
	for (i = 0; i < countof(ids); i++)
	{
		cfg->local.spi_c = 10000 + 2 * i;
		ids[i] = journal->record(journal, cfg, cfg->remote_outer, reqid);
		ck_assert(ids[i]);
	}
	/* once forgotten sets' lines outnumber the others, only the sets
	 * recorded are left in the file */
	for (i = 0; i < 2100; i++)
	{
		journal->forget(journal, ids[i]);
	}
	ck_assert_int_eq(journal->count(journal), 2900);
	text = read_file();
	ck_assert_int_le(count_lines(text, "set "), 2900 + 100);
	ck_assert_int_le(count_lines(text, "del "), 100);
	ck_assert(!strstr(text, " spi-c=10000 "));
	ck_assert(strstr(text, " spi-c=19998 "));
	free(text);
	/* appending goes on in the new file; the next charon finds exactly
	 * the sets recorded */
	journal->forget(journal, ids[4999]);
	journal->destroy(journal);
	spis = imsaka_spi_allocator_create(256, 100000, 0);
	fake_kernel.calls[0] = '\0';
	ck_assert_int_eq(load(10000, spis, NULL), 2899);
	spis->destroy(spis);
	set->destroy(set);
}
END_TEST

Suite *sa_journal_suite_create(void)
{
	test_entry_t tests[] = {
		{ "parse", test_parse_good, countof(good_lines) },
		{ "parse", test_parse_bad, countof(bad_fields) },
		{ "parse", test_parse_overlong },
		{ "load", test_load_removes },
		{ "load", test_load_userspace },
		{ "load", test_load_hostile },
		{ "load", test_load_nul },
		{ "load", test_load_deleted },
		{ "load", test_load_too_many },
		{ "load", test_load_failed_reserves },
		{ "file", test_locked },
		{ "file", test_symlink_refused },
		{ "record", test_sets_recorded },
		{ "record", test_failed_install_forgotten },
		{ "record", test_compacted, 0, 60 },
	};

	return test_suite_create("imsaka sa journal", setup, teardown, tests,
							 countof(tests));
}

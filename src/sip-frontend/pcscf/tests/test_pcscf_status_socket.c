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
 * imsaka-pcscf's status socket: hello, stats, garbage, an overlong line,
 * requests split and pipelined, more clients than it serves, the socket
 * file's mode, a stale file and one in use. The event loop is played by
 * the test: it calls the watch callback once the epoll set is ready.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <library.h>

#include "pcscf_tests.h"
#include "../pcscf_counters.h"
#include "../pcscf_status_socket.h"

/** ms to wait for an event that must come (a bound, not a measurement) */
#define WAIT_MS 5000

/**
 * A transport that only watches one descriptor
 */
typedef struct {
	sip_transport_t public;
	int fd;
	short events;
	sip_transport_watch_cb_t cb;
	void *data;
} watch_transport_t;

static watch_transport_t loop;
static pcscf_counters_t *counters;
static pcscf_status_socket_t *status;
static char dir[64], path[96];

static uint32_t watch_(sip_transport_t *this, int fd, short events,
					   sip_transport_watch_cb_t cb, void *data)
{
	ck_assert(!loop.cb);
	loop.fd = fd;
	loop.events = events;
	loop.cb = cb;
	loop.data = data;
	return 1;
}

static void set_watch(sip_transport_t *this, uint32_t id, short events)
{
	ck_assert_int_eq(id, 1);
	loop.events = events;
	if (!events)
	{
		loop.cb = NULL;
	}
}

/** one round of the loop: wait for the epoll set, call back */
static void serve(void)
{
	struct pollfd pfd = { .fd = loop.fd, .events = loop.events };

	ck_assert(loop.cb);
	ck_assert_int_eq(poll(&pfd, 1, WAIT_MS), 1);
	loop.events = loop.cb(loop.data, loop.fd, pfd.revents);
}

/** rounds of the loop while the epoll set has something */
static void serve_all(void)
{
	struct pollfd pfd = { .fd = loop.fd, .events = POLLIN };

	while (poll(&pfd, 1, 0) == 1)
	{
		loop.cb(loop.data, loop.fd, pfd.revents);
	}
}

static bool print_counters(void *data, char *buf, size_t size)
{
	return counters->print(counters, buf, size);
}

static void setup(void)
{
	loop = (watch_transport_t){
		.public = {
			.watch = watch_,
			.set_watch = set_watch,
		},
		.fd = -1,
	};
	snprintf(dir, sizeof(dir), "/tmp/pcscf-status-XXXXXX");
	ck_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/imsaka-pcscf.ctl", dir);
	counters = pcscf_counters_create();
	status = pcscf_status_socket_create(path, &loop.public, print_counters,
										NULL);
	ck_assert(status);
}

static void teardown_(void)
{
	struct stat st;

	DESTROY_IF(status);
	/* removed at exit, the watch gone */
	ck_assert(lstat(path, &st) != 0 && errno == ENOENT);
	ck_assert(!loop.cb);
	counters->destroy(counters);
	rmdir(dir);
}

/** a connected client (accepted by a round of the loop) */
static int client(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert(fd >= 0);
	/* a reply that never comes fails the test instead of hanging it */
	ck_assert(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	ck_assert_msg(connect(fd, (struct sockaddr*)&addr, sizeof(addr)) == 0,
				  "%s", strerror(errno));
	serve();
	return fd;
}

/** send text, run the loop */
static void request(int fd, const char *text)
{
	ck_assert_int_eq(write(fd, text, strlen(text)), strlen(text));
	serve();
}

/** read one reply line (without its newline); "" at EOF */
static char *reply(int fd)
{
	static char line[4096];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(line) - 1)
	{
		n = read(fd, line + len, 1);
		if (n < 0 && errno == ECONNRESET)
		{	/* closed with our unread request in its buffer */
			n = 0;
		}
		ck_assert_msg(n >= 0, "no reply: %s", strerror(errno));
		if (n == 0 || line[len] == '\n')
		{
			break;
		}
		len++;
	}
	line[len] = '\0';
	return line;
}

START_TEST(test_hello_stats)
{
	char expected[2048] = "OK ";
	int fd = client();

	ck_assert_int_eq(status->get_clients(status), 1);
	request(fd, "hello version=1\n");
	ck_assert_str_eq(reply(fd), "OK version=1");
	counters->inc(counters, PCSCF_REG_INITIAL);
	counters->inc(counters, PCSCF_UNPROTECTED_REFUSED);
	counters->set(counters, PCSCF_GAUGE_REGISTRATIONS, 1);
	ck_assert(counters->print(counters, expected + 3, sizeof(expected) - 3));
	request(fd, "stats\n");
	ck_assert_str_eq(reply(fd), expected);
	ck_assert(strstr(expected, "OK reg-initial=1 reg-refreshed=0 "));
	ck_assert(strstr(expected, " unprotected-refused=1 "));
	ck_assert(strstr(expected, " registrations=1 handshakes-in-flight=0"));
	/* CR LF as well */
	request(fd, "stats\r\n");
	ck_assert_str_eq(reply(fd), expected);
	close(fd);
	serve();
	ck_assert_int_eq(status->get_clients(status), 0);
}
END_TEST

/** requests refused, and the client stays */
static struct {
	const char *request;
	const char *reply;
} garbage[] = {
	{ "\n", "ERR unknown-command " },
	{ "bogus\n", "ERR unknown-command " },
	{ "STATS\n", "ERR unknown-command " },
	{ "stats extra\n", "ERR unknown-command " },
	{ "hello\n", "ERR unknown-command " },
	{ "hello version=2\n", "ERR version " },
	{ "hello version=99999999999999999999\n", "ERR version " },
	{ "hello version=1x\n", "ERR version " },
	{ "\xff\xfe\x01\n", "ERR unknown-command " },
};

START_TEST(test_garbage)
{
	int fd = client();
	char *line;

	request(fd, garbage[_i].request);
	line = reply(fd);
	ck_assert_msg(strncmp(line, garbage[_i].reply,
						  strlen(garbage[_i].reply)) == 0, "%s", line);
	/* the request is not echoed */
	ck_assert(!strstr(line, "bogus"));
	request(fd, "hello version=1\n");
	ck_assert_str_eq(reply(fd), "OK version=1");
	close(fd);
	serve();
}
END_TEST

START_TEST(test_overlong_line)
{
	char text[PCSCF_STATUS_LINE_MAX + 8];
	int fd = client();

	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	request(fd, text);
	serve_all();
	ck_assert(strncmp(reply(fd), "ERR line-too-long ", 18) == 0);
	/* and closed */
	ck_assert_str_eq(reply(fd), "");
	ck_assert_int_eq(status->get_clients(status), 0);
	close(fd);
}
END_TEST

START_TEST(test_longest_line_taken)
{
	char text[PCSCF_STATUS_LINE_MAX + 3];
	int fd = client();

	/* the longest request and its CR LF fit: answered, not refused */
	memset(text, 'a', PCSCF_STATUS_LINE_MAX);
	strcpy(text + PCSCF_STATUS_LINE_MAX, "\r\n");
	request(fd, text);
	ck_assert(strncmp(reply(fd), "ERR unknown-command ", 20) == 0);
	request(fd, "hello version=1\n");
	ck_assert_str_eq(reply(fd), "OK version=1");
	close(fd);
	serve();
}
END_TEST

START_TEST(test_split_and_pipelined)
{
	int fd = client();

	request(fd, "sta");
	request(fd, "ts\nhello vers");
	ck_assert(strncmp(reply(fd), "OK reg-initial=0 ", 17) == 0);
	request(fd, "ion=1\nstats\nhello version=1\n");
	serve_all();
	ck_assert_str_eq(reply(fd), "OK version=1");
	ck_assert(strncmp(reply(fd), "OK reg-initial=0 ", 17) == 0);
	ck_assert_str_eq(reply(fd), "OK version=1");
	close(fd);
	serve();
}
END_TEST

START_TEST(test_many_clients)
{
	int fds[PCSCF_STATUS_CLIENTS_MAX], extra, i;

	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		fds[i] = client();
	}
	ck_assert_int_eq(status->get_clients(status), PCSCF_STATUS_CLIENTS_MAX);
	/* one more is told and closed */
	extra = client();
	ck_assert(strncmp(reply(extra), "ERR busy ", 9) == 0);
	ck_assert_str_eq(reply(extra), "");
	close(extra);
	/* the others are served, each its own answer */
	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		ck_assert_int_eq(write(fds[i], "hello version=1\n", 16), 16);
	}
	serve_all();
	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		ck_assert_str_eq(reply(fds[i]), "OK version=1");
	}
	/* a slot freed is taken again */
	close(fds[0]);
	serve_all();
	ck_assert_int_eq(status->get_clients(status),
					 PCSCF_STATUS_CLIENTS_MAX - 1);
	fds[0] = client();
	request(fds[0], "hello version=1\n");
	ck_assert_str_eq(reply(fds[0]), "OK version=1");
	for (i = 0; i < PCSCF_STATUS_CLIENTS_MAX; i++)
	{
		close(fds[i]);
	}
	serve_all();
	ck_assert_int_eq(status->get_clients(status), 0);
}
END_TEST

START_TEST(test_file_mode)
{
	struct stat st;

	ck_assert(lstat(path, &st) == 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0660);
}
END_TEST

START_TEST(test_in_use_and_stale)
{
	watch_transport_t saved = loop;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char other[96], longest[sizeof(addr.sun_path) + 8];
	struct stat st;
	int fd;

	/* a second P-CSCF on the same path: refused, the first one's file
	 * stays */
	loop.cb = NULL;
	ck_assert(!pcscf_status_socket_create(path, &loop.public, print_counters,
										  NULL));
	ck_assert(lstat(path, &st) == 0);
	loop = saved;

	/* a socket file nothing listens on: replaced */
	snprintf(other, sizeof(other), "%s/stale.ctl", dir);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", other);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert(bind(fd, (struct sockaddr*)&addr, sizeof(addr)) == 0);
	close(fd);
	ck_assert(lstat(other, &st) == 0);
	status->destroy(status);
	status = pcscf_status_socket_create(other, &loop.public, print_counters,
										NULL);
	ck_assert(status);
	status->destroy(status);
	ck_assert(lstat(other, &st) != 0);

	/* a file that is no socket: left alone */
	fd = open(other, O_CREAT | O_WRONLY, 0600);
	ck_assert(fd >= 0);
	close(fd);
	status = pcscf_status_socket_create(other, &loop.public, print_counters,
										NULL);
	ck_assert(!status);
	ck_assert(lstat(other, &st) == 0 && S_ISREG(st.st_mode));
	unlink(other);

	/* a path too long for a socket */
	memset(longest, 'x', sizeof(longest) - 1);
	longest[0] = '/';
	longest[sizeof(longest) - 1] = '\0';
	ck_assert(!pcscf_status_socket_create(longest, &loop.public,
										  print_counters, NULL));
	ck_assert(!pcscf_status_socket_create("", &loop.public, print_counters,
										  NULL));
}
END_TEST

Suite *pcscf_status_socket_suite_create(void)
{
	Suite *s = suite_create("pcscf status socket");
	TCase *tc;

	tc = tcase_create("requests");
	tcase_add_checked_fixture(tc, setup, teardown_);
	tcase_add_test(tc, test_hello_stats);
	tcase_add_loop_test(tc, test_garbage, 0, countof(garbage));
	tcase_add_test(tc, test_overlong_line);
	tcase_add_test(tc, test_longest_line_taken);
	tcase_add_test(tc, test_split_and_pipelined);
	tcase_add_test(tc, test_many_clients);
	tcase_add_test(tc, test_file_mode);
	tcase_add_test(tc, test_in_use_and_stale);
	suite_add_tcase(s, tc);
	return s;
}

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
 * The control requests the P-CSCF sends to the plugin.
 */

#include <library.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcscf_tests.h"
#include "pcscf_fakes.h"

#include <control_client.h>

/** a reply to give, and the request seen */
static const char *canned;
static char seen[4096];

static bool canned_call(void *data, const char *request, char *reply,
						size_t size)
{
	snprintf(seen, sizeof(seen), "%s", request);
	snprintf(reply, size, "%s", canned);
	return true;
}

static void addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), false, a),
					 IMSAKA_SECAGREE_OK);
}

START_TEST(test_sa_install_line)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	pcscf_control_client_sa_t sa = {
		.port_c = 5062, .port_s = 5064, .spi_c = 65536, .spi_s = 65537,
		.rport_c = 5064, .rport_s = 5066, .rspi_c = 1111, .rspi_s = 2222,
		.mod = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, .alg = IMSAKA_ESP_ALG_HMAC_SHA1_96,
		.ealg = IMSAKA_ESP_EALG_AES_CBC,
	};

	addr("10.2.0.1", &sa.local);
	addr("10.1.0.10", &sa.remote);
	addr("192.0.2.20:4500", &sa.local_outer);
	addr("192.0.2.1:4500", &sa.remote_outer);
	canned = "OK ctx=3 set=temp lifetime=32";
	ck_assert(control->sa_install(control, 3, &sa));
	ck_assert_str_eq(seen, "sa-install ctx=3 local=10.2.0.1 port-c=5062 "
		"port-s=5064 spi-c=65536 spi-s=65537 remote=10.1.0.10 rport-c=5064 "
		"rport-s=5066 rspi-c=1111 rspi-s=2222 mod=UDP-enc-tun "
		"alg=hmac-sha-1-96 ealg=aes-cbc local-outer=192.0.2.20:4500 "
		"remote-outer=192.0.2.1:4500");
	/* IPv6, transport mode: no outer addresses */
	addr("fd00::1", &sa.local);
	addr("fd00::2", &sa.remote);
	memset(&sa.local_outer, 0, sizeof(sa.local_outer));
	memset(&sa.remote_outer, 0, sizeof(sa.remote_outer));
	sa.mod = IMSAKA_SECAGREE_MOD_TRANS;
	sa.ealg = IMSAKA_ESP_EALG_NULL;
	ck_assert(control->sa_install(control, 3, &sa));
	ck_assert(strstr(seen, "local=fd00::1 "));
	ck_assert(strstr(seen, "mod=trans alg=hmac-sha-1-96 ealg=null"));
	ck_assert(!strstr(seen, "outer"));
	canned = "ERR unsupported mod=trans";
	ck_assert(!control->sa_install(control, 3, &sa));
	control->destroy(control);
}
END_TEST

START_TEST(test_replies)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	uint32_t ctx = 0, c = 0, s = 0;
	imsaka_addr_t src, dst;

	canned = "OK ctx=42";
	ck_assert(control->ctx_create(control, "alice@ims.example.net", &ctx));
	ck_assert_int_eq(ctx, 42);
	ck_assert_str_eq(seen, "ctx-create role=pcscf impi=alice@ims.example.net");
	canned = "OK ctx=4294967296";
	ck_assert(!control->ctx_create(control, "a", &ctx));
	canned = "OK";
	ck_assert(!control->ctx_create(control, "a", &ctx));
	canned = "ERR resource too many contexts";
	ck_assert(!control->ctx_create(control, "a", &ctx));
	canned = "OKAY ctx=1";
	ck_assert(!control->ctx_create(control, "a", &ctx));
	canned = "OK spi-c=65536 spi-s=65537";
	ck_assert(control->spi_alloc(control, 42, &c, &s));
	ck_assert_int_eq(c, 65536);
	ck_assert_int_eq(s, 65537);
	canned = "OK spi-c=65536 spi-s=-1";
	ck_assert(!control->spi_alloc(control, 42, &c, &s));
	canned = "OK ctx=42 set=current lifetime=630 old=no";
	ck_assert(control->sa_promote(control, 42, 600));
	ck_assert_str_eq(seen, "sa-promote ctx=42 expires=600");
	ck_assert(control->sa_remove(control, 42, "temp"));
	ck_assert_str_eq(seen, "sa-remove ctx=42 set=temp");
	ck_assert(control->ctx_delete(control, 42));
	ck_assert_str_eq(seen, "ctx-delete ctx=42");
	addr("[fd00::1]:4500", &src);
	addr("192.0.2.1:4500", &dst);
	ck_assert(control->keepalive_start(control, 42, &src, &dst));
	ck_assert_str_eq(seen, "keepalive-start ctx=42 src=[fd00::1]:4500 "
					 "dst=192.0.2.1:4500");
	control->destroy(control);
}
END_TEST

START_TEST(test_keys_not_logged)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	uint8_t ck[16], ik[16];

	memset(ck, 0xab, sizeof(ck));
	memset(ik, 0xcd, sizeof(ik));
	fake_log_start(3);
	canned = "ERR state no context";
	ck_assert(!control->ctx_keys(control, 7, ck, ik));
	ck_assert(strstr(seen, "ctx-keys ctx=7 ck=abababababababababababababababab "
					 "ik=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"));
	ck_assert(strstr(fake_log_text(), "ctx-keys failed"));
	ck_assert(!strstr(fake_log_text(), "abababab"));
	ck_assert(!strstr(fake_log_text(), "cdcdcdcd"));
	/* level 4 is the one for keys */
	fake_log_start(4);
	canned = "OK ctx=7";
	ck_assert(control->ctx_keys(control, 7, ck, ik));
	ck_assert(strstr(fake_log_text(), "abababab"));
	fake_log_start(0);
	control->destroy(control);
}
END_TEST

/** caps of the two charons the server plays, one per connection */
#define CAPS_FIRST "OK backend=kernel-libipsec mod=UDP-enc-tun " \
	"pairs=hmac-sha-1-96/aes-cbc"
#define CAPS_SECOND "OK backend=kernel-netlink mod=trans,tun,UDP-enc-tun " \
	"pairs=hmac-sha-1-96/aes-cbc"

/**
 * Start a control socket server in a child process on a fresh path
 *
 * @param serve		the server, its result is the child's exit status
 * @param path		receives the socket path
 * @return			the child's pid
 */
static pid_t start_server(int (*serve)(int listener),
						  char path[sizeof(((struct sockaddr_un*)0)->sun_path)])
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int listener;
	pid_t pid;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/imsaka-ctl-%d",
			 getpid());
	unlink(sun.sun_path);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert(listener >= 0);
	ck_assert(bind(listener, (struct sockaddr*)&sun, sizeof(sun)) == 0);
	ck_assert(listen(listener, 2) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0)
	{
		_exit(serve(listener));
	}
	close(listener);
	memcpy(path, sun.sun_path, sizeof(sun.sun_path));
	return pid;
}

/**
 * A control socket server for two connections: the first one answers
 * hello and caps (a kernel-libipsec charon), then closes, as a restarted
 * charon does; the second answers hello, ctx-create and caps (now
 * kernel-netlink). Exits 0 if the requests came as expected.
 */
static int serve_two(int listener)
{
	char line[512];
	int conn, caps = 0, ok = 1;
	FILE *f;

	for (conn = 1; conn <= 2; conn++)
	{
		int fd = accept(listener, NULL, NULL);

		if (fd < 0 || !(f = fdopen(fd, "r+")))
		{
			return 1;
		}
		while (fgets(line, sizeof(line), f))
		{
			line[strcspn(line, "\n")] = '\0';
			if (strncmp(line, "hello ", 6) == 0)
			{
				fprintf(f, "OK version=1 imsaka=test\n");
			}
			else if (streq(line, "caps"))
			{
				fprintf(f, "%s\n", conn == 1 ? CAPS_FIRST : CAPS_SECOND);
				caps++;
				if (conn == 1)
				{
					break;
				}
			}
			else if (strncmp(line, "ctx-create ", 11) == 0 && conn == 2)
			{
				fprintf(f, "OK ctx=7\n");
			}
			else
			{
				ok = 0;
				fprintf(f, "ERR command unexpected\n");
			}
			fflush(f);
		}
		fclose(f);
	}
	return ok && caps == 2 ? 0 : 1;
}

START_TEST(test_caps_after_reconnect)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)];
	pcscf_control_client_t *control;
	control_caps_t caps;
	uint32_t ctx;
	bool fresh;
	int status;
	pid_t pid;

	pid = start_server(serve_two, path);
	control = pcscf_control_client_create_socket(path);

	/* asked once on the first connection */
	ck_assert(control->caps(control, &caps, &fresh));
	ck_assert(fresh);
	ck_assert_str_eq(caps.backend, "kernel-libipsec");
	ck_assert(!control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
								IMSAKA_ESP_ALG_HMAC_SHA1_96,
								IMSAKA_ESP_EALG_AES_CBC));
	/* not asked again while connected */
	ck_assert(control->caps(control, &caps, &fresh));
	ck_assert(!fresh);
	ck_assert_str_eq(caps.backend, "kernel-libipsec");
	/* the server closed: the next request reconnects... */
	ck_assert(control->ctx_create(control, "alice@ims.example.net", &ctx));
	ck_assert_int_eq(ctx, 7);
	/* ...and caps is asked anew: the charon now does trans */
	ck_assert(control->caps(control, &caps, &fresh));
	ck_assert(fresh);
	ck_assert_str_eq(caps.backend, "kernel-netlink");
	ck_assert(control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
							   IMSAKA_ESP_ALG_HMAC_SHA1_96,
							   IMSAKA_ESP_EALG_AES_CBC));
	control->destroy(control);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(path);
}
END_TEST

/**
 * A control socket server that answers hello and caps at once, but the
 * first other request only after the client gave up waiting and closed
 * (a charon that is slow, not gone), however fast or slow the machine;
 * then counts requests on a second connection, if the client comes back.
 * Exits with the number of requests other than hello and caps.
 */
static int serve_slow(int listener)
{
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	char line[512];
	int fd, requests = 0;
	FILE *f;

	signal(SIGPIPE, SIG_IGN);
	while ((!requests || poll(&pfd, 1, 2000) == 1) &&
		   (fd = accept(listener, NULL, NULL)) >= 0 &&
		   (f = fdopen(fd, "r+")))
	{
		while (fgets(line, sizeof(line), f))
		{
			if (strncmp(line, "hello ", 6) == 0)
			{
				fprintf(f, "OK version=1 imsaka=test\n");
			}
			else if (strncmp(line, "caps", 4) == 0)
			{
				fprintf(f, "ERR command unknown command 'caps'\n");
			}
			else
			{
				if (!requests++)
				{	/* late: once the client closed (bounded) */
					struct pollfd gone = { .fd = fd, .events = POLLIN };

					poll(&gone, 1, 10000);
				}
				fprintf(f, "OK ctx=1\n");
			}
			fflush(f);
		}
		fclose(f);
	}
	return requests;
}

START_TEST(test_timeout_not_repeated)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)];
	pcscf_control_client_t *control;
	control_caps_t caps;
	bool fresh;
	int status;
	pid_t pid;

	pid = start_server(serve_slow, path);
	control = pcscf_control_client_create_socket(path);
	/* connected, with the default timeout */
	ck_assert(!control->caps(control, &caps, &fresh));
	control_set_timeout(100);
	/* not answered in time: failed, and not sent a second time */
	ck_assert(!control->sa_remove(control, 1, "temp"));
	control->destroy(control);
	control_set_timeout(0);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	unlink(path);
}
END_TEST

Suite *pcscf_control_client_suite_create(void)
{
	Suite *s = suite_create("pcscf charon");
	TCase *tc = tcase_create("requests");

	tcase_add_test(tc, test_sa_install_line);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_keys_not_logged);
	tcase_add_test(tc, test_caps_after_reconnect);
	tcase_add_test(tc, test_timeout_not_repeated);
	suite_add_tcase(s, tc);
	return s;
}

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
#include <hex.h>

/** a reply to give, the last request seen and all since seen_all[0] = 0 */
static const char *canned;
static char seen[4096], seen_all[8192];

static bool canned_call(void *data, const char *request, char *reply,
						size_t size)
{
	size_t len = strlen(seen_all);

	snprintf(seen, sizeof(seen), "%s", request);
	snprintf(seen_all + len, sizeof(seen_all) - len, "%s\n", request);
	snprintf(reply, size, "%s", canned);
	return true;
}

static void addr(const char *text, imsaka_addr_t *a)
{
	ck_assert_int_eq(imsaka_addr_parse(text, strlen(text), false, a),
					 IMSAKA_SECAGREE_OK);
}

/** outcome of the last pipelined request */
static int done_calls;
static bool done_ok;
static pcscf_control_prepared_t done_prepared;

static void record_done(void *data, bool ok,
						const pcscf_control_prepared_t *prepared)
{
	done_calls++;
	done_ok = ok;
	done_prepared = prepared ? *prepared : (pcscf_control_prepared_t){};
}

/** outcomes of ctx_prepare(), by the index given as data */
static int keyed_outcome[4];
static uint32_t keyed_ctx[4];

static void record_keyed(void *data, bool ok, uint32_t ctx)
{
	keyed_outcome[(uintptr_t)data] = ok ? 1 : -1;
	keyed_ctx[(uintptr_t)data] = ctx;
}

START_TEST(test_sa_prepare_line)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	pcscf_control_client_sa_t sa = {
		.port_c = 5062, .port_s = 5064, .spi_c = 65536, .spi_s = 65537,
		.rport_c = 5064, .rport_s = 5066, .rspi_c = 1111, .rspi_s = 2222,
		.mod = IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, .alg = IMSAKA_ESP_ALG_HMAC_SHA1_96,
		.ealg = IMSAKA_ESP_EALG_AES_CBC,
	};
	uint8_t ck[16], ik[16];

	memset(ck, 0xab, sizeof(ck));
	memset(ik, 0xcd, sizeof(ik));
	addr("10.2.0.1", &sa.local);
	addr("10.1.0.10", &sa.remote);
	addr("192.0.2.20:4500", &sa.local_outer);
	addr("192.0.2.1:4500", &sa.remote_outer);
	canned = "OK ctx=3 spi-c=70000 spi-s=70001 set=temp lifetime=32";
	done_calls = 0;
	/* a new context for the IMPI; sa-prepare allocates the SPIs */
	ck_assert(control->sa_prepare(control, "alice@ims.example.net", 0, ck,
								  ik, &sa, record_done, NULL));
	ck_assert_str_eq(seen, "sa-prepare impi=alice@ims.example.net "
		"ck=abababababababababababababababab "
		"ik=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd local=10.2.0.1 port-c=5062 "
		"port-s=5064 remote=10.1.0.10 rport-c=5064 "
		"rport-s=5066 rspi-c=1111 rspi-s=2222 mod=UDP-enc-tun "
		"alg=hmac-sha-1-96 ealg=aes-cbc local-outer=192.0.2.20:4500 "
		"remote-outer=192.0.2.1:4500");
	ck_assert_int_eq(done_calls, 1);
	ck_assert(done_ok);
	ck_assert_int_eq(done_prepared.ctx, 3);
	ck_assert_int_eq(done_prepared.spi_c, 70000);
	ck_assert_int_eq(done_prepared.spi_s, 70001);
	/* IPv6, transport mode, the context of a re-registration */
	addr("fd00::1", &sa.local);
	addr("fd00::2", &sa.remote);
	memset(&sa.local_outer, 0, sizeof(sa.local_outer));
	memset(&sa.remote_outer, 0, sizeof(sa.remote_outer));
	sa.mod = IMSAKA_SECAGREE_MOD_TRANS;
	sa.ealg = IMSAKA_ESP_EALG_NULL;
	ck_assert(control->sa_prepare(control, "alice@ims.example.net", 3, ck,
								  ik, &sa, record_done, NULL));
	ck_assert(strstr(seen, "sa-prepare ctx=3 ck="));
	ck_assert(!strstr(seen, "impi="));
	ck_assert(strstr(seen, "local=fd00::1 "));
	ck_assert(strstr(seen, "mod=trans alg=hmac-sha-1-96 ealg=null"));
	ck_assert(!strstr(seen, "outer"));
	canned = "ERR unsupported mod=trans";
	ck_assert(control->sa_prepare(control, NULL, 3, ck, ik, &sa, record_done,
								  NULL));
	ck_assert_int_eq(done_calls, 3);
	ck_assert(!done_ok);
	/* an OK without the SPIs is no success */
	canned = "OK ctx=3 spi-c=70000";
	ck_assert(control->sa_prepare(control, NULL, 3, ck, ik, &sa, record_done,
								  NULL));
	ck_assert(!done_ok);
	control->destroy(control);
}
END_TEST

START_TEST(test_replies)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	imsaka_addr_t src, dst;

	canned = "OK ctx=42 set=current lifetime=630 old=no";
	done_calls = 0;
	ck_assert(control->sa_promote(control, 42, 600, 0, record_done, NULL));
	ck_assert_str_eq(seen, "sa-promote ctx=42 expires=600");
	ck_assert_int_eq(done_calls, 1);
	ck_assert(done_ok);
	canned = "OK ctx=43 set=current lifetime=630 old=no replaced=yes";
	ck_assert(control->sa_promote(control, 43, 600, 42, record_done, NULL));
	ck_assert_str_eq(seen, "sa-promote ctx=43 expires=600 replaces=42");
	ck_assert(done_ok);
	canned = "ERR state no temporary set";
	ck_assert(control->sa_promote(control, 42, 600, 0, record_done, NULL));
	ck_assert(!done_ok);
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

START_TEST(test_ctx_create_replies)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	const char *bad[] = {
		"OK ctx=4294967296",
		"OK ctx=0",
		"OK ctx=-1",
		"OK",
		"ERR resource too many contexts",
		"OKAY ctx=1",
	};
	uint8_t ck[16], ik[16];
	int i;

	memset(ck, 0xab, sizeof(ck));
	memset(ik, 0xcd, sizeof(ik));
	/* the context ctx-create named gets the keys */
	canned = "OK ctx=42";
	seen_all[0] = '\0';
	keyed_outcome[0] = 0;
	ck_assert(control->ctx_prepare(control, "alice@ims.example.net", 0, ck,
								   ik, record_keyed, (void*)0));
	ck_assert_str_eq(seen_all, "ctx-create role=pcscf "
					 "impi=alice@ims.example.net\n"
					 "ctx-keys ctx=42 ck=abababababababababababababababab "
					 "ik=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd\n");
	ck_assert_int_eq(keyed_outcome[0], 1);
	ck_assert_int_eq(keyed_ctx[0], 42);
	/* a reply without a context it can use: nothing follows ctx-create */
	for (i = 0; i < countof(bad); i++)
	{
		canned = bad[i];
		seen_all[0] = '\0';
		keyed_outcome[0] = 0;
		keyed_ctx[0] = 99;
		ck_assert(control->ctx_prepare(control, "a", 0, ck, ik, record_keyed,
									   (void*)0));
		ck_assert_str_eq(seen_all, "ctx-create role=pcscf impi=a\n");
		ck_assert_int_eq(keyed_outcome[0], -1);
		ck_assert_int_eq(keyed_ctx[0], 0);
	}
	/* no IMPI for a new context: nothing sent */
	seen_all[0] = '\0';
	ck_assert(!control->ctx_prepare(control, NULL, 0, ck, ik, record_keyed,
									(void*)0));
	ck_assert_str_eq(seen_all, "");
	control->destroy(control);
}
END_TEST

START_TEST(test_keys_not_logged)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	pcscf_control_client_sa_t sa = {
		.port_c = 5062, .port_s = 5064, .rport_c = 5064, .rport_s = 5066,
		.rspi_c = 1111, .rspi_s = 2222, .mod = IMSAKA_SECAGREE_MOD_TRANS,
		.alg = IMSAKA_ESP_ALG_HMAC_SHA1_96, .ealg = IMSAKA_ESP_EALG_NULL,
	};
	uint8_t ck[16], ik[16];

	memset(ck, 0xab, sizeof(ck));
	memset(ik, 0xcd, sizeof(ik));
	addr("10.2.0.1", &sa.local);
	addr("10.1.0.10", &sa.remote);
	fake_log_start(3);
	/* ctx-keys into the context of a re-registration, refused */
	canned = "ERR state no context";
	keyed_outcome[0] = 0;
	ck_assert(control->ctx_prepare(control, NULL, 7, ck, ik, record_keyed,
								   (void*)0));
	ck_assert_str_eq(seen, "ctx-keys ctx=7 ck=abababababababababababababababab "
					 "ik=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
	ck_assert_int_eq(keyed_outcome[0], -1);
	ck_assert(strstr(fake_log_text(), "ctx-keys failed: ERR state no context"));
	/* sa-prepare carries them too */
	canned = "ERR state no context";
	done_calls = 0;
	ck_assert(control->sa_prepare(control, NULL, 7, ck, ik, &sa, record_done,
								  NULL));
	ck_assert(strstr(seen, "ck=abababababababababababababababab"));
	ck_assert_int_eq(done_calls, 1);
	ck_assert(!done_ok);
	ck_assert(strstr(fake_log_text(), "sa-prepare failed"));
	ck_assert(!strstr(fake_log_text(), "abababab"));
	ck_assert(!strstr(fake_log_text(), "cdcdcdcd"));
	/* level 4 is the one for keys */
	fake_log_start(4);
	canned = "OK ctx=7";
	ck_assert(control->ctx_prepare(control, NULL, 7, ck, ik, record_keyed,
								   (void*)0));
	ck_assert_int_eq(keyed_outcome[0], 1);
	ck_assert_int_eq(keyed_ctx[0], 7);
	ck_assert(strstr(fake_log_text(), "abababab"));
	fake_log_start(0);
	control->destroy(control);
}
END_TEST

/** outcome of the last tls-psk or tls-aka-keys */
static int key_calls;
static bool key_ok;
static uint8_t key_ue[48], key_pcscf[48];
static size_t key_len;

static void record_psk(void *data, bool ok, const uint8_t *psk)
{
	key_calls++;
	key_ok = ok;
	memset(key_ue, 0, sizeof(key_ue));
	if (ok)
	{
		memcpy(key_ue, psk, PCSCF_CONTROL_PSK_LEN);
	}
}

static void record_secrets(void *data, bool ok, const uint8_t *ue,
						   const uint8_t *pcscf, size_t len)
{
	key_calls++;
	key_ok = ok;
	key_len = len;
	memset(key_ue, 0, sizeof(key_ue));
	memset(key_pcscf, 0, sizeof(key_pcscf));
	if (ok)
	{
		memcpy(key_ue, ue, len);
		memcpy(key_pcscf, pcscf, len);
	}
}

/** whether the first bytes of a key are those of a hex text */
static bool key_is(const uint8_t *key, const char *hex)
{
	char text[9];

	imsaka_hex_encode(key, 4, text);
	return strncmp(text, hex, 8) == 0;
}

START_TEST(test_tls_keys_pipelined)
{
	pcscf_control_client_t *control = pcscf_control_client_create(canned_call, NULL);
	uint8_t rand[16];

	memset(rand, 0x0a, sizeof(rand));
	key_calls = 0;
	fake_log_start(3);
	canned = "OK ctx=7 psk=" FAKE_PSK_HEX;
	ck_assert(control->tls_psk(control, 7, rand, "00112233", record_psk,
							   NULL));
	ck_assert_str_eq(seen, "tls-psk ctx=7 rand=0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"
					 " sid=00112233");
	ck_assert_int_eq(key_calls, 1);
	ck_assert(key_ok);
	ck_assert(key_is(key_ue, FAKE_PSK_HEX));
	/* a short PSK, an error */
	canned = "OK ctx=7 psk=c8732a80";
	ck_assert(control->tls_psk(control, 7, rand, "00", record_psk, NULL));
	ck_assert(!key_ok);
	canned = "ERR state no keys";
	ck_assert(control->tls_psk(control, 7, rand, "00", record_psk, NULL));
	ck_assert(!key_ok);
	ck_assert_int_eq(key_calls, 3);
	ck_assert(strstr(fake_log_text(), "tls-psk failed: ERR state no keys"));

	canned = "OK ctx=7 suite=1301 ue=" FAKE_TLS_AKA_UE_HEX " pcscf="
			 FAKE_TLS_AKA_PCSCF_HEX;
	ck_assert(control->tls_aka_keys(control, 7, 0x1301, "00112233",
									record_secrets, NULL));
	ck_assert_str_eq(seen, "tls-aka-keys ctx=7 suite=1301 sid=00112233");
	ck_assert(key_ok);
	ck_assert_int_eq(key_len, 32);
	ck_assert(key_is(key_ue, FAKE_TLS_AKA_UE_HEX));
	ck_assert(key_is(key_pcscf, FAKE_TLS_AKA_PCSCF_HEX));
	/* secrets of different lengths */
	canned = "OK ctx=7 suite=1301 ue=" FAKE_TLS_AKA_UE_HEX " pcscf=663c";
	ck_assert(control->tls_aka_keys(control, 7, 0x1301, "00",
									record_secrets, NULL));
	ck_assert(!key_ok);
	ck_assert_int_eq(key_len, 0);
	/* keys only at level 4 */
	ck_assert(!strstr(fake_log_text(), "c8732a80"));
	ck_assert(!strstr(fake_log_text(), "d21a6337"));
	ck_assert(!strstr(fake_log_text(), "663c4452"));
	fake_log_start(4);
	ck_assert(control->tls_aka_keys(control, 7, 0x1301, "00",
									record_secrets, NULL));
	ck_assert(strstr(fake_log_text(), "d21a6337"));
	fake_log_start(0);
	control->destroy(control);
}
END_TEST

/** the last request the fake charon got */
static const char *last_request(fake_control_t *fake)
{
	return fake->count ? fake->requests[fake->count - 1] : "";
}

START_TEST(test_ctx_prepare_chain)
{
	pcscf_control_client_t *control;
	fake_control_t f;
	uint8_t ck[16], ik[16];

	memset(ck, 0xab, sizeof(ck));
	memset(ik, 0xcd, sizeof(ik));
	memset(keyed_outcome, 0, sizeof(keyed_outcome));
	control = fake_control_create(&f);
	f.defer = true;
	/* two new contexts, answered out of order: each one's keys go to the
	 * context its ctx-create gave */
	ck_assert(control->ctx_prepare(control, "alice@ims.example.net", 0, ck,
								   ik, record_keyed, (void*)0));
	ck_assert(control->ctx_prepare(control, "bob@ims.example.net", 0, ck,
								   ik, record_keyed, (void*)1));
	ck_assert_int_eq(f.count, 2);
	ck_assert_str_eq(f.requests[0], "ctx-create role=pcscf "
					 "impi=alice@ims.example.net");
	ck_assert(fake_control_answer(&f, 1, NULL));
	ck_assert_str_eq(last_request(&f), "ctx-keys ctx=2 "
					 "ck=abababababababababababababababab "
					 "ik=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
	ck_assert(fake_control_answer(&f, 0, NULL));
	ck_assert(strncmp(last_request(&f), "ctx-keys ctx=1 ", 15) == 0);
	ck_assert_int_eq(keyed_outcome[0] | keyed_outcome[1], 0);
	ck_assert(fake_control_answer(&f, 3, NULL));
	ck_assert_int_eq(keyed_outcome[0], 1);
	ck_assert_int_eq(keyed_ctx[0], 1);
	ck_assert_int_eq(keyed_outcome[1], 0);
	ck_assert(fake_control_answer(&f, 2, NULL));
	ck_assert_int_eq(keyed_outcome[1], 1);
	ck_assert_int_eq(keyed_ctx[1], 2);
	ck_assert(!fake_control_find(&f, "ctx-delete"));

	/* the connection is lost with ctx-keys in flight: the context made
	 * for it goes */
	ck_assert(control->ctx_prepare(control, "carol@ims.example.net", 0, ck,
								   ik, record_keyed, (void*)2));
	ck_assert(fake_control_answer(&f, 4, NULL));
	ck_assert(strncmp(last_request(&f), "ctx-keys ctx=3 ", 15) == 0);
	ck_assert(fake_control_answer(&f, 5, CONTROL_PIPELINE_LOST));
	ck_assert_int_eq(keyed_outcome[2], -1);
	ck_assert_str_eq(last_request(&f), "ctx-delete ctx=3");
	ck_assert(fake_control_answer(&f, 6, NULL));
	/* ctx-create refused: nothing follows */
	f.fail = "ctx-create";
	ck_assert(control->ctx_prepare(control, "dave@ims.example.net", 0, ck,
								   ik, record_keyed, (void*)3));
	ck_assert(fake_control_answer(&f, 7, NULL));
	ck_assert_int_eq(keyed_outcome[3], -1);
	ck_assert(strncmp(last_request(&f), "ctx-create ", 11) == 0);

	/* the context of a re-registration: keys only, and it stays when they
	 * are refused */
	f.fail = "ctx-keys";
	ck_assert(control->ctx_prepare(control, NULL, 5, ck, ik, record_keyed,
								   (void*)0));
	ck_assert(strncmp(last_request(&f), "ctx-keys ctx=5 ", 15) == 0);
	ck_assert(fake_control_answer(&f, 8, NULL));
	ck_assert_int_eq(keyed_outcome[0], -1);
	ck_assert(!fake_control_find(&f, "ctx-delete ctx=5"));
	ck_assert_int_eq(fake_control_waiting(&f), 0);
	control->destroy(control);
	fake_control_clear(&f);
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

/** pipes between the test and serve_two(): the test says when the first
 *  connection is to close, the server says when it did */
static int close_now[2], closed[2];

/**
 * A control socket server for two connections: the first one answers
 * hello and caps (a kernel-libipsec charon), then closes when the test
 * says so, as a restarted charon does; the second answers hello and caps
 * (now kernel-netlink). Exits 0 if the requests came as expected.
 */
static int serve_two(int listener)
{
	char line[512], c = 'c';
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
			}
			else
			{
				ok = 0;
				fprintf(f, "ERR command unexpected\n");
			}
			fflush(f);
			if (conn == 1 && caps)
			{
				break;
			}
		}
		if (conn == 1 && read(close_now[0], &c, 1) != 1)
		{
			return 1;
		}
		fclose(f);
		if (conn == 1 && write(closed[1], &c, 1) != 1)
		{
			return 1;
		}
	}
	return ok && caps == 2 ? 0 : 1;
}

/** no SIP in these tests */
static void no_message(void *data, const sip_peer_t *peer, const char *msg,
					   size_t len)
{
}

START_TEST(test_caps_after_reconnect)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)], c = 'c';
	sip_transport_t *transport;
	pcscf_control_client_t *control;
	control_caps_t caps;
	bool fresh;
	int status;
	pid_t pid;

	ck_assert(pipe(close_now) == 0 && pipe(closed) == 0);
	pid = start_server(serve_two, path);
	/* the test dying or the server dying ends the other's wait */
	close(close_now[0]);
	close(closed[1]);
	transport = sip_transport_create(no_message, NULL);
	control = pcscf_control_client_create_socket(path, transport, 0);

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
	/* the server closes the connection... */
	ck_assert(write(close_now[1], &c, 1) == 1);
	ck_assert(read(closed[0], &c, 1) == 1);
	/* ...and caps is asked anew on a new one: the charon now does trans */
	ck_assert(control->caps(control, &caps, &fresh));
	ck_assert(fresh);
	ck_assert_str_eq(caps.backend, "kernel-netlink");
	ck_assert(control_caps_can(&caps, IMSAKA_SECAGREE_MOD_TRANS,
							   IMSAKA_ESP_ALG_HMAC_SHA1_96,
							   IMSAKA_ESP_EALG_AES_CBC));
	/* and not again while that one stays */
	ck_assert(control->caps(control, &caps, &fresh));
	ck_assert(!fresh);
	ck_assert_str_eq(caps.backend, "kernel-netlink");
	control->destroy(control);
	transport->destroy(transport);
	close(close_now[1]);
	close(closed[0]);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(path);
}
END_TEST

/**
 * A control socket server for one connection: answers hello, closes when
 * the test says so (charon stopped), says when it did and exits (nothing
 * listens on the path any more). Exits 0 if only hello came.
 */
static int serve_until_told(int listener)
{
	char line[512], c = 'c';
	int fd, ok = 1;
	FILE *f;

	fd = accept(listener, NULL, NULL);
	if (fd < 0 || !(f = fdopen(fd, "r+")))
	{
		return 1;
	}
	if (fgets(line, sizeof(line), f) && strncmp(line, "hello ", 6) == 0)
	{
		fprintf(f, "OK version=1 imsaka=test\n");
		fflush(f);
	}
	else
	{
		ok = 0;
	}
	if (read(close_now[0], &c, 1) != 1)
	{
		return 1;
	}
	fclose(f);
	close(listener);
	return write(closed[1], &c, 1) == 1 && ok ? 0 : 1;
}

/**
 * Stop a serve_until_told() server and collect its status
 */
static void stop_told(pid_t pid)
{
	char c = 'c';
	int status;

	ck_assert(write(close_now[1], &c, 1) == 1);
	ck_assert(read(closed[0], &c, 1) == 1);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/** whether charon is there follows its control socket: up while the
 *  connection stands, down once charon closed it and nothing listens,
 *  up again when a charon listens on the path */
START_TEST(test_is_up_follows_charon)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)];
	sip_transport_t *transport;
	pcscf_control_client_t *control;
	int tries = 0;
	pid_t pid;

	ck_assert(pipe(close_now) == 0 && pipe(closed) == 0);
	pid = start_server(serve_until_told, path);
	transport = sip_transport_create(no_message, NULL);
	control = pcscf_control_client_create_socket(path, transport, 0);
	ck_assert(control->is_up(control));
	/* the connection made stays: the server takes no second one */
	ck_assert(control->is_up(control));
	stop_told(pid);
	ck_assert(!control->is_up(control));
	/* a charon on the path again: up once is_up() tries anew (at most
	 * once a second; bounded wait, no duration asserted) */
	pid = start_server(serve_until_told, path);
	while (!control->is_up(control) && tries++ < 100)
	{
		usleep(100000);
	}
	ck_assert(control->is_up(control));
	stop_told(pid);
	control->destroy(control);
	transport->destroy(transport);
	close(close_now[0]);
	close(close_now[1]);
	close(closed[0]);
	close(closed[1]);
	unlink(path);
}
END_TEST

/** pipe from the test to serve_slow(): closed once the client is gone */
static int client_gone[2];

/**
 * Serve one connection of serve_slow(): hello at once, the first other
 * request of all only once the client gave up waiting and closed (bounded),
 * every other at once; adds the requests other than hello to *requests
 */
static void serve_slow_conn(int fd, int *requests)
{
	char line[512];
	FILE *f;

	if (!(f = fdopen(fd, "r+")))
	{
		close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f))
	{
		if (strncmp(line, "hello ", 6) == 0)
		{
			fprintf(f, "OK version=1 imsaka=test\n");
		}
		else
		{
			if (!(*requests)++)
			{	/* late: once the client closed (bounded) */
				struct pollfd gone = { .fd = fd, .events = POLLIN };

				poll(&gone, 1, 10000);
			}
			fprintf(f, "%s\n", CAPS_FIRST);
		}
		fflush(f);
	}
	fclose(f);
}

/**
 * A control socket server that answers hello at once, but the first other
 * request only after the client gave up waiting and closed (a charon that
 * is slow, not gone), however fast or slow the machine; then serves every
 * connection the client makes until the test says the client is gone, and
 * those still waiting in the backlog then (so a repeated request is
 * counted however late it came). Exits with the number of requests other
 * than hello.
 */
static int serve_slow(int listener)
{
	struct pollfd pfd[2] = {
		{ .fd = listener, .events = POLLIN },
		{ .fd = client_gone[0], .events = POLLIN },
	};
	int fd, requests = 0;
	bool gone = FALSE;

	signal(SIGPIPE, SIG_IGN);
	close(client_gone[1]);
	while (poll(pfd, gone ? 1 : 2, gone ? 0 : 30000) > 0)
	{
		if (pfd[0].revents & POLLIN)
		{
			fd = accept(listener, NULL, NULL);
			if (fd < 0)
			{
				break;
			}
			serve_slow_conn(fd, &requests);
			continue;
		}
		/* the test closed its end: drain the backlog, then stop */
		gone = TRUE;
	}
	return requests;
}

START_TEST(test_timeout_not_repeated)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)];
	sip_transport_t *transport;
	pcscf_control_client_t *control;
	control_caps_t caps;
	bool fresh;
	int status;
	pid_t pid;

	ck_assert(pipe(client_gone) == 0);
	pid = start_server(serve_slow, path);
	close(client_gone[0]);
	transport = sip_transport_create(no_message, NULL);
	control = pcscf_control_client_create_socket(path, transport, 0);
	/* a bound on the hello's reply, which comes at once; caps is answered
	 * only once the client gave up waiting, whatever the bound */
	control_set_timeout(1000);
	/* not answered in time: failed, and not sent a second time */
	ck_assert(!control->caps(control, &caps, &fresh));
	ck_assert(!fresh);
	control->destroy(control);
	transport->destroy(transport);
	control_set_timeout(0);
	/* every connection the client made is closed or in the backlog now */
	close(client_gone[1]);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	unlink(path);
}
END_TEST

/**
 * A v2 control socket server: answers the first three tagged requests in
 * reverse order, then reads two more and closes without answering (a
 * charon that dies mid-batch). Exits 0 if the requests were tagged.
 */
static int serve_pipelined(int listener)
{
	char line[512], *tag;
	unsigned tags[3];
	int fd, n = 0, i;
	FILE *f;

	signal(SIGPIPE, SIG_IGN);
	fd = accept(listener, NULL, NULL);
	if (fd < 0 || !(f = fdopen(fd, "r+")))
	{
		return 1;
	}
	while (fgets(line, sizeof(line), f))
	{
		if (strncmp(line, "hello version=2", 15) == 0)
		{
			fprintf(f, "OK version=2 imsaka=test\n");
			fflush(f);
			continue;
		}
		tag = strstr(line, " tag=");
		if (strncmp(line, "sa-promote tag=", 15) || !tag)
		{
			return 2;
		}
		if (n < 3)
		{
			tags[n] = strtoul(tag + 5, NULL, 10);
		}
		if (++n == 3)
		{
			for (i = 2; i >= 0; i--)
			{
				fprintf(f, "%u OK ctx=%d set=current\n", tags[i], i + 1);
			}
			fflush(f);
		}
		if (n == 5)
		{
			break;
		}
	}
	fclose(f);
	return n == 5 ? 0 : 3;
}

/** outcomes of pipelined requests, by the index given as data */
static int outcome[5], outcomes;
static sip_transport_t *loop;

static void record_outcome(void *data, bool ok,
						   const pcscf_control_prepared_t *prepared)
{
	outcome[(uintptr_t)data] = ok ? 1 : -1;
	/* the order replies arrived in */
	if (++outcomes == 3 || outcomes == 5)
	{
		loop->stop(loop);
	}
}

static void give_up(void *data)
{
	*(bool*)data = true;
	loop->stop(loop);
}

START_TEST(test_pipelined_socket)
{
	char path[sizeof(((struct sockaddr_un*)0)->sun_path)];
	pcscf_control_client_t *control;
	bool expired = false;
	uintptr_t i;
	int status;
	pid_t pid;

	pid = start_server(serve_pipelined, path);
	loop = sip_transport_create(no_message, NULL);
	control = pcscf_control_client_create_socket(path, loop, 0);
	memset(outcome, 0, sizeof(outcome));
	outcomes = 0;
	/* a bound on waiting, not a measure of speed */
	loop->add_timer(loop, 20000, give_up, &expired);
	for (i = 0; i < 3; i++)
	{
		ck_assert(control->sa_promote(control, i + 1, 600, 0, record_outcome,
									  (void*)i));
	}
	ck_assert_int_eq(control->get_pending(control), 3);
	loop->run(loop);
	ck_assert(!expired);
	/* answered in reverse order, each matched to its request */
	ck_assert_int_eq(outcomes, 3);
	ck_assert_int_eq(outcome[0], 1);
	ck_assert_int_eq(outcome[1], 1);
	ck_assert_int_eq(outcome[2], 1);
	ck_assert_int_eq(control->get_pending(control), 0);
	/* two more, and the server closes: both fail, none is left */
	for (i = 3; i < 5; i++)
	{
		ck_assert(control->sa_promote(control, i + 1, 600, 0, record_outcome,
									  (void*)i));
	}
	loop->run(loop);
	ck_assert(!expired);
	ck_assert_int_eq(outcome[3], -1);
	ck_assert_int_eq(outcome[4], -1);
	ck_assert_int_eq(control->get_pending(control), 0);
	control->destroy(control);
	loop->destroy(loop);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	unlink(path);
}
END_TEST

Suite *pcscf_control_client_suite_create(void)
{
	Suite *s = suite_create("pcscf charon");
	TCase *tc = tcase_create("requests");

	tcase_add_test(tc, test_sa_prepare_line);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_ctx_create_replies);
	tcase_add_test(tc, test_keys_not_logged);
	tcase_add_test(tc, test_tls_keys_pipelined);
	tcase_add_test(tc, test_ctx_prepare_chain);
	tcase_add_test(tc, test_caps_after_reconnect);
	tcase_add_test(tc, test_timeout_not_repeated);
	tcase_add_test(tc, test_pipelined_socket);
	tcase_add_test(tc, test_is_up_follows_charon);
	suite_add_tcase(s, tc);
	return s;
}

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
 * Test peer for the tls-psk interop checks (test_tls_psk_interop.sh): one
 * TLS-PSK connection on 127.0.0.1 with imsaka's P-CSCF server context or
 * UE client context, against OpenSSL's and GnuTLS's command line tools.
 *
 *   tls_psk_peer server PORT IDENTITY PSK IMPI VERSIONS
 *     accepts one connection, reads a SIP request, answers 200, prints
 *     "impi=... cipher=... version=..."
 *   tls_psk_peer client PORT IDENTITY PSK SUITES VERSIONS
 *     connects, sends OPTIONS, reads the answer, prints "cipher=..."
 *
 * PSK is 64 hex digits, SUITES code points like 00a8,1301, VERSIONS
 * 12, 13 or 12,13. Exit 0 only if the handshake and the exchange worked.
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <library.h>

#include <hex.h>

#include "../pcscf_tls_psk.h"
#include "../../ue/ue_tls_psk.h"

/** every suite the server context knows (docs/TLS-PSK.md): the other
 *  implementation picks one, as if SM6 had agreed them all */
static const uint16_t agreed[] = {
	0x00a8, 0x00a9, 0x00ae, 0x00aa, 0x00ab, 0xc037, 0x1301, 0x1303,
};

static int versions_of(const char *text)
{
	return (strstr(text, "12") ? UE_TLS_V12 : 0) |
		   (strstr(text, "13") ? UE_TLS_V13 : 0);
}

/** 127.0.0.1:port */
static struct sockaddr_in loopback(int port)
{
	return (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
}

static int serve(int port, const char *identity, const uint8_t *psk,
				 const char *impi, int versions)
{
	struct sockaddr_in sin = loopback(port);
	char buf[4096] = "", who[256];
	const char *ok = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
	pcscf_tls_psk_t *server;
	int fd, conn, on = 1, n, len = 0, rc = 1;
	SSL *ssl;

	server = pcscf_tls_psk_create(versions, TRUE, 16);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (!server || !server->add(server, identity, impi, psk, agreed, countof(agreed)) ||
		bind(fd, (struct sockaddr*)&sin, sizeof(sin)) || listen(fd, 1))
	{
		perror("server");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	conn = accept(fd, NULL, NULL);
	ssl = server->accept(server);
	SSL_set_fd(ssl, conn);
	if (SSL_accept(ssl) != 1)
	{
		printf("handshake failed\n");
		goto out;
	}
	while (!strstr(buf, "\r\n\r\n") && len < sizeof(buf) - 1)
	{
		n = SSL_read(ssl, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
		{
			printf("read failed\n");
			goto out;
		}
		len += n;
		buf[len] = '\0';
	}
	if (strncmp(buf, "OPTIONS ", 8) || SSL_write(ssl, ok, strlen(ok)) <= 0 ||
		!server->peer(server, ssl, who, sizeof(who), NULL))
	{
		printf("exchange failed\n");
		goto out;
	}
	printf("impi=%s cipher=%s version=%s\n", who,
		   SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)),
		   SSL_get_version(ssl));
	SSL_shutdown(ssl);
	rc = 0;
out:
	SSL_free(ssl);
	close(conn);
	close(fd);
	server->destroy(server);
	return rc;
}

static int connect_to(int port, const char *identity, const uint8_t *psk,
					  const char *suites_text, int versions)
{
	struct sockaddr_in sin = loopback(port);
	const char *req = "OPTIONS sip:pcscf.ims.example.net SIP/2.0\r\n"
					  "Content-Length: 0\r\n\r\n";
	uint16_t suites[16];
	ue_tls_psk_t *client;
	char buf[4096], *pos;
	int fd, n, count = 0, rc = 1;
	SSL *ssl;

	for (pos = (char*)suites_text; count < 16 && *pos; count++)
	{
		suites[count] = strtoul(pos, &pos, 16);
		pos += (*pos == ',');
	}
	client = ue_tls_psk_create(versions, TRUE);
	ssl = client ? client->connect(client, identity, psk, suites, count) : NULL;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!ssl || connect(fd, (struct sockaddr*)&sin, sizeof(sin)))
	{
		perror("client");
		return 1;
	}
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1 || SSL_write(ssl, req, strlen(req)) <= 0)
	{
		printf("handshake failed\n");
		goto out;
	}
	n = SSL_read(ssl, buf, sizeof(buf) - 1);
	if (n <= 0)
	{
		printf("read failed\n");
		goto out;
	}
	buf[n] = '\0';
	printf("cipher=%s version=%s answer=%.*s\n",
		   SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)),
		   SSL_get_version(ssl), (int)strcspn(buf, "\r\n"), buf);
	rc = 0;
out:
	SSL_free(ssl);
	close(fd);
	client->destroy(client);
	return rc;
}

int main(int argc, char *argv[])
{
	uint8_t psk[32];
	int rc;

	if (argc != 7 || !imsaka_hex_decode(argv[4], psk, sizeof(psk)))
	{
		fprintf(stderr, "usage: %s server|client PORT IDENTITY PSK "
				"IMPI|SUITES VERSIONS\n", argv[0]);
		return 2;
	}
	library_init(NULL, "tls_psk_peer");
	if (streq(argv[1], "server"))
	{
		rc = serve(atoi(argv[2]), argv[3], psk, argv[5],
				   versions_of(argv[6]));
	}
	else
	{
		rc = connect_to(atoi(argv[2]), argv[3], psk, argv[5],
						versions_of(argv[6]));
	}
	library_deinit();
	return rc;
}

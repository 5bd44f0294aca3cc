# libimsaka: the pure core (OpenSSL only), linked into the charon plugin,
# the SIP frontend programs, the tests and the benchmarks.
noinst_LTLIBRARIES += src/libimsaka/libimsaka.la
src_libimsaka_libimsaka_la_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
src_libimsaka_libimsaka_la_LIBADD = $(OPENSSL_LIBS)

# AKA: AES-128 (AES-NI with an OpenSSL fallback), Milenage, AUTN/AUTS, SQN
# management, Digest AKA, base64, KDF, ESP key expansion, hex
src_libimsaka_libimsaka_la_SOURCES = \
	src/libimsaka/aes128.c src/libimsaka/aes128.h \
	src/libimsaka/milenage.c src/libimsaka/milenage.h \
	src/libimsaka/aka.c src/libimsaka/aka.h \
	src/libimsaka/sqn.c src/libimsaka/sqn.h \
	src/libimsaka/digest_aka.c src/libimsaka/digest_aka.h \
	src/libimsaka/base64.c src/libimsaka/base64.h \
	src/libimsaka/kdf.c src/libimsaka/kdf.h \
	src/libimsaka/key_expansion.c src/libimsaka/key_expansion.h \
	src/libimsaka/hex.c src/libimsaka/hex.h

# security agreement: RFC 3329 / TS 33.203 Annex H grammar, negotiation and
# SM7 checks, the NAT-T extension and NAT detection, Digest AKA headers
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/secagree_error.c src/libimsaka/secagree_error.h \
	src/libimsaka/secagree_lex.c src/libimsaka/secagree_lex.h \
	src/libimsaka/secagree_addr.c src/libimsaka/secagree_addr.h \
	src/libimsaka/secagree.c src/libimsaka/secagree.h \
	src/libimsaka/secagree_param.h \
	src/libimsaka/secagree_build.c \
	src/libimsaka/secagree_negotiate.c src/libimsaka/secagree_negotiate.h \
	src/libimsaka/secagree_natt.c src/libimsaka/secagree_natt.h \
	src/libimsaka/nat_detect.c src/libimsaka/nat_detect.h \
	src/libimsaka/digest_header.c src/libimsaka/digest_header.h

# tls-aka: TLS 1.3 record protection keyed directly by IMS AKA: suites,
# HKDF-Expand-Label, key schedule, one direction's protection, the record
# layer of a connection and the stream reader (docs/TLS-AKA.md)
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/tls_suite.c src/libimsaka/tls_suite.h \
	src/libimsaka/tls_error.c src/libimsaka/tls_error.h \
	src/libimsaka/tls_hkdf.c src/libimsaka/tls_hkdf.h \
	src/libimsaka/tls_aka_keys.c src/libimsaka/tls_aka_keys.h \
	src/libimsaka/tls_traffic.c src/libimsaka/tls_traffic.h \
	src/libimsaka/tls_record.c src/libimsaka/tls_record.h \
	src/libimsaka/tls_reader.c src/libimsaka/tls_reader.h

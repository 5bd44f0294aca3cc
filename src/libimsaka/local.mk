# libimsaka: the pure core (OpenSSL only), linked into the charon plugin,
# the SIP frontend programs, the tests and the benchmarks.
noinst_LTLIBRARIES += src/libimsaka/libimsaka.la
src_libimsaka_libimsaka_la_SOURCES =
src_libimsaka_libimsaka_la_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
src_libimsaka_libimsaka_la_LIBADD = $(OPENSSL_LIBS)

# AKA: Milenage, AUTN/AUTS, SQN management, Digest AKA, key expansion, KDF
include src/libimsaka/aka.mk
# security agreement (RFC 3329, TS 33.203 Annex H), NAT-T extension, digest headers
include src/libimsaka/secagree.mk
include src/libimsaka/tls.mk

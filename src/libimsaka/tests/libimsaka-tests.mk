# Check unit tests of libimsaka: one suite file per unit, listed in
# test_suites.h, run by one runner.
check_PROGRAMS += src/libimsaka/tests/imsaka_tests
TESTS += src/libimsaka/tests/imsaka_tests
src_libimsaka_tests_imsaka_tests_SOURCES = \
	src/libimsaka/tests/tests.c src/libimsaka/tests/tests.h \
	src/libimsaka/tests/test_suites.h
src_libimsaka_tests_imsaka_tests_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(OPENSSL_CFLAGS) -DVECTORS_DIR=\"$(abs_top_srcdir)/src/libimsaka/tests/vectors\"
src_libimsaka_tests_imsaka_tests_LDADD = src/libimsaka/libimsaka.la \
	$(CHECK_LIBS) $(OPENSSL_LIBS)
EXTRA_DIST += src/libimsaka/tests/vectors

# the AKA core
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_vectors.c src/libimsaka/tests/test_vectors.h \
	src/libimsaka/tests/test_hex.c \
	src/libimsaka/tests/test_milenage.c \
	src/libimsaka/tests/test_aka.c \
	src/libimsaka/tests/test_sqn.c \
	src/libimsaka/tests/test_digest_aka.c \
	src/libimsaka/tests/test_kdf.c \
	src/libimsaka/tests/test_key_expansion.c

# security agreement, NAT detection, digest headers
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_secagree.h \
	src/libimsaka/tests/test_secagree.c \
	src/libimsaka/tests/test_secagree_errors.c \
	src/libimsaka/tests/test_secagree_negotiate.c \
	src/libimsaka/tests/test_nat_detect.c \
	src/libimsaka/tests/test_digest_header.c

# tls-aka: key schedule, record layer, and the record layer against
# OpenSSL as the TLS 1.3 peer
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_tls_aka_keys.c \
	src/libimsaka/tests/test_tls_record.c \
	src/libimsaka/tests/test_tls_peer.c src/libimsaka/tests/test_tls_peer.h \
	src/libimsaka/tests/test_tls_openssl.c

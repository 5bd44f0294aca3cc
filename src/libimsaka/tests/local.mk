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

include src/libimsaka/tests/aka_tests.mk
include src/libimsaka/tests/secagree_tests.mk
include src/libimsaka/tests/tls_tests.mk

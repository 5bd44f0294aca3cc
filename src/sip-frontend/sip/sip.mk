# the libosip2 adapter, the one place where imsaka touches libosip2: parse,
# print, answer; header fields, Via and NAT, URIs, Contact and Route,
# sec-agree, Digest
noinst_LTLIBRARIES += src/sip-frontend/libimsaka-sip.la
src_sip_frontend_libimsaka_sip_la_SOURCES = \
	src/sip-frontend/sip/sip_message.h src/sip-frontend/sip/sip_message.c \
	src/sip-frontend/sip/sip_header.h src/sip-frontend/sip/sip_header.c \
	src/sip-frontend/sip/sip_via.h src/sip-frontend/sip/sip_via.c \
	src/sip-frontend/sip/sip_uri.h src/sip-frontend/sip/sip_uri.c \
	src/sip-frontend/sip/sip_secagree.h src/sip-frontend/sip/sip_secagree.c \
	src/sip-frontend/sip/sip_auth.h src/sip-frontend/sip/sip_auth.c
src_sip_frontend_libimsaka_sip_la_CFLAGS = $(AM_CFLAGS) $(OSIP_CFLAGS)
src_sip_frontend_libimsaka_sip_la_LIBADD = src/libimsaka/libimsaka.la \
	$(OSIP_LIBS)

check_PROGRAMS += src/sip-frontend/tests/sip_tests
TESTS += src/sip-frontend/tests/sip_tests
src_sip_frontend_tests_sip_tests_SOURCES = \
	src/sip-frontend/tests/sip_tests.h \
	src/sip-frontend/tests/test_sip_message.c \
	src/sip-frontend/tests/test_sip_fields.c
src_sip_frontend_tests_sip_tests_CFLAGS = $(AM_CFLAGS) $(OSIP_CFLAGS) \
	$(CHECK_CFLAGS)
src_sip_frontend_tests_sip_tests_LDADD = src/sip-frontend/libimsaka-sip.la \
	src/libimsaka/libimsaka.la $(OSIP_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)

# libosip2 stays behind the adapter: no source outside sip/ and tests/
# folders names it
TESTS += src/sip-frontend/tests/test_osip_confined.sh
EXTRA_DIST += src/sip-frontend/tests/test_osip_confined.sh
